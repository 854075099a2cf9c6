"""Speaker patterns seen in held-out news, each on a sentence written for the test."""

from __future__ import annotations

import pytest

from service.attribution.engine import attribute
from service.attribution.marks import find_quotes
from service.attribution.people import People
from service.attribution.syntax import DocView, Regions
from tests.stubs import parsed_document, ready_rows


@pytest.mark.parametrize(
    ("office", "noun"), [("Prime Minister", "Minister"), ("Secretary General", "General")]
)
def test_a_role_noun_is_not_the_person_the_article_gave_another_office(office, noun):
    text = f'{office} Jo Bloggs met the rival. The US president has called the rival a "dangerous tyrant".'
    rows = [
        (office.split()[0], "PROPN", 1, "compound"),
        (noun, "PROPN", 2, "compound"),
        ("Jo", "PROPN", 4, "nsubj"),
        ("Bloggs", "PROPN", 2, "flat"),
        ("met", "VERB", -1, "root"),
        ("the", "DET", 6, "det"),
        ("rival", "NOUN", 4, "obj"),
        (".", "PUNCT", 4, "punct"),
        ("The", "DET", 10, "det"),
        ("US", "PROPN", 10, "compound"),
        ("president", "NOUN", 12, "nsubj"),
        ("has", "AUX", 12, "aux"),
        ("called", "VERB", -1, "root"),
        ("the", "DET", 14, "det"),
        ("rival", "NOUN", 12, "obj"),
        ("a", "DET", 18, "det"),
        ('"', "PUNCT", 18, "punct"),
        ("dangerous", "ADJ", 18, "amod"),
        ("tyrant", "NOUN", 12, "xcomp"),
        ('"', "PUNCT", 18, "punct"),
        (".", "PUNCT", 12, "punct"),
    ]
    doc = parsed_document(text, rows, (0, 8), [("Jo Bloggs", "PERSON")])
    assert [q.speaker for q in attribute(doc).quotes] == ["US president"]


def test_a_byline_titles_nobody_and_speaks_for_nobody():
    text = (
        "Travelling with the prime minister Jo Bloggs, Senior producer\n\n"
        '"We are ready," the prime minister said.'
    )
    rows = [
        ("Travelling", "VERB", -1, "root"),
        ("with", "ADP", 4, "case"),
        ("the", "DET", 4, "det"),
        ("prime", "ADJ", 4, "amod"),
        ("minister", "NOUN", 0, "obl"),
        ("Jo", "PROPN", 4, "appos"),
        ("Bloggs", "PROPN", 5, "flat"),
        (",", "PUNCT", 9, "punct"),
        ("Senior", "ADJ", 9, "amod"),
        ("producer", "NOUN", 5, "appos"),
        *ready_rows(19, first=10),
        ("the", "DET", 18, "det"),
        ("prime", "ADJ", 18, "amod"),
        ("minister", "NOUN", 19, "nsubj"),
        ("said", "VERB", -1, "root"),
        (".", "PUNCT", 19, "punct"),
    ]
    doc = parsed_document(text, rows, (0, 10), [("Jo Bloggs", "PERSON")])
    result = attribute(doc)
    assert [q.speaker for q in result.quotes] == ["prime minister"]
    assert all(s.name != "Jo Bloggs" for s in result.speakers)


def test_a_foreign_verb_before_a_name_is_not_part_of_it():
    text = 'Ann Roe spoke. "Wij gaan door," zei Roe.'
    rows = [
        ("Ann", "PROPN", 2, "nsubj"),
        ("Roe", "PROPN", 0, "flat"),
        ("spoke", "VERB", -1, "root"),
        (".", "PUNCT", 2, "punct"),
        ('"', "PUNCT", 5, "punct"),
        ("Wij", "PROPN", 5, "nsubj"),
        ("gaan", "VERB", -1, "root"),
        ("door", "ADP", 5, "compound:prt"),
        (",", "PUNCT", 5, "punct"),
        ('"', "PUNCT", 5, "punct"),
        ("zei", "X", 11, "compound"),
        ("Roe", "PROPN", 5, "parataxis"),
        (".", "PUNCT", 5, "punct"),
    ]
    doc = parsed_document(text, rows, (0, 4), [("Ann Roe", "PERSON"), ("zei Roe", "PERSON")])
    quoted = Regions([(q.open_mark, q.end + 1) for q in find_quotes(text)])
    people = People(DocView(doc), quoted)
    assert [e.name for e in people.entries] == ["Ann Roe"]


def test_the_mayor_is_the_one_the_article_titled_mayor_where_the_tagger_did_not_read():
    # the first paragraph was never analysed (no tokens, no entities there)
    text = 'Toronto Mayor Jane Doe opened the park.\n\n"We are ready," the mayor told reporters.'
    rows = [
        *ready_rows(8),
        ("the", "DET", 7, "det"),
        ("mayor", "NOUN", 8, "nsubj"),
        ("told", "VERB", -1, "root"),
        ("reporters", "NOUN", 8, "obj"),
        (".", "PUNCT", 8, "punct"),
    ]
    result = attribute(parsed_document(text, rows))
    assert [q.speaker for q in result.quotes] == ["Jane Doe"]


def test_two_people_titled_alike_leave_the_role_noun_a_description():
    text = (
        "Finance Minister Jane Doe and Health Minister Ann Roe spoke.\n\n"
        '"We are ready," the minister said.'
    )
    rows = [
        *ready_rows(8),
        ("the", "DET", 7, "det"),
        ("minister", "NOUN", 8, "nsubj"),
        ("said", "VERB", -1, "root"),
        (".", "PUNCT", 8, "punct"),
    ]
    result = attribute(parsed_document(text, rows))
    assert [q.speaker for q in result.quotes] == ["minister"]


