"""The HTTP contract on a stub backend: bodies, offsets, and every client error as RFC 9457."""

from __future__ import annotations

import asyncio

import pytest
from httpx import ASGITransport, AsyncClient

from service.server.app import create_app
from service.settings import Settings
from tests.api.conftest import serve, stub_app
from tests.stubs import StubBackend

PROBLEM = "application/problem+json"


async def test_json_body_returns_quotes_with_offsets():
    text = 'Intro line.\n"We are ready to go further," she said.'
    async with serve(stub_app()) as client:
        r = await client.post("/v1/quotes", json={"text": text, "id": "a1"})
    assert r.status_code == 200
    body = r.json()
    assert body["id"] == "a1"
    (q,) = body["quotes"]
    assert text[q["start"] : q["end"]] == q["text"] == "We are ready to go further,"
    assert body["meta"]["backend"] == "stub"


async def test_plain_text_body():
    text = '"Nothing is agreed until everything is agreed," he said.'
    async with serve(stub_app()) as client:
        r = await client.post(
            "/v1/quotes",
            content=text.encode(),
            headers={"content-type": "text/plain; charset=utf-8"},
        )
    assert r.status_code == 200
    assert r.json()["quotes"][0]["text"] == "Nothing is agreed until everything is agreed,"


@pytest.mark.parametrize(
    ("kwargs", "status", "needle"),
    [
        (
            {"content": b"{not json", "headers": {"content-type": "application/json"}},
            400,
            "Malformed",
        ),
        ({"json": {"text": 5}}, 400, "$.text"),
        ({"json": {"txt": "hello"}}, 400, "txt"),
        ({"json": {}}, 400, "text"),
        ({"json": {"text": ""}}, 400, "$.text"),
        ({"json": {"text": "   \n\t"}}, 400, "visible"),
        (
            {"json": {"text": "\x1c\x1f\u0085\ufeff"}},
            400,
            "visible",
        ),  # spaces to one regex engine or another
        ({"json": {"text": "a\x00b"}}, 400, "NUL"),
        ({"json": ["text"]}, 400, "object"),
        ({"content": b"\xff\xfe\xfd", "headers": {"content-type": "text/plain"}}, 400, "UTF-8"),
        (
            {"content": b"<a/>", "headers": {"content-type": "application/xml"}},
            415,
            "application/json",
        ),
        (
            {"content": b"hi", "headers": {"content-type": "text/plain; charset=latin-1"}},
            415,
            "UTF-8",
        ),
        ({"json": {"text": "x" * 1001}}, 413, "1000"),
        ({"content": b"x" * 5000, "headers": {"content-type": "text/plain"}}, 413, "4096 bytes"),
        ({"json": {"text": "hello", "id": 7}}, 400, "$.id"),
        ({"json": {"text": "hello", "id": "i" * 257}}, 400, "$.id"),
        ({"json": {"text": ["a", "b"]}}, 400, "$.text"),
        ({"json": {"text": None}}, 400, "$.text"),
        ({"json": "just a string"}, 400, "object"),
        ({"content": b"", "headers": {"content-type": "application/json"}}, 400, "Malformed"),
        ({"content": b"", "headers": {"content-type": "text/plain"}}, 400, "visible"),
        (
            {"content": b'{"text": "caf\xe9"}', "headers": {"content-type": "application/json"}},
            400,
            "UTF-8",
        ),
        (
            {"content": rb'{"text": "a\u0000b"}', "headers": {"content-type": "application/json"}},
            400,
            "NUL",
        ),
        (
            {"content": b"a\x00b", "headers": {"content-type": "text/plain; charset=utf-8"}},
            400,
            "NUL",
        ),
        ({"content": b"hi"}, 415, "nothing"),
        (
            {"content": b"hi", "headers": {"content-type": "multipart/form-data; boundary=x"}},
            415,
            "multipart",
        ),
    ],
)
async def test_bad_input_is_a_precise_problem(kwargs, status, needle):
    async with serve(stub_app()) as client:
        r = await client.post("/v1/quotes", **kwargs)
    assert r.status_code == status
    assert r.headers["content-type"].startswith(PROBLEM)
    problem = r.json()
    assert problem["status"] == status
    assert needle in problem.get("detail", "") + problem.get("title", "")


async def test_deeply_nested_json_is_a_400_not_a_crash():
    nested = b"[" * 200_000 + b"]" * 200_000
    async with serve(stub_app(max_body_bytes=1_000_000)) as client:
        for body in (
            b'{"text": ' + nested + b"}",
            b'{"extra": ' + nested + b', "text": "x"}',
            nested,
        ):
            r = await client.post(
                "/v1/quotes", content=body, headers={"content-type": "application/json"}
            )
            assert r.status_code == 400, r.text
            assert r.headers["content-type"].startswith(PROBLEM)


async def test_default_limits_answer_413_with_the_limit():
    """The production defaults: 200,000 characters of text and 2 MB of body."""
    async with serve(stub_app(max_text_chars=200_000, max_body_bytes=2_000_000)) as client:
        r = await client.post("/v1/quotes", json={"text": "x" * 200_001})
        assert r.status_code == 413
        assert r.json()["limit"] == 200_000 and r.json()["length"] == 200_001
        r = await client.post(
            "/v1/quotes",
            content=b"x" * 3_000_000,
            headers={"content-type": "text/plain; charset=utf-8"},
        )
        assert r.status_code == 413
        assert r.headers["content-type"].startswith(PROBLEM)
        # exactly at the limit is fine
        r = await client.post("/v1/quotes", json={"text": "x" * 200_000})
        assert r.status_code == 200


async def test_odd_quote_counts_and_only_marks_are_fine():
    async with serve(stub_app()) as client:
        for text in ['"', '""""', 'He said "yes and "no', "\u201c\u201c\u201d", "'\"'\"'"]:
            r = await client.post("/v1/quotes", json={"text": text})
            assert r.status_code == 200, text
            for q in r.json()["quotes"]:
                assert text[q["start"] : q["end"]] == q["text"]


async def test_not_ready_is_503_problem():
    app = create_app(Settings(nlp_workers=0), lambda s: StubBackend(delay=5))
    # the lifespan never ran: no models
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://test") as c:
        r = await c.post("/v1/quotes", json={"text": "hello"})
        assert r.status_code == 503
        assert r.headers["content-type"].startswith(PROBLEM)
        assert r.headers["retry-after"]
        assert (await c.get("/health/ready")).status_code == 503
        assert (await c.get("/health/live")).status_code == 200


async def test_failed_model_load_keeps_the_service_up_but_not_ready():
    def broken(settings):
        raise RuntimeError("no models here")

    async with serve(create_app(Settings(nlp_workers=0), broken), ready=False) as c:
        await asyncio.sleep(0.05)
        assert (await c.get("/health/ready")).status_code == 503
        assert (await c.get("/health/live")).status_code == 200
