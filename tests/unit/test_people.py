"""Who counts as a person: a weak NER's mistakes that must not become speakers."""

from __future__ import annotations

from service.attribution.engine import attribute
from service.attribution.marks import find_quotes
from service.attribution.people import People
from service.attribution.syntax import DocView, Regions
from service.nlp.document import Document, Entity, Sentence
from tests.stubs import parsed_tokens

TEXT = 'Kevin Marsh spoke in Sackville, N.B. "It was lonely," he said.'
# word, upos, head word index (-1 root), deprel
PARSE = [
    ("Kevin", "PROPN", 2, "nsubj"),
    ("Marsh", "PROPN", 0, "flat"),
    ("spoke", "VERB", -1, "root"),
    ("in", "ADP", 4, "case"),
    ("Sackville", "PROPN", 2, "obl"),
    (",", "PUNCT", 6, "punct"),
    ("N.B.", "PROPN", 4, "appos"),
    ('"', "PUNCT", 9, "punct"),
    ("It", "PRON", 10, "nsubj"),
    ("was", "AUX", 10, "cop"),
    ("lonely", "ADJ", 14, "ccomp"),
    (",", "PUNCT", 10, "punct"),
    ('"', "PUNCT", 10, "punct"),
    ("he", "PRON", 14, "nsubj"),
    ("said", "VERB", -1, "root"),
    (".", "PUNCT", 14, "punct"),
]


def document() -> Document:
    tokens = parsed_tokens(TEXT, PARSE, sentence_starts=(0, 7))
    # the NER read the province "N.B." as a person, the one nearest the pronoun
    entities = tuple(
        Entity(label="PERSON", start=a, end=b, token_start=t0, token_end=t1, text=TEXT[a:b])
        for a, b, t0, t1 in ((0, 11, 0, 2), (tokens[6].start, tokens[6].end, 6, 7))
    )
    sentences = (
        Sentence(index=0, start=0, end=tokens[6].end, token_start=0, token_end=7),
        Sentence(index=1, start=tokens[7].start, end=len(TEXT), token_start=7, token_end=15),
    )
    return Document(text=TEXT, tokens=tokens, sentences=sentences, entities=entities)


def test_an_initialism_tagged_as_a_person_is_not_one():
    doc = document()
    quoted = Regions([(q.open_mark, q.end + 1) for q in find_quotes(TEXT)])
    people = People(DocView(doc), quoted)
    assert [e.name for e in people.entries] == ["Kevin Marsh"]
    (quote,) = attribute(doc).quotes
    assert quote.speaker == "Kevin Marsh"
