"""The image, built and run with podman: what a deployment relies on."""

from __future__ import annotations

import json
import threading
import time

import httpx
import pytest

from tests.api.conftest import serve, stub_app
from tests.conftest import SEEDS
from tests.container.conftest import MAX_BODY, MAX_CHARS, access_lines, podman

pytestmark = pytest.mark.container

GOLDEN = json.loads((SEEDS / "000_aefd0ee11dca2163.json").read_text())
ARTICLE = (SEEDS / GOLDEN["article"]).read_text(encoding="utf-8")


def test_image_metadata(image):
    config = json.loads(podman("image", "inspect", image, "--format", "{{json .Config}}").stdout)
    assert config["User"] == "10001:10001"  # numeric: a runAsNonRoot check can verify it
    labels = config["Labels"]
    for key in ("title", "description", "licenses", "version", "revision", "created"):
        assert labels.get(f"org.opencontainers.image.{key}"), key
    check = json.loads(
        podman("image", "inspect", image, "--format", "{{json .HealthCheck}}").stdout
    )
    assert check["Test"][0] == "CMD"  # exec form: no shell needed in the image


def test_ready_in_time_as_non_root_on_a_read_only_root(container):
    assert container.ready_s < 120
    assert podman("exec", container.name, "id", "-u").stdout.strip() == "10001"
    assert container.inspect("{{.HostConfig.ReadonlyRootfs}}") == "true"
    denied = podman("exec", container.name, "touch", "/models/x", check=False)
    assert denied.returncode != 0 and "Read-only file system" in denied.stderr


def test_the_seed_article(container):
    r = httpx.post(f"{container.url}/v1/quotes", json={"text": ARTICLE, "id": "seed"}, timeout=120)
    assert r.status_code == 200, r.text
    body = r.json()
    got = [(q["start"], q["end"], q["speaker"]) for q in body["quotes"]]
    want = [(q["start"], q["end"], q["speaker"]) for q in GOLDEN["quotes"]]
    assert len(got) == 20 and got == want
    for q in body["quotes"]:
        assert ARTICLE[q["start"] : q["end"]] == q["text"]
    assert {s["name"] for s in body["speakers"]} == {
        "Keir Starmer",
        "Donald Trump",
        "Volodymyr Zelensky",
        "Mark Rutte",
    }


def test_the_image_healthcheck_passes(container):
    run = podman("healthcheck", "run", container.name, check=False)
    assert run.returncode == 0, run.stdout + run.stderr


BAD = [
    ("empty text", {"json": {"text": "  \n "}}),
    ("malformed JSON", {"content": b'{"text": ', "headers": {"content-type": "application/json"}}),
    ("XML", {"content": b"<text/>", "headers": {"content-type": "application/xml"}}),
    ("latin-1 text", {"content": b"x", "headers": {"content-type": "text/plain; charset=latin-1"}}),
    ("body over the limit", {"json": {"text": "x" * (MAX_BODY + 10)}}),
]


@pytest.mark.parametrize(("what", "request_args"), BAD, ids=[b[0] for b in BAD])
async def test_bad_input_gets_the_same_problems_as_outside(container, what, request_args):
    inside = httpx.post(f"{container.url}/v1/quotes", timeout=30, **request_args)
    app = stub_app(max_body_bytes=MAX_BODY, max_text_chars=MAX_CHARS * 10)
    async with serve(app) as c:
        outside = await c.post("/v1/quotes", **request_args)
    assert inside.status_code in (400, 413, 415)
    assert (inside.status_code, inside.headers["content-type"], inside.json()) == (
        outside.status_code,
        outside.headers["content-type"],
        outside.json(),
    )


def test_stop_finishes_the_request_in_flight_and_exits_0(container):
    """Last in this module: it stops the container. SIGTERM, then uvicorn drains within
    QUOTES_SHUTDOWN_TIMEOUT (8 s in the image), under podman's 10 s grace period."""
    result: dict[str, object] = {}
    # a batch of four articles: a few seconds of work, so the stop lands in the middle of it
    docs = [{"text": f"{ARTICLE}\n\nVariant {i}.", "id": str(i)} for i in range(4)]

    def in_flight() -> None:
        try:
            r = httpx.post(
                f"{container.url}/v1/quotes:batch",
                json={"documents": docs},
                headers={"x-request-id": "in-flight-1"},
                timeout=60,
            )
            result["status"] = r.status_code
            result["quotes"] = [len(d["result"]["quotes"]) for d in r.json()["results"]]
        except Exception as exc:  # reported by the assertion below
            result["error"] = repr(exc)
        result["done"] = time.monotonic()

    t = threading.Thread(target=in_flight)
    t.start()
    time.sleep(1.0)
    t0 = time.monotonic()
    podman("stop", "-t", "10", container.name, timeout=60)
    stop_s = time.monotonic() - t0
    t.join(60)
    done = result.pop("done")
    assert result == {"status": 200, "quotes": [20, 20, 20, 20]}
    assert done > t0, "the request finished before the stop: nothing was in flight"
    assert container.inspect("{{.State.ExitCode}}") == "0"
    assert stop_s < 10, f"podman stop took {stop_s:.1f} s: the grace period ran out"
    lines = access_lines(container.logs())
    assert any(r.get("request_id") == "in-flight-1" and r["status"] == 200 for r in lines)
    print(f"\nstopped in {stop_s:.1f} s with the request in flight completed")
