"""`quotes backfill INPUT OUTPUT`: attribute an archive of articles on a Ray cluster.

The input (JSONL of `{"id", "text"}`, a folder of `*.txt`, or Parquet with `id`/`text`
columns) is cut into *shards* of `shard_docs` documents, decided up front on the driver from
the input alone, so the same input always gives the same shards. Shards flow through one Ray
Data `map_batches` stage whose actors each load the NLP backend once and answer every document
with `QuoteExtractor.run_batch`, the function behind `POST /v1/quotes:batch` (through the same
readers and screening as `quotes extract`), `batch` documents per Stanza call.

An actor writes each shard's output itself, atomically, under a name that only the shard
decides: `OUTPUT/quotes/part-NNNNNN.parquet` (one row per quotation), then
`OUTPUT/documents/part-NNNNNN.parquet` (one row per document: status, the problem as JSON when
it failed, the models, the whole response as JSON). The documents file is written last and is
the shard's commit mark. So:

- nothing twice: a retried or re-run shard replaces its own files, never adds to them;
- nothing lost: a document that cannot be read or analyzed is an error row; an actor that dies
  is restarted by Ray and its shard retried (`max_restarts`, `max_task_retries`);
- resume: a rerun on the same OUTPUT skips every shard whose documents file is there
  (`OUTPUT/_backfill.json` records the plan, so a changed input or shard size is refused
  instead of mixed in).

Ray and pyarrow are imported only here, and only when a backfill runs: the service and
`quotes extract` never need them (`pip install '.[ray]'`).
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import socket
import sys
import time
import uuid
from collections.abc import Callable, Generator, Sequence
from contextlib import closing
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

import msgspec

from service.cli.sources import Source, failing, from_file, from_jsonl
from service.cli.targets import LocalTarget, analyze_sources
from service.nlp.backend import BackendInfo, NlpBackend
from service.pipeline.extractor import build_extractor, nlp_backend
from service.pipeline.screening import problem
from service.pipeline.workers import one_at_a_time
from service.schemas import BatchItem, OffsetUnit
from service.settings import Settings

EXTRA = "pip install '.[ray]'"
"""How to get the optional dependencies (the `ray` extra: Ray Data and pyarrow)."""

MANIFEST = "_backfill.json"
DOCUMENTS = "documents"
QUOTES = "quotes"
PLAN_VERSION = 1

Kind = Literal["jsonl", "txt", "parquet"]
BackendFactory = Callable[[Settings], NlpBackend]


class BackfillError(Exception):
    """A usage problem: bad input, an OUTPUT of another backfill, Ray missing. Exit code 2."""


class RayMissing(BackfillError):
    pass


def require_ray() -> None:
    """Raise RayMissing, naming the extra, when Ray Data or pyarrow cannot be imported."""
    try:
        import pyarrow  # type: ignore[import-untyped, unused-ignore]  # noqa: F401
        import ray
        import ray.data  # noqa: F401
    except ImportError as exc:
        raise RayMissing(
            f"backfill needs Ray Data, which is not installed ({exc}); install the extra: {EXTRA}"
        ) from None


# -- the plan: shards decided from the input alone -------------------------------------------


@dataclass(frozen=True)
class Shard:
    """A slice of the input. `kind` says how to read it: `jsonl`: bytes [start, stop) of
    paths[0], whose first line is `first_line`; `parquet`: rows [start, stop) of paths[0];
    `txt`: the files `ids` below the folder paths[0] (absolute), each named paths[1] (the
    folder as given) / its relative path, as `quotes extract` names it."""

    index: int
    kind: Kind
    paths: tuple[str, ...]
    start: int
    stop: int
    first_line: int
    first_seq: int
    """Position of the shard's first document in the whole input (0-based)."""
    docs: int
    ids: tuple[str, ...] = ()

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Shard:
        raw = json.loads(text)
        return cls(**{**raw, "paths": tuple(raw["paths"]), "ids": tuple(raw["ids"])})

    @property
    def name(self) -> str:
        return f"part-{self.index:06d}.parquet"


@dataclass(frozen=True)
class Plan:
    input: str
    kind: Kind
    shard_docs: int
    shards: tuple[Shard, ...]

    @property
    def docs(self) -> int:
        return sum(s.docs for s in self.shards)

    @property
    def digest(self) -> str:
        h = hashlib.sha256()
        for shard in self.shards:
            h.update(shard.to_json().encode())
        return h.hexdigest()

    def manifest(self) -> dict[str, Any]:
        return {
            "version": PLAN_VERSION,
            "input": self.input,
            "kind": self.kind,
            "shard_docs": self.shard_docs,
            "shards": len(self.shards),
            "docs": self.docs,
            "plan_sha256": self.digest,
        }


