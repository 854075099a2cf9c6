"""Where the NLP runs: worker processes, supervised, or (for tests) a thread.

A `ProcessWorker` owns one child process (multiprocessing, spawn) that loads the backend once
and answers batches over a pipe; documents cross as msgspec bytes, never pickles of Stanza
objects. The event loop never shares a GIL with Stanza: its only part is a helper thread per
worker that blocks on the pipe (which releases the GIL).

- A batch past its deadline gets `PastDeadline` at once; the child is killed and replaced, so a
  pathological article costs its own request and one model load, nothing more.
- The child bounds its own address space (RLIMIT_AS, `max_memory` beyond what the loaded
  models take); an allocation that fails there fails its document as `TooComplex` and the
  child exits to be replaced, as a process that dies any other way is.
- A batch whose child died is retried one document at a time on fresh children, so only the
  document that kills a worker twice fails (`TooComplex`); the others are answered.

`ThreadWorker` runs a blocking function on a dedicated thread in this process: no isolation,
for the stub backend of the API tests and for debugging (QUOTES_NLP_WORKERS=0).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import os
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from enum import StrEnum
from multiprocessing.connection import Connection
from typing import Any, Protocol, TypeVar

import msgspec

from service.nlp.backend import BackendInfo, NlpBackend
from service.pipeline.article import Article
from service.pipeline.extractor import QuoteExtractor, build_extractor
from service.schemas import QuotesResponse
from service.settings import Settings

log = logging.getLogger("service.workers")

Items = Sequence[Article]
T = TypeVar("T")
R = TypeVar("R")
Outcome = list[QuotesResponse | BaseException]
BackendFactory = Callable[[Settings], NlpBackend]


class WorkerState(StrEnum):
    LOADING = "loading"
    READY = "ready"
    RESTARTING = "restarting"
    FAILED = "failed"
    STOPPED = "stopped"


class PastDeadline(Exception):
    """The batch was still running at its deadline; its worker was replaced."""


class TooComplex(Exception):
    """The document exhausted the worker's memory, or killed two workers in a row."""


class WorkerLost(Exception):
    """The worker could not be replaced (its models no longer load)."""


class Worker(Protocol):
    name: str
    error: str | None
    busy_since: float | None

    @property
    def state(self) -> WorkerState: ...

    async def start(self) -> None: ...

    async def ensure_alive(self) -> None: ...

    async def run(self, items: Items, deadline: float) -> Outcome: ...

    async def stop(self) -> None: ...


# ---------------------------------------------------------------------------- the messages
class _Job(msgspec.Struct, array_like=True):
    items: list[Article]


class _Ready(msgspec.Struct, tag=True):
    info: BackendInfo


class _LoadFailed(msgspec.Struct, tag=True):
    error: str


class _Done(msgspec.Struct, tag=True):
    results: list[QuotesResponse | None]
    errors: list[str | None]


class _OutOfMemory(msgspec.Struct, tag=True):
    """The batch ran out of memory; the child exits after sending this."""


_Reply = _Ready | _LoadFailed | _Done | _OutOfMemory
_encode = msgspec.msgpack.Encoder().encode
_decode_reply = msgspec.msgpack.Decoder(_Reply).decode
_decode_job = msgspec.msgpack.Decoder(_Job).decode


# ---------------------------------------------------------------------------- the child
def _child(conn: Connection, settings: Settings, factory: BackendFactory) -> None:
    """The worker process: load once, then answer batches until the pipe closes."""
    try:
        extractor = build_extractor(settings, factory)
    except Exception as exc:
        conn.send_bytes(_encode(_LoadFailed(error=f"{type(exc).__name__}: {exc}")))
        return
    _bound_memory(settings.worker_max_memory * 2**20)
    conn.send_bytes(_encode(_Ready(info=extractor.backend.info)))
    while True:
        try:
            job = _decode_job(conn.recv_bytes())
        except EOFError:
            return
        reply = _answer(extractor, job.items)
        conn.send_bytes(_encode(reply))
        if isinstance(reply, _OutOfMemory):
            os._exit(3)  # the allocator's state is not to be trusted any more


