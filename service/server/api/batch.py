"""POST /v1/quotes:batch: up to 64 articles in one NLP batch, one result each, in order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from litestar import Controller, Request, post
from litestar.di import NamedDependency
from litestar.openapi.spec import OpenAPIMediaType as MediaType
from litestar.openapi.spec import Operation, RequestBody, Schema
from litestar.openapi.spec.enums import OpenAPIType

from service.server.api.middleware import TEXT_CHARS
from service.pipeline.offsets import OffsetsQuery, with_offsets
from service.server.api.problems import as_struct, not_ready, problem, problem_responses
from service.server.api.quotes import (
    EXAMPLE,
    analyse,
    decode_json,
    document_schema,
    is_json,
    media_type,
    text_problem,
)
from service.schemas import (
    MAX_BATCH_DOCUMENTS,
    BatchDocument,
    BatchItem,
    BatchRequest,
    BatchResponse,
    OffsetUnit,
    QuotesResponse,
)
from service.settings import Settings
from service.pipeline.scheduler import Scheduler


class BatchPlan:
    """Splits a batch into the documents to analyse and those that fail on their own, then puts
    the analysed results back in submission order. Shared by the endpoint and the local CLI, so
    both report the same per-document errors."""

    def __init__(self, documents: Sequence[BatchDocument], max_chars: int) -> None:
        self.documents = documents
        self.problems = [text_problem(d.text, max_chars) for d in documents]
        accepted = [d for d, p in zip(documents, self.problems, strict=True) if p is None]
        self.texts = [d.text for d in accepted]
        self.ids = [d.id for d in accepted]

    def items(
        self, responses: Sequence[QuotesResponse], offsets: OffsetUnit = OffsetUnit.CODEPOINT
    ) -> tuple[BatchItem, ...]:
        analysed = iter(responses)
        return tuple(
            BatchItem(id=doc.id, status=200, result=with_offsets(next(analysed), doc.text, offsets))
            if exc is None
            else BatchItem(id=doc.id, status=exc.status_code, error=as_struct(exc))
            for doc, exc in zip(self.documents, self.problems, strict=True)
        )


@dataclass
class _BatchOperation(Operation):
    """Documents the body by hand: the handler decodes the raw body itself, for the same precise
    problems as `POST /v1/quotes` (Litestar's own decoding answers a bare "Bad Request")."""

    def __post_init__(self) -> None:
        self.request_body = RequestBody(
            required=True,
            content={
                "application/json": MediaType(
                    schema=Schema(
                        type=OpenAPIType.OBJECT,
                        required=["documents"],
                        properties={
                            "documents": Schema(
                                type=OpenAPIType.ARRAY,
                                items=document_schema(
                                    Schema(
                                        type=OpenAPIType.STRING,
                                        description="The article; an empty or "
                                        "over-long text fails only its own result.",
                                    )
                                ),
                                min_items=1,
                                max_items=MAX_BATCH_DOCUMENTS,
                                description="The articles, analysed together in one NLP batch.",
                            )
                        },
                        additional_properties=False,
                    ),
                    example={
                        "documents": [{"id": "a1", "text": EXAMPLE}, {"id": "a2", "text": ""}]
                    },
                )
            },
        )


class BatchController(Controller):
    path = "/v1"
    tags = ["quotes"]

    @post(
        "/quotes:batch",
        operation_id="extractQuotesBatch",
        summary="Find the quotations in up to 64 articles at once",
        description=(
            f"Analyses 1 to {MAX_BATCH_DOCUMENTS} articles in one NLP batch, which is faster per "
            "article than one call each. `results` has one item per document, in the order "
            "submitted. A document that cannot be analysed (empty, too long, NUL characters) "
            "gets its own `status` and `error` and does not fail the others; only a problem "
            "with the request as a whole is an error response. The body size limit applies to "
            "the whole request."
        ),
        operation_class=_BatchOperation,
        status_code=200,
        responses=problem_responses(
            {
                400: f"Malformed JSON, a schema violation (the detail names the field), no documents "
                f"or more than {MAX_BATCH_DOCUMENTS}, or an unknown `offsets` unit.",
                413: "The request body is over the configured limit.",
                415: "A content type other than JSON.",
            }
        ),
    )
    async def extract_quotes_batch(
        self,
        request: Request,
        settings: NamedDependency[Settings],
        scheduler: NamedDependency[Scheduler | None],
        offsets: OffsetsQuery = OffsetUnit.CODEPOINT,
    ) -> BatchResponse:
        if scheduler is None:
            raise not_ready()
        media = media_type(request.headers.get("content-type", ""))
        if not is_json(media):
            raise problem(
                415,
                "unsupported-media-type",
                "Unsupported media type",
                f"Send application/json, not {media or 'nothing'!r}.",
            )
        req = decode_json(await request.body(), BatchRequest)
        plan = BatchPlan(req.documents, settings.max_text_chars)
        request.scope["state"][TEXT_CHARS] = sum(len(t) for t in plan.texts)
        analysed = (
            await analyse(scheduler, list(zip(plan.texts, plan.ids, strict=True)))
            if plan.texts
            else []
        )
        return BatchResponse(results=plan.items(analysed, offsets))
