"""The OpenAPI document, generated from the app (no models are loaded for it)."""

from __future__ import annotations

import json

from service.settings import Settings


def export() -> str:
    from litestar.serialization import encode_json

    from service.server.app import create_app

    app = create_app(Settings(), backend_factory=_never)
    schema = json.loads(encode_json(app.openapi_schema.to_schema()))
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _never(settings: Settings):  # pragma: no cover - the lifespan never runs during export
    raise RuntimeError("the OpenAPI export does not load models")
