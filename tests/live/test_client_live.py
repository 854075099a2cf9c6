"""The typed clients, the batch endpoint and UTF-16 offsets against the live service on the real
models."""

from __future__ import annotations

import pytest

from service.client import AsyncQuotesClient, QuotesClient
from service.schemas import BatchDocument, OffsetUnit, QuotesResponse
from tests.api.test_offsets import js_slice
from tests.conftest import spans

pytestmark = pytest.mark.models

# Non-BMP characters (a flag, emoji, a musical symbol) before and inside quotes, cues and mentions
EMOJI_ARTICLE = (
    "Prime Minister Keir Starmer 🇬🇧 spoke in Washington on Monday 🎉.\n"
    '"We are 🚀 ready to work with our partners," Starmer told reporters. '
    '"It is a 𝄞 good day for Ukraine," he said.'
)


def test_sync_client_on_the_seed(live_url, seed_text, seed_golden):
    with QuotesClient(live_url) as client:
        assert client.ready()
        response = client.extract(seed_text, id="seed")
    assert isinstance(response, QuotesResponse)
    assert response.id == "seed"
    assert spans(response.quotes) == seed_golden
    assert {s.name for s in response.speakers} >= {"Keir Starmer", "Donald Trump"}


def test_utf16_offsets_slice_like_javascript(live_url):
    with QuotesClient(live_url) as client:
        points = client.extract(EMOJI_ARTICLE)
        units = client.extract(EMOJI_ARTICLE, offsets=OffsetUnit.UTF16)
    assert units.meta.offsets is OffsetUnit.UTF16 and points.meta.offsets is OffsetUnit.CODEPOINT
    assert [q.text for q in units.quotes] == [
        "We are 🚀 ready to work with our partners,",
        "It is a 𝄞 good day for Ukraine,",
    ]
    cues = [q.cue for q in units.quotes if q.cue]
    mentions = [m for s in units.speakers for m in s.mentions]
    assert cues and mentions, "the article must exercise cues and mentions too"
    for q in units.quotes:
        assert js_slice(EMOJI_ARTICLE, q.start, q.end) == q.text
    for span in cues + mentions:
        assert js_slice(EMOJI_ARTICLE, span.start, span.end) == span.text
    # and the default stays Python's: the same quotes, shifted back by the surrogate pairs
    for p, u in zip(points.quotes, units.quotes, strict=True):
        assert EMOJI_ARTICLE[p.start : p.end] == p.text
        assert u.start > p.start


async def test_async_batch_in_one_call_with_failures_in_place(live_url, seed_text, seed_golden):
    docs = [
        BatchDocument(id="seed", text=seed_text),
        BatchDocument(id="blank", text="\n \n"),
        BatchDocument(id="emoji", text=EMOJI_ARTICLE),
        BatchDocument(id="huge", text="word " * 40_001),
    ]  # over the 200,000-character limit
    async with AsyncQuotesClient(live_url) as client:
        batch = await client.extract_batch(docs, offsets="utf16")
    seed, blank, emoji, huge = batch.results
    assert [r.id for r in batch.results] == ["seed", "blank", "emoji", "huge"]
    assert [r.status for r in batch.results] == [200, 400, 200, 413]
    assert spans(seed.result.quotes) == seed_golden  # the seed is all BMP: offsets unchanged
    assert blank.error.title == "Empty text" and blank.result is None
    assert huge.error.status == 413 and "200000" in huge.error.detail
    for q in emoji.result.quotes:
        assert js_slice(EMOJI_ARTICLE, q.start, q.end) == q.text
    assert emoji.result.quotes[0].speaker == "Keir Starmer"
