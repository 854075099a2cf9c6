"""One article on its way through the pipeline: what was asked of it (its text, the caller's id,
the unit of the response's offsets), carried as one struct from the handler, the CLI or the
backfill to the worker that answers it. It crosses to worker processes as msgspec bytes."""

from __future__ import annotations

import msgspec

from service.schemas import OffsetUnit


class Article(msgspec.Struct, frozen=True, kw_only=True, array_like=True):
    text: str
    id: str | None = None
    offsets: OffsetUnit = OffsetUnit.CODEPOINT
    """The unit of every offset in the answer (`service.pipeline.offsets`)."""
