"""Settings, read once from `QUOTES_*` environment variables and validated at startup.

Every field is documented in the README's configuration table; list-valued settings are
comma-separated in the environment.
"""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Literal

import msgspec
from msgspec import Meta, Struct

from service.schemas import DEFAULT_MAX_TEXT_CHARS, DEFAULT_MAX_WORDS

PREFIX = "QUOTES_"
_PREFIX_PATH = re.compile(r"^(/[A-Za-z0-9._~-]+)*$")


class Settings(Struct, frozen=True, kw_only=True):
    # -- models and compute
    models_dir: Path | None = None
    """Stanza resources directory; None means `default_models_dir()`. Never downloads."""
    torch_threads: Annotated[int, Meta(ge=1, le=64)] = 2
    nlp_workers: Annotated[int, Meta(ge=0, le=64)] | None = None
    """NLP worker processes; None: one per `torch_threads` cores, as memory allows (see
    `service.pipeline.workers.default_worker_count`); 0: a thread in the server process (no
    isolation: for tests and debugging)."""
    worker_max_memory: Annotated[int, Meta(ge=256)] = 3072
    """MiB a worker may map beyond its loaded models (RLIMIT_AS)."""
    people_file: Path | None = None
    """The operator's people directory (JSON, TOML or CSV; `service.attribution.roles`): names
    with aliases, ids and offices. Completes a surname the article never writes in full, keys
    its people by their ids, and resolves a role noun ("the prime minister") when the article
    itself does not."""
    roles_file: Path | None = None
    """The older name of `people_file` (an office-holders list is a directory too)."""
    reduce_nlp: bool = True
    """Tag/parse/NER only the sentences attribution reads; skip articles without quotations."""
    quantize: bool = False
    """int8 dynamic quantization of the tagger's and NER's LSTM and linear layers on load:
    ~1.2x faster analysis on CPU, the same scores on the dev sets, but an article's analysis
    then depends on the articles batched with it (activations are scaled per call), so the
    same request can get another answer; off by default (bench/README.md)."""
    # -- where to listen, and behind what
    host: str = "127.0.0.1"
    port: Annotated[int, Meta(ge=1, le=65535)] = 8000
    path_prefix: str = ""
    """Serve every route under this prefix ("/quotes"), for gateways that do not strip it."""
    trusted_proxies: tuple[str, ...] = ()
    """Peers (IPs or CIDRs, "*" for any) whose X-Forwarded-For/-Proto are believed."""
    allowed_hosts: tuple[str, ...] = ()
    cors_origins: tuple[str, ...] = ()
    gzip_min_bytes: Annotated[int, Meta(ge=0)] = 1024
    shutdown_timeout: Annotated[float, Meta(gt=0, le=3600)] = 30.0
    # -- limits and backpressure
    max_text_chars: Annotated[int, Meta(ge=1)] = DEFAULT_MAX_TEXT_CHARS
    max_words: Annotated[int, Meta(ge=1)] = DEFAULT_MAX_WORDS
    """Analysis budget of one article: words, counting every 100 characters of an unbroken
    run as one (what the tokenizer and parser will be given). Refused at once beyond."""
    max_body_bytes: Annotated[int, Meta(ge=1024)] = 2_000_000
    request_timeout: Annotated[float, Meta(gt=0, le=3600)] = 60.0
    """Seconds every request gets, queueing included, before its words add to its deadline."""
    min_words_per_second: Annotated[float, Meta(gt=0)] = 200.0
    """The slowest analysis rate planned for: each word adds 1/this seconds to a request's
    deadline (`service.pipeline.scheduler.SchedulerConfig.seconds_for`)."""
    queue_size: Annotated[int, Meta(ge=1, le=100_000)] = 32
    batch_max: Annotated[int, Meta(ge=1, le=256)] = 8
    batch_wait_ms: Annotated[float, Meta(ge=0, le=1000)] = 5.0
    # -- who may call, how often
    api_keys: tuple[str, ...] = ()
    api_keys_file: Path | None = None
    rate_limit: Annotated[int, Meta(ge=0)] = 0
    """Requests per `rate_limit_window` per API key (or client address); 0 turns it off."""
    rate_limit_window: Literal["second", "minute", "hour", "day"] = "minute"
    # -- observability
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = "INFO"
    log_format: Literal["json", "text"] = "json"
    metrics: bool = True
    otel: bool = False
    """OpenTelemetry traces (needs the `otel` extra; the tracer provider is the process's)."""

    def __post_init__(self) -> None:
        if self.people_file and self.roles_file and self.people_file != self.roles_file:
            raise ValueError("set people_file or roles_file (its older name), not both")
        if not _PREFIX_PATH.match(self.path_prefix):
            raise ValueError(
                f"path_prefix must look like /a/b (no trailing slash), not {self.path_prefix!r}"
            )
        for proxy in self.trusted_proxies:
            if proxy != "*":
                try:
                    ipaddress.ip_network(proxy, strict=False)
                except ValueError:
                    raise ValueError(
                        f"trusted_proxies: {proxy!r} is not an IP address or network"
                    ) from None
        if any(len(k) < 16 for k in self.api_keys):
            raise ValueError("api_keys: every key must have at least 16 characters")

    def __repr__(self) -> str:
        # Settings get logged at startup and show up in tracebacks: never with the keys.
        fields = {f: getattr(self, f) for f in self.__struct_fields__}
        fields["api_keys"] = f"<{len(self.api_keys)} keys>"
        return "Settings(" + ", ".join(f"{k}={v!r}" for k, v in fields.items()) + ")"


