"""Attribution: quotations found by their marks, tied to speakers through reporting cues, and
resolved to canonical people. Pure functions over the document model."""

from __future__ import annotations

import bisect
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from service.attribution.classify import is_quotation, kind_of, modifies_noun
from service.attribution.context import QuotedWords, Sieve, echo
from service.attribution.cues import quote_interval
from service.attribution.findings import CONFIDENCE, Answer, Context, Finding, How
from service.attribution.marks import QuoteSpan, find_quotes
from service.attribution.names import display, identity, key, name_words
from service.attribution.people import PERSON, Entry, People
from service.attribution.reported import REPORTED_CONFIDENCE, Reported, cue_of, find_reported
from service.attribution.result import Attribution, Quote, QuoteKind, Span, Speaker, Trace
from service.attribution.roles import Roles
from service.attribution.sieves import SIEVES, name
from service.attribution.speakers import describe, resolve
from service.attribution.syntax import DocView, Regions
from service.nlp.document import Document
from service.schemas import DEFAULT_KINDS, SpeakerKind


def attribute(
    doc: Document,
    roles: Roles | None = None,
    *,
    quotes: Sequence[QuoteSpan] | None = None,
    sieves: Sequence[Sieve] = SIEVES,
    kinds: Collection[QuoteKind] = DEFAULT_KINDS,
) -> Attribution:
    """Quotations of `doc` and who said them. `roles`: office holders from the operator's
    roles file (`load_roles`), used for role nouns the article does not tie to a name.
    `quotes`: `find_quotes(doc.text)`, when the caller has it already. `sieves`: the rules, in
    order (leave one out to measure what it brings). `kinds`: what to return; reported speech
    (`indirect`) is looked for only when asked, in the sentences the backend parsed."""
    spans = find_quotes(doc.text) if quotes is None else list(quotes)
    indirect = QuoteKind.INDIRECT in kinds
    if not spans and not indirect:
        return Attribution(quotes=(), speakers=())
    view = DocView(doc)
    quoted = Regions([quote_interval(q) for q in spans])
    people = People(view, quoted, roles)
    found: list[Finding] = []
    for q in spans:
        f = Finding(q)
        ctx = Context(view, people, quoted, found, f)
        for sieve in sieves:
            answer = sieve(ctx)
            if answer is not None:
                _settle(f, answer, sieve)
                break
        found.append(f)
    _echoes(view, people, quoted, found, sieves)
    said = _reported_speakers(view, people, found, find_reported(view, quoted)) if indirect else []
    return _result(doc.text, view, people, found, said, kinds)


def _echoes(
    view: DocView,
    people: People,
    quoted: Regions,
    found: list[Finding],
    sieves: Sequence[Sieve],
) -> None:
    """`echo` reads the quotations after its own, unknown on the first pass: it is asked again,
    once all have answers, for each quotation no sieve before it in the order answered."""
    if echo not in sieves:
        return
    after = {name(s) for s in sieves[sieves.index(echo) :]}
    asking = [i for i, f in enumerate(found) if f.sieve is None or f.sieve in after]
    said = QuotedWords(view.doc.text, found) if asking else None
    for i in asking:
        f = found[i]
        answer = echo(Context(view, people, quoted, found[:i], f, said=said))
        if answer is not None:
            _settle(f, answer, echo)


def _settle(f: Finding, answer: Answer, sieve: Sieve) -> None:
    """The quotation's speaker is `sieve`'s answer."""
    f.entry, f.how, f.fallback, f.together = (
        answer.entry,
        answer.how,
        answer.fallback,
        answer.together,
    )
    f.sieve = name(sieve)


@dataclass(frozen=True)
class _Said:
    """A reported-speech item and who says it."""

    item: Reported
    answer: Answer | None


def _reported_speakers(
    view: DocView, people: People, found: list[Finding], items: list[Reported]
) -> list[_Said]:
    """Who says each reported-speech item, in text order: the speaker of the last quotation
    or item before one is the tie-break for its pronoun."""
    said: list[_Said] = []
    prev: int | None = None
    quotes = iter(found)
    upcoming = next(quotes, None)
    for item in items:  # both in text order: one pass
        while upcoming is not None and upcoming.span.start < item.start:
            prev = upcoming.entry.id if upcoming.entry is not None else prev
            upcoming = next(quotes, None)
        s = _speaker_of(view, people, item, prev)
        prev = s.answer.entry.id if s.answer and s.answer.entry else prev
        said.append(s)
    return said


def _speaker_of(view: DocView, people: People, item: Reported, prev: int | None) -> _Said:
    """The same resolution as a quotation's cue: the subject of the cue."""
    if item.subject is None:
        return _Said(item, None)
    answer = resolve(view, people, item.subject, prev)
    if answer is not None and answer.entry is not None:
        return _Said(item, answer)
    if view.tokens[item.subject].upos in ("NOUN", "PROPN"):
        # "Aides to Clinton say", "the cities of Blackpool and Liverpool said": whoever the
        # article only describes, as it describes them
        described = describe(view, people, item.subject)
        if described.entry is not None:
            return _Said(item, described)
    return _Said(item, None)


def _names(view: DocView, people: People, entries: Iterable[int]) -> dict[int, tuple[str, str]]:
    """Speaker names and keys. A person's name is the fullest form the article writes
    (`canonical`), unless another person of the article already goes by it; failing a fuller
    form, the operator's directory completes a surname ("Badenoch") or "Sir Keir" when exactly
    one of its people fits. A person of the directory is keyed by its id."""
    article, surnames = people.article, people.surnames()
    taken = {key(e.words) for e in people.entries if e.kind == PERSON}
    directory = people.roles
    out = {}
    for entry_id in entries:
        entry = people.entries[entry_id]
        words, listed = entry.words, None
        if entry.kind == PERSON:
            given_name = any(article.given_name_at(a) for a, _ in entry.mentions)
            fuller = article.fullest(entry.keys, entry.words, entry.sex, given_name, surnames)
            if key(fuller) not in taken:
                words = fuller
            if directory is not None:
                if len(key(words)) == 1:
                    listed = directory.complete(words, given_name)
                    words = name_words(listed.name) if listed else words
                listed = listed or directory.identify(words)
        name = display(words)
        out[entry_id] = (name, listed.id if listed and listed.id else identity(entry.kind, name))
    return out


