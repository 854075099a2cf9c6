"""POST /v1/quotes: an article in, its quotations and speakers out."""

from __future__ import annotations

from dataclasses import dataclass, field

import msgspec
from litestar.di import NamedDependency
from litestar import Controller, Request, post
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import OpenAPIMediaType as MediaType, Operation, RequestBody, Schema
from litestar.openapi.spec.enums import OpenAPIType

from service import metrics
from service.api.middleware import TEXT_CHARS
from service.api.problems import not_ready, problem, unavailable
from service.api.schemas import Problem, QuotesRequest, QuotesResponse
from service.config import Settings
from service.scheduler import Rejected, Scheduler

EXAMPLE = ('Sir Keir Starmer hailed a "breakthrough". "We are now going to be working with the US '
           'on those security guarantees," he told the BBC.')


# What `check_text` accepts, for clients and contract tests: some visible character, no NUL.
TEXT_PATTERN = r"^[^\u0000]*[^\u0000\s][^\u0000]*$"
DEFAULT_MAX_TEXT = Settings.__struct_defaults__[Settings.__struct_fields__.index("max_text_chars")]


def _text_schema(description: str | None = None) -> Schema:
    return Schema(type=OpenAPIType.STRING, min_length=1, max_length=DEFAULT_MAX_TEXT,
                  pattern=TEXT_PATTERN, description=description)


@dataclass
class _QuotesOperation(Operation):
    """Documents the two accepted bodies (the handler reads the raw body to accept both)."""

    def __post_init__(self) -> None:
        self.request_body = RequestBody(
            required=True,
            description="The article, as JSON or as the plain-text body itself.",
            content={
                "application/json": MediaType(
                    schema=Schema(
                        type=OpenAPIType.OBJECT,
                        required=["text"],
                        properties={
                            "text": _text_schema(
                                "The article, one paragraph a line. At most 200,000 characters "
                                "by default (QUOTES_MAX_TEXT_CHARS); no NUL characters."),
                            "id": Schema(one_of=[Schema(type=OpenAPIType.STRING, max_length=256),
                                                 Schema(type=OpenAPIType.NULL)],
                                         description="Your identifier, echoed back."),
                        },
                        additional_properties=False,
                    ),
                    example={"id": "example-1", "text": EXAMPLE},
                ),
                "text/plain": MediaType(schema=_text_schema(), example=EXAMPLE),
            },
        )


def parse_body(body: bytes, content_type: str) -> QuotesRequest:
    media = content_type.split(";")[0].strip().lower()
    if media == "application/json" or (media.startswith("application/") and media.endswith("+json")):
        try:
            return msgspec.json.decode(body, type=QuotesRequest)
        except msgspec.ValidationError as exc:
            raise problem(400, "invalid-body", "Invalid request body", str(exc)) from None
        except msgspec.DecodeError as exc:
            raise problem(400, "malformed-json", "Malformed JSON", str(exc)) from None
        except UnicodeDecodeError as exc:
            raise problem(400, "invalid-utf8", "Body is not valid UTF-8", str(exc)) from None
        except RecursionError:  # msgspec gives up on absurdly deep nesting this way
            raise problem(400, "malformed-json", "Malformed JSON",
                          "The JSON is nested too deeply.") from None
    if media == "text/plain":
        charset = "utf-8"
        for part in content_type.split(";")[1:]:
            k, _, v = part.strip().partition("=")
            if k.lower() == "charset":
                charset = v.strip().strip('"').lower()
        if charset not in ("utf-8", "utf8", "us-ascii", "ascii"):
            raise problem(415, "unsupported-charset", "Unsupported charset",
                          f"text/plain bodies must be UTF-8, not {charset!r}.")
        try:
            return QuotesRequest(text=body.decode("utf-8"))
        except UnicodeDecodeError as exc:
            raise problem(400, "invalid-utf8", "Body is not valid UTF-8", str(exc)) from None
    raise problem(415, "unsupported-media-type", "Unsupported media type",
                  f"Send application/json or text/plain; charset=utf-8, not {media or 'nothing'!r}.")


def check_text(text: str, settings: Settings) -> None:
    if len(text) > settings.max_text_chars:
        raise problem(413, "text-too-long", "Text too long",
                      f"The text has {len(text)} characters; the limit is {settings.max_text_chars}.",
                      limit=settings.max_text_chars, length=len(text))
    if not text.strip():
        raise problem(400, "empty-text", "Empty text", "`text` holds no visible characters.",
                      field="text")
    if "\x00" in text:
        raise problem(400, "nul-in-text", "NUL character in text",
                      "`text` contains a NUL (U+0000) character.", field="text")


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
            "`text[start:end] == quote.text`."
        ),
        operation_class=_QuotesOperation,
        status_code=200,
        responses={
            status: ResponseSpec(Problem, description=why, media_type="application/problem+json",
                                 generate_examples=False)
            for status, why in (
                (400, "Malformed JSON, a schema violation (the detail names the field), empty "
                      "text, NUL characters or invalid UTF-8."),
                (413, "The body or the text is over the configured limit."),
                (415, "A content type other than JSON or UTF-8 plain text."),
                (401, "API keys are required and none or a wrong one was sent."),
                (429, "Over the rate limit (see the RateLimit-* headers)."),
                (503, "Not ready, the queue is full, or processing timed out (see Retry-After)."),
            )
        },
    )
    async def extract_quotes(self, request: Request, settings: NamedDependency[Settings],
                             scheduler: NamedDependency[Scheduler | None]) -> QuotesResponse:
        if scheduler is None:
            raise not_ready()
        body = await request.body()
        req = parse_body(body, request.headers.get("content-type", ""))
        request.scope["state"][TEXT_CHARS] = len(req.text)
        check_text(req.text, settings)
        try:
            return await scheduler.submit((req.text, req.id))
        except Rejected as exc:  # backpressure: the gateway and client may retry later
            metrics.REJECTED.labels(exc.reason).inc()
            raise unavailable(exc.reason, exc.title, str(exc), exc.retry_after) from None
