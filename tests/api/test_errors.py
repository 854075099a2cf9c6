"""Every error in the service's problem format: Litestar's own refusals (no route, wrong method,
a body over the limit, the rate limit, bad parameters), file names the OS rejects, HEAD on GET
routes, failed authentication against the rate limit, and junk forwarded addresses."""

from __future__ import annotations

import logging
import re
import socket
from collections.abc import Iterator

import httpx
import pytest

from service.pipeline.screening import PROBLEM_BASE, text_problem
from service.schemas import TEXT_PATTERN
from tests.api.conftest import on_a_socket, serve, stub_app

PROBLEM = "application/problem+json"
KEY = "k" * 24
BODY = {"text": '"We are ready to go further," she said.'}

ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"


def assert_problem(r: httpx.Response, status: int, slug: str) -> dict[str, object]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith(PROBLEM)
    body: dict[str, object] = r.json()
    assert body["status"] == status and body["type"] == PROBLEM_BASE + slug, body
    assert body["detail"] and body["detail"] != body["title"], body
    return body


async def test_an_unknown_path_is_a_404_problem():
    async with serve(stub_app()) as c:
        body = assert_problem(await c.get("/v2/quotes?x=" + "y" * 500), 404, "not-found")
    assert "/schema" in str(body["detail"]) and "yyy" not in str(body)


async def test_a_wrong_method_is_a_405_problem_naming_the_methods():
    async with serve(stub_app()) as c:
        r = await c.delete("/v1/quotes")
    body = assert_problem(r, 405, "method-not-allowed")
    assert "POST" in str(body["detail"]) and "POST" in r.headers["allow"]


async def test_a_body_over_the_limit_is_a_413_problem_with_the_limit():
    async with serve(stub_app(max_body_bytes=4096)) as c:
        r = await c.post("/v1/quotes", content=b"x" * 5000, headers={"content-type": "text/plain"})
    body = assert_problem(r, 413, "body-too-large")
    assert body["limit"] == 4096 and "4096 bytes" in str(body["detail"])


@pytest.mark.parametrize("value", ["bogus", "", "UTF16", "x" * 3000])
async def test_an_unknown_offsets_unit_names_the_parameter_and_its_values(value):
    async with serve(stub_app()) as c:
        for path, body in (("/v1/quotes", BODY), ("/v1/quotes:batch", {"documents": [BODY]})):
            r = await c.post(path, json=body, params={"offsets": value})
            problem = assert_problem(r, 400, "invalid-parameter")
            assert problem["title"] == "Invalid parameter"
            detail = str(problem["detail"])
            assert "`offsets`" in detail and "`codepoint`" in detail and "`utf16`" in detail
            assert "?" not in r.text and len(r.text) < 300


@pytest.mark.parametrize(
    "escape", [rb"\ud800", rb"\udc00", rb"\ud800x", rb"\ud800\ud800", rb"ok \uDBFF"]
)
async def test_a_lone_surrogate_escape_is_invalid_unicode_not_truncated_json(escape):
    async with serve(stub_app()) as c:
        for path, body in (
            ("/v1/quotes", b'{"text": "' + escape + b'"}'),
            ("/v1/quotes:batch", b'{"documents": [{"text": "' + escape + b'"}]}'),
        ):
            r = await c.post(path, content=body, headers={"content-type": "application/json"})
            problem = assert_problem(r, 400, "invalid-unicode")
            assert "truncated" not in r.text and "surrogate" in str(problem["detail"])


async def test_paired_surrogates_and_escaped_backslashes_still_decode():
    async with serve(stub_app()) as c:
        for text in (rb"\ud83d\ude00 said", rb"a \\ud800 b"):
            r = await c.post(
                "/v1/quotes",
                content=b'{"text": "' + text + b'"}',
                headers={"content-type": "application/json"},
            )
            assert r.status_code == 200, r.text
        truncated = await c.post(
            "/v1/quotes", content=b'{"text": "abc', headers={"content-type": "application/json"}
        )
        assert_problem(truncated, 400, "malformed-json")


