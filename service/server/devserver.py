"""The real service in a subprocess on a free loopback port: for live tests and benchmarks."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

HOST = "127.0.0.1"  # these servers only ever listen on loopback
ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def children(pid: int) -> list[int]:
    """The processes `pid` started (a service's NLP workers and multiprocessing's tracker)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
        except (OSError, ValueError):
            continue
    return found


def nlp_workers(pid: int) -> list[int]:
    """The NLP worker processes of the service `pid` (spawned children, not the tracker)."""
    found = []
    for child in children(pid):
        with contextlib.suppress(OSError):
            if b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes():
                found.append(child)
    return found


class NotReady(RuntimeError):
    pass


@dataclass
class Service:
    url: str
    pid: int
    ready_s: float
    """Seconds from process start to /health/ready answering 200."""


@contextmanager
def service(
    models_dir: str,
    env: dict[str, str] | None = None,
    log_path: Path | None = None,
    workers: int = 1,
    startup_timeout: float = 300,
) -> Iterator[Service]:
    """`python -m service serve` (the real models) on a free loopback port, stopped with
    SIGTERM at the end. `workers` > 1 runs uvicorn's multi-process mode instead."""
    port = free_port()
    full_env = {
        **os.environ,
        "QUOTES_MODELS_DIR": models_dir,
        "QUOTES_HOST": HOST,
        "QUOTES_PORT": str(port),
        **(env or {}),
    }
    if workers == 1:
        cmd = [sys.executable, "-m", "service", "serve"]
    else:
        cmd = [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "service.server.app:create_app",
            "--host",
            HOST,
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--no-access-log",
        ]
    log = open(log_path or os.devnull, "w")  # noqa: SIM115 - the server writes to it for its life
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=full_env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://{HOST}:{port}"
    try:
        deadline = time.monotonic() + startup_timeout
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise NotReady(f"the service exited with {proc.returncode}; see {log_path}")
            try:
                if httpx.get(f"{url}/health/ready", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        else:
            raise NotReady(
                f"the service did not become ready in {startup_timeout:g} s; see {log_path}"
            )
        yield Service(url=url, pid=proc.pid, ready_s=time.perf_counter() - t0)
    finally:
        stop(proc, 60)
        log.close()


def stop(proc: subprocess.Popen, grace: float = 10) -> None:
    """SIGTERM (a graceful shutdown), then SIGKILL after `grace` seconds."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
