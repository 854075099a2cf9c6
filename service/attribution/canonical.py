"""A person's canonical name: the fullest form the article itself writes for them.

The clusters in `people` know the names the tagger found, and the tagger reads only part of an
article (the reduced analysis skips sentences far from quotations; a weak model misses names).
A headline, a caption or a first paragraph often holds the only "Jane Doe" before a story of
"Doe said". So the article's text is read once more, cheaply, for runs of capitalised words that
end in a speaker's surname ("Sir John" and "Dame Ann" name the given name: the run starts with
it), and the fullest run that agrees with everything the cluster knows names the speaker. Two
different fuller forms ("Ann Doe" and "John Doe", a couple) leave the name as the article's
mentions have it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from service.attribution.lexicon import (
    FEMALE_NAMES,
    HONORIFICS,
    MALE_NAMES,
    NOT_NAME,
    ORG_NOUNS,
    TITLE_WORDS,
)
from service.attribution.names import PARTICLES as _PARTICLES
from service.attribution.names import compatible, fold, key

_POSSESSIVE = re.compile(r"[^\W\d_][\'\u2019]s$")
_WORD = re.compile(r"[^\W\d_]+(?:[-'\u2019][^\W\d_]+)*\.?")
GIVEN_NAME_HONORIFICS = frozenset({"sir", "dame"})
"""British honorifics that go with a given name: "Sir Keir" is Keir Starmer."""
MAX_GIVEN = 2
"""Words a fuller form may add before a surname: a given name and one middle name."""
_CALENDAR = frozenset(
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
)


SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
"""Generational suffixes, written after the surname ("Harry B. Harris Jr.")."""


class Run:
    """Capitalised words in a row, as (text, start, end), with whether the run opens a
    sentence or a line."""

    def __init__(self, words: list[tuple[str, int, int]], opens: bool) -> None:
        self.words = words
        self.opens = opens
        self.folded = [fold(w).rstrip(".") for w, _, _ in words]


def runs(text: str) -> list[Run]:
    """Every run of capitalised words (and name particles between them) separated by single
    spaces. A word glued to the one before ("C.E.O.") is no name's, and a word with a full
    stop that is neither an initial nor a title's abbreviation ends a sentence."""
    out: list[Run] = []
    current: list[tuple[str, int, int]] = []
    opens = True
    last_end = -1

    def close() -> None:
        nonlocal current
        if current:
            out.append(Run(current, opens))
        current = []

    for m in _WORD.finditer(text):
        w, start = m.group(), m.start()
        gap = text[last_end:start] if last_end >= 0 else None
        last_end = m.end()
        if gap == "":
            close()
            continue
        joined = bool(current) and gap in (" ", "\u00a0")
        if not joined:
            close()
        if w[0].isupper() or (joined and w in _PARTICLES):
            if not current:
                before = text[:start].rstrip(" \t\u00a0")
                opens = not before or before[-1] in ".!?\n\r\"'\u201c\u2018:-\u2013\u2014"
            if current and _POSSESSIVE.search(w):
                # "Jane Doe's new work": the name ends before the possessive
                current.append((w[:-2], start, m.end() - 2))
                close()
                continue
            current.append((w, start, m.end()))
            bare = fold(w).rstrip(".")
            if w.endswith(".") and len(bare) > 1 and bare not in TITLE_WORDS | HONORIFICS:
                close()  # "..., D-Conn. Schumer said": a sentence ends here
        else:
            close()
    close()
    # a capitalised "And" or "Of" inside a run: a headline in title case, no name's context
    return [
        r
        for r in out
        if r.folded[-1] not in _PARTICLES and not any(w in NOT_NAME for w in r.folded[1:])
    ]


def _initial(word: str) -> bool:
    return len(word.rstrip(".")) == 1


