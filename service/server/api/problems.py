"""RFC 9457 problem responses for everything a client can get wrong."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response
from litestar.openapi.datastructures import ResponseSpec
from litestar.plugins.problem_details import ProblemDetailsException

from service.schemas import Problem

PROBLEM_BASE = "https://quotes.invalid/problems/"


def problem(
    status: int,
    slug: str,
    title: str,
    detail: str,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> ProblemDetailsException:
    return ProblemDetailsException(
        status_code=status,
        type_=PROBLEM_BASE + slug,
        title=title,
        detail=detail,
        headers=headers,
        extra=extra or None,
    )


# Answers any API operation may give, whatever its own problems are.
COMMON_PROBLEMS = {
    401: "API keys are required and none or a wrong one was sent.",
    429: "Over the rate limit (see the RateLimit-* headers).",
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


def as_struct(exc: ProblemDetailsException) -> Problem:
    """The problem as a body member (a failed document in a batch) instead of a response."""
    extra = exc.extra if isinstance(exc.extra, dict) else {}
    return Problem(
        status=exc.status_code,
        title=exc.title or "",
        detail=exc.detail,
        type=exc.type_,
        **{k: v for k, v in extra.items() if k in Problem.__struct_fields__},
    )


def not_ready(
    detail: str = "The NLP models are still loading; retry shortly.",
) -> ProblemDetailsException:
    return unavailable("not-ready", "Service not ready", detail, retry_after=5)


def unavailable(slug: str, title: str, detail: str, retry_after: int) -> ProblemDetailsException:
    """503 that tells the client (and the gateway) when trying again makes sense."""
    return problem(
        503, slug, title, detail, headers={"Retry-After": str(retry_after)}, retry_after=retry_after
    )


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
