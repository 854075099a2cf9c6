"""Handing work to the NLP scheduler from request handlers: the scheduler as a typed
dependency (503 until it exists), and its refusals as 503 problems with Retry-After."""

from __future__ import annotations

from collections.abc import Sequence

from litestar.datastructures import State
from litestar.plugins.problem_details import ProblemDetailsException

from service.pipeline.scheduler import Rejected
from service.schemas import QuotesResponse
from service.server import metrics
from service.server.api.problems import not_ready, unavailable
from service.server.lifespan import NlpState, Work, nlp_state


def unready_problem(nlp: NlpState) -> ProblemDetailsException | None:
    """Why requests can't be served now, or None when they can."""
    if nlp.load_error is not None:
        return not_ready(f"The NLP models could not be loaded: {nlp.load_error}")
    if nlp.scheduler is None:
        return not_ready()
    if nlp.scheduler.stalled:
        return not_ready("The NLP worker has been busy with one batch for too long.")
    return None


def provide_scheduler(state: State) -> Work:
    """The `scheduler` dependency of the handlers that need the models."""
    nlp = nlp_state(state)
    if nlp.scheduler is None:
        raise unready_problem(nlp) or not_ready()
    return nlp.scheduler


async def analyze(scheduler: Work, items: Sequence[tuple[str, str | None]]) -> list[QuotesResponse]:
    """Through the scheduler's bounded queue; refusals become 503 problems with Retry-After."""
    try:
        results = await scheduler.submit_many(items)
    except Rejected as exc:  # backpressure: the gateway and client may retry later
        metrics.REJECTED.labels(exc.reason).inc()
        raise unavailable(exc.reason, exc.title, str(exc), exc.retry_after) from None
    metrics.observe_results(results)
    return results
