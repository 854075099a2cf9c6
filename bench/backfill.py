"""Backfill throughput, side by side in one run on the same articles (the seed plus dev texts):

  in-process   what `quotes extract --jsonl` does: the models in this process, `batch`
               documents per call, one JSON line per document
  1 actor      `quotes backfill` on a local Ray cluster, 1 actor x 1 CPU
  2 actors     `quotes backfill`, 2 actors x 1 CPU each

Every mode runs with 1 torch thread, on each round of articles in turn (each round starting
with the next mode), so a change in the background load of the shared machine hits all modes
alike. A backfill's rate counts the
processing window (first shard started to last shard written: reading, Stanza, attribution,
Parquet writes, Ray's scheduling between shards), not Ray's start-up or the actors' model
loading, which a long backfill pays once; both are printed.

    python -m bench.backfill                       # 64 articles in 2 rounds of 32
    python -m bench.backfill --articles 24 --rounds 1 --shard-docs 4

Prints docs/s per mode, Ray's overhead per document as (1 actor)/(in-process) (target >= 0.9),
the 1 -> 2 actors scaling, each actor's peak RSS, and a 10-node projection from the per-actor
rate, labelled as a projection.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

from bench.common import ROOT, articles, models_dir, rss_mb

MODES = ("in-process", "1 actor", "2 actors")


def in_process(extractor, settings, jsonl: Path, out: Path, batch: int) -> tuple[float, float]:
    """Seconds and CPU seconds for `extract --jsonl` (the same readers, target and writer),
    the models loaded."""
    from service.cli.render import JsonLinesWriter
    from service.pipeline.batches import LocalTarget, analyze_sources
    from service.pipeline.sources import from_jsonl
    from service.schemas import OffsetUnit

    target = LocalTarget(extractor, settings, OffsetUnit.CODEPOINT)
    t0, cpu0 = time.perf_counter(), time.process_time()
    with jsonl.open(encoding="utf-8") as lines, out.open("w", encoding="utf-8") as sink:
        writer = JsonLinesWriter(sink)
        for item in analyze_sources(from_jsonl(lines), target, batch):
            writer.write(item)
        writer.close()
    return time.perf_counter() - t0, time.process_time() - cpu0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=64)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--batch", type=int, default=8, help="documents per Stanza call")
    parser.add_argument(
        "--shard-docs",
        type=int,
        default=8,
        help="a multiple of --batch, so that every mode gives Stanza the same batches",
    )
    parser.add_argument("--node-cpus", type=int, default=16, help="for the projection")
    parser.add_argument("--node-memory-gb", type=float, default=64, help="for the projection")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "backfill.json")
    args = parser.parse_args()

    import ray

    from service import backfill as bf
    from service.pipeline.extractor import build_extractor, nlp_backend
    from service.settings import load_settings

    settings = load_settings(models_dir=models_dir(), torch_threads=1)
    texts = articles(args.articles)
    size = -(-len(texts) // args.rounds)
    rounds = [texts[i : i + size] for i in range(0, len(texts), size)]
    work = Path(tempfile.mkdtemp(prefix="bench-backfill-"))
    docs = dict.fromkeys(MODES, 0)
    seconds = dict.fromkeys(MODES, 0.0)
    cpu_s = dict.fromkeys(MODES, 0.0)  # CPU time of the process(es) doing the work
    loads: list[float] = []
    wall = dict.fromkeys(MODES[1:], 0.0)
    actor_rss: list[float] = []
    # (docs, busy seconds) of each actor process, from its first shard's start to its last end
    per_actor: dict[str, list[tuple[int, float]]] = {m: [] for m in MODES[1:]}

    t0 = time.perf_counter()
    extractor = build_extractor(settings, nlp_backend)
    load_s = time.perf_counter() - t0
    in_process_rss = rss_mb(os.getpid())
    ray.init(
        address="local", num_cpus=2, include_dashboard=False, object_store_memory=200 * 1024**2
    )
    try:
        for r, chunk in enumerate(rounds):
            jsonl = work / f"round{r}.jsonl"
            jsonl.write_text(
                "".join(
                    json.dumps({"id": f"r{r}-{k}", "text": t}) + "\n" for k, t in enumerate(chunk)
                ),
                encoding="utf-8",
            )
            # each round starts with another mode: warm-up and load drift fall on all of them
            for mode in MODES[r % len(MODES) :] + MODES[: r % len(MODES)]:
                if mode == "in-process":
                    busy, used = in_process(
                        extractor, settings, jsonl, work / "x.jsonl", args.batch
                    )
                    seconds[mode] += busy
                    cpu_s[mode] += used
                    docs[mode] += len(chunk)
                    continue
                actors = 1 if mode == "1 actor" else 2
                out = work / f"out-{r}-{actors}"
                summary = bf.run_backfill(
                    bf.Options(
                        input=jsonl,
                        output=out,
                        settings=settings,
                        actors=actors,
                        cpus_per_actor=1,
                        batch=args.batch,
                        shard_docs=args.shard_docs,
                    )
                )
                docs[mode] += summary.docs
                seconds[mode] += summary.busy_s
                cpu_s[mode] += sum(s["cpu_s"] for s in summary.shards)
                wall[mode] += summary.wall_s
                actor_rss.append(summary.peak_rss_mb)
                for pid in {s["pid"] for s in summary.shards}:
                    mine = [s for s in summary.shards if s["pid"] == pid]
                    busy = max(s["finished"] for s in mine) - min(s["started"] for s in mine)
                    per_actor[mode].append((sum(s["docs"] for s in mine), busy))
                shutil.rmtree(out)
            loads.append(os.getloadavg()[0])
            print(f"round {r + 1}/{len(rounds)} done ({len(chunk)} articles)", flush=True)
    finally:
        ray.shutdown()
        shutil.rmtree(work, ignore_errors=True)

    rate = {m: docs[m] / seconds[m] for m in MODES}
    # an actor's own rate: what one actor does while it runs (model load excluded)
    actor_rates = {
        m: sum(d for d, _ in runs) / sum(s for _, s in runs) for m, runs in per_actor.items()
    }
    actor_rate = actor_rates["1 actor"]
    # steady state with both actors up: their own rates added (the window rate above also
    # counts the time one actor works while the other still loads its models)
    both = 2 * actor_rates["2 actors"]
    rss = max(actor_rss)
    # a core per node for the raylet and the object store; 1.25 x the peak RSS per actor
    actors_per_node = min(args.node_cpus - 1, int(args.node_memory_gb * 1024 // (rss * 1.25)))
    projected = actor_rate * actors_per_node * 10
    print(f"\n{len(texts)} articles, {len(rounds)} rounds, 1 torch thread everywhere")
    print(f"models loaded in-process in {load_s:.1f} s; RSS then {in_process_rss:.0f} MB")
    for m in MODES:
        extra = f"  (wall {wall[m]:.1f} s incl. Ray start and model loads)" if m in wall else ""
        print(f"{m:>10}: {rate[m]:.3f} docs/s  ({docs[m]} docs in {seconds[m]:.1f} s){extra}")
    cpu_per_doc = {m: cpu_s[m] / docs[m] for m in MODES}
    print(
        "CPU s per doc: "
        + ", ".join(f"{m} {cpu_per_doc[m]:.3f}" for m in MODES)
        + f"; load average after each round: {', '.join(f'{x:.1f}' for x in loads)} "
        f"on {os.cpu_count()} CPUs"
    )
    print(
        f"Ray overhead per doc: (1 actor)/(in-process) = {rate['1 actor'] / rate['in-process']:.3f}"
    )
    print(
        f"scaling 1 -> 2 actors: {rate['2 actors'] / rate['1 actor']:.2f}x over the window, "
        f"{both / actor_rate:.2f}x with both actors up (2 x {actor_rates['2 actors']:.3f} docs/s)"
    )
    print(
        "Ray overhead in CPU: (in-process CPU s/doc)/(1 actor CPU s/doc) = "
        f"{cpu_per_doc['in-process'] / cpu_per_doc['1 actor']:.3f}; with 2 free CPUs 2 actors "
        f"would do {2 / cpu_per_doc['2 actors']:.2f} docs/s "
        f"= {(2 / cpu_per_doc['2 actors']) / (1 / cpu_per_doc['1 actor']):.2f}x 1 actor "
        "(CPU-bound estimate)"
    )
    print(f"per-actor rate {actor_rate:.3f} docs/s (alone); peak RSS per actor {rss:.0f} MB")
    print(
        f"PROJECTION (not measured): 10 nodes x {actors_per_node} actors "
        f"({args.node_cpus} CPUs, {args.node_memory_gb:.0f} GB each, 1 CPU and "
        f"{rss * 1.25 / 1024:.2f} GB per actor) x {actor_rate:.3f} docs/s = {projected:.1f} docs/s "
        f"= {projected * 86400 / 1e6:.2f} M docs/day"
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps(
            {
                "articles": len(texts),
                "rounds": len(rounds),
                "docs_per_s": rate,
                "seconds": seconds,
                "cpu_s_per_doc": cpu_per_doc,
                "load_average": loads,
                "wall_s": wall,
                "ray_overhead_ratio": rate["1 actor"] / rate["in-process"],
                "scaling_1_to_2": rate["2 actors"] / rate["1 actor"],
                "scaling_1_to_2_both_up": both / actor_rate,
                "per_actor_docs_per_s": actor_rates,
                "actor_peak_rss_mb": rss,
                "in_process_rss_mb": in_process_rss,
                "projection_10_nodes": {
                    "actors_per_node": actors_per_node,
                    "docs_per_s": projected,
                    "docs_per_day": projected * 86400,
                },
            },
            indent=2,
        )
        + "\n"
    )
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
