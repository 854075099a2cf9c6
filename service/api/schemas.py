"""Request and response bodies of the HTTP API."""

from __future__ import annotations

from typing import Annotated

import msgspec
from msgspec import Struct

from service.attribution.result import Quote, Speaker

ArticleId = Annotated[str, msgspec.Meta(max_length=256, description="Your identifier for the "
                                        "article, echoed in the response.", examples=["bbc-2025-08-19"])]


class QuotesRequest(Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    text: Annotated[str, msgspec.Meta(
        min_length=1, description="The article, plain text, one paragraph a line.",
        examples=['Starmer said: "We are ready."'])]
    id: ArticleId | None = None


class Meta(Struct, frozen=True, kw_only=True):
    backend: Annotated[str, msgspec.Meta(examples=["stanza"])]
    backend_version: Annotated[str, msgspec.Meta(examples=["1.15.0"])]
    models: Annotated[dict[str, str], msgspec.Meta(description="Processor -> model package.")]
    nlp_ms: Annotated[float, msgspec.Meta(ge=0, description="Time spent in the NLP pipeline.")]
    attribution_ms: Annotated[float, msgspec.Meta(ge=0, description="Time spent attributing.")]


class QuotesResponse(Struct, frozen=True, kw_only=True):
    id: ArticleId | None = None
    quotes: Annotated[tuple[Quote, ...], msgspec.Meta(
        description="Every quotation of someone's words, in text order.")]
    speakers: Annotated[tuple[Speaker, ...], msgspec.Meta(
        description="The people and organisations quoted, one entry each.")]
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
    retry_after: Annotated[int | None, msgspec.Meta(
        description="Seconds to wait before retrying (as in the Retry-After header).")] = None
