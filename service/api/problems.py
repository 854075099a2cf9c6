"""RFC 9457 problem responses for everything a client can get wrong."""

from __future__ import annotations

from typing import Any

from litestar.openapi.datastructures import ResponseSpec
from litestar.plugins.problem_details import ProblemDetailsException

from service.api.schemas import Problem

PROBLEM_BASE = "https://quotes.invalid/problems/"


def problem(status: int, slug: str, title: str, detail: str, headers: dict[str, str] | None = None,
            **extra: Any) -> ProblemDetailsException:
    return ProblemDetailsException(
        status_code=status, type_=PROBLEM_BASE + slug, title=title, detail=detail,
        headers=headers, extra=extra or None,
    )


def problem_responses(why: dict[int, str]) -> dict[int, ResponseSpec]:
    """The OpenAPI `responses` for an operation's problems, `503 not ready` included."""
    why = {**why, 503: "The models are still loading (see Retry-After)."}
    # No generated examples: Litestar fills them with random strings that change with the number
    # of apps built in the process, which made the committed spec depend on test order.
    return {status: ResponseSpec(Problem, description=text, media_type="application/problem+json",
                                 generate_examples=False)
            for status, text in why.items()}


def not_ready() -> ProblemDetailsException:
    return problem(503, "not-ready", "Service not ready",
                   "The NLP models are still loading; retry shortly.", headers={"Retry-After": "5"})


def as_struct(exc: ProblemDetailsException) -> Problem:
    """The problem as a body member (a failed document in a batch) instead of a response."""
    return Problem(status=exc.status_code, title=exc.title or "", detail=exc.detail,
                   type=exc.type_)
