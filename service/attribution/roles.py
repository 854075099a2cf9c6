"""The operator's people directory: who holds an office ("the British Prime Minister said"
names the person when the article itself never says who that is), and the people the newsroom
counts, with their aliases and an id of its own (a Wikidata QID, say). Optional, never built in.

A directory lists people, each with a name, aliases, an id and offices with dates:

    JSON  {"people": [{"name": "Jane Doe", "aliases": ["Dame Jane"], "id": "Q1",
                       "offices": [{"office": "prime minister", "country": "United Kingdom",
                                    "valid_from": "2024-07-05", "valid_to": null}]}]}
    TOML  [[person]]
          name = "Jane Doe"
          aliases = ["Dame Jane"]
          id = "Q1"
          [[person.office]]
          office = "prime minister"
          country = "United Kingdom"
          valid_from = 2024-07-05
    CSV   name,aliases,id,office,country,valid_from,valid_to   (aliases split by ";"; one
          office a line, lines of one name make one person)

The older roles files (a list of offices with the person who held each: `office`, `country`,
`person`, `valid_from`, `valid_to`, in JSON, TOML `[[role]]` or CSV) are read as before: each
holder is a person of the directory.

`load_roles(path)` reads one (by its suffix); `Roles.holder` answers office lookups,
`Roles.complete` and `Roles.identify` name lookups. Nothing here reads a file unless asked to.
"""

from __future__ import annotations

import csv
import json
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from service.attribution.names import compatible, fold, key, name_words

# Nationality words and short forms an article uses for a country, folded.
_COUNTRY_WORDS = {
    "united states": ("us", "u.s", "u.s.", "usa", "american", "america", "united states"),
    "united kingdom": ("uk", "u.k", "u.k.", "british", "britain", "united kingdom"),
    "canada": ("canadian", "canada"),
    "france": ("french", "france"),
    "germany": ("german", "germany"),
    "russia": ("russian", "russia"),
    "china": ("chinese", "china"),
    "ukraine": ("ukrainian", "ukraine"),
    "india": ("indian", "india"),
    "japan": ("japanese", "japan"),
    "italy": ("italian", "italy"),
    "spain": ("spanish", "spain"),
    "australia": ("australian", "australia"),
    "mexico": ("mexican", "mexico"),
    "israel": ("israeli", "israel"),
    "ireland": ("irish", "ireland"),
    "poland": ("polish", "poland"),
    "turkey": ("turkish", "turkey"),
    "iran": ("iranian", "iran"),
    "brazil": ("brazilian", "brazil"),
}
COUNTRIES = frozenset(_COUNTRY_WORDS)
_COUNTRY_OF = {w: country for country, words in _COUNTRY_WORDS.items() for w in words}
# A generic head stands for the top offices: "the US leader", "the French head of state".
_LEADER_OFFICES = frozenset({"president", "prime minister", "chancellor", "premier"})
_GENERIC = frozenset({"the", "current", "sitting", "new", "incoming", "country's", "nation's"})


def country_key(name: str) -> str:
    """A country's name, nationality word or short form, as one comparable key."""
    w = fold(name).strip().rstrip(".")
    return _COUNTRY_OF.get(w, _COUNTRY_OF.get(w + ".", w))


@dataclass(frozen=True)
class Role:
    office: str
    person: str
    country: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None

    def valid_on(self, when: date | None) -> bool:
        if when is None:
            return self.valid_to is None  # no date given: who holds it now
        return (self.valid_from is None or self.valid_from <= when) and (
            self.valid_to is None or when <= self.valid_to
        )


@dataclass(frozen=True)
class Person:
    name: str
    aliases: tuple[str, ...] = ()
    id: str | None = None

    def forms(self) -> list[tuple[str, ...]]:
        return [key(name_words(n)) for n in (self.name, *self.aliases)]


