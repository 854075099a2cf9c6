"""Settings, read once from `QUOTES_*` environment variables and validated at startup."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import msgspec
from msgspec import Meta, Struct

PREFIX = "QUOTES_"


class Settings(Struct, frozen=True, kw_only=True):
    models_dir: Path | None = None
    """Stanza resources directory; None means Stanza's default directory. Never downloads."""
    host: str = "127.0.0.1"
    port: Annotated[int, Meta(ge=1, le=65535)] = 8000
    torch_threads: Annotated[int, Meta(ge=1, le=64)] = 2
    max_text_chars: Annotated[int, Meta(ge=1)] = 200_000
    max_body_bytes: Annotated[int, Meta(ge=1024)] = 2_000_000
    log_level: str = "INFO"


class SettingsError(ValueError):
    pass


def load_settings(environ: dict[str, str] | None = None, **overrides: object) -> Settings:
    """Build Settings from the environment; a bad value stops startup with a clear message."""
    env = os.environ if environ is None else environ
    raw: dict[str, object] = {}
    for name in Settings.__struct_fields__:
        value = env.get(PREFIX + name.upper())
        if value not in (None, ""):
            raw[name] = value
    raw.update({k: v for k, v in overrides.items() if v is not None})
    try:
        return msgspec.convert(raw, Settings, strict=False, dec_hook=_dec)
    except msgspec.ValidationError as exc:
        raise SettingsError(f"invalid {PREFIX}* setting: {exc}") from exc


def _dec(type_: type, obj: object) -> object:
    if type_ is Path and isinstance(obj, (str, Path)):  # the CLI's typer options are Paths
        return Path(obj).expanduser()
    raise NotImplementedError