def test_a_message_someone_posts_speaks_for_its_author():
    text = 'The senator posted a message from Ann Roe saying: "We are ready."'
    rows = [
        ("The", "DET", 1, "det"),
        ("senator", "NOUN", 2, "nsubj"),
        ("posted", "VERB", -1, "root"),
        ("a", "DET", 4, "det"),
        ("message", "NOUN", 2, "obj"),
        ("from", "ADP", 6, "case"),
        ("Ann", "PROPN", 4, "nmod"),
        ("Roe", "PROPN", 6, "flat"),
        ("saying", "VERB", 4, "acl"),
        (":", "PUNCT", 8, "punct"),
        ('"', "PUNCT", 13, "punct"),
        ("We", "PRON", 13, "nsubj"),
        ("are", "AUX", 13, "cop"),
        ("ready", "ADJ", 8, "ccomp"),
        (".", "PUNCT", 13, "punct"),
        ('"', "PUNCT", 13, "punct"),
    ]
    result = attribute(parsed_document(text, rows, entities=[("Ann Roe", "PERSON")]))
    assert [q.speaker for q in result.quotes] == ["Ann Roe"]


def test_a_known_surname_before_the_cue_speaks_however_it_was_tagged():
    # a weak tagger made "Lee" a verb with no subject of its own
    text = 'Ana Lee arrived. Speaking to reporters, Lee said this was "a very good day".'
    rows = [
        ("Ana", "PROPN", 2, "nsubj"),
        ("Lee", "PROPN", 0, "flat"),
        ("arrived", "VERB", -1, "root"),
        (".", "PUNCT", 2, "punct"),
        ("Speaking", "VERB", 9, "advcl"),
        ("to", "ADP", 6, "case"),
        ("reporters", "NOUN", 4, "obl"),
        (",", "PUNCT", 4, "punct"),
        ("Lee", "VERB", 9, "ccomp"),
        ("said", "VERB", -1, "root"),
        ("this", "PRON", 16, "nsubj"),
        ("was", "AUX", 16, "cop"),
        ('"', "PUNCT", 16, "punct"),
        ("a", "DET", 16, "det"),
        ("very", "ADV", 15, "advmod"),
        ("good", "ADJ", 16, "amod"),
        ("day", "NOUN", 9, "ccomp"),
        ('"', "PUNCT", 16, "punct"),
        (".", "PUNCT", 9, "punct"),
    ]
    doc = parsed_document(text, rows, (0, 4), [("Ana Lee", "PERSON")])
    result = attribute(doc)
    assert [q.speaker for q in result.quotes] == ["Ana Lee"]
    assert [t.rule for t in result.traces] == ["surname before the cue"]


def test_the_party_leader_is_the_one_the_article_titled_leader():
    text = 'Tory leader Kemi Doe spoke in Leeds. Later the party leader called it "a betrayal".'
    rows = [
        ("Tory", "PROPN", 1, "compound"),
        ("leader", "NOUN", 2, "compound"),
        ("Kemi", "PROPN", 4, "nsubj"),
        ("Doe", "PROPN", 2, "flat"),
        ("spoke", "VERB", -1, "root"),
        ("in", "ADP", 6, "case"),
        ("Leeds", "PROPN", 4, "obl"),
        (".", "PUNCT", 4, "punct"),
        ("Later", "ADV", 12, "advmod"),
        ("the", "DET", 11, "det"),
        ("party", "NOUN", 11, "compound"),
        ("leader", "NOUN", 12, "nsubj"),
        ("called", "VERB", -1, "root"),
        ("it", "PRON", 12, "obj"),
        ('"', "PUNCT", 16, "punct"),
        ("a", "DET", 16, "det"),
        ("betrayal", "NOUN", 12, "xcomp"),
        ('"', "PUNCT", 16, "punct"),
        (".", "PUNCT", 12, "punct"),
    ]
    doc = parsed_document(text, rows, (0, 8), [("Kemi Doe", "PERSON"), ("Leeds", "LOC")])
    result = attribute(doc)
    assert [q.speaker for q in result.quotes] == ["Kemi Doe"]
    assert [t.rule for t in result.traces] == ["title"]


def test_a_so_called_name_in_quotes_is_no_quotation_and_hides_none():
    from service.attribution.classify import named_thing
    from service.attribution.marks import find_quotes

    text = (
        "Ministers backed the so-called 'Plan for Change', which Doe said would 'deliver growth'."
    )
    spans = find_quotes(text)
    assert [text[q.start : q.end] for q in spans] == ["Plan for Change", "deliver growth"]
    assert [named_thing(text, q) for q in spans] == [True, False]


def test_it_after_the_utility_is_the_company_named_before():
    text = (
        "Hydro One raised its rates. The review took a year. The utility defended the plan. "
        '"Rural clinics remain a priority," it said.'
    )
    rows = [
        ("Hydro", "PROPN", 2, "nsubj"),
        ("One", "PROPN", 0, "flat"),
        ("raised", "VERB", -1, "root"),
        ("its", "PRON", 4, "nmod:poss"),
        ("rates", "NOUN", 2, "obj"),
        (".", "PUNCT", 2, "punct"),
        ("The", "DET", 7, "det"),
        ("review", "NOUN", 8, "nsubj"),
        ("took", "VERB", -1, "root"),
        ("a", "DET", 10, "det"),
        ("year", "NOUN", 8, "obj"),
        (".", "PUNCT", 8, "punct"),
        ("The", "DET", 13, "det"),
        ("utility", "NOUN", 14, "nsubj"),
        ("defended", "VERB", -1, "root"),
        ("the", "DET", 16, "det"),
        ("plan", "NOUN", 14, "obj"),
        (".", "PUNCT", 14, "punct"),
        ('"', "PUNCT", 21, "punct"),
        ("Rural", "ADJ", 20, "amod"),
        ("clinics", "NOUN", 21, "nsubj"),
        ("remain", "VERB", 27, "ccomp"),
        ("a", "DET", 23, "det"),
        ("priority", "NOUN", 21, "xcomp"),
        (",", "PUNCT", 21, "punct"),
        ('"', "PUNCT", 21, "punct"),
        ("it", "PRON", 27, "nsubj"),
        ("said", "VERB", -1, "root"),
        (".", "PUNCT", 27, "punct"),
    ]
    doc = parsed_document(text, rows, (0, 6, 12, 18), [("Hydro One", "ORG")])
    assert [q.speaker for q in attribute(doc).quotes] == ["Hydro One"]


