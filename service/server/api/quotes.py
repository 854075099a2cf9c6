"""POST /v1/quotes: an article in, its quotations and speakers out."""

from __future__ import annotations

from dataclasses import dataclass

from litestar import Controller, Request, post
from litestar.di import NamedDependency
from litestar.openapi.spec import OpenAPIMediaType as MediaType
from litestar.openapi.spec import Operation, Reference, Schema
from litestar.openapi.spec.enums import OpenAPIType
from litestar.params import JSONBody

from service.pipeline.article import Article
from service.pipeline.scheduler import Scheduler
from service.pipeline.screening import text_problem
from service.schemas import (
    DEFAULT_MAX_TEXT_CHARS,
    TEXT_PATTERN,
    OffsetUnit,
    QuotesRequest,
    QuotesResponse,
)
from service.server.api.bodies import PLAIN_TEXT_FIELD, require_json
from service.server.api.kinds import KindsQuery, document_parameter, requested_kinds
from service.server.api.middleware import TEXT_CHARS
from service.server.api.offsets import OffsetsQuery
from service.server.api.problems import http_problem, problem_responses
from service.server.work import analyze
from service.settings import Settings

EXAMPLE = (
    'Sir Keir Starmer hailed a "breakthrough". "We are now going to be working with the US '
    'on those security guarantees," he told the BBC.'
)


def text_schema(description: str | None = None) -> Schema:
    """The article text as the accepted bodies document it: what screening accepts."""
    return Schema(
        type=OpenAPIType.STRING,
        min_length=1,
        max_length=DEFAULT_MAX_TEXT_CHARS,
        pattern=TEXT_PATTERN,
        description=description,
    )


@dataclass
class _QuotesOperation(Operation):
    """Adds the plain-text body to the JSON one Litestar derives from `QuotesRequest`, and
    documents the `kinds` query parameter as sent (comma-separated kinds)."""

    def __post_init__(self) -> None:
        for parameter in self.parameters or ():
            if not isinstance(parameter, Reference) and parameter.name == "kinds":
                document_parameter(parameter)
        if self.request_body is not None and not isinstance(self.request_body, Reference):
            self.request_body.description = "The article, as JSON or as the plain-text body itself."
            self.request_body.content["application/json"].example = {
                "id": "example-1",
                "text": EXAMPLE,
            }
            self.request_body.content["text/plain"] = MediaType(
                schema=text_schema(), example=EXAMPLE
            )


class QuotesController(Controller):
    path = "/v1"
    tags = ["quotes"]

    @post(
        "/quotes",
        operation_id="extractQuotes",
        summary="Find the quotations in an article and who said them",
        description=(
            "Detects every direct quotation (double quotes straight and curly, British single "
            "quotes, guillemets, „ “, ‹ ›, corner brackets) and "
            "attributes it to a speaker, resolving pronouns and role nouns to the canonical name. "
            "Offsets are code points into the submitted text, excluding the quotation marks: "
            "`text[start:end] == quote.text`; with `offsets=utf16` they are UTF-16 code units, "
            "so that `text.slice(start, end) === quote.text` in JavaScript. Reported speech "
            "(items of kind `indirect`) is returned only when `kinds` asks for it."
        ),
        operation_class=_QuotesOperation,
        guards=[require_json],
        opt={PLAIN_TEXT_FIELD: "text"},
        status_code=200,
        responses=problem_responses(
            {
                400: "Malformed JSON, a schema violation (the detail names the field), empty text, "
                "NUL characters, invalid UTF-8 or Unicode (an unpaired surrogate escape), an "
                "unknown `offsets` unit or `kinds` value.",
                413: "The body or the text is over the configured limit (`limit`, in bytes or "
                "characters).",
                415: "A content type other than JSON or UTF-8 plain text.",
                422: "`too-complex`: the article exhausted an NLP worker (more memory than a "
                "worker may use, or it made two workers fail); sending it again fails again.",
            }
        ),
    )
    async def extract_quotes(
        self,
        request: Request,
        data: JSONBody[QuotesRequest],
        settings: NamedDependency[Settings],
        scheduler: NamedDependency[Scheduler],
        offsets: OffsetsQuery = OffsetUnit.CODEPOINT,
        kinds: KindsQuery = None,
    ) -> QuotesResponse:
        request.scope["state"][TEXT_CHARS] = len(data.text)
        asked = requested_kinds(data.kinds, kinds)
        if (
            bad := text_problem(data.text, settings.max_text_chars, settings.max_words)
        ) is not None:
            raise http_problem(bad)
        article = Article(text=data.text, id=data.id, offsets=offsets, kinds=asked)
        return await analyze(scheduler, article)
