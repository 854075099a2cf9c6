"""The OpenAPI document, generated from the app (no models are loaded for it)."""

from __future__ import annotations

import json

from litestar.serialization import encode_json

from service.nlp.backend import NlpBackend
from service.server.app import create_app
from service.settings import Settings


def export() -> str:
    app = create_app(Settings(), backend_factory=_never)
    schema = json.loads(encode_json(app.openapi_schema.to_schema()))
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _never(settings: Settings) -> NlpBackend:  # pragma: no cover - the lifespan never runs here
    raise RuntimeError("the OpenAPI export does not load models")
