"""The backfill's run: shards flow through one Ray Data `map_batches` stage whose actors each
load the NLP backend once and answer every document with `QuoteExtractor.run_batch` (the
function behind `POST /v1/quotes:batch`), then write the shard's tables themselves; progress
lines, and the command's exit codes."""

from __future__ import annotations

import os
import resource
import socket
import sys
import time
from collections.abc import Callable, Generator, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import msgspec

from service.backfill.plan import (
    BackfillError,
    Shard,
    make_plan,
    prepare_output,
    read_shard,
    require_ray,
    stored_kinds,
    stored_shard_docs,
)
from service.backfill.tables import done_shards, shard_tables, write_jsonl, write_shard
from service.nlp.backend import NlpBackend
from service.pipeline.batches import LocalTarget, analyze_sources
from service.pipeline.extractor import build_extractor, nlp_backend
from service.pipeline.screening import problem
from service.pipeline.sources import Source
from service.pipeline.workers import one_at_a_time
from service.schemas import DEFAULT_KINDS, BatchItem, OffsetUnit, QuoteKind
from service.settings import Settings

BackendFactory = Callable[[Settings], NlpBackend]


def analyze_shard(target: LocalTarget, sources: Sequence[Source], batch: int) -> list[BatchItem]:
    """Every source's item, in order, `batch` documents per backend call, as `quotes extract`
    analyzes them. A batch whose analysis raises is retried one document at a time, and a
    document that still raises becomes an error row (500) instead of failing the shard."""
    items: list[BatchItem] = []
    for i in range(0, len(sources), batch):
        chunk = sources[i : i + batch]
        outcome = one_at_a_time(lambda some: list(analyze_sources(some, target, batch)), chunk)
        for source, item in zip(chunk, outcome, strict=True):
            if isinstance(item, BaseException):
                detail = f"{type(item).__name__}: {item}"
                error = problem(500, "analysis-failed", "Analysis failed", detail)
                item = BatchItem(id=source.id, status=500, error=error)
            items.append(item)
    return items


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class ShardWorker:
    """The Ray Data actor: loads the backend once, then analyzes and writes whole shards.
    `__call__` takes a batch of shard specs and returns one summary row per shard."""

    def __init__(
        self,
        settings: Settings,
        output: str,
        batch: int,
        backend: BackendFactory,
        kinds: tuple[QuoteKind, ...] = DEFAULT_KINDS,
    ) -> None:
        self.output = Path(output)
        self.batch = batch
        # as `quotes extract` and the server build it: the backend, the roles file if any
        extractor = build_extractor(settings, backend)
        self.backend = extractor.backend
        self.target = LocalTarget(extractor, settings, OffsetUnit.CODEPOINT, kinds)

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        rows: dict[str, list[Any]] = {
            k: []
            for k in (
                *("shard", "docs", "failed", "quotes", "started", "finished", "cpu_s"),
                *("pid", "node", "rss_mb"),
            )
        }
        for spec in batch["spec"]:
            shard = Shard.from_json(str(spec))
            started, cpu = time.time(), time.process_time()
            located = read_shard(shard)
            items = analyze_shard(self.target, [s for _, s in located], self.batch)
            documents, quotes = shard_tables(
                shard, [w for w, _ in located], items, self.backend.info
            )
            write_shard(self.output, shard, documents, quotes)
            rows["shard"].append(shard.index)
            rows["docs"].append(len(items))
            rows["failed"].append(sum(1 for item in items if item.error is not None))
            rows["quotes"].append(quotes.num_rows)
            rows["started"].append(started)
            rows["finished"].append(time.time())
            rows["cpu_s"].append(time.process_time() - cpu)  # all the actor's threads
            rows["pid"].append(os.getpid())
            rows["node"].append(socket.gethostname())
            rows["rss_mb"].append(_peak_rss_mb())
        return rows


