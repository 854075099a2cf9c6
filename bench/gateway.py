"""`python -m bench.gateway`: requests per second through HAProxy (deploy/haproxy.cfg, as it
is) in front of two real replicas vs one, on the same articles, in the same run.

Two replicas of `python -m service serve` (the real Stanza models, QUOTES_TORCH_THREADS=1 each,
so each can have one of the machine's two cores) and two HAProxy processes: "two" balances over
both replicas; "one" has replica 1 behind both of its server lines. The articles (the seed, then
the dev-set texts) are sent by `--clients` concurrent clients; every round runs both modes on
the same articles, in alternating order, so the load other processes put on the machine falls
on both alike. Everything listens on 127.0.0.1 and stops at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import io
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx

from bench.common import ROOT, articles, percentile, rss_mb, service, words
from service.server.devserver import HOST, free_port

CONFIG = ROOT / "deploy" / "haproxy.cfg"


@contextmanager
def haproxy(replica_1: str, replica_2: str, log: Path):
    port, stats = free_port(), free_port()
    env = {
        **os.environ,
        "GATEWAY_BIND": f"{HOST}:{port}",
        "GATEWAY_STATS_BIND": f"{HOST}:{stats}",
        "REPLICA_1": replica_1,
        "REPLICA_2": replica_2,
        "QUOTES_PATH_PREFIX": "",
        "QUOTES_MAX_BODY_BYTES": "2000000",
        "GATEWAY_SERVER_TIMEOUT": "175s",
    }
    binary = shutil.which("haproxy")
    if binary is None:
        sys.exit("haproxy is not installed (scripts/install-container-tools.sh)")
    with open(log, "w") as out:
        proc = subprocess.Popen([binary, "-db", "-f", str(CONFIG)], env=env, stdout=out, stderr=out)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                text = httpx.get(f"http://{HOST}:{stats}/stats;csv", timeout=2).text.lstrip("# ")
                states = {
                    r["status"]
                    for r in csv.DictReader(io.StringIO(text))
                    if r["pxname"] == "replicas"
                }
                if states == {"UP"}:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        else:
            raise RuntimeError(f"haproxy's replicas never came UP; see {log}")
        yield f"http://{HOST}:{port}"
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(10)


async def run(url: str, texts: list[str], clients: int) -> tuple[float, list[float], list[int]]:
    """All texts through `url` by `clients` concurrent clients: (seconds, latencies, statuses)."""
    queue: asyncio.Queue[str] = asyncio.Queue()
    for t in texts:
        queue.put_nowait(t)
    latencies: list[float] = []
    statuses: list[int] = []

    async def client() -> None:
        async with httpx.AsyncClient(base_url=url, timeout=300) as c:
            while not queue.empty():
                text = queue.get_nowait()
                t0 = time.perf_counter()
                r = await c.post("/v1/quotes", json={"text": text})
                latencies.append(time.perf_counter() - t0)
                statuses.append(r.status_code)

    t0 = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    return time.perf_counter() - t0, latencies, statuses


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=24, help="how many articles a round sends")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--clients", type=int, default=4, help="concurrent clients")
    ap.add_argument("--torch-threads", type=int, default=1, help="QUOTES_TORCH_THREADS a replica")
    args = ap.parse_args()

    texts = articles(args.articles)
    env = {
        "QUOTES_TORCH_THREADS": str(args.torch_threads),
        "QUOTES_NLP_WORKERS": "1",
        "QUOTES_TRUSTED_PROXIES": HOST,
    }
    tmp = Path(tempfile.mkdtemp(prefix="bench-gateway-"))
    with ExitStack() as stack:
        replicas = []
        for i in (1, 2):
            r = stack.enter_context(service(env, log_path=tmp / f"replica{i}.log"))
            replicas.append(r)
            print(
                f"replica {i}: ready in {r.ready_s:.1f} s, RSS {rss_mb(r.pid):.0f} MB", flush=True
            )
        addr = [r.url.removeprefix("http://") for r in replicas]
        gateways = {
            "one": stack.enter_context(haproxy(addr[0], addr[0], tmp / "haproxy-one.log")),
            "two": stack.enter_context(haproxy(addr[0], addr[1], tmp / "haproxy-two.log")),
        }
        print(
            f"{len(texts)} articles ({sum(map(words, texts)):,} words), {args.clients} clients, "
            f"{args.rounds} rounds; warm-up...",
            flush=True,
        )
        asyncio.run(run(gateways["two"], texts, args.clients))
        seconds = dict.fromkeys(gateways, 0.0)
        lat: dict[str, list[float]] = {m: [] for m in gateways}
        bad: dict[str, int] = dict.fromkeys(gateways, 0)
        for i in range(args.rounds):
            order = ["one", "two"] if i % 2 == 0 else ["two", "one"]
            for mode in order:
                s, latencies, statuses = asyncio.run(run(gateways[mode], texts, args.clients))
                seconds[mode] += s
                lat[mode] += latencies
                bad[mode] += sum(st != 200 for st in statuses)
                print(f"  round {i + 1} {mode}: {len(texts) / s:.2f} req/s", flush=True)
        rss = [rss_mb(r.pid) for r in replicas]
    n = len(texts) * args.rounds
    print("\n| replicas | requests | req/s | p50 s | p99 s | non-200 |\n|---|---|---|---|---|---|")
    for mode in ("one", "two"):
        print(
            f"| {mode} | {n} | {n / seconds[mode]:.2f} | {statistics.median(lat[mode]):.2f} | "
            f"{percentile(lat[mode], 99):.2f} | {bad[mode]} |"
        )
    ratio = seconds["one"] / seconds["two"]
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"machine load average at the end (1/5/15 min, {os.cpu_count()} cores): {load}")
    print(
        f"\nratio two/one: {ratio:.2f}; replica RSS at the end: "
        + ", ".join(f"{x:.0f} MB" for x in rss)
    )
    if any(bad.values()):
        sys.exit(1)


if __name__ == "__main__":
    main()
