"""Quotations from one attribution, reported speech from another, one list of speakers."""

from service.attribution.merge import merged
from service.attribution.result import Attribution, Quote, QuoteKind, Span, Speaker, Trace

TEXT = "x" * 200


def _quote(qid: str, start: int, end: int, kind: QuoteKind, *speakers: Speaker) -> Quote:
    return Quote(
        id=qid,
        text=TEXT[start:end],
        start=start,
        end=end,
        speaker=speakers[0].name if speakers else None,
        speaker_id=speakers[0].id if speakers else None,
        speaker_ids=tuple(s.id for s in speakers),
        cue=None,
        kind=kind,
        confidence=0.9,
    )


def _speaker(sid: str, name: str, key: str, *mentions: tuple[int, int]) -> Speaker:
    return Speaker(
        id=sid,
        name=name,
        key=key,
        kind="person",
        mentions=tuple(Span(text=TEXT[a:b], start=a, end=b) for a, b in mentions),
        quote_ids=(),
    )


def _attribution(quotes: list[Quote], speakers: list[Speaker]) -> Attribution:
    traces = tuple(Trace(quote_id=q.id, sieve=f"sieve of {q.start}", rule="r") for q in quotes)
    return Attribution(quotes=tuple(quotes), speakers=tuple(speakers), traces=traces)


KEIR = _speaker("s3", "Keir Starmer", "person:keir-starmer", (0, 12))
RACHEL = _speaker("s1", "Rachel Reeves", "person:rachel-reeves", (30, 43))
QUOTATIONS = _attribution(
    [
        _quote("q1", 14, 20, QuoteKind.DIRECT, KEIR),
        _quote("q2", 60, 66, QuoteKind.FRAGMENT, RACHEL),
        _quote("q3", 150, 160, QuoteKind.DIRECT),
    ],
    [RACHEL, KEIR],
)
# ids of the other attribution collide with those above and mean other people
KEIR_AGAIN = _speaker("s1", "Keir Starmer", "person:keir-starmer", (0, 12), (90, 92))
JO = _speaker("s2", "Jo Bloggs", "person:jo-bloggs", (96, 105))
STARMER = _speaker("s3", "Starmer", "person:starmer", (0, 12), (170, 177))
"""Shares a mention with Keir Starmer, but the two analyses may cluster mentions differently."""
REPORTED = _attribution(
    [
        _quote("q1", 14, 20, QuoteKind.DIRECT, JO),  # its own reading of a quotation: ignored
        _quote("q2", 50, 80, QuoteKind.INDIRECT, KEIR_AGAIN),
        _quote("q3", 100, 130, QuoteKind.INDIRECT, JO),
        _quote("q4", 178, 190, QuoteKind.INDIRECT, STARMER),
    ],
    [JO, KEIR_AGAIN, STARMER],
)


def test_items_in_text_order_with_the_quotations_of_the_first():
    out = merged(QUOTATIONS, REPORTED)
    assert [(q.id, q.start, q.kind) for q in out.quotes] == [
        ("q1", 14, QuoteKind.DIRECT),
        ("q2", 50, QuoteKind.INDIRECT),
        ("q3", 60, QuoteKind.FRAGMENT),
        ("q4", 100, QuoteKind.INDIRECT),
        ("q5", 150, QuoteKind.DIRECT),
        ("q6", 178, QuoteKind.INDIRECT),
    ]
    assert out.quotes[0].speaker == "Keir Starmer"  # not the second reading's Jo Bloggs
    assert out.quotes[2].within == "q2"  # the fragment lies in the reported speech
    assert [q.within for q in out.quotes if q.id != "q3"] == [None] * 5


def test_one_speaker_by_key():
    out = merged(QUOTATIONS, REPORTED)
    by_id = {s.id: s for s in out.speakers}
    assert [(s.id, s.name) for s in out.speakers] == [
        ("s1", "Keir Starmer"),
        ("s2", "Rachel Reeves"),
        ("s3", "Jo Bloggs"),
        ("s4", "Starmer"),
    ]
    assert [(q.speaker, q.speaker_id) for q in out.quotes] == [
        ("Keir Starmer", "s1"),
        ("Keir Starmer", "s1"),
        ("Rachel Reeves", "s2"),
        ("Jo Bloggs", "s3"),
        (None, None),
        ("Starmer", "s4"),
    ]
    assert by_id["s1"].quote_ids == ("q1", "q2")
    assert [(m.start, m.end) for m in by_id["s1"].mentions] == [(0, 12), (90, 92)]
    assert by_id["s1"].key == "person:keir-starmer"
    assert by_id["s3"].quote_ids == ("q4",)


def test_traces_follow_their_items():
    out = merged(QUOTATIONS, REPORTED)
    assert [(t.quote_id, t.sieve) for t in out.traces] == [
        ("q1", "sieve of 14"),
        ("q2", "sieve of 50"),
        ("q3", "sieve of 60"),
        ("q4", "sieve of 100"),
        ("q5", "sieve of 150"),
        ("q6", "sieve of 178"),
    ]


def test_nothing_reported_leaves_the_quotations_as_they_were_but_the_ids():
    out = merged(QUOTATIONS, Attribution(quotes=(), speakers=()))
    assert [(q.start, q.speaker) for q in out.quotes] == [
        (q.start, q.speaker) for q in QUOTATIONS.quotes
    ]
    assert [s.name for s in out.speakers] == ["Keir Starmer", "Rachel Reeves"]
