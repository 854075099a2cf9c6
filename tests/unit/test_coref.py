"""When the models provide coreference chains, pronouns follow them instead of salience."""

from __future__ import annotations

import re

from service.attribution.engine import attribute
from service.nlp.document import CorefChain, Document, Entity, Sentence
from tests.stubs import parsed_tokens

TEXT = 'John Smith met Peter Jones. "We agreed," he said.'
# word, upos, head word index (-1 root), deprel
PARSE = [
    ("John", "PROPN", 2, "nsubj"),
    ("Smith", "PROPN", 0, "flat"),
    ("met", "VERB", -1, "root"),
    ("Peter", "PROPN", 2, "obj"),
    ("Jones", "PROPN", 3, "flat"),
    (".", "PUNCT", 2, "punct"),
    ('"', "PUNCT", 8, "punct"),
    ("We", "PRON", 8, "nsubj"),
    ("agreed", "VERB", 12, "ccomp"),
    (",", "PUNCT", 8, "punct"),
    ('"', "PUNCT", 8, "punct"),
    ("he", "PRON", 12, "nsubj"),
    ("said", "VERB", -1, "root"),
    (".", "PUNCT", 12, "punct"),
]


def document(coref: tuple[CorefChain, ...] | None) -> Document:
    tokens = parsed_tokens(TEXT, PARSE, sentence_starts=(0, 6))
    sentences = (
        Sentence(index=0, start=0, end=tokens[5].end, token_start=0, token_end=6),
        Sentence(index=1, start=tokens[6].start, end=len(TEXT), token_start=6, token_end=14),
    )
    people = [
        Entity(
            label="PERSON",
            start=m.start(),
            end=m.end(),
            token_start=t,
            token_end=t + 2,
            text=m.group(),
        )
        for m, t in ((re.search("John Smith", TEXT), 0), (re.search("Peter Jones", TEXT), 3))
    ]
    return Document(
        text=TEXT, tokens=tuple(tokens), sentences=sentences, entities=tuple(people), coref=coref
    )


def test_without_coref_the_salient_subject_speaks():
    (quote,) = attribute(document(None)).quotes
    assert quote.speaker == "John Smith"


def test_a_coref_chain_overrides_salience():
    chain = CorefChain(mentions=((3, 5), (11, 12)), representative=0)  # Peter Jones ... he
    (quote,) = attribute(document((chain,))).quotes
    assert quote.speaker == "Peter Jones"
