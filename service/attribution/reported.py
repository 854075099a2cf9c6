"""Reported speech: "Trump said *he would meet Putin*", "*talks will resume*, according to the
mayor". A speech cue, the content it reports (a clause or phrase, never in quotation marks;
`contents` reads it), and the subject of the cue, resolved to a speaker exactly as for a
quotation (the engine does that).

Only sentences the backend parsed can hold reported speech: the extractor widens the backend's
focus to the sentences with a word of saying (`speech_intervals`) when reported speech is asked
for.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from service.attribution.contents import readings
from service.attribution.cues import (
    cue_span,
    is_speech,
    np_after,
    np_run_head,
    right_after_quote,
    subject_of,
)
from service.attribution.lexicon import NAMING_VERBS, SPEECH_NOUNS, SPEECH_VERBS, TIME_WORDS
from service.attribution.syntax import DocView, Regions, low
from service.nlp.document import Sentence, Token

MIN_CONTENT_WORDS = 3
"""Shorter content is an object ("said nothing", "denied it"), not something reported."""
QUOTED_SHARE = 0.5
"""Content that lies this much inside quotation marks is a direct quotation, reported as one."""


@dataclass(frozen=True)
class Reported:
    """One reported-speech item: content characters, the cue's token and the token of who speaks
    through it (None when the parse gives nobody)."""

    start: int
    end: int
    cue: int
    subject: int | None
    rule: str


REPORTED_CONFIDENCE = {
    "according_to": 0.82,
    "aside": 0.77,
    "complement": 0.75,
    "following": 0.75,
    "inverted": 0.6,
    "preceding": 0.67,
    "promise": 0.8,
    "speech_noun": 0.33,
}
"""Share of each content rule's items that match annotated reported speech (the tune folds of
dev.jsonl, PolNeAR and GGT pooled, 2026-12-02, in the order above: 81/99, 50/65, 559/749,
172/229, 65/108, 14/21, 32/40, 1/3; items on annotated beliefs and wishes left out): an item's
confidence is this times its speaker reading's."""


def find_reported(view: DocView, quoted: Regions) -> list[Reported]:
    """Every reported-speech item of the parsed sentences, in text order, one per content span
    (a span two cues report, "said and wrote that", goes to the first)."""
    return [r for sentence in view.doc.sentences for r in _in_sentence(view, quoted, sentence)]


_LINK_LABEL = re.compile(r"(?:[A-Z]{2,} ?){1,3}:")
"""What opens a line that links to another story ("READ MORE: Doe says ...", "WATCH: ...")."""


def _links_elsewhere(text: str, sentence: Sentence) -> bool:
    """The sentence lies on a line that links to another story: a headline, not this one's
    reported speech."""
    line = text.rfind("\n", 0, sentence.start) + 1
    return _LINK_LABEL.match(text, line) is not None


def _in_sentence(view: DocView, quoted: Regions, sentence: Sentence) -> list[Reported]:
    if _links_elsewhere(view.doc.text, sentence):
        return []
    out: list[Reported] = []
    for v in _cues(view, quoted, sentence):
        if right_after_quote(view, v, quoted) or _speaker_after_quote(view, v, quoted):
            continue  # `"...," said Doe`, `"...," Doe said`: the quotation is what was said
        item = _item(view, quoted, v)
        if item is not None and all((o.start, o.end) != (item.start, item.end) for o in out):
            out.append(item)
    # a speech word inside reported words is part of them ("said the predicted storm")
    starts = {r: view.tokens[r.cue].start for r in out}
    return sorted(
        (r for r in out if not any(o.start <= starts[r] < o.end for o in out if o is not r)),
        key=lambda r: (r.start, r.end),
    )


