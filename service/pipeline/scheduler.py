"""Backpressure and micro-batching in front of the one NLP worker.

Every request becomes a job in a bounded queue: one document, or the documents of a batch
request. One worker task takes the jobs waiting (up to `batch_max` documents, after gathering
for `batch_wait` seconds when it was idle; a larger batch request goes alone) and runs their
documents as one blocking call on a single dedicated thread: Stanza is not thread-safe, and
one call over many documents lets it batch their sentences together. The results are split
back to the waiting requests.

- A full queue is refused at once (`Overloaded`) instead of piling up latency.
- A job still unfinished after `timeout` seconds (queueing included) fails with `TimedOut`;
  it is withdrawn from the queue, so the worker never spends time on work nobody waits for.
  A call already running on the thread cannot be interrupted; `stalled` tells the readiness
  probe when one has run far longer than any request may wait.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


class Rejected(Exception):
    """The job was not done; retry after `retry_after` seconds."""

    reason = "rejected"
    title = "Not processed"

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class Overloaded(Rejected):
    reason, title = "queue-full", "Too many requests waiting"


class TimedOut(Rejected):
    reason, title = "timeout", "Processing timed out"


class ShuttingDown(Rejected):
    reason, title = "shutting-down", "Shutting down"


@dataclass(eq=False)
class _Job(Generic[Item, Result]):
    items: Sequence[Item]
    future: asyncio.Future[list[Result]] = field(
        default_factory=lambda: asyncio.get_running_loop().create_future()
    )


@dataclass(frozen=True, kw_only=True)
class SchedulerConfig:
    queue_size: int = 32
    batch_max: int = 8
    batch_wait: float = 0.005
    timeout: float = 60.0


class Scheduler(Generic[Item, Result]):
    def __init__(
        self,
        process: Callable[[Sequence[Item]], list[Result]],
        config: SchedulerConfig,
        on_batch: Callable[[int, float], None] | None = None,
    ) -> None:
        self._process = process
        self.config = config
        self._on_batch = on_batch
        self._queue: deque[_Job[Item, Result]] = deque()
        self._wakeup = asyncio.Event()
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="nlp-worker")
        self._worker: asyncio.Task[None] | None = None
        self._busy_since: float | None = None
        # Seconds a document takes, smoothed: the basis of every Retry-After we give out.
        self._per_item = 1.0

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> None:
        self._worker = asyncio.create_task(self._run(), name="nlp-scheduler")

    async def stop(self) -> None:
        """Refuse whatever is still queued and let the thread finish on its own (the call on
        it cannot be interrupted; it is bounded by the text and batch limits)."""
        if self._worker is not None:
            self._worker.cancel()
            await asyncio.gather(self._worker, return_exceptions=True)
        while self._queue:
            job = self._queue.popleft()
            if not job.future.done():
                job.future.set_exception(ShuttingDown("The service is shutting down.", 5))
        self._thread.shutdown(wait=False, cancel_futures=True)

    # ------------------------------------------------------------------ observation
    @property
    def depth(self) -> int:
        """Jobs waiting for the worker (not counting the batch it is running)."""
        return len(self._queue)

    @property
    def stalled(self) -> bool:
        """The worker has been inside one call for more than twice the request timeout."""
        busy = self._busy_since
        return busy is not None and time.monotonic() - busy > 2 * self.config.timeout

    def retry_after(self) -> int:
        batches = math.ceil((len(self._queue) + 1) / self.config.batch_max)
        return max(1, min(60, math.ceil(batches * self._per_item * self.config.batch_max)))

    # ------------------------------------------------------------------ requests
    async def submit(self, item: Item) -> Result:
        (result,) = await self.submit_many([item])
        return result

    async def submit_many(self, items: Sequence[Item]) -> list[Result]:
        """One job for several documents (a batch request): queued, timed and refused as one."""
        if len(self._queue) >= self.config.queue_size:
            raise Overloaded(
                f"{len(self._queue)} requests are already waiting; the queue is full.",
                self.retry_after(),
            )
        if self._worker is None or self._worker.done():
            raise ShuttingDown("The service is shutting down.", 5)
        job: _Job[Item, Result] = _Job(items)
        self._queue.append(job)
        self._wakeup.set()
        try:
            # wait_for cancels the future on timeout, which withdraws the job from the queue
            return await asyncio.wait_for(job.future, self.config.timeout)
        except TimeoutError:
            raise TimedOut(
                f"Processing took longer than {self.config.timeout:g} s.", self.retry_after()
            ) from None
        finally:
            if job in self._queue:  # timed out or the client went away: not worth doing
                self._queue.remove(job)

    # ------------------------------------------------------------------ the worker
    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            if not self._queue:
                self._wakeup.clear()
                await self._wakeup.wait()
                if self.config.batch_wait and len(self._queue) < self.config.batch_max:
                    # Idle worker: give concurrent requests a moment to join this batch.
                    await asyncio.sleep(self.config.batch_wait)
            batch = self._take()
            if not batch:
                continue
            items = [item for job in batch for item in job.items]
            t0 = time.monotonic()
            self._busy_since = t0
            try:
                results = await loop.run_in_executor(self._thread, self._safe, items)
            finally:
                self._busy_since = None
            elapsed = time.monotonic() - t0
            self._per_item = 0.8 * self._per_item + 0.2 * (elapsed / len(items))
            if self._on_batch is not None:
                self._on_batch(len(items), elapsed)
            done = iter(results)
            for job in batch:
                mine = [next(done) for _ in job.items]
                if job.future.done():
                    continue  # timed out or the client went away meanwhile
                ok = [r for r in mine if not isinstance(r, BaseException)]
                if len(ok) == len(mine):
                    job.future.set_result(ok)
                else:  # one failed document fails its request
                    job.future.set_exception(next(r for r in mine if isinstance(r, BaseException)))

    def _take(self) -> list[_Job[Item, Result]]:
        batch: list[_Job[Item, Result]] = []
        size = 0
        while self._queue and (
            not batch or size + len(self._queue[0].items) <= self.config.batch_max
        ):
            job = self._queue.popleft()
            if not job.future.done():
                batch.append(job)
                size += len(job.items)
        return batch

    def _safe(self, items: list[Item]) -> list[Result | BaseException]:
        """On the worker thread. A failing batch is retried one item at a time, so one poison
        document fails its own request only."""
        try:
            return list(self._process(items))
        except Exception as exc:
            if len(items) == 1:
                return [exc]  # logged with its request by the app
        out: list[Result | BaseException] = []
        for item in items:
            out.extend(self._safe([item]))
        return out
