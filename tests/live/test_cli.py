"""`python -m service extract` on the real models: in this process, in a subprocess (the real
entry point), and against the live service with --url."""

from __future__ import annotations

import json
import subprocess
import sys

import httpx
import pytest
from typer.testing import CliRunner

from service.cli.app import ExitCode, app
from tests.conftest import ROOT, SEED_ARTICLE, models_dir, spans

pytestmark = pytest.mark.models
SCORER = ROOT.parent / "shared" / "eval" / "score.py"


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(app, ["extract", *args], input=input)


@pytest.fixture
def local_models(monkeypatch, stanza_backend):
    """Local runs share the session's loaded pipeline instead of loading their own."""
    monkeypatch.setattr("service.pipeline.extractor.nlp_backend", lambda settings: stanza_backend)


def jsonl(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines()]


def test_a_folder_locally_through_the_real_entry_point(tmp_path, seed_golden):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "seed.txt").write_text(SEED_ARTICLE.read_text(encoding="utf-8"))
    (tmp_path / "a_blank.txt").write_text("  \n")
    (tmp_path / "b_latin1.txt").write_bytes('Caf\xe9 said: "non".'.encode("latin-1"))
    (tmp_path / "notes.md").write_text('"Not a text file," she said.')
    env = {
        "QUOTES_MODELS_DIR": str(models_dir()),
        "QUOTES_TORCH_THREADS": "1",
        "PATH": "/usr/bin:/bin",
    }
    proc = subprocess.run(
        [sys.executable, "-m", "service", "extract", str(tmp_path), "--progress"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == ExitCode.DOCUMENTS_FAILED, proc.stderr
    blank, latin1, seed = jsonl(proc.stdout)  # jsonl: the default for a folder; sorted paths
    assert blank["id"].endswith("a_blank.txt") and blank["status"] == 400
    assert blank["error"]["title"] == "Empty text"
    assert latin1["id"].endswith("b_latin1.txt")
    assert latin1["error"]["type"].endswith("invalid-utf8")
    assert seed["id"].endswith("seed.txt")
    assert spans(seed["quotes"]) == seed_golden
    assert "2 of 3 documents failed" in proc.stderr
    assert "3/3" in proc.stderr  # the progress bar


def test_jsonl_out_is_what_the_scorer_reads(tmp_path, local_models, seed_text):
    if not SCORER.exists():
        pytest.skip(f"no scorer at {SCORER}")
    gold = tmp_path / "gold.jsonl"
    golden = json.loads(SEED_ARTICLE.with_suffix(".json").read_text())
    gold.write_text(
        json.dumps({"id": "seed", "text": seed_text, "quotes": golden["quotes"]}) + "\n"
    )
    pred = tmp_path / "pred.jsonl"
    result = run("--jsonl", str(gold), "--out", str(pred))
    assert result.exit_code == ExitCode.OK, result.stderr
    (line,) = jsonl(pred.read_text())
    score = subprocess.run(
        [sys.executable, str(SCORER), str(gold), str(pred), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "warning" not in score.stderr
    results = json.loads(score.stdout)["ALL"]
    assert results["pred_quotes"] == len(line["quotes"]) > 0
    assert results["matched"] > 0


def test_url_one_file_prints_the_api_response(live_url):
    result = run(str(SEED_ARTICLE), "--url", live_url)
    assert result.exit_code == ExitCode.OK, result.stderr
    printed = json.loads(result.stdout)  # a single file: one JSON object
    text = SEED_ARTICLE.read_text(encoding="utf-8")
    api = httpx.post(
        f"{live_url}/v1/quotes", json={"text": text, "id": str(SEED_ARTICLE)}, timeout=300
    ).json()
    assert printed["id"] == str(SEED_ARTICLE)
    assert printed["quotes"] == api["quotes"] and printed["speakers"] == api["speakers"]


def test_url_stdin_as_a_table(live_url, seed_text):
    result = run("-", "--url", live_url, "--format", "table", input=seed_text)
    assert result.exit_code == ExitCode.OK, result.stderr
    out = result.stdout
    assert "speaker" in out and "quote" in out and "cue" in out
    for name in ("Keir Starmer", "Donald Trump", "Mark Rutte"):
        assert name in out
    assert "breakthrough" in out and "told" in out


def test_url_jsonl_lines_that_fail_keep_their_place(live_url, tmp_path):
    good = 'Anna Lee, the mayor, spoke on Monday.\n"We will rebuild the bridge," Lee said.'
    lines = [
        json.dumps({"id": "good", "text": good}),
        "{not json",
        json.dumps({"id": "no-text"}),
        json.dumps({"id": "empty", "text": " "}),
        json.dumps({"id": "again", "text": good}),
    ]
    (tmp_path / "in.jsonl").write_text("\n".join(lines) + "\n")
    result = run("--jsonl", str(tmp_path / "in.jsonl"), "--url", live_url, "--batch", "2")
    assert result.exit_code == ExitCode.DOCUMENTS_FAILED
    out = jsonl(result.stdout)
    assert [o["id"] for o in out] == ["good", None, "no-text", "empty", "again"]
    assert [o.get("status", 200) for o in out] == [200, 400, 400, 400, 200]
    assert out[0]["quotes"][0]["speaker"] == "Anna Lee"
    assert out[0]["quotes"] == out[4]["quotes"]
    assert "3 of 5 documents failed" in result.stderr


def test_url_folder_as_one_json_array(live_url, tmp_path):
    for name, who in (("a.txt", "Anna Lee"), ("b.txt", "Tom Baker")):
        surname = who.split()[1]
        (tmp_path / name).write_text(f'{who} spoke on Monday.\n"We are ready," {surname} said.')
    result = run(str(tmp_path), "--url", live_url, "--format", "json")
    assert result.exit_code == ExitCode.OK, result.stderr
    a, b = json.loads(result.stdout)
    assert (a["id"], b["id"]) == (str(tmp_path / "a.txt"), str(tmp_path / "b.txt"))
    assert a["quotes"][0]["speaker"] == "Anna Lee" and b["quotes"][0]["speaker"] == "Tom Baker"
