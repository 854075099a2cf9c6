"""The backfill's Parquet tables: a shard's `documents` and `quotes` rows, written atomically
(quotes first, the documents file last: the shard's commit mark), which shards OUTPUT already
holds, and the JSONL `quotes extract` would have written, read back from them."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import msgspec

from service.backfill.plan import DOCUMENTS, QUOTES, Shard
from service.nlp.backend import BackendInfo
from service.pipeline.batches import FailedDocument
from service.schemas import BatchItem


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
            ("speaker_key", pa.string()),
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
        keys = {s.id: s.key for s in result.speakers} if result else {}
        for q in result.quotes if result else ():
            quotes["seq"].append(seq)
            quotes["doc_id"].append(item.id)
            quotes["quote_id"].append(q.id)
            quotes["text"].append(q.text)
            quotes["start"].append(q.start)
            quotes["end"].append(q.end)
            quotes["speaker"].append(q.speaker)
            quotes["speaker_id"].append(q.speaker_id)
            # who this is across articles: what a newsroom counts by (`Speaker.key`)
            quotes["speaker_key"].append(keys.get(q.speaker_id) if q.speaker_id else None)
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
