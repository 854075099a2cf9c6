"""The container smoke test: build the image with podman (MODELS=local), run it read-only as
uid 10001, and check it the way a deployment would. Skips without podman, except under CI=true,
where a missing podman fails the run (scripts/install-container-tools.sh installs it)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest

from service.server.devserver import HOST, free_port
from tests.conftest import ROOT, models_dir

# This machine's podman: runc (crun fails on its cgroups), cgroupfs, limits lowered not raised,
# the host's network (the only way out to the package registries, and loopback for the test).
PODMAN = ["podman", "--runtime", "runc", "--cgroup-manager=cgroupfs"]
RUN_FLAGS = ["--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024", "--network", "host"]
IMAGE = os.environ.get("QUOTES_TEST_IMAGE", "localhost/quotes:test")
READY_WITHIN = 120.0
"""Seconds a started container has to answer /health/ready with 200."""
MAX_BODY = 65536
"""QUOTES_MAX_BODY_BYTES in the container, and in the in-process app it is compared with."""
MAX_CHARS = 1000


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "container: builds and runs the service image with podman (CI=true: required)"
    )


def podman(*args: str, timeout: float = 120, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*PODMAN, *args], capture_output=True, text=True, timeout=timeout, check=check
    )


@pytest.fixture(scope="session")
def podman_available() -> None:
    if shutil.which("podman") and shutil.which("runc"):
        return
    message = "podman and runc are not installed (scripts/install-container-tools.sh installs them)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true needs the container test: {message}")
    pytest.skip(f"container test skipped: {message}")


@pytest.fixture(scope="session")
def image(podman_available) -> str:
    """The image, built by scripts/build-image.sh (warm cache: well under a minute)."""
    if os.environ.get("QUOTES_TEST_IMAGE"):  # a prebuilt image, for quick reruns
        return IMAGE
    env = {**os.environ, "QUOTES_MODELS_DIR": str(models_dir()), "MODELS": "local"}
    t0 = time.monotonic()
    build = subprocess.run(
        [str(ROOT / "scripts" / "build-image.sh"), IMAGE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1500,
    )
    if build.returncode != 0:
        pytest.fail(f"the image build failed:\n{build.stderr[-6000:]}")
    print(f"\nimage {IMAGE} built in {time.monotonic() - t0:.0f} s")
    return IMAGE


@dataclass
class Container:
    name: str
    url: str
    ready_s: float

    def inspect(self, template: str) -> str:
        return podman("inspect", self.name, "--format", template).stdout.strip()

    def logs(self) -> str:
        return podman("logs", self.name, check=False).stderr


@pytest.fixture(scope="module")
def container(image) -> Iterator[Container]:
    """The image as a deployment runs it: read-only root, a tmpfs for /tmp, one torch thread."""
    name = f"quotes-test-{uuid.uuid4().hex[:8]}"
    port = free_port()
    env = {
        "QUOTES_HOST": HOST,
        "QUOTES_PORT": str(port),
        "QUOTES_TORCH_THREADS": "1",
        "QUOTES_NLP_WORKERS": "1",
        "QUOTES_MAX_BODY_BYTES": str(MAX_BODY),
        "QUOTES_MAX_TEXT_CHARS": str(MAX_CHARS * 10),
    }
    args = ["run", "-d", "--name", name, *RUN_FLAGS, "--read-only", "--tmpfs", "/tmp:rw,size=64m"]
    for k, v in env.items():
        args += ["-e", f"{k}={v}"]
    t0 = time.monotonic()
    podman(*args, image)
    url = f"http://{HOST}:{port}"
    try:
        while True:
            try:
                if httpx.get(f"{url}/health/ready", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            state = podman("inspect", name, "--format", "{{.State.Status}}").stdout.strip()
            if state != "running":
                pytest.fail(f"the container is {state}:\n{podman('logs', name).stderr[-4000:]}")
            if time.monotonic() - t0 > READY_WITHIN:
                pytest.fail(
                    f"not ready within {READY_WITHIN:g} s:\n{podman('logs', name).stderr[-4000:]}"
                )
            time.sleep(0.25)
        ready_s = time.monotonic() - t0
        print(f"\ncontainer ready in {ready_s:.1f} s")
        yield Container(name=name, url=url, ready_s=ready_s)
    finally:
        podman("rm", "-f", "-t", "0", name, check=False)


def access_lines(logs: str) -> list[dict]:
    out = []
    for line in logs.splitlines():
        if line.startswith("{"):
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if record.get("logger") == "service.access":
                out.append(record)
    return out
