"""From the noun phrase a cue points at to the person (or organisation) who speaks:
names, pronouns, role nouns, appositions."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from service.attribution.cues import phrase
from service.attribution.lexicon import (
    NOT_SPEAKERS,
    ORG_NOUNS,
    ROLE_NOUNS,
    noun_sex,
    pronoun_sex,
)
from service.attribution.marks import QuoteSpan
from service.attribution.names import fold
from service.attribution.people import ORGANIZATION, Entry, People
from service.attribution.syntax import DocView, low

CLEAR_MARGIN = 2.0
"""Salience lead (about one sentence) a pronoun's person needs to be trusted fully."""
FAR = 12
"""Sentences back a pronoun may reach for its person when none is nearer."""


class How(StrEnum):
    """Which rule found the speaker: each rule has its own measured confidence."""

    NAME = "name"
    COLON = "colon"
    PRECEDING = "preceding"
    TITLE = "title"
    PRONOUN = "pronoun"
    PRONOUN_UNSURE = "pronoun, another person close behind"
    INHERITED = "inherited"
    CONTINUED = "continued"
    ORG = "org"
    ROLE = "role"
    ROLES_FILE = "roles file"
    NARRATION = "narration"
    NOMINAL = "nominal"
    DESCRIPTION = "description"
    FAR = "far"
    GUESS = "guess"
    NONE = "none"


@dataclass
class Finding:
    """What is known so far about one quotation."""

    span: QuoteSpan
    cue: tuple[int, int] | None = None
    entry: Entry | None = None
    how: How = How.NONE
    fallback: bool = False
    """The speaker came from a fallback (context after a cue that named nobody, a body the
    article only describes behind "it", or a guess): no evidence that the marks hold a quote."""


def previous_speaker(found: list[Finding]) -> int | None:
    for f in reversed(found):
        if f.entry is not None:
            return f.entry.id
    return None