class Roles:
    """The directory: office holders, looked up by the words of a role noun phrase, and
    people, by the name an article gives them."""

    def __init__(
        self, roles: Iterable[Role], when: date | None = None, people: Iterable[Person] = ()
    ) -> None:
        self.roles = list(roles)
        self.when = when
        """The article's date: offices change hands. None means today's holders."""
        listed = list(people)
        named = {fold(p.name) for p in listed}
        # the holder of a role of an older roles file is a person of the directory too
        for role in self.roles:
            if fold(role.person) not in named:
                named.add(fold(role.person))
                listed.append(Person(name=role.person))
        self.people = listed

    def complete(self, words: list[str], given_name: bool = False) -> Person | None:
        """The one person of the directory a short mention can be: a surname ("Badenoch"), a
        given name after Sir or Dame ("Sir Keir"), or an alias; None when none or several
        fit."""
        k = key(words)
        if not k:
            return None

        def fits(form: tuple[str, ...]) -> bool:
            if form == k:
                return True
            if len(k) != 1 or len(form) < 2:
                return False
            return form[0] == k[0] if given_name else form[-1] == k[0]

        found = [p for p in self.people if any(fits(f) for f in p.forms())]
        return found[0] if len(found) == 1 else None

    def identify(self, words: list[str]) -> Person | None:
        """The person of the directory this full name is (its name or an alias, however
        written), when exactly one is."""
        k = key(words)
        found = [
            p
            for p in self.people
            if any(f == k or (len(k) > 1 and len(f) > 1 and compatible(f, k)) for f in p.forms())
        ]
        return found[0] if len(found) == 1 else None

    def holder(self, words: list[str], country_hint: str | None = None) -> str | None:
        """The person a role phrase ("british prime minister", "us leader") names, when exactly
        one listed role fits it; `country_hint` stands in for a phrase with no country."""
        words = [fold(w).rstrip(".") for w in words if fold(w) not in _GENERIC]
        if not words:
            return None
        fits = []
        for role in self.roles:
            if not role.valid_on(self.when):
                continue
            office = [w for w in fold(role.office).split() if w not in _GENERIC]
            if words[-len(office) :] == office:
                rest = words[: -len(office)]
            elif words[-1] == "leader" and " ".join(office) in _LEADER_OFFICES:
                rest = words[:-1]
            else:
                continue
            country = role.country and country_key(role.country)
            named = [w for w in rest if w in _COUNTRY_OF]
            if len(named) != len(rest):
                continue  # "foreign minister" is not the minister of the file
            wanted = {_COUNTRY_OF[w] for w in named} or (
                {country_key(country_hint)} if country_hint else set()
            )
            if wanted and country not in wanted:
                continue
            fits.append(role)
        people = {r.person for r in fits}
        return fits[0].person if len(people) == 1 else None


def _date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value).strip())


def _role(row: dict[str, Any]) -> Role:
    office, person = str(row.get("office") or "").strip(), str(row.get("person") or "").strip()
    if not office or not person:
        raise ValueError(f"a role needs an office and a person: {row!r}")
    country = str(row.get("country") or "").strip() or None
    return Role(
        office=office,
        person=person,
        country=country,
        valid_from=_date(row.get("valid_from")),
        valid_to=_date(row.get("valid_to")),
    )


def _person(row: dict[str, Any]) -> tuple[Person, list[Role]]:
    name = str(row.get("name") or "").strip()
    if not name:
        raise ValueError(f"a person needs a name: {row!r}")
    aliases = row.get("aliases") or ()
    if isinstance(aliases, str):
        aliases = aliases.split(";")
    if not isinstance(aliases, list | tuple):
        raise ValueError(f"aliases are a list of names: {row!r}")
    person = Person(
        name=name,
        aliases=tuple(a for a in (str(x).strip() for x in aliases) if a),
        id=str(row.get("id") or "").strip() or None,
    )
    offices = row.get("offices", row.get("office")) or []
    if isinstance(offices, dict):
        offices = [offices]
    if isinstance(offices, str):  # CSV: the office columns are on the person's line
        offices = [{**row, "office": offices}]
    if not isinstance(offices, list):
        raise ValueError(f"offices are a list: {row!r}")
    return person, [_role({**dict(o), "person": name}) for o in offices]


def parse_directory(text: str, fmt: str) -> tuple[list[Person], list[Role]]:
    """People and roles from the text of a directory (or an older roles file) in `fmt`:
    "json", "toml" or "csv"."""
    if fmt == "json":
        data = json.loads(text)
    elif fmt == "toml":
        data = tomllib.loads(text)
    elif fmt == "csv":
        data = list(csv.DictReader(text.splitlines()))
    else:
        raise ValueError(f"unknown roles file format: {fmt!r} (json, toml or csv)")
    if isinstance(data, dict):
        people_rows = data.get("people", data.get("person", []))
        role_rows = data.get("roles", data.get("role", []))
    else:
        rows = data
        people_rows = [r for r in rows if isinstance(r, dict) and "name" in r]
        role_rows = [r for r in rows if not (isinstance(r, dict) and "name" in r)]
    if not isinstance(people_rows, list) or not isinstance(role_rows, list):
        raise ValueError("a directory holds a list of people (or of roles)")
    people: dict[str, Person] = {}
    roles = [_role(dict(r)) for r in role_rows]
    for row in people_rows:
        person, offices = _person(dict(row))
        known = people.get(person.name)
        if known is not None:  # a CSV line per office
            person = Person(
                name=person.name,
                aliases=tuple(dict.fromkeys(known.aliases + person.aliases)),
                id=known.id or person.id,
            )
        people[person.name] = person
        roles += offices
    return list(people.values()), roles


def parse_roles(text: str, fmt: str) -> list[Role]:
    """The offices of a directory (or an older roles file) in `fmt`."""
    return parse_directory(text, fmt)[1]


def load_roles(path: str | Path, when: date | None = None) -> Roles:
    """Read a directory or roles file; its format is told by its suffix (.json, .toml, .csv)."""
    p = Path(path)
    people, roles = parse_directory(p.read_text(encoding="utf-8"), p.suffix.lower().lstrip("."))
    return Roles(roles, when, people)
