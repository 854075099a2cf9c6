"""Command line: `python -m service serve | extract | backfill | evaluate | openapi | models`."""

from __future__ import annotations

import json
import sys
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import msgspec
import typer

from service.cli.render import OutputFormat, Writer, writer_for
from service.schemas import DEFAULT_KINDS, MAX_BATCH_DOCUMENTS, OffsetUnit, QuoteKind, kinds_of
from service.settings import PREFIX, Settings, SettingsError, default_models_dir, load_settings

if TYPE_CHECKING:
    from types import ModuleType

    from rich.console import Console

    from service.attribution.context import Sieve
    from service.cli.evaluation import Predictions
    from service.nlp.document import Document
    from service.pipeline.batches import Target
    from service.pipeline.extractor import QuoteExtractor
    from service.pipeline.sources import Source

app = typer.Typer(
    add_completion=False,
    # plain help and errors: rich's panels wrap at 80 columns and show flags as `--version <bool>`
    rich_markup_mode=None,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Quote attribution for news articles.",
)
models_app = typer.Typer(help="Manage the Stanza models.", no_args_is_help=True)
app.add_typer(models_app, name="models")


def _version(value: bool) -> None:
    if value:
        import service

        typer.echo(f"quote-service {service.__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """Quote attribution for news articles."""


def _settings_epilog() -> str:
    """Every QUOTES_* variable with its default, for `serve --help` (the README explains each)."""
    defaults = msgspec.structs.asdict(Settings())
    shown = ", ".join(f"{PREFIX}{name.upper()}={_shown(value)}" for name, value in defaults.items())
    return f"Settings come from environment variables (defaults shown; see README): {shown}."


def _shown(value: object) -> str:
    if isinstance(value, tuple):
        return ",".join(map(str, value)) or "''"
    return "''" if value is None or value == "" else str(value)


ModelsDir = Annotated[
    Path | None,
    typer.Option(
        "--models-dir",
        envvar="QUOTES_MODELS_DIR",
        help="Stanza resources directory (default: STANZA_RESOURCES_DIR, else ~/stanza_resources).",
        show_default=False,
    ),
]


def _kinds_option(default: str) -> typer.models.OptionInfo:
    return typer.Option(
        "--kinds",
        metavar="KINDS",
        help="What to return, comma-separated or repeated: direct, fragment (quotations), "
        f"indirect (reported speech, which costs more analysis). Default: {default}.",
        show_default=False,
    )


def _kinds(values: list[str] | None, default: tuple[QuoteKind, ...]) -> tuple[QuoteKind, ...]:
    """The kinds `--kinds` asks for (`default` without it); a bad value is a usage error."""
    if not values:
        return default
    try:
        return kinds_of(values)
    except ValueError:
        allowed = ", ".join(k.value for k in QuoteKind)
        raise typer.BadParameter(
            f"give one or more of {allowed}, comma-separated or repeated", param_hint="--kinds"
        ) from None


def _settings(**overrides: object):
    try:
        return load_settings(**overrides)
    except SettingsError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from None


@app.command(epilog=_settings_epilog())
def serve(
    host: Annotated[str | None, typer.Option(help="Bind address.")] = None,
    port: Annotated[int | None, typer.Option(help="Port.")] = None,
) -> None:
    """Run the HTTP service."""
    from service.server.app import create_app
    from service.server.run import run_server

    settings = _settings(host=host, port=port)
    run_server(create_app(settings), settings)


class ExitCode(IntEnum):
    """What `extract` exits with; scripts can rely on these (README, `extract --help`)."""

    OK = 0
    DOCUMENTS_FAILED = 1
    USAGE = 2
    UNREACHABLE = 3
    REFUSED = 4


EXIT_CODES = {
    ExitCode.OK: "every document was analyzed",
    ExitCode.DOCUMENTS_FAILED: "some documents failed, each reported in its place and on stderr; "
    "the others were written",
    ExitCode.USAGE: "usage error: bad options, an input path that does not exist, or no "
    "documents at all (an empty folder or JSONL file)",
    ExitCode.UNREACHABLE: "--url: no answer, or still not ready (503/429) after the retries; "
    "try again later",
    ExitCode.REFUSED: "nothing could run: the service refused the request (a bad API key, say) "
    "or the local models could not be loaded; fix the configuration",
}
EXIT_CODES_HELP = (
    "Exit codes: " + "; ".join(f"{code.value} {why}" for code, why in EXIT_CODES.items()) + "."
)


def _fail(code: ExitCode, message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


def _target(
    url: str | None,
    api_key: str | None,
    offsets: OffsetUnit,
    models_dir: Path | None,
    kinds: tuple[QuoteKind, ...],
) -> Target:
    if url:
        from service.cli.targets import RemoteTarget
        from service.client import QuotesClient

        return RemoteTarget(QuotesClient(url, api_key=api_key), offsets, kinds)
    from service.cli.targets import OnDemandTarget

    settings = _settings(models_dir=models_dir)
    # the models are loaded for the first document worth analyzing, not for empty ones
    return OnDemandTarget(lambda: _load_extractor(settings), settings, offsets, kinds)


def _load_extractor(settings: Settings) -> QuoteExtractor:
    from service.pipeline.extractor import build_extractor, nlp_backend

    try:
        return build_extractor(settings, nlp_backend)
    except Exception as exc:  # ModelsNotFound, or a broken model file
        raise _fail(ExitCode.REFUSED, f"cannot load the NLP models: {exc}") from None


def _sources(inputs: list[str], jsonl: str | None) -> list[Source]:
    from service.pipeline.sources import NoSuchInput, from_jsonl, from_paths

    try:
        sources = from_paths(inputs, sys.stdin)
        if jsonl is not None:
            if jsonl == "-":
                sources += from_jsonl(sys.stdin)
            else:
                with Path(jsonl).open(encoding="utf-8") as lines:
                    sources += from_jsonl(lines)
    except (NoSuchInput, OSError) as exc:
        raise _fail(ExitCode.USAGE, str(exc)) from None
    return sources


def _run(
    sources: list[Source], target: Target, writer: Writer, batch: int, show_progress: bool
) -> int:
    """Write every source's result in order, with a progress bar; the number that failed."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    from service.pipeline.batches import analyze_sources

    failed = 0
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), disable=not show_progress) as progress:
        task = progress.add_task("articles", total=len(sources))
        for item in analyze_sources(sources, target, batch):
            writer.write(item)
            if item.error is not None:
                failed += 1
                progress.console.print(
                    f"error: {item.id or 'stdin'}: {item.error.title}: {item.error.detail}",
                    markup=False,
                    highlight=False,
                    soft_wrap=True,  # one line, however long: grep finds it
                )
            progress.advance(task)
    return failed


