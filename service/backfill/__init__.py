"""The backfill (`quotes backfill INPUT OUTPUT`): attribute an archive of articles on a Ray cluster.

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

Modules: `plan` (shards, readers, the manifest), `tables` (the Parquet output), `run` (Ray,
progress, exit codes). Ray and pyarrow are imported only in this package, and only when a backfill runs: the service and
`quotes extract` never need them (`pip install '.[ray]'`).
"""

from service.backfill.plan import (
    DOCUMENTS,
    EXTRA,
    MANIFEST,
    QUOTES,
    BackfillError,
    Plan,
    RayMissing,
    Shard,
    make_plan,
    read_shard,
    require_ray,
)
from service.backfill.run import (
    DEFAULT_SHARD_DOCS,
    Options,
    ProgressLine,
    ShardWorker,
    Summary,
    analyze_shard,
    main,
    run_backfill,
)
from service.backfill.tables import done_shards, response_json, shard_tables, write_jsonl
from service.schemas import OffsetUnit

__all__ = [
    "DEFAULT_SHARD_DOCS",
    "DOCUMENTS",
    "EXTRA",
    "MANIFEST",
    "QUOTES",
    "BackfillError",
    "OffsetUnit",
    "Options",
    "Plan",
    "ProgressLine",
    "RayMissing",
    "Shard",
    "ShardWorker",
    "Summary",
    "analyze_shard",
    "done_shards",
    "main",
    "make_plan",
    "read_shard",
    "require_ray",
    "response_json",
    "run_backfill",
    "shard_tables",
    "write_jsonl",
]
