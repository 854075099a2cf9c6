"""Shared fixtures. The real Stanza pipeline is loaded once per session, with torch pinned to
one thread so parallel processes on a 2-core machine do not oversubscribe."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_ARTICLE = SEEDS / "000_aefd0ee11dca2163.txt"
OUTPUT = ROOT / "tests" / "output"
"""Screenshots and logs that tests leave for people to look at (gitignored)."""


def models_dir() -> Path:
    """The models every command uses (`quotes models where`; scripts/setup.sh puts them there)."""
    from service.settings import default_models_dir

    configured = os.environ.get("QUOTES_MODELS_DIR")
    path = Path(configured) if configured else default_models_dir()
    if not (path / "resources.json").exists():
        pytest.fail(f"no Stanza models at {path}: run scripts/setup.sh or set QUOTES_MODELS_DIR")
    return path


@pytest.fixture(scope="session")
def stanza_backend():
    from service.nlp.stanza_backend import StanzaBackend
    from service.settings import Settings

    return StanzaBackend(
        models_dir(),
        torch_threads=int(os.environ.get("QUOTES_TORCH_THREADS", "1")),
        quantize=Settings().quantize,  # the models as the service runs them by default
    )


@pytest.fixture(scope="session")
def analyze(stanza_backend):
    """text -> Document, on the real models."""
    return lambda text: stanza_backend.analyze([text])[0]


@pytest.fixture(scope="session")
def attribute_text(analyze):
    from service.attribution.engine import attribute

    return lambda text: attribute(analyze(text))


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED_ARTICLE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_golden() -> list[tuple[int, int, str | None]]:
    """The seed article's expected (start, end, speaker), in text order."""
    golden = json.loads(SEED_ARTICLE.with_suffix(".json").read_text())
    return [(q["start"], q["end"], q["speaker"]) for q in golden["quotes"]]


def spans(quotes) -> list[tuple[int, int, str | None]]:
    """(start, end, speaker) of response quotes, as dicts or as structs."""
    return [
        (q["start"], q["end"], q["speaker"]) if isinstance(q, dict) else (q.start, q.end, q.speaker)
        for q in quotes
    ]
