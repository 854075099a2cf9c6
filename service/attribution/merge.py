"""One answer from two attributions of one article: its quotations from one, its reported
speech from the other.

Reported speech is read in sentences parsed far from any quotation, and attributing the
quotations on that wider analysis moves some of their speakers (more people in view, other
antecedents for a pronoun). So when both are asked for, the quotations are attributed on the
analysis a request without reported speech gets, the reported speech on the wider one
(`service.pipeline.focus.attribute_as_asked`), and this puts the two together with one list of
speakers: the person quoted in marks and in reported speech is one speaker.
"""

from __future__ import annotations

from collections.abc import Iterable

import msgspec

from service.attribution.engine import enclosing, text_order
from service.attribution.result import Attribution, Quote, QuoteKind, Span, Speaker

_Who = tuple[bool, str]
"""A speaker before renumbering: (of `reported` only, its id there)."""


def merged(quotations: Attribution, reported: Attribution) -> Attribution:
    """The quotations (direct and fragment) of `quotations` and the reported-speech items of
    `reported`, numbered again in text order. A speaker of `reported` is the speaker of
    `quotations` with the same key, else a speaker of its own. A fragment is linked to the
    reported-speech item around it."""
    quotes = [q for q in quotations.quotes if q.kind is not QuoteKind.INDIRECT]
    said = [q for q in reported.quotes if q.kind is QuoteKind.INDIRECT]
    same = _same_speakers(quotations.speakers, reported.speakers)
    people: dict[_Who, Speaker] = {(False, s.id): s for s in quotations.speakers}
    people.update(((True, s.id), s) for s in reported.speakers if s.id not in same)
    mentions: dict[_Who, set[Span]] = {w: set(s.mentions) for w, s in people.items()}
    for theirs in reported.speakers:
        if theirs.id in same:
            mentions[False, same[theirs.id]].update(theirs.mentions)

    def who(q: Quote, speaker_id: str) -> _Who:
        if q.kind is not QuoteKind.INDIRECT:
            return False, speaker_id
        return (False, same[speaker_id]) if speaker_id in same else (True, speaker_id)

    items = sorted(quotes + said, key=text_order)
    qid = {(q.kind is QuoteKind.INDIRECT, q.id): f"q{k + 1}" for k, q in enumerate(items)}
    sid: dict[_Who, str] = {}  # in order of first appearance
    for q in items:
        for old in q.speaker_ids:
            sid.setdefault(who(q, old), f"s{len(sid) + 1}")
    starts = [q.start for q in said]
    out: list[Quote] = []
    for q in items:
        ids = tuple(sid[who(q, old)] for old in q.speaker_ids)
        around = enclosing(said, starts, q) if q.kind is QuoteKind.FRAGMENT else None
        out.append(
            msgspec.structs.replace(
                q,
                id=qid[q.kind is QuoteKind.INDIRECT, q.id],
                speaker=people[who(q, q.speaker_id)].name if q.speaker_id else None,
                speaker_id=ids[0] if ids else None,
                speaker_ids=ids,
                within=qid[True, around.id] if around is not None else None,
            )
        )
    quoted: dict[str, list[str]] = {new: [] for new in sid.values()}
    for q in out:
        for new in q.speaker_ids:
            quoted[new].append(q.id)
    speakers = [
        msgspec.structs.replace(
            people[w],
            id=new,
            mentions=tuple(sorted(mentions[w], key=lambda m: (m.start, m.end))),
            quote_ids=tuple(quoted[new]),
        )
        for w, new in sid.items()
    ]
    traces = [
        msgspec.structs.replace(t, quote_id=qid[indirect, t.quote_id])
        for source, indirect in ((quotations, False), (reported, True))
        for t in source.traces
        if (indirect, t.quote_id) in qid
    ]
    rank = {q.id: k for k, q in enumerate(out)}
    return Attribution(
        quotes=tuple(out),
        speakers=tuple(speakers),
        traces=tuple(sorted(traces, key=lambda t: rank[t.quote_id])),
    )


def _same_speakers(ours: Iterable[Speaker], theirs: Iterable[Speaker]) -> dict[str, str]:
    """Each of `theirs` that is one of `ours`, by key: their id -> ours. Not by a mention in
    common: the two analyses cluster mentions differently ("Trump" with Donald in one, with
    Ivana in the other), and on dev that merged different people more often than it joined
    two names of one (the reported speech's e2e F1 fell by 0.009 on PolNeAR)."""
    by_key = {s.key: s.id for s in ours}
    return {s.id: by_key[s.key] for s in theirs if s.key in by_key}
