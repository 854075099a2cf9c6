"""Backpressure and micro-batching in front of the NLP workers.

Every request becomes a job in a bounded queue: one document, or the documents of a batch
request. Each worker (`service.pipeline.workers`: a process, or a thread in tests) has a task
that takes the jobs waiting (up to `batch_max` documents, after gathering for `batch_wait`
seconds when it was idle; a larger batch request goes alone) and runs their documents as one
call: one call over many documents lets Stanza batch their sentences together. The results
are split back to the waiting requests.

- A full queue is refused at once (`Overloaded`) instead of piling up latency.
- A job still unfinished after `timeout` seconds (queueing included) fails with `TimedOut`;
  it is withdrawn from the queue, so no worker spends time on work nobody waits for. A batch
  still running at the last of its jobs' deadlines has its worker process replaced; a thread
  cannot be stopped, and `stalled` tells the readiness probe when one has run far longer than
  any request may wait.
- A document that exhausts a worker, or kills two, fails alone with `TooComplex`.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from service.pipeline.article import Article
from service.pipeline.workers import (
    Items,
    PastDeadline,
    ThreadWorker,
    TooComplex,
    Worker,
    WorkerLost,
    WorkerState,
)
from service.schemas import QuotesResponse

__all__ = ["Overloaded", "Rejected", "Scheduler", "SchedulerConfig", "ShuttingDown", "TimedOut"]
__all__ += ["TooComplex", "Unavailable"]


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


class Unavailable(Rejected):
    reason, title = "worker-unavailable", "No NLP worker"


@dataclass(eq=False)
class _Job:
    items: Items
    deadline: float
    future: asyncio.Future[list[QuotesResponse]] = field(
        default_factory=lambda: asyncio.get_running_loop().create_future()
    )


@dataclass(frozen=True, kw_only=True)
class SchedulerConfig:
    queue_size: int = 32
    batch_max: int = 8
    batch_wait: float = 0.005
    timeout: float = 60.0


class Scheduler:
    def __init__(
        self,
        workers: Sequence[Worker] | Callable[[Items], list[QuotesResponse]],
        config: SchedulerConfig,
        on_batch: Callable[[int, float], None] | None = None,
    ) -> None:
        if callable(workers):  # a plain function: one thread worker (tests, debugging)
            process = workers
            workers = [ThreadWorker("thread", lambda: process)]
        self.workers = list(workers)
        self.config = config
        self._on_batch = on_batch
        self._queue: deque[_Job] = deque()
        self._wakeup = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        # Seconds a document takes, smoothed: the basis of every Retry-After we give out.
        self._per_item = 1.0

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> None:
        """Start every worker (loading in the background) and its task."""
        self._tasks = [
            asyncio.create_task(self._serve(w), name=f"nlp-{w.name}") for w in self.workers
        ]

    async def stop(self) -> None:
        """Refuse whatever is still queued and stop the workers."""
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        while self._queue:
            job = self._queue.popleft()
            if not job.future.done():
                job.future.set_exception(ShuttingDown("The service is shutting down.", 5))
        await asyncio.gather(*(w.stop() for w in self.workers), return_exceptions=True)

    # ------------------------------------------------------------------ observation
    @property
    def depth(self) -> int:
        """Jobs waiting for a worker (not counting the batches running)."""
        return len(self._queue)

    @property
    def unready_reason(self) -> str | None:
        """Why no request can be served now, or None: loading, a load error, restarting, or
        (thread workers) every worker stuck in one call for more than twice the timeout."""
        states = {w.state for w in self.workers}
        if WorkerState.READY in states:
            if self.stalled:
                return "The NLP worker has been busy with one batch for too long."
            return None
        if states == {WorkerState.FAILED}:
            errors = sorted({w.error or "unknown error" for w in self.workers})
            return "The NLP models could not be loaded: " + "; ".join(errors)
        if WorkerState.RESTARTING in states:
            return "The NLP workers are being replaced; retry shortly."
        return "The NLP models are still loading; retry shortly."

    @property
    def loading(self) -> bool:
        """No worker has come up yet (requests are refused rather than queued)."""
        return all(w.state in (WorkerState.LOADING, WorkerState.FAILED) for w in self.workers)

    @property
    def stalled(self) -> bool:
        """Every worker has been inside one call for more than twice the request timeout."""
        now = time.monotonic()
        return all(
            w.busy_since is not None and now - w.busy_since > 2 * self.config.timeout
            for w in self.workers
        )

    def retry_after(self) -> int:
        per_round = self.config.batch_max * max(1, len(self.workers))
        rounds = math.ceil((len(self._queue) + 1) / per_round)
        return max(1, min(60, math.ceil(rounds * self._per_item * self.config.batch_max)))

    # ------------------------------------------------------------------ requests
    async def submit(self, item: Article) -> QuotesResponse:
        (result,) = await self.submit_many([item])
        return result

    async def submit_many(self, items: Items) -> list[QuotesResponse]:
        """One job for several documents (a batch request): queued, timed and refused as one."""
        if len(self._queue) >= self.config.queue_size:
            raise Overloaded(
                f"{len(self._queue)} requests are already waiting; the queue is full.",
                self.retry_after(),
            )
        if not self._tasks or all(t.done() for t in self._tasks):
            raise ShuttingDown("The service is shutting down.", 5)
        job = _Job(items, deadline=time.monotonic() + self.config.timeout)
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

    # ------------------------------------------------------------------ the workers
    async def _serve(self, worker: Worker) -> None:
        await worker.start()
        while worker.state in (WorkerState.READY, WorkerState.RESTARTING):
            await worker.ensure_alive()  # a worker that died idle is replaced before it is used
            if not self._queue:
                self._wakeup.clear()
                try:  # a second at a time, so an idle worker's death is noticed
                    await asyncio.wait_for(self._wakeup.wait(), 1.0)
                except TimeoutError:
                    continue
                if self.config.batch_wait and len(self._queue) < self.config.batch_max:
                    # Idle worker: give concurrent requests a moment to join this batch.
                    await asyncio.sleep(self.config.batch_wait)
            batch = self._take()
            if not batch:
                continue
            items = [item for job in batch for item in job.items]
            t0 = time.monotonic()
            results = await worker.run(items, max(job.deadline for job in batch))
            elapsed = time.monotonic() - t0
            self._per_item = 0.8 * self._per_item + 0.2 * (elapsed / len(items))
            if self._on_batch is not None:
                self._on_batch(len(items), elapsed)
            self._settle(batch, results)
        if worker.state is WorkerState.FAILED:
            self._wakeup.set()  # another worker may take what this one leaves

    def _settle(self, batch: list[_Job], results: list[QuotesResponse | BaseException]) -> None:
        done = iter(results)
        for job in batch:
            mine = [next(done) for _ in job.items]
            if job.future.done():
                continue  # timed out or the client went away meanwhile
            ok = [r for r in mine if not isinstance(r, BaseException)]
            if len(ok) == len(mine):
                job.future.set_result(ok)
                continue
            failure = next(r for r in mine if isinstance(r, BaseException))
            if isinstance(failure, PastDeadline):
                failure = TimedOut(
                    "Processing ran past the request's deadline.", self.retry_after()
                )
            elif isinstance(failure, WorkerLost):
                failure = Unavailable(f"No NLP worker: {failure}", 30)
            job.future.set_exception(failure)  # one failed document fails its request

    def _take(self) -> list[_Job]:
        batch: list[_Job] = []
        size = 0
        while self._queue and (
            not batch or size + len(self._queue[0].items) <= self.config.batch_max
        ):
            job = self._queue.popleft()
            if not job.future.done():
                batch.append(job)
                size += len(job.items)
        return batch
