"""The backfill's tests: a small local Ray cluster per module (2 CPUs, a small object store).

They need the `ray` extra. Without it they skip with a message, except under CI=true, where
they must run and fail instead."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.stubs import StubBackend


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "ray: starts a local Ray cluster (needs the ray extra)")


def require_ray() -> None:
    try:
        import pyarrow  # noqa: F401
        import ray
        import ray.data  # noqa: F401
    except ImportError as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true: the backfill tests must run, but Ray is missing: {exc}")
        pytest.skip(f"Ray is not installed ({exc}): pip install '.[ray]' to run these tests")


@pytest.fixture(scope="module")
def ray_session() -> Iterator[None]:
    """One Ray session for the module's tests; the backfill joins it instead of starting one."""
    require_ray()
    import ray

    ray.init(
        address="local",  # never a cluster someone else started on this machine
        num_cpus=2,
        include_dashboard=False,
        object_store_memory=200 * 1024**2,
        log_to_driver=False,
    )
    try:
        yield
    finally:
        ray.shutdown()


@dataclass(frozen=True)
class Stub:
    """A picklable backend factory for the actors: the stub, slowed by `delay` per call."""

    delay: float = 0.0

    def __call__(self, settings: object) -> StubBackend:
        return StubBackend(delay=self.delay)


TOO_LONG = "x" * 200_001
BAD_LINES = [
    "{not json",
    json.dumps({"id": "blank", "text": "  \n "}),
    json.dumps({"id": "nul", "text": "a\x00b"}),
    json.dumps({"id": "not-a-string", "text": 123}),
    json.dumps({"id": "too-long", "text": TOO_LONG}),
]
BAD_IDS = [None, "blank", "nul", "not-a-string", "too-long"]


def write_jsonl(path: Path, texts: list[str]) -> Path:
    """20 documents: the texts (ids d00, d01, ...) with a bad line after every third."""
    lines = [json.dumps({"id": f"d{i:02d}", "text": t}) for i, t in enumerate(texts)]
    for k, bad in enumerate(BAD_LINES):
        lines.insert(3 * k + 2, bad)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def without_timings(responses: list[dict]) -> list[dict]:
    """Responses with the per-run timings taken out of `meta`."""
    out = []
    for r in responses:
        r = dict(r)
        if "meta" in r:
            r["meta"] = {
                k: v for k, v in r["meta"].items() if k not in ("nlp_ms", "attribution_ms")
            }
        out.append(r)
    return out
