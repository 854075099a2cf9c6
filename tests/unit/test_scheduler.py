"""The scheduler on its own: batching, splitting back, withdrawal, stall detection."""

from __future__ import annotations

import asyncio
import threading

import pytest

from service.pipeline.article import Article
from service.pipeline.scheduler import (
    Overloaded,
    Scheduler,
    SchedulerConfig,
    ShuttingDown,
    TimedOut,
)


def _upper(batches: list[list[str]]):
    def process(items):
        batches.append([a.text for a in items])
        return [a.text.upper() for a in items]

    return process


def a(text: str) -> Article:
    return Article(text=text)


def texts(*words: str) -> list[Article]:
    return [Article(text=w) for w in words]


async def test_concurrent_submissions_are_batched_and_split_back():
    batches: list[list[str]] = []
    s = Scheduler(_upper(batches), SchedulerConfig(batch_max=4, batch_wait=0.05))
    s.start()
    try:
        out = await asyncio.gather(*(s.submit(a(w)) for w in "abcdef"))
    finally:
        await s.stop()
    assert out == list("ABCDEF")
    assert batches == [list("abcd"), list("ef")]


async def test_a_batch_request_counts_once_and_runs_batch_max_documents_a_call():
    batches: list[list[str]] = []
    s = Scheduler(_upper(batches), SchedulerConfig(batch_max=4, batch_wait=0.05, queue_size=2))
    s.start()
    try:
        big, small = await asyncio.gather(s.submit_many(texts(*"abcdefgh")), s.submit(a("z")))
    finally:
        await s.stop()
    assert big == list("ABCDEFGH") and small == "Z"
    # eight documents count once against the queue bound (of 2), in calls of batch_max, so
    # that the finished ones can be answered when the rest run out of time
    assert batches == [list("abcd"), list("efgh"), ["z"]]


async def test_a_full_queue_is_refused_and_a_stalled_worker_is_reported():
    release = threading.Event()
    seen: list[str] = []

    def blocking(items):
        seen.extend(items)
        release.wait(5)
        return list(items)

    s = Scheduler(blocking, SchedulerConfig(queue_size=2, batch_max=1, batch_wait=0, timeout=0.05))
    s.start()
    try:
        first = asyncio.create_task(s.submit(a("running")))
        await asyncio.sleep(0.02)  # the worker took it
        waiting = [asyncio.create_task(s.submit(a(w))) for w in ("w1", "w2")]
        await asyncio.sleep(0)
        assert s.depth == 2
        with pytest.raises(Overloaded) as refused:
            await s.submit(a("w3"))
        assert refused.value.retry_after >= 1
        for t in (first, *waiting):
            with pytest.raises(TimedOut):
                await t
        assert s.depth == 0  # timed-out jobs leave the queue at once
        await asyncio.sleep(0.1)
        assert s.stalled  # one call for more than twice the timeout
        release.set()
        await asyncio.sleep(0.05)
        assert not s.stalled
        assert seen == [a("running")]  # nobody was waiting for w1 and w2 any more
    finally:
        release.set()
        await s.stop()
    with pytest.raises(ShuttingDown):
        await s.submit(a("late"))
