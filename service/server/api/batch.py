"""POST /v1/quotes:batch: up to 64 articles in NLP batches, one result each, in order."""

from __future__ import annotations

from litestar import Controller, Request, post
from litestar.di import NamedDependency
from litestar.params import JSONBody

from service.pipeline.scheduler import Scheduler
from service.pipeline.screening import BatchPlan
from service.schemas import (
    MAX_BATCH_DOCUMENTS,
    BatchRequest,
    BatchResponse,
    OffsetUnit,
    kinds_of,
)
from service.server.api.bodies import require_json
from service.server.api.middleware import TEXT_CHARS
from service.server.api.offsets import OffsetsQuery
from service.server.api.problems import problem_responses
from service.server.work import analyze_each
from service.settings import Settings


class BatchController(Controller):
    path = "/v1"
    tags = ["quotes"]

    @post(
        "/quotes:batch",
        operation_id="extractQuotesBatch",
        summary="Find the quotations in up to 64 articles at once",
        description=(
            f"Analyzes 1 to {MAX_BATCH_DOCUMENTS} articles in NLP batches, which is faster per "
            "article than one call each. `results` has one item per document, in the order "
            "submitted. A document that cannot be analyzed (empty, too long, NUL characters, "
            "too complex, or not finished by the request's deadline: 503 `timeout`) gets its "
            "own `status` and `error` and does not fail the others; only a problem "
            "with the request as a whole is an error response. The body size limit applies to "
            "the whole request. `kinds` asks for reported speech for every document."
        ),
        guards=[require_json],
        status_code=200,
        responses=problem_responses(
            {
                400: f"Malformed JSON, a schema violation (the detail names the field), no documents "
                f"or more than {MAX_BATCH_DOCUMENTS}, invalid UTF-8 or Unicode, or an unknown "
                "`offsets` unit or `kinds` value.",
                413: "The request body is over the configured limit (`limit`, in bytes).",
                415: "A content type other than JSON.",
            }
        ),
    )
    async def extract_quotes_batch(
        self,
        request: Request,
        data: JSONBody[BatchRequest],
        settings: NamedDependency[Settings],
        scheduler: NamedDependency[Scheduler],
        offsets: OffsetsQuery = OffsetUnit.CODEPOINT,
    ) -> BatchResponse:
        plan = BatchPlan(
            data.documents,
            settings.max_text_chars,
            settings.max_words,
            offsets,
            kinds_of(data.kinds),
        )
        request.scope["state"][TEXT_CHARS] = sum(len(a.text) for a in plan.articles)
        analyzed = await analyze_each(scheduler, plan.articles) if plan.articles else []
        return BatchResponse(results=plan.items(analyzed))
