"""The exit codes scripts rely on, for everything that fails before any document is analyzed."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from service.cli.app import EXIT_CODES, ExitCode, app
from service.server.devserver import free_port


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(app, ["extract", *args], input=input)


@pytest.mark.parametrize(
    "args",
    [
        (),  # no input at all
        ("no/such/file.txt",),  # a path that does not exist
        ("-", "-"),  # stdin twice
        ("--batch", "65", "x.txt"),  # over the batch limit
        ("--format", "yaml", "x.txt"),  # unknown format
        ("--jsonl", "no/such/file.jsonl"),
        ("-", "--jsonl", "-"),  # stdin twice, another way
        ("-", "--out", "no/such/folder/out.json"),
    ],
)
def test_usage_errors_exit_2(args):
    result = run(*args)
    assert result.exit_code == ExitCode.USAGE == 2
    assert result.stdout == ""


def test_an_unreachable_service_exits_3(tmp_path):
    (tmp_path / "a.txt").write_text('"Hello," she said.')
    result = run(str(tmp_path / "a.txt"), "--url", f"http://127.0.0.1:{free_port()}")
    assert result.exit_code == ExitCode.UNREACHABLE == 3
    assert "no answer" in result.stderr


def test_missing_local_models_exit_4(tmp_path):
    (tmp_path / "a.txt").write_text('"Hello," she said.')
    result = run(str(tmp_path / "a.txt"), "--models-dir", str(tmp_path / "empty"))
    assert result.exit_code == ExitCode.REFUSED == 4
    assert "cannot load the NLP models" in result.stderr


def test_the_codes_are_documented_in_the_help():
    result = CliRunner().invoke(app, ["extract", "--help"])
    text = " ".join(result.stdout.split())  # undo the help's line wrapping
    for code, meaning in EXIT_CODES.items():
        assert f"{code.value} {meaning}" in text
