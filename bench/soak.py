"""Soak: the real service (real Stanza models) on 127.0.0.1, driven by 16 concurrent clients
with a mix of valid articles and broken requests for a bounded time.

    python -m bench.soak                    # 2 minutes, 16 clients
    python -m bench.soak --duration 30 --clients 8
    python -m bench.soak --requests 1000 --duration 1800   # a 1,000-request run

Reports requests served, answers by status, 5xx count (must be 0), p50/p99 latency, and the
service's RSS after warm-up and at the end, sampled every 10 s in between. RSS must not grow by
more than 10%: judged on the median of the last third of the samples against the median of the
first third, because a single reading swings by ~100 MB with the batch in progress (the
endpoints are reported too). Exits 1 when either rule is broken.

Warm-up sends every article once (torch and the allocator grow to the largest batch shapes
they see, then stay there), and then keeps the load on for `--warmup` seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

import httpx

from bench.common import articles, percentile, rss_mb, service
from service.server.devserver import children

JSON = {"content-type": "application/json"}


def bad_requests() -> list[tuple[str, dict]]:
    """(label, httpx request kwargs) for inputs a hostile or broken client sends."""
    return [
        ("empty-text", {"json": {"text": ""}}),
        ("whitespace", {"json": {"text": " \n\t "}}),
        ("malformed-json", {"content": b'{"text": ', "headers": JSON}),
        ("wrong-type", {"json": {"text": 42}}),
        ("missing-field", {"json": {"id": "x"}}),
        ("unknown-field", {"json": {"text": "hi", "extra": 1}}),
        ("xml", {"content": b"<a/>", "headers": {"content-type": "application/xml"}}),
        ("bad-utf8", {"content": b"\xff\xfe", "headers": {"content-type": "text/plain"}}),
        ("nul", {"json": {"text": "a\x00b"}}),
        ("too-long", {"json": {"text": "x" * 200_001}}),
        ("too-big", {"content": b"x" * 3_000_000, "headers": {"content-type": "text/plain"}}),
        (
            "deep-json",
            {"content": b'{"text": ' + b"[" * 50_000 + b"]" * 50_000 + b"}", "headers": JSON},
        ),
        ("only-marks", {"json": {"text": '"""\u201c\u201d\u00ab'}}),
        ("odd-marks", {"json": {"text": 'He said "yes and "no. "Maybe'}}),
    ]


async def client(
    base: str,
    stop_at: float,
    limit: int,
    texts: list[str],
    bad: list,
    rng: random.Random,
    log: list[tuple[str, int, float]],
) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=120) as c:
        while time.monotonic() < stop_at and len(log) < limit:
            if rng.random() < 0.35:
                label, kwargs = rng.choice(bad)
            else:
                label, kwargs = "article", {"json": {"text": rng.choice(texts)}}
            t0 = time.perf_counter()
            try:
                r = await c.post("/v1/quotes", **kwargs)
                status = r.status_code
            except httpx.HTTPError as exc:  # a dropped connection counts against the service
                status, label = 599, f"{label}:{type(exc).__name__}"
            log.append((label, status, time.perf_counter() - t0))


async def warm_up(base: str, clients: int, texts: list[str]) -> None:
    queue = list(texts)

    async def worker() -> None:
        async with httpx.AsyncClient(base_url=base, timeout=300) as c:
            while queue:
                await c.post("/v1/quotes", json={"text": queue.pop()})

    await asyncio.gather(*(worker() for _ in range(clients)))


async def drive(
    base: str,
    seconds: float,
    clients: int,
    texts: list[str],
    seed: int,
    limit: int = 10**9,
    pid: int | None = None,
    rss: list | None = None,
) -> list:
    log: list[tuple[str, int, float]] = []
    bad = bad_requests()
    stop_at = time.monotonic() + seconds

    async def sample() -> None:  # the service's RSS every 10 s: a leak climbs, a cache levels off
        while pid is not None and rss is not None:
            rss.append((len(log), round(total_rss_mb(pid))))
            await asyncio.sleep(10)

    sampler = asyncio.create_task(sample())
    await asyncio.gather(
        *(
            client(base, stop_at, limit, texts, bad, random.Random(seed + i), log)
            for i in range(clients)
        )
    )
    sampler.cancel()
    return log


