"""Backpressure and micro-batching in front of the NLP workers.

Every request becomes jobs in a bounded queue: one document, or the documents of a batch
request, `batch_max` at most a job. Each worker (`service.pipeline.workers`: a process, or a
thread in tests) has a task that takes the jobs waiting (up to `batch_max` documents, after
gathering for `batch_wait` seconds when it was idle) and runs their documents as one call: one
call over many documents lets Stanza batch their sentences together. The results are split back
to the waiting requests.

- A full queue (`queue_size` requests waiting) is refused at once (`Overloaded`) instead of
  piling up latency.
- A request's deadline grows with its words (`SchedulerConfig.seconds_for`): `timeout` seconds,
  queueing included, plus one second per `words_per_second` words. A document unfinished at
  its request's deadline fails with `TimedOut`, alone: a batch request's finished documents are
  answered. Its job is withdrawn from the queue, so no worker spends time on work nobody waits
  for. A call still running at the last of its jobs' deadlines has its worker process replaced;
  a thread cannot be stopped, and `stalled` tells the readiness probe when one has run far
  longer than any request may wait.
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
from service.pipeline.screening import estimated_words
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
from service.settings import Settings

__all__ = ["Overloaded", "Rejected", "Scheduler", "SchedulerConfig", "ShuttingDown", "TimedOut"]
__all__ += ["Outcome", "TooComplex", "Unavailable"]


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


Outcome = QuotesResponse | BaseException
"""One document's answer, or why it has none: `Rejected` (`TimedOut`...), `TooComplex`, or an
unexpected error."""


@dataclass(eq=False)
class _Job:
    items: Items
    deadline: float
    request: object
    """The request it belongs to (a batch request's documents make several jobs)."""
    future: asyncio.Future[list[Outcome]] = field(
        default_factory=lambda: asyncio.get_running_loop().create_future()
    )


@dataclass(frozen=True, kw_only=True)
class SchedulerConfig:
    queue_size: int = 32
    """Requests allowed to wait."""
    batch_max: int = 8
    batch_wait: float = 0.005
    timeout: float = 60.0
    """Seconds every request gets, queueing included, whatever its length."""
    words_per_second: float | None = None
    """The slowest analysis rate planned for: each word of a request adds 1/words_per_second
    seconds to its deadline (None: none, every request gets `timeout`)."""
    max_words: int | None = None
    """Words beyond which nothing is added (the word budget of one article: a batch's
    deadline is at most that of the longest article admitted)."""

    @classmethod
    def from_settings(cls, settings: Settings) -> SchedulerConfig:
        """The configuration QUOTES_* describe (the server's)."""
        return cls(
            queue_size=settings.queue_size,
            batch_max=settings.batch_max,
            batch_wait=settings.batch_wait_ms / 1000,
            timeout=settings.request_timeout,
            words_per_second=settings.min_words_per_second,
            max_words=settings.max_words,
        )

    def seconds_for(self, words: int) -> float:
        """The deadline, in seconds from submission, of a request of `words` words."""
        if not self.words_per_second:
            return self.timeout
        counted = min(words, self.max_words) if self.max_words is not None else words
        return self.timeout + counted / self.words_per_second

    @property
    def longest(self) -> float:
        """The longest deadline any request gets (what a gateway in front must wait longer
        than); unbounded without `max_words`."""
        if self.words_per_second and self.max_words is None:
            return math.inf
        return self.seconds_for(self.max_words or 0)


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
        """Requests waiting for a worker (not counting the batches running)."""
        return len({job.request for job in self._queue})

    @property
    def unready_reason(self) -> str | None:
        """Why no request can be served now, or None: loading, a load error, restarting, or
        (thread workers) every worker stuck in one call for more than twice the longest
        deadline."""
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
        """Every worker has been inside one call for more than twice the longest deadline."""
        now = time.monotonic()
        longest = min(self.config.longest, 3600.0)
        return all(
            w.busy_since is not None and now - w.busy_since > 2 * longest for w in self.workers
        )

    def retry_after(self) -> int:
        per_round = self.config.batch_max * max(1, len(self.workers))
        waiting = sum(len(job.items) for job in self._queue)
        rounds = math.ceil((waiting + 1) / per_round)
        return max(1, min(60, math.ceil(rounds * self._per_item * self.config.batch_max)))

    # ------------------------------------------------------------------ requests
    async def submit(self, item: Article) -> QuotesResponse:
        """One document: its response, or its failure raised."""
        (outcome,) = await self.submit_many([item])
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome

    async def submit_many(self, items: Items) -> list[Outcome]:
        """The documents of one request (a batch): queued and refused as one request, with one
        deadline for all (`SchedulerConfig.seconds_for` their words), in jobs of `batch_max`
        documents. Each document's outcome in order: its response, or why it has none (a
        document unfinished at the deadline: `TimedOut`)."""
        if (waiting := self.depth) >= self.config.queue_size:
            raise Overloaded(
                f"{waiting} requests are already waiting; the queue is full.", self.retry_after()
            )
        if not self._tasks or all(t.done() for t in self._tasks):
            raise ShuttingDown("The service is shutting down.", 5)
        seconds = self.config.seconds_for(sum(estimated_words(a.text) for a in items))
        deadline, request, step = time.monotonic() + seconds, object(), self.config.batch_max
        jobs = [
            _Job(items[i : i + step], deadline=deadline, request=request)
            for i in range(0, len(items), step)
        ]
        self._queue.extend(jobs)
        self._wakeup.set()
        try:
            await asyncio.wait([job.future for job in jobs], timeout=seconds)
        finally:
            for job in jobs:  # timed out or the client went away: not worth doing
                if not job.future.done():
                    job.future.cancel()
                if job in self._queue:
                    self._queue.remove(job)
        out: list[Outcome] = []
        for job in jobs:
            if job.future.cancelled():
                late = TimedOut(f"Processing took longer than {seconds:g} s.", self.retry_after())
                out += [late] * len(job.items)
            elif (refused := job.future.exception()) is not None:  # shutting down
                out += [refused] * len(job.items)
            else:
                out += job.future.result()
        return out

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
            mine = [self._outcome(next(done)) for _ in job.items]
            if not job.future.done():  # else timed out or the client went away meanwhile
                job.future.set_result(mine)

    def _outcome(self, result: Outcome) -> Outcome:
        """What one document's result tells its request."""
        if isinstance(result, PastDeadline):
            return TimedOut("Processing ran past the request's deadline.", self.retry_after())
        if isinstance(result, WorkerLost):
            return Unavailable(f"No NLP worker: {result}", 30)
        return result

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