@app.command(epilog=EXIT_CODES_HELP)
def extract(
    inputs: Annotated[
        list[str] | None,
        typer.Argument(
            help="Text files, folders (every *.txt below them), or - for stdin.", show_default=False
        ),
    ] = None,
    jsonl: Annotated[
        str | None,
        typer.Option(
            help="Also read {id, text} documents, one JSON object a line, from this file "
            "(- for stdin)."
        ),
    ] = None,
    fmt: Annotated[
        OutputFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="json, jsonl or table (default: json for a single FILE or -, jsonl otherwise).",
            show_default=False,
        ),
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write here instead of stdout.")
    ] = None,
    url: Annotated[
        str | None,
        typer.Option(
            help="Send the work to the service at this URL instead of loading the models here."
        ),
    ] = None,
    api_key: Annotated[
        str | None,
        typer.Option(envvar="QUOTES_API_KEY", help="Bearer token for --url.", show_default=False),
    ] = None,
    offsets: Annotated[
        OffsetUnit,
        typer.Option(
            help="Unit of the offsets: codepoint (Python) or utf16 (JavaScript).",
        ),
    ] = OffsetUnit.CODEPOINT,
    kinds: Annotated[list[str] | None, _kinds_option("direct,fragment")] = None,
    batch: Annotated[
        int,
        typer.Option(
            min=1, max=MAX_BATCH_DOCUMENTS, help="Documents per NLP batch (per request with --url)."
        ),
    ] = 8,
    progress: Annotated[
        bool | None,
        typer.Option(
            "--progress/--no-progress",
            help="Progress bar on stderr (default: on when stderr is a "
            "terminal and there are several documents).",
            show_default=False,
        ),
    ] = None,
    models_dir: ModelsDir = None,
) -> None:
    """Find the quotes in articles: the API's JSON for one, one response a line for many."""
    inputs = inputs or []
    asked = _kinds(kinds, DEFAULT_KINDS)
    if not inputs and jsonl is None:
        raise _fail(ExitCode.USAGE, "give FILES, FOLDERS, - (stdin) or --jsonl IN.jsonl")
    if inputs.count("-") + (jsonl == "-") > 1:
        raise _fail(ExitCode.USAGE, "stdin (-) can be read only once")
    sources = _sources(inputs, jsonl)
    if not sources:
        raise _fail(ExitCode.USAGE, "no documents in the input")
    single = (
        jsonl is None
        and len(inputs) == 1
        and len(sources) == 1
        and (inputs[0] == "-" or not Path(inputs[0]).is_dir())
    )
    fmt = fmt or (OutputFormat.JSON if single else OutputFormat.JSONL)
    show = progress if progress is not None else (sys.stderr.isatty() and len(sources) > 1)

    from service.client import QuotesServiceError, ServiceUnavailable, ServiceUnreachable

    try:
        sink = out.open("w", encoding="utf-8") if out else sys.stdout
    except OSError as exc:
        raise _fail(ExitCode.USAGE, f"cannot write {out}: {exc.strerror}") from None
    target = _target(url, api_key, offsets, models_dir, asked)
    writer = writer_for(fmt, sink, single)
    try:
        failed = _run(sources, target, writer, batch, show)
    except (ServiceUnreachable, ServiceUnavailable) as exc:
        raise _fail(ExitCode.UNREACHABLE, str(exc)) from None
    except QuotesServiceError as exc:
        raise _fail(ExitCode.REFUSED, f"the service refused the request: {exc}") from None
    finally:
        writer.close()
        target.close()
        if out:
            sink.close()
    if failed:
        typer.echo(f"{failed} of {len(sources)} documents failed", err=True)
        raise typer.Exit(ExitCode.DOCUMENTS_FAILED)


