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

import msgspec
from msgspec import Struct

from service.nlp.document import CorefChain, Document, Sentence, Token
from service.nlp.paragraphs import Paragraph, split_paragraphs

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


def narrowed(doc: Document, focus: Sequence[tuple[int, int]]) -> Document:
    """`doc`, analyzed around a wider focus, as the backend would have returned it for the
    narrower `focus`: only the paragraphs `relevant_paragraphs` keeps, tags, lemmas and entities
    only in the sentences `relevant_sentences` tags, the parse only in those it parses.

    One analysis can then serve two readings: reported speech needs sentences parsed far from
    any quotation, and the quotations must still be attributed on exactly the analysis a request
    without reported speech gets (a wider one moves some of their speakers). The float models
    work per sentence, so a sentence's annotation does not depend on which others were analyzed
    (int8 ones do: `stanza_backend.QUANTIZED`); coreference chains, which would, keep only their
    mentions in the tagged sentences."""
    if not focus or not doc.sentences:
        return Document(text=doc.text)
    paragraphs = split_paragraphs(doc.text)
    kept = [paragraphs[k] for k in relevant_paragraphs(focus, paragraphs)]
    starts = [p.start for p in kept]

    def in_kept(s: Sentence) -> bool:
        k = bisect.bisect_right(starts, s.start) - 1
        return k >= 0 and s.end <= kept[k].end

    sentences = [s for s in doc.sentences if in_kept(s)]
    pick = relevant_sentences(focus, [(s.start, s.end) for s in sentences])
    tag, parse = set(pick.tag), set(pick.parse)
    moved: dict[int, int] = {}  # old token index -> new
    tokens: list[Token] = []
    new_sentences: list[Sentence] = []
    for j, s in enumerate(sentences):
        first = len(tokens)
        shift = first - s.token_start
        for t in doc.tokens[s.token_start : s.token_end]:
            moved[t.index] = t.index + shift
            tokens.append(
                Token(
                    index=t.index + shift,
                    text=t.text,
                    start=t.start,
                    end=t.end,
                    sentence=j,
                    upos=t.upos if j in tag else "X",
                    lemma=t.lemma if j in tag else t.text,
                    head=t.head + shift if j in parse and t.head >= 0 else -1,
                    deprel=t.deprel if j in parse else "dep",
                )
            )
        new_sentences.append(
            Sentence(index=j, start=s.start, end=s.end, token_start=first, token_end=len(tokens))
        )
    tagged = {t.index for t in tokens if t.sentence in tag}
    entities = [
        msgspec.structs.replace(
            e, token_start=moved[e.token_start], token_end=moved[e.token_end - 1] + 1
        )
        for e in doc.entities
        if moved.get(e.token_start) in tagged
    ]
    return Document(
        text=doc.text,
        tokens=tuple(tokens),
        sentences=tuple(new_sentences),
        entities=tuple(entities),
        coref=_narrowed_coref(doc.coref, moved, tagged),
    )


def _narrowed_coref(
    chains: tuple[CorefChain, ...] | None, moved: dict[int, int], tagged: set[int]
) -> tuple[CorefChain, ...] | None:
    if chains is None:
        return None
    out = []
    for chain in chains:
        kept = [
            (k, (moved[a], moved[b - 1] + 1))
            for k, (a, b) in enumerate(chain.mentions)
            if moved.get(a) in tagged
        ]
        if len(kept) > 1:
            rep = next((i for i, (k, _) in enumerate(kept) if k == chain.representative), 0)
            out.append(CorefChain(mentions=tuple(m for _, m in kept), representative=rep))
    return tuple(out)
