"""Word lists the rules rely on. General English, not tuned to any article.

The lists are data: `words/<name>.txt` beside this module (package data), one entry a line,
with `#` comments saying why a list exists or why a word is (not) in it. Read once, on import.
"""

from __future__ import annotations

from importlib.resources import files as _files


def _forms(*bases: str) -> frozenset[str]:
    """Base forms plus regular inflections (the offline lemmatiser leaves unseen forms alone)."""
    out = set()
    for b in bases:
        stem = b.removesuffix("e")
        es = b + ("es" if b.endswith(("s", "sh", "ch", "x", "z", "o")) else "s")
        if b.endswith("y") and b[-2] not in "aeiou":
            es, past = b[:-1] + "ies", b[:-1] + "ied"
        else:
            past = b + "d" if b.endswith("e") else b + "ed"
        out |= {b, es, past, stem + "ing"}
    return frozenset(out)


def _entries(name: str) -> list[str]:
    """The entries of `words/<name>.txt` in file order: `#` starts a comment, blank lines skip."""
    text = (_files("service.attribution") / "words" / f"{name}.txt").read_text(encoding="utf-8")
    return [e for line in text.splitlines() if (e := line.partition("#")[0].strip())]


def _words(name: str) -> frozenset[str]:
    return frozenset(_entries(name))


SPEECH_VERBS = _forms(*_entries("speech_verbs")) | _words("speech_verb_forms")
WEAK_SPEECH = _words("weak_speech")
NAMING_VERBS = _forms(*_entries("naming_verbs"))
TIME_WORDS = _words("time_words")
"""Words of time, never a speaker where a weak parse makes one a subject."""
"""Speech verbs that cue quotations but report no content ("called the plan a disaster")."""
SPEAKING_PARTICLES = dict.fromkeys(_forms("point"), "out")
"""Weak verbs that say by themselves that someone spoke with this particle ("pointed out that
...", not "pointed to the polls")."""

HONORIFICS = _words("honorifics")
MALE_HONORIFICS = frozenset({"mr", "sir", "lord", "king", "prince", "father", "brother", "messrs"})
FEMALE_HONORIFICS = frozenset({"mrs", "ms", "miss", "dame", "lady", "queen", "princess", "sister"})

ROLE_NOUNS = _words("role_nouns")
TITLE_WORDS = ROLE_NOUNS | HONORIFICS | _words("title_words")

MALE_PRONOUNS = frozenset({"he", "him", "his", "himself"})
FEMALE_PRONOUNS = frozenset({"she", "her", "hers", "herself"})
MALE_NOUNS = _words("male_nouns")
FEMALE_NOUNS = _words("female_nouns")


def pronoun_sex(word: str) -> str | None:
    """ "m" for he/him/his, "f" for she/her/hers, else None."""
    return "m" if word in MALE_PRONOUNS else "f" if word in FEMALE_PRONOUNS else None


def noun_sex(word: str) -> str | None:
    """ "m" or "f" for a gendered noun ("father", "spokeswoman"), else None."""
    return "m" if word in MALE_NOUNS else "f" if word in FEMALE_NOUNS else None


MALE_NAMES = _words("male_names")
FEMALE_NAMES = _words("female_names")
NOT_NAME = _words("not_name")
ORG_NOUNS = _words("org_nouns")
NOT_SPEAKERS = _words("not_speakers")
DOCUMENTS = _words("documents")
SPEECH_NOUNS = _words("speech_nouns")
# Cues that report a promise or a request as "to" and a verb: "vowed to repeal the law".
PROMISE_VERBS = _forms("promise", "vow", "pledge", "threaten", "urge", "ask", "offer")
