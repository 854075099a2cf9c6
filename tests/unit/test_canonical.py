"""The canonical name: the fullest form the article writes, read off the text itself."""

from __future__ import annotations

import pytest

from service.attribution.canonical import Article
from service.attribution.engine import attribute
from service.attribution.names import key, name_words
from tests.stubs import parsed_document, ready_rows


def fullest(text: str, name: str, sex: str | None = None, others: tuple[str, ...] = ()) -> str:
    words = name_words(name)
    surnames = frozenset(name_words(o)[-1].lower() for o in others)
    article = Article(text, ())
    given = any(article.given_name_at(i) for i in range(len(text)) if text.startswith(name, i))
    return " ".join(article.fullest([key(words)], words, sex, given, surnames))


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        # the headline names her; the story only says "Doe"
        ("Jane Doe wins the seat\n\nThe vote was close. Doe said it was fair.", "Doe", "Jane Doe"),
        # a title before the name is not part of it
        ("Prime Minister Jane Doe spoke. Later Doe said more.", "Doe", "Jane Doe"),
        ("CNN's Jane Doe asked. Doe said no.", "Doe", "Jane Doe"),
        # an initial is kept as written, and the full stop of a sentence is not
        ("Pollster Jeffrey M. Jones spoke. Jones said so.", "M. Jones", "Jeffrey M. Jones"),
        ("The award went to Jane Doe. Doe said thanks.", "Doe", "Jane Doe"),
        # a possessive ends the name, and is not part of it
        ("Choreographer Jane Doe’s new work opens. Doe said it was long.", "Doe", "Jane Doe"),
        ("NATO chief Mark Roe's letter arrived. Roe said so.", "Roe", "Mark Roe"),
        # British honorifics: "Sir John" names the given name
        ("John Doe arrived. Sir John said he was pleased.", "Sir John", "John Doe"),
        # a generational suffix stays after the surname
        (
            "Adm. Harry B. Harris Jr. spoke. Harris Jr. said so.",
            "Harris Jr.",
            "Harry B. Harris Jr.",
        ),
    ],
)
def test_the_fullest_form_the_article_writes(text: str, name: str, expected: str):
    assert fullest(text, name) == expected


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a couple: which Doe is meant is not for the text to say
        ("Ann Doe and John Doe own the farm. Doe said it was hard.", "Doe"),
        # a headline in title case is nobody's name
        ("Rival Backs Doe And Denounces Plan\n\nDoe said it was fair.", "Doe"),
        # a common word opening a sentence, written lowercase elsewhere
        ("Several Doe aides left. There were several reasons, Doe said.", "Doe"),
        # a sentence ends after an abbreviation that is no initial
        ("said Sen. Jim Roe, D-Conn. Doe said it was fair.", "Doe"),
        # another person's surname is not a given name
        ("Jim Roe met the press. Roe Doe was the headline. Doe said so.", "Doe"),
        # only the article's own words: no fuller form, the name as written
        ("Doe said it was fair.", "Doe"),
    ],
)
def test_no_fuller_form_when_it_is_not_certain(text: str, name: str):
    assert fullest(text, name, others=("Jim Roe",)) == " ".join(name_words(name))


def test_a_given_name_of_the_other_sex_is_not_theirs():
    text = "John Doe arrived. Doe said she was pleased."
    assert fullest(text, "Doe", sex="f") == "Doe"
    assert fullest(text, "Doe", sex="m") == "John Doe"


def test_a_speaker_takes_the_fullest_form_from_a_sentence_never_tagged():
    # the headline was never analysed (no tokens there); the story says "Doe said"
    text = 'Jane Doe wins the seat\n\n"We are ready," Doe said.'
    rows = [
        *ready_rows(7),
        ("Doe", "PROPN", 7, "nsubj"),
        ("said", "VERB", -1, "root"),
        (".", "PUNCT", 7, "punct"),
    ]
    result = attribute(parsed_document(text, rows, entities=[("Doe", "PERSON")]))
    assert [q.speaker for q in result.quotes] == ["Jane Doe"]
    assert [s.name for s in result.speakers] == ["Jane Doe"]
