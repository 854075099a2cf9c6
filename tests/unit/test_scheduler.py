"""The scheduler on its own: batching, splitting back, withdrawal, stall detection."""

from __future__ import annotations

import asyncio
import threading

import pytest

from service.pipeline.scheduler import (
    Overloaded,
    Scheduler,
    SchedulerConfig,
    ShuttingDown,
    TimedOut,
)


def _upper(batches: list[list[str]]):
    def process(items):
        batches.append(list(items))
        return [s.upper() for s in items]

    return process


async def test_concurrent_submissions_are_batched_and_split_back():
    batches: list[list[str]] = []
    s = Scheduler(_upper(batches), SchedulerConfig(batch_max=4, batch_wait=0.05))
    s.start()
    try:
        out = await asyncio.gather(*(s.submit(w) for w in "abcdef"))
    finally:
        await s.stop()
    assert out == list("ABCDEF")
    assert batches == [list("abcd"), list("ef")]


async def test_a_batch_request_is_one_job_and_a_large_one_runs_alone():
    batches: list[list[str]] = []
    s = Scheduler(_upper(batches), SchedulerConfig(batch_max=4, batch_wait=0.05, queue_size=2))
    s.start()
    try:
        big, small = await asyncio.gather(s.submit_many(list("abcdefgh")), s.submit("z"))
    finally:
        await s.stop()
    assert big == list("ABCDEFGH") and small == "Z"
    # eight documents count once against the queue bound, and are not split across calls
    assert batches == [list("abcdefgh"), ["z"]]


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
        first = asyncio.create_task(s.submit("running"))
        await asyncio.sleep(0.02)  # the worker took it
        waiting = [asyncio.create_task(s.submit(w)) for w in ("w1", "w2")]
        await asyncio.sleep(0)
        assert s.depth == 2
        with pytest.raises(Overloaded) as refused:
            await s.submit("w3")
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
        assert seen == ["running"]  # nobody was waiting for w1 and w2 any more
    finally:
        release.set()
        await s.stop()
    with pytest.raises(ShuttingDown):
        await s.submit("late")
