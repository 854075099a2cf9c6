"""Liveness and readiness probes for orchestrators and gateways (no auth, no rate limit)."""

from __future__ import annotations

from typing import Annotated

import msgspec
from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec
from msgspec import Struct

from service.server.api.problems import not_ready
from service.schemas import Problem
from service.pipeline.scheduler import Scheduler


class Health(Struct, frozen=True, kw_only=True, omit_defaults=True):
    status: Annotated[str, msgspec.Meta(examples=["ready"])]
    queue_depth: (
        Annotated[
            int,
            msgspec.Meta(ge=0, description="Requests waiting for the NLP worker (readiness only)."),
        ]
        | None
    ) = None


class HealthController(Controller):
    path = "/health"
    tags = ["health"]
    opt = {"skip_rate_limit": True, "exclude_from_auth": True}

    @get("/live", operation_id="live", summary="The process is up")
    async def live(self) -> Health:
        return Health(status="ok")

    @get(
        "/ready",
        operation_id="ready",
        summary="The models are loaded and requests are served",
        description="503 with a problem body until the NLP pipeline has loaded, and while the "
        "NLP worker is stuck in one call for far longer than the request timeout.",
        responses={
            503: ResponseSpec(
                Problem,
                description="Not ready (see Retry-After).",
                media_type="application/problem+json",
                generate_examples=False,
            )
        },
    )
    async def ready(self, scheduler: NamedDependency[Scheduler | None]) -> Health:
        if scheduler is None:
            raise not_ready()
        if scheduler.stalled:
            raise not_ready("The NLP worker has been busy with one batch for too long.")
        return Health(status="ready", queue_depth=scheduler.depth)
