"""32 clients at once against a slow (stubbed) NLP backend: the queue bound and the timeout do
what they are configured to do, refusals are clean 503 problems, and every accepted request
completes."""

from __future__ import annotations

import asyncio

from tests.api.conftest import serve, stub_app
from tests.stubs import StubBackend

PROBLEM = "application/problem+json"
ARTICLE = '"We will keep serving under load," the engineer said.'


async def _burst(client, n: int) -> list:
    """n concurrent requests; the responses in the order they completed."""
    done = []

    async def one(i: int) -> None:
        r = await client.post("/v1/quotes", json={"text": ARTICLE, "id": f"c{i}"})
        done.append(r)

    await asyncio.gather(*(one(i) for i in range(n)))
    return done


async def test_a_full_queue_refuses_at_once_and_accepted_requests_complete():
    backend = StubBackend(delay=0.5)
    app = stub_app(backend, queue_size=8, batch_max=4, batch_wait_ms=5, request_timeout=30)
    async with serve(app) as client:
        done = await _burst(client, 32)
    ok = [r for r in done if r.status_code == 200]
    refused = [r for r in done if r.status_code != 200]
    assert len(ok) + len(refused) == 32
    # the queue holds 8; at most one batch of 4 can have left it while the burst arrived
    assert 8 <= len(ok) <= 12
    for r in refused:
        assert r.status_code == 503
        assert r.headers["content-type"].startswith(PROBLEM)
        assert int(r.headers["retry-after"]) >= 1
        assert r.json()["type"].endswith("/queue-full")
    # refusals do not wait for the backend: every one came back before any accepted request
    assert all(r.status_code == 503 for r in done[: len(refused)])
    # every accepted request got its own answer, and went through the backend in batches
    assert sorted(r.json()["id"] for r in ok) == sorted({r.json()["id"] for r in ok})
    assert all(r.json()["quotes"][0]["text"] == "We will keep serving under load," for r in ok)
    assert sum(backend.batches) == len(ok)
    assert max(backend.batches) > 1


async def test_timeout_answers_503_and_the_worker_is_not_left_wedged():
    backend = StubBackend(delay=1.0)
    app = stub_app(backend, queue_size=16, batch_max=1, batch_wait_ms=0, request_timeout=0.3)
    async with serve(app) as client:
        done = await _burst(client, 4)
        assert [r.status_code for r in done] == [503] * 4
        for r in done:
            assert r.json()["type"].endswith("/timeout")
            assert int(r.headers["retry-after"]) >= 1
        # The call already running cannot be interrupted; once it is over, the worker is free
        # at once: the timed-out requests that were still waiting were withdrawn, so only the
        # first one ever reached the backend.
        backend.delay = 0
        await asyncio.sleep(1.0)
        r = await client.post("/v1/quotes", json={"text": ARTICLE})
        assert r.status_code == 200
        assert backend.calls == 2
        assert (await client.get("/health/ready")).status_code == 200


async def test_one_failing_document_does_not_fail_its_batch():
    backend = StubBackend(delay=0.2)
    app = stub_app(backend, batch_max=8, batch_wait_ms=50)
    async with serve(app) as client:
        texts = [ARTICLE, "POISON " + ARTICLE, ARTICLE]
        rs = await asyncio.gather(*(client.post("/v1/quotes", json={"text": t}) for t in texts))
    assert [r.status_code for r in rs] == [200, 500, 200]
    assert rs[1].headers["content-type"].startswith(PROBLEM)
    assert "POISON" not in rs[1].text
