"""`--kinds` on the command line: `quotes extract` with the models here (a stub that parses one
sentence of reported speech) and with `--url` (a live stub server), a bad value a usage error,
and `evaluate`'s default stated in its help."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from service.cli import app as cli
from service.cli.app import ExitCode, app
from service.pipeline.extractor import build_extractor
from tests.api.conftest import on_a_socket, stub_app
from tests.stubs import REPORTED, ReportingStub

QUOTED = '"We are ready," Lee said.'


@pytest.fixture
def articles(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(
        "".join(
            json.dumps({"id": i, "text": t}) + "\n" for i, t in (("r", REPORTED), ("q", QUOTED))
        )
    )
    return path


def extract(*args: str) -> list[dict]:
    result = CliRunner().invoke(app, ["extract", "--no-progress", *args])
    assert result.exit_code == ExitCode.OK, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def kinds(lines: list[dict]) -> list[list[str]]:
    return [[q["kind"] for q in line["quotes"]] for line in lines]


def test_extract_returns_reported_speech_only_when_asked(monkeypatch, articles):
    stub = ReportingStub()
    monkeypatch.setattr(
        cli, "_load_extractor", lambda settings: build_extractor(settings, lambda s: stub)
    )
    assert kinds(extract("--jsonl", str(articles))) == [[], ["direct"]]
    for asked in (["--kinds", "direct,indirect"], ["--kinds", "direct", "--kinds", "indirect"]):
        lines = extract("--jsonl", str(articles), *asked)
        assert kinds(lines) == [["indirect"], ["direct"]]
        assert lines[0]["quotes"][0]["speaker"] == "Ana Lee"
    assert kinds(extract("--jsonl", str(articles), "--kinds", "indirect")) == [["indirect"], []]


def test_extract_with_url_sends_the_kinds(articles):
    with on_a_socket(stub_app(ReportingStub())) as url:
        plain = extract("--jsonl", str(articles), "--url", url)
        asked = extract("--jsonl", str(articles), "--url", url, "--kinds", "indirect,direct")
    assert kinds(plain) == [[], ["direct"]]
    assert kinds(asked) == [["indirect"], ["direct"]]


@pytest.mark.parametrize("value", ["reported", "", "direct,", "direct, indirect"])
@pytest.mark.parametrize("command", ["extract", "evaluate", "backfill"])
def test_a_bad_kind_is_a_usage_error_before_any_work(monkeypatch, tmp_path, value, command):
    monkeypatch.setattr(cli, "_load_extractor", lambda settings: pytest.fail("models loaded"))
    (tmp_path / "a.jsonl").write_text(json.dumps({"text": QUOTED}) + "\n")
    args = {
        "extract": ["--jsonl", str(tmp_path / "a.jsonl")],
        "evaluate": [str(tmp_path / "a.jsonl")],
        "backfill": [str(tmp_path / "a.jsonl"), str(tmp_path / "out")],
    }[command]
    result = CliRunner().invoke(app, [command, *args, "--kinds", value])
    assert result.exit_code == ExitCode.USAGE, result.output
    assert "--kinds" in result.output and "indirect" in result.output
    assert not (tmp_path / "out").exists()


def test_the_defaults_are_stated_in_the_help():
    runner = CliRunner()
    extract_help = runner.invoke(app, ["extract", "--help"], terminal_width=200).stdout
    evaluate_help = runner.invoke(app, ["evaluate", "--help"], terminal_width=200).stdout
    assert "Default: direct,fragment." in " ".join(extract_help.split())
    assert "Default: direct,fragment,indirect" in " ".join(evaluate_help.split())
