"""The backfill's plan: the input cut into shards, decided up front on the driver from the
input alone (so the same input always gives the same shards), how a shard's documents are read
(the same readers and screening as `quotes extract`), and OUTPUT's manifest, which ties an
output folder to one plan so that a rerun resumes instead of mixing inputs."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal

from service.pipeline.sources import Source, failing, from_file, from_jsonl
from service.schemas import DEFAULT_KINDS, QuoteKind, kinds_of

EXTRA = "pip install '.[ray]'"
"""How to get the optional dependencies (the `ray` extra: Ray Data and pyarrow)."""

MANIFEST = "_backfill.json"
DOCUMENTS = "documents"
QUOTES = "quotes"
PLAN_VERSION = 1

Kind = Literal["jsonl", "txt", "parquet"]


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


# -- OUTPUT: the manifest -------------------------------------------------------------------


def prepare_output(output: Path, plan: Plan, kinds: tuple[QuoteKind, ...] = DEFAULT_KINDS) -> None:
    """Create OUTPUT, or check that it holds a backfill of this very plan and kinds (shards of
    other kinds would mix answers to different questions); drop stale temps."""
    manifest_path = output / MANIFEST
    manifest = {**plan.manifest(), "kinds": [k.value for k in kinds]}
    if manifest_path.exists():
        found = json.loads(manifest_path.read_text(encoding="utf-8"))
        if found.get("plan_sha256") != manifest["plan_sha256"]:
            raise BackfillError(
                f"{output} holds a backfill of another input or shard size "
                f"({found.get('input')}, {found.get('docs')} documents, shard_docs "
                f"{found.get('shard_docs')}): give a new OUTPUT, or the same input and "
                "--shard-docs to resume"
            )
        if (stored := stored_kinds(output)) != kinds:
            raise BackfillError(
                f"{output} holds a backfill of kinds {','.join(stored or ())}, not "
                f"{','.join(kinds)}: give a new OUTPUT, or the same --kinds (or none) to resume"
            )
    elif output.exists() and any(output.iterdir()):
        raise BackfillError(f"{output} is not empty and holds no {MANIFEST}: give a new OUTPUT")
    for sub in (DOCUMENTS, QUOTES):
        (output / sub).mkdir(parents=True, exist_ok=True)
        for tmp in (output / sub).glob(".*.tmp"):
            tmp.unlink(missing_ok=True)
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")


def _stored(output: Path) -> dict[str, Any]:
    """OUTPUT's manifest, or {} when there is none (or it cannot be read)."""
    try:
        found = json.loads((output / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def stored_shard_docs(output: Path) -> int | None:
    """The shard size of the backfill already in OUTPUT, if any (a rerun keeps it)."""
    try:
        return int(_stored(output)["shard_docs"])
    except (KeyError, TypeError, ValueError):
        return None


def stored_kinds(output: Path) -> tuple[QuoteKind, ...] | None:
    """The kinds of the backfill already in OUTPUT, if any (a rerun keeps them); a backfill
    from before reported speech asked for the default."""
    found = _stored(output)
    if not found:
        return None
    try:
        return kinds_of(found.get("kinds") or DEFAULT_KINDS)
    except (TypeError, ValueError):
        return None
