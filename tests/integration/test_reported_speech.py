"""Reported speech through the HTTP API on the real Stanza models, with the reduced analysis on
(the default): asked for, it is found in a sentence far from every quotation (which the
quotations' analysis would not even tokenize), with its speaker; not asked for, it is not
there and the quotations are the same."""

from __future__ import annotations

import pytest

from service.attribution.marks import find_quotes
from service.attribution.spans import quote_spans
from service.nlp.paragraphs import split_paragraphs
from service.nlp.selection import narrowed, relevant_paragraphs
from service.pipeline.focus import focus_of
from service.schemas import DEFAULT_KINDS, QuoteKind
from service.server.app import create_app
from service.settings import Settings
from tests.api.conftest import serve
from tests.conftest import models_dir

pytestmark = pytest.mark.models

ARTICLE = (
    "The city council met on Tuesday to discuss the bridge.\n"
    '"We are ready to start the works," said Ana Lee, the mayor.\n'
    "The bridge has been closed since the floods of last spring.\n"
    "Engineers inspected its pillars twice over the winter.\n"
    "Traffic on the ring road has doubled since then.\n"
    "Maria Costa, the finance minister, told parliament that the budget would be cut by a tenth."
)
REPORTED = "the budget would be cut by a tenth"


def test_the_reported_sentence_is_out_of_the_quotations_reach():
    paragraphs = split_paragraphs(ARTICLE)
    kept = relevant_paragraphs(quote_spans(ARTICLE), paragraphs)
    far = next(k for k, p in enumerate(paragraphs) if REPORTED in ARTICLE[p.start : p.end])
    assert far not in kept  # the default analysis does not even tokenize it


async def test_reported_speech_far_from_the_quotations_only_when_asked(stanza_backend):
    settings = Settings(nlp_workers=0, models_dir=models_dir(), reduce_nlp=True)
    app = create_app(settings, lambda s: stanza_backend)
    async with serve(app) as c:
        default = await c.post("/v1/quotes", json={"text": ARTICLE})
        asked = await c.post(
            "/v1/quotes", json={"text": ARTICLE, "kinds": ["direct", "fragment", "indirect"]}
        )
        plain = await c.post(
            "/v1/quotes",
            content=ARTICLE.encode(),
            headers={"content-type": "text/plain; charset=utf-8"},
            params={"kinds": "direct,indirect"},
        )
    assert default.status_code == asked.status_code == plain.status_code == 200, asked.text
    assert [q["kind"] for q in default.json()["quotes"]] == ["direct"]
    for body in (asked.json(), plain.json()):
        quotes = body["quotes"]
        (item,) = [q for q in quotes if q["kind"] == "indirect"]
        assert REPORTED in item["text"] and ARTICLE[item["start"] : item["end"]] == item["text"]
        assert item["speaker"] == "Maria Costa" and item["cue"]["text"] == "told"
        speaker = next(s for s in body["speakers"] if s["id"] == item["speaker_id"])
        assert speaker["key"] == "person:maria-costa" and item["id"] in speaker["quote_ids"]
        # the quotation is answered as without reported speech
        direct = [q for q in quotes if q["kind"] != "indirect"]
        assert [(q["text"], q["speaker"]) for q in direct] == [
            (q["text"], q["speaker"]) for q in default.json()["quotes"]
        ]


@pytest.mark.parametrize("article", ["short", "seed"])
def test_the_quotations_analysis_is_the_wider_one_narrowed(stanza_backend, seed_text, article):
    """What lets one analysis serve both readings: narrowed, the analysis for reported speech
    is exactly the one a request without it gets."""
    text = ARTICLE if article == "short" else seed_text
    quotes = find_quotes(text)
    quotations = focus_of(text, quotes, DEFAULT_KINDS)
    (wide,) = stanza_backend.analyze([text], [focus_of(text, quotes, tuple(QuoteKind))])
    (narrow,) = stanza_backend.analyze([text], [quotations])
    assert wide != narrow  # reported speech is read in sentences the quotations do not need
    assert narrowed(wide, quotations) == narrow
