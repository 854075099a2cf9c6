"""Reported speech: "Trump said *he would meet Putin*", "*talks will resume*, according to the
mayor". A speech cue, the content it reports (a clause or phrase, never in quotation marks), and
the subject of the cue, resolved to a speaker exactly as for a quotation.

The content is read off the dependency parse by one ordered list of named rules
(`CONTENT_SIEVES`), tried on every speech cue; the first that finds content wins. Only sentences
the backend parsed can hold reported speech: the extractor widens the backend's focus to the
sentences with a speech word (`speech_intervals`) when reported speech is asked for.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache

from service.attribution.cues import cue_span, is_speech, subject_of
from service.attribution.lexicon import SPEECH_NOUNS, SPEECH_VERBS
from service.attribution.syntax import DocView, Regions, low

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


ContentRule = Callable[[DocView, int], list[int] | None]
"""Tokens of the content the speech cue at a token reports, or None."""


def complement(view: DocView, v: int) -> list[int] | None:
    """`X said (that) ...`, `told reporters ...`, `warned ...`, `..., saying ...`: the clausal
    complement of the cue, on either side of it (`The talks will resume, the mayor said` when
    the parser makes the reported clause the complement)."""
    for k in view.kids(v, "ccomp"):
        return _subtree(view, k)
    return None


def inverted(view: DocView, v: int) -> list[int] | None:
    """`The talks will resume, the mayor said.`: the cue hangs off the reported clause (UD's
    parataxis), which comes first; its content is that clause without the cue's own words."""
    t = view.tokens[v]
    if t.deprel != "parataxis" or t.head < 0 or t.head > v:
        return None
    own = set(_subtree(view, v))
    return [k for k in _subtree(view, t.head) if k not in own and k < v]


def according_to(view: DocView, v: int) -> list[int] | None:
    """`according to X, ...` and `..., according to X`: the clause the phrase modifies, without
    the phrase."""
    if low(view.tokens[v]) != "according":
        return None
    source = view.tokens[v].head
    if source < 0:
        return None
    clause = view.tokens[source].head
    if clause < 0:
        return None
    own = set(_subtree(view, source))
    return [k for k in _subtree(view, clause) if k not in own]


def speech_noun(view: DocView, v: int) -> list[int] | None:
    """`X's claim that ...`, `a statement that ...`: a noun of saying with a content clause."""
    t = view.tokens[v]
    if t.upos != "NOUN":
        return None
    for k in view.kids(v, "acl", "ccomp"):
        if any(low(view.tokens[m]) == "that" for m in view.kids(k, "mark")):
            return _subtree(view, k)
    return None


CONTENT_SIEVES: tuple[ContentRule, ...] = (according_to, complement, inverted, speech_noun)
"""In order: "according to" first (its own cue word is no verb), then the verb's complement,
the inverted clause, and the nouns of saying."""

REPORTED_CONFIDENCE = {
    "according_to": 0.8,
    "complement": 0.8,
    "inverted": 0.7,
    "speech_noun": 0.6,
}
"""Share of each rule's items that are reported speech (not a belief, a plan or nothing): an
item's confidence is this times its speaker reading's."""


def find_reported(view: DocView, quoted: Regions) -> list[Reported]:
    """Every reported-speech item of the parsed sentences, in text order, one per content span
    (a span two cues report, "said and wrote that", goes to the first)."""
    out: list[Reported] = []
    taken: set[tuple[int, int]] = set()
    for v in _cues(view, quoted):
        for rule in CONTENT_SIEVES:
            content = rule(view, v)
            span = _span(view, content, quoted) if content else None
            if span is None:
                continue
            if span not in taken:
                taken.add(span)
                out.append(
                    Reported(*span, cue=v, subject=subject_of(view, v, quoted), rule=rule.__name__)
                )
            break
    return sorted(out, key=lambda r: (r.start, r.end))


def _cues(view: DocView, quoted: Regions) -> Iterator[int]:
    toks = view.tokens
    for sentence in view.doc.sentences:
        rows = range(sentence.token_start, sentence.token_end)
        if not any(toks[i].deprel == "root" for i in rows):
            continue  # not parsed
        for i in rows:
            if toks[i].start in quoted:
                continue
            if is_speech(view, i) or (
                toks[i].upos == "NOUN" and toks[i].lemma.lower() in SPEECH_NOUNS
            ):
                yield i


def _subtree(view: DocView, head: int) -> list[int]:
    out, stack = [], [head]
    while stack:
        k = stack.pop()
        out.append(k)
        stack.extend(view.children[k])
    return sorted(out)


def _span(view: DocView, tokens: list[int], quoted: Regions) -> tuple[int, int] | None:
    """The content's characters: its tokens from first to last, without punctuation or a
    conjunction at either edge; None when it is too short or mostly a quotation."""
    toks = view.tokens
    words = [k for k in tokens if toks[k].upos != "PUNCT"]
    while words and toks[words[-1]].upos in ("CCONJ",):
        words.pop()
    while words and toks[words[0]].upos in ("CCONJ",):
        words.pop(0)
    if len(words) < MIN_CONTENT_WORDS:
        return None
    start, end = toks[words[0]].start, toks[words[-1]].end
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
