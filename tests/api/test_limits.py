"""Limits that agree (README): a request's deadline grows with its words, the word budget is
what the longest deadline can analyze at the planned rate, and a batch that runs out of time
answers its finished documents. Stub backend (its `delay` is the analysis); no timing is
asserted, only which side of a deadline a known delay falls on, with a wide margin."""

from __future__ import annotations

import asyncio

import pytest

from service.pipeline.scheduler import SchedulerConfig
from service.pipeline.screening import estimated_words
from service.settings import Settings
from tests.api.conftest import serve, stub_app
from tests.conftest import SEED_ARTICLE
from tests.stubs import StubBackend

BATCH = "/v1/quotes:batch"
SEED = SEED_ARTICLE.read_text(encoding="utf-8")
BIG = {"max_text_chars": 200_000, "max_body_bytes": 2_000_000}


def test_the_deadline_grows_with_the_article_up_to_the_longest():
    config = SchedulerConfig.from_settings(Settings())
    twenty = SEED * 20  # the 76,740-character article of issue 22
    assert len(twenty) == 76_740 and estimated_words(twenty) == 12_321
    assert config.seconds_for(estimated_words(twenty)) == pytest.approx(60 + 12_321 / 200)
    assert config.seconds_for(estimated_words(SEED)) == pytest.approx(60 + 617 / 200)
    assert config.seconds_for(0) == 60
    # the budget is what the longest deadline covers at the planned rate; a batch gets no more
    assert config.longest == pytest.approx(60 + 20_000 / 200) == config.seconds_for(10**6)
    slow = SchedulerConfig.from_settings(Settings(min_words_per_second=100, max_words=5000))
    assert slow.seconds_for(1000) == pytest.approx(70) and slow.longest == pytest.approx(110)


async def test_an_article_over_the_word_budget_is_refused_at_once():
    backend = StubBackend()
    forty = SEED * 40  # 153,480 characters: within the text limit, 24,641 words
    async with serve(stub_app(backend, **BIG)) as client:
        r = await client.post("/v1/quotes", json={"text": forty})
        batch = await client.post(BATCH, json={"documents": [{"id": "a", "text": forty}]})
    assert r.status_code == 413 and r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert body["type"].endswith("/too-many-words")
    assert body["limit"] == 20_000 and body["length"] == estimated_words(forty)
    assert batch.json()["results"][0]["status"] == 413
    assert backend.calls == 0  # refused before any work


async def test_a_long_article_gets_a_longer_deadline_than_a_short_one():
    # 0.2 s for everyone, + 1 s per 100 words; each analysis takes 0.5 s
    backend = StubBackend(delay=0.5)
    app = stub_app(
        backend,
        request_timeout=0.2,
        min_words_per_second=100,
        batch_max=1,
        batch_wait_ms=0,
        **BIG,
    )
    short = '"We are ready," Lee said.'  # 5 words: 0.25 s
    long = "Ana Lee spoke on Monday. " * 60 + '\n"We are ready," Lee said.'  # 305: 3.25 s
    async with serve(app) as client:
        too_slow = await client.post("/v1/quotes", json={"text": short})
        answered = await client.post("/v1/quotes", json={"text": long})
    assert too_slow.status_code == 503 and too_slow.json()["type"].endswith("/timeout")
    assert answered.status_code == 200 and answered.json()["quotes"][0]["text"] == "We are ready,"


async def test_a_batch_out_of_time_answers_its_finished_documents():
    # 64 documents, 8 a call, 0.3 s a call: 2.4 s of work against a 1.5 s deadline
    backend = StubBackend(delay=0.3)
    app = stub_app(backend, request_timeout=1.5, min_words_per_second=10**9, batch_max=8, **BIG)
    docs = [
        {"id": f"d{i}", "text": f'Line {i}.\n"Quote {i} is here," she said.'} for i in range(64)
    ]
    async with serve(app) as client:
        r = await client.post(BATCH, json={"documents": docs})
        await asyncio.sleep(0.5)  # the call running at the deadline ends; nothing starts after
    assert r.status_code == 200
    results = r.json()["results"]
    assert [item["id"] for item in results] == [d["id"] for d in docs]
    statuses = [item["status"] for item in results]
    finished = statuses.count(200)
    assert 8 <= finished < 64 and finished % 8 == 0
    assert statuses == [200] * finished + [503] * (64 - finished)  # the calls ran in order
    for item in results[:finished]:
        assert item["result"]["quotes"][0]["text"] == f"Quote {item['id'][1:]} is here,"
    for item in results[finished:]:
        assert item["result"] is None
        assert item["error"]["type"].endswith("/timeout") and item["error"]["status"] == 503
        assert item["error"]["retry_after"] >= 1
    # the jobs left at the deadline were withdrawn: at most the one running went on
    assert finished <= sum(backend.batches) <= finished + 8


async def test_a_batch_document_that_fails_fails_alone():
    app = stub_app(StubBackend())
    docs = [
        {"id": "ok", "text": '"We are ready," Lee said.'},
        {"id": "bad", "text": 'POISON "We are ready," Lee said.'},
        {"id": "ok2", "text": '"We are ready," Lee said.'},
    ]
    async with serve(app) as client:
        r = await client.post(BATCH, json={"documents": docs})
    assert r.status_code == 200
    results = r.json()["results"]
    assert [i["status"] for i in results] == [200, 500, 200]
    assert results[1]["error"]["type"].endswith("/internal-error")
    assert "POISON" not in r.text.split('"bad"', 1)[1].split("}", 2)[0]
