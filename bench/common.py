"""What the benchmarks share: the articles, a real service process on loopback, its RSS, and
latency statistics.

The evaluation texts are read from ../shared/eval/dev.jsonl at run time and never copied here.
"""

from __future__ import annotations

import json
import os
import statistics
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from service.server import devserver
from service.server.devserver import Service

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DEV = SHARED / "eval" / "dev.jsonl"
SEED = ROOT / "seeds" / "000_aefd0ee11dca2163.txt"


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


def status_mb(pid: int, field: str = "VmRSS") -> float:
    """A memory field of /proc/PID/status in MB: VmRSS (resident now), VmHWM (its peak)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {field} for {pid}")


def rss_mb(pid: int) -> float:
    return status_mb(pid, "VmRSS")


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds `pid` has used so far (0 once it is gone): on a shared machine
    a steadier measure of work done than wall time, which a neighbour's burst stretches."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def service(
    env: dict[str, str] | None = None, log_path: Path | None = None, workers: int = 1
) -> Iterator[Service]:
    """The real service on the evaluation machine's models (see `service.server.devserver`)."""
    with devserver.service(models_dir(), env, log_path, workers) as running:
        yield running


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1]