async def test_zero_width_only_text_is_empty():
    async with serve(stub_app()) as c:
        one = await c.post("/v1/quotes", json={"text": ZERO_WIDTH + " \n"})
        plain = await c.post(
            "/v1/quotes", content=ZERO_WIDTH.encode(), headers={"content-type": "text/plain"}
        )
        batch = await c.post("/v1/quotes:batch", json={"documents": [{"text": ZERO_WIDTH}, BODY]})
    assert_problem(one, 400, "empty-text")
    assert_problem(plain, 400, "empty-text")
    items = batch.json()["results"]
    assert [i["status"] for i in items] == [400, 200]
    assert items[0]["error"]["type"] == PROBLEM_BASE + "empty-text"


@pytest.mark.parametrize(
    "text",
    [ZERO_WIDTH, "\u00ad\u034f\u180e\u200e\u202e\u2066\ufe0f\u3164", " \x1c\x85\ufeff", "\u200ba"],
)
def test_the_spec_pattern_and_screening_agree_on_visible_text(text):
    # The contract test generates texts from TEXT_PATTERN: it must accept what screening does.
    assert (re.fullmatch(TEXT_PATTERN, text) is not None) == (text_problem(text, 100) is None)


@pytest.mark.parametrize(
    "path",
    [
        "/static/app.js%00.txt",
        "/static/%00",
        "/static/app.js/x",
        "/static/app.js/x/y",
        "/static/" + "a" * 256,
        "/static/" + "a" * 5000,
        "/static/" + "/".join(["a" * 200] * 30),
        "/static/nope.js",
    ],
)
async def test_file_names_the_os_rejects_are_404_problems(path):
    async with serve(stub_app()) as c:
        assert_problem(await c.get(path), 404, "not-found")
        assert (await c.head(path)).status_code == 404


@pytest.mark.parametrize(
    "path", ["/health/live", "/health/ready", "/", "/static/app.js", "/schema/openapi.json"]
)
async def test_head_answers_like_get_without_a_body(path):
    async with serve(stub_app()) as c:
        get, head = await c.get(path), await c.head(path)
    assert get.status_code == head.status_code == 200
    assert head.content == b""
    assert head.headers["content-type"] == get.headers["content-type"]
    assert head.headers["content-length"] == get.headers["content-length"]


async def test_head_on_an_operation_without_get_is_a_405_without_a_body():
    async with serve(stub_app()) as c:
        r = await c.head("/v1/quotes")
    assert r.status_code == 405 and r.content == b"" and "POST" in r.headers["allow"]


async def test_a_host_not_allowed_is_a_400_problem_before_keys_and_limits():
    app = stub_app(allowed_hosts=("quotes.example.org", "*.news.example"), api_keys=(KEY,))
    async with serve(app, ready=False) as c:
        for host in ("test", "evil.example", ":8000", "quotes.example.org.evil"):
            r = await c.post("/v1/quotes", json=BODY, headers={"host": host})
            assert_problem(r, 400, "host-not-allowed")
        for host in ("quotes.example.org", "eu.news.example"):
            r = await c.get("/health/live", headers={"host": host})
            assert r.status_code == 200, (host, r.text)
        assert (
            await c.post("/v1/quotes", json=BODY, headers={"host": "quotes.example.org"})
        ).status_code == 401


async def test_over_the_rate_limit_says_when_to_retry():
    async with serve(stub_app(rate_limit=1)) as c:
        assert (await c.post("/v1/quotes", json=BODY)).status_code == 200
        r = await c.post("/v1/quotes", json=BODY)
    body = assert_problem(r, 429, "rate-limited")
    wait = int(r.headers["retry-after"])
    assert 1 <= wait <= 60 and body["retry_after"] == wait
    assert r.headers["ratelimit-reset"] == str(wait)
    assert "1 requests per minute" in str(body["detail"])


async def test_failed_authentication_counts_against_the_client_rate_limit():
    wrong = {"x-api-key": "wrong-key-0123456789"}
    app = stub_app(api_keys=(KEY,), rate_limit=3, trusted_proxies=("127.0.0.0/8",))
    async with serve(app) as c:
        for _ in range(3):
            assert (await c.post("/v1/quotes", json=BODY, headers=wrong)).status_code == 401
        limited = await c.post("/v1/quotes", json=BODY, headers=wrong)
        assert_problem(limited, 429, "rate-limited")
        assert int(limited.headers["retry-after"]) >= 1
        assert (await c.post("/v1/quotes", json=BODY)).status_code == 429  # no key: same address
        # a valid key keeps its own bucket; another client address has its own too
        ok = await c.post("/v1/quotes", json=BODY, headers={"x-api-key": KEY})
        assert ok.status_code == 200
        other = {**wrong, "x-forwarded-for": "203.0.113.7"}
        assert (await c.post("/v1/quotes", json=BODY, headers=other)).status_code == 401