_LISTS = {
    name
    for name, typ in zip(Settings.__struct_fields__, msgspec.structs.fields(Settings), strict=True)
    if "tuple" in str(typ.type)
}


def default_models_dir(environ: Mapping[str, str] | None = None) -> Path:
    """Where the models are when QUOTES_MODELS_DIR is not set: STANZA_RESOURCES_DIR, else
    ~/stanza_resources. The one rule of the setup script, the server and the CLI (`quotes models
    where`); unlike Stanza's own default it does not move with Stanza's version."""
    env = os.environ if environ is None else environ
    return Path(env.get("STANZA_RESOURCES_DIR") or "~/stanza_resources").expanduser()


class SettingsError(ValueError):
    pass


def load_settings(environ: Mapping[str, str] | None = None, /, **overrides: object) -> Settings:
    """Build Settings from the environment (`environ`, else `os.environ`) and `overrides` (from
    command-line options; None means not given). A bad value stops startup with a message that
    names the variable."""
    env = os.environ if environ is None else environ
    raw: dict[str, object] = {}
    for name in Settings.__struct_fields__:
        value = env.get(PREFIX + name.upper())
        if value not in (None, ""):
            raw[name] = (
                [v.strip() for v in value.split(",") if v.strip()] if name in _LISTS else value
            )
    raw.update({k: v for k, v in overrides.items() if v is not None})
    if isinstance(level := raw.get("log_level"), str):
        raw["log_level"] = level.upper()
    try:
        return msgspec.convert(raw, Settings, strict=False, dec_hook=_dec)
    except msgspec.ValidationError as exc:
        raise SettingsError(_name_the_variable(str(exc))) from exc


def _name_the_variable(message: str) -> str:
    """msgspec's "... - at `$.port`" (or a `__post_init__` message that starts with the field)
    as "invalid QUOTES_PORT: ...", the name the operator actually set."""
    if found := re.search(r" - at `\$\.(\w+)[^`]*`$", message):
        return f"invalid {PREFIX}{found[1].upper()}: {message[: found.start()]}"
    field = message.split(":")[0].split(" ")[0]
    if field in Settings.__struct_fields__:
        return f"invalid {PREFIX}{field.upper()}: {message}"
    return f"invalid {PREFIX}* setting: {message}"


def read_api_keys(settings: Settings) -> frozenset[str]:
    """The configured keys: QUOTES_API_KEYS plus one key a line of QUOTES_API_KEYS_FILE
    (blank lines and # comments ignored). Empty means authentication is off."""
    keys = set(settings.api_keys)
    if settings.api_keys_file is not None:
        try:
            lines = settings.api_keys_file.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise SettingsError(
                f"invalid {PREFIX}API_KEYS_FILE: {exc.strerror}: {settings.api_keys_file}"
            ) from None
        file_keys = {s for line in lines if (s := line.strip()) and not s.startswith("#")}
        if any(len(k) < 16 for k in file_keys):
            raise SettingsError(
                f"invalid {PREFIX}API_KEYS_FILE: every key must have at least 16 characters"
            )
        keys |= file_keys
    return frozenset(keys)


def _dec(type_: type, obj: object) -> object:
    if type_ is Path and isinstance(obj, (str, os.PathLike)):
        return Path(obj).expanduser()
    raise NotImplementedError
