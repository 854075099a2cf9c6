"""Liveness and readiness probes for orchestrators and gateways (no auth, no rate limit)."""

from __future__ import annotations

from typing import Annotated

import msgspec
from litestar import Controller, get
from litestar.datastructures import State
from litestar.openapi.datastructures import ResponseSpec
from msgspec import Struct

from service.schemas import Problem
from service.server.api.security import PUBLIC_ROUTE
from service.server.lifespan import nlp_state
from service.server.work import unready_problem


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
    opt = PUBLIC_ROUTE
    security = [{}]

    @get("/live", operation_id="live", summary="The process is up")
    async def live(self) -> Health:
        return Health(status="ok")

    @get(
        "/ready",
        operation_id="ready",
        summary="The models are loaded and requests are served",
        description="503 with a problem body while the NLP pipeline loads, when it failed to "
        "load (the detail says why), and while the NLP worker is stuck in one call for far "
        "longer than the request timeout.",
        responses={
            503: ResponseSpec(
                Problem,
                description="Not ready (see Retry-After).",
                media_type="application/problem+json",
                generate_examples=False,
            )
        },
    )
    async def ready(self, state: State) -> Health:
        scheduler = nlp_state(state).scheduler
        if (problem := unready_problem(scheduler)) is not None:
            raise problem
        assert scheduler is not None
        return Health(status="ready", queue_depth=scheduler.depth)