@pytest.mark.parametrize("junk", ["not-an-ip", "9" * 8000, "203.0.113.5, not-an-ip", "[::1"])
async def test_a_trusted_proxys_junk_forwarded_for_is_ignored(junk, access_records):
    async with serve(stub_app(rate_limit=1, trusted_proxies=("127.0.0.0/8",))) as c:
        access_records.clear()
        h = {"x-forwarded-for": junk}
        assert (await c.post("/v1/quotes", json=BODY, headers=h)).status_code == 200
        # the junk is no bucket of its own: the peer's, which is now spent
        assert (await c.post("/v1/quotes", json=BODY)).status_code == 429
        good = {"x-forwarded-for": "203.0.113.9"}
        assert (await c.post("/v1/quotes", json=BODY, headers=good)).status_code == 200
    clients = [getattr(r, "client", None) for r in access_records]
    assert clients == ["127.0.0.1", "127.0.0.1", "203.0.113.9"]


# -- on a real socket: what uvicorn passes on unchanged (raw `..` segments) and what it sends


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with on_a_socket(stub_app()) as url:
        yield url


def raw_request(base_url: str, request_line: str) -> tuple[str, bytes]:
    """The status line and the rest of the answer to `request_line`, sent as is (no client
    normalizes its path)."""
    host, port = base_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as s:
        s.sendall(f"{request_line}\r\nHost: test\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return head.decode("latin-1"), body


@pytest.mark.parametrize(
    "path",
    ["/static/app.js/..", "/static/app.js/../app.js", "/static/../app.py", "/static/%2e%2e/x"],
)
def test_raw_dot_segments_are_404_problems(base_url, path):
    head, body = raw_request(base_url, f"GET {path} HTTP/1.1")
    assert head.startswith("HTTP/1.1 404"), head
    assert "application/problem+json" in head and b"not-found" in body


def test_head_through_the_server_has_the_get_length_and_no_body(base_url):
    _, get_body = raw_request(base_url, "GET /static/app.js HTTP/1.1")
    head, body = raw_request(base_url, "HEAD /static/app.js HTTP/1.1")
    assert head.startswith("HTTP/1.1 200") and body == b""
    length = re.search(r"(?im)^content-length: (\d+)", head)
    assert length and int(length[1]) == len(get_body) > 0


async def test_a_client_gone_while_sending_its_body_is_no_server_error(access_records, caplog):
    """uvicorn says `http.disconnect` halfway through the body: Litestar raises a 500 for it,
    which is logged at INFO without a traceback and counted as 499, not as a server error."""
    from prometheus_client import REGISTRY

    def requests(status: int) -> float:
        labels = {"app_name": "quotes", "method": "POST", "path": "/v1/quotes"}
        value = REGISTRY.get_sample_value(
            "quotes_requests_total", {**labels, "status_code": str(status)}
        )
        return value or 0.0

    app = stub_app()
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/v1/quotes",
        "raw_path": b"/v1/quotes",
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", b"test"),
            (b"content-type", b"application/json"),
            (b"content-length", b"400"),
        ],
        "client": ("127.0.0.1", 50000),
        "server": ("test", 80),
    }
    events = [
        {"type": "http.request", "body": b'{"text": "Ana Lee said', "more_body": True},
        {"type": "http.disconnect"},
    ]
    sent: list[dict] = []

    async def receive():
        return events.pop(0)

    async def send(message):
        sent.append(message)

    before = requests(500), requests(499)
    async with serve(app):
        access_records.clear()
        with caplog.at_level(logging.INFO, logger="service"):
            await app(scope, receive, send)
    assert requests(500) == before[0]
    assert requests(499) == before[1] + 1
    assert sent[0]["status"] == 499
    assert [r.status for r in access_records] == [499]  # type: ignore[attr-defined]
    ours = [r for r in caplog.records if r.name == "service"]
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert any("disconnected" in r.getMessage() and r.levelno == logging.INFO for r in ours)
    assert all(r.exc_info is None for r in ours)
