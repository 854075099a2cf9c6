"""Command line: `python -m service serve | extract | openapi | models`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import msgspec
import typer

from service.config import SettingsError, load_settings

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Quote attribution for news articles.")
models_app = typer.Typer(help="Manage the Stanza models.", no_args_is_help=True)
app.add_typer(models_app, name="models")

ModelsDir = Annotated[Optional[Path], typer.Option(
    "--models-dir", envvar="QUOTES_MODELS_DIR", help="Stanza resources directory.")]


def _settings(**overrides: object):
    try:
        return load_settings(**overrides)
    except SettingsError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from None


@app.command()
def serve(host: Annotated[Optional[str], typer.Option(help="Bind address.")] = None,
          port: Annotated[Optional[int], typer.Option(help="Port.")] = None) -> None:
    """Run the HTTP service."""
    from service.app import create_app

    settings = _settings(host=host, port=port)
    run_server(create_app(settings), settings)


def run_server(app, settings) -> None:
    """uvicorn with our logging, no access log of its own (service.access writes one line a
    request), no proxy-header handling of its own (the app does it, from QUOTES_TRUSTED_PROXIES),
    and a bounded graceful shutdown: on SIGTERM it stops accepting, lets in-flight requests
    finish for up to QUOTES_SHUTDOWN_TIMEOUT seconds, then exits 0."""
    import signal

    import uvicorn

    from service.logs import logging_dict

    # uvicorn handles SIGTERM gracefully, then re-raises it with the handler that was there
    # before, so with the default one the process would die "killed by SIGTERM". A completed
    # graceful shutdown is a clean exit: this handler turns the re-raised signal into exit 0.
    signal.signal(signal.SIGTERM, _exit_cleanly)
    uvicorn.run(app, host=settings.host, port=settings.port,
                log_config=logging_dict(settings.log_level, settings.log_format),
                log_level=settings.log_level.lower(), access_log=False, proxy_headers=False,
                server_header=False, timeout_graceful_shutdown=settings.shutdown_timeout)


def _exit_cleanly(signum: int, frame: object) -> None:
    raise SystemExit(0)


def _extractor(models_dir: Path | None):
    from service.app import stanza_backend
    from service.extractor import QuoteExtractor

    return QuoteExtractor(stanza_backend(_settings(models_dir=models_dir)))


@app.command()
def extract(
    source: Annotated[Optional[str], typer.Argument(help="A text file, or - for stdin.")] = None,
    jsonl: Annotated[Optional[Path], typer.Option(help="Read {id, text} documents, one a line.")] = None,
    out: Annotated[Optional[Path], typer.Option(help="Write here instead of stdout.")] = None,
    batch: Annotated[int, typer.Option(min=1, max=256, help="Documents per NLP batch.")] = 8,
    models_dir: ModelsDir = None,
) -> None:
    """Print the API's JSON response for a file or stdin, or one response a line for --jsonl."""
    if (source is None) == (jsonl is None):
        typer.echo("give either a FILE (or -) or --jsonl IN.jsonl", err=True)
        raise typer.Exit(2)
    sink = out.open("w", encoding="utf-8") if out else sys.stdout
    extractor = _extractor(models_dir)
    if source is not None:
        text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
        (result,) = extractor.run([text])
        sink.write(msgspec.json.format(msgspec.json.encode(result)).decode() + "\n")
        return
    docs = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines() if line.strip()]
    for i in range(0, len(docs), batch):
        chunk = docs[i : i + batch]
        for result in extractor.run([d["text"] for d in chunk], [d.get("id") for d in chunk]):
            sink.write(msgspec.json.encode(result).decode() + "\n")


@app.command()
def openapi(out: Annotated[Path, typer.Option(help="Where to write the spec.")] = Path("openapi/openapi.json")) -> None:
    """Export the OpenAPI spec generated from the code (commit the result)."""
    from service.openapi import export

    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(export())
    typer.echo(f"wrote {out}")


@models_app.command("download")
def models_download(
    models_dir: ModelsDir = None,
    processors: Annotated[str, typer.Option(help="Comma-separated Stanza processors; add "
                                             "coref for Stanza's coreference model.")]
    = "tokenize,mwt,pos,lemma,depparse,ner",
) -> None:
    """Download the official English models once (needs the internet)."""
    from service.nlp.stanza_backend import download_models

    typer.echo(f"models in {download_models(models_dir, processors)}")


@models_app.command("check")
def models_check(models_dir: ModelsDir = None) -> None:
    """Show which processors a models directory provides."""
    from service.nlp.stanza_backend import ModelsNotFound, available_processors, default_models_dir

    try:
        found = available_processors(models_dir or default_models_dir())
    except ModelsNotFound as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None
    typer.echo(json.dumps(found, indent=2))