@app.command(
    epilog="Exit codes: 0 every document was analyzed; 1 some failed (error rows in "
    "OUTPUT); 2 usage (no Ray, a bad INPUT, an OUTPUT of another backfill); 3 the run stopped "
    "(the cluster, the models): rerun to resume. See docs/backfill.md."
)
def backfill(
    input_path: Annotated[
        Path,
        typer.Argument(
            metavar="INPUT",
            help="JSONL of {id, text}, a folder of *.txt, or Parquet (a file or a folder) "
            "with id and text columns.",
        ),
    ],
    output: Annotated[
        Path,
        typer.Argument(
            metavar="OUTPUT",
            help="Folder for the Parquet tables quotes/ and documents/; rerun on the same "
            "one to resume.",
        ),
    ],
    actors: Annotated[int, typer.Option(min=1, help="Actors, each with its own models.")] = 1,
    cpus_per_actor: Annotated[
        int, typer.Option(min=1, help="CPUs per actor, and its torch threads.")
    ] = 1,
    batch: Annotated[int, typer.Option(min=1, max=256, help="Documents per Stanza call.")] = 8,
    shard_docs: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="Documents per shard: one task and one Parquet file per table "
            "(default: 256, or what OUTPUT was started with).",
            show_default=False,
        ),
    ] = None,
    address: Annotated[
        str | None,
        typer.Option(
            envvar="RAY_ADDRESS",
            help="Join this Ray cluster (ray://head:10001, auto); else start a local one.",
        ),
    ] = None,
    jsonl: Annotated[
        Path | None,
        typer.Option(help="Also write every response here, one a line, as extract does."),
    ] = None,
    progress: Annotated[
        bool, typer.Option("--progress/--no-progress", help="Progress lines on stderr.")
    ] = True,
    kinds: Annotated[list[str] | None, _kinds_option("direct,fragment, or OUTPUT's")] = None,
    models_dir: ModelsDir = None,
) -> None:
    """Attribute an archive on a Ray cluster: Parquet out, resumable (needs the ray extra)."""
    from service import backfill as bf  # Ray itself is imported only when a backfill runs

    asked = _kinds(kinds, DEFAULT_KINDS) if kinds else None
    settings = _settings(models_dir=models_dir)
    options = bf.Options(
        input=input_path,
        output=output,
        settings=settings,
        actors=actors,
        cpus_per_actor=cpus_per_actor,
        batch=batch,
        shard_docs=shard_docs,
        address=address,
        jsonl=jsonl,
        kinds=asked,
    )
    raise typer.Exit(bf.main(options, progress=progress))


