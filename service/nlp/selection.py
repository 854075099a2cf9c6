"""Which sentences of an article are worth the expensive processors (POS, lemmas, parse, NER).

Attribution reads tags, the parse and entities only around quotations: the sentences a
quotation touches and the sentence after it (a cue the splitter cut off: `..." he said.`). The
article's first sentence is kept too: the lede is where people are introduced with their full
names and titles ("Prime Minister Keir Starmer"), which a later "Starmer" or "the Prime
Minister" resolves to. Pronouns and role nouns resolve against the people named in the kept
sentences. Everything else is only tokenized.

The window was chosen on the dev set (figures in bench/README.md), simulated on one full
analysis of it: with the full analysis end-to-end F1 is 0.733; keeping 4/3/2/1 sentences
before each quotation gives 0.733/0.736/0.736/0.743 for 79/74/68/61% of the tokens; this window
(none before, 1 after, 1-sentence lede) gives 0.743 for 51%; dropping the sentence after too
gives 0.740 for 37%. There is no held-out set: `before` is the knob to widen if a corpus with
longer stretches between a name and a pronoun-attributed quote needs it.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from service.attribution.cues import quote_interval
from service.attribution.marks import find_quotes

BEFORE = 0
AFTER = 1
LEDE = 1


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
