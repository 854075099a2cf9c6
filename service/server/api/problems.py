"""RFC 9457 problem responses for everything a client can get wrong.

Problems are built as plain `Problem` structs (`service.pipeline.screening.problem`, shared with
the CLI and batch jobs); this module turns them into Litestar exceptions and responses.
"""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Request, Response
from litestar.openapi.datastructures import ResponseSpec
from litestar.plugins.problem_details import ProblemDetailsException

from service.pipeline.screening import PROBLEM_BASE
from service.pipeline.screening import problem as problem_struct
from service.schemas import Problem

_EXTRA = ("field", "limit", "length", "retry_after")


def http_problem(p: Problem, headers: dict[str, str] | None = None) -> ProblemDetailsException:
    """`p` as the exception Litestar's problem-details plugin answers with."""
    extra = {k: v for k in _EXTRA if (v := getattr(p, k)) is not None}
    if p.retry_after is not None:
        headers = {**(headers or {}), "Retry-After": str(p.retry_after)}
    return ProblemDetailsException(
        status_code=p.status,
        type_=p.type,
        title=p.title,
        detail=p.detail,
        headers=headers,
        extra=extra or None,
    )


def problem_response(p: Problem, headers: dict[str, str] | None = None) -> Response[Any]:
    """`p` as a response, for the layers that answer outside Litestar's exception handling."""
    body = {k: v for k, v in msgspec.structs.asdict(p).items() if v is not None}
    return Response(
        content=body, status_code=p.status, media_type="application/problem+json", headers=headers
    )


def problem(
    status: int,
    slug: str,
    title: str,
    detail: str,
    headers: dict[str, str] | None = None,
) -> ProblemDetailsException:
    return http_problem(problem_struct(status, slug, title, detail), headers)


# Answers any API operation may give, whatever its own problems are.
COMMON_PROBLEMS = {
    401: "API keys are required and none or a wrong one was sent.",
    429: "Over the rate limit (see Retry-After and the RateLimit-* headers); failed "
    "authentications count against the client address's limit.",
    503: "Not ready, the queue is full, or processing timed out (see Retry-After).",
}


def problem_responses(why: dict[int, str]) -> dict[int, ResponseSpec]:
    """The OpenAPI `responses` for an operation's problems, the common ones included."""
    why = {**why, **COMMON_PROBLEMS}
    # No generated examples: Litestar fills them with random strings that change with the number
    # of apps built in the process, which made the committed spec depend on test order.
    return {
        status: ResponseSpec(
            Problem,
            description=text,
            media_type="application/problem+json",
            generate_examples=False,
        )
        for status, text in why.items()
    }


def not_ready(
    detail: str = "The NLP models are still loading; retry shortly.",
) -> ProblemDetailsException:
    return unavailable("not-ready", "Service not ready", detail, retry_after=5)


def unavailable(slug: str, title: str, detail: str, retry_after: int) -> ProblemDetailsException:
    """503 that tells the client (and the gateway) when trying again makes sense."""
    return http_problem(problem_struct(503, slug, title, detail, retry_after=retry_after))


def internal_error(request: Request, exc: Exception) -> Response:
    """Anything unexpected still answers in the API's error format, and says nothing of the
    input (the traceback goes to the log, with the request id)."""
    return Response(
        content={
            "type": PROBLEM_BASE + "internal-error",
            "title": "Internal error",
            "status": 500,
            "detail": "The service failed on this request; the error has been logged.",
        },
        status_code=500,
        media_type="application/problem+json",
    )
