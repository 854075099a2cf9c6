"""The CLI's --url target against a real HTTP server (uvicorn on 127.0.0.1, stub backend): a
batch over the service's body limit is split until it fits, and a document too large on its own
fails in its place instead of failing the run."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import httpx
import pytest
import uvicorn

from service.cli.targets import RemoteTarget
from service.client import QuotesClient
from service.schemas import BatchDocument, OffsetUnit
from service.server.devserver import free_port
from tests.api.conftest import stub_app

BODY_LIMIT = 4096


@pytest.fixture(scope="module")
def stub_url() -> Iterator[str]:
    port = free_port()
    app = stub_app(max_body_bytes=BODY_LIMIT, max_text_chars=100_000)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/health/ready").status_code == 200:
                break
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    yield url
    server.should_exit = True
    thread.join(timeout=10)


def article(i: int, size: int) -> BatchDocument:
    quote = f'"Quote number {i} is on the record," she said.'
    return BatchDocument(
        id=f"d{i}", text=("Filler words here. " * size)[: size - len(quote)] + "\n" + quote
    )


def test_batches_over_the_body_limit_are_split_until_they_fit(stub_url):
    docs = [article(i, 1200) for i in range(6)]  # ~7.5 kB together, 1.3 kB each
    docs.insert(3, article(99, BODY_LIMIT + 500))  # over the limit even alone
    with QuotesClient(stub_url) as client:
        items = RemoteTarget(client, OffsetUnit.CODEPOINT).analyze(docs)
    assert [item.id for item in items] == [d.id for d in docs]
    assert [item.status for item in items] == [200, 200, 200, 413, 200, 200, 200]
    assert items[3].error is not None and items[3].error.status == 413
    for doc, item in zip(docs, items, strict=True):
        if item.ok:
            (q,) = item.result.quotes
            assert doc.text[q.start : q.end] == q.text
