"""Who holds an office, from a file the operator keeps: "the British Prime Minister said" names
the person when the article itself never says who that is.

A roles file lists offices, optionally per country, with the person who held each and when:

    JSON  [{"office": "prime minister", "country": "United Kingdom", "person": "Jane Doe",
            "valid_from": "2024-07-05", "valid_to": null}, ...]
    TOML  [[role]]
          office = "prime minister"
          country = "United Kingdom"
          person = "Jane Doe"
          valid_from = 2024-07-05
    CSV   office,country,person,valid_from,valid_to   (a header line, then one role a line)

`load_roles(path)` reads one (by its suffix); `Roles.holder` answers lookups. Nothing here
reads a file unless asked to.
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

from service.attribution.names import fold

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


class Roles:
    """Office holders, looked up by the words of a role noun phrase."""

    def __init__(self, roles: Iterable[Role], when: date | None = None) -> None:
        self.roles = list(roles)
        self.when = when
        """The article's date: offices change hands. None means today's holders."""

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
            office = fold(role.office).split()
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


def parse_roles(text: str, fmt: str) -> list[Role]:
    """Roles from the text of a file in `fmt`: "json", "toml" or "csv"."""
    if fmt == "json":
        data = json.loads(text)
        rows = data.get("roles", data.get("role", [])) if isinstance(data, dict) else data
    elif fmt == "toml":
        data = tomllib.loads(text)
        rows = data.get("role", data.get("roles", []))
    elif fmt == "csv":
        rows = list(csv.DictReader(text.splitlines()))
    else:
        raise ValueError(f"unknown roles file format: {fmt!r} (json, toml or csv)")
    if not isinstance(rows, list):
        raise ValueError("a roles file holds a list of roles")
    return [_role(dict(r)) for r in rows]


def load_roles(path: str | Path, when: date | None = None) -> Roles:
    """Read a roles file; its format is told by its suffix (.json, .toml, .csv)."""
    p = Path(path)
    return Roles(parse_roles(p.read_text(encoding="utf-8"), p.suffix.lower().lstrip(".")), when)
