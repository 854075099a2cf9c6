"""RFC 9457 problem responses for everything a client can get wrong."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response
from litestar.plugins.problem_details import ProblemDetailsException

PROBLEM_BASE = "https://quotes.invalid/problems/"


def problem(status: int, slug: str, title: str, detail: str, headers: dict[str, str] | None = None,
            **extra: Any) -> ProblemDetailsException:
    return ProblemDetailsException(
        status_code=status, type_=PROBLEM_BASE + slug, title=title, detail=detail,
        headers=headers, extra=extra or None,
    )


def not_ready(detail: str = "The NLP models are still loading; retry shortly.") -> ProblemDetailsException:
    return unavailable("not-ready", "Service not ready", detail, retry_after=5)


def unavailable(slug: str, title: str, detail: str, retry_after: int) -> ProblemDetailsException:
    """503 that tells the client (and the gateway) when trying again makes sense."""
    return problem(503, slug, title, detail, headers={"Retry-After": str(retry_after)},
                   retry_after=retry_after)


def internal_error(request: Request, exc: Exception) -> Response:
    """Anything unexpected still answers in the API's error format, and says nothing of the
    input (the traceback goes to the log, with the request id)."""
    return Response(
        content={"type": PROBLEM_BASE + "internal-error", "title": "Internal error", "status": 500,
                 "detail": "The service failed on this request; the error has been logged."},
        status_code=500, media_type="application/problem+json",
    )
