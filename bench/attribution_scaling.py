"""How the attribution rules scale with the number of quotations in one text.

    python -m bench.attribution_scaling [--sizes 500,2000,8000]

The rules run on a parsed document, so this needs no models: one hand-parsed paragraph (a
named person's line of reported speech, `Ana Lee said the pipe failed.`, and `"We will fix
it," the plumber said.`) is repeated N times, each copy with a description word of its own, so
every lookback the rules make finds nothing near and has to give up. Prints the time per quotation at each size and its ratio to the smallest
size, measured side by side in one run: a ratio that grows with N means a rule went quadratic.
`--indirect` asks for reported speech too.
"""

from __future__ import annotations

import argparse
import time

from service.attribution.engine import attribute
from service.nlp.document import Document, Entity, Sentence, Token
from service.schemas import DEFAULT_KINDS, QuoteKind

# word, upos, head (index in the paragraph, -1 root), deprel
_PARAGRAPH = [
    ("Ana", "PROPN", 2, "nsubj"),
    ("Lee", "PROPN", 0, "flat"),
    ("said", "VERB", -1, "root"),
    ("the", "DET", 4, "det"),
    ("pipe", "NOUN", 5, "nsubj"),
    ("failed", "VERB", 2, "ccomp"),
    (".", "PUNCT", 2, "punct"),
    ('"', "PUNCT", 10, "punct"),
    ("We", "PRON", 10, "nsubj"),
    ("will", "AUX", 10, "aux"),
    ("fix", "VERB", 16, "ccomp"),
    ("it", "PRON", 10, "obj"),
    (",", "PUNCT", 10, "punct"),
    ('"', "PUNCT", 10, "punct"),
    ("the", "DET", 15, "det"),
    ("WORD", "NOUN", 16, "nsubj"),
    ("said", "VERB", -1, "root"),
    (".", "PUNCT", 16, "punct"),
]
_SENTENCE_STARTS = (0, 7)


_TEXT = 'Ana Lee said the pipe failed. "We will fix it," the WORD said.'


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
    p.add_argument(
        "--indirect",
        action="store_true",
        help="Ask for reported speech too (each copy's first sentence is one item of it).",
    )
    args = p.parse_args(argv)
    kinds = tuple(QuoteKind) if args.indirect else DEFAULT_KINDS
    sizes = [int(s) for s in args.sizes.split(",")]
    per_quote: dict[int, float] = {}
    for n in sizes:
        doc = document(n)
        best = float("inf")
        for _ in range(args.rounds):
            t = time.perf_counter()
            result = attribute(doc, kinds=kinds)
            best = min(best, time.perf_counter() - t)
        want = n * (2 if args.indirect else 1)
        assert len(result.quotes) == want, (len(result.quotes), want)
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