def one_at_a_time(
    run: Callable[[Sequence[T]], Sequence[R]],
    items: Sequence[T],
    fatal: Callable[[Exception], bool] = lambda exc: False,
) -> list[R | BaseException]:
    """`run(items)`; if it raises, each document again alone, so one poison document fails
    alone (its exception in its place). A `fatal` exception ends it all: it is raised. (The
    workers' batches, and the backfill's.)"""
    try:
        return list(run(items))
    except Exception as exc:
        if fatal(exc):
            raise
        if len(items) == 1:
            return [exc]
    out: list[R | BaseException] = []
    for item in items:
        out += one_at_a_time(run, [item], fatal)
    return out


def _answer(extractor: QuoteExtractor, items: Items) -> _Done | _OutOfMemory:
    try:
        outcome = one_at_a_time(extractor.run, items, fatal=_out_of_memory)
    except Exception:  # one_at_a_time raises only what _out_of_memory says
        return _OutOfMemory()
    return _Done(
        results=[None if isinstance(r, BaseException) else r for r in outcome],
        errors=[
            f"{type(r).__name__}: {r}" if isinstance(r, BaseException) else None for r in outcome
        ],
    )


def _out_of_memory(exc: BaseException) -> bool:
    text = str(exc).lower()
    return isinstance(exc, MemoryError) or (
        isinstance(exc, RuntimeError) and ("allocate" in text or "out of memory" in text)
    )


def _bound_memory(extra: int) -> None:
    """RLIMIT_AS: what the loaded process maps now, plus `extra` (Linux; elsewhere a no-op)."""
    try:
        import resource

        with open("/proc/self/statm") as statm:
            mapped = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = mapped + extra
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, OSError, ValueError) as exc:  # pragma: no cover - not Linux
        log.warning("no memory bound for the NLP worker: %s", exc)


# ---------------------------------------------------------------------------- the parent
class ProcessWorker:
    """One supervised child process (see the module docstring)."""

    def __init__(self, name: str, settings: Settings, factory: BackendFactory) -> None:
        self.name = name
        self.settings = settings
        self.factory = factory
        self._state = WorkerState.LOADING
        self.error: str | None = None
        self.busy_since: float | None = None
        self.info: BackendInfo | None = None
        self.pid: int | None = None
        self.restarts = 0
        self._crash_detail = "The article made the NLP worker fail."
        """Why the last batch's child died: what `TooComplex` tells the client."""
        self._process: Any = None
        self._conn: Connection | None = None
        # blocking pipe calls happen here, never on the event loop
        self._io = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"pipe-{name}")

    @property
    def state(self) -> WorkerState:
        """READY only while the child is alive: one that died idle is reported at once."""
        if self._state is WorkerState.READY and not self._process.is_alive():
            return WorkerState.RESTARTING
        return self._state

    async def ensure_alive(self) -> None:
        if self.state is WorkerState.RESTARTING and self._state is WorkerState.READY:
            await self._replace(f"it died while idle (exit code {self._exitcode()})")

    async def start(self) -> None:
        """Spawn the child and wait for its models (seconds). On a load failure the worker
        is FAILED with the error; it is not retried (a broken models directory stays broken)."""
        ctx = multiprocessing.get_context("spawn")
        parent, child = ctx.Pipe()
        self._process = ctx.Process(
            target=_child, args=(child, self.settings, self.factory), name=self.name, daemon=True
        )
        self._process.start()
        child.close()
        self._conn, self.pid = parent, self._process.pid
        reply = await self._call(None, deadline=None)
        if isinstance(reply, _Ready):
            self.info, self._state, self.error = reply.info, WorkerState.READY, None
            log.info("NLP worker %s ready (pid %s)", self.name, self.pid)
        else:
            self.error = reply.error if isinstance(reply, _LoadFailed) else "died while loading"
            self._state = WorkerState.FAILED
            log.error("NLP worker %s could not load the models: %s", self.name, self.error)
            self._kill()

    async def run(self, items: Items, deadline: float) -> Outcome:
        outcome = await self._attempt(items, deadline)
        if outcome is not None:
            return outcome
        # The child died on this batch (it is replaced by now): again, one document at a time,
        # so only a document that kills a fresh worker too is refused.
        out: Outcome = []
        for item in items:
            single = await self._attempt([item], deadline)
            out += single if single is not None else [TooComplex(self._crash_detail)]
        return out

    async def _attempt(self, items: Items, deadline: float) -> Outcome | None:
        """The batch's outcome, or None when the child died on it (it is replaced first)."""
        if time.monotonic() >= deadline:
            return [PastDeadline() for _ in items]
        if self._state is not WorkerState.READY:
            return [WorkerLost(self.error or self._state) for _ in items]
        self.busy_since = time.monotonic()
        try:
            reply = await self._call(_Job(items=list(items)), deadline)
        finally:
            self.busy_since = None
        if isinstance(reply, _Done):
            return [
                r if r is not None else RuntimeError(e or "no result")
                for r, e in zip(reply.results, reply.errors, strict=True)
            ]
        if reply is None:  # past the deadline: nobody waits any more
            await self._replace("a batch ran past its deadline")
            return [PastDeadline() for _ in items]
        self._crash_detail = (
            "The article needs more memory than a worker may use."
            if isinstance(reply, _OutOfMemory)
            else "The article made the NLP worker fail twice."
        )
        await self._replace("out of memory" if isinstance(reply, _OutOfMemory) else "it died")
        if isinstance(reply, _OutOfMemory) and len(items) == 1:
            return [TooComplex(self._crash_detail)]
        return None

    async def _call(self, job: _Job | None, deadline: float | None) -> _Reply | None:
        """Send `job` (None: only wait for the greeting) and wait for the reply until the
        deadline: the reply, None at the deadline, `_LoadFailed` when the child died."""
        conn = self._conn
        assert conn is not None
        payload = _encode(job) if job is not None else None

        def exchange() -> _Reply | None:
            try:
                if payload is not None:
                    conn.send_bytes(payload)
                timeout = None if deadline is None else max(0.0, deadline - time.monotonic())
                if not conn.poll(timeout):
                    return None
                return _decode_reply(conn.recv_bytes())
            except (EOFError, OSError):
                return _LoadFailed(error=f"worker exited ({self._exitcode()})")

        return await asyncio.get_running_loop().run_in_executor(self._io, exchange)

    async def _replace(self, why: str) -> None:
        log.warning("replacing NLP worker %s (pid %s): %s", self.name, self.pid, why)
        self._kill()
        self._state, self.restarts = WorkerState.RESTARTING, self.restarts + 1
        await self.start()

    def _exitcode(self) -> object:
        if self._process is None:
            return None
        self._process.join(1)
        return self._process.exitcode

    def _kill(self) -> None:
        if self._process is not None and self._process.is_alive():
            self._process.kill()
            self._process.join(5)
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    async def stop(self) -> None:
        self._state = WorkerState.STOPPED
        await asyncio.get_running_loop().run_in_executor(None, self._kill)
        self._io.shutdown(wait=False, cancel_futures=True)


