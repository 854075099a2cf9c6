"""SIGTERM: the server stops accepting, lets the request in flight finish, and exits 0."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time

import httpx

from service.server.devserver import free_port
from tests.conftest import ROOT


def test_sigterm_finishes_in_flight_requests_and_exits_zero():
    port = free_port()
    env = {**os.environ, "QUOTES_SHUTDOWN_TIMEOUT": "20", "QUOTES_LOG_FORMAT": "json"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.serve_stub", str(port), "1.5"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(1000):
            try:
                if httpx.get(f"{url}/health/ready").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.02)
        result: dict[str, httpx.Response] = {}
        text = '"Still here," she said.'
        slow = threading.Thread(
            target=lambda: result.update(
                r=httpx.post(f"{url}/v1/quotes", json={"text": text}, timeout=30)
            )
        )
        slow.start()
        time.sleep(0.5)  # the request is inside the (stubbed) NLP call
        proc.send_signal(signal.SIGTERM)
        slow.join(30)
        assert result["r"].status_code == 200
        assert proc.wait(30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
    _, stderr = proc.communicate()
    lines = [json.loads(line) for line in stderr.splitlines() if line.startswith("{")]
    access = [r for r in lines if r["logger"] == "service.access" and r["path"] == "/v1/quotes"]
    assert len(access) == 1 and access[0]["status"] == 200 and access[0]["text_chars"] == len(text)
    assert any("shutdown" in r["msg"].lower() for r in lines)