def input_kind(path: Path) -> Kind:
    if path.is_dir():
        has_parquet = any(p.is_file() for p in path.rglob("*.parquet"))
        has_txt = any(p.is_file() for p in path.rglob("*.txt"))
        if has_parquet and has_txt:
            raise BackfillError(f"{path} holds both *.parquet and *.txt files: which is the input?")
        return "parquet" if has_parquet else "txt"
    if not path.exists():
        raise BackfillError(f"no such file or folder: {path}")
    return "parquet" if path.suffix == ".parquet" else "jsonl"


def make_plan(input_path: Path, shard_docs: int) -> Plan:
    """Cut the input into shards of `shard_docs` documents (the last one may be smaller)."""
    kind = input_kind(input_path)
    shards: list[Shard] = []
    if kind == "jsonl":
        shards = _plan_jsonl(input_path, shard_docs)
    elif kind == "txt":
        shards = _plan_txt(input_path, shard_docs)
    else:
        shards = _plan_parquet(input_path, shard_docs)
    return Plan(str(input_path.resolve()), kind, shard_docs, tuple(shards))


def _plan_jsonl(path: Path, size: int) -> list[Shard]:
    shards: list[Shard] = []
    absolute = str(path.resolve())
    start = offset = 0
    first_line = line_no = 1
    docs = seq = 0

    def cut() -> None:
        nonlocal start, first_line, docs, seq
        if docs:
            shards.append(
                Shard(len(shards), "jsonl", (absolute,), start, offset, first_line, seq, docs)
            )
        seq += docs
        start, first_line, docs = offset, line_no, 0

    with path.open("rb") as f:
        for raw in f:
            if raw.strip():
                docs += 1
            offset += len(raw)
            line_no += 1
            if docs == size:
                cut()
    cut()
    return shards


def _plan_txt(folder: Path, size: int) -> list[Shard]:
    # the files `quotes extract FOLDER` would read, in its order, relative to the folder:
    # read from its absolute path, named as extract names them (FOLDER as given / relative)
    root = folder.resolve()
    files = [p.relative_to(folder) for p in sorted(folder.rglob("*.txt")) if p.is_file()]
    shards = []
    for k, i in enumerate(range(0, len(files), size)):
        chunk = files[i : i + size]
        shards.append(
            Shard(
                k,
                "txt",
                (str(root), str(folder)),
                0,
                len(chunk),
                0,
                i,
                len(chunk),
                ids=tuple(str(p) for p in chunk),
            )
        )
    return shards


def _plan_parquet(path: Path, size: int) -> list[Shard]:
    import pyarrow.parquet as pq  # type: ignore[import-untyped, unused-ignore]

    files = [p for p in sorted(path.rglob("*.parquet")) if p.is_file()] if path.is_dir() else [path]
    shards: list[Shard] = []
    seq = 0
    for file in files:
        try:
            schema = pq.read_schema(file)
            rows = pq.ParquetFile(file).metadata.num_rows
        except Exception as exc:
            raise BackfillError(f"{file}: not a readable Parquet file: {exc}") from None
        if "text" not in schema.names:
            raise BackfillError(f"{file}: no `text` column (columns: {', '.join(schema.names)})")
        for start in range(0, rows, size):
            stop = min(rows, start + size)
            shards.append(
                Shard(
                    len(shards),
                    "parquet",
                    (str(file.resolve()),),
                    start,
                    stop,
                    0,
                    seq,
                    stop - start,
                )
            )
            seq += stop - start
    return shards


# -- reading a shard: the same readers as `quotes extract` ------------------------------------


def read_shard(shard: Shard) -> list[tuple[str, Source]]:
    """(where, source) for each document of the shard, in input order; `where` says where in
    the input it is (path:line, path#row, or the file)."""
    if shard.kind == "txt":
        root, given = Path(shard.paths[0]), Path(shard.paths[1])
        return [(str(root / rel), from_file(root / rel, str(given / rel))) for rel in shard.ids]
    if shard.kind == "jsonl":
        return _read_jsonl(shard)
    return _read_parquet(shard)


def _read_jsonl(shard: Shard) -> list[tuple[str, Source]]:
    path = shard.paths[0]
    with open(path, "rb") as f:
        f.seek(shard.start)
        data = f.read(shard.stop - shard.start)
    out: list[tuple[str, Source]] = []
    for n, raw in enumerate(data.splitlines(keepends=True), shard.first_line):
        if not raw.strip():
            continue
        where = f"{path}:{n}"
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            source = failing(None, "invalid-utf8", "Line is not valid UTF-8", f"line {n}: {exc}")
            out.append((where, source))
            continue
        out += [(where, source) for source in from_jsonl([line], first_line=n)]
    return out


