"""What the benchmarks share: the articles, a real service process on loopback, its RSS, and
latency statistics.

The evaluation texts are read from ../shared/eval/dev.jsonl at run time and never copied here.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DEV = SHARED / "eval" / "dev.jsonl"
SEED = ROOT / "seeds" / "000_aefd0ee11dca2163.txt"
HOST = "127.0.0.1"  # load only ever goes to loopback


def articles(limit: int | None = None) -> list[str]:
    """The seed article, then the dev-set texts (when ../shared is there)."""
    texts = [SEED.read_text(encoding="utf-8")]
    if DEV.exists():
        with DEV.open(encoding="utf-8") as f:
            texts += [json.loads(line)["text"] for line in f if line.strip()]
    return texts[:limit] if limit else texts


def words(text: str) -> int:
    return len(text.split())


def models_dir() -> str:
    return os.environ.get("QUOTES_MODELS_DIR") or str(SHARED / "stanza_resources")


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    """Resident set size of a process, from /proc (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


@dataclass
class Service:
    url: str
    pid: int
    ready_s: float
    """Seconds from process start to /health/ready answering 200."""


@contextmanager
def service(env: dict[str, str] | None = None, log_path: Path | None = None,
            workers: int = 1) -> Iterator[Service]:
    """`python -m service serve` (the real models) on a free loopback port, stopped with
    SIGTERM at the end. `workers` > 1 runs uvicorn's multi-process mode instead."""
    port = free_port()
    full_env = {**os.environ, "QUOTES_MODELS_DIR": models_dir(), "QUOTES_HOST": HOST,
                "QUOTES_PORT": str(port), **(env or {})}
    if workers == 1:
        cmd = [sys.executable, "-m", "service", "serve"]
    else:
        cmd = [sys.executable, "-m", "uvicorn", "--factory", "service.app:create_app",
               "--host", HOST, "--port", str(port), "--workers", str(workers), "--no-access-log"]
    log = open(log_path or os.devnull, "w")
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=full_env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://{HOST}:{port}"
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"the service exited with {proc.returncode}; see {log_path}")
            try:
                if httpx.get(f"{url}/health/ready", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        else:
            raise RuntimeError("the service did not become ready in 300 s")
        yield Service(url=url, pid=proc.pid, ready_s=time.perf_counter() - t0)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1]
