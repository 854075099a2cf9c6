"""Reported speech on hand-written parses: each content rule, the speaker, and what is not
reported speech. No models."""

from __future__ import annotations

import msgspec

from service.attribution.contents import CONTENT_SIEVES
from service.attribution.engine import attribute
from service.nlp.document import Document
from service.schemas import DEFAULT_KINDS, Quote, QuoteKind
from tests.stubs import parsed_document

ALL = tuple(QuoteKind)
ANA = [("Ana Lee", "PERSON")]
# "Ana Lee said" as the first three rows of a sentence whose root is "said"
ANA_LEE_SAID = [
    ("Ana", "PROPN", 2, "nsubj"),
    ("Lee", "PROPN", 0, "flat"),
    ("said", "VERB", -1, "root"),
]


def indirect(doc: Document) -> list[Quote]:
    return [q for q in attribute(doc, kinds=ALL).quotes if q.kind is QuoteKind.INDIRECT]


def said_meet() -> Document:
    rows = [
        *ANA_LEE_SAID,
        ("she", "PRON", 5, "nsubj"),
        ("would", "AUX", 5, "aux"),
        ("meet", "VERB", 2, "ccomp"),
        ("Putin", "PROPN", 5, "obj"),
        (".", "PUNCT", 2, "punct"),
    ]
    return parsed_document("Ana Lee said she would meet Putin.", rows, entities=ANA)


def test_the_complement_of_a_speech_verb_is_reported_by_its_subject():
    (q,) = indirect(said_meet())
    assert (q.text, q.speaker, q.cue and q.cue.text) == ("she would meet Putin", "Ana Lee", "said")


def test_reported_speech_is_returned_only_when_asked_for():
    doc = said_meet()
    assert attribute(doc).quotes == ()
    assert attribute(doc, kinds=DEFAULT_KINDS).quotes == ()
    assert [q.kind for q in attribute(doc, kinds=(QuoteKind.INDIRECT,)).quotes] == [
        QuoteKind.INDIRECT
    ]


def test_an_inverted_attribution_reports_the_clause_before_it():
    rows = [
        ("The", "DET", 1, "det"),
        ("talks", "NOUN", 3, "nsubj"),
        ("will", "AUX", 3, "aux"),
        ("resume", "VERB", -1, "root"),
        (",", "PUNCT", 7, "punct"),
        ("Ana", "PROPN", 7, "nsubj"),
        ("Lee", "PROPN", 5, "flat"),
        ("said", "VERB", 3, "parataxis"),
        (".", "PUNCT", 3, "punct"),
    ]
    (q,) = indirect(parsed_document("The talks will resume, Ana Lee said.", rows, entities=ANA))
    assert (q.text, q.speaker) == ("The talks will resume", "Ana Lee")


def test_according_to_reports_the_clause_without_the_phrase():
    rows = [
        ("According", "VERB", 2, "case"),
        ("to", "ADP", 0, "fixed"),
        ("Ana", "PROPN", 8, "obl"),
        ("Lee", "PROPN", 2, "flat"),
        (",", "PUNCT", 2, "punct"),
        ("the", "DET", 6, "det"),
        ("talks", "NOUN", 8, "nsubj"),
        ("will", "AUX", 8, "aux"),
        ("resume", "VERB", -1, "root"),
        (".", "PUNCT", 8, "punct"),
    ]
    text = "According to Ana Lee, the talks will resume."
    (q,) = indirect(parsed_document(text, rows, entities=ANA))
    assert (q.text, q.speaker, q.cue and q.cue.text) == (
        "the talks will resume",
        "Ana Lee",
        "According to",
    )


