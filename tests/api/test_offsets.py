"""?offsets=utf16: every offset becomes a UTF-16 code-unit offset, so that JavaScript's
`text.slice(start, end)` returns the quote. Python has no UTF-16 strings, so a JavaScript slice is
emulated by slicing the UTF-16-LE encoding (two bytes a code unit)."""

from __future__ import annotations

import pytest

from service.pipeline.offsets import utf16_table, with_offsets
from service.schemas import OffsetUnit, Quote, QuotesResponse, ResponseMeta, Span, Speaker
from tests.api.conftest import serve, stub_app


def js_slice(text: str, start: int, end: int) -> str:
    """What JavaScript's `text.slice(start, end)` returns."""
    return text.encode("utf-16-le")[2 * start : 2 * end].decode("utf-16-le")


# non-BMP characters before, inside and between the spans: an emoji, a flag (two code points,
# each non-BMP), a musical symbol, and a BMP character (é) that is one unit either way
TEXT = 'Café 🎉 news 🇬🇧.\nAnna 𝄞 Lee said: "We are 🚀 ready," with a 😀 smile.'


def _span(text: str, words: str) -> Span:
    start = text.index(words)
    return Span(text=words, start=start, end=start + len(words))


def hand_made_response(
    text: str, words: str = "We are 🚀 ready,", name: str = "Anna 𝄞 Lee"
) -> QuotesResponse:
    quote = _span(text, words)
    return QuotesResponse(
        quotes=(
            Quote(
                id="q1",
                text=quote.text,
                start=quote.start,
                end=quote.end,
                speaker="Anna Lee",
                speaker_id="s1",
                cue=_span(text, "said"),
            ),
        ),
        speakers=(
            Speaker(id="s1", name="Anna Lee", mentions=(_span(text, name),), quote_ids=("q1",)),
        ),
        meta=ResponseMeta(
            backend="hand", backend_version="0", models={}, nlp_ms=0, attribution_ms=0
        ),
    )


def test_utf16_table_counts_surrogate_pairs():
    assert utf16_table("a🎉b") == [0, 1, 3, 4]
    assert utf16_table("") == [0]
    text = "x😀é𝄞"
    assert utf16_table(text)[-1] == len(text.encode("utf-16-le")) // 2


def test_every_offset_is_converted():
    response = hand_made_response(TEXT)
    converted = with_offsets(response, TEXT, OffsetUnit.UTF16)
    assert converted.meta.offsets is OffsetUnit.UTF16
    (q,) = converted.quotes
    assert js_slice(TEXT, q.start, q.end) == q.text == "We are 🚀 ready,"
    assert q.start > response.quotes[0].start  # the emoji, the flag and 𝄞 came before it
    assert js_slice(TEXT, q.cue.start, q.cue.end) == "said"
    (mention,) = converted.speakers[0].mentions
    assert js_slice(TEXT, mention.start, mention.end) == "Anna 𝄞 Lee"


def test_codepoint_is_the_identity_and_bmp_text_keeps_its_offsets():
    response = hand_made_response(TEXT)
    assert with_offsets(response, TEXT, OffsetUnit.CODEPOINT) is response
    bmp = 'Café news.\nAnna Lee said: "We are ready," with a smile.'
    plain = hand_made_response(bmp, words="We are ready,", name="Anna Lee")
    converted = with_offsets(plain, bmp, OffsetUnit.UTF16)
    assert converted.quotes == plain.quotes and converted.meta.offsets is OffsetUnit.UTF16


@pytest.mark.parametrize("unit", ["codepoint", "utf16"])
async def test_the_api_converts_on_request(unit):
    text = (
        'Intro 🎉 line 𝄞.\n"We are 🚀 ready to go further," she said. "More 👍 to come," she added.'
    )
    async with serve(stub_app()) as client:
        r = await client.post("/v1/quotes", params={"offsets": unit}, json={"text": text})
        batch = await client.post(
            "/v1/quotes:batch", params={"offsets": unit}, json={"documents": [{"text": text}]}
        )
    assert r.status_code == 200 and batch.status_code == 200
    body = r.json()
    assert body["meta"]["offsets"] == unit
    assert batch.json()["results"][0]["result"] == body | {
        "meta": batch.json()["results"][0]["result"]["meta"]
    }
    cut = js_slice if unit == "utf16" else (lambda t, s, e: t[s:e])
    assert [q["text"] for q in body["quotes"]] == [
        "We are 🚀 ready to go further,",
        "More 👍 to come,",
    ]
    for q in body["quotes"]:
        assert cut(text, q["start"], q["end"]) == q["text"]


async def test_codepoint_is_the_default():
    async with serve(stub_app()) as client:
        r = await client.post("/v1/quotes", json={"text": '"Go 🚀 now," she said.'})
    assert r.json()["meta"]["offsets"] == "codepoint"
