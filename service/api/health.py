"""Liveness and readiness probes for orchestrators and gateways."""

from __future__ import annotations

from litestar.di import NamedDependency
from litestar import Controller, get
from msgspec import Struct

from service.api.problems import not_ready
from service.extractor import QuoteExtractor


class Health(Struct, frozen=True, kw_only=True):
    status: str


class HealthController(Controller):
    path = "/health"
    tags = ["health"]

    @get("/live", operation_id="live", summary="The process is up")
    async def live(self) -> Health:
        return Health(status="ok")

    @get("/ready", operation_id="ready", summary="The models are loaded and requests are served",
         description="503 with a problem body until the NLP pipeline has loaded.")
    async def ready(self, extractor: NamedDependency[QuoteExtractor | None]) -> Health:
        if extractor is None:
            raise not_ready()
        return Health(status="ready")
