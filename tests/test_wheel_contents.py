"""The service's wheel carries every file of the package, data included (the word lists, the web
page): built the way the Containerfile's wheel stage builds it, from a copy of what it copies."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT


def test_the_wheel_holds_every_file_of_the_package(tmp_path: Path):
    pytest.importorskip("setuptools")
    src = tmp_path / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, src / name)
    shutil.copytree(ROOT / "service", src / "service", ignore=shutil.ignore_patterns("__pycache__"))
    # as the Containerfile's wheel stage runs it
    pip = [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation"]
    dist = tmp_path / "dist"
    subprocess.run([*pip, "--wheel-dir", str(dist), str(src)], check=True, capture_output=True)
    (wheel,) = dist.glob("quote_service-*.whl")
    packed = set(zipfile.ZipFile(wheel).namelist())
    files = {p.relative_to(src).as_posix() for p in (src / "service").rglob("*") if p.is_file()}
    assert files - packed == set()
    assert "service/attribution/words/speech_verbs.txt" in packed
