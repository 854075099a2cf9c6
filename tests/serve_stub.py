"""`python -m tests.serve_stub PORT DELAY`: the real server entry point (uvicorn, logging,
graceful shutdown) on the stub backend, for tests that need a separate process."""

from __future__ import annotations

import sys

from service.server.app import create_app
from service.server.run import run_server
from service.settings import load_settings
from tests.stubs import StubBackend

if __name__ == "__main__":
    port, delay = int(sys.argv[1]), float(sys.argv[2])
    settings = load_settings(port=port, nlp_workers=0)
    run_server(create_app(settings, lambda s: StubBackend(delay=delay)), settings)
