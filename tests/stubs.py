"""A stand-in NLP backend behind the same Protocol, for API tests that need no models."""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from itertools import pairwise

from service.nlp.backend import BackendInfo, Focus
from service.nlp.document import Document, Entity, Sentence, Token


class StubBackend:
    """Whitespace tokens, one sentence a paragraph, no tags: quotes are found, speakers not."""

    info = BackendInfo(name="stub", version="0", models={"tokenize": "whitespace"})

    def __init__(self, delay: float = 0.0) -> None:
        self.delay = delay
        self.calls = 0
        self.batches: list[int] = []
        """How many texts each call got (micro-batching shows here)."""
        self.foci: list[Sequence[Focus] | None] = []
        """The focus each call got (None: analyze everything)."""
        self._event = threading.Event()

    def analyze(self, texts: Sequence[str], focus: Sequence[Focus] | None = None) -> list[Document]:
        self.calls += 1
        self.batches.append(len(texts))
        self.foci.append(focus)
        if self.delay:
            self._event.wait(self.delay)
        if any("POISON" in t for t in texts):
            raise RuntimeError("the stub chokes on POISON")
        return [_doc(t) for t in texts]


def _doc(text: str) -> Document:
    tokens: list[Token] = []
    sentences: list[Sentence] = []
    for line in re.finditer(r"[^\n]+", text):
        first = len(tokens)
        for m in re.finditer(r"\S+", line.group()):
            s = line.start() + m.start()
            tokens.append(
                Token(
                    index=len(tokens),
                    text=m.group(),
                    start=s,
                    end=s + len(m.group()),
                    sentence=len(sentences),
                )
            )
        if len(tokens) > first:
            sentences.append(
                Sentence(
                    index=len(sentences),
                    start=tokens[first].start,
                    end=tokens[-1].end,
                    token_start=first,
                    token_end=len(tokens),
                )
            )
    return Document(text=text, tokens=tuple(tokens), sentences=tuple(sentences))


LEMMAS = {"officials": "official", "sources": "source", "aides": "aide"}
"""What the lemmatizer makes of the plurals the tests write."""


def parsed_tokens(
    text: str, rows: Sequence[tuple[str, str, int, str]], sentence_starts: Sequence[int] = (0,)
) -> tuple[Token, ...]:
    """Tokens for a hand-written parse: (word, upos, head, deprel) rows, found in `text` in
    order; a new sentence begins at each token index in `sentence_starts`. A word's lemma is
    the word in lower case, or `LEMMAS`' for a plural."""
    tokens: list[Token] = []
    pos = 0
    for i, (word, upos, head, rel) in enumerate(rows):
        start = text.index(word, pos)
        pos = start + len(word)
        sentence = sum(1 for s in sentence_starts if s <= i) - 1
        tokens.append(
            Token(
                index=i,
                text=word,
                start=start,
                end=pos,
                sentence=sentence,
                upos=upos,
                lemma=LEMMAS.get(word.lower(), word.lower()),
                head=head,
                deprel=rel,
            )
        )
    return tuple(tokens)


def parsed_document(
    text: str,
    rows: Sequence[tuple[str, str, int, str]],
    sentence_starts: Sequence[int] = (0,),
    entities: Sequence[tuple[str, str]] = (),
) -> Document:
    """A document with a hand-written parse (`parsed_tokens`' rows and sentence starts) and
    named entities given as (surface, label), each found in `text` in order and spanning the
    tokens it covers."""
    tokens = parsed_tokens(text, rows, sentence_starts)
    bounds = [*sentence_starts, len(tokens)]
    sentences = tuple(
        Sentence(
            index=k,
            start=tokens[a].start,
            end=tokens[b - 1].end,
            token_start=a,
            token_end=b,
        )
        for k, (a, b) in enumerate(pairwise(bounds))
    )
    found: list[Entity] = []
    pos = tokens[0].start if tokens else 0  # entities lie in the analysed text
    for surface, label in entities:
        start = text.index(surface, pos)
        pos = end = start + len(surface)
        covered = [t.index for t in tokens if start <= t.start and t.end <= end]
        found.append(
            Entity(
                label=label,
                start=start,
                end=end,
                token_start=covered[0],
                token_end=covered[-1] + 1,
                text=surface,
            )
        )
    return Document(text=text, tokens=tokens, sentences=sentences, entities=tuple(found))


def ready_rows(verb: int, first: int = 0) -> list[tuple[str, str, int, str]]:
    """`"We are ready,"` as parse rows starting at token `first`, its clause hanging on the
    reporting verb at token `verb` (-1: a sentence of its own)."""
    h = first + 3
    return [
        ('"', "PUNCT", h, "punct"),
        ("We", "PRON", h, "nsubj"),
        ("are", "AUX", h, "cop"),
        ("ready", "ADJ", verb, "ccomp" if verb >= 0 else "root"),
        (",", "PUNCT", h, "punct"),
        ('"', "PUNCT", h, "punct"),
    ]


REPORTED = "Ana Lee said the talks would resume."
"""A sentence of reported speech, no quotation marks: `ReportingStub` parses it by hand."""
REPORTED_ROWS = [
    ("Ana", "PROPN", 1, "flat"),
    ("Lee", "PROPN", 2, "nsubj"),
    ("said", "VERB", -1, "root"),
    ("the", "DET", 4, "det"),
    ("talks", "NOUN", 6, "nsubj"),
    ("would", "AUX", 6, "aux"),
    ("resume", "VERB", 2, "ccomp"),
    (".", "PUNCT", 2, "punct"),
]


class ReportingStub(StubBackend):
    """The stub, with a parse and the person of `REPORTED`: reported speech to find, so that
    the kinds a request asks for show in its answer. Other texts as the stub gives them."""

    def analyze(self, texts: Sequence[str], focus: Sequence[Focus] | None = None) -> list[Document]:
        docs = super().analyze(texts, focus)
        return [
            parsed_document(t, REPORTED_ROWS, entities=[("Ana Lee", "PERSON")])
            if t == REPORTED
            else d
            for t, d in zip(texts, docs, strict=True)
        ]
