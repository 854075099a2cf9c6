"""The extractor's path for a request (stub backend, no models): one `Article` struct from end to
end, the quotations found once per article for both the backend's focus and attribution, and
offsets converted in one place for single requests, batches and the CLI alike."""

from __future__ import annotations

import msgspec
import pytest

import service.attribution.engine as engine
import service.pipeline.extractor as extractor_module
from service.attribution.reported import speech_intervals
from service.attribution.spans import quote_spans
from service.pipeline.article import Article
from service.pipeline.extractor import QuoteExtractor, build_extractor
from service.pipeline.workers import _decode_job, _encode, _Job
from service.schemas import DEFAULT_KINDS, BatchDocument, OffsetUnit, QuoteKind
from service.settings import Settings
from tests.stubs import REPORTED, ReportingStub, StubBackend

TEXTS = [
    'Ana Lee spoke on Monday.\n"We are ready," Lee said.',
    "No quotation here.",
    'Bo Chan 🚀 said: "Yes 🚀 indeed, we agree."\n🚀 "We will come back to it," he added.',
]


def test_quotations_are_found_once_per_article_and_focus_the_backend(monkeypatch):
    calls: list[str] = []
    find = extractor_module.find_quotes

    def counted(text: str):
        calls.append(text)
        return find(text)

    def not_again(text: str):
        raise AssertionError("attribution searched the marks again")

    monkeypatch.setattr(extractor_module, "find_quotes", counted)
    monkeypatch.setattr(engine, "find_quotes", not_again)
    backend = StubBackend()
    out = QuoteExtractor(backend).run([Article(text=t, id=f"d{i}") for i, t in enumerate(TEXTS)])
    assert calls == TEXTS  # once each, in order
    assert backend.foci == [[quote_spans(t) for t in TEXTS]]  # one focus per text
    assert [r.id for r in out] == ["d0", "d1", "d2"]
    assert [len(r.quotes) for r in out] == [1, 0, 2]


def test_without_the_reduced_analysis_the_backend_gets_no_focus():
    backend = StubBackend()
    settings = Settings(reduce_nlp=False)
    extractor = build_extractor(settings, lambda s: backend)
    (response,) = extractor.run([Article(text=TEXTS[0])])
    assert backend.foci == [None]
    assert [q.text for q in response.quotes] == ["We are ready,"]
    assert build_extractor(Settings(reduce_nlp=True), lambda s: backend).reduce_nlp


def test_the_article_asks_for_its_offsets_and_gets_them():
    text = TEXTS[2]
    extractor = QuoteExtractor(StubBackend())
    plain, utf16 = extractor.run([Article(text=text), Article(text=text, offsets=OffsetUnit.UTF16)])
    assert plain.meta.offsets is OffsetUnit.CODEPOINT and utf16.meta.offsets is OffsetUnit.UTF16
    for cp, u16 in zip(plain.quotes, utf16.quotes, strict=True):
        assert text[cp.start : cp.end] == cp.text
        units = text.encode("utf-16-le")[2 * u16.start : 2 * u16.end].decode("utf-16-le")
        assert units == u16.text
        assert u16.start > cp.start  # an emoji before each quote: two units, one code point


@pytest.mark.parametrize("offsets", list(OffsetUnit))
def test_a_batch_gets_the_same_offsets_as_single_articles(offsets):
    extractor = QuoteExtractor(StubBackend())
    docs = [BatchDocument(id=f"d{i}", text=t) for i, t in enumerate(TEXTS)] + [
        BatchDocument(id="empty", text=" ")
    ]
    items = extractor.run_batch(docs, max_chars=1000, offsets=offsets)
    singles = extractor.run([Article(text=d.text, id=d.id, offsets=offsets) for d in docs[:3]])
    assert (
        [i.result for i in items[:3]]
        == [
            msgspec.structs.replace(s, meta=i.result.meta)  # timings differ
            for s, i in zip(singles, items[:3], strict=True)
            if i.result is not None
        ]
    )
    assert items[3].status == 400 and items[3].result is None


def test_an_article_crosses_to_a_worker_process_whole():
    job = _Job(
        items=[
            Article(text="ä 🚀", id="x", offsets=OffsetUnit.UTF16, kinds=(QuoteKind.INDIRECT,)),
            Article(text="b"),
        ]
    )
    assert _decode_job(_encode(job)).items == job.items
    assert job.items[1].kinds == DEFAULT_KINDS


ALL_KINDS = tuple(QuoteKind)


def test_the_focus_widens_to_the_words_of_saying_only_for_an_article_that_asks():
    text = TEXTS[0] + "\nLater she told reporters the plan had changed."
    backend = StubBackend()
    QuoteExtractor(backend).run(
        [Article(text=text), Article(text=text, kinds=ALL_KINDS), Article(text=TEXTS[1])]
    )
    ((default, indirect, none),) = backend.foci
    assert default == quote_spans(text)  # the work of a request before reported speech
    assert none == []  # no quotation, no indirect asked: nothing to analyze
    told = text.index("told")
    assert (told, told + 4) in speech_intervals(text)
    assert indirect == sorted(quote_spans(text) + speech_intervals(text))
    assert not any(a <= told < b for a, b in default)


def test_an_article_without_quotations_is_analyzed_for_reported_speech():
    backend = StubBackend()
    QuoteExtractor(backend).run([Article(text=REPORTED), Article(text=REPORTED, kinds=ALL_KINDS)])
    assert backend.foci == [[[], [(REPORTED.index("said"), REPORTED.index("said") + 4)]]]


def test_each_article_of_a_batch_gets_the_kinds_it_asked_for():
    asked = [DEFAULT_KINDS, ALL_KINDS, (QuoteKind.INDIRECT,), (QuoteKind.DIRECT,)]
    out = QuoteExtractor(ReportingStub()).run([Article(text=REPORTED, kinds=k) for k in asked])
    assert [[q.kind for q in r.quotes] for r in out] == [[], ["indirect"], ["indirect"], []]
    (item,) = out[1].quotes
    assert (item.text, item.speaker, item.cue and item.cue.text) == (
        "the talks would resume",
        "Ana Lee",
        "said",
    )
    assert out[1].speakers[0].quote_ids == (item.id,)


def test_a_batch_passes_its_kinds_to_every_document():
    extractor = QuoteExtractor(ReportingStub())
    docs = [BatchDocument(id="a", text=REPORTED), BatchDocument(id="b", text=REPORTED)]
    plain = extractor.run_batch(docs, max_chars=1000)
    reported = extractor.run_batch(docs, max_chars=1000, kinds=ALL_KINDS)
    assert [len(i.result.quotes) for i in plain if i.result] == [0, 0]
    assert [i.result.quotes[0].kind for i in reported if i.result] == ["indirect"] * 2
