"""Each sieve on a hand-written parse: the sieve answers, with the speaker it should, and leaving
it out of the tuple (its ablation) changes the answer. No models."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

from service.attribution.context import coordinated_with_previous
from service.attribution.engine import attribute
from service.attribution.findings import CONFIDENCE, How
from service.attribution.marks import find_quotes
from service.attribution.sieves import SIEVES, name
from service.nlp.document import Document
from tests.stubs import parsed_document, ready_rows

ANA = [("Ana Lee", "PERSON")]
# A sentence of its own after a quote ending in a full stop: "We are ready."
READY = [
    ('"', "PUNCT", 3, "punct"),
    ("We", "PRON", 3, "nsubj"),
    ("are", "AUX", 3, "cop"),
    ("ready", "ADJ", -1, "root"),
    (".", "PUNCT", 3, "punct"),
    ('"', "PUNCT", 3, "punct"),
]
# `"We are ready," Ana Lee said.` as tokens 0-9
READY_SAID_ANA = [
    *ready_rows(8),
    ("Ana", "PROPN", 8, "nsubj"),
    ("Lee", "PROPN", 6, "flat"),
    ("said", "VERB", -1, "root"),
    (".", "PUNCT", 8, "punct"),
]


def shifted(rows: list[tuple[str, str, int, str]], by: int) -> list[tuple[str, str, int, str]]:
    """Rows of a sentence placed `by` tokens into the document."""
    return [(w, u, h + by if h >= 0 else -1, r) for w, u, h, r in rows]


def answers(doc: Document, without: str | None = None) -> list[tuple[str | None, str | None]]:
    """(speaker, sieve) per quotation, with one sieve left out if asked."""
    sieves = tuple(s for s in SIEVES if name(s) != without)
    result = attribute(doc, sieves=sieves)
    by_quote = {t.quote_id: t.sieve for t in result.traces}
    return [(q.speaker, by_quote.get(q.id)) for q in result.quotes]


def cue_doc() -> Document:
    return parsed_document('"We are ready," Ana Lee said.', READY_SAID_ANA, entities=ANA)


def continued_doc() -> Document:
    text = 'Ana Lee said: "We will build it.\n\n"And we will finish it."'
    rows = [
        ("Ana", "PROPN", 2, "nsubj"),
        ("Lee", "PROPN", 0, "flat"),
        ("said", "VERB", -1, "root"),
        (":", "PUNCT", 2, "punct"),
        ('"', "PUNCT", 7, "punct"),
        ("We", "PRON", 7, "nsubj"),
        ("will", "AUX", 7, "aux"),
        ("build", "VERB", 2, "ccomp"),
        ("it", "PRON", 7, "obj"),
        (".", "PUNCT", 2, "punct"),
        ('"', "PUNCT", 14, "punct"),
        ("And", "CCONJ", 14, "cc"),
        ("we", "PRON", 14, "nsubj"),
        ("will", "AUX", 14, "aux"),
        ("finish", "VERB", -1, "root"),
        ("it", "PRON", 14, "obj"),
        (".", "PUNCT", 14, "punct"),
        ('"', "PUNCT", 14, "punct"),
    ]
    return parsed_document(text, rows, (0, 10), ANA)


def colon_name_doc() -> Document:
    rows = [
        ("Pollster", "NOUN", 1, "compound"),
        ("Ana", "PROPN", -1, "root"),
        ("Lee", "PROPN", 1, "flat"),
        (":", "PUNCT", 1, "punct"),
        ('"', "PUNCT", 7, "punct"),
        ("We", "PRON", 7, "nsubj"),
        ("are", "AUX", 7, "cop"),
        ("ready", "ADJ", 1, "parataxis"),
        (".", "PUNCT", 7, "punct"),
        ('"', "PUNCT", 7, "punct"),
    ]
    return parsed_document('Pollster Ana Lee: "We are ready."', rows, entities=ANA)


def verb_name_doc() -> Document:
    # the tagger read "asks" as a noun, so it is no cue with a subject of its own
    rows = [
        ("Then", "ADV", 1, "advmod"),
        ("asks", "NOUN", -1, "root"),
        ("editor", "NOUN", 3, "compound"),
        ("Ana", "PROPN", 1, "appos"),
        ("Lee", "PROPN", 3, "flat"),
        (",", "PUNCT", 8, "punct"),
        ('"', "PUNCT", 8, "punct"),
        ("Who", "PRON", 8, "nsubj"),
        ("pays", "VERB", 1, "parataxis"),
        ("for", "ADP", 10, "case"),
        ("it", "PRON", 8, "obl"),
        ("?", "PUNCT", 8, "punct"),
        ('"', "PUNCT", 8, "punct"),
    ]
    return parsed_document('Then asks editor Ana Lee, "Who pays for it?"', rows, entities=ANA)


def signature_doc() -> Document:
    rows = [
        ('"', "PUNCT", 3, "punct"),
        ("We", "PRON", 3, "nsubj"),
        ("will", "AUX", 3, "aux"),
        ("rebuild", "VERB", -1, "root"),
        (".", "PUNCT", 3, "punct"),
        ('"', "PUNCT", 3, "punct"),
        ("-", "PUNCT", 7, "punct"),
        ("Ana", "PROPN", -1, "root"),
        ("Lee", "PROPN", 7, "flat"),
    ]
    return parsed_document('"We will rebuild." - Ana Lee', rows, (0, 6), ANA)


def colon_intro_doc() -> Document:
    # "resisted" is no speech verb: only the colon makes it introduce the quotation
    rows = [
        ("Ana", "PROPN", 2, "nsubj"),
        ("Lee", "PROPN", 0, "flat"),
        ("resisted", "VERB", -1, "root"),
        (":", "PUNCT", 2, "punct"),
        ('"', "PUNCT", 8, "punct"),
        ("We", "PRON", 8, "nsubj"),
        ("are", "AUX", 8, "cop"),
        ("not", "PART", 8, "advmod"),
        ("ready", "ADJ", 2, "parataxis"),
        (".", "PUNCT", 8, "punct"),
        ('"', "PUNCT", 8, "punct"),
    ]
    return parsed_document('Ana Lee resisted: "We are not ready."', rows, entities=ANA)


WERE = [
    ('"', "PUNCT", 3, "punct"),
    ("We", "PRON", 3, "nsubj"),
    ("always", "ADV", 3, "advmod"),
    ("were", "VERB", -1, "root"),
    (".", "PUNCT", 3, "punct"),
    ('"', "PUNCT", 3, "punct"),
]


def carried_doc() -> Document:
    rows = [
        *ready_rows(6),
        ("said", "VERB", -1, "root"),
        ("the", "DET", 8, "det"),
        ("aide", "NOUN", 6, "nsubj"),
        (".", "PUNCT", 6, "punct"),
        *shifted(WERE, 10),
    ]
    return parsed_document('"We are ready," said the aide. "We always were."', rows, (0, 10))


def preceding_doc() -> Document:
    rows = [
        ("Ana", "PROPN", 2, "nsubj"),
        ("Lee", "PROPN", 0, "flat"),
        ("said", "VERB", -1, "root"),
        ("so", "ADV", 2, "advmod"),
        ("on", "ADP", 5, "case"),
        ("Monday", "PROPN", 2, "obl"),
        (".", "PUNCT", 2, "punct"),
        *shifted(READY, 7),
    ]
    return parsed_document('Ana Lee said so on Monday. "We are ready."', rows, (0, 7), ANA)


LEADS = [
    ("Ana", "PROPN", 2, "nsubj"),
    ("Lee", "PROPN", 0, "flat"),
    ("leads", "VERB", -1, "root"),
    ("the", "DET", 4, "det"),
    ("council", "NOUN", 2, "obj"),
    (".", "PUNCT", 2, "punct"),
]


def narration_doc() -> Document:
    text = 'Ana Lee leads the council.\n"We are ready."'
    return parsed_document(text, [*LEADS, *shifted(READY, 6)], (0, 6), ANA)


def alone_doc() -> Document:
    text = '"We are ready," Ana Lee said.\nThe vote is on Friday. It is close.\n"We will win."'
    rows = [
        *READY_SAID_ANA,
        ("The", "DET", 11, "det"),
        ("vote", "NOUN", 14, "nsubj"),
        ("is", "AUX", 14, "cop"),
        ("on", "ADP", 14, "case"),
        ("Friday", "PROPN", -1, "root"),
        (".", "PUNCT", 14, "punct"),
        ("It", "PRON", 18, "nsubj"),
        ("is", "AUX", 18, "cop"),
        ("close", "ADJ", -1, "root"),
        (".", "PUNCT", 18, "punct"),
        ('"', "PUNCT", 23, "punct"),
        ("We", "PRON", 23, "nsubj"),
        ("will", "AUX", 23, "aux"),
        ("win", "VERB", -1, "root"),
        (".", "PUNCT", 23, "punct"),
        ('"', "PUNCT", 23, "punct"),
    ]
    return parsed_document(text, rows, (0, 10, 16, 20), ANA)


def inherited_doc() -> Document:
    text = 'Ana Lee said: "We are ready." The hall went quiet. "We always were."'
    rows = [
        ("Ana", "PROPN", 2, "nsubj"),
        ("Lee", "PROPN", 0, "flat"),
        ("said", "VERB", -1, "root"),
        (":", "PUNCT", 2, "punct"),
        ('"', "PUNCT", 7, "punct"),
        ("We", "PRON", 7, "nsubj"),
        ("are", "AUX", 7, "cop"),
        ("ready", "ADJ", 2, "ccomp"),
        (".", "PUNCT", 7, "punct"),
        ('"', "PUNCT", 7, "punct"),
        ("The", "DET", 11, "det"),
        ("hall", "NOUN", 12, "nsubj"),
        ("went", "VERB", -1, "root"),
        ("quiet", "ADJ", 12, "xcomp"),
        (".", "PUNCT", 12, "punct"),
        *shifted(WERE, 15),
    ]
    return parsed_document(text, rows, (0, 10, 15), ANA)


def turned_to_doc() -> Document:
    text = '"We are ready," Ana Lee said. Tom Roe frowned. "We always were."'
    rows = [
        *READY_SAID_ANA,
        ("Tom", "PROPN", 12, "nsubj"),
        ("Roe", "PROPN", 10, "flat"),
        ("frowned", "VERB", -1, "root"),
        (".", "PUNCT", 12, "punct"),
        *shifted(WERE, 14),
    ]
    return parsed_document(text, rows, (0, 10, 14), [*ANA, ("Tom Roe", "PERSON")])


def guess_doc() -> Document:
    text = 'Ana Lee leads the council. "We are ready."'
    return parsed_document(text, [*LEADS, *shifted(READY, 6)], (0, 6), ANA)


# sieve -> (document, what each quotation gets: speaker and the sieve that found it)
def governing_doc() -> Document:
    text = 'Ana Lee listed "new jobs, lower bills" as wins.'
    rows = [
        ("Ana", "PROPN", 2, "nsubj"),
        ("Lee", "PROPN", 0, "flat"),
        ("listed", "VERB", -1, "root"),
        ('"', "PUNCT", 5, "punct"),
        ("new", "ADJ", 5, "amod"),
        ("jobs", "NOUN", 2, "obj"),
        (",", "PUNCT", 8, "punct"),
        ("lower", "ADJ", 8, "amod"),
        ("bills", "NOUN", 5, "conj"),
        ('"', "PUNCT", 5, "punct"),
        ("as", "ADP", 11, "case"),
        ("wins", "NOUN", 2, "obl"),
        (".", "PUNCT", 2, "punct"),
    ]
    return parsed_document(text, rows, entities=ANA)


def coordinated_doc() -> Document:
    # "to say she was 'ready to serve' and 'proud of it', before adding": the weak parse hangs
    # the first fragment beside its cue and the second on a word inside the first, where the
    # nearest cue is "adding", with no subject; the two are one list of words said
    text = (
        "Ana Lee was asked, prompting her to say she was 'ready to serve' and 'proud of it',"
        " before adding that she would stay."
    )
    rows = [
        ("Ana", "PROPN", 3, "nsubj:pass"),
        ("Lee", "PROPN", 0, "flat"),
        ("was", "AUX", 3, "aux:pass"),
        ("asked", "VERB", -1, "root"),
        (",", "PUNCT", 5, "punct"),
        ("prompting", "VERB", 3, "advcl"),
        ("her", "PRON", 5, "obj"),
        ("to", "PART", 8, "mark"),
        ("say", "VERB", 5, "xcomp"),
        ("she", "PRON", 12, "nsubj"),
        ("was", "AUX", 12, "cop"),
        ("'", "PUNCT", 12, "punct"),
        ("ready", "ADJ", 5, "advcl"),
        ("to", "PART", 14, "mark"),
        ("serve", "VERB", 12, "xcomp"),
        ("'", "PUNCT", 12, "punct"),
        ("and", "CCONJ", 18, "cc"),
        ("'", "PUNCT", 18, "punct"),
        ("proud", "ADJ", 14, "conj"),
        ("of", "ADP", 20, "case"),
        ("it", "PRON", 18, "obl"),
        ("'", "PUNCT", 18, "punct"),
        (",", "PUNCT", 24, "punct"),
        ("before", "SCONJ", 24, "mark"),
        ("adding", "VERB", 18, "advcl"),
        ("that", "SCONJ", 29, "mark"),
        ("she", "PRON", 29, "nsubj"),
        ("would", "AUX", 29, "aux"),
        ("stay", "VERB", 24, "ccomp"),
        (".", "PUNCT", 3, "punct"),
    ]
    return parsed_document(text, rows, entities=ANA)


def echo_doc() -> Document:
    # a headline quoting words of the story below, its line never parsed; "We are ready" alone
    # is too short to be a quotation on its own
    text = "'We are ready': council braces for winter\n\n" + '"We are ready," Ana Lee said.'
    return parsed_document(text, shifted(READY_SAID_ANA, 0), entities=ANA)


CASES = {
    "cue": (cue_doc, [("Ana Lee", "cue")]),
    "coordinated": (coordinated_doc, [("Ana Lee", "cue"), ("Ana Lee", "coordinated")]),
    "governing": (governing_doc, [("Ana Lee", "governing")]),
    "continued": (continued_doc, [("Ana Lee", "cue"), ("Ana Lee", "continued")]),
    "colon name": (colon_name_doc, [("Ana Lee", "colon name")]),
    "verb name": (verb_name_doc, [("Ana Lee", "verb name")]),
    "signature": (signature_doc, [("Ana Lee", "signature")]),
    "colon intro": (colon_intro_doc, [("Ana Lee", "colon intro")]),
    "carried": (carried_doc, [("aide", "cue"), ("aide", "carried")]),
    "preceding": (preceding_doc, [("Ana Lee", "preceding")]),
    "narration": (narration_doc, [("Ana Lee", "narration")]),
    "alone": (alone_doc, [("Ana Lee", "cue"), ("Ana Lee", "alone")]),
    "inherited": (inherited_doc, [("Ana Lee", "cue"), ("Ana Lee", "inherited")]),
    "turned to": (turned_to_doc, [("Ana Lee", "cue"), ("Tom Roe", "turned to")]),
    "echo": (echo_doc, [("Ana Lee", "echo"), ("Ana Lee", "cue")]),
    "guess": (guess_doc, [("Ana Lee", "guess")]),
}


def test_every_sieve_has_a_case():
    assert sorted(CASES) == sorted(name(s) for s in SIEVES)


@pytest.mark.parametrize("sieve", list(CASES))
def test_the_sieve_answers(sieve: str):
    make, expected = CASES[sieve]
    assert answers(make()) == expected


def test_a_continuation_is_its_first_paragraphs_or_a_guess():
    assert answers(continued_doc(), without="continued")[1] == ("Ana Lee", "guess")


@pytest.mark.parametrize("sieve", list(CASES))
def test_leaving_the_sieve_out_changes_the_answer(sieve: str):
    make, expected = CASES[sieve]
    ablated = answers(make(), without=sieve)
    assert ablated != expected
    assert all(found != sieve for _, found in ablated)


def test_the_next_sieve_in_order_answers_in_an_ablation():
    # without "carried", the second quotation is read off the sentence before instead
    assert answers(carried_doc(), without="carried") == [("aide", "cue"), ("aide", "preceding")]


def test_a_pronoun_cue_resolves_through_salience():
    text = 'Ana Lee leads the council. "We are ready," she said.'
    rows = [
        *LEADS,
        *ready_rows(14, first=6),
        ("she", "PRON", 14, "nsubj"),
        ("said", "VERB", -1, "root"),
        (".", "PUNCT", 14, "punct"),
    ]
    result = attribute(parsed_document(text, rows, (0, 6), ANA))
    assert [q.speaker for q in result.quotes] == ["Ana Lee"]
    assert [(t.sieve, t.rule) for t in result.traces] == [("cue", How.PRONOUN.value)]


def test_every_rule_has_a_confidence():
    assert set(CONFIDENCE) == set(How)
    assert all(0 < c <= 1 for c in CONFIDENCE.values())


def test_each_rule_label_is_set_in_one_function():
    """So that a label's measured precision is one rule's (NOMINAL and NONE name nobody)."""
    package = Path(__file__).parents[2] / "service" / "attribution"
    users: dict[str, set[str]] = defaultdict(set)
    for path in package.glob("*.py"):
        if path.name == "findings.py":
            continue
        for fn in ast.walk(ast.parse(path.read_text())):
            if not isinstance(fn, ast.FunctionDef):
                continue
            for node in ast.walk(fn):
                if (
                    isinstance(node, ast.Attribute)
                    and isinstance(node.value, ast.Name)
                    and node.value.id == "How"
                ):
                    users[node.attr].add(f"{path.stem}.{fn.name}")
    shared = {
        label: sorted(fns)
        for label, fns in users.items()
        if len(fns) > 1 and label not in ("NOMINAL", "NONE")
    }
    assert shared == {}


def test_people_coordinated_as_the_subject_say_it_together():
    text = '"We are ready," said Ana Lee and Tom Roe.'
    rows = [
        *ready_rows(6),
        ("said", "VERB", -1, "root"),
        ("Ana", "PROPN", 6, "nsubj"),
        ("Lee", "PROPN", 7, "flat"),
        ("and", "CCONJ", 10, "cc"),
        ("Tom", "PROPN", 7, "conj"),
        ("Roe", "PROPN", 10, "flat"),
        (".", "PUNCT", 6, "punct"),
    ]
    doc = parsed_document(text, rows, entities=[*ANA, ("Tom Roe", "PERSON")])
    (quote,) = attribute(doc).quotes
    speakers = {s.id: s for s in attribute(doc).speakers}
    assert quote.speaker == "Ana Lee"
    assert [speakers[i].name for i in quote.speaker_ids] == ["Ana Lee", "Tom Roe"]
    assert quote.speaker_ids[0] == quote.speaker_id
    assert all(quote.id in s.quote_ids for s in speakers.values())
    assert [s.key for s in speakers.values()] == ["person:ana-lee", "person:tom-roe"]


def test_one_speaker_is_the_only_one_in_speaker_ids():
    (quote,) = attribute(cue_doc()).quotes
    assert quote.speaker_ids == (quote.speaker_id,)


def test_quoted_words_are_coordinated_only_across_a_comma_or_a_conjunction():
    listed = "she was 'ready to serve', 'proud of it' and 'done'."
    q = find_quotes(listed)
    assert coordinated_with_previous(listed, q[0], q[1])
    assert coordinated_with_previous(listed, q[1], q[2])
    narrated = "she was 'ready to serve' and the crowd chanted 'proud of it', then left."
    q = find_quotes(narrated)
    assert not coordinated_with_previous(narrated, q[0], q[1])
    # two sentences quoted one after the other are two quotations, not a list
    dialogue = "\u2018Yes.\u2019 \u2018No.\u2019"
    q = find_quotes(dialogue)
    assert not coordinated_with_previous(dialogue, q[0], q[1])
