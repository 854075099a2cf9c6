"""Which parts of an article are worth which processors.

Attribution reads the dependency parse only around quotations: in the sentences a quotation
touches and in the sentence before each (`Schiff said. "The other factor ..."`). It reads tags,
lemmas and entities in two more: the sentence after a quotation (a cue the splitter cut off:
`..." he said.`) and the article's first sentence, the lede, where people are introduced with
their full names and titles. Everything else is only tokenized, and a paragraph no such
sentence can lie in (not one with a quotation or next to one, nor the first) is not even
tokenized.

Chosen on the dev set by simulation on one full analysis, with the current attribution rules
(end-to-end F1; full analysis 0.923):

| POS, lemmas, NER | parse | tokens tagged / parsed | e2e F1 |
|---|---|---|---|
| quote, 1 before, 1 after, lede | the same | 60% / 60% | 0.926 |
| quote, 1 before, 1 after, lede | quote, 1 before | 60% / 51% | 0.926 (chosen) |
| quote, 1 before, 1 after, lede | quote | 60% / 36% | 0.919 |
| quote, 1 before | quote, 1 before | 51% / 51% | 0.925 |
| quote, 1 after, lede | the same | 45% / 45% | 0.898 |

NER stays on the wider set although the scores would not show it: the lede and the sentence
after are where full names ("Volodymyr Zelensky") come from, and the canonical speaker name is
built from them.
Skipping the far paragraphs changes no score (it leaves 74% of the characters to tokenize).
There is no held-out set: `before` is the knob to widen for a corpus with longer stretches
between a name and the quotes it introduces.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from msgspec import Struct

from service.nlp.paragraphs import Paragraph

BEFORE = 1
AFTER = 1
LEDE = 1
# Names the selection for caches of reduced analyzes: change it whenever what is picked changes.
POLICY = f"parse: quote, {BEFORE} before; tag: + {AFTER} after, {LEDE} lede; paragraphs: +-1, first"


class Selection(Struct, frozen=True):
    """Sentence indices, ascending: `tag` for POS, lemmas and entities, `parse` (a subset of
    `tag`) for the dependency parse too."""

    tag: list[int]
    parse: list[int]


def _covering(starts: Sequence[int], a: int, b: int) -> tuple[int, int]:
    """First and last of the consecutive units beginning at `starts` that [a, b) overlaps."""
    first = max(0, bisect.bisect_right(starts, a) - 1)
    return first, max(first, bisect.bisect_left(starts, b) - 1)


def relevant_paragraphs(
    quotes: Sequence[tuple[int, int]], paragraphs: Sequence[Paragraph]
) -> list[int]:
    """Indices of the paragraphs to tokenize: any sentence `relevant_sentences` can pick lies
    in one of them (a sentence never crosses a paragraph)."""
    if not quotes or not paragraphs:
        return []
    starts = [p.start for p in paragraphs]
    keep = {0}
    for a, b in quotes:
        first, last = _covering(starts, a, b)
        keep.update(range(max(0, first - 1), min(len(paragraphs), last + 2)))
    return sorted(keep)


def relevant_sentences(
    quotes: Sequence[tuple[int, int]],
    sentences: Sequence[tuple[int, int]],
    before: int = BEFORE,
    after: int = AFTER,
    lede: int = LEDE,
) -> Selection:
    """The sentences, given as (start, end) offsets in text order, to tag and to parse around
    the quotations at `quotes` (the backend's `Focus`). Empty when there are none."""
    if not quotes or not sentences:
        return Selection(tag=[], parse=[])
    starts = [s for s, _ in sentences]
    n = len(sentences)
    parse: set[int] = set()
    tag: set[int] = set(range(min(lede, n)))
    for a, b in quotes:
        first, last = _covering(starts, a, b)
        parse.update(range(max(0, first - before), last + 1))
        tag.update(range(last + 1, min(n, last + after + 1)))
    return Selection(tag=sorted(tag | parse), parse=sorted(parse))