def test_a_cue_hanging_on_another_verb_takes_its_subject():
    rows = [
        ("Ana", "PROPN", 2, "nsubj"),
        ("Lee", "PROPN", 0, "flat"),
        ("praised", "VERB", -1, "root"),
        ("the", "DET", 4, "det"),
        ("deal", "NOUN", 2, "obj"),
        (",", "PUNCT", 6, "punct"),
        ("saying", "VERB", 2, "advcl"),
        ("it", "PRON", 9, "nsubj"),
        ("would", "AUX", 9, "aux"),
        ("create", "VERB", 6, "ccomp"),
        ("jobs", "NOUN", 9, "obj"),
        (".", "PUNCT", 2, "punct"),
    ]
    text = "Ana Lee praised the deal, saying it would create jobs."
    (q,) = indirect(parsed_document(text, rows, entities=ANA))
    assert (q.text, q.speaker, q.cue and q.cue.text) == (
        "it would create jobs",
        "Ana Lee",
        "saying",
    )


def test_a_noun_of_saying_reports_its_content_clause():
    rows = [
        ("Ana", "PROPN", 3, "nmod:poss"),
        ("Lee", "PROPN", 0, "flat"),
        ("'s", "PART", 0, "case"),
        ("claim", "NOUN", 10, "nsubj"),
        ("that", "SCONJ", 7, "mark"),
        ("the", "DET", 6, "det"),
        ("talks", "NOUN", 7, "nsubj"),
        ("failed", "VERB", 3, "acl"),
        ("was", "AUX", 10, "cop"),
        ("widely", "ADV", 10, "advmod"),
        ("doubted", "ADJ", -1, "root"),
        (".", "PUNCT", 10, "punct"),
    ]
    text = "Ana Lee's claim that the talks failed was widely doubted."
    (q,) = indirect(parsed_document(text, rows, entities=ANA))
    assert q.text == "that the talks failed"


def test_a_belief_is_not_reported_speech():
    rows = [
        ("Ana", "PROPN", 2, "nsubj"),
        ("Lee", "PROPN", 0, "flat"),
        ("believes", "VERB", -1, "root"),
        ("the", "DET", 4, "det"),
        ("talks", "NOUN", 6, "nsubj"),
        ("will", "AUX", 6, "aux"),
        ("resume", "VERB", 2, "ccomp"),
        (".", "PUNCT", 2, "punct"),
    ]
    text = "Ana Lee believes the talks will resume."
    assert indirect(parsed_document(text, rows, entities=ANA)) == []


def test_a_complement_in_quotation_marks_is_a_quotation_not_reported_speech():
    rows = [
        *ANA_LEE_SAID,
        (":", "PUNCT", 2, "punct"),
        ('"', "PUNCT", 7, "punct"),
        ("We", "PRON", 7, "nsubj"),
        ("will", "AUX", 7, "aux"),
        ("resume", "VERB", 2, "ccomp"),
        ("talks", "NOUN", 7, "obj"),
        (".", "PUNCT", 2, "punct"),
        ('"', "PUNCT", 7, "punct"),
    ]
    doc = parsed_document('Ana Lee said: "We will resume talks."', rows, entities=ANA)
    quotes = attribute(doc, kinds=ALL).quotes
    assert [(q.kind, q.text) for q in quotes] == [(QuoteKind.DIRECT, "We will resume talks.")]


def test_a_fragment_inside_reported_speech_is_both_and_linked():
    rows = [
        *ANA_LEE_SAID,
        ("the", "DET", 4, "det"),
        ("plan", "NOUN", 9, "nsubj"),
        ("was", "AUX", 9, "cop"),
        ('"', "PUNCT", 9, "punct"),
        ("ready", "ADJ", 9, "amod"),
        ("to", "PART", 9, "mark"),
        ("go", "VERB", 2, "ccomp"),
        ('"', "PUNCT", 9, "punct"),
        (".", "PUNCT", 2, "punct"),
    ]
    text = 'Ana Lee said the plan was "ready to go".'
    result = attribute(parsed_document(text, rows, entities=ANA), kinds=ALL)
    by_kind = {q.kind: q for q in result.quotes}
    said, fragment = by_kind[QuoteKind.INDIRECT], by_kind[QuoteKind.FRAGMENT]
    assert said.text == 'the plan was "ready to go"'
    assert fragment.text == "ready to go" and fragment.within == said.id
    assert said.speaker_id == fragment.speaker_id and len(result.speakers) == 1


