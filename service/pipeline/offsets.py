"""Offsets for JavaScript clients: code points (Python's `str` indices) to UTF-16 code units
(JavaScript's `String` indices).

Attribution works in code points. A character outside the Basic Multilingual Plane (U+10000 and
up: most emoji, rarer CJK) is one code point but two UTF-16 code units, so a JavaScript client
slicing with code-point offsets lands one unit early for every such character before the quote.
"""

from __future__ import annotations

from itertools import accumulate

from msgspec.structs import replace

from service.schemas import OffsetUnit, QuotesResponse, Span


def utf16_table(text: str) -> list[int]:
    """`table[i]` is the UTF-16 offset of code point `i` (for every 0 <= i <= len(text))."""
    return list(accumulate((2 if ord(c) > 0xFFFF else 1 for c in text), initial=0))


def with_offsets(response: QuotesResponse, text: str, unit: OffsetUnit) -> QuotesResponse:
    """`response` (computed on `text`, in code points) with every offset in `unit`."""
    if unit is OffsetUnit.CODEPOINT:
        return response
    meta = replace(response.meta, offsets=unit)
    # Identical offsets unless the text has a non-BMP character: skip the table for most articles.
    if text.isascii() or max(text) <= "\uffff":
        return replace(response, meta=meta)
    table = utf16_table(text)

    def span(s: Span) -> Span:
        return replace(s, start=table[s.start], end=table[s.end])

    return replace(
        response,
        meta=meta,
        quotes=tuple(
            replace(q, start=table[q.start], end=table[q.end], cue=q.cue and span(q.cue))
            for q in response.quotes
        ),
        speakers=tuple(
            replace(s, mentions=tuple(span(m) for m in s.mentions)) for s in response.speakers
        ),
    )
