"""HAProxy (deploy/haproxy.cfg, unchanged) in front of two replicas of the real server entry
point on the stub backend (tests/serve_stub.py), all on 127.0.0.1. Skips without haproxy,
except under CI=true (scripts/install-container-tools.sh installs it)."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from service.server.devserver import HOST, free_port, stop
from tests.conftest import ROOT

CONFIG = ROOT / "deploy" / "haproxy.cfg"
PREFIX = "/quotes"
MAX_BODY = 4096
GATEWAY_ADDRESS = HOST
"""The address the replicas see the gateway connect from: their QUOTES_TRUSTED_PROXIES."""


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "gateway: HAProxy in front of two service replicas (CI=true: required)"
    )


@pytest.fixture(scope="session")
def haproxy() -> str:
    path = shutil.which("haproxy")
    if path:
        return path
    message = "haproxy is not installed (scripts/install-container-tools.sh installs it)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true needs the gateway test: {message}")
    pytest.skip(f"gateway test skipped: {message}")


def wait_for(check, what: str, timeout: float = 30.0, proc: subprocess.Popen | None = None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise AssertionError(f"{what}: the process exited with {proc.returncode}")
        try:
            if check():
                return
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    raise AssertionError(f"{what}: not within {timeout:g} s")


@dataclass
class Replica:
    name: str
    port: int
    proc: subprocess.Popen
    log: Path

    @property
    def address(self) -> str:
        return f"{HOST}:{self.port}"

    def access(self) -> list[dict]:
        """The replica's access-log records so far (JSON lines on its stderr)."""
        out = []
        for line in self.log.read_text().splitlines():
            if line.startswith("{"):
                record = json.loads(line)
                if record.get("logger") == "service.access":
                    out.append(record)
        return out

    def ids(self) -> set[str]:
        return {r["request_id"] for r in self.access()}

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)


@dataclass
class Gateway:
    url: str
    """The gateway's address plus the prefix: what a client is given."""
    root: str
    """The gateway's address alone."""
    stats: str
    replicas: list[Replica]
    log: Path
    proc: subprocess.Popen = field(repr=False)

    def server_states(self) -> dict[str, str]:
        text = httpx.get(f"{self.stats}/stats;csv", timeout=5).text.lstrip("# ")
        rows = csv.DictReader(io.StringIO(text))
        return {r["svname"]: r["status"] for r in rows if r["pxname"] == "replicas"}

    def client(self, source: str = "127.0.0.2", **kwargs) -> httpx.Client:
        """A client connecting from `source` (any 127/8 address), like a distinct host."""
        transport = httpx.HTTPTransport(local_address=source)
        return httpx.Client(base_url=self.root, transport=transport, timeout=30, **kwargs)

    def logged(self, ids: set[str], timeout: float = 5.0) -> dict[str, dict]:
        """The access-log records of these request ids, by id, from whichever replica logged
        them (a replica writes its line just after the response has gone out)."""
        found: dict[str, dict] = {}

        def all_there() -> bool:
            found.clear()
            for replica in self.replicas:
                for rec in replica.access():
                    if rec["request_id"] in ids:
                        found[rec["request_id"]] = {**rec, "replica": replica.name}
            return set(found) == ids

        wait_for(all_there, f"access-log lines for {sorted(ids)}", timeout=timeout)
        return found


def start_replica(name: str, tmp: Path, delay: float, env: dict[str, str]) -> Replica:
    port = free_port()
    log = tmp / f"{name}.log"
    full_env = {
        **os.environ,
        "QUOTES_HOST": HOST,
        "QUOTES_TRUSTED_PROXIES": GATEWAY_ADDRESS,
        "QUOTES_PATH_PREFIX": PREFIX,
        "QUOTES_MAX_BODY_BYTES": str(MAX_BODY),
        "QUOTES_TORCH_THREADS": "1",
        "QUOTES_SHUTDOWN_TIMEOUT": "2",
        **env,
    }
    with open(log, "w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "tests.serve_stub", str(port), str(delay)],
            cwd=ROOT,
            env=full_env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    return Replica(name=name, port=port, proc=proc, log=log)


@contextmanager
def run_gateway(
    haproxy: str,
    tmp: Path,
    *,
    delay: float = 0.0,
    replica_env: dict[str, str] | None = None,
    server_timeout: str = "10s",
    replicas: int = 2,
) -> Iterator[Gateway]:
    """Two replicas (or one, behind both server lines) and HAProxy; all stopped at the end."""
    with ExitStack() as stack:
        started = []
        for i in range(replicas):
            r = start_replica(f"r{i + 1}", tmp, delay, replica_env or {})
            stack.callback(stop, r.proc)
            started.append(r)
        for r in started:
            url = f"http://{r.address}{PREFIX}/health/ready"
            wait_for(lambda u=url: httpx.get(u, timeout=2).status_code == 200, r.name, proc=r.proc)
        port, stats_port = free_port(), free_port()
        env = {
            **os.environ,
            "GATEWAY_BIND": f"{HOST}:{port}",
            "GATEWAY_STATS_BIND": f"{HOST}:{stats_port}",
            "REPLICA_1": started[0].address,
            "REPLICA_2": started[-1].address,
            "QUOTES_PATH_PREFIX": PREFIX,
            "QUOTES_MAX_BODY_BYTES": str(MAX_BODY),
            "GATEWAY_SERVER_TIMEOUT": server_timeout,
        }
        log = tmp / "haproxy.log"
        with open(log, "w") as out:
            proc = subprocess.Popen(
                [haproxy, "-db", "-f", str(CONFIG)], env=env, stdout=out, stderr=subprocess.STDOUT
            )
        stack.callback(stop, proc)
        gw = Gateway(
            url=f"http://{HOST}:{port}{PREFIX}",
            root=f"http://{HOST}:{port}",
            stats=f"http://{HOST}:{stats_port}",
            replicas=started,
            log=log,
            proc=proc,
        )
        wait_for(
            lambda: set(gw.server_states().values()) == {"UP"}, "haproxy's replicas UP", proc=proc
        )
        yield gw
