"""`kinds` over HTTP, on stub backends: reported speech only when asked (the JSON field, the query
parameter for text/plain), the default answer and work unchanged, bad kinds a 400 problem naming
the field."""

from __future__ import annotations

import httpx
import pytest

from service.attribution.spans import quote_spans
from service.pipeline.screening import PROBLEM_BASE
from tests.api.conftest import serve, stub_app
from tests.stubs import REPORTED, ReportingStub, StubBackend

PLAIN = {"content-type": "text/plain; charset=utf-8"}
QUOTED = 'Ana Lee spoke on Monday.\n"We are ready," Lee said.'
QUOTE_FIELDS = {
    *("id", "text", "start", "end", "speaker", "speaker_id", "speaker_ids"),
    *("cue", "kind", "within", "confidence"),
}


def kinds_of(r: httpx.Response) -> list[str]:
    assert r.status_code == 200, r.text
    return [q["kind"] for q in r.json()["quotes"]]


def assert_kinds_problem(r: httpx.Response, slug: str) -> dict[str, object]:
    assert r.status_code == 400, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    body: dict[str, object] = r.json()
    assert body["type"] == PROBLEM_BASE + slug and body["field"] == "kinds", body
    return body


async def test_the_default_answer_and_work_are_those_of_quotations_only():
    backend = StubBackend()
    async with serve(stub_app(backend)) as c:
        default = await c.post("/v1/quotes", json={"text": QUOTED})
        explicit = await c.post(
            "/v1/quotes", json={"text": QUOTED, "kinds": ["direct", "fragment"]}
        )
        plain = await c.post("/v1/quotes", content=QUOTED.encode(), headers=PLAIN)
    assert kinds_of(default) == kinds_of(explicit) == kinds_of(plain) == ["direct"]
    for r in (explicit, plain):
        assert r.json()["quotes"] == default.json()["quotes"]
    assert set(default.json()) == {"id", "quotes", "speakers", "meta"}
    assert set(default.json()["quotes"][0]) == QUOTE_FIELDS
    # the same focus as before reported speech: the quotations, not the words of saying
    assert backend.foci == [[quote_spans(QUOTED)]] * 3


async def test_reported_speech_when_the_json_body_asks_for_it():
    async with serve(stub_app(ReportingStub())) as c:
        default = await c.post("/v1/quotes", json={"text": REPORTED})
        asked = await c.post("/v1/quotes", json={"text": REPORTED, "kinds": ["indirect"]})
    assert kinds_of(default) == [] and default.json()["speakers"] == []
    (item,) = asked.json()["quotes"]
    assert item["kind"] == "indirect" and item["text"] == "the talks would resume"
    assert REPORTED[item["start"] : item["end"]] == item["text"]
    assert item["cue"]["text"] == "said" and item["speaker"] == "Ana Lee"
    (speaker,) = asked.json()["speakers"]
    assert speaker["key"] == "person:ana-lee" and speaker["quote_ids"] == [item["id"]]


@pytest.mark.parametrize(
    "params",
    [
        {"kinds": "direct,indirect"},
        {"kinds": "indirect"},
        [("kinds", "direct"), ("kinds", "indirect")],
    ],
)
async def test_the_query_parameter_asks_for_a_plain_text_body(params):
    async with serve(stub_app(ReportingStub())) as c:
        r = await c.post("/v1/quotes", content=REPORTED.encode(), headers=PLAIN, params=params)
    assert kinds_of(r) == ["indirect"]


async def test_the_query_parameter_wins_over_the_json_field():
    async with serve(stub_app(ReportingStub())) as c:
        on = await c.post(
            "/v1/quotes", json={"text": REPORTED, "kinds": ["direct"]}, params={"kinds": "indirect"}
        )
        off = await c.post(
            "/v1/quotes", json={"text": REPORTED, "kinds": ["indirect"]}, params={"kinds": "direct"}
        )
    assert kinds_of(on) == ["indirect"] and kinds_of(off) == []


@pytest.mark.parametrize("kinds", [[], ["nope"], ["direct", "Indirect"], "indirect", [5], None])
async def test_bad_kinds_in_a_body_are_a_400_naming_the_field(kinds):
    async with serve(stub_app()) as c:
        one = await c.post("/v1/quotes", json={"text": QUOTED, "kinds": kinds})
        batch = await c.post(
            "/v1/quotes:batch", json={"documents": [{"text": QUOTED}], "kinds": kinds}
        )
    for r in (one, batch):
        assert "$.kinds" in str(assert_kinds_problem(r, "invalid-body")["detail"])


@pytest.mark.parametrize(
    "value", ["", "nope", "direct,", "direct, indirect", "INDIRECT", "x" * 3000]
)
async def test_a_bad_query_value_is_a_400_naming_the_parameter_not_echoing_it(value):
    async with serve(stub_app()) as c:
        for kwargs in ({"json": {"text": QUOTED}}, {"content": QUOTED.encode(), "headers": PLAIN}):
            r = await c.post("/v1/quotes", params={"kinds": value}, **kwargs)
            body = assert_kinds_problem(r, "invalid-parameter")
            detail = str(body["detail"])
            assert "`kinds`" in detail and "`indirect`" in detail
            assert "nope" not in r.text and len(r.text) < 400  # the value is not echoed


async def test_a_batch_asks_for_every_document_at_once():
    backend = ReportingStub()
    docs = [{"id": "r", "text": REPORTED}, {"id": "q", "text": QUOTED}, {"id": "e", "text": " "}]
    async with serve(stub_app(backend)) as c:
        default = await c.post("/v1/quotes:batch", json={"documents": docs})
        asked = await c.post(
            "/v1/quotes:batch", json={"documents": docs, "kinds": ["direct", "indirect"]}
        )
    assert default.status_code == asked.status_code == 200, asked.text
    statuses = [i["status"] for i in asked.json()["results"]]
    assert statuses == [i["status"] for i in default.json()["results"]] == [200, 200, 400]
    found = [[q["kind"] for q in i["result"]["quotes"]] for i in asked.json()["results"][:2]]
    assert found == [["indirect"], ["direct"]]
    plain = [[q["kind"] for q in i["result"]["quotes"]] for i in default.json()["results"][:2]]
    assert plain == [[], ["direct"]]
