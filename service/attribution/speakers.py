"""From the noun phrase a cue points at to the person (or organisation) who speaks:
names, pronouns, role nouns, appositions."""

from __future__ import annotations

from service.attribution.cues import author_of, phrase
from service.attribution.findings import NOBODY, Answer, How
from service.attribution.lexicon import (
    DOCUMENTS,
    NOT_SPEAKERS,
    ORG_NOUNS,
    ROLE_NOUNS,
    noun_sex,
    pronoun_sex,
)
from service.attribution.names import fold
from service.attribution.people import ORGANIZATION, PERSON, Entry, People
from service.attribution.syntax import DocView, low
from service.nlp.document import Entity

CLEAR_MARGIN = 2.0
"""Salience lead (about one sentence) a pronoun's person needs to be trusted fully."""
FAR = 12
"""Sentences back a pronoun may reach for its person when none is nearer."""


def resolve(
    view: DocView, people: People, s: int, prev: int | None, depth: int = 0
) -> Answer | None:
    """Who the subject at token `s` is, dispatched on the kind of mention: a pronoun, a name, a
    role noun or another common noun, or a proper noun the tagger did not know. `prev`: the
    speaker of the quotation before. None when the mention gives no reading at all."""
    toks = view.tokens
    group = _group(view, people, s)
    if group is not None:
        return group
    if toks[s].upos == "PRON" or pronoun_sex(low(toks[s])) is not None:
        return _pronoun(view, people, s, prev)
    s, (t0, t1), ent = _role_entity(view, s)
    named = _name(view, people, s, t0, ent)
    if named is not None:
        return named
    t = toks[s]
    if t.upos == "PROPN" and t1 - 1 > s and fold(toks[t1 - 1].text) in ROLE_NOUNS:
        # "the Kentucky Republican": the role word, not the state, heads the description
        s, t = t1 - 1, toks[t1 - 1]
    if t.upos == "NOUN" or (t.upos in ("PROPN", "ADJ") and fold(t.text) in ROLE_NOUNS):
        return _common_noun(view, people, s, _np_start(view, t0), t1, prev, depth)
    if t.upos == "PROPN":
        return _unknown_proper_noun(people, t0, t1)
    return None


_COUNTS = {"two": 2, "three": 3, "four": 4, "both": 2}
"""Number words that count the people a plural subject refers back to."""
_GROUPS = {"pair": 2, "duo": 2, "couple": 2, "trio": 3}
_DEFINITE = frozenset(("the", "these", "those", "both"))


def _group_size(view: DocView, s: int) -> int | None:
    """How many people a definite plural subject counts: "the two leaders", "both men", "the
    pair", "the two", "both". None for anything else ("two officials" introduces new people)."""
    toks = view.tokens
    t, w = toks[s], low(toks[s])
    kids = {low(toks[k]): toks[k].deprel for k in view.children[s]}
    definite = bool(_DEFINITE & kids.keys())
    if w in _COUNTS and t.upos in ("NUM", "PRON", "DET"):
        return _COUNTS[w] if w == "both" or definite else None
    if t.upos != "NOUN" or not definite:
        return None
    if w in _GROUPS:
        return _GROUPS[w]
    noun = fold(t.lemma or t.text)
    if not (_personal(noun) or _personal(noun.removesuffix("s")) or w in ("men", "women")):
        return None
    counted = [_COUNTS[k] for k, rel in kids.items() if k in _COUNTS and rel != "conj"]
    return counted[0] if counted else None


def _named_together(view: DocView, people: People, s: int) -> list[Entry] | None:
    """The people "they" at token `s` stands for: the last names coordinated as one phrase
    ("Ana Lee and Tom Roe met ..."), in this sentence or the one before, when no other plural
    subject came between."""
    toks = view.tokens
    sentence = toks[s].sentence
    for k in range(s - 1, -1, -1):
        t = toks[k]
        if sentence - t.sentence > 1:
            break
        if people.in_quote(t.start, t.end):
            continue
        if t.deprel in ("nsubj", "nsubj:pass") and t.upos in ("NOUN", "PRON"):
            return None  # "Officials stayed away": they are whom "they" means
        head = t.head
        if t.deprel != "conj" or not 0 <= head < len(toks):
            continue
        names = [head, *(c for c in view.kids(head, "conj") if c < s)]
        found: list[Entry] = []
        for c in names:
            entry = _person_in(view, people, c)
            if entry is None:
                break
            if all(entry is not f for f in found):
                found.append(entry)
        else:
            return found if len(found) > 1 else None
    return None


def _person_in(view: DocView, people: People, k: int) -> Entry | None:
    """The person a conjunct names: its own name, or the name its title heads ("President Tom
    Roe", parsed with the title as the conjunct)."""
    for c in (k, *view.kids(k, "flat", "appos", "compound")):
        ent = view.entity_at[c]
        if ent is not None and ent.label == "PERSON":
            entry = people.entry_at(ent.token_start, ent.token_end)
            if entry is not None and entry.kind == PERSON:
                return entry
    return None


