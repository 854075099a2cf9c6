"""The backfill on the real models: the same answers as `quotes extract --jsonl`, quote for
quote, from an actor that loaded the models itself (torch pinned to its one CPU)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.backfill.conftest import BAD_IDS, read_jsonl, without_timings, write_jsonl
from tests.conftest import ROOT, SEED_ARTICLE, models_dir

pytestmark = [
    pytest.mark.ray,
    pytest.mark.models,
    pytest.mark.usefixtures("ray_session"),
    pytest.mark.filterwarnings("ignore::DeprecationWarning:ray.*"),
]

DEV = ROOT.parent / "shared" / "eval" / "dev.jsonl"


def head(text: str, limit: int = 1500) -> str:
    """The paragraphs of an article that fit in `limit` characters (keeps the test quick)."""
    out = ""
    for paragraph in text.split("\n"):
        if out and len(out) + len(paragraph) + 1 > limit:
            break
        out += ("\n" if out else "") + paragraph
    return out


def texts() -> list[str]:
    """The seed article and the beginnings of 14 dev-set articles (read from ../shared)."""
    if not DEV.exists():
        pytest.fail(f"no evaluation set at {DEV}")
    with DEV.open(encoding="utf-8") as f:
        dev = [json.loads(line)["text"] for line, _ in zip(f, range(14), strict=False)]
    return [SEED_ARTICLE.read_text(encoding="utf-8"), *(head(t) for t in dev)]


@pytest.fixture(scope="module")
def settings():
    from service.settings import load_settings

    return load_settings(models_dir=models_dir(), torch_threads=1)


def test_backfill_equals_extract_quote_for_quote(tmp_path: Path, settings):
    """`quotes backfill` end to end (it joins this module's Ray session), then `quotes
    extract --jsonl` on the same input: the same responses, the same quotes."""
    from service.cli import app as cli

    articles = write_jsonl(tmp_path / "in.jsonl", texts())
    run = CliRunner().invoke(
        cli.app,
        [
            *("backfill", str(articles), str(tmp_path / "out"), "--actors", "1"),
            *("--cpus-per-actor", "1", "--shard-docs", "10"),
            *("--jsonl", str(tmp_path / "backfill.jsonl")),
            *("--models-dir", str(settings.models_dir)),
        ],
    )
    assert run.exit_code == 1, run.output  # 1: the five bad documents are error rows
    assert "backfill: 20/20 docs (100%)" in run.output and "docs/s, ETA" in run.output
    assert "20 documents analyzed, 0 already in" in run.output

    # the reference: `quotes extract --jsonl` in this process, on the backend it loads
    run = CliRunner().invoke(
        cli.app,
        [
            *("extract", "--jsonl", str(articles), "-o", str(tmp_path / "extract.jsonl")),
            *("--no-progress", "--models-dir", str(settings.models_dir)),
        ],
    )
    assert run.exit_code == 1, run.output  # the five bad documents
    reference = read_jsonl(tmp_path / "extract.jsonl")

    backfilled = read_jsonl(tmp_path / "backfill.jsonl")
    assert without_timings(backfilled) == without_timings(reference)
    assert sum(len(r.get("quotes", ())) for r in reference) >= 15
    assert [r.get("id") for r in reference if "error" in r] == BAD_IDS

    import pyarrow.parquet as pq

    quotes = pq.read_table(tmp_path / "out" / "quotes").sort_by("seq").to_pylist()
    assert [
        (q["doc_id"], q["quote_id"], q["start"], q["end"], q["speaker"], q["confidence"])
        for q in quotes
    ] == [
        (r["id"], q["id"], q["start"], q["end"], q["speaker"], q["confidence"])
        for r in reference
        for q in r.get("quotes", ())
    ]
    # each row carries its speaker's key, what counting across articles groups by
    keys = {(r["id"], s["id"]): s["key"] for r in reference for s in r.get("speakers", ())}
    assert [q["speaker_key"] for q in quotes] == [
        keys.get((q["doc_id"], q["speaker_id"])) for q in quotes
    ]
    assert any(q["speaker_key"] for q in quotes)
    documents = pq.read_table(tmp_path / "out" / "documents").to_pylist()
    models = {d["models"] for d in documents}
    assert len(models) == 1 and "depparse" in json.loads(models.pop())
