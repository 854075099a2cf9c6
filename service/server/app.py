"""The Litestar application factory."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass

import anyio.to_thread
from litestar import Litestar, Request, Router
from litestar.config.compression import CompressionConfig
from litestar.config.cors import CORSConfig
from litestar.datastructures import State
from litestar.di import Provide
from litestar.exceptions import HTTPException
from litestar.logging import LoggingConfig
from litestar.middleware import DefineMiddleware
from litestar.middleware.rate_limit import RateLimitConfig, get_remote_address
from litestar.openapi import OpenAPIConfig
from litestar.openapi.spec import Components, Contact, License, SecurityScheme, Server
from litestar.plugins.problem_details import ProblemDetailsConfig, ProblemDetailsPlugin
from litestar.plugins.prometheus import PrometheusConfig, PrometheusController
from litestar.types import Scope

import service
from service.server import metrics
from service.server.api.batch import BatchController
from service.server.api.health import HealthController
from service.server.api.middleware import wrap
from service.server.api.page import page_routes
from service.server.api.problems import internal_error
from service.server.api.quotes import QuotesController
from service.server.api.security import api_key_middleware
from service.settings import Settings, load_settings, read_api_keys
from service.pipeline.extractor import QuoteExtractor
from service.nlp.backend import NlpBackend
from service.pipeline.scheduler import Scheduler, SchedulerConfig

log = logging.getLogger("service")

BackendFactory = Callable[[Settings], NlpBackend]
NO_RATE_LIMIT = "skip_rate_limit"
"""Route opt that exempts a handler from rate limiting (probes, metrics)."""


def stanza_backend(settings: Settings) -> NlpBackend:
    from service.nlp.stanza_backend import StanzaBackend  # heavy: torch and stanza

    return StanzaBackend(
        settings.models_dir, torch_threads=settings.torch_threads, reduce=settings.reduce_nlp
    )


@dataclass
class AppState:
    settings: Settings
    scheduler: Scheduler[tuple[str, str | None], object] | None = None
    load_error: str | None = None


class MetricsController(PrometheusController):
    path = "/metrics"
    include_in_schema = False
    opt = {NO_RATE_LIMIT: True}


def _caller(request: Request) -> str:
    """Rate-limit bucket: the API key's fingerprint when authenticated, else the client
    address (already rewritten from X-Forwarded-For only when the peer is a trusted proxy)."""
    user = request.scope.get("user")
    return user if isinstance(user, str) else get_remote_address(request)


async def _log_failure(exc: Exception, scope: Scope) -> None:
    if not isinstance(exc, HTTPException):
        log.error("unhandled error in %s %s", scope.get("method"), scope.get("path"), exc_info=exc)


def create_app(
    settings: Settings | None = None, backend_factory: BackendFactory = stanza_backend
) -> Litestar:
    settings = settings or load_settings()
    api_keys = read_api_keys(settings)  # an unreadable key file stops startup here
    app_state = AppState(settings=settings)

    @asynccontextmanager
    async def load_models(app: Litestar) -> AsyncIterator[None]:
        # Loading takes seconds: do it in the background so /health/live answers at once and
        # everything else answers 503 "not ready" until the pipeline is there.
        async def load() -> None:
            try:
                backend = await anyio.to_thread.run_sync(backend_factory, settings)
            except Exception as exc:  # a broken models dir must show in /health/ready, not crash
                app_state.load_error = str(exc)
                log.exception("could not load the NLP models")
                return
            scheduler = Scheduler(
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
            app_state.scheduler = scheduler
            log.info("models loaded: %s", backend.info.models)

        task = asyncio.create_task(load())
        try:
            yield
        finally:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
            if app_state.scheduler is not None:
                await app_state.scheduler.stop()

    prefix = settings.path_prefix
    handlers: list = [QuotesController, BatchController, HealthController, *page_routes()]
    middleware: list[DefineMiddleware] = []
    if api_keys:
        middleware.append(api_key_middleware(api_keys, prefix))
    if settings.rate_limit:
        # After authentication, so a valid key gets its own bucket.
        middleware.append(
            RateLimitConfig(
                rate_limit=(settings.rate_limit_window, settings.rate_limit),
                exclude_opt_key=NO_RATE_LIMIT,
                identifier_for_request=_caller,
            ).middleware
        )
    if settings.metrics:
        handlers.append(MetricsController)
        middleware.insert(
            0,
            PrometheusConfig(
                app_name="quotes",
                prefix="quotes",
                group_path=True,
                exclude_unhandled_paths=True,
            ).middleware,
        )

    app = Litestar(
        route_handlers=[Router(path=prefix or "/", route_handlers=handlers)],
        middleware=middleware,
        lifespan=[load_models],
        state=State({"app_state": app_state}),
        dependencies={
            "settings": Provide(lambda: settings, use_cache=True, sync_to_thread=False),
            "scheduler": Provide(lambda: app_state.scheduler, sync_to_thread=False),
        },
        plugins=[ProblemDetailsPlugin(ProblemDetailsConfig(enable_for_all_http_exceptions=True))],
        request_max_body_size=settings.max_body_bytes,
        compression_config=CompressionConfig(backend="gzip", minimum_size=settings.gzip_min_bytes)
        if settings.gzip_min_bytes
        else None,
        cors_config=CORSConfig(
            allow_origins=list(settings.cors_origins),
            allow_headers=["Authorization", "X-API-Key", "X-Request-ID", "Content-Type"],
            expose_headers=[
                "X-Request-ID",
                "Retry-After",
                "RateLimit-Limit",
                "RateLimit-Remaining",
                "RateLimit-Reset",
                "RateLimit-Policy",
            ],
        )
        if settings.cors_origins
        else None,
        allowed_hosts=list(settings.allowed_hosts) or None,
        openapi_config=OpenAPIConfig(
            title="Quote attribution service",
            version=service.__version__,
            description="Finds the direct quotations in a news article and who said each one.",
            contact=Contact(name="Quote service maintainers"),
            license=License(name="Apache-2.0", identifier="Apache-2.0"),
            path=f"{prefix}/schema",
            servers=[Server(url=prefix or "/")],
            components=Components(
                security_schemes={
                    "bearer": SecurityScheme(
                        type="http",
                        scheme="bearer",
                        description="An API key, when the service requires one.",
                    ),
                    "apiKey": SecurityScheme(
                        type="apiKey",
                        name="X-API-Key",
                        security_scheme_in="header",
                        description="The same API key, in its own header.",
                    ),
                }
            ),
        ),
        # Logging is set up by the process (`service.server.logs`, from `python -m service serve`).
        # Client errors are not the service's errors: only real failures get a traceback.
        logging_config=LoggingConfig(
            configure_root_logger=False,
            log_exceptions="never",
            loggers={"litestar": {"level": settings.log_level, "handlers": [], "propagate": True}},
        ),
        after_exception=[_log_failure],
        exception_handlers={Exception: internal_error},
        signature_namespace={"Scheduler": Scheduler, "Settings": Settings},
        debug=False,
    )
    # The outermost layer sees every request, including 404s and the 401/429 answered by the
    # middleware above (see service/api/middleware.py).
    app.asgi_handler = wrap(app.asgi_handler, settings.trusted_proxies)
    return app