def _speaker_after_quote(view: DocView, v: int, quoted: Regions) -> bool:
    """`"...," the mayor said`: only the speaker's words stand between a quotation and the cue,
    which attributes that quotation whatever the parse hangs on it."""
    toks = view.tokens
    start = view.sentence_of(v).start
    j = v - 1
    while j >= start and v - j <= SUBJECT_WORDS and toks[j].upos in _SUBJECT_TAGS:
        j -= 1
    return j < v - 1 and j >= start and right_after_quote(view, j + 1, quoted)


SUBJECT_WORDS = 6
"""Words of a speaker between a quotation and its cue ("the former New York mayor")."""
_SUBJECT_TAGS = frozenset({"PRON", "PROPN", "NOUN", "DET", "ADJ", "NUM", "AUX", "ADV"})


def _item(view: DocView, quoted: Regions, v: int) -> Reported | None:
    """What the cue at `v` reports: the first reading whose words are not a quotation."""
    for rule, content in readings(view, v):
        if content[-1] < v:
            content = _without_speaker(view, content, v)
        span = _span(view, content, quoted)
        if span is not None:
            subject = subject_of(view, v, quoted)
            if subject is None:
                subject = _subject_by_order(view, v)
            if content[-1] < v:
                subject = _speaker_after_content(view, v, content[-1], subject, quoted)
            elif subject is not None and content[0] <= subject <= content[-1] and _chained(view, v):
                subject = _subject_before(view, v, subject)
            if subject is not None and low(view.tokens[subject]) in TIME_WORDS:
                subject = None  # "on Friday declared": the parse's subject is a day
            return Reported(*span, cue=v, subject=subject, rule=rule)
    return None


def _chained(view: DocView, v: int) -> bool:
    """ ", saying ...", ", adding that ...": a participle cue after a comma, chained on what its
    sentence said before it."""
    return view.tokens[v].text.endswith("ing") and view.tokens[v - 1].text == ","


def _subject_before(view: DocView, v: int, fallback: int) -> int:
    """Who speaks through a chained cue whose parse handed it the reported clause's subject
    (", saying New Brunswick holds ...", parsed with "saying" on "holds"): the nearest subject
    before the cue, of a verb before it."""
    toks = view.tokens
    for k in range(v - 1, view.sentence_of(v).start - 1, -1):
        if toks[k].deprel.split(":")[0] == "nsubj" and 0 <= toks[k].head < v:
            return k
    return fallback


def _without_speaker(view: DocView, content: list[int], v: int) -> list[int]:
    """A clause reported before its cue, without the speaker's name a weak parse folded into it
    (", Defense Secretary Jane Doe told a panel": "Doe" as a conjunct of the clause's object):
    it ends at the last comma before the cue when only name-like words follow it."""
    toks = view.tokens
    for n in range(len(content) - 1, max(-1, len(content) - 1 - NAME_REACH), -1):
        if toks[content[n]].text in (",", "\u2014"):
            rest = range(content[n] + 1, v)
            if n > 0 and rest and all(toks[k].upos in _NAME_TAGS for k in rest):
                return content[:n]
            break
    return content


NAME_REACH = 8
"""Words of a speaker's name and title between a reported clause and its cue."""
_NAME_TAGS = frozenset({"PROPN", "NOUN", "DET", "ADJ", "NUM", "PUNCT"})


def _speaker_after_content(
    view: DocView, v: int, last: int, subject: int | None, quoted: Regions
) -> int | None:
    """Who speaks through a cue that reports the clause before it (`..., Doe told a panel`,
    `..., said Doe, a lawyer`): the words between that clause and the cue, else the subject the
    parse gave it, else the words right after the cue; never the clause's own subject, which
    weak parses hand the cue."""
    between = [k for k in range(last + 1, v) if view.tokens[k].upos != "PUNCT"]
    if between:
        return subject if subject in between else np_run_head(view, between[0], v)
    return subject if subject is not None and subject > last else np_after(view, v + 1, quoted)


