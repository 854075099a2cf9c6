"""Behind a gateway: API keys, rate limits, trusted proxies, request ids, CORS, gzip, a path
prefix, metrics and the access log."""

from __future__ import annotations

import json

import pytest

from service.server.logs import JsonFormatter
from tests.api.conftest import serve, stub_app

KEY, OTHER = "k" * 24, "another-key-0123456789"
BODY = {"text": '"We are ready to go further," she said.'}
PROBLEM = "application/problem+json"


@pytest.mark.parametrize(
    "headers",
    [{"authorization": f"Bearer {KEY}"}, {"x-api-key": KEY}, {"authorization": f"bearer {OTHER}"}],
)
async def test_a_valid_key_in_either_header_is_accepted(headers):
    async with serve(stub_app(api_keys=(KEY, OTHER))) as c:
        assert (await c.post("/v1/quotes", json=BODY, headers=headers)).status_code == 200


@pytest.mark.parametrize(
    ("headers", "slug"),
    [
        ({}, "missing-api-key"),
        ({"authorization": "Bearer "}, "missing-api-key"),
        ({"authorization": f"Basic {KEY}"}, "missing-api-key"),
        ({"authorization": "Bearer " + KEY[:-1]}, "invalid-api-key"),
        ({"x-api-key": KEY + "x"}, "invalid-api-key"),
    ],
)
async def test_a_missing_or_wrong_key_is_a_401_problem(headers, slug):
    async with serve(stub_app(api_keys=(KEY,))) as c:
        r = await c.post("/v1/quotes", json=BODY, headers=headers)
        assert r.status_code == 401
        assert r.headers["content-type"].startswith(PROBLEM)
        assert r.headers["www-authenticate"].startswith("Bearer")
        assert r.json()["type"].endswith(slug)
        assert KEY not in r.text
        # probes and the API description stay open; metrics need the key
        assert (await c.get("/health/live")).status_code == 200
        assert (await c.get("/health/ready")).status_code == 200
        assert (await c.get("/schema/openapi.json")).status_code == 200
        assert (await c.get("/metrics")).status_code == 401
        assert (await c.get("/metrics", headers={"x-api-key": KEY})).status_code == 200


async def test_the_page_stays_open_when_keys_are_required():
    async with serve(stub_app(api_keys=(KEY,))) as c:
        assert (await c.get("/")).status_code == 200
        assert (await c.get("/static/app.js")).status_code == 200
        assert (await c.post("/v1/quotes:batch", json={"documents": [BODY]})).status_code == 401
        ok = await c.post(
            "/v1/quotes:batch", json={"documents": [BODY]}, headers={"x-api-key": KEY}
        )
        assert ok.status_code == 200 and ok.json()["results"][0]["status"] == 200


async def test_keys_from_a_file(tmp_path):
    keys = tmp_path / "keys"
    keys.write_text(f"# newsroom tools\n{KEY}\n\n")
    async with serve(stub_app(api_keys_file=keys)) as c:
        assert (await c.post("/v1/quotes", json=BODY)).status_code == 401
        assert (
            await c.post("/v1/quotes", json=BODY, headers={"x-api-key": KEY})
        ).status_code == 200


async def test_auth_is_off_without_keys():
    async with serve(stub_app()) as c:
        assert (await c.post("/v1/quotes", json=BODY)).status_code == 200


async def test_rate_limit_per_key_with_standard_headers():
    async with serve(stub_app(api_keys=(KEY, OTHER), rate_limit=2)) as c:
        one = {"x-api-key": KEY}
        r1 = await c.post("/v1/quotes", json=BODY, headers=one)
        assert r1.headers["ratelimit-limit"] == "2" and r1.headers["ratelimit-remaining"] == "1"
        assert r1.headers["ratelimit-policy"] == "2; w=60"
        assert (await c.post("/v1/quotes", json=BODY, headers=one)).status_code == 200
        r3 = await c.post("/v1/quotes", json=BODY, headers=one)
        assert r3.status_code == 429
        assert r3.headers["content-type"].startswith(PROBLEM)
        assert r3.headers["ratelimit-remaining"] == "0" and int(r3.headers["ratelimit-reset"]) > 0
        # another key has its own bucket; probes are never limited
        assert (
            await c.post("/v1/quotes", json=BODY, headers={"x-api-key": OTHER})
        ).status_code == 200
        for _ in range(5):
            assert (await c.get("/health/ready")).status_code == 200


async def test_rate_limit_by_client_address_believes_only_trusted_proxies():
    # The test client connects from 127.0.0.1.
    async with serve(stub_app(rate_limit=1, trusted_proxies=("127.0.0.0/8",))) as c:
        for client in ("203.0.113.5", "203.0.113.6"):
            h = {"x-forwarded-for": client}
            assert (await c.post("/v1/quotes", json=BODY, headers=h)).status_code == 200
            assert (await c.post("/v1/quotes", json=BODY, headers=h)).status_code == 429
    async with serve(stub_app(rate_limit=1, trusted_proxies=("10.0.0.0/8",))) as c:
        # the peer is not a trusted proxy: its X-Forwarded-For is ignored, one bucket for all
        assert (
            await c.post("/v1/quotes", json=BODY, headers={"x-forwarded-for": "203.0.113.5"})
        ).status_code == 200
        assert (
            await c.post("/v1/quotes", json=BODY, headers={"x-forwarded-for": "203.0.113.6"})
        ).status_code == 429


