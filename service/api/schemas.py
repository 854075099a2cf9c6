"""Request and response bodies of the HTTP API."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import msgspec
from msgspec import Struct

from service.attribution.result import Quote, Speaker

MAX_BATCH_DOCUMENTS = 64

ArticleId = Annotated[
    str,
    msgspec.Meta(
        max_length=256,
        description="Your identifier for the article, echoed in the response.",
        examples=["bbc-2025-08-19"],
    ),
]


class QuotesRequest(Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    text: Annotated[
        str,
        msgspec.Meta(
            min_length=1,
            description="The article, plain text, one paragraph a line.",
            examples=['Starmer said: "We are ready."'],
        ),
    ]
    id: ArticleId | None = None


class OffsetUnit(str, Enum):
    """What `start`/`end` count: Python's code points, or the UTF-16 code units that JavaScript's
    `String.prototype.slice` and Java's `String.substring` use. They differ after any character
    outside the Basic Multilingual Plane (most emoji, some CJK), which takes two UTF-16 units."""

    CODEPOINT = "codepoint"
    UTF16 = "utf16"


class Meta(Struct, frozen=True, kw_only=True):
    backend: Annotated[str, msgspec.Meta(examples=["stanza"])]
    backend_version: Annotated[str, msgspec.Meta(examples=["1.15.0"])]
    models: Annotated[dict[str, str], msgspec.Meta(description="Processor -> model package.")]
    nlp_ms: Annotated[float, msgspec.Meta(ge=0, description="Time spent in the NLP pipeline.")]
    attribution_ms: Annotated[float, msgspec.Meta(ge=0, description="Time spent attributing.")]
    offsets: Annotated[
        OffsetUnit,
        msgspec.Meta(
            description="The unit of every `start`/`end` in this response (the `offsets` query "
            "parameter)."
        ),
    ] = OffsetUnit.CODEPOINT


class QuotesResponse(Struct, frozen=True, kw_only=True):
    id: ArticleId | None = None
    quotes: Annotated[
        tuple[Quote, ...],
        msgspec.Meta(description="Every quotation of someone's words, in text order."),
    ]
    speakers: Annotated[
        tuple[Speaker, ...],
        msgspec.Meta(description="The people and organisations quoted, one entry each."),
    ]
    meta: Meta


class Problem(Struct, frozen=True, kw_only=True):
    """RFC 9457 problem details (media type application/problem+json)."""

    status: Annotated[int, msgspec.Meta(ge=400, le=599)]
    title: str
    detail: str
    type: str | None = None
    field: Annotated[str | None, msgspec.Meta(description="The request field at fault.")] = None
    limit: Annotated[int | None, msgspec.Meta(description="The limit that was exceeded.")] = None
    length: Annotated[int | None, msgspec.Meta(description="How long the text was.")] = None
    retry_after: Annotated[
        int | None,
        msgspec.Meta(description="Seconds to wait before retrying (as in the Retry-After header)."),
    ] = None


class BatchDocument(Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    id: ArticleId | None = None
    # No min_length: an empty text is a per-document error reported in its result, so one bad
    # document never fails the other 63.
    text: Annotated[
        str,
        msgspec.Meta(
            description="The article. An empty, over-long or NUL-containing text fails only its own "
            "result.",
            examples=['Starmer said: "We are ready."'],
        ),
    ]


class BatchRequest(Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    documents: Annotated[
        tuple[BatchDocument, ...],
        msgspec.Meta(
            min_length=1,
            max_length=MAX_BATCH_DOCUMENTS,
            description=f"1 to {MAX_BATCH_DOCUMENTS} articles, analysed together in one NLP batch.",
        ),
    ]


class BatchItem(Struct, frozen=True, kw_only=True):
    id: ArticleId | None = None
    status: Annotated[
        int,
        msgspec.Meta(
            ge=200,
            le=599,
            description="200, or the status `POST /v1/quotes` would have answered "
            "for this document alone.",
            examples=[200, 400, 413],
        ),
    ]
    result: Annotated[
        QuotesResponse | None,
        msgspec.Meta(description="The document's quotes and speakers when `status` is 200."),
    ] = None
    error: Annotated[
        Problem | None,
        msgspec.Meta(description="Why the document failed, when `status` is not 200."),
    ] = None

    @property
    def ok(self) -> bool:
        return self.result is not None


class BatchResponse(Struct, frozen=True, kw_only=True):
    results: Annotated[
        tuple[BatchItem, ...],
        msgspec.Meta(description="One item per submitted document, in the order submitted."),
    ]
