"""Attribution: quotations found by their marks, tied to speakers through reporting cues, and
resolved to canonical people. Pure functions over the document model."""

from __future__ import annotations

from collections.abc import Sequence

from service.attribution.classify import is_quotation, kind_of, modifies_noun
from service.attribution.context import by_context
from service.attribution.cues import cue_span, find_cues, np_before, quote_interval, subject_of
from service.attribution.marks import QuoteSpan, find_quotes
from service.attribution.people import People
from service.attribution.result import Attribution, Quote, QuoteKind, Span, Speaker
from service.attribution.roles import Roles
from service.attribution.speakers import Finding, How, previous_speaker, resolve
from service.attribution.syntax import DocView, Regions
from service.nlp.document import Document
from service.schemas import SpeakerKind

# How far each way of finding the speaker is to be trusted: the share of right speakers per
# rule, measured on the annotated evaluation set (`python -m service evaluate` reports the
# precision above and below 0.8), rounded down. Rules seen too rarely there keep a prior.
CONFIDENCE: dict[How, float] = {
    How.NAME: 0.95,
    How.COLON: 0.9,
    How.PRECEDING: 0.6,
    How.TITLE: 0.85,
    How.PRONOUN: 0.9,
    How.PRONOUN_UNSURE: 0.7,
    How.INHERITED: 0.9,
    How.CONTINUED: 0.8,
    How.ORG: 0.75,
    How.ROLE: 0.6,
    How.ROLES_FILE: 0.7,
    How.NARRATION: 0.5,
    How.NOMINAL: 0.5,
    How.DESCRIPTION: 0.6,
    How.FAR: 0.7,
    How.GUESS: 0.6,
    How.NONE: 0.5,
}
GUESS_WINDOW = 8
"""Sentences back a guess may look for the person a passage is about."""


def attribute(
    doc: Document, roles: Roles | None = None, *, quotes: Sequence[QuoteSpan] | None = None
) -> Attribution:
    """Quotations of `doc` and who said them. `roles`: office holders from the operator's
    roles file (`load_roles`), used for role nouns the article does not tie to a name."""
    spans = find_quotes(doc.text) if quotes is None else list(quotes)
    if not spans:
        return Attribution(quotes=(), speakers=())
    view = DocView(doc)
    quoted = Regions([quote_interval(q) for q in spans])
    people = People(view, quoted, roles)
    found: list[Finding] = []
    for q in spans:
        f = Finding(q)
        _by_cue(view, people, f, quoted, found)
        if f.entry is None:
            _by_context(view, people, f, quoted, found)
        if f.entry is None:
            _guess(view, people, f, found)
        found.append(f)
    return _result(doc.text, view, people, found)


def _by_cue(
    view: DocView, people: People, f: Finding, quoted: Regions, found: list[Finding]
) -> None:
    """The best cue whose speaker can be read off; the best cue alone when none can."""
    b = quote_interval(f.span)[1]
    for cue in find_cues(view, f.span, quoted)[:3]:
        f.cue = f.cue or cue_span(view, cue.token)
        s = subject_of(
            view, cue.token, quoted, quote_end=b if view.tokens[cue.token].start >= b else None
        )
        if s is None:
            continue
        resolve(view, people, f, s, previous_speaker(found))
        alt = np_before(view, cue.token, quoted) if f.entry is None else None
        if alt is not None and alt != s and view.tokens[alt].upos == "PROPN":
            # "In its statement, al-Shabaab said": a weak parse made the message the subject;
            # the name right before the verb speaks
            resolve(view, people, f, alt, previous_speaker(found))
        if f.entry is not None or f.how is How.NOMINAL:
            f.cue = cue_span(view, cue.token)
            return


def _by_context(
    view: DocView, people: People, f: Finding, quoted: Regions, found: list[Finding]
) -> None:
    """No speaker from a cue: the context's. A cue that named nobody ("the cake is called")
    must not hide the context, but what the context then finds is a fallback, and so is a
    speaker carried over from a guess."""
    cue = f.cue
    by_context(view, people, f, quoted, found)
    f.cue = f.cue or cue
    carried = bool(found) and found[-1].fallback and f.entry is found[-1].entry
    f.fallback = f.entry is not None and (cue is not None or carried)


def _guess(view: DocView, people: People, f: Finding, found: list[Finding]) -> None:
    """Nothing ties the quotation to anyone: the person the passage is about, as a guess with
    its own (low) confidence rather than no answer."""
    start = view.token_at(f.span.open_mark)
    if start is None:
        start = next(iter(view.tokens_between(f.span.open_mark, f.span.end)), None)
    sentence = view.tokens[start].sentence if start is not None else len(view.doc.sentences)
    f.entry = people.salient(
        f.span.open_mark, sentence, previous_speaker=previous_speaker(found), window=GUESS_WINDOW
    )
    if f.entry is not None:
        f.how, f.fallback = How.GUESS, True


def _result(text: str, view: DocView, people: People, found: list[Finding]) -> Attribution:
    quotes: list[Quote] = []
    by_entry: dict[int, list[str]] = {}
    for f in found:
        q, entry = f.span, f.entry
        kind = kind_of(text, q)
        # a speaker found by a fallback is no evidence that the marks hold a quotation
        evidence = entry is not None and not f.fallback
        if not is_quotation(text, q, kind, has_speaker=evidence, has_cue=f.cue is not None) or (
            kind is QuoteKind.FRAGMENT and modifies_noun(view, q)
        ):
            continue
        qid = f"q{len(quotes) + 1}"
        if entry is not None:
            by_entry.setdefault(entry.id, []).append(qid)
        quotes.append(
            Quote(
                id=qid,
                text=text[q.start : q.end],
                start=q.start,
                end=q.end,
                speaker=entry.name if entry else None,
                speaker_id=f"s{entry.id + 1}" if entry else None,
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
                name=entry.name,
                kind=SpeakerKind(entry.kind),
                mentions=mentions,
                quote_ids=tuple(qids),
            )
        )
    return Attribution(quotes=tuple(quotes), speakers=tuple(speakers))
