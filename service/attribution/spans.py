"""Where an article's quotations are, before any analysis: what the NLP backend is focused on
(`service.nlp.backend.Focus`), so it tags and parses only where attribution will read."""

from __future__ import annotations

from service.attribution.cues import quote_interval
from service.attribution.marks import find_quotes


def quote_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each quotation of `text`, cue-free. Empty when attribution could find
    nothing at all, whatever the analysis."""
    return [quote_interval(q) for q in find_quotes(text)]