def test_a_name_after_a_preposition_is_no_apposition():
    # a weak tagger read the newspaper as a person
    text = (
        "Chancellor Rachel Doe spoke in Leeds. In an interview with the Guardian, the chancellor said she "
        'would make "no apologies".'
    )
    rows = [
        ("Chancellor", "PROPN", 1, "compound"),
        ("Rachel", "PROPN", 3, "nsubj"),
        ("Doe", "PROPN", 1, "flat"),
        ("spoke", "VERB", -1, "root"),
        ("in", "ADP", 5, "case"),
        ("Leeds", "PROPN", 3, "obl"),
        (".", "PUNCT", 3, "punct"),
        ("In", "ADP", 9, "case"),
        ("an", "DET", 9, "det"),
        ("interview", "NOUN", 16, "obl"),
        ("with", "ADP", 12, "case"),
        ("the", "DET", 12, "det"),
        ("Guardian", "PROPN", 9, "nmod"),
        (",", "PUNCT", 16, "punct"),
        ("the", "DET", 15, "det"),
        ("chancellor", "NOUN", 16, "nsubj"),
        ("said", "VERB", -1, "root"),
        ("she", "PRON", 19, "nsubj"),
        ("would", "AUX", 19, "aux"),
        ("make", "VERB", 16, "ccomp"),
        ('"', "PUNCT", 22, "punct"),
        ("no", "DET", 22, "det"),
        ("apologies", "NOUN", 19, "obj"),
        ('"', "PUNCT", 22, "punct"),
        (".", "PUNCT", 16, "punct"),
    ]
    entities = [("Rachel Doe", "PERSON"), ("Leeds", "LOC"), ("Guardian", "PERSON")]
    result = attribute(parsed_document(text, rows, (0, 7), entities))
    assert [q.speaker for q in result.quotes] != ["Guardian"]
    assert [q.speaker for q in result.quotes] == ["Rachel Doe"]


def test_a_fragment_belongs_to_the_speech_verb_before_it_however_far():
    # the weak parse did not hang the fragment on "said": it made it a root of its own
    text = 'Ana Lee said that the strikes on the camps last year may be "legally justifiable".'
    rows = [
        ("Ana", "PROPN", 2, "nsubj"),
        ("Lee", "PROPN", 0, "flat"),
        ("said", "VERB", -1, "root"),
        ("that", "SCONJ", 11, "mark"),
        ("the", "DET", 5, "det"),
        ("strikes", "NOUN", 2, "obj"),
        ("on", "ADP", 8, "case"),
        ("the", "DET", 8, "det"),
        ("camps", "NOUN", 5, "nmod"),
        ("last", "ADJ", 10, "amod"),
        ("year", "NOUN", 5, "obl"),
        ("may", "AUX", 15, "aux"),
        ("be", "AUX", 15, "cop"),
        ('"', "PUNCT", 15, "punct"),
        ("legally", "ADV", 15, "advmod"),
        ("justifiable", "ADJ", -1, "root"),
        ('"', "PUNCT", 15, "punct"),
        (".", "PUNCT", 2, "punct"),
    ]
    result = attribute(parsed_document(text, rows, entities=[("Ana Lee", "PERSON")]))
    assert [(q.text, q.speaker, q.kind) for q in result.quotes] == [
        ("legally justifiable", "Ana Lee", "fragment")
    ]


def _met_rows() -> list[tuple[str, str, int, str]]:
    """ "Ana Lee met Tom Roe in Paris." """
    return [
        ("Ana", "PROPN", 2, "nsubj"),
        ("Lee", "PROPN", 0, "flat"),
        ("met", "VERB", -1, "root"),
        ("Tom", "PROPN", 2, "obj"),
        ("Roe", "PROPN", 3, "flat"),
        ("in", "ADP", 6, "case"),
        ("Paris", "PROPN", 2, "obl"),
        (".", "PUNCT", 2, "punct"),
    ]


_MET = "Ana Lee met Tom Roe in Paris. "
_TWO = [("Ana Lee", "PERSON"), ("Tom Roe", "PERSON")]


def _names_of(doc):
    result = attribute(doc)
    speakers = {s.id: s.name for s in result.speakers}
    return [[speakers[i] for i in q.speaker_ids] for q in result.quotes], result


def test_the_two_leaders_are_the_two_people_last_named():
    text = _MET + '"We are ready," the two leaders said in a joint statement.'
    rows = [
        *_met_rows(),
        *ready_rows(17, first=8),
        ("the", "DET", 16, "det"),
        ("two", "NUM", 16, "nummod"),
        ("leaders", "NOUN", 17, "nsubj"),
        ("said", "VERB", -1, "root"),
        ("in", "ADP", 21, "case"),
        ("a", "DET", 21, "det"),
        ("joint", "ADJ", 21, "amod"),
        ("statement", "NOUN", 17, "obl"),
        (".", "PUNCT", 17, "punct"),
    ]
    named, result = _names_of(parsed_document(text, rows, (0, 8), _TWO))
    assert named == [["Ana Lee", "Tom Roe"]]
    assert result.quotes[0].speaker == "Ana Lee"


def test_both_men_are_the_two_men_last_named():
    text = "Jim Poe wrote to them. " + _MET + '"We are ready," both men said.'
    rows = [
        ("Jim", "PROPN", 2, "nsubj"),
        ("Poe", "PROPN", 0, "flat"),
        ("wrote", "VERB", -1, "root"),
        ("to", "ADP", 4, "case"),
        ("them", "PRON", 2, "obl"),
        (".", "PUNCT", 2, "punct"),
        *[(w, u, h + 6 if h >= 0 else h, r) for w, u, h, r in _met_rows()],
        *ready_rows(22, first=14),
        ("both", "DET", 21, "det"),
        ("men", "NOUN", 22, "nsubj"),
        ("said", "VERB", -1, "root"),
        (".", "PUNCT", 22, "punct"),
    ]
    people = [("Jim Poe", "PERSON"), *_TWO]
    named, _ = _names_of(parsed_document(text, rows, (0, 6, 14), people))
    # Ana Lee is a woman by her given name: the two men are the men last named
    assert named == [["Jim Poe", "Tom Roe"]]


