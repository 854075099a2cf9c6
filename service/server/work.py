"""Handing work to the NLP scheduler from request handlers: the scheduler as a typed
dependency (503 until a worker is up), and its refusals as problems."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from litestar.datastructures import State
from litestar.plugins.problem_details import ProblemDetailsException

from service.pipeline.article import Article
from service.pipeline.scheduler import Outcome, Rejected, Scheduler, TooComplex
from service.pipeline.screening import PROBLEM_BASE
from service.pipeline.screening import problem as problem_struct
from service.schemas import Problem, QuotesResponse
from service.server import metrics
from service.server.api.problems import http_problem, not_ready, unavailable
from service.server.lifespan import nlp_state

log = logging.getLogger("service")


def unready_problem(scheduler: Scheduler | None) -> ProblemDetailsException | None:
    """Why requests can't be served now, or None when they can."""
    if scheduler is None:
        return not_ready()
    reason = scheduler.unready_reason
    return None if reason is None else not_ready(reason)


def provide_scheduler(state: State) -> Scheduler:
    """The `scheduler` dependency of the handlers that need the models. Requests are refused
    while no worker has come up (loading, or the models failed to load); while workers are
    only being replaced, they queue."""
    scheduler = nlp_state(state).scheduler
    if scheduler is None or scheduler.loading:
        raise unready_problem(scheduler) or not_ready()
    return scheduler


def failure_problem(failure: BaseException) -> Problem | None:
    """The problem a document's failure is answered with (counted as a refusal); None for an
    unexpected error."""
    if isinstance(failure, Rejected):  # backpressure: the gateway and client may retry later
        metrics.REJECTED.labels(failure.reason).inc()
        return problem_struct(
            503, failure.reason, failure.title, str(failure), retry_after=failure.retry_after
        )
    if isinstance(failure, TooComplex):
        metrics.REJECTED.labels("too-complex").inc()
        return problem_struct(422, "too-complex", "Article too complex to analyze", str(failure))
    return None


async def _submit(scheduler: Scheduler, articles: Sequence[Article]) -> list[Outcome]:
    try:
        return await scheduler.submit_many(articles)
    except Rejected as exc:  # the request as a whole: the queue is full, shutting down
        metrics.REJECTED.labels(exc.reason).inc()
        raise unavailable(exc.reason, exc.title, str(exc), exc.retry_after) from None


async def analyze(scheduler: Scheduler, article: Article) -> QuotesResponse:
    """One article through the scheduler's bounded queue; refusals become 503 problems with
    Retry-After, and an article that exhausts a worker a 422."""
    (outcome,) = await _submit(scheduler, [article])
    if isinstance(outcome, BaseException):
        if (p := failure_problem(outcome)) is not None:
            raise http_problem(p)
        raise outcome  # an unexpected error: a logged 500
    metrics.observe_results([outcome])
    return outcome


async def analyze_each(
    scheduler: Scheduler, articles: Sequence[Article]
) -> list[QuotesResponse | Problem]:
    """A batch's articles through the scheduler: each one's response, or the problem it alone
    failed with (a document unfinished at the deadline: 503 `timeout`); only a refusal of the
    whole request (queue full) is raised."""
    out: list[QuotesResponse | Problem] = []
    for outcome in await _submit(scheduler, articles):
        if not isinstance(outcome, BaseException):
            out.append(outcome)
            continue
        p = failure_problem(outcome)
        if p is None:
            log.error("a batch document failed", exc_info=outcome)
            p = Problem(
                status=500,
                type=PROBLEM_BASE + "internal-error",
                title="Internal error",
                detail="The service failed on this document; the error has been logged.",
            )
        out.append(p)
    metrics.observe_results([r for r in out if isinstance(r, QuotesResponse)])
    return out
