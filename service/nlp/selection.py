"""Which sentences of an article are worth the expensive processors (POS, lemmas, parse, NER).

Attribution reads tags, the parse and entities only around quotations: the sentences a
quotation touches, the sentence after it (a cue the splitter cut off: `..." he said.`) and the
sentence before it (`Schiff said. "The other factor ..."`, and where the person a pronoun or
"the minister" points back to was named). The article's first sentence is kept too: the lede
is where people are introduced with their full names and titles ("Prime Minister Keir
Starmer"). Everything else is only tokenized.

The window was chosen on the dev set, simulated on one full analysis of it with the current
attribution rules (the real reduced run agrees): the full analysis scores end-to-end F1 0.923;
keeping 1 sentence before, 1 after and a 1-sentence lede scores 0.926 on 60% of the tokens;
none before drops to 0.918 (50%: the sentence-before rule loses its cue); 2 before gives 0.921
(68%), a 2-sentence lede changes nothing. There is no held-out set: `before` is the knob to
widen for a corpus with longer stretches between a name and the quotes it introduces.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from service.attribution.cues import quote_interval
from service.attribution.marks import find_quotes

BEFORE = 1
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