def test_an_unparsed_sentence_holds_no_reported_speech():
    doc = said_meet()
    tokens = tuple(msgspec.structs.replace(t, head=-1, deprel="dep") for t in doc.tokens)
    assert indirect(msgspec.structs.replace(doc, tokens=tokens)) == []


def test_each_content_rule_is_named_once():
    names = [rule.__name__ for rule in CONTENT_SIEVES]
    assert len(set(names)) == len(names) == 8


# `Doe said the deal is good.` with the subject of the reported clause parsed as the object of
# "said", and "good" as its complement: the weak parse the word-order fallback is for.
WEAK = [
    *ANA_LEE_SAID,
    ("the", "DET", 4, "det"),
    ("deal", "NOUN", 2, "obj"),
    ("is", "AUX", 6, "cop"),
    ("good", "ADJ", 2, "ccomp"),
    (".", "PUNCT", 2, "punct"),
]


def test_a_complement_that_lost_its_subject_to_the_verb_is_read_from_the_word_order():
    (q,) = indirect(parsed_document("Ana Lee said the deal is good.", WEAK, entities=ANA))
    assert (q.text, q.speaker) == ("the deal is good", "Ana Lee")


def test_with_no_complement_at_all_the_words_after_the_cue_are_reported():
    rows = [(w, u, h, "obj" if r == "ccomp" else r) for w, u, h, r in WEAK]
    (q,) = indirect(parsed_document("Ana Lee said the deal is good.", rows, entities=ANA))
    assert q.text == "the deal is good"


def test_an_object_after_the_cue_is_not_reported_speech():
    rows = [
        ("Ana", "PROPN", 2, "nsubj"),
        ("Lee", "PROPN", 0, "flat"),
        ("denied", "VERB", -1, "root"),
        ("a", "DET", 4, "det"),
        ("request", "NOUN", 2, "obj"),
        ("to", "PART", 6, "mark"),
        ("replace", "VERB", 4, "acl"),
        ("the", "DET", 8, "det"),
        ("school", "NOUN", 6, "obj"),
        (".", "PUNCT", 2, "punct"),
    ]
    text = "Ana Lee denied a request to replace the school."
    assert indirect(parsed_document(text, rows, entities=ANA)) == []


def test_a_cue_ending_its_sentence_reports_the_clause_before_its_comma():
    rows = [
        ("The", "DET", 1, "det"),
        ("talks", "NOUN", 3, "nsubj"),
        ("will", "AUX", 3, "aux"),
        ("resume", "VERB", -1, "root"),
        (",", "PUNCT", 3, "punct"),
        ("Ana", "PROPN", 3, "obj"),
        ("Lee", "PROPN", 5, "flat"),
        ("said", "VERB", 5, "acl"),
        (".", "PUNCT", 3, "punct"),
    ]
    (q,) = indirect(parsed_document("The talks will resume, Ana Lee said.", rows, entities=ANA))
    assert (q.text, q.speaker) == ("The talks will resume", "Ana Lee")


def test_a_word_of_saying_inside_reported_words_is_no_second_item():
    rows = [
        *ANA_LEE_SAID,
        ("the", "DET", 5, "det"),
        ("predicted", "VERB", 5, "amod"),
        ("storm", "NOUN", 7, "nsubj"),
        ("has", "AUX", 7, "aux"),
        ("arrived", "VERB", 2, "ccomp"),
        (".", "PUNCT", 2, "punct"),
    ]
    text = "Ana Lee said the predicted storm has arrived."
    assert [q.text for q in indirect(parsed_document(text, rows, entities=ANA))] == [
        "the predicted storm has arrived"
    ]


