"""The Litestar application factory."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass

import anyio.to_thread
from litestar import Litestar
from litestar.datastructures import State
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig
from litestar.openapi.spec import Contact, License
from litestar.plugins.problem_details import ProblemDetailsConfig, ProblemDetailsPlugin

import service
from service.api.batch import BatchController
from service.api.health import HealthController
from service.api.page import page_routes
from service.api.quotes import QuotesController
from service.config import Settings, load_settings
from service.extractor import QuoteExtractor
from service.nlp.backend import NlpBackend

log = logging.getLogger("service")

BackendFactory = Callable[[Settings], NlpBackend]


def stanza_backend(settings: Settings) -> NlpBackend:
    from service.nlp.stanza_backend import StanzaBackend  # heavy: torch and stanza

    return StanzaBackend(settings.models_dir, torch_threads=settings.torch_threads)


@dataclass
class AppState:
    settings: Settings
    extractor: QuoteExtractor | None = None
    load_error: str | None = None


def _state(state: State) -> AppState:
    return state.app_state


def create_app(settings: Settings | None = None, backend_factory: BackendFactory = stanza_backend) -> Litestar:
    settings = settings or load_settings()
    app_state = AppState(settings=settings)

    @asynccontextmanager
    async def load_models(app: Litestar) -> AsyncIterator[None]:
        # Loading takes seconds: do it in the background so /health/live answers at once and
        # everything else answers 503 "not ready" until the pipeline is there.
        async def load() -> None:
            try:
                backend = await anyio.to_thread.run_sync(backend_factory, settings)
                app_state.extractor = QuoteExtractor(backend)
                log.info("models loaded: %s", backend.info.models)
            except Exception as exc:  # a broken models dir must show in /health/ready, not crash
                app_state.load_error = str(exc)
                log.exception("could not load the NLP models")

        task = asyncio.create_task(load())
        try:
            yield
        finally:
            task.cancel()

    return Litestar(
        route_handlers=[QuotesController, BatchController, HealthController, *page_routes()],
        lifespan=[load_models],
        state=State({"app_state": app_state}),
        dependencies={
            "settings": Provide(lambda: settings, use_cache=True, sync_to_thread=False),
            "extractor": Provide(lambda: app_state.extractor, sync_to_thread=False),
        },
        plugins=[ProblemDetailsPlugin(ProblemDetailsConfig(enable_for_all_http_exceptions=True))],
        request_max_body_size=settings.max_body_bytes,
        openapi_config=OpenAPIConfig(
            title="Quote attribution service",
            version=service.__version__,
            description="Finds the direct quotations in a news article and who said each one.",
            contact=Contact(name="Quote service maintainers"),
            license=License(name="Apache-2.0", identifier="Apache-2.0"),
            path="/schema",
        ),
        signature_namespace={"QuoteExtractor": QuoteExtractor, "Settings": Settings},
        debug=False,
    )