def test_the_pair_are_the_two_people_last_named():
    text = _MET + '"We are ready," the pair said.'
    rows = [
        *_met_rows(),
        *ready_rows(16, first=8),
        ("the", "DET", 15, "det"),
        ("pair", "NOUN", 16, "nsubj"),
        ("said", "VERB", -1, "root"),
        (".", "PUNCT", 16, "punct"),
    ]
    named, _ = _names_of(parsed_document(text, rows, (0, 8), _TWO))
    assert named == [["Ana Lee", "Tom Roe"]]


def test_the_two_alone_are_the_two_people_last_named():
    text = _MET + '"We are ready," the two said.'
    rows = [
        *_met_rows(),
        *ready_rows(16, first=8),
        ("the", "DET", 15, "det"),
        ("two", "NUM", 16, "nsubj"),
        ("said", "VERB", -1, "root"),
        (".", "PUNCT", 16, "punct"),
    ]
    named, _ = _names_of(parsed_document(text, rows, (0, 8), _TWO))
    assert named == [["Ana Lee", "Tom Roe"]]


def test_two_countries_are_not_people():
    text = _MET + '"We are ready," the two countries said.'
    rows = [
        *_met_rows(),
        *ready_rows(17, first=8),
        ("the", "DET", 16, "det"),
        ("two", "NUM", 16, "nummod"),
        ("countries", "NOUN", 17, "nsubj"),
        ("said", "VERB", -1, "root"),
        (".", "PUNCT", 17, "punct"),
    ]
    named, _ = _names_of(parsed_document(text, rows, (0, 8), _TWO))
    assert all(len(n) <= 1 for n in named)


def test_three_leaders_with_two_people_named_are_not_those_two():
    text = _MET + '"We are ready," the three leaders said.'
    rows = [
        *_met_rows(),
        *ready_rows(17, first=8),
        ("the", "DET", 16, "det"),
        ("three", "NUM", 16, "nummod"),
        ("leaders", "NOUN", 17, "nsubj"),
        ("said", "VERB", -1, "root"),
        (".", "PUNCT", 17, "punct"),
    ]
    named, _ = _names_of(parsed_document(text, rows, (0, 8), _TWO))
    assert all(len(n) <= 1 for n in named)


def test_a_pronoun_goes_to_the_person_of_its_gender_named_before():
    text = (
        "Ana Lee spoke on Monday. She thanked Tom Roe for his support. "
        '"We are ready," she told parliament.'
    )
    rows = [
        ("Ana", "PROPN", 2, "nsubj"),
        ("Lee", "PROPN", 0, "flat"),
        ("spoke", "VERB", -1, "root"),
        ("on", "ADP", 4, "case"),
        ("Monday", "PROPN", 2, "obl"),
        (".", "PUNCT", 2, "punct"),
        ("She", "PRON", 7, "nsubj"),
        ("thanked", "VERB", -1, "root"),
        ("Tom", "PROPN", 7, "obj"),
        ("Roe", "PROPN", 8, "flat"),
        ("for", "ADP", 12, "case"),
        ("his", "PRON", 12, "nmod:poss"),
        ("support", "NOUN", 7, "obl"),
        (".", "PUNCT", 7, "punct"),
        *ready_rows(21, first=14),
        ("she", "PRON", 21, "nsubj"),
        ("told", "VERB", -1, "root"),
        ("parliament", "NOUN", 21, "obj"),
        (".", "PUNCT", 21, "punct"),
    ]
    people = [("Ana Lee", "PERSON"), ("Tom Roe", "PERSON")]
    doc = parsed_document(text, rows, (0, 6, 14), people)
    assert [q.speaker for q in attribute(doc).quotes] == ["Ana Lee"]


def _speakers_of(text, rows, entities=(("Jane Doe", "PERSON"),)):
    return [
        (q.text, q.speaker)
        for q in attribute(parsed_document(text, rows, entities=entities)).quotes
    ]


def test_a_fragment_in_what_a_speech_suggested_is_the_speakers():
    text = 'Jane Doe used a speech to suggest growth would have "consequences for the budget".'
    rows = [
        ("Jane", "PROPN", 2, "nsubj"),
        ("Doe", "PROPN", 0, "flat"),
        ("used", "VERB", -1, "root"),
        ("a", "DET", 4, "det"),
        ("speech", "NOUN", 2, "obj"),
        ("to", "PART", 6, "mark"),
        ("suggest", "VERB", 2, "advcl"),
        ("growth", "NOUN", 9, "nsubj"),
        ("would", "AUX", 9, "aux"),
        ("have", "VERB", 6, "ccomp"),
        ('"', "PUNCT", 11, "punct"),
        ("consequences", "NOUN", 9, "obj"),
        ("for", "ADP", 14, "case"),
        ("the", "DET", 14, "det"),
        ("budget", "NOUN", 11, "nmod"),
        ('"', "PUNCT", 11, "punct"),
        (".", "PUNCT", 2, "punct"),
    ]
    assert _speakers_of(text, rows) == [("consequences for the budget", "Jane Doe")]


def test_a_fragment_of_what_a_person_was_saying_is_not_the_nouns_beside_it():
    text = (
        "Jane Doe defended the Budget on Monday, saying the plan had the "
        '"full backing" of colleagues.'
    )
    rows = [
        ("Jane", "PROPN", 2, "nsubj"),
        ("Doe", "PROPN", 0, "flat"),
        ("defended", "VERB", -1, "root"),
        ("the", "DET", 4, "det"),
        ("Budget", "PROPN", 2, "obj"),
        ("on", "ADP", 6, "case"),
        ("Monday", "PROPN", 2, "obl"),
        (",", "PUNCT", 8, "punct"),
        ("saying", "VERB", 2, "advcl"),
        ("the", "DET", 10, "det"),
        ("plan", "NOUN", 11, "nsubj"),
        ("had", "VERB", 8, "ccomp"),
        ("the", "DET", 15, "det"),
        ('"', "PUNCT", 15, "punct"),
        ("full", "ADJ", 15, "amod"),
        ("backing", "NOUN", 11, "obj"),
        ('"', "PUNCT", 15, "punct"),
        ("of", "ADP", 18, "case"),
        ("colleagues", "NOUN", 15, "nmod"),
        (".", "PUNCT", 2, "punct"),
    ]
    entities = [("Jane Doe", "PERSON"), ("Budget", "ORG")]
    assert _speakers_of(text, rows, entities) == [("full backing", "Jane Doe")]


