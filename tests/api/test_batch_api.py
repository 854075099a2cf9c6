"""POST /v1/quotes:batch on the stub backend: order, one backend call, per-document errors in
place, and RFC 9457 problems for whole-request errors."""

from __future__ import annotations

import pytest
from httpx import ASGITransport, AsyncClient

from service.server.app import create_app
from service.settings import Settings
from tests.api.conftest import serve
from tests.stubs import StubBackend

PROBLEM = "application/problem+json"
BATCH = "/v1/quotes:batch"
QUOTED = 'Intro line.\n"We are ready to go further," she said.'


def counting_app(**settings: object):
    backend = StubBackend()
    settings.setdefault("max_text_chars", 1000)
    return create_app(Settings(nlp_workers=0, **settings), lambda s: backend), backend


async def test_results_in_order_from_one_backend_call():
    app, backend = counting_app()
    docs = [
        {"id": f"d{i}", "text": f'Line {i}.\n"Quote number {i} is here," she said.'}
        for i in range(5)
    ]
    async with serve(app) as client:
        calls_before = backend.calls
        r = await client.post(BATCH, json={"documents": docs})
    assert r.status_code == 200
    results = r.json()["results"]
    assert [item["id"] for item in results] == [d["id"] for d in docs]
    for doc, item in zip(docs, results, strict=True):
        assert item["status"] == 200 and item["error"] is None
        assert item["result"]["id"] == doc["id"]
        (q,) = item["result"]["quotes"]
        assert doc["text"][q["start"] : q["end"]] == q["text"]
    assert backend.calls - calls_before == 1, "the batch must be one backend call"


async def test_bad_documents_fail_in_place():
    app, backend = counting_app()
    docs = [
        {"id": "ok1", "text": QUOTED},
        {"id": "empty", "text": " \n "},
        {"id": "long", "text": "x" * 1001},
        {"text": "a\x00b"},
        {"id": "ok2", "text": QUOTED},
    ]
    async with serve(app) as client:
        calls_before = backend.calls
        r = await client.post(BATCH, json={"documents": docs})
    assert r.status_code == 200
    results = r.json()["results"]
    assert [i["id"] for i in results] == ["ok1", "empty", "long", None, "ok2"]
    assert [i["status"] for i in results] == [200, 400, 413, 400, 200]
    for item in results[1:4]:
        assert item["result"] is None
        assert item["error"]["status"] == item["status"]
        assert item["error"]["type"].startswith("https://")
    assert "visible" in results[1]["error"]["detail"]
    assert "1000" in results[2]["error"]["detail"]
    assert "NUL" in results[3]["error"]["title"]
    assert results[0]["result"]["quotes"] and results[4]["result"]["quotes"]
    assert backend.calls - calls_before == 1


async def test_a_batch_of_only_bad_documents_never_calls_the_backend():
    app, backend = counting_app()
    async with serve(app) as client:
        calls_before = backend.calls
        r = await client.post(BATCH, json={"documents": [{"text": ""}, {"text": "  "}]})
    assert r.status_code == 200
    assert [i["status"] for i in r.json()["results"]] == [400, 400]
    assert backend.calls == calls_before


async def test_sixty_four_documents_are_accepted():
    app, _ = counting_app()
    async with serve(app) as client:
        r = await client.post(BATCH, json={"documents": [{"text": QUOTED}] * 64})
    assert r.status_code == 200
    assert len(r.json()["results"]) == 64


@pytest.mark.parametrize(
    ("kwargs", "status", "needle"),
    [
        (
            {"content": b'{"documents": [', "headers": {"content-type": "application/json"}},
            400,
            "Malformed",
        ),
        ({"json": {"documents": [{"text": "a"}] * 65}}, 400, "<= 64"),
        ({"json": {"documents": []}}, 400, ">= 1"),
        ({"json": {}}, 400, "documents"),
        ({"json": [{"text": "a"}]}, 400, "object"),
        ({"json": {"documents": [{"text": 5}]}}, 400, "$.documents[0].text"),
        ({"json": {"documents": [{"text": "a", "lang": "en"}]}}, 400, "lang"),
        ({"json": {"documents": [{"id": "x" * 257, "text": "a"}]}}, 400, "$.documents[0].id"),
        (
            {"content": b'{"documents": []}', "headers": {"content-type": "text/plain"}},
            415,
            "application/json",
        ),
        ({"json": {"documents": [{"text": "a"}]}, "params": {"offsets": "bytes"}}, 400, "offsets"),
        (
            {"content": b"x" * 5000, "headers": {"content-type": "application/json"}},
            413,
            "4096 bytes",
        ),
    ],
)
async def test_whole_request_errors_are_problems(kwargs, status, needle):
    app, _ = counting_app(max_body_bytes=4096)
    async with serve(app) as client:
        r = await client.post(BATCH, **kwargs)
    assert r.status_code == status
    assert r.headers["content-type"].startswith(PROBLEM)
    body = r.json()
    assert body["status"] == status
    assert needle in r.text


async def test_not_ready_is_503_with_retry_after():
    app = create_app(Settings(nlp_workers=0), lambda s: StubBackend())
    # no lifespan: the models never load
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://test") as client:
        r = await client.post(BATCH, json={"documents": [{"text": QUOTED}]})
    assert r.status_code == 503
    assert r.headers["content-type"].startswith(PROBLEM)
    assert int(r.headers["retry-after"]) > 0
