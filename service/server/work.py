"""Handing work to the NLP scheduler from request handlers: the scheduler as a typed
dependency (503 until a worker is up), and its refusals as problems."""

from __future__ import annotations

from collections.abc import Sequence

from litestar.datastructures import State
from litestar.plugins.problem_details import ProblemDetailsException

from service.pipeline.article import Article
from service.pipeline.scheduler import Rejected, Scheduler, TooComplex
from service.schemas import QuotesResponse
from service.server import metrics
from service.server.api.problems import not_ready, problem, unavailable
from service.server.lifespan import nlp_state


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


async def analyze(scheduler: Scheduler, articles: Sequence[Article]) -> list[QuotesResponse]:
    """Through the scheduler's bounded queue; refusals become 503 problems with Retry-After,
    and an article that exhausts a worker a 422."""
    try:
        results = await scheduler.submit_many(articles)
    except Rejected as exc:  # backpressure: the gateway and client may retry later
        metrics.REJECTED.labels(exc.reason).inc()
        raise unavailable(exc.reason, exc.title, str(exc), exc.retry_after) from None
    except TooComplex as exc:
        metrics.REJECTED.labels("too-complex").inc()
        raise problem(422, "too-complex", "Article too complex to analyze", str(exc)) from None
    metrics.observe_results(results)
    return results
