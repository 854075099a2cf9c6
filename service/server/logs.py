"""Structured logs: one JSON object a line, for log shippers behind the gateway.

Only whitelisted fields are written, so nothing a handler attaches by accident (an article,
a key) can reach the logs.
"""

from __future__ import annotations

import logging
import time
from contextvars import ContextVar
from typing import Any

import msgspec

REQUEST_ID: ContextVar[str | None] = ContextVar("request_id", default=None)
"""The id of the request being handled, for every log line written while handling it."""
TRACE: ContextVar[tuple[str, str] | None] = ContextVar("trace", default=None)
"""(trace_id, span_id) of the request being handled, when OpenTelemetry traces it."""

# Fields the access log (and other loggers) may attach with `extra=`.
FIELDS = (
    "request_id",
    "method",
    "path",
    "status",
    "duration_ms",
    "text_chars",
    "client",
    "caller",
    "quotes",
    "trace_id",
    "span_id",
)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for name in FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                out[name] = value
        if "request_id" not in out and (rid := REQUEST_ID.get()) is not None:
            out["request_id"] = rid
        if "trace_id" not in out and (ids := TRACE.get()) is not None:
            out["trace_id"], out["span_id"] = ids
        if record.exc_info:
            out["exc"] = self.formatException(record.exc_info)
        return msgspec.json.encode(out).decode()


def logging_dict(level: str, fmt: str) -> dict[str, Any]:
    """A dictConfig for the root logger, uvicorn's loggers and ours (uvicorn's access log is
    off: `service.access` writes one line a request instead)."""
    formatter = (
        {"()": JsonFormatter}
        if fmt == "json"
        else {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"default": formatter},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "formatter": "default",
                "stream": "ext://sys.stderr",
            }
        },
        "root": {"level": level, "handlers": ["stderr"]},
        "loggers": {
            "uvicorn": {"level": level, "handlers": [], "propagate": True},
            "uvicorn.error": {"level": level, "handlers": [], "propagate": True},
            "uvicorn.access": {"level": "WARNING", "handlers": [], "propagate": False},
        },
    }