def _group(view: DocView, people: People, s: int) -> Answer | None:
    """ "the two leaders said in a joint statement": the people last named, together; the
    first of them is the speaker. "They" after "Ana Lee and Tom Roe": those two."""
    t = view.tokens[s]
    if low(t) == "they" and t.deprel in ("nsubj", "nsubj:pass"):
        together = _named_together(view, people, s)
        if together is None:
            return None
        for entry in together:
            people.note_mention(entry, s, s + 1)
        return Answer(together[0], How.GROUP, together=tuple(together[1:]))
    n = _group_size(view, s)
    if n is None:
        return None
    sex = noun_sex(fold(t.lemma or t.text)) or {"men": "m", "women": "f"}.get(low(t))
    named = people.last_named(t.start, t.sentence, n, sex)
    if named is None:
        return None
    t0, t1 = phrase(view, s)
    for entry in named:
        people.note_mention(entry, t0, t1)
    return Answer(named[0], How.GROUP, together=tuple(named[1:]))


def _pronoun(view: DocView, people: People, s: int, prev: int | None) -> Answer | None:
    t = view.tokens[s]
    sex = pronoun_sex(low(t))
    if sex is None:
        return _it(view, people, s) if low(t) == "it" else None  # I, we, they: nobody to name
    # a coreference model, when the models provide one, knows better than recency
    entry, how = people.by_coref(s), How.COREF
    if entry is None:
        entry, margin = people.salient(t.start, t.sentence, sex, previous_speaker=prev)
        how = How.PRONOUN if margin >= CLEAR_MARGIN else How.PRONOUN_UNSURE
    if entry is None:
        # a profile names its subject once and says "he" for paragraphs on end
        entry, _ = people.salient(t.start, t.sentence, sex, previous_speaker=prev, window=FAR)
        how = How.FAR
    if entry is not None:
        people.note_mention(entry, s, s + 1)
    return Answer(entry, how)


def _it(view: DocView, people: People, s: int) -> Answer:
    """ "it said in a statement": the organisation just named; else a body the article
    describes without naming it ("The health authority said ... 'Rural clinics remain a
    priority,' it said")."""
    t = view.tokens[s]
    entry = people.salient_org(t.start, t.sentence, window=2)
    if entry is not None:
        return Answer(entry, How.IT_ORG)
    body = _body_before(view, s)
    if body is None:
        return Answer(None, How.IT_ORG)
    # "Hydro One raised its rates. ... The utility defended the plan. '...,' it said": the body
    # is the organisation named before it
    named = people.salient_org(view.tokens[body].start, view.tokens[body].sentence)
    if named is not None:
        return Answer(named, How.IT_BODY_NAMED, fallback=True)
    entry = people.describe(*phrase(view, body))
    # too loose a reading to vouch for a quotation
    return Answer(entry, How.IT_BODY, fallback=True) if entry else Answer(None, How.NOMINAL, True)


def _role_entity(view: DocView, s: int) -> tuple[int, tuple[int, int], Entity | None]:
    """The head, phrase and entity of the subject. "The Kentucky Republican", tagged as an
    organisation, is a description of a person: its role word heads it, and no entity does.
    (The name must be the head: in "the senior Cruz adviser" Cruz is not the one speaking.)"""
    toks = view.tokens
    t0, t1 = phrase(view, s)
    ent = view.entity_at[s]
    if (
        ent is not None
        and ent.label != "PERSON"
        and ent.token_start > 0
        and low(toks[ent.token_start - 1]) == "the"
        and fold(toks[ent.token_end - 1].text) in ROLE_NOUNS
    ):
        s = ent.token_end - 1
        return s, (min(t0, s), s + 1), None
    return s, (t0, t1), ent


def _name(view: DocView, people: People, s: int, t0: int, ent: Entity | None) -> Answer | None:
    """A name: the tagger's, one right beside the subject, or the one an apposition that the
    parse made the subject describes."""
    if ent is not None and ent.label != "PERSON":
        # "Maxine Waters, a California Democrat, said": the apposition is the subject, and the
        # tagger made an organisation of it
        appositive = _apposition(view, people, t0)
        if appositive is not None:
            return appositive
    named = (people.entry_at(ent.token_start, ent.token_end) if ent else None) or _named_neighbour(
        view, people, s
    )
    if named is not None:
        return Answer(named, How.ORG if named.kind == ORGANIZATION else How.NAME)
    # "Lael Brainard, a Fed governor, said"
    return _apposition(view, people, t0)


def _apposition(view: DocView, people: People, t0: int) -> Answer | None:
    entry = _appositive_of(view, people, t0)
    return Answer(entry, How.APPOSITION) if entry is not None else None