def total_rss_mb(pid: int) -> float:
    """The server and its NLP workers together: a leak in either shows."""
    total = rss_mb(pid)
    for child in children(pid):
        with contextlib.suppress(OSError, RuntimeError):  # a worker being replaced
            total += rss_mb(child)
    return total


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--duration", type=float, default=120, help="seconds of load (default 120)")
    ap.add_argument(
        "--warmup", type=float, default=20, help="seconds of load before the first RSS reading"
    )
    ap.add_argument("--requests", type=int, default=10**9, help="stop after this many requests")
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--articles", type=int, default=40, help="how many texts to draw from")
    ap.add_argument("--torch-threads", default=os.environ.get("QUOTES_TORCH_THREADS", "2"))
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--malloc-arena-max", type=int, help="set MALLOC_ARENA_MAX for the service")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args()

    texts = articles(args.articles)
    env = {"QUOTES_TORCH_THREADS": str(args.torch_threads), "QUOTES_LOG_LEVEL": "WARNING"}
    if args.malloc_arena_max:
        env["MALLOC_ARENA_MAX"] = str(args.malloc_arena_max)
    with service(env, log_path=Path(f"/tmp/quotes-soak-service-{os.getpid()}.log")) as svc:
        rss_ready = total_rss_mb(svc.pid)
        asyncio.run(warm_up(svc.url, args.clients, texts))
        asyncio.run(drive(svc.url, args.warmup, args.clients, texts, args.seed + 1000))
        rss_start = total_rss_mb(svc.pid)
        t0 = time.monotonic()
        series: list[tuple[int, int]] = []
        log = asyncio.run(
            drive(
                svc.url,
                args.duration,
                args.clients,
                texts,
                args.seed,
                args.requests,
                svc.pid,
                series,
            )
        )
        elapsed = time.monotonic() - t0
        rss_end = total_rss_mb(svc.pid)

    by_status = collections.Counter(status for _, status, _ in log)
    by_label = collections.defaultdict(collections.Counter)
    for label, status, _ in log:
        by_label[label][status] += 1
    ok = sorted(s for label, status, s in log if status == 200 and label == "article")
    all_lat = sorted(s for _, _, s in log)
    five = sum(n for status, n in by_status.items() if status >= 500)
    series.append((len(log), round(rss_end)))
    third = max(1, len(series) // 3)
    early = statistics.median(r for _, r in series[:third])
    late = statistics.median(r for _, r in series[-third:])
    growth = (late - early) / early
    figures = {
        "duration_s": round(elapsed, 1),
        "clients": args.clients,
        "torch_threads": args.torch_threads,
        "requests": len(log),
        "requests_per_s": round(len(log) / elapsed, 2),
        "by_status": dict(sorted(by_status.items())),
        "5xx": five,
        "articles_ok": len(ok),
        "latency_all_s": {
            "p50": round(percentile(all_lat, 50), 3),
            "p99": round(percentile(all_lat, 99), 3),
        },
        "latency_articles_s": {
            "p50": round(percentile(ok, 50), 3),
            "p99": round(percentile(ok, 99), 3),
        },
        "time_to_ready_s": round(svc.ready_s, 1),
        "rss_mb": {
            "ready": round(rss_ready),
            "after_warmup": round(rss_start),
            "end": round(rss_end),
            "median_first_third": early,
            "median_last_third": late,
            "growth_pct": round(100 * growth, 1),
            "series": series[:: max(1, len(series) // 20)] + series[-1:],
        },
        "by_kind": {k: dict(v) for k, v in sorted(by_label.items())},
    }
    print(json.dumps(figures, indent=2))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    failures = []
    if five:
        failures.append(f"{five} responses were 5xx")
    if growth > 0.10:
        failures.append(f"RSS grew {100 * growth:.1f}% after warm-up")
    for f in failures:
        print("FAIL:", f, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
