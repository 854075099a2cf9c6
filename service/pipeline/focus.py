"""Where the NLP backend must analyze an article for what it asks (`service.nlp.backend.Focus`):
the quotations, and for reported speech every word of saying too, because reported speech is
found only in the sentences the backend parsed (`service.nlp.selection` parses those around the
focus). Shared by the extractor and `quotes evaluate`, so that both analyze the same sentences."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from service.attribution.cues import quote_interval
from service.attribution.marks import QuoteSpan
from service.attribution.reported import speech_intervals
from service.schemas import QuoteKind


def focus_of(
    text: str, quotes: Sequence[QuoteSpan], kinds: Collection[QuoteKind]
) -> list[tuple[int, int]]:
    """The quotations' intervals, marks included (exactly the quotations' focus when reported
    speech is not asked for: the default request does the work it always did); with
    `indirect`, also the words of saying, all in text order."""
    spans = [quote_interval(q) for q in quotes]
    if QuoteKind.INDIRECT not in kinds:
        return spans
    return sorted([*spans, *speech_intervals(text)])