def resolve(
    view: DocView, people: People, f: Finding, s: int, prev: int | None, depth: int = 0
) -> None:
    toks = view.tokens
    t, w = toks[s], low(toks[s])
    t0, t1 = phrase(view, s)
    sex = pronoun_sex(w)
    if t.upos == "PRON" or sex is not None:
        if sex is None:
            if w == "it":
                # "it said in a statement": the organisation just named
                f.entry = people.salient_org(t.start, t.sentence, window=2)
                f.how = How.ORG
                if f.entry is None:
                    # "The health authority said ... 'Rural clinics remain a priority,' it
                    # said": a body the article describes without naming it
                    body = _body_before(view, s)
                    if body is not None:
                        _describe(people, f, *phrase(view, body))
                        f.fallback = True  # too loose a reading to vouch for a quotation
            return  # I, we, they: no single person to name
        # a coreference model, when the models provide one, knows better than recency
        f.entry = people.by_coref(s)
        f.how = How.PRONOUN
        if f.entry is None:
            f.entry = people.salient(t.start, t.sentence, sex, previous_speaker=prev)
            f.how = How.PRONOUN if people.margin >= CLEAR_MARGIN else How.PRONOUN_UNSURE
        if f.entry is None:
            # a profile names its subject once and says "he" for paragraphs on end
            f.entry = people.salient(t.start, t.sentence, sex, previous_speaker=prev, window=FAR)
            f.how = How.FAR
        if f.entry is not None:
            people.note_mention(f.entry, s, s + 1)
        return
    # The name must be the head: in "the senior Cruz adviser" Cruz is not the one speaking.
    ent = view.entity_at[s]
    if (
        ent is not None
        and ent.label != "PERSON"
        and ent.token_start > 0
        and low(toks[ent.token_start - 1]) == "the"
        and fold(toks[ent.token_end - 1].text) in ROLE_NOUNS
    ):
        # "the Kentucky Republican", tagged as an organisation: a description of a person
        s = ent.token_end - 1
        t, ent = toks[s], None
        t0, t1 = min(t0, s), s + 1
    if ent is not None and ent.label != "PERSON":
        # "Maxine Waters, a California Democrat, said": the parse made the apposition the
        # subject, and the tagger an organisation of it
        appositive = _appositive_of(view, people, t0)
        if appositive is not None:
            f.entry, f.how = appositive, How.NAME
            return
    named = (people.entry_at(ent.token_start, ent.token_end) if ent else None) or _named_neighbour(
        view, people, s
    )
    if named is not None:
        f.entry, f.how = named, (How.ORG if named.kind == ORGANIZATION else How.NAME)
        return
    # "Lael Brainard, a Fed governor, said": the parse made the apposition the subject.
    appositive = _appositive_of(view, people, t0)
    if appositive is not None:
        f.entry, f.how = appositive, How.NAME
        return
    if t.upos == "PROPN" and t1 - 1 > s and fold(toks[t1 - 1].text) in ROLE_NOUNS:
        # "the Kentucky Republican": the role word, not the state, heads the description
        s, t = t1 - 1, toks[t1 - 1]
    if t.upos == "NOUN" or (t.upos in ("PROPN", "ADJ") and fold(t.text) in ROLE_NOUNS):
        t0 = _np_start(view, t0)
        words = [fold(toks[i].text).rstrip(".") for i in range(t0, t1) if toks[i].upos != "DET"]
        head = fold(t.lemma or t.text)
        if head in ROLE_NOUNS or fold(t.text) in ROLE_NOUNS:
            if (
                toks[t0].upos == "DET" and low(toks[t0]) in ("a", "an", "another", "one")
            ) or _relative_of_someone(view, s):
                # "a spokesman said", "the senior Cruz adviser", "an aide to President Bush":
                # somebody the article does not name
                _describe(people, f, t0, t1)
                return
            words[-1:] = [head]
            entry = people.by_title(words, t.start)
            f.how = How.TITLE
            if entry is None and toks[t0].upos == "DET":
                # "the official" after "a justice official": the person described before
                entry = people.described(head, t.start)
                if entry is not None:
                    f.entry, f.how = entry, How.DESCRIPTION
                    return
                if low(toks[t0]) == "the" and people.introduced(t0 + 1, t1) is not None:
                    # "the aide" after "according to a senior Republican aide": still unnamed
                    _describe(people, f, t0, t1)
                    return
            if entry is None:
                entry = people.office_holder(words, t0, t1)
                f.how = How.ROLES_FILE
            if entry is None:
                sex = noun_sex(head)
                # a role noun is about someone already in view, not a newcomer
                entry = people.salient(
                    t.start, t.sentence, sex, previous_speaker=prev, window=3, introductions=False
                )
                f.how = How.ROLE
            f.entry = entry
            if entry is not None:
                people.note_mention(entry, t0, t1)
            else:
                _describe(people, f, t0, t1)
        elif head in ORG_NOUNS or fold(t.text) in ORG_NOUNS:
            # "the agency said": the organisation the article was just about
            f.entry = people.salient_org(t.start, t.sentence)
            f.how = How.ORG if f.entry is not None else How.NOMINAL
        elif not _personal(head):
            f.how = How.NOMINAL  # "social media profiles say": not somebody
        elif head in NOT_SPEAKERS or fold(t.text) in NOT_SPEAKERS:
            # "a statement from Ms Okafor read", "her statement said", "the party's release":
            # the author of the message speaks
            author = _author_of(view, s)
            f.how = How.NOMINAL
            if author is not None and author != s and depth < 2:
                resolve(view, people, f, author, prev, depth + 1)
        else:
            if low(toks[t0]) == "the":
                # "the soft-spoken carpenter says" right after the contractor was named: the
                # person in view, when one clearly is
                sex = noun_sex(head)
                entry = people.salient(
                    t.start, t.sentence, sex, previous_speaker=prev, window=1, introductions=False
                )
                if entry is not None and people.margin >= CLEAR_MARGIN:
                    f.entry, f.how = entry, How.DESCRIPTION
                    people.note_mention(entry, t0, t1)
                    return
            _describe(people, f, t0, t1)
        return
    if t.upos == "PROPN":
        entry = people.add_name(t0, t1)
        if entry is not None:
            f.entry, f.how = entry, How.NAME