def _subject_by_order(view: DocView, v: int) -> int | None:
    """Who speaks when the parse gave the cue no subject: the noun right before it, past an
    auxiliary or adverb ("has also said") and an aside between commas ("Suu Kyi, 70, said");
    a capitalised word counts whatever its tag ("Boreing said")."""
    toks = view.tokens
    start = view.sentence_of(v).start
    j = v - 1
    while j > start and toks[j].upos in ("AUX", "ADV", "PART"):
        j -= 1
    if j > start and toks[j].text == ",":
        k = j - 1
        while k > start and toks[k].text != "," and j - k <= ASIDE:
            k -= 1
        if toks[k].text != ",":  # a longer aside only when it is a relative clause
            k = next(
                (
                    c
                    for c in range(j - 1, max(start, j - RELATIVE_ASIDE), -1)
                    if toks[c].text == "," and low(toks[c + 1]) in ("who", "whose", "which")
                ),
                k,
            )
        j = k - 1 if toks[k].text == "," else j
    if j < start:
        return None
    t = toks[j]
    named = t.text[:1].isupper() and t.upos not in ("PUNCT", "DET", "ADP", "SCONJ", "CCONJ")
    return j if named or t.upos in ("NOUN", "PROPN", "PRON") else None


ASIDE = 12
"""Words of an aside between commas after a speaker's name (an age, a title, a clause)."""
RELATIVE_ASIDE = 40
"""Words of a relative clause between commas after a speaker's name ("Doe, who ..., said")."""


def _modifier(t: Token) -> bool:
    """A participle describing a noun ("the self-described socialist", "a merger announced
    Monday"), not a cue; "a statement saying ..." still reports."""
    if t.lemma.lower() in ("say", "tell") or t.text.lower() in ("said", "told"):
        return False  # "Doe said" misparsed as a clause of "Doe": never a participle here
    rel = t.deprel
    return rel == "amod" or (rel == "acl" and not t.text.endswith("ing"))


def _cues(view: DocView, quoted: Regions, sentence: Sentence) -> Iterator[int]:
    toks = view.tokens
    rows = range(sentence.token_start, sentence.token_end)
    if not any(toks[i].deprel == "root" for i in rows):
        return  # not parsed
    for i in rows:
        if toks[i].start in quoted or toks[i].text.isupper() or _modifier(toks[i]):
            continue  # a quotation's word, a label in capitals ("READ MORE:"), or no cue
        if low(toks[i]) in NAMING_VERBS or toks[i].lemma.lower() in NAMING_VERBS:
            continue
        if is_speech(view, i) or (toks[i].upos == "NOUN" and toks[i].lemma.lower() in SPEECH_NOUNS):
            yield i


def _span(view: DocView, tokens: list[int], quoted: Regions) -> tuple[int, int] | None:
    """The content's characters: its tokens from first to last, without punctuation or a
    conjunction at either edge; None when it is too short or mostly a quotation."""
    toks = view.tokens
    words = [k for k in tokens if toks[k].upos != "PUNCT"]
    while words and toks[words[-1]].upos == "CCONJ":
        words.pop()
    while words and toks[words[0]].upos == "CCONJ":
        words.pop(0)
    if len(words) < MIN_CONTENT_WORDS:
        return None
    start, end = quoted.around(toks[words[0]].start)[0], quoted.around(toks[words[-1]].end - 1)[1]
    inside = sum(toks[k].end - toks[k].start for k in words if toks[k].start in quoted)
    if inside >= QUOTED_SHARE * sum(toks[k].end - toks[k].start for k in words):
        return None
    return start, end


def cue_of(view: DocView, item: Reported) -> tuple[int, int]:
    return cue_span(view, item.cue)


@cache
def _speech_words() -> re.Pattern[str]:
    words = sorted(SPEECH_VERBS | SPEECH_NOUNS | {"according"}, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b", re.IGNORECASE)


def speech_intervals(text: str) -> list[tuple[int, int]]:
    """Where `text` has a word of saying: the backend's focus for reported speech (the sentence
    of each is parsed)."""
    return [m.span() for m in _speech_words().finditer(text)]
