"""The backfill on the stub backend: what it writes, bad documents, resume, a killed actor."""

from __future__ import annotations

import json
import os
import signal
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from service.settings import load_settings
from tests.backfill.conftest import (
    BAD_IDS,
    Stub,
    read_jsonl,
    without_timings,
    write_jsonl,
)
from tests.stubs import REPORTED, ReportingStub, StubBackend

pytestmark = [
    pytest.mark.ray,
    pytest.mark.usefixtures("ray_session"),
    pytest.mark.filterwarnings("ignore::DeprecationWarning:ray.*"),
]

TEXTS = [f'Line {i}.\n"Quote number {i} is here," she said.\nMore {i}.' for i in range(15)]


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    return write_jsonl(tmp_path / "in.jsonl", TEXTS)


def options(input_path: Path, output: Path, **kw):
    from service import backfill as bf

    return bf.Options(input=input_path, output=output, settings=load_settings(), **kw)


def tables(output: Path):
    import pyarrow.parquet as pq

    documents = pq.read_table(output / "documents").sort_by("seq").to_pylist()
    quotes = pq.read_table(output / "quotes").sort_by([("seq", "ascending")]).to_pylist()
    return documents, quotes


def extract_reference(monkeypatch, articles: Path, out: Path) -> list[dict]:
    """What `quotes extract --jsonl` writes for the same input, on the same (stub) backend."""
    from service.cli import app as cli
    from service.pipeline.extractor import build_extractor

    monkeypatch.setattr(cli, "_load_extractor", lambda settings: build_extractor(settings, Stub()))
    result = CliRunner().invoke(
        cli.app, ["extract", "--jsonl", str(articles), "-o", str(out), "--no-progress"]
    )
    assert result.exit_code == 1, result.output  # the bad documents
    return read_jsonl(out)


def test_output_equals_extract_and_bad_documents_are_error_rows(tmp_path, articles, monkeypatch):
    from service import backfill as bf

    out = tmp_path / "out"
    summary = bf.run_backfill(
        options(articles, out, actors=2, shard_docs=3, batch=2, jsonl=tmp_path / "bf.jsonl"),
        backend=Stub(),
    )
    assert (summary.total_docs, summary.docs, summary.failed) == (20, 20, 5)
    assert summary.jsonl_lines == 20

    reference = extract_reference(monkeypatch, articles, tmp_path / "extract.jsonl")
    assert without_timings(read_jsonl(tmp_path / "bf.jsonl")) == without_timings(reference)

    documents, quotes = tables(out)
    assert [d["seq"] for d in documents] == list(range(20))
    assert [d["id"] for d in documents] == [r.get("id") for r in reference]
    failed = [d for d in documents if d["status"] != 200]
    assert [d["id"] for d in failed] == BAD_IDS
    assert [json.loads(d["error"])["type"].rsplit("/", 1)[1] for d in failed] == [
        "malformed-json",
        "empty-text",
        "nul-in-text",
        "invalid-body",
        "text-too-long",
    ]
    assert failed[-1]["status"] == 413
    assert all(d["error"] is None for d in documents if d["status"] == 200)
    assert all(json.loads(d["models"]) == {"tokenize": "whitespace"} for d in documents)

    # the quotes table: one row per quotation of the responses, quote for quote
    expected = [
        (r["id"], q["id"], q["text"], q["start"], q["end"], q["speaker"], q["kind"])
        for r in reference
        for q in r.get("quotes", ())
    ]
    assert len(expected) == 15
    assert [
        (q["doc_id"], q["quote_id"], q["text"], q["start"], q["end"], q["speaker"], q["kind"])
        for q in quotes
    ] == expected


