"""Serving the app: uvicorn, configured for running behind a gateway."""

from __future__ import annotations

import math
import signal

import uvicorn
from litestar import Litestar

from service.server.logs import logging_dict
from service.settings import Settings


def run_server(app: Litestar, settings: Settings) -> None:
    """uvicorn with our logging, no access log of its own (service.access writes one line a
    request), no proxy-header handling of its own (the app does it, from QUOTES_TRUSTED_PROXIES),
    and a bounded graceful shutdown: on SIGTERM it stops accepting, lets in-flight requests
    finish for up to QUOTES_SHUTDOWN_TIMEOUT seconds, then exits 0."""
    # uvicorn handles SIGTERM gracefully, then re-raises it with the handler that was there
    # before, so with the default one the process would die "killed by SIGTERM". A completed
    # graceful shutdown is a clean exit: this handler turns the re-raised signal into exit 0.
    signal.signal(signal.SIGTERM, _exit_cleanly)
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        log_config=logging_dict(settings.log_level, settings.log_format),
        log_level=settings.log_level.lower(),
        access_log=False,
        proxy_headers=False,
        server_header=False,
        timeout_graceful_shutdown=math.ceil(settings.shutdown_timeout),
    )


def _exit_cleanly(signum: int, frame: object) -> None:
    raise SystemExit(0)