def _np_start(view: DocView, t0: int) -> int:
    """Where the noun phrase ending in a role word begins, however the parse hung its words:
    "a justice official" with "a" attached to "justice"."""
    toks = view.tokens
    sent = view.sentence_of(t0)
    while (
        t0 - 1 >= sent.start
        and toks[t0].upos != "DET"
        and toks[t0 - 1].upos in ("DET", "ADJ", "NOUN", "PROPN")
        and view.entity_at[t0 - 1] is None
    ):
        t0 -= 1
    return t0


_THING_SUFFIXES = ("ment", "ments", "oor", "oors")
"""The "-ent" of a resident, not of a government; the "-or" of a mayor, not of a door."""
_PERSON_SUFFIXES = ("er", "or", "ist", "ian", "ant", "ent", "ic", "eer", "ee", "man", "woman")


def _personal(noun: str) -> bool:
    """Whether a common noun can name people: "residents", "critics", "the father"."""
    noun = noun.lower()
    return (
        noun in ROLE_NOUNS
        or noun in NOT_SPEAKERS
        or (noun.endswith(_PERSON_SUFFIXES) and not noun.endswith(_THING_SUFFIXES))
        or noun in ("people", "folks", "family", "crowd", "public", "staff", "youth", "police")
    )


def _body_before(view: DocView, s: int, window: int = 2) -> int | None:
    """The nearest subject before token s, within `window` sentences, that names an
    organisation by a common noun ("the health authority", "the council")."""
    toks = view.tokens
    for k in range(s - 1, -1, -1):
        if toks[s].sentence - toks[k].sentence > window:
            break
        if (
            toks[k].deprel in ("nsubj", "nsubj:pass")
            and toks[k].upos == "NOUN"
            and (
                fold(toks[k].lemma or toks[k].text) in ORG_NOUNS or fold(toks[k].text) in ORG_NOUNS
            )
        ):
            return k
    return None


def _author_of(view: DocView, s: int) -> int | None:
    """Who a message is from: its possessor or its "from"/"by" phrase."""
    toks = view.tokens
    for k in view.children[s]:
        rel = toks[k].deprel
        if rel == "nmod:poss":
            return k
        if rel.startswith("nmod") and any(
            low(toks[c]) in ("from", "by", "of") for c in view.kids(k, "case")
        ):
            return k
    return None


def _describe(people: People, f: Finding, t0: int, t1: int) -> None:
    f.entry = people.describe(t0, t1)
    f.how = How.DESCRIPTION if f.entry is not None else How.NOMINAL


def _appositive_of(view: DocView, people: People, t0: int) -> Entry | None:
    """The name an apposition describes: "Brittany Lockwood, 20, a political science major"."""
    toks = view.tokens
    j = t0 - 1
    if j >= 0 and toks[j].upos == "DET":
        j -= 1
    if j < 1 or toks[j].text != ",":
        return None
    j -= 1
    while j >= 2 and toks[j].upos == "NUM" and toks[j - 1].text == ",":
        j -= 2  # an age between the name and the description
    ent = view.entity_at[j] if j >= 0 else None
    if ent is None or ent.label != "PERSON" or ent.token_end != j + 1:
        return None
    return people.entry_at(ent.token_start, ent.token_end)


def _relative_of_someone(view: DocView, head: int) -> bool:
    """A role defined by another party: "Cruz adviser", "aide to Bush", "Trump's lawyer"."""
    toks = view.tokens
    for k in view.children[head]:
        rel = toks[k].deprel
        ent = view.entity_at[k]
        if rel in ("compound", "nmod:poss", "nmod") and ent is not None and ent.label == "PERSON":
            return True
    return False


def _named_neighbour(view: DocView, people: People, s: int) -> Entry | None:
    """ "spokesman Brian Fallon", "Sir" parsed as the subject before "Keir Starmer"."""
    toks = view.tokens
    for k in view.children[s]:
        if toks[k].deprel in ("flat", "appos", "compound", "flat:name"):
            entry = people.entry_at(*phrase(view, k))
            if entry is not None and (toks[k].deprel != "compound" or k > s):
                return entry
    if (
        s + 1 < len(toks)
        and toks[s].upos in ("PROPN", "NOUN")
        and toks[s + 1].sentence == toks[s].sentence
    ):
        ent = view.entity_at[s + 1]
        if ent is not None and ent.token_start == s + 1 and ent.label == "PERSON":
            return people.entry_at(ent.token_start, ent.token_end)
    return None