def test_an_attribution_set_off_by_commas_reports_the_sentence_around_it():
    rows = [
        ("The", "DET", 1, "det"),
        ("museum", "NOUN", 6, "nsubj"),
        (",", "PUNCT", 4, "punct"),
        ("she", "PRON", 4, "nsubj"),
        ("said", "VERB", 6, "parataxis"),
        (",", "PUNCT", 4, "punct"),
        ("celebrates", "VERB", -1, "root"),
        ("her", "PRON", 8, "nmod:poss"),
        ("heroes", "NOUN", 6, "obj"),
        (".", "PUNCT", 6, "punct"),
    ]
    text = "Ana Lee spoke.\nThe museum, she said, celebrates her heroes."
    doc = parsed_document(
        text,
        [("Ana", "PROPN", 1, "nsubj"), ("Lee", "PROPN", -1, "root"), *_after(rows, 2)],
        sentence_starts=(0, 2),
        entities=ANA,
    )
    (q,) = indirect(doc)
    assert (q.text, q.speaker) == ("The museum, she said, celebrates her heroes", "Ana Lee")


def test_a_promise_reports_what_was_promised():
    rows = [
        ("Ana", "PROPN", 2, "nsubj"),
        ("Lee", "PROPN", 0, "flat"),
        ("vowed", "VERB", -1, "root"),
        ("to", "PART", 4, "mark"),
        ("repeal", "VERB", 2, "xcomp"),
        ("the", "DET", 6, "det"),
        ("law", "NOUN", 4, "obj"),
        (".", "PUNCT", 2, "punct"),
    ]
    (q,) = indirect(parsed_document("Ana Lee vowed to repeal the law.", rows, entities=ANA))
    assert (q.text, q.speaker, q.cue and q.cue.text) == ("to repeal the law", "Ana Lee", "vowed")


def _after(rows: list[tuple[str, str, int, str]], by: int) -> list[tuple[str, str, int, str]]:
    return [(w, u, h + by if h >= 0 else -1, r) for w, u, h, r in rows]


def test_a_speaker_the_article_only_describes_is_that_description():
    rows = [
        ("Aides", "NOUN", 3, "nsubj"),
        ("to", "ADP", 2, "case"),
        ("Clinton", "PROPN", 0, "nmod"),
        ("say", "VERB", -1, "root"),
        ("she", "PRON", 6, "nsubj"),
        ("is", "AUX", 6, "aux"),
        ("shifting", "VERB", 3, "ccomp"),
        ("her", "PRON", 8, "nmod:poss"),
        ("tack", "NOUN", 6, "obj"),
        (".", "PUNCT", 3, "punct"),
    ]
    text = "Aides to Clinton say she is shifting her tack."
    result = attribute(parsed_document(text, rows, entities=[("Clinton", "PERSON")]), kinds=ALL)
    (q,) = result.quotes
    (s,) = result.speakers
    assert q.text == "she is shifting her tack" and s.kind == "description"
    assert s.name.lower().startswith("aides")


def test_of_complements_on_both_sides_of_a_cue_the_one_after_it():
    # the weak parse hangs the critics' clause on "says" too: "says" reports what follows it
    text = "While critics say the plan is late, Ana Lee says the works will start in May."
    rows = [
        ("While", "SCONJ", 2, "mark"),
        ("critics", "NOUN", 2, "nsubj"),
        ("say", "VERB", 10, "advcl"),
        ("the", "DET", 4, "det"),
        ("plan", "NOUN", 6, "nsubj"),
        ("is", "AUX", 6, "cop"),
        ("late", "ADJ", 10, "ccomp"),
        (",", "PUNCT", 2, "punct"),
        ("Ana", "PROPN", 10, "nsubj"),
        ("Lee", "PROPN", 8, "flat"),
        ("says", "VERB", -1, "root"),
        ("the", "DET", 12, "det"),
        ("works", "NOUN", 14, "nsubj"),
        ("will", "AUX", 14, "aux"),
        ("start", "VERB", 10, "ccomp"),
        ("in", "ADP", 16, "case"),
        ("May", "PROPN", 14, "obl"),
        (".", "PUNCT", 10, "punct"),
    ]
    items = indirect(parsed_document(text, rows, entities=ANA))
    assert [(q.text, q.speaker) for q in items] == [
        ("the plan is late", "critics"),
        ("the works will start in May", "Ana Lee"),
    ]