def _constant(text: str) -> Callable[[], str]:
    return lambda: text


def _read_parquet(shard: Shard) -> list[tuple[str, Source]]:
    import pyarrow.parquet as pq  # type: ignore[import-untyped, unused-ignore]

    path = shard.paths[0]
    pf = pq.ParquetFile(path)
    columns = [c for c in ("id", "text") if c in pf.schema_arrow.names]
    # the row groups that hold rows [start, stop)
    groups, first_row, row = [], None, 0
    for g in range(pf.metadata.num_row_groups):
        n = pf.metadata.row_group(g).num_rows
        if row + n > shard.start and row < shard.stop:
            groups.append(g)
            first_row = row if first_row is None else first_row
        row += n
    table = pf.read_row_groups(groups, columns=columns)
    table = table.slice(shard.start - (first_row or 0), shard.stop - shard.start)
    ids = table.column("id").to_pylist() if "id" in columns else [None] * table.num_rows
    texts = table.column("text").to_pylist()
    out: list[tuple[str, Source]] = []
    for k, (id_, text) in enumerate(zip(ids, texts, strict=True)):
        n = shard.start + k
        doc_id = None if id_ is None else str(id_)
        where = f"{path}#{n}"
        if isinstance(text, str):
            out.append((where, Source(id=doc_id, read=_constant(text))))
        else:
            detail = f"row {n}: `text` must be a string"
            out.append((where, failing(doc_id, "invalid-body", "Invalid document", detail)))
    return out


# -- analysis and the shard's output ----------------------------------------------------------


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


def _schemas() -> tuple[Any, Any]:
    import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]

    documents = pa.schema(
        [
            ("seq", pa.int64()),
            ("id", pa.string()),
            ("source", pa.string()),
            ("shard", pa.int32()),
            ("status", pa.int16()),
            ("error", pa.string()),
            ("quotes", pa.int32()),
            ("speakers", pa.int32()),
            ("backend", pa.string()),
            ("models", pa.string()),
            ("response", pa.string()),
        ]
    )
    quotes = pa.schema(
        [
            ("seq", pa.int64()),
            ("doc_id", pa.string()),
            ("quote_id", pa.string()),
            ("text", pa.string()),
            ("start", pa.int32()),
            ("end", pa.int32()),
            ("speaker", pa.string()),
            ("speaker_id", pa.string()),
            ("kind", pa.string()),
            ("confidence", pa.float64()),
            ("cue", pa.string()),
            ("cue_start", pa.int32()),
            ("cue_end", pa.int32()),
        ]
    )
    return documents, quotes


def response_json(item: BatchItem) -> str:
    """The line `quotes extract --format jsonl` writes for this item."""
    from service.cli.render import FailedDocument

    if item.result is not None:
        return msgspec.json.encode(item.result).decode()
    assert item.error is not None
    return msgspec.json.encode(
        FailedDocument(id=item.id, status=item.status, error=item.error)
    ).decode()


def shard_tables(
    shard: Shard, located: Sequence[str], items: Sequence[BatchItem], info: BackendInfo
) -> tuple[Any, Any]:
    """(documents, quotes) pyarrow tables of an analyzed shard."""
    import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]

    doc_schema, quote_schema = _schemas()
    models = json.dumps(info.models, sort_keys=True)
    docs: dict[str, list[Any]] = {name: [] for name in doc_schema.names}
    quotes: dict[str, list[Any]] = {name: [] for name in quote_schema.names}
    for k, (where, item) in enumerate(zip(located, items, strict=True)):
        seq = shard.first_seq + k
        result = item.result
        docs["seq"].append(seq)
        docs["id"].append(item.id)
        docs["source"].append(where)
        docs["shard"].append(shard.index)
        docs["status"].append(item.status)
        docs["error"].append(msgspec.json.encode(item.error).decode() if item.error else None)
        docs["quotes"].append(len(result.quotes) if result else 0)
        docs["speakers"].append(len(result.speakers) if result else 0)
        docs["backend"].append(f"{info.name} {info.version}")
        docs["models"].append(json.dumps(result.meta.models, sort_keys=True) if result else models)
        docs["response"].append(response_json(item))
        for q in result.quotes if result else ():
            quotes["seq"].append(seq)
            quotes["doc_id"].append(item.id)
            quotes["quote_id"].append(q.id)
            quotes["text"].append(q.text)
            quotes["start"].append(q.start)
            quotes["end"].append(q.end)
            quotes["speaker"].append(q.speaker)
            quotes["speaker_id"].append(q.speaker_id)
            quotes["kind"].append(str(q.kind))
            quotes["confidence"].append(q.confidence)
            quotes["cue"].append(q.cue.text if q.cue else None)
            quotes["cue_start"].append(q.cue.start if q.cue else None)
            quotes["cue_end"].append(q.cue.end if q.cue else None)
    return (
        pa.Table.from_pydict(docs, schema=doc_schema),
        pa.Table.from_pydict(quotes, schema=quote_schema),
    )