def test_txt_folder_and_parquet_inputs(tmp_path, monkeypatch):
    import pyarrow as pa
    import pyarrow.parquet as pq

    from service import backfill as bf

    monkeypatch.chdir(tmp_path)  # a relative FOLDER: ids as extract gives them, "articles/…"
    folder = Path("articles")
    (folder / "b").mkdir(parents=True)
    for i, text in enumerate(TEXTS[:4]):
        (folder / ("b" if i % 2 else "") / f"a{i}.txt").write_text(text, encoding="utf-8")
    (folder / "latin1.txt").write_bytes("caf\xe9".encode("latin-1"))
    summary = bf.run_backfill(options(folder, tmp_path / "out-txt", shard_docs=2), backend=Stub())
    assert (summary.docs, summary.failed) == (5, 1)
    documents, _ = tables(tmp_path / "out-txt")
    # the ids `quotes extract FOLDER` gives
    assert [d["id"] for d in documents] == [str(p) for p in sorted(folder.rglob("*.txt"))]
    assert documents[0]["id"] == "articles/a0.txt"
    assert documents[0]["source"] == str(tmp_path.resolve() / "articles" / "a0.txt")
    assert [d["status"] for d in documents if d["id"].endswith("latin1.txt")] == [400]

    table = pa.table({"id": [1, 2, 3], "text": [TEXTS[0], None, TEXTS[2]]})
    pq.write_table(table, tmp_path / "in.parquet", row_group_size=2)
    summary = bf.run_backfill(
        options(tmp_path / "in.parquet", tmp_path / "out-pq", shard_docs=2), backend=Stub()
    )
    assert (summary.docs, summary.failed) == (3, 1)
    documents, quotes = tables(tmp_path / "out-pq")
    assert [(d["id"], d["status"], d["quotes"]) for d in documents] == [
        ("1", 200, 1),
        ("2", 400, 0),
        ("3", 200, 1),
    ]
    assert [q["doc_id"] for q in quotes] == ["1", "3"]


class Interrupted(Exception):
    pass


def test_resume_skips_finished_documents(tmp_path, articles):
    from service import backfill as bf

    out = tmp_path / "out"
    first_run: list[int] = []

    def stop_after_two(row, summary):
        first_run.append(row["shard"])
        if len(first_run) == 2:
            raise Interrupted  # the run dies here, as a ^C or a lost driver would

    with pytest.raises(Interrupted):
        bf.run_backfill(
            options(articles, out, shard_docs=4, batch=1),
            backend=Stub(delay=0.2),
            on_shard=stop_after_two,
        )
    done = bf.done_shards(out)
    assert set(first_run) <= done and len(done) < 5

    summary = bf.run_backfill(options(articles, out, jsonl=tmp_path / "all.jsonl"), backend=Stub())
    # the shard size is kept from OUTPUT; shards an interrupted actor finished late count too
    assert summary.skipped_docs >= 4 * len(done)
    assert summary.docs == 20 - summary.skipped_docs
    assert not done & {row["shard"] for row in summary.shards}
    documents, quotes = tables(out)
    assert [d["seq"] for d in documents] == list(range(20))  # each document exactly once
    assert len(quotes) == 15
    assert len(read_jsonl(tmp_path / "all.jsonl")) == 20

    # a third run finds everything done and starts no work
    summary = bf.run_backfill(options(articles, out), backend=Stub())
    assert (summary.skipped_docs, summary.docs, summary.shards) == (20, 0, [])


def test_an_output_of_another_input_is_refused(tmp_path, articles):
    from service import backfill as bf

    out = tmp_path / "out"
    bf.run_backfill(options(articles, out, shard_docs=10), backend=Stub())
    with pytest.raises(bf.BackfillError, match="another input or shard size"):
        bf.run_backfill(options(articles, out, shard_docs=5), backend=Stub())
    other = write_jsonl(tmp_path / "other.jsonl", TEXTS[:-1])
    with pytest.raises(bf.BackfillError, match="another input or shard size"):
        bf.run_backfill(options(other, out), backend=Stub())


