"""Throughput, side by side in one run on the same articles (the seed plus the dev texts):

  (a) bare Stanza: the same processors, one Pipeline call per article
  (b) the engine in-process: StanzaBackend + attribution, one article a call
  (c) the service over HTTP, one client at a time
  (d) the service over HTTP, 8 concurrent clients
  (c_ind, d_ind) as (c) and (d) on the reduced service, every request asking for reported speech
      too (`kinds` all three): its cost against the default, printed as ratios to c_on / d_on
  (t) the peer: textacy 0.13 on spaCy's en_core_web_sm (bench.textacy_peer, in a child process
      of the interpreter `--textacy-python`; not in the default modes)

(b), (c) and (d) run with the work reduction off and on (`QUOTES_REDUCE_NLP`); (d) batches
through the scheduler. The articles are split into rounds and every mode runs on each round
in turn, so a change in the background load of the shared machine hits all modes alike.

    python -m bench.throughput                      # all 131 articles, 1 torch thread
    python -m bench.throughput --articles 40 --rounds 4 --torch-threads 2
    python -m bench.throughput --modes d_on --workers 2   # several uvicorn workers
    python -m bench.throughput --modes a,c_off,d_on --nlp-workers 0,1,2   # NLP worker models
    python -m bench.throughput --modes c_on,c_ind,d_on,d_ind   # reported speech on vs off

`--nlp-workers` runs the service modes once per QUOTES_NLP_WORKERS value, named `d_on@w1`:
0 is the NLP on a thread of the server process (the model before worker processes).

Prints articles/s, words/s, p50/p99 latency per mode and the ratios to (a), and CPU seconds
per article: of this process for (a) and (b), of the textacy child for (t), of the service and
its NLP workers for (c) and (d) (a neighbour's load stretches wall time more than CPU time).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from bench.common import articles, cpu_seconds, models_dir, percentile, rss_mb, service, words
from service.server.devserver import children

ALL_MODES = ("t", "a", "b_off", "b_on", "c_off", "c_on", "d_off", "d_on", "c_ind", "d_ind")
DEFAULT_MODES = ALL_MODES[1:8]
CONCURRENCY = 8
INDIRECT = {"kinds": ["direct", "fragment", "indirect"]}
"""What the `_ind` modes add to every request body: reported speech too."""


@dataclass
class Tally:
    articles: int = 0
    words: int = 0
    seconds: float = 0.0
    cpu: float = 0.0
    latencies: list[float] = field(default_factory=list)

    def row(self) -> dict[str, float]:
        return {
            "articles": self.articles,
            "articles_per_s": round(self.articles / self.seconds, 3),
            "words_per_s": round(self.words / self.seconds, 1),
            "p50_s": round(percentile(sorted(self.latencies), 50), 3),
            "p99_s": round(percentile(sorted(self.latencies), 99), 3),
            "cpu_s_per_article": round(self.cpu / self.articles, 4),
        }


def cpu_of(pids: Callable[[], list[int]]) -> float:
    """CPU seconds so far of the processes `pids()` names, or of this one when it names none."""
    found = pids()
    return sum(map(cpu_seconds, found)) if found else time.process_time()


def timed_each(fn: Callable[[str], object], texts: list[str], tally: Tally) -> None:
    t0 = time.perf_counter()
    for text in texts:
        t1 = time.perf_counter()
        fn(text)
        tally.latencies.append(time.perf_counter() - t1)
    tally.seconds += time.perf_counter() - t0


def http_sequential(url: str, extra: dict[str, object] | None = None) -> Callable[[str], object]:
    client = httpx.Client(base_url=url, timeout=600)

    def post(text: str) -> None:
        r = client.post("/v1/quotes", json={"text": text, **(extra or {})})
        r.raise_for_status()

    return post


async def _concurrent(
    url: str, texts: list[str], latencies: list[float], extra: dict[str, object]
) -> None:
    queue = list(reversed(texts))

    async def worker() -> None:
        async with httpx.AsyncClient(base_url=url, timeout=600) as c:
            while queue:
                text = queue.pop()
                t0 = time.perf_counter()
                r = await c.post("/v1/quotes", json={"text": text, **extra})
                r.raise_for_status()
                latencies.append(time.perf_counter() - t0)

    await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))


def http_concurrent(
    url: str, texts: list[str], tally: Tally, extra: dict[str, object] | None = None
) -> None:
    t0 = time.perf_counter()
    asyncio.run(_concurrent(url, texts, tally.latencies, extra or {}))
    tally.seconds += time.perf_counter() - t0


def indirect_ratios(rows: dict[str, dict[str, float]]) -> None:
    """Each `_ind` mode's throughput over its default twin's (`c_ind` / `c_on`), both measured
    on the same service in the same rounds."""
    for m in rows:
        base = m.replace("_ind", "_on", 1)
        if "_ind" in m and base in rows:
            ratio = rows[m]["articles_per_s"] / rows[base]["articles_per_s"]
            rows[m]["vs_default"] = round(ratio, 3)
            print(f"{m:10} vs {base} (reported speech on / off): {ratio:.3f}")


def textacy_peer(
    stack: ExitStack,
    python: str,
    warmup: str,
    info: dict[str, object],
    cpu_pids: dict[str, Callable[[], list[int]]],
) -> Callable[[list[str], Tally], None]:
    """Mode (t): bench.textacy_peer in a child process; the round is timed here."""
    proc = subprocess.Popen(
        [python, "-m", "bench.textacy_peer"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
        env={**os.environ, "OMP_NUM_THREADS": "1"},
    )
    stack.callback(proc.wait)
    stack.callback(proc.stdin.close)  # type: ignore[union-attr]
    info["textacy"] = json.loads(proc.stdout.readline())  # type: ignore[union-attr]
    cpu_pids["t"] = lambda: [proc.pid]

    def call(texts: list[str]) -> list[float]:
        proc.stdin.write(json.dumps(texts) + "\n")  # type: ignore[union-attr]
        proc.stdin.flush()  # type: ignore[union-attr]
        return json.loads(proc.stdout.readline())  # type: ignore[union-attr]

    call([warmup])

    def run(texts: list[str], tally: Tally) -> None:
        t0 = time.perf_counter()
        tally.latencies += call(texts)
        tally.seconds += time.perf_counter() - t0

    return run


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--articles", type=int, default=None, help="first N articles (default all)")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--torch-threads", type=int, default=1, help="per service process, and (a)/(b)")
    ap.add_argument(
        "--bare-threads", type=int, help="torch threads for (a) and (b) when not the same"
    )
    ap.add_argument(
        "--modes", default=",".join(DEFAULT_MODES), help=f"subset of {','.join(ALL_MODES)}"
    )
    ap.add_argument("--workers", type=int, default=1, help="uvicorn worker processes per service")
    ap.add_argument(
        "--nlp-workers",
        default="",
        help="comma-separated QUOTES_NLP_WORKERS values for the service modes (default: the "
        "service's own default)",
    )
    ap.add_argument("--batch-max", type=int, default=8)
    ap.add_argument("--batch-wait-ms", type=float, default=5)
    ap.add_argument("--json", type=Path, help="also write the figures here")
    ap.add_argument(
        "--textacy-python", default=sys.executable, help="interpreter with textacy for mode t"
    )
    ap.add_argument("--quantize", action="store_true", help="QUOTES_QUANTIZE for (b), (c), (d)")
    args = ap.parse_args()
    nlp_workers = [w for w in args.nlp_workers.split(",") if w] or [""]
    named = len(nlp_workers) > 1 or nlp_workers != [""]
    modes = [
        f"{m}@w{w}" if named and m[0] in "cd" else m
        for m in args.modes.split(",")
        if m
        for w in (nlp_workers if m[0] in "cd" else [""])
    ]
    texts = articles(args.articles)
    rounds = [texts[i :: args.rounds] for i in range(args.rounds)]
    tallies = {m: Tally() for m in modes}
    info: dict[str, object] = {
        "articles": len(texts),
        "words": sum(map(words, texts)),
        "torch_threads": args.torch_threads,
        "workers": args.workers,
        "batch_max": args.batch_max,
        "batch_wait_ms": args.batch_wait_ms,
        "cores": os.cpu_count(),
        "loadavg_start": os.getloadavg(),
    }

    import torch

    bare_threads = args.bare_threads or args.torch_threads
    info["bare_threads"] = bare_threads
    torch.set_num_threads(bare_threads)
    runners: dict[str, Callable[[list[str], Tally], None]] = {}
    cpu_pids: dict[str, Callable[[], list[int]]] = {}  # whose CPU a mode spends; none: ours
    with ExitStack() as stack:
        if "a" in modes:
            import stanza

            from service.nlp.stanza_backend import LANG, available_processors

            pipeline = stanza.Pipeline(
                LANG,
                dir=models_dir(),
                processors=available_processors(Path(models_dir())),
                download_method=None,
                logging_level="WARN",
            )

            def bare(text: str) -> None:
                with torch.inference_mode():
                    pipeline(text)

            runners["a"] = lambda ts, t: timed_each(bare, ts, t)
        if "t" in modes:
            runners["t"] = textacy_peer(stack, args.textacy_python, texts[0], info, cpu_pids)
        for reduce in ("off", "on"):
            if f"b_{reduce}" in modes:
                from service.nlp.stanza_backend import StanzaBackend
                from service.pipeline.article import Article
                from service.pipeline.extractor import QuoteExtractor

                engine = QuoteExtractor(
                    StanzaBackend(Path(models_dir()), bare_threads, quantize=args.quantize),
                    reduce_nlp=reduce == "on",
                )
                runners[f"b_{reduce}"] = lambda ts, t, e=engine: timed_each(
                    lambda x: e.run([Article(text=x)]), ts, t
                )
            for w in nlp_workers:
                suffix = f"@w{w}" if named else ""
                c, d = f"c_{reduce}{suffix}", f"d_{reduce}{suffix}"
                # the `_ind` modes ask the reduced service for reported speech too
                ind = {f"c_ind{suffix}", f"d_ind{suffix}"} & set(modes) if reduce == "on" else set()
                if c not in modes and d not in modes and not ind:
                    continue
                env = {
                    "QUOTES_TORCH_THREADS": str(args.torch_threads),
                    "QUOTES_LOG_LEVEL": "WARNING",
                    "QUOTES_REDUCE_NLP": "true" if reduce == "on" else "false",
                    "QUOTES_BATCH_MAX": str(args.batch_max),
                    "QUOTES_BATCH_WAIT_MS": str(args.batch_wait_ms),
                    "QUOTES_QUEUE_SIZE": "64",
                    "QUOTES_REQUEST_TIMEOUT": "600",
                    "QUOTES_QUANTIZE": "true" if args.quantize else "false",
                    **({"QUOTES_NLP_WORKERS": w} if w else {}),
                }
                svc = stack.enter_context(
                    service(env, Path(f"/tmp/quotes-bench-{reduce}{suffix}.log"), args.workers)
                )
                info[f"service_{reduce}{suffix}"] = {
                    "time_to_ready_s": round(svc.ready_s, 1),
                    "rss_ready_mb": round(rss_mb(svc.pid)),
                    "rss_children_mb": [round(rss_mb(k)) for k in children(svc.pid)],
                }
                post = http_sequential(svc.url)
                runners[c] = lambda ts, t, p=post: timed_each(p, ts, t)
                runners[d] = lambda ts, t, u=svc.url: http_concurrent(u, ts, t)
                cpu_pids[c] = cpu_pids[d] = lambda pid=svc.pid: [pid, *children(pid)]
                if ind:
                    reported = http_sequential(svc.url, INDIRECT)
                    runners[f"c_ind{suffix}"] = lambda ts, t, p=reported: timed_each(p, ts, t)
                    runners[f"d_ind{suffix}"] = lambda ts, t, u=svc.url: http_concurrent(
                        u, ts, t, INDIRECT
                    )
                    cpu_pids[f"c_ind{suffix}"] = cpu_pids[f"d_ind{suffix}"] = cpu_pids[c]
                    reported(texts[0])
                # one article through each service first: the first call pays for lazy setup
                post(texts[0])
        if "a" in modes:
            bare(texts[0])
        for n, chunk in enumerate(rounds, 1):
            for m in modes:
                pids = cpu_pids.get(m, list)
                cpu0 = cpu_of(pids)
                runners[m](chunk, tallies[m])
                tallies[m].cpu += cpu_of(pids) - cpu0
                tallies[m].articles += len(chunk)
                tallies[m].words += sum(map(words, chunk))
            print(f"round {n}/{len(rounds)} done", file=sys.stderr, flush=True)
        info["loadavg_end"] = os.getloadavg()

    rows = {m: tallies[m].row() for m in modes}
    if "a" in rows:
        base = rows["a"]["articles_per_s"]
        for m in modes:
            rows[m]["vs_a"] = round(rows[m]["articles_per_s"] / base, 3)
    if "t" in rows:
        peer = rows["t"]["articles_per_s"]
        for m in modes:
            rows[m]["vs_t"] = round(rows[m]["articles_per_s"] / peer, 3)
            print(f"{m:10} vs textacy (t): {rows[m]['vs_t']:.3f}")
    indirect_ratios(rows)
    print(
        f"{'mode':10} {'art/s':>7} {'words/s':>8} {'p50 s':>7} {'p99 s':>7} {'vs (a)':>7} "
        f"{'cpu s/art':>9}"
    )
    for m, r in rows.items():
        print(
            f"{m:10} {r['articles_per_s']:7.3f} {r['words_per_s']:8.1f} {r['p50_s']:7.3f} "
            f"{r['p99_s']:7.3f} {r.get('vs_a', float('nan')):7.3f} {r['cpu_s_per_article']:9.4f}"
        )
    print(json.dumps(info))
    if args.json:
        args.json.write_text(json.dumps({"info": info, "modes": rows}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
