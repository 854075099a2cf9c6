"""The operator's people directory: names a short mention when the article gives no fuller
form, and keys its people by their ids. Files written for the tests, in each format."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.attribution.engine import attribute
from service.attribution.roles import Roles, load_roles
from service.nlp.document import Document
from tests.stubs import parsed_document, ready_rows

JSON = """{"people": [
  {"name": "Kemi Badenoch", "id": "Q1", "aliases": ["Mrs Badenoch"],
   "offices": [{"office": "leader of the opposition", "country": "United Kingdom",
                "valid_from": "2024-11-02"}]},
  {"name": "Keir Starmer", "id": "Q2", "aliases": ["Sir Keir"]},
  {"name": "Ann Roe", "id": "Q3"}, {"name": "John Roe", "id": "Q4"}]}"""
TOML = """
[[person]]
name = "Kemi Badenoch"
id = "Q1"
[[person.office]]
office = "leader of the opposition"
country = "United Kingdom"
valid_from = 2024-11-02

[[person]]
name = "Keir Starmer"
id = "Q2"
aliases = ["Sir Keir"]

[[person]]
name = "Ann Roe"
id = "Q3"

[[person]]
name = "John Roe"
id = "Q4"
"""
CSV = """name,aliases,id,office,country,valid_from,valid_to
Kemi Badenoch,Mrs Badenoch,Q1,leader of the opposition,United Kingdom,2024-11-02,
Keir Starmer,Sir Keir,Q2,,,,
Ann Roe,,Q3,,,,
John Roe,,Q4,,,,
"""


@pytest.fixture(params=[("json", JSON), ("toml", TOML), ("csv", CSV)], ids=lambda p: p[0])
def directory(request: pytest.FixtureRequest, tmp_path: Path) -> Roles:
    suffix, text = request.param
    path = tmp_path / f"people.{suffix}"
    path.write_text(text, encoding="utf-8")
    return load_roles(path)


def said(name: str, before: str = "") -> Document:
    """`{before}"We are ready," {name} said.` with the name a tagged person."""
    words = name.split()
    text = f'{before}"We are ready," {name} said.'
    rows = [
        *ready_rows(6 + len(words)),
        *[
            (w, "PROPN", 6 + len(words) if i == 0 else 6, "nsubj" if i == 0 else "flat")
            for i, w in enumerate(words)
        ],
        ("said", "VERB", -1, "root"),
        (".", "PUNCT", 6 + len(words), "punct"),
    ]
    return parsed_document(text, rows, entities=[(name, "PERSON")])


def speaker(doc: Document, directory: Roles | None) -> tuple[str | None, str | None]:
    result = attribute(doc, directory)
    (quote,) = result.quotes
    keys = {s.id: s.key for s in result.speakers}
    return quote.speaker, keys.get(quote.speaker_id or "")


def test_a_surname_is_completed_by_the_one_person_who_fits(directory: Roles):
    assert speaker(said("Badenoch"), None) == ("Badenoch", "person:badenoch")
    assert speaker(said("Badenoch"), directory) == ("Kemi Badenoch", "Q1")


def test_sir_and_a_given_name(directory: Roles):
    assert speaker(said("Sir Keir"), directory) == ("Keir Starmer", "Q2")


def test_two_people_who_fit_complete_nothing(directory: Roles):
    assert speaker(said("Roe"), directory) == ("Roe", "person:roe")


def test_the_article_s_own_fuller_form_comes_first(directory: Roles):
    # the article writes "Jo Badenoch": the directory's Kemi is not this Badenoch
    assert speaker(said("Badenoch", before="Jo Badenoch spoke.\n"), directory) == (
        "Jo Badenoch",
        "person:jo-badenoch",
    )


def test_a_full_name_of_the_directory_takes_its_id(directory: Roles):
    assert speaker(said("Keir Starmer"), directory) == ("Keir Starmer", "Q2")


def test_offices_of_the_directory_are_roles(directory: Roles):
    assert directory.holder(["uk", "leader", "of", "the", "opposition"]) == "Kemi Badenoch"


def test_a_directory_with_a_nameless_person_is_refused(tmp_path: Path):
    path = tmp_path / "people.json"
    path.write_text('{"people": [{"id": "Q9"}]}')
    with pytest.raises(ValueError, match="needs a name"):
        load_roles(path)