def _pointed(particle: str, rest: str) -> Document:
    """`Ana Lee pointed <particle> that the bridge was closed.`, the clause misparsed as an
    adverbial one (no complement to read)."""
    words = ["that", "the", "bridge", "was", "closed"] if rest == "clause" else ["the", "polls"]
    text = f"Ana Lee pointed {particle} {' '.join(words)}."
    rows = [
        ("Ana", "PROPN", 2, "nsubj"),
        ("Lee", "PROPN", 0, "flat"),
        ("pointed", "VERB", -1, "root"),
        (particle, "ADP", 2, "compound:prt" if particle == "out" else "case"),
    ]
    if rest == "clause":
        rows += [
            ("that", "SCONJ", 8, "mark"),
            ("the", "DET", 6, "det"),
            ("bridge", "NOUN", 8, "nsubj"),
            ("was", "AUX", 8, "cop"),
            ("closed", "ADJ", 2, "advcl"),
        ]
    else:
        rows += [("the", "DET", 5, "det"), ("polls", "NOUN", 2, "obl")]
    rows.append((".", "PUNCT", 2, "punct"))
    return parsed_document(text, rows, entities=ANA)


def test_pointed_out_reports_what_follows_pointed_to_does_not():
    (q,) = indirect(_pointed("out", "clause"))
    assert (q.text, q.speaker) == ("that the bridge was closed", "Ana Lee")
    assert indirect(_pointed("to", "polls")) == []


def test_the_speaker_before_a_long_relative_clause():
    # the weak parse gave "said" no subject: by word order, past the relative clause
    text = (
        "Ana Lee, who was stunned by the backlash after she voted for the letter in the "
        "council last year, said the vote was a misstep."
    )
    words = text.replace(",", " ,").replace(".", " .").split()
    said = words.index("said")
    rows = [
        (w, "PUNCT" if w in ",." else "PROPN" if w in ("Ana", "Lee") else "X", said, "dep")
        for w in words
    ]
    rows[0] = ("Ana", "PROPN", 5, "nsubj:pass")  # the subject of "stunned", not of "said"
    rows[5] = ("stunned", "VERB", said, "advcl")
    rows[said] = ("said", "VERB", -1, "root")
    clause = {"the": ("DET", said + 2, "det"), "vote": ("NOUN", said + 4, "nsubj")}
    clause |= {"was": ("AUX", said + 4, "cop"), "a": ("DET", said + 5, "det")}
    for k in range(said + 1, said + 6):
        upos, head, rel = clause.get(words[k], ("NOUN", said, "ccomp"))
        rows[k] = (words[k], upos, head, rel)
    (q,) = indirect(parsed_document(text, rows, entities=ANA))
    assert (q.text, q.speaker) == ("the vote was a misstep", "Ana Lee")


def test_a_line_linking_to_another_story_reports_nothing():
    def doc(label: str) -> Document:
        rows = [
            ("Ana", "PROPN", 2, "nsubj"),
            ("Lee", "PROPN", 0, "flat"),
            ("says", "VERB", -1, "root"),
            ("the", "DET", 4, "det"),
            ("bridge", "NOUN", 6, "nsubj"),
            ("will", "AUX", 6, "aux"),
            ("open", "VERB", 2, "ccomp"),
        ]
        head = [
            (w, "X" if w != ":" else "PUNCT", 2 + len(label.split()), "dep") for w in label.split()
        ]
        shift = len(head)
        rows = head + [(w, u, h + shift if h >= 0 else h, r) for w, u, h, r in rows]
        text = f"Before it.\n{label.replace(' :', ':')} Ana Lee says the bridge will open"
        return parsed_document(text, rows, entities=ANA)

    assert [q.text for q in indirect(doc("Then ,"))] == ["the bridge will open"]
    assert indirect(doc("READ MORE :")) == []
    assert indirect(doc("WATCH :")) == []


