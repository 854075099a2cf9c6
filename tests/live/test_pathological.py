"""Hostile articles against the real server and models: no article can hurt the others.

Each test starts its own `quotes serve` (one NLP worker process, one torch thread) so that what
one test does to its workers cannot leak into the next.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator

import httpx
import pytest

from service.server.devserver import Service, nlp_workers, service
from tests.conftest import OUTPUT, SEED_ARTICLE, models_dir

ORDINARY = 'Ana Lee spoke on Monday.\n"We are ready to build the bridge," Lee said.'
# One quotation of ~39,000 words in one sentence: far more than the timeouts below allow,
# within every size limit (195,000 characters) once the word budget is raised for it.
WORST = 'Ana Lee spoke on Monday.\nLee said: "' + "word " * 39_000 + '"'


def serve(name: str, **env: str) -> Iterator[Service]:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    settings = {
        "QUOTES_TORCH_THREADS": "1",
        "QUOTES_NLP_WORKERS": "1",
        "QUOTES_LOG_FORMAT": "text",
        **env,
    }
    with service(str(models_dir()), settings, OUTPUT / f"{name}.log", startup_timeout=300) as s:
        yield s


def wait_until(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def ready(url: str) -> int:
    return httpx.get(f"{url}/health/ready", timeout=5).status_code


@pytest.fixture
def short_timeout() -> Iterator[Service]:
    # the budget admits WORST and its words add (almost) nothing to the 6 s deadline: the
    # timeout and the worker's replacement are what is tested here (the default budget refuses
    # it at once: tests/api/test_limits.py)
    yield from serve(
        "pathological-timeout",
        QUOTES_REQUEST_TIMEOUT="6",
        QUOTES_MAX_WORDS="40000",
        QUOTES_MIN_WORDS_PER_SECOND="1000000000",
    )


@pytest.fixture
def long_timeout() -> Iterator[Service]:
    yield from serve("pathological-kill", QUOTES_REQUEST_TIMEOUT="120")


def test_a_worst_case_article_costs_only_its_own_request(short_timeout: Service):
    url = short_timeout.url
    (worker,) = nlp_workers(short_timeout.pid)
    probes: list[float] = []
    stop = threading.Event()

    def probe() -> None:
        with httpx.Client(timeout=5) as client:
            while not stop.is_set():
                t0 = time.perf_counter()
                assert client.get(f"{url}/health/live").status_code == 200
                probes.append(time.perf_counter() - t0)
                time.sleep(0.05)

    prober = threading.Thread(target=probe)
    prober.start()
    try:
        t0 = time.perf_counter()
        r = httpx.post(f"{url}/v1/quotes", json={"text": WORST}, timeout=60)
        answered = time.perf_counter() - t0
    finally:
        stop.set()
        prober.join()

    # answered by the deadline, as the service's own problem
    assert r.status_code == 503 and r.json()["type"].endswith("/timeout")
    assert int(r.headers["retry-after"]) >= 1
    assert answered < 6 + 2
    # The event loop never waited for Stanza: before the workers, probes took 20 s and more
    # during such an article. A shared 2-core machine can still delay any one answer by a
    # scheduling slice, so the bound is on nearly every probe, and a stall shows in the worst.
    probes.sort()
    assert len(probes) > 20
    assert probes[int(len(probes) * 0.95)] < 0.1, probes[-5:]
    assert probes[-1] < 1.0, probes[-5:]
    # the worker was replaced: readiness says so, then recovers, and work goes on
    assert wait_until(lambda: worker not in nlp_workers(short_timeout.pid), 10)
    assert wait_until(lambda: ready(url) == 200, 120)
    ok = httpx.post(f"{url}/v1/quotes", json={"text": ORDINARY}, timeout=60)
    assert ok.status_code == 200 and ok.json()["quotes"][0]["speaker"] == "Ana Lee"


def test_a_worker_killed_mid_request_is_replaced_and_nothing_fails(long_timeout: Service):
    url = long_timeout.url
    seed = SEED_ARTICLE.read_text(encoding="utf-8")
    (worker,) = nlp_workers(long_timeout.pid)
    results: list[httpx.Response] = []

    def post(text: str) -> None:
        results.append(httpx.post(f"{url}/v1/quotes", json={"text": text}, timeout=120))

    clients = [threading.Thread(target=post, args=(t,)) for t in (seed, ORDINARY, seed)]
    for c in clients:
        c.start()
    time.sleep(0.3)  # the worker has the batch
    os.kill(worker, signal.SIGKILL)
    saw_unready = wait_until(lambda: ready(url) == 503, 5)
    for c in clients:
        c.join()

    assert saw_unready, "readiness must say 503 while the only worker is being replaced"
    assert [r.status_code for r in results] == [200, 200, 200]
    assert wait_until(lambda: ready(url) == 200, 60)
    (replacement,) = nlp_workers(long_timeout.pid)
    assert replacement != worker
    speakers = {q["speaker"] for r in results for q in r.json()["quotes"]}
    assert {"Keir Starmer", "Ana Lee"} <= speakers


def test_an_unbroken_run_and_a_giant_sentence_are_analyzed_not_refused(long_timeout: Service):
    """The guards degrade instead of refusing: a 30,000-character run is cut for the
    tokenizer and a 2,000-word sentence parsed in pieces, with offsets exact and the speaker
    still found in the sentence around the quotation."""
    run = "a" * 30_000
    giant = " ".join(["we will build the bridge"] * 400)
    for quoted in (run, giant):
        text = f'Ana Lee spoke on Monday.\nLee said: "{quoted}"'
        r = httpx.post(f"{long_timeout.url}/v1/quotes", json={"text": text}, timeout=120)
        assert r.status_code == 200
        (quote,) = r.json()["quotes"]
        assert text[quote["start"] : quote["end"]] == quote["text"] == quoted
        assert quote["speaker"] == "Ana Lee"