async def test_request_id_is_echoed_or_generated():
    async with serve(stub_app()) as c:
        r = await c.post("/v1/quotes", json=BODY, headers={"x-request-id": "gw-123.abc"})
        assert r.headers["x-request-id"] == "gw-123.abc"
        generated = (await c.post("/v1/quotes", json=BODY)).headers["x-request-id"]
        assert len(generated) == 32
        assert generated != (await c.post("/v1/quotes", json=BODY)).headers["x-request-id"]
        # a forged id (a newline to split log lines) is replaced, on errors and 404s too
        r = await c.post("/v1/quotes", json={}, headers={"x-request-id": "a\tb"})
        assert r.status_code == 400 and r.headers["x-request-id"] != "a\tb"
        assert (await c.get("/nowhere", headers={"x-request-id": "x1"})).headers[
            "x-request-id"
        ] == "x1"


async def test_cors_is_off_by_default_and_configurable():
    preflight = {"origin": "https://newsroom.example", "access-control-request-method": "POST"}
    async with serve(stub_app()) as c:
        r = await c.post("/v1/quotes", json=BODY, headers={"origin": "https://newsroom.example"})
        assert "access-control-allow-origin" not in r.headers
    async with serve(stub_app(cors_origins=("https://newsroom.example",))) as c:
        r = await c.options("/v1/quotes", headers=preflight)
        assert r.headers["access-control-allow-origin"] == "https://newsroom.example"
        r = await c.post("/v1/quotes", json=BODY, headers={"origin": "https://evil.example"})
        assert "access-control-allow-origin" not in r.headers


@pytest.mark.parametrize(
    ("headers", "named"),
    [
        ({"origin": "https://evil.example"}, "origin"),
        ({"access-control-request-headers": "X-Smuggled"}, "header"),
    ],
)
async def test_a_refused_preflight_is_a_problem(headers, named):
    preflight = {
        "origin": "https://newsroom.example",
        "access-control-request-method": "POST",
        **headers,
    }
    async with serve(stub_app(cors_origins=("https://newsroom.example",)), ready=False) as c:
        r = await c.options("/v1/quotes", headers=preflight)
    assert r.status_code == 400
    assert r.headers["content-type"] == "application/problem+json"
    assert "x-request-id" in r.headers  # the outer layers still see it
    body = r.json()
    assert body["type"] == "https://quotes.invalid/problems/cors-refused"
    assert body["status"] == 400 and named in body["detail"]
    assert "access-control-allow-origin" not in r.headers


async def test_large_responses_are_gzipped():
    text = " ".join(f'"Quote number {i} is here," she said.' for i in range(40))
    async with serve(stub_app(max_text_chars=10_000, gzip_min_bytes=1024)) as c:
        r = await c.post("/v1/quotes", json={"text": text}, headers={"accept-encoding": "gzip"})
        assert r.status_code == 200 and r.headers["content-encoding"] == "gzip"
        assert len(r.json()["quotes"]) == 40  # httpx decompressed it
        small = await c.get("/health/live", headers={"accept-encoding": "gzip"})
        assert "content-encoding" not in small.headers


async def test_path_prefix():
    async with serve(stub_app(path_prefix="/quotes-api"), ready=False) as c:
        for _ in range(200):
            if (await c.get("/quotes-api/health/ready")).status_code == 200:
                break
            import asyncio

            await asyncio.sleep(0.01)
        assert (await c.post("/quotes-api/v1/quotes", json=BODY)).status_code == 200
        assert (await c.post("/v1/quotes", json=BODY)).status_code == 404
        spec = (await c.get("/quotes-api/schema/openapi.json")).json()
        assert spec["servers"] == [{"url": "/quotes-api"}]


async def test_metrics_in_prometheus_format():
    async with serve(stub_app()) as c:
        await c.post("/v1/quotes", json=BODY)
        await c.post("/v1/quotes", json={})
        text = (await c.get("/metrics")).text
    assert (
        'quotes_requests_total{app_name="quotes",method="POST",path="/v1/quotes",status_code="200"}'
        in text
    )
    assert 'status_code="400"' in text
    for name in (
        "quotes_request_duration_seconds_bucket",
        "quotes_nlp_batch_seconds_count",
        "quotes_queue_depth",
        "quotes_found_total",
        "quotes_nlp_batch_size_bucket",
    ):
        assert name in text, name


async def test_one_json_access_line_a_request_without_text_or_keys(access_records):
    secret_text = "Sir Humphrey said nothing of note whatsoever"
    async with serve(stub_app(api_keys=(KEY,))) as c:
        access_records.clear()
        await c.post(
            "/v1/quotes",
            json={"text": secret_text},
            headers={"x-api-key": KEY, "x-request-id": "r-1"},
        )
        await c.post("/v1/quotes", json=BODY, headers={"x-api-key": "wrong-key-0123456789"})
    lines = [JsonFormatter().format(r) for r in access_records]
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert first["request_id"] == "r-1" and first["status"] == 200
    assert first["text_chars"] == len(secret_text) and first["duration_ms"] >= 0
    assert first["method"] == "POST" and first["path"] == "/v1/quotes"
    assert first["caller"].startswith("key:") and second["status"] == 401
    for line in lines:
        assert "Humphrey" not in line and KEY not in line and "wrong-key" not in line


async def test_allowed_hosts_and_metrics_switch():
    async with serve(
        stub_app(allowed_hosts=("quotes.example.org",), metrics=False), ready=False
    ) as c:
        assert (await c.get("/health/live")).status_code == 400  # Host: test
        r = await c.get("/health/live", headers={"host": "quotes.example.org"})
        assert r.status_code == 200
        assert (await c.get("/metrics", headers={"host": "quotes.example.org"})).status_code == 404
