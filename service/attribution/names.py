"""Name normalisation and matching for person and organisation names."""

from __future__ import annotations

import re
import unicodedata

from service.attribution.lexicon import HONORIFICS, NOT_NAME, TITLE_WORDS

PARTICLES = frozenset(
    {
        "de",
        "van",
        "von",
        "der",
        "den",
        "da",
        "di",
        "du",
        "del",
        "la",
        "le",
        "bin",
        "ibn",
        "al",
        "el",
    }
)
"""Lowercase words that belong to a name: "de Gaulle", "van der Berg", "bin Salman"."""
_LONG_TITLES = frozenset(t for t in TITLE_WORDS if len(t) >= 6 and t.isalpha())
_WORD = re.compile(r"[^\W_]+(?:[-'\u2019.][^\W_]+)*\.?", re.UNICODE)


def fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).lower().replace("\u2019", "'")


def name_words(surface: str, person: bool = True) -> list[str]:
    """Words of a name as written, without a possessive and, for a person, without leading
    honorifics or titles: "Sir Keir Starmer's" -> ["Keir", "Starmer"]. An organisation keeps
    them: "the State Department", "the Foreign Ministry"."""
    surface = re.sub(r"['\u2019]s?$", "", surface.strip())
    words = _WORD.findall(surface)
    if person:
        # "WHO's Alvarez", "Canada's Jane Doe": the possessor is not part of the name
        owned = [i for i, w in enumerate(words[:-1]) if re.search(r"['\u2019]s$", w)]
        if owned:
            words = words[owned[-1] + 1 :]
    titled = False
    while (
        person
        and len(words) > 1
        and (
            fold(words[0]).rstrip(".") in TITLE_WORDS | HONORIFICS | NOT_NAME
            or misspelt_title(words[0])
            # "zei Roe" in a Dutch caption: a lowercase word that is no particle opens no name
            or (words[0].islower() and fold(words[0]) not in PARTICLES)
        )
    ):
        titled = titled or fold(words[0]).rstrip(".") in TITLE_WORDS
        words.pop(0)
    if person and titled and len(words) == 1 and misspelt_title(words[0]):
        return []  # "Prime Minster": a title, misspelt, and nobody's name
    # trailing generational suffixes stay ("Martin Luther King Jr.") but never a title
    return words


def misspelt_title(word: str) -> bool:
    """A long title word typed with a letter dropped, doubled or two swapped ("Minster",
    "Presdient"); a changed letter makes a surname as often as a typo (Sawyer, Barker)."""
    w = fold(word).rstrip(".")
    if len(w) < 6 or w in TITLE_WORDS or w.rstrip("s") in TITLE_WORDS:
        return False
    return any(_typo(w, t) for t in _LONG_TITLES if abs(len(t) - len(w)) <= 1)


def _typo(a: str, b: str) -> bool:
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and (a[diff[0]], a[diff[1]]) == (b[diff[1]], b[diff[0]])
        )
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def key(words: list[str]) -> tuple[str, ...]:
    return tuple(fold(w).rstrip(".") for w in words)


def compatible(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Could these two name forms denote the same person? "Clinton" ~ "Hillary Clinton",
    "Hillary Clinton" !~ "Bill Clinton", "J. Smith" ~ "John Smith"."""
    if not a or not b:
        return False
    if len(a) == 1 or len(b) == 1:
        short, long_ = (a, b) if len(a) <= len(b) else (b, a)
        return short[0] == long_[-1] or (
            len(long_) > 1 and short[0] == long_[0] and len(short[0]) > 2
        )
    if a[-1] != b[-1]:
        return False
    ga, gb = a[0], b[0]
    return (
        ga == gb
        or ga in b[:-1]
        or gb in a[:-1]
        or ((len(ga) == 1 or len(gb) == 1) and ga[0] == gb[0])
    )


def display(words: list[str]) -> str:
    return " ".join(words)


def identity(kind: str, name: str) -> str:
    """A speaker's key across articles: "person:keir-starmer"; an organisation's without its
    article ("The Hill" and "Hill" are "organization:hill")."""
    words = re.findall(r"[^\W_]+", fold(name))
    if kind == "organization" and len(words) > 1 and words[0] == "the":
        words = words[1:]
    return f"{kind}:{'-'.join(words)}"
