"""service.client against the app in process (httpx's ASGI transport: the real HTTP handling,
no socket), on the stub backend. The same clients against the real service and models are in
tests/live/test_client_live.py."""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import msgspec
import pytest

from service.client import (
    AsyncQuotesClient,
    QuotesClient,
    QuotesServiceError,
    RetryPolicy,
    ServiceUnavailable,
    ServiceUnreachable,
    retry_after_seconds,
)
from service.schemas import BatchDocument, BatchResponse, OffsetUnit, QuoteKind, QuotesResponse
from service.server.app import create_app
from service.server.devserver import free_port
from service.settings import Settings
from tests.api.conftest import serve, stub_app
from tests.stubs import REPORTED, ReportingStub, StubBackend

QUOTED = 'Intro line.\n"We are ready to go further," she said.'


class Recording(httpx.ASGITransport):
    """The ASGI transport, remembering every request and the status it got."""

    def __init__(self, app) -> None:
        super().__init__(app=app)
        self.seen: list[tuple[httpx.Request, int]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await super().handle_async_request(request)
        self.seen.append((request, response.status_code))
        return response


def client_for(app, **kwargs) -> tuple[AsyncQuotesClient, Recording]:
    transport = Recording(app)
    return AsyncQuotesClient("http://test", transport=transport, **kwargs), transport


async def test_extract_returns_the_servers_struct():
    app = stub_app()
    async with serve(app):
        client, _ = client_for(app)
        async with client:
            result = await client.extract(
                'Intro.\n"We are 🚀 ready to go further," she said.', id="a1", offsets="utf16"
            )
    assert isinstance(result, QuotesResponse)
    assert result.id == "a1" and result.meta.offsets is OffsetUnit.UTF16
    (q,) = result.quotes
    assert q.text == "We are 🚀 ready to go further,"
    assert (q.start, q.end) == (8, 8 + len(q.text) + 1)  # 🚀 is two UTF-16 code units


async def test_kinds_are_sent_only_when_asked_and_bring_reported_speech():
    app = stub_app(ReportingStub())
    async with serve(app):
        client, transport = client_for(app)
        async with client:
            plain = await client.extract(REPORTED)
            one = await client.extract(REPORTED, kinds=[QuoteKind.INDIRECT, "direct"])
            text = await client.extract(REPORTED, kinds="indirect,fragment")
            batch = await client.extract_batch([REPORTED], kinds=["indirect"])
            default_batch = await client.extract_batch([REPORTED])
    assert plain.quotes == () and default_batch.results[0].result.quotes == ()
    for result in (one, text, batch.results[0].result):
        assert [(q.kind, q.speaker) for q in result.quotes] == [(QuoteKind.INDIRECT, "Ana Lee")]
    bodies = [msgspec.json.decode(r.content) for r, _ in transport.seen if r.method == "POST"]
    # the default leaves the field out: a service from before reported speech refuses it
    assert ["kinds" in b for b in bodies] == [False, True, True, True, False]
    assert [b["kinds"] for b in bodies if "kinds" in b] == [
        ["direct", "indirect"],
        ["fragment", "indirect"],
        ["indirect"],
    ]


def test_unknown_kinds_fail_before_any_request():
    def refuse(request: httpx.Request) -> httpx.Response:
        raise AssertionError("a request was sent")

    with QuotesClient(transport=httpx.MockTransport(refuse)) as client:
        for bad in (["reported"], [], "direct, indirect"):
            with pytest.raises(ValueError, match=r"(?i)kind"):
                client.extract("x", kinds=bad)
            with pytest.raises(ValueError, match=r"(?i)kind"):
                client.extract_batch(["x"], kinds=bad)


async def test_batch_splits_into_requests_of_64_and_keeps_order():
    backend = StubBackend()
    # batch_max 64: each request of the client one backend call
    settings = Settings(nlp_workers=0, max_text_chars=1000, batch_max=64)
    app = create_app(settings, lambda s: backend)
    docs = [BatchDocument(id=f"d{i}", text=QUOTED if i % 50 else "") for i in range(130)]
    async with serve(app):
        client, transport = client_for(app)
        calls_before = backend.calls
        async with client:
            batch = await client.extract_batch(docs)
    assert isinstance(batch, BatchResponse)
    assert [item.id for item in batch.results] == [d.id for d in docs]
    assert [item.status for item in batch.results] == [
        400 if i % 50 == 0 else 200 for i in range(130)
    ]
    assert all(item.result.quotes for item in batch.results if item.ok)
    assert batch.results[50].error.title == "Empty text"
    batch_requests = [r for r, _ in transport.seen if r.url.path == "/v1/quotes:batch"]
    assert len(batch_requests) == 3 and backend.calls - calls_before == 3


async def test_errors_raise_with_the_problem():
    app = stub_app()
    async with serve(app):
        client, _ = client_for(app)
        async with client:
            with pytest.raises(QuotesServiceError) as info:
                await client.extract("x" * 1001)
    assert info.value.status == 413
    assert info.value.problem.title == "Text too long"
    assert not isinstance(info.value, ServiceUnavailable)


async def test_retries_while_the_models_load_then_succeeds():
    def slow_loading(settings):
        time.sleep(0.5)  # in the loader's thread: the app answers 503 meanwhile
        return StubBackend()

    app = create_app(Settings(nlp_workers=0), slow_loading)
    async with serve(app, ready=False):
        client, transport = client_for(app, retry=RetryPolicy(attempts=100, max_wait=0.05))
        async with client:
            result = await client.extract(QUOTED)
    assert result.quotes
    statuses = [status for _, status in transport.seen]
    assert statuses[0] == 503 and statuses[-1] == 200 and set(statuses) == {503, 200}


async def test_gives_up_after_the_last_attempt():
    app = create_app(Settings(nlp_workers=0), lambda s: StubBackend())  # no lifespan: never ready
    client, transport = client_for(app, retry=RetryPolicy(attempts=3, max_wait=0.01))
    async with client:
        with pytest.raises(ServiceUnavailable) as info:
            await client.extract(QUOTED)
    assert info.value.status == 503
    assert [status for _, status in transport.seen] == [503, 503, 503]


async def test_the_api_key_is_sent_as_a_bearer_token():
    app = stub_app()
    async with serve(app):
        client, transport = client_for(app, api_key="s3cret")
        async with client:
            await client.extract(QUOTED)
            await client.extract_batch([QUOTED])
        anonymous, plain = client_for(app)
        async with anonymous:
            assert await anonymous.ready()
    assert [r.headers["authorization"] for r, _ in transport.seen] == ["Bearer s3cret"] * 2
    assert "authorization" not in plain.seen[0][0].headers


def test_an_unreachable_service_is_its_own_error():
    with (
        QuotesClient(f"http://127.0.0.1:{free_port()}", timeout=5) as client,
        pytest.raises(ServiceUnreachable),
    ):
        client.extract(QUOTED)


def response(status: int, **headers: str) -> httpx.Response:
    return httpx.Response(status, headers=headers)


def test_retry_policy_honours_retry_after_within_bounds():
    policy = RetryPolicy(attempts=4, max_wait=10, backoff=0.5, jitter=0)
    assert policy.wait(response(503, **{"retry-after": "3"}), attempt=1) == 3
    assert policy.wait(response(429, **{"retry-after": "3"}), attempt=1) == 3
    assert policy.wait(response(503, **{"retry-after": "3600"}), attempt=1) == 10  # capped
    assert policy.wait(response(503), attempt=1) == 0.5  # no hint: exponential backoff
    assert policy.wait(response(503), attempt=3) == 2.0
    assert policy.wait(response(503, **{"retry-after": "3"}), attempt=4) is None  # out of tries
    for status in (400, 413, 500, 502):
        assert policy.wait(response(status, **{"retry-after": "1"}), attempt=1) is None


def test_retries_are_jittered_never_earlier_than_the_server_asked():
    policy = RetryPolicy(attempts=4, max_wait=10, backoff=0.5)  # jitter 0.5, the default
    rng = random.Random(22)
    hinted = [policy.wait(response(503, **{"retry-after": "4"}), 1, rng.random) for _ in range(200)]
    assert all(d is not None and 4 <= d < 6 for d in hinted)
    assert max(hinted) - min(hinted) > 1.5  # spread over the window, not one instant
    assert len({round(d, 3) for d in hinted if d is not None}) > 150
    capped = [
        policy.wait(response(503, **{"retry-after": "3600"}), 1, rng.random) for _ in range(50)
    ]
    assert all(d is not None and 10 <= d < 15 for d in capped)
    backoff = [policy.wait(response(429), 3, rng.random) for _ in range(50)]  # 0.5 * 2**2 = 2
    assert all(d is not None and 2 <= d < 3 for d in backoff)
    # the bounds are reached at the ends of the draw
    assert policy.wait(response(503, **{"retry-after": "4"}), 1, lambda: 0.0) == 4
    assert policy.wait(response(503, **{"retry-after": "4"}), 1, lambda: 0.999) == pytest.approx(
        5.998
    )
    # the clients draw from the module's generator by default: two waits differ
    assert policy.wait(response(503, **{"retry-after": "4"}), 1) != policy.wait(
        response(503, **{"retry-after": "4"}), 1
    )


def test_retry_after_as_an_http_date():
    now = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)
    assert retry_after_seconds(format_datetime(now + timedelta(seconds=42), usegmt=True), now) == 42
    assert retry_after_seconds(format_datetime(now - timedelta(hours=1), usegmt=True), now) == 0
    assert retry_after_seconds("soon", now) is None
    assert retry_after_seconds(None, now) is None
