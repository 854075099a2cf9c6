"""The wire types: request and response bodies of the HTTP API, and what attribution returns.

The bottom layer of the package: msgspec only. The server, the client and the CLI all speak
in these structs, and their field docs are the OpenAPI docs."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Annotated

import msgspec
from msgspec import Struct

MAX_BATCH_DOCUMENTS = 64
DEFAULT_MAX_TEXT_CHARS = 200_000
"""The default of QUOTES_MAX_TEXT_CHARS, as the spec documents it."""
DEFAULT_MAX_WORDS = 20_000
"""The default of QUOTES_MAX_WORDS: the analysis budget of one article, in words."""

# What screening accepts, for clients and contract tests: some visible character, no NUL.
# "Visible" must mean the same to Python's regex engine and to ECMA-262 ones (JSON Schema
# validators, fuzzers): their \s differ (Python's includes U+001C-U+001F and U+0085, ECMA's
# U+FEFF), so both sets are spelled out. Neither counts the characters that take no room and
# show nothing on their own (zero-width space and joiners, word joiner and invisible operators,
# bidi controls, soft hyphen, variation selectors, Hangul fillers): a text of those alone is
# empty too.
INVISIBLE = (
    "\\s\\u001c-\\u001f\\u0085\\u00ad\\u034f\\u061c\\u115f\\u1160\\u17b4\\u17b5"
    "\\u180b-\\u180f\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u2064\\u2066-\\u206f"
    "\\u3164\\ufe00-\\ufe0f\\ufeff\\uffa0"
)
"""A character class body, the same set in Python's `re` and in ECMA-262 regexes."""
TEXT_PATTERN = rf"^[^\u0000]*[^\u0000{INVISIBLE}][^\u0000]*$"

Offset = Annotated[
    int,
    msgspec.Meta(
        ge=0,
        description=(
            "Offset into the submitted text: code points, or UTF-16 code units when the request asked "
            "for `offsets=utf16` (see `meta.offsets`)."
        ),
    ),
]


class QuoteKind(StrEnum):
    """`direct`: a quotation of whole clauses in quotation marks; `fragment`: a few quoted words
    inside reported speech (said he was "ready"); `indirect`: reported speech, no quotation
    marks (said *he would meet Putin*; *talks will resume*, according to the mayor)."""

    DIRECT = "direct"
    FRAGMENT = "fragment"
    INDIRECT = "indirect"


DEFAULT_KINDS = (QuoteKind.DIRECT, QuoteKind.FRAGMENT)
"""What a request gets unless it asks (`kinds`): quotations only, as before reported speech
existed, and at the cost of the quotations' analysis only (reported speech needs the parse of
every sentence with a word of saying)."""

KINDS_HELP = (
    "The kinds of item to return, a set: `direct` and `fragment` (quotations, the default) and "
    "`indirect` (reported speech). The default leaves reported speech out so that existing "
    "clients get the answer they always had, at the cost they always paid: reported speech "
    "needs the parse of every sentence with a word of saying, not only of those near quotation "
    "marks. Order and repeats do not matter; at least one kind."
)
Kinds = Annotated[
    list[QuoteKind],
    msgspec.Meta(
        min_length=1,
        examples=[["direct", "fragment", "indirect"]],
        # Litestar's schema cannot show a default_factory's value: stated here, copied over
        extra_json_schema={"default": [k.value for k in DEFAULT_KINDS]},
    ),
]


def kinds_of(names: Iterable[str] | str) -> tuple[QuoteKind, ...]:
    """The kinds `names` asks for, each name a kind or a comma-separated list of them
    (`direct,indirect`: a query parameter, a CLI option; a lone string is one name), once each
    and in `QuoteKind`'s order, so that the same set is always the same tuple. ValueError for a
    name that is no kind (exactly spelled, no spaces) or for none at all."""
    listed = [names] if isinstance(names, str) else names
    asked = {QuoteKind(part) for name in listed for part in str(name).split(",")}
    if not asked:
        raise ValueError("no kind asked for")
    return tuple(k for k in QuoteKind if k in asked)


def _default_kinds() -> list[QuoteKind]:
    return list(DEFAULT_KINDS)


class SpeakerKind(StrEnum):
    """`person`; `organization`; `description`: someone the article only describes ("a city hall
    spokesperson"), never names, and whose `name` is that description."""

    PERSON = "person"
    ORGANIZATION = "organization"
    DESCRIPTION = "description"


class Span(Struct, frozen=True, kw_only=True):
    text: Annotated[str, msgspec.Meta(description="The words at text[start:end].")]
    start: Offset
    end: Offset


