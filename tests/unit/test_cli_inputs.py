"""What `quotes extract` does with input that holds nothing to analyze, and how it reports
problems: decided before any model is loaded, one line a problem on stderr, no null members."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from service.cli import app as cli
from service.cli.app import ExitCode, app


@pytest.fixture(autouse=True)
def no_models(monkeypatch):
    """Loading the models is a failure here: everything below must be decided without them."""

    def refuse(settings):
        raise AssertionError("the models were loaded")

    monkeypatch.setattr(cli, "_load_extractor", refuse)


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(app, ["extract", *args], input=input)


def test_an_empty_folder_is_a_usage_error(tmp_path):
    (tmp_path / "notes.md").write_text("not a text file")
    result = run(str(tmp_path))
    assert result.exit_code == ExitCode.USAGE
    assert f"error: no *.txt files in the folder {tmp_path}" in result.stderr
    assert result.stdout == ""


def test_an_empty_jsonl_file_is_a_usage_error(tmp_path):
    (tmp_path / "in.jsonl").write_text("\n\n")
    result = run("--jsonl", str(tmp_path / "in.jsonl"))
    assert result.exit_code == ExitCode.USAGE
    assert "error: no documents in the input" in result.stderr


def test_an_empty_file_fails_without_loading_the_models(tmp_path):
    (tmp_path / "a.txt").write_text("")
    result = run(str(tmp_path / "a.txt"))
    assert result.exit_code == ExitCode.DOCUMENTS_FAILED
    assert f"error: {tmp_path / 'a.txt'}: Empty text:" in result.stderr
    body = json.loads(result.stdout)
    assert body["status"] == 400 and body["error"]["title"] == "Empty text"


def test_a_per_document_problem_has_no_null_members(tmp_path):
    (tmp_path / "a.txt").write_text(" \n")
    (tmp_path / "b.txt").write_text("x" * 200_001)  # over the text limit: limit and length
    result = run(str(tmp_path), "-f", "jsonl")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["status"] for line in lines] == [400, 413]
    for line in lines:
        assert None not in line["error"].values(), line["error"]
    assert lines[0]["error"]["field"] == "text" and "limit" not in lines[0]["error"]
    assert lines[1]["error"]["limit"] == 200_000


def test_a_long_problem_stays_on_one_line_of_stderr():
    doc_id = "archive/2024/" + "a-very-long-article-name-" * 6
    line = json.dumps({"id": doc_id, "text": "\u200b"})
    result = run("--jsonl", "-", input=line + "\n")
    assert result.exit_code == ExitCode.DOCUMENTS_FAILED
    errors = [s for s in result.stderr.splitlines() if s.startswith("error:")]
    assert errors == [f"error: {doc_id}: Empty text: `text` holds no visible characters."], (
        result.stderr
    )