def _common_noun(
    view: DocView, people: People, s: int, t0: int, t1: int, prev: int | None, depth: int
) -> Answer | None:
    """A noun phrase headed by a common noun: a role, an organisation, a message, something
    that is nobody, or a description of a person."""
    toks = view.tokens
    t = toks[s]
    head = fold(t.lemma or t.text)
    if head in ROLE_NOUNS or fold(t.text) in ROLE_NOUNS:
        if _plural(t.text, head):
            # "justice officials said", "sources say": people the article does not name, not
            # the one person in view ("the two leaders" went to the people last named before)
            return _describe(people, t0, t1)
        return _role_noun(view, people, s, t0, t1, head, prev)
    if head in ORG_NOUNS or fold(t.text) in ORG_NOUNS:
        # "the agency said": the organisation the article was just about
        org = people.salient_org(t.start, t.sentence)
        return Answer(org, How.ORG_NOUN) if org is not None else NOBODY
    if not _personal(head):
        return NOBODY  # "social media profiles say": not somebody
    if head in NOT_SPEAKERS or fold(t.text) in NOT_SPEAKERS:
        # "a statement from Ms Okafor read", "her statement said", "the party's release":
        # the author of the message speaks
        author = author_of(view, s)
        if author is not None and author != s and depth < 2:
            return resolve(view, people, author, prev, depth + 1) or NOBODY
        if low(toks[t0]) == "the" and (head in DOCUMENTS or fold(t.text) in DOCUMENTS):
            # "the claim said", "the report said": a filing or a report speaks for itself, as the
            # article describes it, not for whoever was named last
            document = people.describe(t0, t1)
            if document is not None:
                return Answer(document, How.DOCUMENT, fallback=True)
        return NOBODY
    if low(toks[t0]) == "the":
        # "the soft-spoken carpenter says" right after the contractor was named: the person in
        # view, when one clearly is
        entry, margin = people.salient(
            t.start,
            t.sentence,
            noun_sex(head),
            previous_speaker=prev,
            window=1,
            introductions=False,
        )
        if entry is None or margin < CLEAR_MARGIN:
            # "Coach Jim Poe praised Tom Roe. ... the rookie defenceman said": not the one the
            # article gave another role
            entry, margin = people.salient(
                t.start,
                t.sentence,
                noun_sex(head),
                exclude=people.titled_other_than(head),
                previous_speaker=prev,
                window=1,
                introductions=False,
            )
        if entry is not None and margin >= CLEAR_MARGIN:
            people.note_mention(entry, t0, t1)
            return Answer(entry, How.IN_VIEW)
    return _describe(people, t0, t1)


def _plural(word: str, lemma: str) -> bool:
    w = fold(word)
    return w != lemma and w.endswith("s") and not lemma.endswith("s")


def _role_noun(
    view: DocView, people: People, s: int, t0: int, t1: int, head: str, prev: int | None
) -> Answer:
    """ "The Prime Minister said": the person the article titled so, the one it described so
    before, the office holder of the operator's roles file, else the person in view."""
    toks = view.tokens
    t = toks[s]
    if (toks[t0].upos == "DET" and low(toks[t0]) in ("a", "an", "another", "one")) or (
        _relative_of_someone(view, s)
    ):
        # "a spokesman said", "the senior Cruz adviser", "an aide to President Bush": somebody
        # the article does not name
        return _describe(people, t0, t1)
    words = [fold(toks[i].text).rstrip(".") for i in range(t0, t1) if toks[i].upos != "DET"]
    words[-1:] = [head]
    entry, how = people.by_title(words, t.start), How.TITLE
    if entry is None and toks[t0].upos == "DET":
        # "the official" after "a justice official": the person described before
        described = people.described(head, t.start)
        if described is not None:
            return Answer(described, How.DESCRIBED_BEFORE)
        if low(toks[t0]) == "the" and people.introduced(t0 + 1, t1) is not None:
            # "the aide" after "according to a senior Republican aide": still unnamed
            return _describe(people, t0, t1)
    if entry is None:
        entry, how = people.titled_in_text(words, t.start), How.TITLE_TEXT
    if entry is None:
        entry, how = people.office_holder(words, t0, t1), How.ROLES_FILE
    if entry is None:
        # a role noun is about someone already in view, not a newcomer, nor one the article
        # gave another office
        entry, _ = people.salient(
            t.start,
            t.sentence,
            noun_sex(head),
            exclude=people.titled_otherwise(words),
            previous_speaker=prev,
            window=3,
            introductions=False,
        )
        how = How.ROLE
    if entry is None:
        return _describe(people, t0, t1)
    people.note_mention(entry, t0, t1)
    return Answer(entry, how)


def _unknown_proper_noun(people: People, t0: int, t1: int) -> Answer | None:
    """A name the tagger missed (a weak model misses names): a new person."""
    entry = people.add_name(t0, t1)
    return Answer(entry, How.PROPER_NOUN) if entry is not None else None


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


def describe(view: DocView, people: People, s: int) -> Answer:
    """The noun phrase at token `s` as the description of somebody the article does not name
    (for reported speech whose subject no other reading resolves)."""
    return _describe(people, *phrase(view, s))


def _describe(people: People, t0: int, t1: int) -> Answer:
    """Somebody the article describes but does not name: that description."""
    entry = people.describe(t0, t1)
    return Answer(entry, How.DESCRIPTION) if entry is not None else NOBODY


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
    before = ent.token_start - 1
    if before >= 0 and toks[before].upos in ("ADP", "DET"):
        return None  # "in an interview with the Guardian, the chancellor said": no apposition
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
