"""The Litestar application factory: the composition root of the server."""

from __future__ import annotations

import logging
from typing import Any

from litestar import Litestar, Router
from litestar.config.compression import CompressionConfig
from litestar.config.cors import CORSConfig
from litestar.datastructures import State
from litestar.di import Provide
from litestar.exceptions import HTTPException, ValidationException
from litestar.logging import LoggingConfig
from litestar.middleware import DefineMiddleware
from litestar.middleware.rate_limit import RateLimitConfig
from litestar.openapi import OpenAPIConfig
from litestar.openapi.spec import (
    Components,
    Contact,
    License,
    Reference,
    SecurityRequirement,
    SecurityScheme,
    Server,
)
from litestar.plugins.problem_details import (
    ProblemDetailsConfig,
    ProblemDetailsException,
    ProblemDetailsPlugin,
)
from litestar.plugins.prometheus import PrometheusConfig, PrometheusController
from litestar.types import Scope

import service
from service.pipeline.extractor import nlp_backend
from service.pipeline.scheduler import Scheduler
from service.pipeline.workers import BackendFactory
from service.schemas import BatchRequest, QuotesRequest
from service.server.api.batch import BatchController
from service.server.api.bodies import JsonRequest, invalid_body
from service.server.api.errors import PreflightRefusals, allowed_hosts_middleware, framework_errors
from service.server.api.health import HealthController
from service.server.api.middleware import client_gone, wrap
from service.server.api.page import page_routes
from service.server.api.problems import internal_error
from service.server.api.quotes import QuotesController
from service.server.api.security import (
    NO_RATE_LIMIT,
    KeyRing,
    api_key_middleware,
    rate_limit_bucket,
)
from service.server.lifespan import NlpState, nlp_lifespan
from service.server.openapi_fixes import complete_request_schemas
from service.server.telemetry import otel_plugin
from service.server.work import provide_scheduler
from service.settings import Settings, load_settings, read_api_keys

log = logging.getLogger("service")

# Security that operations accept: none (keys off) or either form of the key.
SECURITY: list[SecurityRequirement] = [{}, {"bearer": []}, {"apiKey": []}]
SECURITY_SCHEMES: dict[str, SecurityScheme | Reference] = {
    "bearer": SecurityScheme(
        type="http", scheme="bearer", description="An API key, when the service requires one."
    ),
    "apiKey": SecurityScheme(
        type="apiKey",
        name="X-API-Key",
        security_scheme_in="header",
        description="The same API key, in its own header.",
    ),
}


class MetricsController(PrometheusController):
    path = "/metrics"
    include_in_schema = False
    opt = {NO_RATE_LIMIT: True}


async def _log_failure(exc: Exception, scope: Scope) -> None:
    # The service's own 503s are answers, not failures; Litestar's 5xx exceptions are failures,
    # except the one for a client gone while sending its body (logged where it is answered).
    if isinstance(exc, HTTPException) and client_gone(scope):
        return
    if not isinstance(exc, HTTPException) or (
        exc.status_code >= 500 and not isinstance(exc, ProblemDetailsException)
    ):
        log.error("unhandled error in %s %s", scope.get("method"), scope.get("path"), exc_info=exc)


def _middleware(settings: Settings) -> list[DefineMiddleware]:
    """Metrics outermost, then the Host check, rate limits, then API keys: failed
    authentications count against the client's limit too (see `rate_limit_bucket`)."""
    middleware: list[DefineMiddleware] = []
    if settings.metrics:
        middleware.append(
            PrometheusConfig(
                app_name="quotes", prefix="quotes", group_path=True, exclude_unhandled_paths=True
            ).middleware
        )
    if settings.allowed_hosts:
        middleware.append(allowed_hosts_middleware(settings.allowed_hosts))
    keys = KeyRing(read_api_keys(settings))  # an unreadable key file stops startup here
    if settings.rate_limit:
        middleware.append(
            RateLimitConfig(
                rate_limit=(settings.rate_limit_window, settings.rate_limit),
                exclude_opt_key=NO_RATE_LIMIT,
                identifier_for_request=rate_limit_bucket(keys),
            ).middleware
        )
    if len(keys):
        middleware.append(api_key_middleware(keys, settings.path_prefix))
    return middleware


def _openapi(settings: Settings) -> OpenAPIConfig:
    prefix = settings.path_prefix
    return OpenAPIConfig(
        title="Quote attribution service",
        version=service.__version__,
        description="Finds the direct quotations in a news article and who said each one.",
        contact=Contact(name="Quote service maintainers"),
        license=License(name="Apache-2.0", identifier="Apache-2.0"),
        path=f"{prefix}/schema",
        servers=[Server(url=prefix or "/")],
        security=SECURITY,
        components=Components(security_schemes=SECURITY_SCHEMES),
    )


def _cors(settings: Settings) -> CORSConfig | None:
    if not settings.cors_origins:
        return None
    return CORSConfig(
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


def create_app(
    settings: Settings | None = None, backend_factory: BackendFactory = nlp_backend
) -> Litestar:
    settings = settings or load_settings()
    cors = _cors(settings)
    handlers: list[Any] = [QuotesController, BatchController, HealthController, *page_routes()]
    if settings.metrics:
        handlers.append(MetricsController)
    app = Litestar(
        route_handlers=[Router(path=settings.path_prefix or "/", route_handlers=handlers)],
        middleware=_middleware(settings),
        lifespan=[nlp_lifespan(settings, backend_factory)],
        state=State({"nlp": NlpState()}),
        dependencies={
            "settings": Provide(lambda: settings, use_cache=True, sync_to_thread=False),
            "scheduler": Provide(provide_scheduler, sync_to_thread=False),
        },
        request_class=JsonRequest,
        plugins=[
            *([otel_plugin(settings.path_prefix)] if settings.otel else []),
            ProblemDetailsPlugin(ProblemDetailsConfig()),
        ],
        request_max_body_size=settings.max_body_bytes,
        cors_config=cors,
        compression_config=CompressionConfig(backend="gzip", minimum_size=settings.gzip_min_bytes)
        if settings.gzip_min_bytes
        else None,
        openapi_config=_openapi(settings),
        # Logging is set up by the process (`service.server.logs`, from `quotes serve`).
        # Client errors are not the service's errors: only real failures get a traceback.
        logging_config=LoggingConfig(
            configure_root_logger=False,
            log_exceptions="never",
            loggers={"litestar": {"level": settings.log_level, "handlers": [], "propagate": True}},
        ),
        after_exception=[_log_failure],
        exception_handlers={
            ValidationException: invalid_body,
            **framework_errors(settings),
            Exception: internal_error,
        },
        signature_namespace={"Settings": Settings, "Scheduler": Scheduler},
        debug=False,
    )
    complete_request_schemas(app.openapi_schema, (QuotesRequest, BatchRequest))
    if cors is not None:  # a preflight Litestar's CORS would refuse gets a problem first
        app.asgi_handler = PreflightRefusals(app.asgi_handler, cors)
    # The outermost layer sees every request, including 404s and the 401/429 answered by the
    # middleware above (see service/server/api/middleware.py).
    app.asgi_handler = wrap(app.asgi_handler, settings.trusted_proxies)
    return app
