"""The install (scripts/setup.sh, the locks): what serving pulls in, hashes, CPU torch only,
the stamp that decides "set up", and the one rule for where the models are."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.conftest import ROOT

LOCKS = ROOT / "locks"
CUDA = re.compile(r"^(nvidia-|cuda-|triton\b)", re.I)
# What only development needs: none of it may be installed to serve.
NOT_FOR_SERVING = {
    "ray",
    "pyarrow",
    "pandas",
    "playwright",
    "mypy",
    "pytest",
    "ruff",
    "schemathesis",
}


def pins(lock: str) -> dict[str, str]:
    """name -> version of every pin in locks/LOCK.txt, asserting each carries a hash."""
    text = (LOCKS / f"{lock}.txt").read_text()
    found = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", text):
        if m := re.match(r"([A-Za-z0-9._-]+)==(\S+)", block):
            assert "--hash=sha256:" in block, f"{lock}: {m[1]} has no hash"
            found[m[1].lower().replace("_", "-")] = m[2]
    return found


def names(requirements: list[str]) -> set[str]:
    return {re.match(r"[A-Za-z0-9._-]+", r)[0].lower().replace("_", "-") for r in requirements}


PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


@pytest.mark.parametrize("lock", ["serve", "dev", "ray"])
def test_every_lock_is_hashed_cpu_only_and_leaves_torch_to_its_own_step(lock):
    found = pins(lock)
    assert len(found) > 40
    assert [n for n in found if CUDA.match(n)] == []
    assert "torch" not in found  # installed first, alone: its hash depends on the source
    assert set(found) <= set(pins("dev"))
    assert {n: v for n, v in found.items() if pins("dev")[n] != v} == {}  # the same versions


def test_serving_pulls_in_the_service_and_nothing_for_development():
    serve = set(pins("serve"))
    assert names(PROJECT["dependencies"]) <= serve
    assert serve & NOT_FOR_SERVING == set()
    dev = set(pins("dev"))
    for extra in ("test", "dev", "otel", "ray"):
        assert names(PROJECT["optional-dependencies"][extra]) <= dev, extra
    assert names(PROJECT["optional-dependencies"]["ray"]) <= set(pins("ray"))


def test_the_quick_start_sets_up_for_serving_and_the_test_command_for_everything():
    assert "./scripts/setup.sh serve |" in (ROOT / "scripts" / "serve.sh").read_text()
    assert "./scripts/setup.sh dev |" in (ROOT / "scripts" / "test.sh").read_text()
    setup = (ROOT / "scripts" / "setup.sh").read_text()
    assert "--require-hashes --no-deps -r" in setup
    assert "import service" not in setup  # no import probes: the stamp decides


@pytest.fixture
def checkout(tmp_path):
    """A copy of what the stamp covers, with this venv's Python, stamped as setup.sh stamps."""
    for folder in ("scripts", "locks"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    (tmp_path / ".venv" / "bin").mkdir(parents=True)
    (tmp_path / ".venv" / "bin" / "python").symlink_to(sys.executable)
    return tmp_path


def check(root: Path, profile: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", str(root / "scripts" / "setup.sh"), "--check", profile],
        capture_output=True,
        text=True,
        timeout=60,
    )


def stamp(root: Path, profile: str) -> None:
    """The stamp setup.sh writes after installing (its stamp_of function, run alone)."""
    script = (root / "scripts" / "setup.sh").read_text()
    body = re.search(r"stamp_of\(\) \{.*?\n\}\n", script, re.S)[0]
    out = subprocess.run(
        ["bash", "-c", f"cd {root} && {body}\nstamp_of {profile}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    (root / ".venv" / f".setup-{profile}").write_text(out)


def test_set_up_is_decided_by_the_stamp_of_the_lock_and_pyproject(checkout):
    assert check(checkout, "serve").returncode == 1  # never set up
    stamp(checkout, "serve")
    assert check(checkout, "serve").returncode == 0
    assert check(checkout, "dev").returncode == 1  # serving's install is not everything
    pyproject = checkout / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text().replace('"msgspec>=0.18",', '"msgspec>=0.18", "new-dependency",')
    )
    changed = check(checkout, "serve")
    assert changed.returncode == 1 and "pyproject.toml" in changed.stderr


def test_a_changed_lock_means_not_set_up(checkout):
    stamp(checkout, "dev")
    assert check(checkout, "dev").returncode == 0
    assert check(checkout, "serve").returncode == 0  # everything includes serving
    with (checkout / "locks" / "dev.txt").open("a") as f:
        f.write("\n# a refreshed lock\n")
    assert check(checkout, "dev").returncode == 1


def where(env: dict[str, str]) -> str:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in ("QUOTES_MODELS_DIR", "STANZA_RESOURCES_DIR")
    }
    return subprocess.run(
        [sys.executable, "-m", "service", "models", "where"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def test_one_rule_for_where_the_models_are(tmp_path):
    """QUOTES_MODELS_DIR, else STANZA_RESOURCES_DIR, else ~/stanza_resources: not Stanza's own
    default, which moves with its version (~/.cache/stanza/1.15.0/resources)."""
    assert where({"HOME": str(tmp_path)}) == str(tmp_path / "stanza_resources")
    assert where({"HOME": str(tmp_path), "STANZA_RESOURCES_DIR": "/srv/m"}) == "/srv/m"
    assert where({"STANZA_RESOURCES_DIR": "/srv/m", "QUOTES_MODELS_DIR": "/srv/q"}) == "/srv/q"
    setup = (ROOT / "scripts" / "setup.sh").read_text()
    assert "-m service models where" in setup


def test_the_cli_and_the_server_look_where_the_rule_says(tmp_path):
    from service.nlp import stanza_backend
    from service.settings import default_models_dir

    assert stanza_backend.default_models_dir is default_models_dir
    (tmp_path / "a.txt").write_text('"Hello," she said.')
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("QUOTES_MODELS_DIR", "STANZA_RESOURCES_DIR")
    }
    proc = subprocess.run(
        [sys.executable, "-m", "service", "extract", str(tmp_path / "a.txt")],
        cwd=ROOT,
        env={**env, "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 4
    assert f"no usable English Stanza models in {tmp_path / 'stanza_resources'}" in proc.stderr