class ThreadWorker:
    """A blocking function on one dedicated thread of this process; `load` builds it there.
    No deadline can stop it: a call runs to its end (see `busy_since`)."""

    def __init__(
        self, name: str, load: Callable[[], Callable[[Items], list[QuotesResponse]]]
    ) -> None:
        self.name = name
        self.state = WorkerState.LOADING
        self.error: str | None = None
        self.busy_since: float | None = None
        self._load = load
        self._process: Callable[[Items], list[QuotesResponse]] | None = None
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"nlp-{name}")

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        try:
            self._process = await loop.run_in_executor(self._thread, self._load)
        except Exception as exc:
            self.state, self.error = WorkerState.FAILED, f"{type(exc).__name__}: {exc}"
            log.exception("could not load the NLP models")
            return
        self.state = WorkerState.READY

    async def ensure_alive(self) -> None:
        pass  # a thread does not die on its own

    async def run(self, items: Items, deadline: float) -> Outcome:
        self.busy_since = time.monotonic()
        try:
            return await asyncio.get_running_loop().run_in_executor(self._thread, self._safe, items)
        finally:
            self.busy_since = None

    def _safe(self, items: Items) -> Outcome:
        assert self._process is not None
        return one_at_a_time(self._process, items)

    async def stop(self) -> None:
        self.state = WorkerState.STOPPED
        self._thread.shutdown(wait=False, cancel_futures=True)


def default_worker_count(settings: Settings) -> int:
    """QUOTES_NLP_WORKERS unset: one worker per `torch_threads` cores, as many as memory allows
    at ~1.5 GB each (a loaded worker is ~0.9 GB RSS, with room for long articles)."""
    cores = os.cpu_count() or 1
    memory_gb = 2.0
    with contextlib.suppress(OSError, ValueError):
        memory_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return max(1, min(cores // settings.torch_threads, int((memory_gb - 1) // 1.5)))
