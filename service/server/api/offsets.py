"""The `offsets` query parameter (both quote endpoints): which unit response offsets count."""

from __future__ import annotations

from typing import Annotated

from litestar.params import QueryParameter

from service.schemas import OffsetUnit

OffsetsQuery = Annotated[
    OffsetUnit,
    QueryParameter(
        name="offsets",
        description="Unit of every offset in the response (quotes, cues, speaker mentions). "
        "`codepoint` (default) suits Python, Rust chars, Swift unicode scalars; `utf16` "
        "makes `text.slice(start, end)` exact in JavaScript, Java and C#.",
    ),
]
