"""What attribution produces. These structs are the response body of the API as they are, so
their field docs are the OpenAPI docs."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

from msgspec import Meta, Struct

Offset = Annotated[
    int,
    Meta(
        ge=0,
        description=(
            "Offset into the submitted text: code points, or UTF-16 code units when the request asked "
            "for `offsets=utf16` (see `meta.offsets`)."
        ),
    ),
]


class QuoteKind(str, Enum):
    DIRECT = "direct"
    FRAGMENT = "fragment"


class Span(Struct, frozen=True, kw_only=True):
    text: Annotated[str, Meta(description="The words at text[start:end].")]
    start: Offset
    end: Offset


class Quote(Struct, frozen=True, kw_only=True):
    id: Annotated[
        str,
        Meta(description="Stable within one response: q1, q2, ... in text order.", examples=["q1"]),
    ]
    text: Annotated[str, Meta(description="The quoted words, without the quotation marks.")]
    start: Offset
    end: Offset
    speaker: Annotated[
        str | None,
        Meta(
            description="Canonical name of who said it (honorifics removed), or null when nobody "
            "in the article can be named as the speaker.",
            examples=["Keir Starmer"],
        ),
    ] = None
    speaker_id: Annotated[
        str | None, Meta(description="The id of the speaker in `speakers`.", examples=["s1"])
    ] = None
    cue: Annotated[
        Span | None,
        Meta(
            description="The reporting expression that ties the quote "
            'to its speaker ("he told the BBC"), if any.'
        ),
    ] = None
    kind: Annotated[
        QuoteKind,
        Meta(
            description="`direct`: a quotation of whole clauses; `fragment`: a few quoted words "
            'inside reported speech (said he was "ready").'
        ),
    ] = QuoteKind.DIRECT
    confidence: Annotated[
        float,
        Meta(
            ge=0.0,
            le=1.0,
            description="Estimated probability that both the span and the speaker are right.",
        ),
    ] = 0.5


class Speaker(Struct, frozen=True, kw_only=True):
    id: Annotated[str, Meta(examples=["s1"])]
    name: Annotated[
        str,
        Meta(
            description="Canonical name: the fullest form used in the article, without honorifics.",
            examples=["Keir Starmer"],
        ),
    ]
    kind: Annotated[str, Meta(description="`person` or `organization`.", examples=["person"])] = (
        "person"
    )
    mentions: Annotated[
        tuple[Span, ...],
        Meta(
            description="Where the article refers to this speaker: names, and the pronouns and role "
            "nouns that were resolved to them."
        ),
    ] = ()
    quote_ids: Annotated[tuple[str, ...], Meta(description="The quotes attributed to them.")] = ()


class Attribution(Struct, frozen=True, kw_only=True):
    quotes: tuple[Quote, ...]
    speakers: tuple[Speaker, ...]