class Quote(Struct, frozen=True, kw_only=True):
    id: Annotated[
        str,
        msgspec.Meta(
            description="Stable within one response: q1, q2, ... in text order.", examples=["q1"]
        ),
    ]
    text: Annotated[str, msgspec.Meta(description="The quoted words, without the quotation marks.")]
    start: Offset
    end: Offset
    speaker: Annotated[
        str | None,
        msgspec.Meta(
            description="Canonical name of who said it (honorifics removed); the article's own "
            'description when it names nobody ("a city hall spokesperson", speaker kind '
            "`description`). When nothing in the text ties the quote to anyone, the person "
            "the passage is about, as a guess with a low confidence; null when nobody in "
            "the article can be the speaker.",
            examples=["Keir Starmer"],
        ),
    ] = None
    speaker_id: Annotated[
        str | None,
        msgspec.Meta(description="The id of the speaker in `speakers`.", examples=["s1"]),
    ] = None
    speaker_ids: Annotated[
        tuple[str, ...],
        msgspec.Meta(
            description="Every speaker of the quote, `speaker_id` first: several when they say "
            'it together ("said Burton and Nick"); empty when there is no speaker.',
            examples=[["s1", "s2"]],
        ),
    ] = ()
    cue: Annotated[
        Span | None,
        msgspec.Meta(
            description="The reporting expression that ties the quote "
            'to its speaker ("he told the BBC"), if any.'
        ),
    ] = None
    kind: Annotated[
        QuoteKind,
        msgspec.Meta(
            description="`direct`: a quotation of whole clauses; `fragment`: a few quoted words "
            'inside reported speech (said he was "ready"); `indirect`: reported speech without '
            "quotation marks, `text` the content reported (only when the request's `kinds` "
            "asks for it)."
        ),
    ] = QuoteKind.DIRECT
    within: Annotated[
        str | None,
        msgspec.Meta(
            description="For a fragment inside reported speech that was asked for: the id of "
            'that `indirect` item (said he was "ready": the fragment "ready" lies in '
            '"he was ready").',
            examples=["q2"],
        ),
    ] = None
    confidence: Annotated[
        float,
        msgspec.Meta(
            ge=0.0,
            le=1.0,
            description="Estimated probability that both the span and the speaker are right, "
            "measured per attribution rule on annotated news: speakers given with 0.8 or more "
            "are right about 97% of the time.",
        ),
    ] = 0.5


class Speaker(Struct, frozen=True, kw_only=True):
    id: Annotated[str, msgspec.Meta(examples=["s1"])]
    name: Annotated[
        str,
        msgspec.Meta(
            description="Canonical name: the fullest form used in the article, without honorifics.",
            examples=["Keir Starmer"],
        ),
    ]
    key: Annotated[
        str,
        msgspec.Meta(
            description="Who this is across articles, for counting quotes per person in a batch, "
            "a backfill or a database: the id the operator's people directory gives this "
            "person, else the kind and the canonical name, lower-cased, without accents or "
            "punctuation. The same name gives the same key in every article; an article that "
            'names someone less fully ("Starmer" only, and no directory) gives a less full key.',
            examples=["person:keir-starmer"],
        ),
    ] = ""
    kind: Annotated[
        SpeakerKind,
        msgspec.Meta(
            description="`person`, `organization`, or `description`: an unnamed speaker the "
            'article only describes ("city hall spokesperson"), whose `name` is that '
            "description."
        ),
    ] = SpeakerKind.PERSON
    mentions: Annotated[
        tuple[Span, ...],
        msgspec.Meta(
            description="Where the article refers to this speaker: names, and the pronouns and role "
            "nouns that were resolved to them."
        ),
    ] = ()
    quote_ids: Annotated[
        tuple[str, ...], msgspec.Meta(description="The quotes attributed to them.")
    ] = ()


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
            description="The article, plain text, one paragraph a line. At most 200,000 "
            "characters by default (QUOTES_MAX_TEXT_CHARS); some visible character; no NUL.",
            examples=['Starmer said: "We are ready."'],
            # documented, not enforced here: screening answers each case with its own problem
            extra_json_schema={"maxLength": DEFAULT_MAX_TEXT_CHARS, "pattern": TEXT_PATTERN},
        ),
    ]
    id: ArticleId | None = None
    kinds: Annotated[
        Kinds,
        msgspec.Meta(
            description=f"{KINDS_HELP} For a text/plain body, the `kinds` query parameter "
            "says it; when given, the query parameter wins over this field."
        ),
    ] = msgspec.field(default_factory=_default_kinds)


class OffsetUnit(StrEnum):
    """What `start`/`end` count: Python's code points, or the UTF-16 code units that JavaScript's
    `String.prototype.slice` and Java's `String.substring` use. They differ after any character
    outside the Basic Multilingual Plane (most emoji, some CJK), which takes two UTF-16 units."""

    CODEPOINT = "codepoint"
    UTF16 = "utf16"


class ResponseMeta(Struct, frozen=True, kw_only=True):
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
    meta: ResponseMeta


class Problem(Struct, frozen=True, kw_only=True, omit_defaults=True):
    """RFC 9457 problem details (media type application/problem+json). Members that do not
    apply are left out, never null, in a batch item and the CLI's output as at the top level."""

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
        list[BatchDocument],
        msgspec.Meta(
            min_length=1,
            max_length=MAX_BATCH_DOCUMENTS,
            description=f"1 to {MAX_BATCH_DOCUMENTS} articles, analyzed together in NLP batches.",
        ),
    ]
    kinds: Annotated[
        Kinds, msgspec.Meta(description=f"{KINDS_HELP} The same for every document.")
    ] = msgspec.field(default_factory=_default_kinds)


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
