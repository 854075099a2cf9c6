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
    import uvicorn

    from service.app import create_app

    settings = _settings(host=host, port=port)
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port,
                log_level=settings.log_level.lower(), timeout_graceful_shutdown=30)


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
def evaluate(
    gold: Annotated[Path, typer.Argument(help="Annotated JSONL (e.g. ../shared/eval/dev.jsonl).")],
    out: Annotated[Optional[Path], typer.Option(help="Write the predictions here.")] = None,
    scorer: Annotated[Optional[Path], typer.Option(help="Scorer script; default: score.py beside GOLD.")] = None,
    cache: Annotated[Optional[Path], typer.Option(help="Keep parsed documents here to re-score in seconds.")] = None,
    batch: Annotated[int, typer.Option(min=1, max=256, help="Documents per Stanza batch.")] = 8,
    examples: Annotated[int, typer.Option(min=0, help="Examples shown per error type.")] = 4,
    models_dir: ModelsDir = None,
) -> None:
    """Run the engine over GOLD, print the scorer's table and a breakdown of the errors."""
    from rich.console import Console
    from rich.progress import Progress
    from rich.table import Table

    from service import evaluation as ev

    console = Console(stderr=True)
    scorer_mod = ev.load_scorer(scorer or gold.parent / "score.py")
    docs = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    from service.app import stanza_backend

    backend = stanza_backend(_settings(models_dir=models_dir))
    parse_cache = ev.ParseCache(cache, backend.info.models) if cache else None
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("analysing", total=len(docs))
        parsed = ev.analyse_all([d["text"] for d in docs], backend.analyze, parse_cache, batch,
                                lambda n: progress.advance(task, n))
    preds = ev.predict(parsed, [d["id"] for d in docs])
    if out:
        out.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in preds.values()))
    results = scorer_mod.score({d["id"]: d for d in docs}, preds, warn=lambda m: None)
    table = Table(title=f"{gold.name}: {len(docs)} documents")
    for col in ("subset", "gold", "pred", "det P", "det R", "det F1", "spk acc", "e2e P", "e2e R", "e2e F1"):
        table.add_column(col, justify="right")
    for key, r in sorted(results.items(), key=lambda kv: kv[0] != "ALL"):
        d, e = r["detection"], r["e2e"]
        table.add_row(key, str(r["gold_quotes"]), str(r["pred_quotes"]),
                      *(f"{x:.3f}" for x in (d["precision"], d["recall"], d["f1"], r["speaker_accuracy"],
                                             e["precision"], e["recall"], e["f1"])))
    report = Console(width=160)
    report.print(table)
    split = ev.confidence_split(scorer_mod, docs, preds)
    for band, (right, total) in split.items():
        report.print(f"speaker precision, confidence {'>=' if band == 'high' else '<'} 0.8: "
                     f"{right}/{total} = {right / total if total else 0:.3f}")
    errors = ev.breakdown(scorer_mod, docs, preds, keep=examples)
    for kind in ev.ERROR_KINDS:
        report.print(f"[bold]{kind}[/bold]: {errors.counts[kind]}")
        for example in errors.examples.get(kind, []):
            report.print("   " + example, markup=False, highlight=False)


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
