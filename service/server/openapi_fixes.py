"""What Litestar's OpenAPI derivation loses from msgspec structs, taken from msgspec's own JSON
Schema of the same structs: `additionalProperties: false` for `forbid_unknown_fields`, and the
documented-only constraints of `Meta(extra_json_schema=...)` (the text pattern and length) and
defaults Litestar cannot read (a `default_factory`'s value: `kinds`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import msgspec
from litestar.openapi.spec import OpenAPI, Schema

_KEYWORDS = {
    "pattern": "pattern",
    "maxLength": "max_length",
    "minLength": "min_length",
    "default": "default",
}


def complete_request_schemas(openapi: OpenAPI, structs: Iterable[type[msgspec.Struct]]) -> None:
    _, components = msgspec.json.schema_components(tuple(structs))
    schemas = openapi.components.schemas if openapi.components else None
    for name, truth in components.items():
        derived = schemas.get(name) if schemas else None
        if not isinstance(derived, Schema):
            continue
        if truth.get("additionalProperties") is False:
            derived.additional_properties = False
        for prop, spec in truth.get("properties", {}).items():
            target = (derived.properties or {}).get(prop)
            if isinstance(target, Schema):
                _copy_constraints(spec, target)


def _copy_constraints(spec: dict[str, Any], target: Schema) -> None:
    for keyword, attribute in _KEYWORDS.items():
        if keyword in spec and getattr(target, attribute) is None:
            setattr(target, attribute, spec[keyword])