@app.command()
def evaluate(
    gold: Annotated[Path, typer.Argument(help="Annotated JSONL (e.g. ../shared/eval/dev.jsonl).")],
    out: Annotated[Path | None, typer.Option(help="Write the predictions here.")] = None,
    scorer: Annotated[
        Path | None,
        typer.Option(
            help="Scorer script; default: score.py beside GOLD (score_indirect.py beside it "
            "scores reported speech)."
        ),
    ] = None,
    cache: Annotated[
        Path | None, typer.Option(help="Keep parsed documents here to re-score in seconds.")
    ] = None,
    batch: Annotated[int, typer.Option(min=1, max=256, help="Documents per Stanza batch.")] = 8,
    examples: Annotated[int, typer.Option(min=0, help="Examples shown per error type.")] = 4,
    without: Annotated[
        list[str] | None,
        typer.Option(help="Leave this sieve out (an ablation); repeat for several."),
    ] = None,
    kinds: Annotated[
        list[str] | None,
        _kinds_option(
            "direct,fragment,indirect: reported speech is scored too (by score_indirect.py, "
            "when GOLD has `indirect` lists), and analyzed as the service does when asked for "
            "it; score.py's quotation figures ignore it"
        ),
    ] = None,
    models_dir: ModelsDir = None,
) -> None:
    """Run the extractor over GOLD, print the scorer's table, the speaker precision of each
    sieve and rule, and a breakdown of the errors; with reported speech, its scorer's table and
    the precision of each of its rules."""
    from service.cli import eval_report
    from service.cli import evaluation as ev

    sieves = _sieves(without)
    asked = _kinds(kinds, tuple(QuoteKind))
    scorer_path = scorer or gold.parent / "score.py"
    scorer_mod = ev.load_scorer(scorer_path)
    docs = [
        json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    settings = _settings(models_dir=models_dir)
    extractor = _load_extractor(settings)
    parsed = _parse(docs, extractor, settings, asked, cache, batch)
    predictions = ev.predict(
        parsed, [d["id"] for d in docs], extractor.roles, sieves, asked, reduced=settings.reduce_nlp
    )
    preds = predictions.bodies
    if out:
        out.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in preds.values()))
    report = eval_report.report_console()
    results = scorer_mod.score({d["id"]: d for d in docs}, preds, warn=lambda m: None, by="fold")
    report.print(eval_report.direct_table(f"{gold.name}: {len(docs)} documents", results))
    indirect = None
    if QuoteKind.INDIRECT in asked and ev.has_indirect_gold(docs):
        indirect = ev.load_scorer(scorer_path.parent / "score_indirect.py")
        results = indirect.score({d["id"]: d for d in docs}, preds, by="fold")
        report.print(eval_report.indirect_table(f"{gold.name}: reported speech", results))
    for corpus, subset in ev.by_corpus(docs).items():
        report.rule(corpus)
        _print_quotation_rules(report, scorer_mod, corpus, subset, predictions, examples)
        if indirect is not None:
            for by in ("sieve", "rule"):
                tallies = ev.reported_precision(indirect, subset, predictions, by=by)
                title = f"{corpus}: reported speech, precision per {by}"
                report.print(eval_report.reported_table(title, by, tallies))


def _sieves(without: list[str] | None) -> tuple[Sieve, ...]:
    """The sieves but those `--without` names (a usage error for a name that is no sieve)."""
    from service.attribution.sieves import SIEVES, name

    unknown = set(without or ()) - {name(s) for s in SIEVES}
    if unknown:
        raise typer.BadParameter(
            f"no sieve {', '.join(sorted(unknown))}; the sieves: {', '.join(map(name, SIEVES))}",
            param_hint="--without",
        )
    return tuple(s for s in SIEVES if name(s) not in set(without or ()))


