"""Loading the NLP pipeline once, in the app's lifespan, into typed app state.

Loading takes seconds, so it runs in the background: `/health/live` answers at once, and
everything that needs the models answers 503 "not ready" (or the load error) until then.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass

import anyio.to_thread
from litestar import Litestar
from litestar.datastructures import State

from service.nlp.backend import NlpBackend
from service.pipeline.extractor import QuoteExtractor
from service.pipeline.scheduler import Scheduler, SchedulerConfig
from service.schemas import QuotesResponse
from service.server import metrics
from service.settings import Settings

log = logging.getLogger("service")

BackendFactory = Callable[[Settings], NlpBackend]
Work = Scheduler[tuple[str, str | None], QuotesResponse]
"""The scheduler requests hand their (text, id) pairs to."""


@dataclass
class NlpState:
    """What the app knows of its NLP pipeline: loading, failed to load, or serving."""

    scheduler: Work | None = None
    load_error: str | None = None


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

        async def load() -> None:
            try:
                backend = await anyio.to_thread.run_sync(backend_factory, settings)
            except Exception as exc:  # a broken models dir must show in /health/ready, not crash
                nlp.load_error = f"{type(exc).__name__}: {exc}"
                log.exception("could not load the NLP models")
                return
            scheduler: Work = Scheduler(
                QuoteExtractor(backend).run_items,
                SchedulerConfig(
                    queue_size=settings.queue_size,
                    batch_max=settings.batch_max,
                    batch_wait=settings.batch_wait_ms / 1000,
                    timeout=settings.request_timeout,
                ),
                on_batch=metrics.observe_batch,
            )
            scheduler.start()
            metrics.QUEUE_DEPTH.set_function(lambda: scheduler.depth)
            nlp.scheduler = scheduler
            log.info("models loaded: %s", backend.info.models)

        task = asyncio.create_task(load())
        try:
            yield
        finally:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
            if nlp.scheduler is not None:
                await nlp.scheduler.stop()

    return lifespan