# -- the run ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Options:
    input: Path
    output: Path
    settings: Settings
    actors: int = 1
    cpus_per_actor: int = 1
    batch: int = 8
    shard_docs: int | None = None
    address: str | None = None
    max_restarts: int = -1
    max_task_retries: int = -1
    jsonl: Path | None = None
    kinds: tuple[QuoteKind, ...] | None = None
    """What to return (`indirect`: reported speech too); None: OUTPUT's, else the default."""


DEFAULT_SHARD_DOCS = 256


@dataclass
class Summary:
    """What a run did; `shards` holds the summary row of each shard it analyzed."""

    total_docs: int
    skipped_docs: int = 0
    docs: int = 0
    failed: int = 0
    quotes: int = 0
    shards: list[dict[str, Any]] = field(default_factory=list)
    wall_s: float = 0.0
    jsonl_lines: int | None = None

    @property
    def busy_s(self) -> float:
        """From the first shard's start to the last one's end: the processing window, without
        Ray's start-up and the actors' model loading."""
        if not self.shards:
            return 0.0
        return max(s["finished"] for s in self.shards) - min(s["started"] for s in self.shards)

    @property
    def docs_per_s(self) -> float:
        return self.docs / self.busy_s if self.busy_s > 0 else 0.0

    @property
    def peak_rss_mb(self) -> float:
        return max((s["rss_mb"] for s in self.shards), default=0.0)


def connect(address: str | None, actors: int, cpus_per_actor: int) -> bool:
    """Join the cluster at `address` (`ray://host:10001`, `auto`; RAY_ADDRESS when None), else
    start a local one big enough for the actors. True when this call started Ray."""
    import ray

    if ray.is_initialized():
        return False
    address = address or os.environ.get("RAY_ADDRESS") or None
    if address:
        ray.init(address=address, log_to_driver=True)
    else:
        ray.init(
            address="local",  # a new instance: never a `ray start` cluster found on the machine
            num_cpus=max(os.cpu_count() or 1, actors * cpus_per_actor),
            include_dashboard=False,
            object_store_memory=200 * 1024**2,
        )
    return True


def run_backfill(
    options: Options,
    *,
    backend: BackendFactory = nlp_backend,
    on_shard: Callable[[dict[str, Any], Summary], None] | None = None,
) -> Summary:
    """Analyze every shard of INPUT not yet in OUTPUT; `on_shard` sees each summary row as
    it arrives (progress). Ray is started locally, or joined at `options.address`."""
    require_ray()
    import ray
    import ray.data

    started = time.perf_counter()
    output = options.output
    shard_docs = options.shard_docs or stored_shard_docs(output) or DEFAULT_SHARD_DOCS
    kinds = options.kinds or stored_kinds(output) or DEFAULT_KINDS
    plan = make_plan(options.input, shard_docs)
    prepare_output(output, plan, kinds)
    done = done_shards(output)
    todo = [s for s in plan.shards if s.index not in done]
    summary = Summary(total_docs=plan.docs, skipped_docs=plan.docs - sum(s.docs for s in todo))
    if todo:
        started_ray = connect(options.address, options.actors, options.cpus_per_actor)
        try:
            # closing: an interrupted run (an exception in on_shard, ^C) stops its actors now
            with closing(_execute(ray, options, todo, backend, kinds)) as rows:
                for row in rows:
                    summary.shards.append(row)
                    summary.docs += row["docs"]
                    summary.failed += row["failed"]
                    summary.quotes += row["quotes"]
                    if on_shard:
                        on_shard(row, summary)
        finally:
            if started_ray:
                ray.shutdown()
    if options.jsonl is not None:
        summary.jsonl_lines = write_jsonl(output, options.jsonl)
    summary.wall_s = time.perf_counter() - started
    return summary