def write_atomically(table: Any, path: Path) -> None:
    """Write to a hidden temporary file beside `path` (Parquet readers skip `.` files), sync,
    then rename: readers and reruns see the whole file or none of it."""
    import pyarrow.parquet as pq  # type: ignore[import-untyped, unused-ignore]

    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        with tmp.open("wb") as f:
            pq.write_table(table, f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_shard(output: Path, shard: Shard, documents: Any, quotes: Any) -> None:
    """The quotes first, the documents (the shard's commit mark) last."""
    write_atomically(quotes, output / QUOTES / shard.name)
    write_atomically(documents, output / DOCUMENTS / shard.name)


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class ShardWorker:
    """The Ray Data actor: loads the backend once, then analyzes and writes whole shards.
    `__call__` takes a batch of shard specs and returns one summary row per shard."""

    def __init__(
        self, settings: Settings, output: str, batch: int, backend: BackendFactory
    ) -> None:
        self.output = Path(output)
        self.batch = batch
        # as `quotes extract` and the server build it: the backend, the roles file if any
        extractor = build_extractor(settings, backend)
        self.backend = extractor.backend
        self.target = LocalTarget(extractor, settings, OffsetUnit.CODEPOINT)

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


# -- OUTPUT: what is done, the manifest -------------------------------------------------------


def done_shards(output: Path) -> set[int]:
    """Shards whose documents file is there and readable (an unreadable one is removed)."""
    import pyarrow.parquet as pq  # type: ignore[import-untyped, unused-ignore]

    done = set()
    folder = output / DOCUMENTS
    for path in folder.glob("part-*.parquet") if folder.is_dir() else ():
        try:
            pq.read_metadata(path)
        except Exception:
            path.unlink(missing_ok=True)
            continue
        done.add(_shard_number(path))
    return done


def _shard_number(path: Path) -> int:
    return int(path.name[len("part-") : -len(".parquet")])


def prepare_output(output: Path, plan: Plan) -> None:
    """Create OUTPUT, or check that it holds a backfill of this very plan; drop stale temps."""
    manifest_path = output / MANIFEST
    manifest = plan.manifest()
    if manifest_path.exists():
        found = json.loads(manifest_path.read_text(encoding="utf-8"))
        if found.get("plan_sha256") != manifest["plan_sha256"]:
            raise BackfillError(
                f"{output} holds a backfill of another input or shard size "
                f"({found.get('input')}, {found.get('docs')} documents, shard_docs "
                f"{found.get('shard_docs')}): give a new OUTPUT, or the same input and "
                "--shard-docs to resume"
            )
    elif output.exists() and any(output.iterdir()):
        raise BackfillError(f"{output} is not empty and holds no {MANIFEST}: give a new OUTPUT")
    for sub in (DOCUMENTS, QUOTES):
        (output / sub).mkdir(parents=True, exist_ok=True)
        for tmp in (output / sub).glob(".*.tmp"):
            tmp.unlink(missing_ok=True)
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")


def stored_shard_docs(output: Path) -> int | None:
    """The shard size of the backfill already in OUTPUT, if any (a rerun keeps it)."""
    try:
        return int(json.loads((output / MANIFEST).read_text(encoding="utf-8"))["shard_docs"])
    except (OSError, ValueError, KeyError):
        return None


def write_jsonl(output: Path, sink: Path) -> int:
    """Every document's response, in input order, one a line: `quotes extract --jsonl`'s
    output. Streams shard by shard."""
    import pyarrow.parquet as pq  # type: ignore[import-untyped, unused-ignore]

    n = 0
    with sink.open("w", encoding="utf-8") as out:
        for path in sorted((output / DOCUMENTS).glob("part-*.parquet"), key=_shard_number):
            table = pq.read_table(path, columns=["seq", "response"]).sort_by("seq")
            for line in table.column("response").to_pylist():
                out.write(line + "\n")
                n += 1
    return n


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
    plan = make_plan(options.input, shard_docs)
    prepare_output(output, plan)
    done = done_shards(output)
    todo = [s for s in plan.shards if s.index not in done]
    summary = Summary(total_docs=plan.docs, skipped_docs=plan.docs - sum(s.docs for s in todo))
    if todo:
        started_ray = connect(options.address, options.actors, options.cpus_per_actor)
        try:
            # closing: an interrupted run (an exception in on_shard, ^C) stops its actors now
            with closing(_execute(ray, options, todo, backend)) as rows:
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
    ray: Any, options: Options, todo: Sequence[Shard], backend: BackendFactory
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
