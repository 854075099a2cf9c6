"""Which sentences of an article are worth the expensive processors (POS, lemmas, parse, NER).

Attribution reads tags, the parse and entities only around quotations: the sentences a
quotation touches and their neighbours (where "he said" and the speaker's name are), and a few
sentences before each quotation (where the person a pronoun or "the minister" points back to
was last named). The article's opening sentences are kept too: the lede is where people are
introduced with their full names and titles ("Prime Minister Keir Starmer"), which later
"Starmer" and "the Prime Minister" resolve to. Everything else is only tokenized.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from service.attribution.cues import quote_interval
from service.attribution.marks import find_quotes

BEFORE = 4
"""Sentences kept before each quotation: the engine looks back at most 4 for a pronoun."""
AFTER = 1
LEDE = 2


def has_quotations(text: str) -> bool:
    """Whether attribution could find anything at all: without quotations it returns nothing,
    whatever the analysis."""
    return bool(find_quotes(text))


def relevant_sentences(text: str, sentences: Sequence[tuple[int, int]], before: int = BEFORE,
                       after: int = AFTER, lede: int = LEDE) -> list[int]:
    """Indices (ascending) of the sentences, given as (start, end) offsets into `text` in text
    order, to analyse fully. Empty when the text has no quotation at all."""
    quotes = find_quotes(text)
    if not quotes or not sentences:
        return []
    starts = [s for s, _ in sentences]
    keep: set[int] = set(range(min(lede, len(sentences))))
    for q in quotes:
        a, b = quote_interval(q)
        first = max(0, bisect.bisect_right(starts, a) - 1)
        last = max(first, bisect.bisect_left(starts, b) - 1)
        keep.update(range(max(0, first - before), min(len(sentences), last + after + 1)))
    return sorted(keep)