def test_with_a_person_saying_is_that_persons_word():
    text = 'Tom Roe spoke first, with Jane Doe saying that she was "certain" of a deal.'
    rows = [
        ("Tom", "PROPN", 2, "nsubj"),
        ("Roe", "PROPN", 0, "flat"),
        ("spoke", "VERB", -1, "root"),
        ("first", "ADV", 2, "advmod"),
        (",", "PUNCT", 8, "punct"),
        ("with", "ADP", 6, "case"),
        ("Jane", "PROPN", 8, "obl"),
        ("Doe", "PROPN", 6, "flat"),
        ("saying", "VERB", 2, "advcl"),
        ("that", "SCONJ", 13, "mark"),
        ("she", "PRON", 13, "nsubj"),
        ("was", "AUX", 13, "cop"),
        ('"', "PUNCT", 13, "punct"),
        ("certain", "ADJ", 8, "ccomp"),
        ('"', "PUNCT", 13, "punct"),
        ("of", "ADP", 17, "case"),
        ("a", "DET", 17, "det"),
        ("deal", "NOUN", 13, "obl"),
        (".", "PUNCT", 2, "punct"),
    ]
    people = [("Tom Roe", "PERSON"), ("Jane Doe", "PERSON")]
    assert _speakers_of(text, rows, people) == [("certain", "Jane Doe")]


def test_the_one_prompted_to_say_says_it():
    text = (
        "Tom Roe spoke. Jane Doe was asked about it, prompting her to say she was "
        '"confident about growth".'
    )
    rows = [
        ("Tom", "PROPN", 2, "nsubj"),
        ("Roe", "PROPN", 0, "flat"),
        ("spoke", "VERB", -1, "root"),
        (".", "PUNCT", 2, "punct"),
        ("Jane", "PROPN", 7, "nsubj:pass"),
        ("Doe", "PROPN", 4, "flat"),
        ("was", "AUX", 7, "aux:pass"),
        ("asked", "VERB", -1, "root"),
        ("about", "ADP", 9, "case"),
        ("it", "PRON", 7, "obl"),
        (",", "PUNCT", 11, "punct"),
        ("prompting", "VERB", 7, "advcl"),
        ("her", "PRON", 11, "obj"),
        ("to", "PART", 14, "mark"),
        ("say", "VERB", 11, "xcomp"),
        ("she", "PRON", 18, "nsubj"),
        ("was", "AUX", 18, "cop"),
        ('"', "PUNCT", 18, "punct"),
        ("confident", "ADJ", 14, "ccomp"),
        ("about", "ADP", 20, "case"),
        ("growth", "NOUN", 18, "obl"),
        ('"', "PUNCT", 18, "punct"),
        (".", "PUNCT", 7, "punct"),
    ]
    people = [("Tom Roe", "PERSON"), ("Jane Doe", "PERSON")]
    doc = parsed_document(text, rows, (0, 4), people)
    assert [q.speaker for q in attribute(doc).quotes] == ["Jane Doe"]


def test_a_fragment_is_the_speech_verb_before_it_not_a_clause_hung_on_it():
    # the parser hung "with Jane Doe saying" on the quoted noun
    text = 'Tom Roe spoke, adding that he was "in no hurry", with Jane Doe saying little.'
    rows = [
        ("Tom", "PROPN", 2, "nsubj"),
        ("Roe", "PROPN", 0, "flat"),
        ("spoke", "VERB", -1, "root"),
        (",", "PUNCT", 4, "punct"),
        ("adding", "VERB", 2, "advcl"),
        ("that", "SCONJ", 11, "mark"),
        ("he", "PRON", 11, "nsubj"),
        ("was", "AUX", 11, "cop"),
        ('"', "PUNCT", 11, "punct"),
        ("in", "ADP", 11, "case"),
        ("no", "DET", 11, "det"),
        ("hurry", "NOUN", 4, "ccomp"),
        ('"', "PUNCT", 11, "punct"),
        (",", "PUNCT", 17, "punct"),
        ("with", "ADP", 15, "case"),
        ("Jane", "PROPN", 17, "obl"),
        ("Doe", "PROPN", 15, "flat"),
        ("saying", "VERB", 11, "acl"),
        ("little", "ADJ", 17, "obj"),
        (".", "PUNCT", 2, "punct"),
    ]
    people = [("Tom Roe", "PERSON"), ("Jane Doe", "PERSON")]
    assert _speakers_of(text, rows, people) == [("in no hurry", "Tom Roe")]


def _said_rows(subject: str, first: int) -> list[tuple[str, str, int, str]]:
    """`"We are ready," the <subject> said.` from token `first`."""
    return [
        *ready_rows(first + 8, first=first),
        ("the", "DET", first + 7, "det"),
        (subject, "NOUN", first + 8, "nsubj"),
        ("said", "VERB", -1, "root"),
        (".", "PUNCT", first + 8, "punct"),
    ]


def test_a_claim_quoted_speaks_as_the_claim_not_the_person_beside_it():
    text = 'Ana Lee sued the city. "We are ready," the claim said.'
    rows = [
        ("Ana", "PROPN", 2, "nsubj"),
        ("Lee", "PROPN", 0, "flat"),
        ("sued", "VERB", -1, "root"),
        ("the", "DET", 4, "det"),
        ("city", "NOUN", 2, "obj"),
        (".", "PUNCT", 2, "punct"),
        *_said_rows("claim", 6),
    ]
    doc = parsed_document(text, rows, (0, 6), [("Ana Lee", "PERSON")])
    assert [q.speaker for q in attribute(doc).quotes] == ["claim"]


