"""Without the ray extra, `backfill` says what to install, and nothing else loads Ray."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

HIDE_RAY = "import sys; sys.modules['ray'] = None; sys.modules['ray.data'] = None\n"


def test_backfill_without_ray_exits_2_naming_the_extra(tmp_path):
    (tmp_path / "in.jsonl").write_text('{"id": "a", "text": "x"}\n')
    code = (
        HIDE_RAY + "from service.cli.app import app\n"
        f"app(['backfill', {str(tmp_path / 'in.jsonl')!r}, {str(tmp_path / 'out')!r}])\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 2, run.stderr
    assert "pip install '.[ray]'" in run.stderr
    assert not (tmp_path / "out").exists()


def test_the_cli_does_not_import_ray_or_pyarrow():
    code = (
        "import sys\nimport service.cli.app, service.backfill\n"
        "print(sorted({'ray', 'pyarrow'} & set(sys.modules)))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert run.stdout.strip() == "[]"
