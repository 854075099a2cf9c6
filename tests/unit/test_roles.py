"""The operator's roles file: loading it, looking office holders up, and the engine using it
only for role nouns the article does not tie to a name. Names and offices are made up."""

from __future__ import annotations

from datetime import date

import pytest

from service.attribution.engine import attribute
from service.attribution.roles import Role, Roles, load_roles, parse_roles
from service.nlp.document import Document, Entity, Sentence
from tests.stubs import parsed_tokens

JSON = """[
  {"office": "prime minister", "country": "United Kingdom", "person": "Jane Doe",
   "valid_from": "2024-07-05", "valid_to": null},
  {"office": "prime minister", "country": "UK", "person": "John Roe",
   "valid_from": "2019-07-24", "valid_to": "2024-07-04"},
  {"office": "president", "country": "France", "person": "Paul Martin"},
  {"office": "prime minister", "country": "Canada", "person": "Ann Lee"}
]"""
TOML = """
[[role]]
office = "prime minister"
country = "United Kingdom"
person = "Jane Doe"
valid_from = 2024-07-05

[[role]]
office = "president"
country = "France"
person = "Paul Martin"
"""
CSV = """office,country,person,valid_from,valid_to
prime minister,United Kingdom,Jane Doe,2024-07-05,
president,France,Paul Martin,,
"""


@pytest.mark.parametrize(("suffix", "text"), [(".json", JSON), (".toml", TOML), (".csv", CSV)])
def test_every_format_loads(tmp_path, suffix, text):
    path = tmp_path / f"roles{suffix}"
    path.write_text(text, encoding="utf-8")
    roles = load_roles(path)
    assert roles.holder(["british", "prime", "minister"]) == "Jane Doe"
    assert roles.holder(["french", "president"]) == "Paul Martin"


def test_bad_rows_and_formats_are_refused():
    with pytest.raises(ValueError, match="office and a person"):
        parse_roles('[{"office": "president"}]', "json")
    with pytest.raises(ValueError, match="unknown roles file format"):
        parse_roles("office = 1", "yaml")


def test_dates_pick_the_holder_of_the_day():
    roles = parse_roles(JSON, "json")
    assert Roles(roles, when=date(2022, 1, 1)).holder(["uk", "prime", "minister"]) == "John Roe"
    assert Roles(roles, when=date(2025, 1, 1)).holder(["uk", "prime", "minister"]) == "Jane Doe"
    assert Roles(roles).holder(["u.k.", "prime", "minister"]) == "Jane Doe"  # today's holder


def test_country_comes_from_the_phrase_or_the_article():
    roles = Roles(parse_roles(JSON, "json"))
    assert roles.holder(["prime", "minister"]) is None  # two countries fit: nobody
    assert roles.holder(["prime", "minister"], country_hint="Canada") == "Ann Lee"
    assert roles.holder(["canadian", "prime", "minister"], country_hint="France") == "Ann Lee"
    assert roles.holder(["french", "leader"]) == "Paul Martin"
    assert roles.holder(["foreign", "minister"]) is None
    assert roles.holder(["german", "president"]) is None


def test_a_role_valid_only_in_a_range():
    role = Role(
        office="mayor", person="X Y", valid_from=date(2020, 1, 1), valid_to=date(2021, 1, 1)
    )
    assert role.valid_on(date(2020, 6, 1)) and not role.valid_on(date(2022, 1, 1))
    assert not role.valid_on(None)  # a past holder is nobody's "now"


# '"We will act," the British prime minister said.' parsed by hand
TEXT = '"We will act," the British prime minister said.'
PARSE = [
    ('"', "PUNCT", 3, "punct"),
    ("We", "PRON", 3, "nsubj"),
    ("will", "AUX", 3, "aux"),
    ("act", "VERB", 10, "ccomp"),
    (",", "PUNCT", 3, "punct"),
    ('"', "PUNCT", 3, "punct"),
    ("the", "DET", 9, "det"),
    ("British", "ADJ", 9, "amod"),
    ("prime", "ADJ", 9, "amod"),
    ("minister", "NOUN", 10, "nsubj"),
    ("said", "VERB", -1, "root"),
    (".", "PUNCT", 10, "punct"),
]


def _document() -> Document:
    tokens = parsed_tokens(TEXT, PARSE)
    british = TEXT.index("British")
    return Document(
        text=TEXT,
        tokens=tuple(tokens),
        sentences=(
            Sentence(index=0, start=0, end=len(TEXT), token_start=0, token_end=len(tokens)),
        ),
        entities=(
            Entity(
                label="MISC",
                start=british,
                end=british + 7,
                token_start=7,
                token_end=8,
                text="British",
            ),
        ),
    )


def test_engine_names_the_office_holder_only_with_a_roles_file():
    doc = _document()
    plain = attribute(doc)  # nobody named: the description stands for the speaker
    assert plain.quotes[0].speaker == "British prime minister"
    assert plain.speakers[0].kind == "description"
    assert plain.quotes[0].confidence < 0.8
    result = attribute(doc, roles=Roles(parse_roles(JSON, "json")))
    assert result.quotes[0].speaker == "Jane Doe"
    assert result.speakers[0].kind == "person"
