"""How the attribution rules scale with the number of quotations in one text.

    python -m bench.attribution_scaling [--sizes 500,2000,8000]

The rules run on a parsed document, so this needs no models: one hand-parsed paragraph
(`"We will fix it," the plumber said.` and a named person's line) is repeated N times, each
copy with a description word of its own, so every lookback the rules make finds nothing near
and has to give up. Prints the time per quotation at each size and its ratio to the smallest
size, measured side by side in one run: a ratio that grows with N means a rule went quadratic.
"""

from __future__ import annotations

import argparse
import time

from service.attribution.engine import attribute
from service.nlp.document import Document, Entity, Sentence, Token

# word, upos, head (index in the paragraph, -1 root), deprel
_PARAGRAPH = [
    ("Ana", "PROPN", 2, "nsubj"),
    ("Lee", "PROPN", 0, "flat"),
    ("spoke", "VERB", -1, "root"),
    (".", "PUNCT", 2, "punct"),
    ('"', "PUNCT", 7, "punct"),
    ("We", "PRON", 7, "nsubj"),
    ("will", "AUX", 7, "aux"),
    ("fix", "VERB", 13, "ccomp"),
    ("it", "PRON", 7, "obj"),
    (",", "PUNCT", 7, "punct"),
    ('"', "PUNCT", 7, "punct"),
    ("the", "DET", 12, "det"),
    ("WORD", "NOUN", 13, "nsubj"),
    ("said", "VERB", -1, "root"),
    (".", "PUNCT", 13, "punct"),
]
_SENTENCE_STARTS = (0, 4)


_TEXT = 'Ana Lee spoke. "We will fix it," the WORD said.'


def document(n: int) -> Document:
    """n copies of the paragraph; copy k says "the plumberk" (a word no other copy uses)."""
    text = ""
    tokens: list[Token] = []
    sentences: list[Sentence] = []
    entities: list[Entity] = []
    for k in range(n):
        base, offset = len(tokens), len(text)
        paragraph = _TEXT.replace("WORD", f"plumber{k}")
        cursor = 0
        for i, (w, upos, head, rel) in enumerate(_PARAGRAPH):
            word = f"plumber{k}" if w == "WORD" else w
            start = paragraph.index(word, cursor)
            cursor = start + len(word)
            tokens.append(
                Token(
                    index=base + i,
                    text=word,
                    start=offset + start,
                    end=offset + cursor,
                    sentence=len(sentences) + (i >= _SENTENCE_STARTS[1]),
                    upos=upos,
                    lemma=word.lower(),
                    head=base + head if head >= 0 else -1,
                    deprel=rel,
                )
            )
        for a, b in zip(_SENTENCE_STARTS, (*_SENTENCE_STARTS[1:], len(_PARAGRAPH)), strict=True):
            sentences.append(
                Sentence(
                    index=len(sentences),
                    start=tokens[base + a].start,
                    end=tokens[base + b - 1].end,
                    token_start=base + a,
                    token_end=base + b,
                )
            )
        entities.append(
            Entity(
                label="PERSON",
                start=tokens[base].start,
                end=tokens[base + 1].end,
                token_start=base,
                token_end=base + 2,
                text="Ana Lee",
            )
        )
        text += paragraph + "\n\n"
    return Document(
        text=text, tokens=tuple(tokens), sentences=tuple(sentences), entities=tuple(entities)
    )


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--sizes", default="500,2000,8000", help="Quotations per text, comma-separated.")
    p.add_argument("--rounds", type=int, default=3, help="Best of this many runs per size.")
    args = p.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    per_quote: dict[int, float] = {}
    for n in sizes:
        doc = document(n)
        best = float("inf")
        for _ in range(args.rounds):
            t = time.perf_counter()
            result = attribute(doc)
            best = min(best, time.perf_counter() - t)
        assert len(result.quotes) == n, (len(result.quotes), n)
        per_quote[n] = best / n
    print(f"{'quotes':>8} {'tokens':>8} {'total s':>8} {'ms/quote':>9} {'ratio':>6}")
    for n in sizes:
        ratio = per_quote[n] / per_quote[sizes[0]]
        tokens = n * len(_PARAGRAPH)
        print(
            f"{n:>8} {tokens:>8} {per_quote[n] * n:>8.2f} {per_quote[n] * 1000:>9.3f} {ratio:>6.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
