"""One real service for every live test: `python -m service serve` on 127.0.0.1 and a free port,
with the real models and one torch thread. Started once per session (loading takes seconds and
~1 GB), only when a test asks for it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from service.server.devserver import NotReady, service
from tests.conftest import OUTPUT, models_dir

STARTUP_TIMEOUT = 300  # seconds; the 2-core machine is shared, so be generous


@pytest.fixture(scope="session")
def live_url() -> Iterator[str]:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    log_path = OUTPUT / "live-server.log"
    env = {"QUOTES_TORCH_THREADS": "1", "QUOTES_LOG_LEVEL": "WARNING"}
    try:
        with service(str(models_dir()), env, log_path, startup_timeout=STARTUP_TIMEOUT) as running:
            yield running.url
    except NotReady as exc:
        pytest.fail(f"{exc}:\n{log_path.read_text()[-3000:]}")
