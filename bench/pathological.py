"""What hostile articles cost: time and peak memory of the server and of its NLP worker.

    python -m bench.pathological                    # 1 worker, 1 torch thread, timeout 20 s

Starts the real service on the evaluation models, records time to ready and the RSS of the
server and its worker, then sends each worst case and prints its status and seconds, with the
peak RSS (VmHWM) of the server process and of every worker process seen so far. A worker that
was replaced is reported with its own peak before it went.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import httpx

from bench.common import rss_mb, service, status_mb
from service.server.devserver import nlp_workers

CASES = {
    "ordinary": 'Ana Lee spoke on Monday.\n"We are ready to build the bridge," Lee said.',
    "run_30k": 'Ana Lee spoke on Monday.\nLee said: "' + "a" * 30_000 + '"',
    "run_190k": 'Ana Lee spoke on Monday.\nLee said: "' + "a" * 190_000 + '"',
    "sentence_2000_words": 'Ana Lee spoke on Monday.\n"'
    + " ".join(["we will build the bridge"] * 400)
    + '," Lee said.',
    "quote_39000_words": 'Ana Lee spoke on Monday.\nLee said: "' + "word " * 39_000 + '"',
    "6000_short_lines": "\n".join(f'"Line {i} is here," Lee said.' for i in range(6_000)),
}


def peak_mb(pid: int) -> float | None:
    try:
        return status_mb(pid, "VmHWM")
    except (OSError, RuntimeError):  # gone: replaced meanwhile
        return None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--timeout", default="20")
    ap.add_argument("--torch-threads", default="1")
    args = ap.parse_args()
    env = {
        "QUOTES_NLP_WORKERS": "1",
        "QUOTES_TORCH_THREADS": args.torch_threads,
        "QUOTES_REQUEST_TIMEOUT": args.timeout,
        # the worst cases within the size limits, timed against a flat deadline (the default
        # word budget would refuse the 39,000-word quotation at once: README "Limits that agree")
        "QUOTES_MAX_WORDS": "40000",
        "QUOTES_MIN_WORDS_PER_SECOND": "1000000000",
        "QUOTES_LOG_LEVEL": "WARNING",
    }
    peaks: dict[int, float] = {}
    with service(env, Path("/tmp/quotes-bench-pathological.log")) as svc:
        (worker,) = nlp_workers(svc.pid)
        print(
            f"ready in {svc.ready_s:.1f} s; RSS server {rss_mb(svc.pid):.0f} MB, "
            f"worker {rss_mb(worker):.0f} MB"
        )
        for name, text in CASES.items():
            for w in nlp_workers(svc.pid):
                peaks[w] = max(peaks.get(w, 0), peak_mb(w) or 0)
            t0 = time.perf_counter()
            r = httpx.post(f"{svc.url}/v1/quotes", json={"text": text}, timeout=300)
            took = time.perf_counter() - t0
            detail = r.json().get("type", "").rsplit("/", 1)[-1] if r.status_code != 200 else ""
            for w in nlp_workers(svc.pid):
                peaks[w] = max(peaks.get(w, 0), peak_mb(w) or 0)
            print(
                f"{name:22} {r.status_code} {detail:14} {took:6.1f} s   server peak "
                f"{peak_mb(svc.pid):.0f} MB   worker peaks "
                + json.dumps({str(k): round(v) for k, v in peaks.items()})
            )
            # a replaced worker must be back before the next case
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                if httpx.get(f"{svc.url}/health/ready").status_code == 200:
                    break
                time.sleep(0.5)
    return 0


if __name__ == "__main__":
    sys.exit(main())