@dataclass(frozen=True)
class Reporting:
    """A picklable factory of the stub that parses `REPORTED` (reported speech to find)."""

    def __call__(self, settings: object) -> ReportingStub:
        return ReportingStub()


def test_reported_speech_rows_when_asked_and_the_kinds_kept_for_a_rerun(tmp_path):
    from service import backfill as bf
    from service.schemas import QuoteKind

    source = tmp_path / "in.jsonl"
    lines = [{"id": "r", "text": REPORTED}, {"id": "q", "text": TEXTS[0]}]
    source.write_text("".join(json.dumps(line) + "\n" for line in lines))
    out, plain_out = tmp_path / "out", tmp_path / "plain"
    asked = (QuoteKind.DIRECT, QuoteKind.INDIRECT)
    bf.run_backfill(options(source, out, shard_docs=1, kinds=asked), backend=Reporting())
    bf.run_backfill(options(source, plain_out), backend=Reporting())
    _, quotes = tables(out)
    assert [(q["doc_id"], q["kind"]) for q in quotes] == [("r", "indirect"), ("q", "direct")]
    reported = quotes[0]
    assert (reported["text"], reported["cue"]) == ("the talks would resume", "said")
    assert (reported["speaker"], reported["speaker_key"]) == ("Ana Lee", "person:ana-lee")
    assert REPORTED[reported["start"] : reported["end"]] == reported["text"]
    assert [q["kind"] for q in tables(plain_out)[1]] == ["direct"]
    # a rerun asks what the first run asked, unless it says otherwise: then it is refused
    (out / "documents" / "part-000000.parquet").unlink()
    rerun = bf.run_backfill(options(source, out), backend=Reporting())
    assert rerun.docs == 1 and [q["kind"] for q in tables(out)[1]] == ["indirect", "direct"]
    with pytest.raises(bf.BackfillError, match="kinds direct,indirect"):
        bf.run_backfill(options(source, out, kinds=(QuoteKind.DIRECT,)), backend=Reporting())
    with pytest.raises(bf.BackfillError, match="kinds direct,fragment"):
        bf.run_backfill(options(source, plain_out, kinds=asked), backend=Reporting())


def test_a_killed_actor_loses_and_duplicates_nothing(tmp_path, articles):
    from service import backfill as bf

    out = tmp_path / "out"
    killed: list[int] = []

    def kill_the_actor(row, summary):
        if not killed:  # after its first shard, mid-way through the next ones
            killed.append(row["pid"])
            os.kill(row["pid"], signal.SIGKILL)

    summary = bf.run_backfill(
        options(articles, out, shard_docs=2, batch=1),
        backend=Stub(delay=0.15),
        on_shard=kill_the_actor,
    )
    pids = {row["pid"] for row in summary.shards}
    assert killed and pids - set(killed)  # a new actor process took over
    documents, quotes = tables(out)
    assert [d["seq"] for d in documents] == list(range(20))
    assert len(quotes) == 15
    assert sorted(row["shard"] for row in summary.shards) == list(range(10))
    assert summary.docs == 20


def test_a_document_the_backend_chokes_on_is_an_error_row():
    """No Ray needed: the analysis of a shard retries a failing batch one document at a time."""
    from service import backfill as bf
    from service.pipeline.batches import LocalTarget
    from service.pipeline.extractor import QuoteExtractor
    from service.pipeline.sources import Source

    target = LocalTarget(QuoteExtractor(StubBackend()), load_settings(), bf.OffsetUnit.CODEPOINT)
    texts = [TEXTS[0], "POISON " + TEXTS[1], TEXTS[2]]
    sources = [Source(id=f"p{i}", read=lambda t=t: t) for i, t in enumerate(texts)]
    items = bf.analyze_shard(target, sources, batch=8)
    assert [(i.id, i.status) for i in items] == [("p0", 200), ("p1", 500), ("p2", 200)]
    assert items[1].error is not None and "POISON" in items[1].error.detail