def _parse(
    docs: list[dict],
    extractor: QuoteExtractor,
    settings: Settings,
    kinds: tuple[QuoteKind, ...],
    cache: Path | None,
    batch: int,
) -> list[Document]:
    """Every document analyzed as the service analyzes it for `kinds`, with a progress bar.
    A reduced analysis (tags only near quotations, and near words of saying for reported
    speech) is a different parse: cached apart, and by its focus."""
    from rich.console import Console
    from rich.progress import Progress

    from service.attribution.marks import find_quotes
    from service.cli import evaluation as ev
    from service.nlp.selection import POLICY
    from service.pipeline.focus import focus_of

    backend = extractor.backend
    salt = {**backend.info.models, **({"reduce_nlp": POLICY} if settings.reduce_nlp else {})}

    def focus(text: str) -> list[tuple[int, int]]:
        return focus_of(text, find_quotes(text), kinds)

    parse_cache = (
        ev.ParseCache(cache, salt, focus if settings.reduce_nlp else None) if cache else None
    )

    def analyze(texts: list[str]) -> list[Document]:
        return backend.analyze(texts, [focus(t) for t in texts] if settings.reduce_nlp else None)

    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("analyzing", total=len(docs))
        return ev.analyze_all(
            [d["text"] for d in docs],
            analyze,
            parse_cache,
            batch,
            lambda n: progress.advance(task, n),
        )


def _print_quotation_rules(
    report: Console,
    scorer: ModuleType,
    corpus: str,
    subset: list[dict],
    predictions: Predictions,
    examples: int,
) -> None:
    """A corpus's speaker precision by confidence band, per sieve and per rule, and its errors."""
    from service.cli import eval_report
    from service.cli import evaluation as ev

    preds = predictions.bodies
    for band, (right, total) in ev.confidence_split(scorer, subset, preds).items():
        report.print(
            f"speaker precision, confidence {'>=' if band == 'high' else '<'} 0.8: "
            f"{right}/{total} = {right / total if total else 0:.3f}"
        )
    for by in ("sieve", "rule"):
        tallies = ev.sieve_precision(scorer, subset, predictions, by=by)
        report.print(
            eval_report.speaker_table(f"{corpus}: speaker precision per {by}", by, tallies)
        )
    errors = ev.breakdown(scorer, subset, preds, keep=examples)
    for kind in ev.ERROR_KINDS:
        report.print(f"[bold]{kind}[/bold]: {errors.counts[kind]}")
        for example in errors.examples.get(kind, []):
            report.print("   " + example, markup=False, highlight=False)


@app.command()
def openapi(
    out: Annotated[Path, typer.Option(help="Where to write the spec.")] = Path(
        "openapi/openapi.json"
    ),
) -> None:
    """Export the OpenAPI spec generated from the code (commit the result)."""
    from service.server.openapi import export

    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(export())
    typer.echo(f"wrote {out}")


@models_app.command("download")
def models_download(
    models_dir: ModelsDir = None,
    processors: Annotated[
        str,
        typer.Option(
            help="Comma-separated Stanza processors; add coref for Stanza's coreference model."
        ),
    ] = "tokenize,mwt,pos,lemma,depparse,ner",
) -> None:
    """Download the official English models once (needs the internet)."""
    from service.nlp.stanza_backend import download_models

    typer.echo(f"models in {download_models(models_dir, processors)}")


@models_app.command("where")
def models_where(models_dir: ModelsDir = None) -> None:
    """Print the models directory every command uses: --models-dir or QUOTES_MODELS_DIR, else
    STANZA_RESOURCES_DIR, else ~/stanza_resources."""
    typer.echo(str(models_dir or default_models_dir()))


@models_app.command("check")
def models_check(models_dir: ModelsDir = None) -> None:
    """Show which processors a models directory provides."""
    from service.nlp.stanza_backend import ModelsNotFound, available_processors

    try:
        found = available_processors(models_dir or default_models_dir())
    except ModelsNotFound as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None
    typer.echo(json.dumps(found, indent=2))
