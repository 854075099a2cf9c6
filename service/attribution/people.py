"""Who is in the article: person and organisation clusters built from named entities, with the
titles and genders the article itself gives them, and resolution of pronouns and role nouns.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from service.attribution.canonical import Article, agree, display_form
from service.attribution.credits import credits
from service.attribution.lexicon import (
    FEMALE_HONORIFICS,
    FEMALE_NAMES,
    MALE_HONORIFICS,
    MALE_NAMES,
    ROLE_NOUNS,
    TITLE_WORDS,
    noun_sex,
    pronoun_sex,
)
from service.attribution.names import compatible, display, fold, key, name_words
from service.attribution.roles import COUNTRIES, Roles, country_key
from service.attribution.syntax import DocView, Regions

PERSON, ORGANIZATION, DESCRIPTION = "person", "organization", "description"
_SUBJECT = ("nsubj", "nsubj:pass", "csubj")
RECENT_SENTENCES = 2
"""A bare surname shared by two people is the one named this recently, else the first one."""
INTRODUCTION = 3.0
SAME_SENTENCE = 2.0
UNKNOWN_SEX = 2.0
"""Penalty for a person of unknown gender when the pronoun has one."""
_LONGEST_MENTION = 1000
"""Characters: no name the tagger finds is longer."""
INTRODUCTION_REACH = 2000
"""Tokens back to look for the phrase that introduced a described speaker: a long article's
worth, and a bound on the work a text with thousands of quotations can ask for."""
_FUNCTION_WORDS = frozenset(
    [
        "what",
        "who",
        "whom",
        "whose",
        "which",
        "when",
        "where",
        "why",
        "how",
        "this",
        "that",
        "these",
        "those",
        "there",
        "here",
        "it",
        "its",
        "i",
        "i'd",
        "i'm",
        "i've",
        "we",
        "you",
        "he",
        "she",
        "they",
    ]
)
_INITIALISM = re.compile(r"(?:[A-Z]\.)+")
_NOT_NAME_TAGS = frozenset({"PRON", "DET", "ADV", "SCONJ", "CCONJ", "AUX", "ADP", "PART"})
_OFFICES = frozenset(
    {
        "president",
        "prime",
        "premier",
        "chancellor",
        "mayor",
        "governor",
        "king",
        "queen",
        "pope",
        "secretary",
    }
)
"""Head offices one person holds at a time: whom the article titled with one, it did not
title with another ("prime" stands for prime minister, "secretary" for a secretary general or
a secretary of state)."""


def _office(words: list[str]) -> str | None:
    if "prime" in words:
        return "prime"
    if "secretary" in words:
        return "secretary"  # "the secretary general", "the foreign secretary"
    return words[-1] if words and words[-1] in _OFFICES else None


_GENERIC_MODIFIERS = frozenset(
    {"former", "current", "then", "new", "late", "outgoing", "incoming", "party"}
)
"""Words of a role phrase that say nothing of which office: "the party leader" is the one the
article titled leader, whatever party it named."""


@dataclass
class Entry:
    id: int
    kind: str
    words: list[str]
    keys: list[tuple[str, ...]] = field(default_factory=list)
    titles: set[str] = field(default_factory=set)
    gender: Counter[str] = field(default_factory=Counter)
    mentions: list[tuple[int, int]] = field(default_factory=list)

    @property
    def name(self) -> str:
        return display(self.words)

    @property
    def sex(self) -> str | None:
        ranked = self.gender.most_common(2)
        if not ranked or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
            return None
        return ranked[0][0]


@dataclass(frozen=True)
class Mention:
    entry: int
    start: int
    end: int
    sentence: int
    prominence: float
    """Grammatical role as salience: subject > possessor > anything else."""
    quoted: bool


class People:
    def __init__(self, view: DocView, quoted: Regions, roles: Roles | None = None) -> None:
        self.view = view
        self.roles = roles
        self.entries: list[Entry] = []
        self.mentions: list[Mention] = []
        """In text order, always (`_mention` keeps it so)."""
        self._starts: list[int] = []
        self._quoted = quoted
        made_by = credits(view.doc.text)
        for ent in view.doc.entities:
            if ent.label == "PERSON" and made_by.covers(ent.start, ent.end):
                continue  # a byline or a photo credit names who made the article
            if ent.label == "PERSON":
                self._add_person(ent.token_start, ent.token_end)
            elif ent.label == "ORG":
                self._add_org(ent.token_start, ent.token_end)
        self._people_tagged_as_orgs()
        self._pronoun_votes()

    # -------------------------------------------------------------- building
    def in_quote(self, start: int, end: int) -> bool:
        return self._quoted.covers(start, end)

    def _add_person(self, t0: int, t1: int) -> Entry | None:
        toks = self.view.tokens
        # NER often stops at a hyphen: "Douglas Holtz-Eakin" tagged as "Douglas Holtz"
        while (
            t1 + 1 < len(toks)
            and toks[t1].text == "-"
            and toks[t1].start == toks[t1 - 1].end
            and toks[t1 + 1].start == toks[t1].end
            and toks[t1 + 1].text[:1].isupper()
        ):
            t1 += 2
        # ... and before one: "al-Shabaab" tagged as "Shabaab"
        while (
            t0 >= 2
            and toks[t0 - 1].text == "-"
            and toks[t0 - 1].end == toks[t0].start
            and toks[t0 - 2].end == toks[t0 - 1].start
            and toks[t0 - 2].sentence == toks[t0].sentence
        ):
            t0 -= 2
        words = name_words(self.view.doc.text[toks[t0].start : toks[t1 - 1].end])
        if not words or not any(p[:1].isupper() for w in words for p in w.split("-")):
            return None
        if (
            (t1 - t0 == 1 and toks[t0].upos in _NOT_NAME_TAGS)
            or (len(words) == 1 and fold(words[0]) in _FUNCTION_WORDS)
            or all(_INITIALISM.fullmatch(w) for w in words)
        ):
            return None  # a heading's "What", a province's "N.B." tagged as a person
        if t1 - t0 == 1 and t0 > 0 and toks[t0 - 1].text == "the":
            # "an interview with the Guardian", "the Kremlin said": nobody's name takes "the",
            # an organisation's may
            return self._add_org(t0, t1)
        k = key(words)
        entry = self._match(k, toks[t0].sentence)
        if entry is None:
            entry = Entry(id=len(self.entries), kind=PERSON, words=words)
            self.entries.append(entry)
        elif len(k) > len(key(entry.words)):
            entry.words = words  # the fullest form names the cluster
        if k not in entry.keys:
            entry.keys.append(k)  # each form once: a name said a thousand times stays cheap
        if not self.in_quote(toks[t0].start, toks[t1 - 1].end):
            self._note_titles(entry, t0, t1)
        self._note_gender_from_name(entry, t0)
        self._mention(entry, t0, t1)
        return entry

    def _add_org(self, t0: int, t1: int) -> Entry:
        toks = self.view.tokens
        surface = self.view.doc.text[toks[t0].start : toks[t1 - 1].end]
        words = shown = name_words(surface, person=False) or [surface]
        if words and fold(words[0]) == "the":
            words = words[1:] or words
            if shown[0] != "The" or self.view.sentence_of(t0).start == t0:
                shown = words  # "The Hill" keeps a capital "The" it has mid-sentence only
        k = key(words)
        for entry in self.entries:
            if entry.kind == ORGANIZATION and k in entry.keys:
                if len(shown) > len(entry.words):
                    entry.words = shown
                break
        else:
            entry = Entry(id=len(self.entries), kind=ORGANIZATION, words=shown)
            self.entries.append(entry)
        entry.keys.append(k)
        self._mention(entry, t0, t1)
        return entry

    def _people_tagged_as_orgs(self) -> None:
        """A weak NER tags "Putin's" as an organisation: a one-word organisation that is the
        surname of a person in the article is that person."""
        moved: dict[int, int] = {}
        for entry in self.entries:
            if entry.kind != ORGANIZATION or any(len(k) != 1 for k in entry.keys):
                continue
            word = entry.keys[0][0]
            people = [
                e
                for e in self.entries
                if e.kind == PERSON and any(len(k) > 1 and k[-1] == word for k in e.keys)
            ]
            if len(people) == 1:
                moved[entry.id] = people[0].id
        if not moved:
            return
        for entry_id, person_id in moved.items():
            self.entries[person_id].mentions.extend(self.entries[entry_id].mentions)
            self.entries[entry_id].mentions.clear()
        self.mentions = [
            Mention(moved.get(m.entry, m.entry), m.start, m.end, m.sentence, m.prominence, m.quoted)
            for m in self.mentions
        ]

    def describe(self, t0: int, t1: int) -> Entry | None:
        """A speaker the article describes but does not name ("a city hall spokesperson"): the
        description itself, without its determiner, stands for them."""
        toks = self.view.tokens
        definite = fold(toks[t0].text) == "the"
        while t0 < t1 and (
            toks[t0].upos in ("DET", "PRON") or fold(toks[t0].text) in ("another", "one")
        ):
            t0 += 1
        if t0 >= t1:
            return None
        if definite:
            # "the spokesperson" after "A city hall spokesperson said": the fuller form
            t0, t1 = self.introduced(t0, t1) or (t0, t1)
        # the words as written: "the soft-spoken carpenter", not "soft spoken"
        words = self.view.doc.text[toks[t0].start : toks[t1 - 1].end].split()
        if not words or not any(c.isalnum() for c in words[-1]):
            return None
        k = key(words)  # matched by its own words; "for the agency" only adds to the name
        shown = self.view.doc.text[toks[t0].start : toks[self._affiliation_end(t1)].end].split()
        for entry in self.entries:
            if entry.kind == DESCRIPTION and (k in entry.keys or entry.keys[-1][-1] == k[-1]):
                if len(shown) > len(entry.words):
                    entry.words = shown
                break
        else:
            entry = Entry(id=len(self.entries), kind=DESCRIPTION, words=shown)
            self.entries.append(entry)
        if k not in entry.keys:
            entry.keys.append(k)
        entry.mentions.append((toks[t0].start, toks[t1 - 1].end))
        return entry

    def _affiliation_end(self, t1: int) -> int:
        """The last token of the body a description belongs to, right after it ("a
        spokesperson for the Canadian Federation of Apartment Associations"); else its own."""
        toks, last = self.view.tokens, t1 - 1
        if t1 >= len(toks) or fold(toks[t1].text) not in ("for", "at", "with", "of"):
            return last
        j = t1 + 1
        while (
            j < len(toks)
            and toks[j].sentence == toks[last].sentence
            and (toks[j].upos in ("PROPN", "ADJ", "DET", "ADP", "CCONJ") or toks[j].text == "&")
            and j - t1 <= 12
        ):
            j += 1
        named = [i for i in range(t1 + 1, j) if toks[i].upos == "PROPN"]
        return named[-1] if named else last

    def introduced(self, t0: int, t1: int) -> tuple[int, int] | None:
        """The indefinite phrase that introduced a described speaker earlier and says more
        ("a city hall spokesperson" for "the spokesperson"), if there is one."""
        toks = self.view.tokens
        seen = self.view.occurrences.get(toks[t1 - 1].text.lower(), [])
        k = bisect.bisect_left(seen, t0) - 1
        while k >= 0 and self.in_quote(toks[seen[k]].start, toks[seen[k]].end):
            k -= 1
        if k < 0 or t0 - seen[k] > INTRODUCTION_REACH:
            return None
        j = i = seen[k]
        while (
            i > 0
            and toks[i - 1].upos in ("ADJ", "NOUN", "PROPN", "PUNCT")
            and toks[i - 1].text not in (",", ".", ";", ":", '"')
        ):
            i -= 1
        says_more = j - i > t1 - 1 - t0 or self._affiliation_end(j + 1) > j
        if i > 0 and fold(toks[i - 1].text) in ("a", "an") and says_more:
            return i, j + 1
        return None

    def add_name(self, t0: int, t1: int) -> Entry | None:
        """A speaker the NER missed (a weak model misses names): register it on demand."""
        return self._add_person(t0, t1)

    def _match(self, k: tuple[str, ...], sentence: int | None = None) -> Entry | None:
        found = []
        for entry in self.entries:
            if entry.kind != PERSON:
                continue
            # "Michael Greenspan" joins neither "Dorie Greenspan" nor a "Greenspan" that stands
            # for her: every full name in the cluster must agree with the new one
            if any(compatible(k, other) for other in entry.keys) and all(
                compatible(k, other) for other in entry.keys if len(other) > 1 and len(k) > 1
            ):
                found.append(entry)
        if not found:
            return None
        if len(k) == 1:
            # "Trump" is the Trump of "Donald Trump", not of a headline's "Trump Says"
            by_surname = [e for e in found if any(len(o) > 1 and o[-1] == k[0] for o in e.keys)]
            found = by_surname or found
        # several compatible clusters: the one seen last is the one meant, if it was seen just
        # now; otherwise a bare surname is the person the article introduced first
        last = max(found, key=lambda e: (e.mentions or [(-1, -1)])[-1])
        if len(found) == 1 or len(k) > 1 or sentence is None:
            return last
        seen = max((m.sentence for m in self.mentions if m.entry == last.id), default=-99)
        if sentence - seen <= RECENT_SENTENCES:
            return last
        return min(found, key=lambda e: (e.mentions or [(1 << 62, 0)])[0])

    def _mention(self, entry: Entry, t0: int, t1: int, subject: bool = False) -> None:
        toks = self.view.tokens
        start, end = toks[t0].start, toks[t1 - 1].end
        rels = {toks[i].deprel for i in range(t0, t1)}
        # "Santos's neighbour, Grace Park, was less sure": the subject, in apposition
        subject = subject or any(
            toks[i].deprel == "appos"
            and 0 <= toks[i].head < len(toks)
            and toks[toks[i].head].deprel in _SUBJECT
            for i in range(t0, t1)
        )
        prominence = 1.5 if subject or rels & set(_SUBJECT) else 1.0 if "nmod:poss" in rels else 0.0
        entry.mentions.append((start, end))
        i = bisect.bisect_right(self._starts, start)
        self._starts.insert(i, start)
        self.mentions.insert(
            i,
            Mention(entry.id, start, end, toks[t0].sentence, prominence, self.in_quote(start, end)),
        )

    def mentions_between(self, start: int, end: int) -> list[Mention]:
        """The mentions that begin at or after `start` and before `end`, in text order."""
        return self.mentions[
            bisect.bisect_left(self._starts, start) : bisect.bisect_left(self._starts, end)
        ]

    def note_mention(self, entry: Entry, t0: int, t1: int) -> None:
        """A pronoun or role noun resolved to `entry` keeps the entry salient."""
        self._mention(entry, t0, t1, subject=True)

    def _note_titles(self, entry: Entry, t0: int, t1: int) -> None:
        toks = self.view.tokens
        sent = self.view.sentence_of(t0)
        i = t0 - 1
        # "French President Emmanuel Macron", "NATO Secretary General Mark Rutte"
        while i >= sent.start and t0 - i <= 5:
            t = toks[i]
            w = fold(t.text).rstrip(".")
            if t.upos in ("PUNCT", "DET", "VERB", "AUX", "ADP", "CCONJ", "PRON"):
                break
            if not (w in TITLE_WORDS or t.text[:1].isupper()):
                break
            entry.titles.add(w)
            i -= 1
        for w in self.view.doc.text[toks[t0].start : toks[t1 - 1].end].split()[:-1]:
            if fold(w).rstrip(".") in TITLE_WORDS:
                entry.titles.add(fold(w).rstrip("."))
        # appositions: "Mark Rutte, NATO's secretary general," / "the minister, Jane Doe,"
        heads = {toks[i].head for i in range(t0, t1)} | set(range(t0, t1))
        for h in range(t0, t1):
            for k in self.view.kids(h, "appos"):
                if not (t0 <= k < t1):
                    self._titles_from_np(entry, k)
        for h in heads:
            if (
                0 <= h < len(toks)
                and not (t0 <= h < t1)
                and toks[t0].deprel == "appos"
                and toks[h].upos == "NOUN"
            ):
                self._titles_from_np(entry, h)

    def _titles_from_np(self, entry: Entry, head: int) -> None:
        toks = self.view.tokens
        words = [head] + [
            k
            for k in self.view.children[head]
            if toks[k].deprel in ("amod", "compound", "nmod:poss", "flat")
        ]
        for i in words:
            entry.titles.add(fold(toks[i].text).rstrip("."))

    def _note_gender_from_name(self, entry: Entry, t0: int) -> None:
        toks = self.view.tokens
        before = fold(toks[t0 - 1].text).rstrip(".") if t0 > 0 else ""
        first = fold(toks[t0].text).rstrip(".")
        for w in (before, first):
            if w in MALE_HONORIFICS:
                entry.gender["m"] += 3
            elif w in FEMALE_HONORIFICS:
                entry.gender["f"] += 3
        # a lone given name ("says Michael") tells as much as a full one
        given = key(entry.words)[0]
        if given in MALE_NAMES:
            entry.gender["m"] += 1
        elif given in FEMALE_NAMES:
            entry.gender["f"] += 1
        for t in entry.titles:
            if (sex := noun_sex(t)) is not None:
                entry.gender[sex] += 2

    def _pronoun_votes(self) -> None:
        """The article's own pronouns are the best evidence of gender: "Trump said he ..." and
        "Clinton ... her campaign" vote for the subject of the clause above the pronoun, or for
        the one person named before it in the sentence."""
        toks = self.view.tokens
        by_sentence: dict[int, list[Mention]] = {}
        person_at: dict[int, int] = {}
        for m in self.mentions:
            if not m.quoted and self.entries[m.entry].kind == PERSON:
                by_sentence.setdefault(m.sentence, []).append(m)
                for i in self.view.tokens_between(m.start, m.end):
                    person_at[i] = m.entry
        for t in toks:
            w = t.text.lower()
            sex = pronoun_sex(w)
            if sex is None or self.in_quote(t.start, t.end):
                continue
            subject = self._clause_subject(t.index, person_at)
            if subject is not None:
                self.entries[subject].gender[sex] += 1
                continue
            before = {m.entry for m in by_sentence.get(t.sentence, []) if m.start < t.start}
            if len(before) == 1 and len({m.entry for m in by_sentence[t.sentence]}) == 1:
                self.entries[next(iter(before))].gender[sex] += 1
            elif not before:
                # "Amara Osei runs the clinic. Her colleague ...": the one person who was the
                # subject of the sentence before
                subjects = {
                    m.entry for m in by_sentence.get(t.sentence - 1, []) if m.prominence >= 1.5
                }
                if len(subjects) == 1:
                    self.entries[next(iter(subjects))].gender[sex] += 1

    def _clause_subject(self, pron: int, person_at: dict[int, int]) -> int | None:
        """The person who is the subject of a clause above the pronoun ("Baxter said she ...")."""
        toks = self.view.tokens
        for h in self.view.ancestors(pron)[:4]:
            for k in self.view.kids(h, "nsubj"):
                if k != pron and k < pron and k in person_at:
                    return person_at[k]
            if toks[h].upos in ("VERB", "AUX") and toks[h].deprel == "root":
                break
        return None

    # ------------------------------------------------------------ resolution
    def entry_at(self, t0: int, t1: int) -> Entry | None:
        start, end = self.view.tokens[t0].start, self.view.tokens[t1 - 1].end
        found = None
        # mentions are names, never this long: look back only as far as one could reach
        j = bisect.bisect_left(self._starts, end) - 1
        while j >= 0 and self._starts[j] > start - _LONGEST_MENTION:
            m = self.mentions[j]
            if start < m.end and not m.quoted:
                found = m
            j -= 1
        return self.entries[found.entry] if found else None

    def salient(
        self,
        pos: int,
        sentence: int,
        sex: str | None = None,
        exclude: set[int] | frozenset[int] = frozenset(),
        window: int = 4,
        previous_speaker: int | None = None,
        min_prominence: float = 0.0,
        introductions: bool = True,
    ) -> tuple[Entry | None, float]:
        """The person an anaphor at `pos` most likely means: recent, a subject, the speaker of
        the quote before, and of a compatible gender; and the margin of the choice, how far the
        runner-up's score trails the chosen person's (infinite with no runner-up)."""
        best, best_score = None, None
        scores: dict[int, float] = {}
        if previous_speaker is not None and self._turned_away(previous_speaker, pos, sentence):
            previous_speaker = None
        for m in self.mentions:
            if m.start >= pos:
                break
            entry = self.entries[m.entry]
            dist = sentence - m.sentence
            if (
                m.quoted
                or entry.kind != PERSON
                or dist > window
                or entry.id in exclude
                or m.prominence < min_prominence
            ):
                continue
            if sex and entry.sex and entry.sex != sex:
                continue
            score = (
                2.0 * dist
                - m.prominence
                - (3.0 if entry.id == previous_speaker else 0.0)
                - (INTRODUCTION if introductions and self._introduces(entry, m) else 0.0)
                - (SAME_SENTENCE if dist == 0 else 0.0)
                + (UNKNOWN_SEX if sex and not entry.sex else 0.0)
                - m.start / 1e9
            )
            if best_score is None or score <= best_score:
                best, best_score = entry, score
            scores[entry.id] = min(score, scores.get(entry.id, score))
        ranked = sorted(scores.values())
        return best, (ranked[1] - ranked[0] if len(ranked) > 1 else float("inf"))

    def last_named(
        self, pos: int, sentence: int, n: int, sex: str | None = None, window: int = 3
    ) -> list[Entry] | None:
        """The `n` people named last before `pos` (within `window` sentences, outside
        quotations, of a compatible gender), in the order the text names them; None when fewer
        are in reach."""
        seen: list[int] = []
        j = bisect.bisect_left(self._starts, pos) - 1
        while j >= 0 and len(seen) < n:
            m = self.mentions[j]
            j -= 1
            entry = self.entries[m.entry]
            if sentence - m.sentence > window:
                break
            if m.quoted or entry.kind != PERSON or m.entry in seen:
                continue
            if sex and entry.sex and entry.sex != sex:
                continue
            seen.append(m.entry)
        return [self.entries[e] for e in reversed(seen)] if len(seen) == n else None

    def _turned_away(self, speaker: int, pos: int, sentence: int) -> bool:
        """Whether the sentence just before has moved on from the last speaker: another person
        is the subject of its main verb ("Mr Zelensky thanked Britain. 'We are grateful,' he
        said.")."""
        last = max(
            (m.start for m in self.mentions if m.entry == speaker and m.start < pos), default=-1
        )
        return any(
            last < m.start < pos
            and sentence - m.sentence <= 1
            and m.entry != speaker
            and not m.quoted
            and self.entries[m.entry].kind == PERSON
            and self._main_subject(m)
            for m in self.mentions
        )

    def _main_subject(self, m: Mention) -> bool:
        toks = self.view.tokens
        return any(
            toks[i].deprel in _SUBJECT and toks[toks[i].head].deprel == "root"
            for i in self.view.tokens_between(m.start, m.end)
            if 0 <= toks[i].head < len(toks)
        )

    def _introduces(self, entry: Entry, m: Mention) -> bool:
        """The first, full-name mention of a person: news introduces, then quotes."""
        return m.start == min(a for a, _ in entry.mentions) and len(entry.words) > 1

    def described(self, head: str, pos: int) -> Entry | None:
        """A speaker described before `pos` by a phrase with this head noun."""
        for entry in self.entries:
            if (
                entry.kind == DESCRIPTION
                and entry.keys[-1][-1] == head
                and entry.mentions
                and entry.mentions[0][0] < pos
            ):
                return entry
        return None

    @cached_property
    def country(self) -> str | None:
        """The country the article is most about, from its place and nationality names."""
        counts: Counter[str] = Counter()
        for ent in self.view.doc.entities:
            if ent.label in ("LOC", "MISC"):
                c = country_key(ent.text)
                if c in COUNTRIES:
                    counts[c] += 1
        top = counts.most_common(2)
        if not top or (len(top) > 1 and top[1][1] == top[0][1]):
            return None
        return top[0][0]

    @cached_property
    def article(self) -> Article:
        """The text-level reading of names (`canonical`), read once."""
        doc = self.view.doc
        return Article(
            doc.text,
            (e.text for e in doc.entities if e.label != "PERSON"),
            {t.start: t.upos for t in doc.tokens},
        )

    def surnames(self) -> frozenset[str]:
        """The surnames of the people found so far, from their full names."""
        return frozenset(
            k[-1] for e in self.entries if e.kind == PERSON for k in e.keys if len(k) > 1
        )

    def titled_in_text(self, words: list[str], pos: int) -> Entry | None:
        """ "The mayor said" where the article wrote "Mayor Jane Doe" in a sentence the tagger
        never read: that person, when the article gives the title to one name only."""
        forms = self.article.titled(words, pos)
        if not agree(forms):
            return None
        k = max(forms, key=len)
        entry = self._match(k)
        if entry is None:
            shown = display_form(self.article.where, k) or list(k)
            entry = Entry(id=len(self.entries), kind=PERSON, words=shown, keys=[k])
            entry.titles.update(words)
            self.entries.append(entry)
        return entry

    def by_surname(self, word: str) -> Entry | None:
        """The one person of the article whose name ends in this word ("Streeting")."""
        w = fold(word).rstrip(".")
        found = [e for e in self.entries if e.kind == PERSON and any(k[-1] == w for k in e.keys)]
        return found[0] if len(found) == 1 else None

    def titled_otherwise(self, words: list[str]) -> set[int]:
        """The people the article gave another head office than the role phrase `words`
        names: "the US president" is not the prime minister named just before."""
        office = _office(words)
        if office is None:
            return set()
        return {
            e.id
            for e in self.entries
            if e.kind == PERSON and office not in e.titles and e.titles & _OFFICES
        }

    def titled_other_than(self, noun: str) -> set[int]:
        """The people the article titled with a role noun other than `noun` ("Coach Jim Poe"
        for "the defenceman")."""
        return {
            e.id
            for e in self.entries
            if e.kind == PERSON and noun not in e.titles and e.titles & ROLE_NOUNS
        }

    def office_holder(self, words: list[str], t0: int, t1: int) -> Entry | None:
        """The person the operator's roles file names for a role phrase the article leaves
        unnamed ("the British Prime Minister")."""
        if self.roles is None:
            return None
        name = self.roles.holder(words, self.country)
        if name is None:
            return None
        names = name_words(name)
        k = key(names)
        entry = self._match(k)
        if entry is None:
            entry = Entry(id=len(self.entries), kind=PERSON, words=names, keys=[k])
            self.entries.append(entry)
        return entry

    def salient_org(self, pos: int, sentence: int, window: int = 4) -> Entry | None:
        """The organisation most recently named before `pos`, within `window` sentences; one
        that was the subject of its sentence before one named in passing ("The State
        Department called for the Canadians' release")."""
        best, best_key = None, None
        for m in self.mentions:
            if m.start >= pos:
                break
            if (
                not m.quoted
                and sentence - m.sentence <= window
                and self.entries[m.entry].kind == ORGANIZATION
            ):
                k = (m.prominence > 0, m.start)
                if best_key is None or k >= best_key:
                    best, best_key = self.entries[m.entry], k
        return best

    def by_coref(self, token: int) -> Entry | None:
        """The named person in the coreference chain that holds `token`, if the document has
        chains (Stanza's coref processor) and one of them does."""
        chains = self.view.doc.coref
        if not chains:
            return None
        for chain in chains:
            if not any(a <= token < b for a, b in chain.mentions):
                continue
            for a, b in sorted(
                chain.mentions, key=lambda m: m != chain.mentions[chain.representative]
            ):
                entry = self.entry_at(a, b)
                if entry is not None and entry.kind == PERSON:
                    return entry
        return None

    def by_title(self, words: list[str], pos: int) -> Entry | None:
        """ "The Prime Minister" -> the person the article itself titled so."""
        head, modifiers = words[-1], set(words[:-1]) - _GENERIC_MODIFIERS
        best, best_key = None, None
        for entry in self.entries:
            if entry.kind != PERSON or head not in entry.titles or not entry.mentions:
                continue
            if not modifiers <= entry.titles:
                continue  # "the US President" is not the one the article calls French President
            if entry.mentions[0][0] >= pos:
                continue
            k = (
                len(set(words) & entry.titles),
                entry.mentions[-1][0] if entry.mentions[-1][0] < pos else -1,
            )
            if best_key is None or k > best_key:
                best, best_key = entry, k
        return best