def test_a_report_quoted_speaks_as_the_report():
    text = 'Jim Poe declined to comment. "We are ready," the report said.'
    rows = [
        ("Jim", "PROPN", 2, "nsubj"),
        ("Poe", "PROPN", 0, "flat"),
        ("declined", "VERB", -1, "root"),
        ("to", "PART", 4, "mark"),
        ("comment", "VERB", 2, "xcomp"),
        (".", "PUNCT", 2, "punct"),
        *_said_rows("report", 6),
    ]
    doc = parsed_document(text, rows, (0, 6), [("Jim Poe", "PERSON")])
    assert [q.speaker for q in attribute(doc).quotes] == ["report"]


def test_a_report_someone_wrote_speaks_for_its_author():
    text = 'Jim Poe wrote a report. "We are ready," his report said.'
    rows = [
        ("Jim", "PROPN", 2, "nsubj"),
        ("Poe", "PROPN", 0, "flat"),
        ("wrote", "VERB", -1, "root"),
        ("a", "DET", 4, "det"),
        ("report", "NOUN", 2, "obj"),
        (".", "PUNCT", 2, "punct"),
        *ready_rows(14, first=6),
        ("his", "PRON", 13, "nmod:poss"),
        ("report", "NOUN", 14, "nsubj"),
        ("said", "VERB", -1, "root"),
        (".", "PUNCT", 14, "punct"),
    ]
    doc = parsed_document(text, rows, (0, 6), [("Jim Poe", "PERSON")])
    assert [q.speaker for q in attribute(doc).quotes] == ["Jim Poe"]


def test_a_description_after_two_names_is_the_one_the_article_gave_no_other_title():
    text = 'Coach Jim Poe praised Tom Roe. "We are ready," the rookie defenceman said.'
    rows = [
        ("Coach", "PROPN", 2, "compound"),
        ("Jim", "PROPN", 3, "nsubj"),
        ("Poe", "PROPN", 1, "flat"),
        ("praised", "VERB", -1, "root"),
        ("Tom", "PROPN", 3, "obj"),
        ("Roe", "PROPN", 4, "flat"),
        (".", "PUNCT", 3, "punct"),
        *ready_rows(16, first=7),
        ("the", "DET", 15, "det"),
        ("rookie", "NOUN", 15, "compound"),
        ("defenceman", "NOUN", 16, "nsubj"),
        ("said", "VERB", -1, "root"),
        (".", "PUNCT", 16, "punct"),
    ]
    people = [("Jim Poe", "PERSON"), ("Tom Roe", "PERSON")]
    doc = parsed_document(text, rows, (0, 7), people)
    assert [q.speaker for q in attribute(doc).quotes] == ["Tom Roe"]


def test_a_description_right_after_a_name_is_that_person():
    text = 'Tom Roe scored twice. "We are ready," the rookie defenceman said.'
    rows = [
        ("Tom", "PROPN", 2, "nsubj"),
        ("Roe", "PROPN", 0, "flat"),
        ("scored", "VERB", -1, "root"),
        ("twice", "ADV", 2, "advmod"),
        (".", "PUNCT", 2, "punct"),
        *ready_rows(14, first=5),
        ("the", "DET", 13, "det"),
        ("rookie", "NOUN", 13, "compound"),
        ("defenceman", "NOUN", 14, "nsubj"),
        ("said", "VERB", -1, "root"),
        (".", "PUNCT", 14, "punct"),
    ]
    doc = parsed_document(text, rows, (0, 5), [("Tom Roe", "PERSON")])
    assert [q.speaker for q in attribute(doc).quotes] == ["Tom Roe"]


# "Doe listed 'new jobs, lower bills' as wins": the `governing` case of test_sieves.py


def test_a_name_quoted_as_part_of_a_phrase_is_nobodys_words():
    text = 'Jane Doe unveiled a new "plan for lasting change" on Monday.'
    rows = [
        ("Jane", "PROPN", 2, "nsubj"),
        ("Doe", "PROPN", 0, "flat"),
        ("unveiled", "VERB", -1, "root"),
        ("a", "DET", 6, "det"),
        ("new", "ADJ", 6, "amod"),
        ('"', "PUNCT", 6, "punct"),
        ("plan", "NOUN", 2, "obj"),
        ("for", "ADP", 9, "case"),
        ("lasting", "ADJ", 9, "amod"),
        ("change", "NOUN", 6, "nmod"),
        ('"', "PUNCT", 6, "punct"),
        ("on", "ADP", 12, "case"),
        ("Monday", "PROPN", 2, "obl"),
        (".", "PUNCT", 2, "punct"),
    ]
    assert _speakers_of(text, rows) == []


def test_a_term_in_quotes_a_person_uses_is_not_a_quotation():
    text = 'Jane Doe published a "road map" for employers.'
    rows = [
        ("Jane", "PROPN", 2, "nsubj"),
        ("Doe", "PROPN", 0, "flat"),
        ("published", "VERB", -1, "root"),
        ("a", "DET", 6, "det"),
        ('"', "PUNCT", 6, "punct"),
        ("road", "NOUN", 6, "compound"),
        ("map", "NOUN", 2, "obj"),
        ('"', "PUNCT", 6, "punct"),
        ("for", "ADP", 9, "case"),
        ("employers", "NOUN", 6, "nmod"),
        (".", "PUNCT", 2, "punct"),
    ]
    assert _speakers_of(text, rows) == []


