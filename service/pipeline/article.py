"""One article on its way through the pipeline: what was asked of it (its text, the caller's id,
the unit of the response's offsets, the kinds of item to return), carried as one struct from the
handler, the CLI or the backfill to the worker that answers it. It crosses to worker processes as
msgspec bytes."""

from __future__ import annotations

import msgspec

from service.schemas import DEFAULT_KINDS, OffsetUnit, QuoteKind


class Article(msgspec.Struct, frozen=True, kw_only=True, array_like=True):
    text: str
    id: str | None = None
    offsets: OffsetUnit = OffsetUnit.CODEPOINT
    """The unit of every offset in the answer (`service.pipeline.offsets`)."""
    kinds: tuple[QuoteKind, ...] = DEFAULT_KINDS
    """What the answer holds (`service.schemas.kinds_of` makes it); reported speech (`indirect`)
    also widens the analysis (`service.pipeline.focus`)."""
