"""The NLP workers, started in the app's lifespan, in typed app state.

Each worker loads the models once (seconds), in the background: `/health/live` answers at
once, and everything that needs the models answers 503 "not ready" (or the load error) until
a worker is up.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass

from litestar import Litestar
from litestar.datastructures import State

from service.pipeline.extractor import build_extractor
from service.pipeline.scheduler import Scheduler, SchedulerConfig
from service.pipeline.workers import (
    BackendFactory,
    ProcessWorker,
    ThreadWorker,
    Worker,
    default_worker_count,
)
from service.server import metrics
from service.settings import Settings

log = logging.getLogger("service")


@dataclass
class NlpState:
    """The app's NLP: the scheduler over its workers, from startup on (None before)."""

    scheduler: Scheduler | None = None


def nlp_workers(settings: Settings, backend_factory: BackendFactory) -> list[Worker]:
    """Worker processes (QUOTES_NLP_WORKERS), or one thread for 0. A process worker needs a
    factory it can import by name (spawn), such as the default `nlp_backend`."""
    if settings.nlp_workers == 0:
        return [ThreadWorker("thread", lambda: build_extractor(settings, backend_factory).run)]
    count = settings.nlp_workers or default_worker_count(settings)
    return [ProcessWorker(f"nlp-{i}", settings, backend_factory) for i in range(count)]


def nlp_state(state: State) -> NlpState:
    nlp = state["nlp"]
    assert isinstance(nlp, NlpState)
    return nlp


def nlp_lifespan(
    settings: Settings, backend_factory: BackendFactory
) -> Callable[[Litestar], AbstractAsyncContextManager[None]]:
    """The lifespan that loads `backend_factory(settings)` and runs the scheduler over it."""

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        nlp = nlp_state(app.state)

        config = SchedulerConfig.from_settings(settings)
        scheduler = Scheduler(
            nlp_workers(settings, backend_factory), config, on_batch=metrics.observe_batch
        )
        log.info(
            "request deadlines: %g s + 1 s per %g words, at most %g s (the gateway must wait "
            "longer)",
            config.timeout,
            config.words_per_second,
            config.longest,
        )
        scheduler.start()  # the workers load in the background: /health/live answers at once
        metrics.QUEUE_DEPTH.set_function(lambda: scheduler.depth)
        nlp.scheduler = scheduler
        try:
            yield
        finally:
            await scheduler.stop()

    return lifespan