@dataclass(frozen=True)
class _Row:
    """One item of the answer before ids are given: a quotation or a reported-speech item."""

    start: int
    end: int
    kind: QuoteKind
    speakers: tuple[Entry, ...]
    cue: tuple[int, int] | None
    confidence: float
    sieve: str
    rule: str


def _quotation_rows(text: str, view: DocView, found: list[Finding]) -> list[_Row]:
    rows = []
    for f in found:
        kind = kind_of(text, f.span)
        # a speaker found by a fallback is no evidence that the marks hold a quotation
        evidence = f.entry is not None and not f.fallback
        if not is_quotation(
            text, f.span, kind, has_speaker=evidence, has_cue=f.cue is not None
        ) or (kind is QuoteKind.FRAGMENT and modifies_noun(view, f.span)):
            continue
        entry = f.entry
        rows.append(
            _Row(
                start=f.span.start,
                end=f.span.end,
                kind=kind,
                speakers=(entry, *f.together) if entry is not None else (),
                cue=f.cue,
                confidence=CONFIDENCE[f.how] if entry else CONFIDENCE[How.NONE],
                sieve=f.sieve or "",
                rule=f.how.value,
            )
        )
    return rows


def _reported_rows(view: DocView, said: list[_Said]) -> list[_Row]:
    rows = []
    for s in said:
        answer, item = s.answer, s.item
        speaking = (answer.entry, *answer.together) if answer and answer.entry else ()
        how = answer.how if speaking and answer else How.NONE
        rows.append(
            _Row(
                start=item.start,
                end=item.end,
                kind=QuoteKind.INDIRECT,
                speakers=speaking,
                cue=cue_of(view, item),
                confidence=round(REPORTED_CONFIDENCE[item.rule] * CONFIDENCE[how], 2),
                sieve=f"reported: {item.rule}",
                rule=how.value,
            )
        )
    return rows


class Item(Protocol):
    """A quotation or reported-speech item, before ids are given (`_Row`) or after (`Quote`)."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def kind(self) -> QuoteKind: ...


_I = TypeVar("_I", bound=Item)


def text_order(item: Item) -> tuple[int, bool, int]:
    """How the items of an answer are numbered: by start, a reported-speech item before a
    quotation that starts with it (it holds the quotation), then by end."""
    return item.start, item.kind is not QuoteKind.INDIRECT, item.end


def enclosing(reported: Sequence[_I], starts: Sequence[int], fragment: Item) -> _I | None:
    """The reported-speech item a fragment lies in, of `reported` in text order (`starts`:
    theirs): of those starting before it, the nearest few (items of one sentence may nest,
    never more)."""
    k = bisect.bisect_right(starts, fragment.start)
    for o in reversed(reported[max(0, k - 3) : k]):
        if fragment.end <= o.end:
            return o
    return None


def _result(
    text: str,
    view: DocView,
    people: People,
    found: list[Finding],
    said: list[_Said],
    kinds: Collection[QuoteKind],
) -> Attribution:
    rows = [
        r
        for r in sorted(
            _quotation_rows(text, view, found) + _reported_rows(view, said), key=text_order
        )
        if r.kind in kinds
    ]
    names = _names(view, people, {e.id for r in rows for e in r.speakers})
    ids = {id(r): f"q{k + 1}" for k, r in enumerate(rows)}
    reported = [r for r in rows if r.kind is QuoteKind.INDIRECT]
    starts = [r.start for r in reported]
    quotes: list[Quote] = []
    traces: list[Trace] = []
    by_entry: dict[int, list[str]] = {}
    for r in rows:
        qid = ids[id(r)]
        for e in r.speakers:
            by_entry.setdefault(e.id, []).append(qid)
        if r.speakers or r.kind is QuoteKind.INDIRECT:
            traces.append(Trace(quote_id=qid, sieve=r.sieve, rule=r.rule))
        around = enclosing(reported, starts, r) if r.kind is QuoteKind.FRAGMENT else None
        entry = r.speakers[0] if r.speakers else None
        quotes.append(
            Quote(
                id=qid,
                text=text[r.start : r.end],
                start=r.start,
                end=r.end,
                speaker=names[entry.id][0] if entry else None,
                speaker_id=f"s{entry.id + 1}" if entry else None,
                speaker_ids=tuple(f"s{e.id + 1}" for e in r.speakers),
                cue=Span(text=text[r.cue[0] : r.cue[1]], start=r.cue[0], end=r.cue[1])
                if r.cue
                else None,
                kind=r.kind,
                within=ids[id(around)] if around is not None else None,
                confidence=r.confidence,
            )
        )
    speakers = []
    for entry_id, qids in by_entry.items():
        entry = people.entries[entry_id]
        mentions = tuple(
            Span(text=text[a:b], start=a, end=b) for a, b in sorted(set(entry.mentions))
        )
        speakers.append(
            Speaker(
                id=f"s{entry.id + 1}",
                name=names[entry_id][0],
                key=names[entry_id][1],
                kind=SpeakerKind(entry.kind),
                mentions=mentions,
                quote_ids=tuple(qids),
            )
        )
    return Attribution(quotes=tuple(quotes), speakers=tuple(speakers), traces=tuple(traces))
