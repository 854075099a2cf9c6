"""POST /v1/quotes: an article in, its quotations and speakers out."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

import msgspec
from litestar import Controller, Request, post
from litestar.di import NamedDependency
from litestar.openapi.spec import OpenAPIMediaType as MediaType
from litestar.openapi.spec import Operation, RequestBody, Schema
from litestar.openapi.spec.enums import OpenAPIType
from litestar.plugins.problem_details import ProblemDetailsException

from service.server import metrics
from service.server.api.middleware import TEXT_CHARS
from service.pipeline.offsets import OffsetsQuery, with_offsets
from service.server.api.problems import not_ready, problem, problem_responses, unavailable
from service.schemas import OffsetUnit, QuotesRequest, QuotesResponse
from service.settings import Settings
from service.pipeline.scheduler import Rejected, Scheduler

T = TypeVar("T")

EXAMPLE = (
    'Sir Keir Starmer hailed a "breakthrough". "We are now going to be working with the US '
    'on those security guarantees," he told the BBC.'
)

# What `check_text` accepts, for clients and contract tests: some visible character, no NUL.
# "Visible" must mean the same to Python's regex engine and to ECMA-262 ones (JSON Schema
# validators, fuzzers): their \s differ (Python's includes U+001C-U+001F and U+0085, ECMA's
# U+FEFF), so both sets are spelled out.
_INVISIBLE = "\\s\\u001c-\\u001f\\u0085\\ufeff"
TEXT_PATTERN = rf"^[^\u0000]*[^\u0000{_INVISIBLE}][^\u0000]*$"
_VISIBLE = re.compile(r"[^\s\x00\x1c-\x1f\x85\ufeff]")
DEFAULT_MAX_TEXT = Settings.__struct_defaults__[Settings.__struct_fields__.index("max_text_chars")]


def text_schema(description: str | None = None) -> Schema:
    return Schema(
        type=OpenAPIType.STRING,
        min_length=1,
        max_length=DEFAULT_MAX_TEXT,
        pattern=TEXT_PATTERN,
        description=description,
    )


def document_schema(text: Schema) -> Schema:
    """`{"text", "id"}`: the JSON body here, and each document of a batch."""
    return Schema(
        type=OpenAPIType.OBJECT,
        required=["text"],
        properties={
            "text": text,
            "id": Schema(
                one_of=[
                    Schema(type=OpenAPIType.STRING, max_length=256),
                    Schema(type=OpenAPIType.NULL),
                ],
                description="Your identifier, echoed back.",
            ),
        },
        additional_properties=False,
    )


@dataclass
class _QuotesOperation(Operation):
    """Documents the two accepted bodies (the handler reads the raw body to accept both)."""

    def __post_init__(self) -> None:
        self.request_body = RequestBody(
            required=True,
            description="The article, as JSON or as the plain-text body itself.",
            content={
                "application/json": MediaType(
                    schema=document_schema(
                        text_schema(
                            "The article, one paragraph a line. At most 200,000 characters by "
                            "default (QUOTES_MAX_TEXT_CHARS); no NUL characters."
                        )
                    ),
                    example={"id": "example-1", "text": EXAMPLE},
                ),
                "text/plain": MediaType(schema=text_schema(), example=EXAMPLE),
            },
        )


def media_type(content_type: str) -> str:
    return content_type.split(";")[0].strip().lower()


def is_json(media: str) -> bool:
    return media == "application/json" or (
        media.startswith("application/") and media.endswith("+json")
    )


def decode_json(body: bytes, type_: type[T]) -> T:
    """Decode and validate in one pass; msgspec's messages name the offending field."""
    try:
        return msgspec.json.decode(body, type=type_)
    except msgspec.ValidationError as exc:
        raise problem(400, "invalid-body", "Invalid request body", str(exc)) from None
    except msgspec.DecodeError as exc:
        raise problem(400, "malformed-json", "Malformed JSON", str(exc)) from None
    except UnicodeDecodeError as exc:
        raise problem(400, "invalid-utf8", "Body is not valid UTF-8", str(exc)) from None
    except RecursionError:  # msgspec gives up on absurdly deep nesting this way
        raise problem(
            400, "malformed-json", "Malformed JSON", "The JSON is nested too deeply."
        ) from None


