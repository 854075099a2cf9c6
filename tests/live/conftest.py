"""One real service for every live test: `python -m service serve` on 127.0.0.1 and a free port,
with the real models and one torch thread. Started once per session (loading takes seconds and
~1 GB), only when a test asks for it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import pytest

from tests.conftest import OUTPUT, ROOT, models_dir

STARTUP_TIMEOUT = 300  # seconds; the 2-core machine is shared, so be generous


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_ready(url: str, proc: subprocess.Popen, log_path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"the service exited with {proc.returncode}:\n{_tail(log_path)}")
        try:
            if httpx.get(f"{url}/health/ready", timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    pytest.fail(f"the service was not ready in {STARTUP_TIMEOUT} s:\n{_tail(log_path)}")


def _tail(log_path) -> str:
    return log_path.read_text()[-3000:]


@pytest.fixture(scope="session")
def live_url() -> Iterator[str]:
    port = free_port()
    OUTPUT.mkdir(parents=True, exist_ok=True)
    log_path = OUTPUT / "live-server.log"
    env = {**os.environ, "QUOTES_MODELS_DIR": str(models_dir()), "QUOTES_TORCH_THREADS": "1",
           "QUOTES_HOST": "127.0.0.1", "QUOTES_PORT": str(port), "QUOTES_LOG_LEVEL": "WARNING"}
    with log_path.open("w") as log:
        proc = subprocess.Popen([sys.executable, "-m", "service", "serve"], cwd=ROOT, env=env,
                                stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(url, proc, log_path)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