def test_a_phrase_set_off_after_the_cue_is_not_what_was_said():
    text = "Ana Lee announced on Monday, two days after the vote was held."
    rows = [
        ("Ana", "PROPN", 2, "nsubj"),
        ("Lee", "PROPN", 0, "flat"),
        ("announced", "VERB", -1, "root"),
        ("on", "ADP", 4, "case"),
        ("Monday", "PROPN", 2, "obl"),
        (",", "PUNCT", 2, "punct"),
        ("two", "NUM", 7, "nummod"),
        ("days", "NOUN", 2, "obl"),
        ("after", "SCONJ", 12, "mark"),
        ("the", "DET", 10, "det"),
        ("vote", "NOUN", 12, "nsubj:pass"),
        ("was", "AUX", 12, "aux:pass"),
        ("held", "VERB", 7, "acl"),
        (".", "PUNCT", 2, "punct"),
    ]
    assert indirect(parsed_document(text, rows, entities=ANA)) == []


def test_as_the_speaker_noted_what_follows_the_comma():
    text = "As Ana Lee noted, the bridge was closed for a year."
    rows = [
        ("As", "SCONJ", 3, "mark"),
        ("Ana", "PROPN", 3, "nsubj"),
        ("Lee", "PROPN", 1, "flat"),
        ("noted", "VERB", 8, "advcl"),
        (",", "PUNCT", 3, "punct"),
        ("the", "DET", 6, "det"),
        ("bridge", "NOUN", 8, "nsubj:pass"),
        ("was", "AUX", 8, "aux:pass"),
        ("closed", "VERB", -1, "root"),
        ("for", "ADP", 11, "case"),
        ("a", "DET", 11, "det"),
        ("year", "NOUN", 8, "obl"),
        (".", "PUNCT", 8, "punct"),
    ]
    (q,) = indirect(parsed_document(text, rows, entities=ANA))
    assert (q.text, q.speaker) == ("the bridge was closed for a year", "Ana Lee")


def test_a_verb_of_naming_or_judging_reports_nothing():
    # "called the plan a disaster that would cost jobs" names and judges the plan; what
    # was said is no clause of it (but 'called it "a disaster"' still cues a quotation)
    rows = [
        *ANA_LEE_SAID[:2],
        ("called", "VERB", -1, "root"),
        ("the", "DET", 4, "det"),
        ("plan", "NOUN", 2, "obj"),
        ("a", "DET", 6, "det"),
        ("disaster", "NOUN", 2, "xcomp"),
        ("that", "PRON", 9, "nsubj"),
        ("would", "AUX", 9, "aux"),
        ("cost", "VERB", 6, "acl:relcl"),
        ("jobs", "NOUN", 9, "obj"),
        (".", "PUNCT", 2, "punct"),
    ]
    text = "Ana Lee called the plan a disaster that would cost jobs."
    assert indirect(parsed_document(text, rows, entities=ANA)) == []
    rows[2] = ("dubbed", "VERB", -1, "root")
    text = "Ana Lee dubbed the plan a disaster that would cost jobs."
    assert indirect(parsed_document(text, rows, entities=ANA)) == []