def _execute(
    ray: Any,
    options: Options,
    todo: Sequence[Shard],
    backend: BackendFactory,
    kinds: tuple[QuoteKind, ...],
) -> Generator[dict[str, Any], None, None]:
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False  # ours shows documents, ETA and docs/s
    # torch threads = the actor's CPUs: more oversubscribes the node and slows Stanza down
    settings = msgspec.structs.replace(options.settings, torch_threads=options.cpus_per_actor)
    dataset = ray.data.from_items(
        [{"shard": s.index, "spec": s.to_json()} for s in todo],
        override_num_blocks=len(todo),  # one shard a block: a task, a retry, a file
    )
    # A dead actor is restarted and its shards retried: Ray Data's actor pools default to
    # max_restarts=-1 and max_task_retries=-1; other values go through Ray's remote args.
    retries = {
        k: v
        for k, v in (
            ("max_restarts", options.max_restarts),
            ("max_task_retries", options.max_task_retries),
        )
        if v != -1
    }
    results = dataset.map_batches(
        ShardWorker,
        fn_constructor_kwargs={
            "settings": settings,
            "output": str(options.output.resolve()),
            "batch": options.batch,
            "backend": backend,
            "kinds": kinds,
        },
        batch_size=1,
        compute=ray.data.ActorPoolStrategy(size=options.actors),
        num_cpus=options.cpus_per_actor,
        runtime_env={
            "env_vars": {
                "OMP_NUM_THREADS": str(options.cpus_per_actor),
                "QUOTES_TORCH_THREADS": str(options.cpus_per_actor),
            }
        },
        **retries,
    )
    yield from results.iter_rows()


# -- progress ---------------------------------------------------------------------------------


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


class ProgressLine:
    """`backfill: 1200/5000 docs (24%), 3.10 docs/s, ETA 0:20:26` on stderr, at most every
    `every` seconds (and for the last shard). The rate counts this run's documents from the
    moment the first shard started, so Ray's start and model loading do not skew it."""

    def __init__(self, every: float = 5.0, stream: Any = None) -> None:
        self.every = every
        self.stream = stream or sys.stderr
        self.last = 0.0

    def __call__(self, row: dict[str, Any], summary: Summary) -> None:
        now = time.time()
        finished = summary.skipped_docs + summary.docs
        if now - self.last < self.every and finished < summary.total_docs:
            return
        self.last = now
        first = min(s["started"] for s in summary.shards)
        rate = summary.docs / max(now - first, 1e-9)
        left = summary.total_docs - finished
        eta = _duration(left / rate) if rate > 0 else "?"
        pct = 100 * finished / max(summary.total_docs, 1)
        print(
            f"backfill: {finished}/{summary.total_docs} docs ({pct:.0f}%), "
            f"{rate:.2f} docs/s, ETA {eta}, {summary.failed} failed, {summary.quotes} quotes",
            file=self.stream,
            flush=True,
        )


def main(options: Options, progress: bool = True) -> int:
    """The command: 0 when every document was analyzed, 1 when some of this run's failed
    (error rows), 2 on a usage problem (no Ray, bad input, another backfill's OUTPUT), 3 when
    the run stopped (the cluster, the models); a rerun resumes."""
    try:
        require_ray()
        summary = run_backfill(options, on_shard=ProgressLine() if progress else None)
    except BackfillError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # from Ray: the cluster, or actors that could not load the models
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        print(
            f"error: the backfill stopped: {type(exc).__name__}: {first}\n"
            f"the shards written so far are kept in {options.output}: rerun to resume",
            file=sys.stderr,
        )
        return 3
    if not summary.total_docs:
        print(f"warning: no documents found in {options.input}", file=sys.stderr)
    print(
        f"backfill: {summary.docs} documents analyzed, {summary.skipped_docs} already in "
        f"{options.output}, {summary.failed} failed, {summary.quotes} quotes, "
        f"{summary.docs_per_s:.2f} docs/s over {summary.busy_s:.1f} s of processing "
        f"({summary.wall_s:.1f} s in all)",
        file=sys.stderr,
    )
    if summary.jsonl_lines is not None:
        print(f"backfill: {summary.jsonl_lines} lines in {options.jsonl}", file=sys.stderr)
    return 1 if summary.failed else 0