def test_a_name_right_before_a_verb_the_parser_left_without_subject_speaks():
    # the parser hung the name on the prepositional phrase before it
    text = 'In his remarks Tom Roe thanked Jim Poe while noting that "we never give up."'
    rows = [
        ("In", "ADP", 2, "case"),
        ("his", "PRON", 2, "nmod:poss"),
        ("remarks", "NOUN", 5, "obl"),
        ("Tom", "PROPN", 2, "appos"),
        ("Roe", "PROPN", 3, "flat"),
        ("thanked", "VERB", -1, "root"),
        ("Jim", "PROPN", 5, "obj"),
        ("Poe", "PROPN", 6, "flat"),
        ("while", "SCONJ", 9, "mark"),
        ("noting", "VERB", 5, "advcl"),
        ("that", "SCONJ", 14, "mark"),
        ('"', "PUNCT", 14, "punct"),
        ("we", "PRON", 14, "nsubj"),
        ("never", "ADV", 14, "advmod"),
        ("give", "VERB", 9, "ccomp"),
        ("up", "ADP", 14, "compound:prt"),
        (".", "PUNCT", 14, "punct"),
        ('"', "PUNCT", 14, "punct"),
    ]
    people = [("Tom Roe", "PERSON"), ("Jim Poe", "PERSON")]
    assert [q.speaker for q in attribute(parsed_document(text, rows, entities=people)).quotes] == [
        "Tom Roe"
    ]


def _pair_met_rows() -> list[tuple[str, str, int, str]]:
    """ "Ana Lee and Tom Roe met in Paris." """
    return [
        ("Ana", "PROPN", 5, "nsubj"),
        ("Lee", "PROPN", 0, "flat"),
        ("and", "CCONJ", 3, "cc"),
        ("Tom", "PROPN", 0, "conj"),
        ("Roe", "PROPN", 3, "flat"),
        ("met", "VERB", -1, "root"),
        ("in", "ADP", 7, "case"),
        ("Paris", "PROPN", 5, "obl"),
        (".", "PUNCT", 5, "punct"),
    ]


def test_they_after_two_people_named_together_are_those_two():
    text = 'Ana Lee and Tom Roe met in Paris. "We are ready," they said in a joint statement.'
    rows = [
        *_pair_met_rows(),
        *ready_rows(16, first=9),
        ("they", "PRON", 16, "nsubj"),
        ("said", "VERB", -1, "root"),
        ("in", "ADP", 20, "case"),
        ("a", "DET", 20, "det"),
        ("joint", "ADJ", 20, "amod"),
        ("statement", "NOUN", 16, "obl"),
        (".", "PUNCT", 16, "punct"),
    ]
    named, _ = _names_of(parsed_document(text, rows, (0, 9), _TWO))
    assert named == [["Ana Lee", "Tom Roe"]]


def test_they_after_a_group_is_not_the_people_named_before_it():
    text = 'Ana Lee and Tom Roe met in Paris. Officials stayed away. "We are ready," they said.'
    rows = [
        *_pair_met_rows(),
        ("Officials", "NOUN", 10, "nsubj"),
        ("stayed", "VERB", -1, "root"),
        ("away", "ADV", 10, "advmod"),
        (".", "PUNCT", 10, "punct"),
        *ready_rows(20, first=13),
        ("they", "PRON", 20, "nsubj"),
        ("said", "VERB", -1, "root"),
        (".", "PUNCT", 20, "punct"),
    ]
    named, _ = _names_of(parsed_document(text, rows, (0, 9, 13), _TWO))
    assert all(len(n) <= 1 for n in named)


def test_they_after_two_titled_people_are_those_two_however_the_titles_were_parsed():
    text = 'Minister Ana Lee and President Tom Roe met. "We are ready," they said.'
    rows = [
        ("Minister", "PROPN", 7, "nsubj"),
        ("Ana", "PROPN", 0, "flat"),
        ("Lee", "PROPN", 1, "flat"),
        ("and", "CCONJ", 4, "cc"),
        ("President", "PROPN", 2, "conj"),
        ("Tom", "PROPN", 4, "flat"),
        ("Roe", "PROPN", 4, "flat"),
        ("met", "VERB", -1, "root"),
        (".", "PUNCT", 7, "punct"),
        *ready_rows(16, first=9),
        ("they", "PRON", 16, "nsubj"),
        ("said", "VERB", -1, "root"),
        (".", "PUNCT", 16, "punct"),
    ]
    named, _ = _names_of(parsed_document(text, rows, (0, 9), _TWO))
    assert named == [["Ana Lee", "Tom Roe"]]


def test_a_role_phrase_does_not_reach_over_its_determiner_into_a_place():
    # "at The Hague the US President said": the run of proper nouns stops at "the"
    text = 'At The Hague the US President said Spain will "pay twice as much".'
    rows = [
        ("At", "ADP", 2, "case"),
        ("The", "DET", 2, "det"),
        ("Hague", "PROPN", 6, "obl"),
        ("the", "DET", 5, "det"),
        ("US", "PROPN", 5, "compound"),
        ("President", "PROPN", 6, "nsubj"),
        ("said", "VERB", -1, "root"),
        ("Spain", "PROPN", 9, "nsubj"),
        ("will", "AUX", 9, "aux"),
        ('"', "PUNCT", 9, "punct"),
        ("pay", "VERB", 6, "ccomp"),
        ("twice", "ADV", 12, "advmod"),
        ("as", "ADV", 12, "advmod"),
        ("much", "ADV", 9, "advmod"),
        ('"', "PUNCT", 9, "punct"),
        (".", "PUNCT", 6, "punct"),
    ]
    doc = parsed_document(text, rows, (0,), [("The Hague", "LOC"), ("Spain", "LOC")])
    assert [q.speaker for q in attribute(doc).quotes] == ["US President"]


def test_an_outlet_keeps_the_capital_the_it_is_written_with():
    # "The Blaze", "The Hill": mid-sentence, a capitalised "The" is part of the name; the key
    # leaves it out, so the outlet is one speaker across articles however a sentence opens
    text = '"We are ready," The Blaze reported.'
    rows = [
        *ready_rows(8),
        ("The", "DET", 7, "det"),
        ("Blaze", "PROPN", 8, "nsubj"),
        ("reported", "VERB", -1, "root"),
        (".", "PUNCT", 8, "punct"),
    ]
    result = attribute(parsed_document(text, rows, (0,), [("The Blaze", "ORG")]))
    assert [q.speaker for q in result.quotes] == ["The Blaze"]
    assert [s.key for s in result.speakers] == ["organization:blaze"]


