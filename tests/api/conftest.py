from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager

import httpx
import pytest
import uvicorn
from httpx import ASGITransport, AsyncClient
from litestar import Litestar

from service.server.app import create_app
from service.server.devserver import HOST, free_port
from service.settings import Settings
from tests.stubs import StubBackend


async def wait_ready(client: AsyncClient) -> None:
    for _ in range(500):
        if (await client.get("/health/ready")).status_code == 200:
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the app never became ready")


@asynccontextmanager
async def serve(app: Litestar, ready: bool = True) -> AsyncIterator[AsyncClient]:
    """The app with its lifespan running, and a client talking to it in-process. (A context
    manager, not a fixture: the lifespan must start and stop in the same task.)"""
    async with (
        app.lifespan(),
        AsyncClient(
            transport=ASGITransport(app=app), base_url="http://test", timeout=120
        ) as client,
    ):
        if ready:
            await wait_ready(client)
        yield client


@pytest.fixture
def access_records() -> Iterator[list[logging.LogRecord]]:
    """The records the access logger emits during the test."""
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    access = logging.getLogger("service.access")
    access.addHandler(handler)
    access.setLevel(logging.INFO)
    yield records
    access.removeHandler(handler)


def stub_app(backend: StubBackend | None = None, **settings: object) -> Litestar:
    settings.setdefault("max_text_chars", 1000)
    settings.setdefault("max_body_bytes", 4096)
    backend = backend or StubBackend()
    return create_app(Settings(nlp_workers=0, **settings), lambda s: backend)


@contextmanager
def on_a_socket(app: Litestar) -> Iterator[str]:
    """The app served by uvicorn on a free loopback port, in a thread: its URL. For tests that
    need a real socket (raw request lines, schemathesis)."""
    server = uvicorn.Server(
        uvicorn.Config(app, host=HOST, port=free_port(), log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://{HOST}:{server.config.port}"
    try:
        for _ in range(500):
            try:
                if server.started and httpx.get(f"{url}/health/ready").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.01)
        else:
            raise AssertionError("the test server never became ready")
        yield url
    finally:
        server.should_exit = True
        thread.join(10)
