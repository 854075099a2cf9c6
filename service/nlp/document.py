"""The plain document model the attribution engine works on.

Everything here is built by an NLP backend (Stanza in production, hand-written fixtures in unit
tests). Offsets are code-point offsets into the original text; token indices are document-wide,
so the engine never has to juggle (sentence, word) pairs.
"""

from __future__ import annotations

from msgspec import Struct


class Token(Struct, frozen=True, kw_only=True):
    index: int
    """Position of the token in `Document.tokens`."""
    text: str
    start: int
    end: int
    sentence: int
    upos: str = "X"
    lemma: str = ""
    head: int = -1
    """Document-wide index of the syntactic head, -1 for a sentence root."""
    deprel: str = "dep"


class Sentence(Struct, frozen=True, kw_only=True):
    index: int
    start: int
    end: int
    token_start: int
    token_end: int
    """Tokens `token_start <= i < token_end` belong to this sentence."""


class Entity(Struct, frozen=True, kw_only=True):
    label: str
    """Normalised label: PERSON, ORG, LOC or MISC (CoNLL and OntoNotes labels are both mapped)."""
    start: int
    end: int
    token_start: int
    token_end: int
    text: str


class CorefChain(Struct, frozen=True, kw_only=True):
    """A cluster of mentions (token ranges) that refer to the same thing, from a coref model."""

    mentions: tuple[tuple[int, int], ...]
    representative: int
    """Index into `mentions` of the most informative one."""


class Document(Struct, frozen=True, kw_only=True):
    text: str
    tokens: tuple[Token, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    entities: tuple[Entity, ...] = ()
    coref: tuple[CorefChain, ...] | None = None
    """None when the backend has no coreference model (the rule-based resolver is used)."""


# OntoNotes (official Stanza English NER) and CoNLL-2003 (offline models) mapped onto one set.
_LABELS = {
    "PER": "PERSON",
    "PERSON": "PERSON",
    "ORG": "ORG",
    "NORP": "MISC",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
}


def normalise_label(label: str) -> str:
    return _LABELS.get(label, "MISC")
