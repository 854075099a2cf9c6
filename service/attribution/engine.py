"""Attribution: quotations found by their marks, tied to speakers through reporting cues, and
resolved to canonical people. Pure functions over the document model."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from service.attribution.classify import is_quotation, kind_of, modifies_noun
from service.attribution.context import Sieve
from service.attribution.cues import quote_interval
from service.attribution.findings import CONFIDENCE, Context, Finding, How
from service.attribution.marks import QuoteSpan, find_quotes
from service.attribution.names import display, identity, key, name_words
from service.attribution.people import PERSON, People
from service.attribution.result import Attribution, Quote, QuoteKind, Span, Speaker, Trace
from service.attribution.roles import Roles
from service.attribution.sieves import SIEVES, name
from service.attribution.syntax import DocView, Regions
from service.nlp.document import Document
from service.schemas import SpeakerKind


def attribute(
    doc: Document,
    roles: Roles | None = None,
    *,
    quotes: Sequence[QuoteSpan] | None = None,
    sieves: Sequence[Sieve] = SIEVES,
) -> Attribution:
    """Quotations of `doc` and who said them. `roles`: office holders from the operator's
    roles file (`load_roles`), used for role nouns the article does not tie to a name.
    `quotes`: `find_quotes(doc.text)`, when the caller has it already. `sieves`: the rules, in
    order (leave one out to measure what it brings)."""
    spans = find_quotes(doc.text) if quotes is None else list(quotes)
    if not spans:
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
                f.entry, f.how, f.fallback, f.together = (
                    answer.entry,
                    answer.how,
                    answer.fallback,
                    answer.together,
                )
                f.sieve = name(sieve)
                break
        found.append(f)
    return _result(doc.text, view, people, found)


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


def _result(text: str, view: DocView, people: People, found: list[Finding]) -> Attribution:
    kept = []
    for f in found:
        kind = kind_of(text, f.span)
        # a speaker found by a fallback is no evidence that the marks hold a quotation
        evidence = f.entry is not None and not f.fallback
        if is_quotation(
            text, f.span, kind, has_speaker=evidence, has_cue=f.cue is not None
        ) and not (kind is QuoteKind.FRAGMENT and modifies_noun(view, f.span)):
            kept.append((f, kind))
    names = _names(
        view, people, {e.id for f, _ in kept if f.entry is not None for e in (f.entry, *f.together)}
    )
    quotes: list[Quote] = []
    traces: list[Trace] = []
    by_entry: dict[int, list[str]] = {}
    for f, kind in kept:
        q, entry = f.span, f.entry
        qid = f"q{len(quotes) + 1}"
        speakers_of = (entry, *f.together) if entry is not None else ()
        for e in speakers_of:
            by_entry.setdefault(e.id, []).append(qid)
        if entry is not None:
            traces.append(Trace(quote_id=qid, sieve=f.sieve or "", rule=f.how.value))
        quotes.append(
            Quote(
                id=qid,
                text=text[q.start : q.end],
                start=q.start,
                end=q.end,
                speaker=names[entry.id][0] if entry else None,
                speaker_id=f"s{entry.id + 1}" if entry else None,
                speaker_ids=tuple(f"s{e.id + 1}" for e in speakers_of),
                cue=Span(text=text[f.cue[0] : f.cue[1]], start=f.cue[0], end=f.cue[1])
                if f.cue
                else None,
                kind=kind,
                confidence=CONFIDENCE[f.how] if entry else CONFIDENCE[How.NONE],
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
