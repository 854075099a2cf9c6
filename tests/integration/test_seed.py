"""The founding article through the HTTP API on the real Stanza models."""

from __future__ import annotations

import json

import pytest

from service.server.app import create_app
from service.settings import Settings
from tests.api.conftest import serve
from tests.conftest import SEEDS, models_dir

pytestmark = pytest.mark.models


@pytest.fixture(scope="module")
def golden():
    return json.loads((SEEDS / "000_aefd0ee11dca2163.json").read_text())


@pytest.fixture(scope="module")
def article(golden):
    return (SEEDS / golden["article"]).read_text(encoding="utf-8")


async def test_seed_article_through_the_api(stanza_backend, golden, article):
    settings = Settings(nlp_workers=0, models_dir=models_dir(), reduce_nlp=False)
    app = create_app(settings, lambda s: stanza_backend)
    async with serve(app) as c:
        r = await c.post("/v1/quotes", json={"text": article, "id": "seed"})
    assert r.status_code == 200
    body = r.json()
    got = [(q["start"], q["end"], q["speaker"]) for q in body["quotes"]]
    want = [(q["start"], q["end"], q["speaker"]) for q in golden["quotes"]]
    assert got == want
    for q in body["quotes"]:
        assert article[q["start"] : q["end"]] == q["text"]
    for words in golden["no_speaker"]:
        assert not any(q["text"] == words and q["speaker"] for q in body["quotes"]), words
    names = {s["name"] for s in body["speakers"]}
    assert names == {"Keir Starmer", "Donald Trump", "Volodymyr Zelensky", "Mark Rutte"}
    starmer = next(s for s in body["speakers"] if s["name"] == "Keir Starmer")
    assert {"Starmer", "he"} <= {m["text"] for m in starmer["mentions"]}


async def test_work_reduction_keeps_the_seed_attributions(stanza_backend, golden, article):
    """QUOTES_REDUCE_NLP (the default): tags, parse and NER only where attribution reads them,
    with the same result on the seed."""
    settings = Settings(nlp_workers=0, models_dir=models_dir(), reduce_nlp=True)
    app = create_app(settings, lambda s: stanza_backend)
    async with serve(app) as c:
        r = await c.post("/v1/quotes", json={"text": article, "id": "seed"})
        quiet = await c.post("/v1/quotes", json={"text": "No quotation here.\nNone at all."})
    body = r.json()
    assert [(q["start"], q["end"], q["speaker"]) for q in body["quotes"]] == [
        (q["start"], q["end"], q["speaker"]) for q in golden["quotes"]
    ]
    assert {s["name"] for s in body["speakers"]} == {
        "Keir Starmer",
        "Donald Trump",
        "Volodymyr Zelensky",
        "Mark Rutte",
    }
    assert quiet.status_code == 200 and quiet.json()["quotes"] == []