def test_officials_are_not_the_one_person_in_view():
    # a plural role noun names several people the article does not name, not the person last
    # named ("justice officials said" after Meng Wanzhou was)
    text = (
        'Jane Doe was arrested. Justice officials said: "The decision is routine, never political."'
    )
    rows = [
        ("Jane", "PROPN", 3, "nsubj:pass"),
        ("Doe", "PROPN", 0, "flat"),
        ("was", "AUX", 3, "aux:pass"),
        ("arrested", "VERB", -1, "root"),
        (".", "PUNCT", 3, "punct"),
        ("Justice", "NOUN", 6, "compound"),
        ("officials", "NOUN", 7, "nsubj"),
        ("said", "VERB", -1, "root"),
        (":", "PUNCT", 12, "punct"),
        ('"', "PUNCT", 12, "punct"),
        ("The", "DET", 11, "det"),
        ("decision", "NOUN", 12, "nsubj"),
        ("is", "AUX", 12, "cop"),
        ("routine", "ADJ", 7, "ccomp"),
        (",", "PUNCT", 15, "punct"),
        ("never", "ADV", 15, "advmod"),
        ("political", "ADJ", 12, "conj"),
        (".", "PUNCT", 12, "punct"),
        ('"', "PUNCT", 12, "punct"),
    ]
    doc = parsed_document(text, rows, (0, 5), [("Jane Doe", "PERSON")])
    assert [q.speaker for q in attribute(doc).quotes] == ["Justice officials"]


@pytest.mark.parametrize(("poss", "sex"), [("his", "he"), ("her", "she")])
def test_a_possessive_before_a_named_aide_is_not_the_speaker(poss, sex):
    # `added his campaign manager Jeff Weaver`: the name is who speaks, not whoever "his" is
    text = f'Ann Roe and Bob Lee spoke. "We will win," added {poss} campaign manager Jeff Weaver.'
    rows = [
        ("Ann", "PROPN", 5, "nsubj"),
        ("Roe", "PROPN", 0, "flat"),
        ("and", "CCONJ", 3, "cc"),
        ("Bob", "PROPN", 0, "conj"),
        ("Lee", "PROPN", 3, "flat"),
        ("spoke", "VERB", -1, "root"),
        (".", "PUNCT", 5, "punct"),
        ('"', "PUNCT", 9, "punct"),
        ("We", "PRON", 9, "nsubj"),
        ("will", "AUX", 9, "aux"),
        ("win", "VERB", 13, "ccomp"),
        (",", "PUNCT", 9, "punct"),
        ('"', "PUNCT", 9, "punct"),
        ("added", "VERB", -1, "root"),
        (poss, "PRON", 16, "nmod:poss"),
        ("campaign", "NOUN", 16, "compound"),
        ("manager", "NOUN", 13, "obj"),
        ("Jeff", "PROPN", 16, "appos"),
        ("Weaver", "PROPN", 17, "flat"),
        (".", "PUNCT", 13, "punct"),
    ]
    entities = [("Ann Roe", "PERSON"), ("Bob Lee", "PERSON"), ("Jeff Weaver", "PERSON")]
    doc = parsed_document(text, rows, (0, 7), entities)
    assert [q.speaker for q in attribute(doc).quotes] == ["Jeff Weaver"]


def test_a_name_after_the_is_an_organisation_however_it_was_tagged():
    # "the Guardian" tagged as a person: no one's name takes "the", so the paper is an
    # organisation, which "she" is not
    text = 'Bloggs arrived on Monday. In an interview with the Guardian, she said: "It went well."'
    rows = [
        ("Bloggs", "PROPN", 1, "nsubj"),
        ("arrived", "VERB", -1, "root"),
        ("on", "ADP", 3, "case"),
        ("Monday", "PROPN", 1, "obl"),
        (".", "PUNCT", 1, "punct"),
        ("In", "ADP", 7, "case"),
        ("an", "DET", 7, "det"),
        ("interview", "NOUN", 13, "obl"),
        ("with", "ADP", 10, "case"),
        ("the", "DET", 10, "det"),
        ("Guardian", "PROPN", 7, "nmod"),
        (",", "PUNCT", 13, "punct"),
        ("she", "PRON", 13, "nsubj"),
        ("said", "VERB", -1, "root"),
        (":", "PUNCT", 17, "punct"),
        ('"', "PUNCT", 17, "punct"),
        ("It", "PRON", 17, "nsubj"),
        ("went", "VERB", 13, "ccomp"),
        ("well", "ADV", 17, "advmod"),
        (".", "PUNCT", 17, "punct"),
        ('"', "PUNCT", 17, "punct"),
    ]
    doc = parsed_document(text, rows, (0, 5), [("Bloggs", "PERSON"), ("Guardian", "PERSON")])
    assert [q.speaker for q in attribute(doc).quotes] == ["Bloggs"]


def test_the_subject_of_a_cue_is_found_four_clauses_up():
    # "for suggesting" hangs on "coming under fire", on "have relented", on "Roe appears"
    text = 'Roe appears to have relented after coming under fire for suggesting the deal was "legally sound".'
    rows = [
        ("Roe", "PROPN", 1, "nsubj"),
        ("appears", "VERB", -1, "root"),
        ("to", "PART", 3, "mark"),
        ("have", "VERB", 1, "xcomp"),
        ("relented", "VERB", 3, "xcomp"),
        ("after", "SCONJ", 6, "mark"),
        ("coming", "VERB", 3, "advcl"),
        ("under", "ADP", 8, "case"),
        ("fire", "NOUN", 6, "obl"),
        ("for", "SCONJ", 10, "mark"),
        ("suggesting", "VERB", 6, "advcl"),
        ("the", "DET", 12, "det"),
        ("deal", "NOUN", 16, "nsubj"),
        ("was", "AUX", 16, "cop"),
        ('"', "PUNCT", 16, "punct"),
        ("legally", "ADV", 16, "advmod"),
        ("sound", "ADJ", 10, "ccomp"),
        ('"', "PUNCT", 16, "punct"),
        (".", "PUNCT", 1, "punct"),
    ]
    doc = parsed_document(text, rows, entities=[("Roe", "PERSON")])
    assert [q.speaker for q in attribute(doc).quotes] == ["Roe"]