def test_the_attribution_of_a_quotation_reports_only_what_its_chained_cue_adds():
    # '"...," Ana Lee said, adding that ...': "said" attributes the quotation, whatever
    # the parse hangs on it; only "adding" reports something
    rows = [
        ('"', "PUNCT", 3, "punct"),
        ("The", "DET", 2, "det"),
        ("talks", "NOUN", 3, "nsubj"),
        ("failed", "VERB", 8, "ccomp"),
        (",", "PUNCT", 3, "punct"),
        ('"', "PUNCT", 3, "punct"),
        ("Ana", "PROPN", 8, "nsubj"),
        ("Lee", "PROPN", 6, "flat"),
        ("said", "VERB", -1, "root"),
        (",", "PUNCT", 10, "punct"),
        ("adding", "VERB", 8, "ccomp"),
        ("that", "SCONJ", 14, "mark"),
        ("they", "PRON", 14, "nsubj"),
        ("would", "AUX", 14, "aux"),
        ("resume", "VERB", 10, "ccomp"),
        (".", "PUNCT", 8, "punct"),
    ]
    text = '"The talks failed," Ana Lee said, adding that they would resume.'
    (q,) = indirect(parsed_document(text, rows, entities=ANA))
    assert (q.text.removeprefix("that "), q.speaker, q.cue and q.cue.text) == (
        "they would resume",
        "Ana Lee",
        "adding",
    )


def test_the_clause_before_its_cue_is_never_spoken_by_its_own_subject():
    # "..., said Ana Lee, a lawyer." with the name parsed as an object and the cue hung on
    # the reported clause: the speaker is after the cue, not the clause's subject
    rows = [
        ("The", "DET", 1, "det"),
        ("plan", "NOUN", 3, "nsubj:pass"),
        ("is", "AUX", 3, "aux:pass"),
        ("made", "VERB", -1, "root"),
        ("possible", "ADJ", 3, "xcomp"),
        ("by", "ADP", 7, "case"),
        ("its", "PRON", 7, "nmod:poss"),
        ("money", "NOUN", 4, "obl"),
        (",", "PUNCT", 9, "punct"),
        ("said", "VERB", 3, "parataxis"),
        ("Ana", "PROPN", 9, "iobj"),
        ("Lee", "PROPN", 10, "flat"),
        (",", "PUNCT", 14, "punct"),
        ("a", "DET", 14, "det"),
        ("lawyer", "NOUN", 10, "appos"),
        (".", "PUNCT", 3, "punct"),
    ]
    text = "The plan is made possible by its money, said Ana Lee, a lawyer."
    found = indirect(parsed_document(text, rows, entities=ANA))
    assert [(q.text, q.speaker) for q in found] == [
        ("The plan is made possible by its money", "Ana Lee")
    ]


def test_a_capitalised_word_the_tagger_took_for_a_verb_still_names_the_source():
    rows = [
        ("The", "DET", 1, "det"),
        ("talks", "NOUN", 3, "nsubj"),
        ("will", "AUX", 3, "aux"),
        ("resume", "VERB", -1, "root"),
        (",", "PUNCT", 9, "punct"),
        ("according", "VERB", 9, "case"),
        ("to", "ADP", 9, "case"),
        ("the", "DET", 9, "det"),
        ("Associated", "VERB", 9, "amod"),
        ("Press", "PROPN", 3, "nmod"),
        (".", "PUNCT", 3, "punct"),
    ]
    text = "The talks will resume, according to the Associated Press."
    ap = [("Associated Press", "ORG")]
    (q,) = indirect(parsed_document(text, rows, entities=ap))
    assert (q.text, q.speaker) == ("The talks will resume", "Associated Press")


def test_the_speaker_between_the_clause_and_its_cue_is_the_head_of_that_phrase():
    rows = [
        ("The", "DET", 1, "det"),
        ("talks", "NOUN", 2, "nsubj"),
        ("failed", "VERB", -1, "root"),
        (",", "PUNCT", 11, "punct"),
        ("a", "DET", 6, "det"),
        ("private", "ADJ", 6, "amod"),
        ("lawyer", "NOUN", 11, "dep"),
        ("present", "ADJ", 6, "amod"),
        ("at", "ADP", 10, "case"),
        ("the", "DET", 10, "det"),
        ("meeting", "NOUN", 7, "obl"),
        ("said", "VERB", 2, "parataxis"),
        (".", "PUNCT", 2, "punct"),
    ]
    text = "The talks failed, a private lawyer present at the meeting said."
    (q,) = indirect(parsed_document(text, rows))
    assert q.text == "The talks failed"
    assert q.speaker is not None and "lawyer" in q.speaker


