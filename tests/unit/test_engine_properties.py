"""The engine never raises and its offsets always hold, whatever text and whatever (even
nonsensical) analysis it is given."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.attribution.engine import attribute
from service.nlp.document import CorefChain, Document, Entity, Token
from tests.stubs import _doc as whitespace_doc

MARKS = ['"', "\u201c", "\u201d", "''", "\u00ab", "\u00bb", "\u2018", "\u2019", "'", "="]
WORDS = [
    "said",
    "he",
    "she",
    "Trump",
    "the",
    "President",
    "told",
    "according",
    "to",
    ":",
    ",",
    ".",
    "-",
    "Sir",
    "Keir",
    "Starmer",
    "\n",
    "\n\n",
    " ",
    "\U0001f600",
    "\u00e9t\u00e9",
    "\x00",
]
UPOS = ["NOUN", "PROPN", "VERB", "AUX", "PRON", "DET", "ADJ", "PUNCT", "ADP", "X"]
DEPRELS = [
    "nsubj",
    "nsubj:pass",
    "obj",
    "ccomp",
    "parataxis",
    "appos",
    "flat",
    "compound",
    "nmod:poss",
    "advcl",
    "acl:relcl",
    "xcomp",
    "conj",
    "punct",
    "root",
    "det",
]

texts = st.lists(st.one_of(st.sampled_from(MARKS + WORDS), st.text(max_size=6)), max_size=80).map(
    "".join
)


@st.composite
def documents(draw) -> Document:
    """Whitespace tokens with random tags, heads (cycles included) and entities."""
    base = whitespace_doc(draw(texts))
    n = len(base.tokens)
    tokens = tuple(
        Token(
            index=t.index,
            text=t.text,
            start=t.start,
            end=t.end,
            sentence=t.sentence,
            upos=draw(st.sampled_from(UPOS)),
            lemma=t.text.lower(),
            head=draw(st.integers(-1, max(n - 1, -1))),
            deprel=draw(st.sampled_from(DEPRELS)),
        )
        for t in base.tokens
    )
    entities = []
    if n:
        for _ in range(draw(st.integers(0, 3))):
            a = draw(st.integers(0, n - 1))
            b = draw(st.integers(a + 1, min(n, a + 3)))
            entities.append(
                Entity(
                    label=draw(st.sampled_from(["PERSON", "ORG", "LOC", "MISC"])),
                    start=tokens[a].start,
                    end=tokens[b - 1].end,
                    token_start=a,
                    token_end=b,
                    text=base.text[tokens[a].start : tokens[b - 1].end],
                )
            )
    entities.sort(key=lambda e: e.start)
    coref = None
    if n and draw(st.booleans()):
        coref = (CorefChain(mentions=((0, 1), (n - 1, n)), representative=0),)
    return Document(
        text=base.text,
        tokens=tokens,
        sentences=base.sentences,
        entities=tuple(entities),
        coref=coref,
    )


def check(doc: Document) -> None:
    result = attribute(doc)
    ids = {q.id for q in result.quotes}
    for q in result.quotes:
        assert 0 <= q.start < q.end <= len(doc.text)
        assert doc.text[q.start : q.end] == q.text
        assert 0.0 <= q.confidence <= 1.0
        if q.cue:
            assert doc.text[q.cue.start : q.cue.end] == q.cue.text
    for s in result.speakers:
        assert set(s.quote_ids) <= ids
        for m in s.mentions:
            assert doc.text[m.start : m.end] == m.text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_random_analyses_never_break_the_engine(doc):
    check(doc)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_arbitrary_unicode(text):
    check(whitespace_doc(text))


def test_odd_quote_counts_and_only_marks():
    for text in [
        '"',
        '"""',
        "\u201c\u201c\u201d",
        'a "b "c "d',
        "''''''",
        "\u00ab\u00ab\u00bb",
        '"\n"\n"',
    ]:
        check(whitespace_doc(text))


def test_200k_characters_of_quotes():
    unit = '"We will not stop, not now," Jane Doe said. She added: "Never.\n'
    text = (unit * (200_000 // len(unit) + 1))[:200_000]
    doc = whitespace_doc(text)
    check(doc)
    assert len(attribute(doc).quotes) > 3000
