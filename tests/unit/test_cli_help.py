"""What the command line says about itself: its version, and every setting under serve."""

from __future__ import annotations

import re

from typer.testing import CliRunner

import service
from service.cli.app import app
from service.settings import Settings
from tests.conftest import ROOT


def test_version():
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"quote-service {service.__version__}"


def test_serve_help_and_the_readme_list_every_setting():
    help_text = re.sub(r"\s+", "", CliRunner().invoke(app, ["serve", "--help"]).stdout)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in Settings.__struct_fields__:
        variable = f"QUOTES_{name.upper()}"
        assert variable + "=" in help_text, variable
        assert f"`{variable}`" in readme, variable


def test_flags_show_no_value_placeholder():
    """`--version` and `--help` take no value: the help must not show `<bool>` after them."""
    for args in ([], ["extract"], ["serve"], ["backfill"], ["models", "where"]):
        text = CliRunner().invoke(app, [*args, "--help"]).stdout
        assert "--help" in text, args
        assert "<bool>" not in text, args
