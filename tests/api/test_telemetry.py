"""OpenTelemetry, when QUOTES_OTEL is on: spans through Litestar's plugin, the gateway's
`traceparent` continued, and the trace and span ids in the JSON log lines. Off by default."""

from __future__ import annotations

import json

import pytest
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from service.server import app as app_module
from service.server.logs import JsonFormatter
from service.server.telemetry import otel_plugin
from tests.api.conftest import serve, stub_app

TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
PARENT_ID = "00f067aa0ba902b7"
BODY = {"text": '"We are ready to go further," she said.'}


@pytest.fixture
def spans(monkeypatch) -> InMemorySpanExporter:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    monkeypatch.setattr(app_module, "otel_plugin", lambda prefix: otel_plugin(prefix, provider))
    return exporter


@pytest.fixture
def access_lines(access_records):
    return lambda: [json.loads(JsonFormatter().format(r)) for r in access_records]


async def test_a_request_is_a_span_of_the_gateways_trace(spans, access_lines):
    traceparent = f"00-{TRACE_ID}-{PARENT_ID}-01"
    async with serve(stub_app(otel=True)) as client:
        r = await client.post("/v1/quotes", json=BODY, headers={"traceparent": traceparent})
    assert r.status_code == 200
    (server,) = [s for s in spans.get_finished_spans() if s.parent and s.parent.is_remote]
    assert f"{server.context.trace_id:032x}" == TRACE_ID
    assert f"{server.parent.span_id:016x}" == PARENT_ID
    assert server.name == "POST /v1/quotes"
    (line,) = [x for x in access_lines() if x["path"] == "/v1/quotes"]
    assert line["trace_id"] == TRACE_ID
    assert line["span_id"] == f"{server.context.span_id:016x}"


async def test_probes_are_not_traced_and_traces_are_off_by_default(spans, access_lines):
    async with serve(stub_app(otel=True)) as client:
        before = len(spans.get_finished_spans())
        assert (await client.get("/health/live")).status_code == 200
        assert len(spans.get_finished_spans()) == before
    async with serve(stub_app()) as client:
        assert (await client.post("/v1/quotes", json=BODY)).status_code == 200
    assert not any(s.attributes.get("http.route") for s in spans.get_finished_spans()[before:])
    assert "trace_id" not in access_lines()[-1]