def _given_word(word: str, blocked: frozenset[str], lower: frozenset[str]) -> bool:
    """Whether a capitalised word can stand before a surname as part of a person's name."""
    w = fold(word).rstrip(".")
    return not (
        w in TITLE_WORDS
        or w in HONORIFICS
        or w in NOT_NAME
        or w in ORG_NOUNS
        or w in _CALENDAR
        or w in blocked
        or w.endswith(("'s", "'"))  # "CNN's Jake Tapper": a possessor
        or (w in lower and not _known_given(w))
        or (word.isupper() and len(w) > 2)  # a heading in capitals, an acronym
    )


Occurrences = dict[str, list[tuple[Run, int]]]
"""Folded word -> where it stands: (run, position in the run)."""


def occurrences(found: Iterable[Run]) -> Occurrences:
    where: Occurrences = {}
    for run in found:
        for i, w in enumerate(run.folded):
            where.setdefault(w, []).append((run, i))
    return where


def fuller_forms(
    where: Occurrences,
    shown: tuple[str, ...],
    blocked: frozenset[str],
    lower: frozenset[str],
    tagged: dict[int, str],
) -> list[tuple[tuple[str, ...], bool]]:
    """The name forms that add given names before the surname of `shown` (folded words), each
    with whether it is firm (not a sentence's first words, or a known given name first). A
    capitalised word the article also writes in lowercase is a common word there, unless it is
    a known given name; one the tagger read as anything but a proper noun is no name ("Several
    Cruz associates"). A name with a given name already only takes an initial before it."""
    suffix = shown[-1:] if len(shown) > 1 and shown[-1] in SUFFIXES else ()
    surname = shown[-1 - len(suffix)]
    has_given = len(shown) - len(suffix) > 1 and not _initial(shown[0])
    out = []
    for run, i in where.get(surname, []):
        folded = run.folded
        if i == 0 or tuple(folded[i + 1 : i + 1 + len(suffix)]) != suffix:
            continue
        if has_given:
            n = len(shown) - len(suffix) - 1
            if tuple(folded[i - n : i]) != shown[:n] or i - n < 1:
                continue
            j = i - n
            if _initial(folded[j - 1]) and tagged.get(run.words[j - 1][1], "PROPN") == "PROPN":
                out.append((tuple(folded[j - 1 : i + 1 + len(suffix)]), True))
            continue
        j = i
        while (
            j > 0
            and i - j < MAX_GIVEN
            and _given_word(run.words[j - 1][0], blocked, lower)
            and tagged.get(run.words[j - 1][1], "PROPN") in ("PROPN", "X")
        ):
            j -= 1
        if j == 0 and run.opens and not _known_given(folded[0]):
            # "Choreographer Jane Doe's work": an opening word no name is known to start with
            # is a description when a known given name follows it
            j = next((k for k in range(1, i) if _known_given(folded[k])), j)
        if j < i:
            form = tuple(folded[j : i + 1 + len(suffix)])
            # "Later Doe said": a sentence may open with a word that is no name
            firm = not (j == 0 and run.opens) or _known_given(form[0])
            out.append((form, firm))
    return out


def _given_name_forms(where: Occurrences, given: str) -> list[tuple[tuple[str, ...], bool]]:
    """ "Sir Keir" -> the forms "Keir Starmer" the article writes."""
    out: list[tuple[tuple[str, ...], bool]] = []
    for run, i in where.get(given, []):
        if i + 1 < len(run.folded) and run.folded[i + 1] not in _PARTICLES:
            out.append(((given, run.folded[i + 1]), True))
    return out


def _known_given(word: str) -> bool:
    return word in MALE_NAMES or word in FEMALE_NAMES


def _sex_of(given: str) -> str | None:
    if given in MALE_NAMES and given not in FEMALE_NAMES:
        return "m"
    if given in FEMALE_NAMES and given not in MALE_NAMES:
        return "f"
    return None


