"""OpenTelemetry traces, optional (QUOTES_OTEL, the `otel` extra): Litestar's OpenTelemetry
plugin, with the trace and span ids carried into the JSON log lines.

The plugin uses the process's tracer provider: configure it the usual OpenTelemetry way (an
SDK provider and exporter set up before the app, or `opentelemetry-instrument` with
OTEL_* variables). A `traceparent` header from the gateway continues its trace (W3C trace
context, OpenTelemetry's default propagator).
"""

from __future__ import annotations

from typing import Any

from litestar.plugins import PluginProtocol

from service.server.logs import TRACE
from service.settings import SettingsError


def otel_plugin(prefix: str = "", tracer_provider: Any = None) -> PluginProtocol:
    """The plugin; SettingsError naming the extra when OpenTelemetry is not installed."""
    try:
        from litestar.plugins.opentelemetry import OpenTelemetryConfig, OpenTelemetryPlugin
        from opentelemetry.trace import Span
    except ImportError:
        raise SettingsError(
            "QUOTES_OTEL=true needs OpenTelemetry: pip install 'quote-service[otel]'"
        ) from None

    def note_ids(span: Span, scope: dict[str, Any]) -> None:
        # Set in the request's own context: every line logged for the request carries the ids,
        # the access line written after it too (service.server.api.middleware).
        context = span.get_span_context()
        if context.is_valid:
            TRACE.set((f"{context.trace_id:032x}", f"{context.span_id:016x}"))

    return OpenTelemetryPlugin(
        OpenTelemetryConfig(
            tracer_provider=tracer_provider,
            server_request_hook_handler=note_ids,
            # probes, metrics and the page are not traced: only the API is
            exclude=[f"^{prefix}/(health|metrics|static|schema)", f"^{prefix}/?$"],
        )
    )