def test_a_chained_cue_speaks_with_the_subject_before_it_not_the_one_it_reports():
    # ", saying the party holds ..." with the parse turned round: "saying" hangs on "holds",
    # whose subject is what was reported about, not who reported it
    rows = [
        ("Ana", "PROPN", 2, "nsubj"),
        ("Lee", "PROPN", 0, "flat"),
        ("waited", "VERB", -1, "root"),
        ("for", "ADP", 5, "case"),
        ("an", "DET", 5, "det"),
        ("hour", "NOUN", 2, "obl"),
        (",", "PUNCT", 7, "punct"),
        ("saying", "VERB", 10, "advcl"),
        ("the", "DET", 9, "det"),
        ("party", "NOUN", 10, "nsubj"),
        ("holds", "VERB", 2, "ccomp"),
        ("a", "DET", 12, "det"),
        ("lead", "NOUN", 10, "obj"),
        (".", "PUNCT", 2, "punct"),
    ]
    text = "Ana Lee waited for an hour, saying the party holds a lead."
    (q,) = indirect(parsed_document(text, rows, entities=ANA))
    assert (q.text, q.speaker) == ("the party holds a lead", "Ana Lee")


def test_the_speaker_before_a_cue_is_not_part_of_what_it_reports():
    # ", Defense Secretary Ana Lee told a panel Wednesday." with the name parsed into the
    # reported clause and no subject for "told"
    rows = [
        ("The", "DET", 1, "det"),
        ("force", "NOUN", 3, "nsubj"),
        ("will", "AUX", 3, "aux"),
        ("help", "VERB", -1, "root"),
        ("the", "DET", 5, "det"),
        ("Kurds", "PROPN", 3, "obj"),
        (",", "PUNCT", 8, "punct"),
        ("Defense", "PROPN", 8, "compound"),
        ("Secretary", "PROPN", 5, "conj"),
        ("Ana", "PROPN", 8, "flat"),
        ("Lee", "PROPN", 9, "flat"),
        ("told", "VERB", 3, "parataxis"),
        ("a", "DET", 13, "det"),
        ("panel", "NOUN", 14, "compound"),
        ("Wednesday", "PROPN", 11, "obl:unmarked"),
        (".", "PUNCT", 3, "punct"),
    ]
    text = "The force will help the Kurds, Defense Secretary Ana Lee told a panel Wednesday."
    (q,) = indirect(parsed_document(text, rows, entities=ANA))
    assert (q.text, q.speaker) == ("The force will help the Kurds", "Ana Lee")


def test_a_day_the_parser_made_a_subject_never_speaks():
    rows = [
        ("Ana", "PROPN", 4, "nsubj"),
        ("Lee", "PROPN", 0, "flat"),
        ("later", "ADJ", 3, "amod"),
        ("Thursday", "PROPN", 4, "nsubj"),
        ("told", "VERB", -1, "root"),
        ("reporters", "NOUN", 4, "obj"),
        ("the", "DET", 7, "det"),
        ("talks", "NOUN", 9, "nsubj"),
        ("would", "AUX", 9, "aux"),
        ("resume", "VERB", 4, "ccomp"),
        (".", "PUNCT", 4, "punct"),
    ]
    text = "Ana Lee later Thursday told reporters the talks would resume."
    # the tagger missed the name, so only the parse says who the subjects are
    (q,) = indirect(parsed_document(text, rows))
    assert (q.text, q.speaker) == ("the talks would resume", "Ana Lee")