def parse_body(body: bytes, content_type: str) -> QuotesRequest:
    media = media_type(content_type)
    if is_json(media):
        return decode_json(body, QuotesRequest)
    if media == "text/plain":
        charset = "utf-8"
        for part in content_type.split(";")[1:]:
            k, _, v = part.strip().partition("=")
            if k.lower() == "charset":
                charset = v.strip().strip('"').lower()
        if charset not in ("utf-8", "utf8", "us-ascii", "ascii"):
            raise problem(
                415,
                "unsupported-charset",
                "Unsupported charset",
                f"text/plain bodies must be UTF-8, not {charset!r}.",
            )
        try:
            return QuotesRequest(text=body.decode("utf-8"))
        except UnicodeDecodeError as exc:
            raise problem(400, "invalid-utf8", "Body is not valid UTF-8", str(exc)) from None
    raise problem(
        415,
        "unsupported-media-type",
        "Unsupported media type",
        f"Send application/json or text/plain; charset=utf-8, not {media or 'nothing'!r}.",
    )


def text_problem(text: str, max_chars: int) -> ProblemDetailsException | None:
    """What is wrong with an article's text, if anything (shared by single and batch calls)."""
    if len(text) > max_chars:
        return problem(
            413,
            "text-too-long",
            "Text too long",
            f"The text has {len(text)} characters; the limit is {max_chars}.",
            limit=max_chars,
            length=len(text),
        )
    if not _VISIBLE.search(text):
        return problem(
            400, "empty-text", "Empty text", "`text` holds no visible characters.", field="text"
        )
    if "\x00" in text:
        return problem(
            400,
            "nul-in-text",
            "NUL character in text",
            "`text` contains a NUL (U+0000) character.",
            field="text",
        )
    return None


def check_text(text: str, settings: Settings) -> None:
    if (exc := text_problem(text, settings.max_text_chars)) is not None:
        raise exc


async def analyse(
    scheduler: Scheduler | None, items: Sequence[tuple[str, str | None]]
) -> list[QuotesResponse]:
    """Through the scheduler's bounded queue; refusals become 503 problems with Retry-After."""
    if scheduler is None:
        raise not_ready()
    try:
        return await scheduler.submit_many(items)
    except Rejected as exc:  # backpressure: the gateway and client may retry later
        metrics.REJECTED.labels(exc.reason).inc()
        raise unavailable(exc.reason, exc.title, str(exc), exc.retry_after) from None


class QuotesController(Controller):
    path = "/v1"
    tags = ["quotes"]

    @post(
        "/quotes",
        operation_id="extractQuotes",
        summary="Find the quotations in an article and who said them",
        description=(
            "Detects every direct quotation (straight and curly double quotes, guillemets) and "
            "attributes it to a speaker, resolving pronouns and role nouns to the canonical name. "
            "Offsets are code points into the submitted text, excluding the quotation marks: "
            "`text[start:end] == quote.text`; with `offsets=utf16` they are UTF-16 code units, "
            "so that `text.slice(start, end) === quote.text` in JavaScript."
        ),
        operation_class=_QuotesOperation,
        status_code=200,
        responses=problem_responses(
            {
                400: "Malformed JSON, a schema violation (the detail names the field), empty text, "
                "NUL characters, invalid UTF-8 or an unknown `offsets` unit.",
                413: "The body or the text is over the configured limit.",
                415: "A content type other than JSON or UTF-8 plain text.",
            }
        ),
    )
    async def extract_quotes(
        self,
        request: Request,
        settings: NamedDependency[Settings],
        scheduler: NamedDependency[Scheduler | None],
        offsets: OffsetsQuery = OffsetUnit.CODEPOINT,
    ) -> QuotesResponse:
        if scheduler is None:
            raise not_ready()
        body = await request.body()
        req = parse_body(body, request.headers.get("content-type", ""))
        request.scope["state"][TEXT_CHARS] = len(req.text)
        check_text(req.text, settings)
        (result,) = await analyse(scheduler, [(req.text, req.id)])
        return with_offsets(result, req.text, offsets)