def choose(
    forms: list[tuple[tuple[str, ...], bool]], keys: list[tuple[str, ...]], sex: str | None
) -> tuple[str, ...] | None:
    """The fullest of `forms` that agrees with every key the cluster has, provided the forms
    that agree do not disagree with each other; the firm forms alone when there are any."""
    agreeing = [
        (f, sure)
        for f, sure in forms
        if all(compatible(f, k) for k in keys)
        and (sex is None or _sex_of(f[0]) in (None, sex))
        and len(f) > max(len(k) for k in keys)
    ]
    fits = [f for f, sure in agreeing if sure] or [f for f, _ in agreeing]
    if not agree(fits):
        return None  # "Ann Doe" and "John Doe": which Doe is meant is not for the text to say
    return max(fits, key=lambda f: (len(f), fits.count(f), -fits.index(f)))


def agree(forms: list[tuple[str, ...]]) -> bool:
    """Some forms, all of which could name one person."""
    return bool(forms) and all(compatible(a, b) for a in forms for b in forms)


def lowercase_words(text: str) -> frozenset[str]:
    return frozenset(fold(w).rstrip(".") for w in _WORD.findall(text) if w.islower())


def display_form(where: Occurrences, form: tuple[str, ...]) -> list[str] | None:
    """The words of `form` as the article writes them (its capitals and accents)."""
    for run, i in where.get(form[0], []):
        if tuple(run.folded[i : i + len(form)]) == form:
            words = [w for w, _, _ in run.words[i : i + len(form)]]
            if not (_initial(words[-1]) or fold(words[-1]).rstrip(".") in SUFFIXES):
                words[-1] = words[-1].rstrip(".")  # the sentence's full stop
            return words
    return None


class Article:
    """What the text-level pass reads of one article, read once."""

    def __init__(
        self, text: str, not_people: Iterable[str], tagged: dict[int, str] | None = None
    ) -> None:
        self.text = text
        self.tagged = tagged or {}
        """The tagger's part of speech by where a word starts, for the sentences it read."""
        self.where = occurrences(runs(text))
        self.lower = lowercase_words(text)
        self.places = frozenset(fold(w) for name in not_people for w in name.split())
        """Words of the places, organisations and other things the tagger named."""

    def given_name_at(self, start: int) -> bool:
        """Whether the mention at `start` is "Sir John" or "Dame Ann", with or without its
        honorific."""
        before = self.text[max(0, start - 6) : start].split()
        first = self.text[start : start + 6].split()
        return any(fold(w) in GIVEN_NAME_HONORIFICS for w in before[-1:] + first[:1])

    def titled(self, words: list[str], before: int) -> list[tuple[str, ...]]:
        """The names the article writes right after this title before `before`: "Mayor Jane
        Doe" for "the mayor" (`words`: the role phrase, folded, its head last)."""
        head, modifiers = words[-1], set(words[:-1])
        out = []
        for run, i in self.where.get(head, []):
            folded = run.folded
            if run.words[i][1] >= before or not modifiers <= set(folded[max(0, i - 3) : i]):
                continue
            j = i + 1
            while (
                j < len(folded)
                and j - i <= MAX_GIVEN + 1
                and _given_word(run.words[j][0], self.places, self.lower)
            ):
                j += 1
            if j > i + 1:
                out.append(tuple(folded[i + 1 : j]))
        return out

    def fullest(
        self,
        keys: list[tuple[str, ...]],
        words: list[str],
        sex: str | None,
        given_name: bool,
        surnames: frozenset[str] = frozenset(),
    ) -> list[str]:
        """The fullest form the article writes for a person whose cluster has these name keys
        and shows these words; the words themselves when no fuller form is certain. `surnames`:
        those of the article's other people, none of them anybody's given name here."""
        shown = key(words)
        if given_name and len(shown) == 1:
            forms = _given_name_forms(self.where, shown[0])
        else:
            blocked = (self.places | surnames) - {shown[-1]}
            forms = fuller_forms(self.where, shown, blocked, self.lower, self.tagged)
        form = choose(forms, keys, sex)
        if form is None:
            return words
        return display_form(self.where, form) or words
