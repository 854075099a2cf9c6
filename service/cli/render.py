"""How the command line writes results: JSON, JSON Lines, or a table for people.

A successful document is written as the API's own response body, so `--format jsonl` output is
what `../shared/eval/score.py` reads. A failed one is written in its place as
`{"id", "status", "error": <RFC 9457 problem>}`: output item N always answers input document N.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Protocol, TextIO

import msgspec
from rich.console import Console
from rich.table import Table
from rich.text import Text

from service.pipeline.batches import FailedDocument
from service.schemas import BatchItem


class OutputFormat(StrEnum):
    JSON = "json"
    JSONL = "jsonl"
    TABLE = "table"


def _body(item: BatchItem) -> msgspec.Struct:
    if item.result is not None:
        return item.result
    assert item.error is not None
    return FailedDocument(id=item.id, status=item.status, error=item.error)


class Writer(Protocol):
    def write(self, item: BatchItem) -> None: ...

    def close(self) -> None: ...


class JsonLinesWriter:
    def __init__(self, sink: TextIO) -> None:
        self.sink = sink

    def write(self, item: BatchItem) -> None:
        self.sink.write(msgspec.json.encode(_body(item)).decode() + "\n")

    def close(self) -> None:
        self.sink.flush()


class JsonWriter:
    """One indented JSON value: the object itself for a single document, else an array
    (streamed, so a large folder is never held in memory)."""

    def __init__(self, sink: TextIO, single: bool) -> None:
        self.sink = sink
        self.single = single
        self.count = 0

    def write(self, item: BatchItem) -> None:
        text = msgspec.json.format(msgspec.json.encode(_body(item)), indent=2).decode()
        if not self.single:
            text = ("[\n" if self.count == 0 else ",\n") + _indent(text)
        self.sink.write(text)
        self.count += 1

    def close(self) -> None:
        if self.single:
            self.sink.write("\n" if self.count else "")
        else:
            self.sink.write("\n]\n" if self.count else "[]\n")
        self.sink.flush()


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in text.splitlines())


class TableWriter:
    """Speaker, quote and cue for people reading a terminal. Article text goes in as `Text`,
    never as markup, so brackets in a quote print as they are."""

    def __init__(self, sink: TextIO) -> None:
        self.console = Console(file=sink, highlight=False, soft_wrap=False)

    def write(self, item: BatchItem) -> None:
        title = item.id or "stdin"
        if item.result is None:
            assert item.error is not None
            self.console.print(
                Text.assemble(
                    (f"{title}: ", "bold"), (f"{item.error.title}: {item.error.detail}", "red")
                )
            )
            return
        n = len(item.result.quotes)
        table = Table(
            title=Text(f"{title}: {n} quote{'' if n == 1 else 's'}", style="bold"),
            title_justify="left",
            expand=True,
            show_lines=True,
        )
        table.add_column("speaker", ratio=2)
        table.add_column("quote", ratio=6)
        table.add_column("cue", ratio=2)
        for q in item.result.quotes:
            speaker = Text(q.speaker) if q.speaker else Text("unattributed", style="dim italic")
            table.add_row(speaker, Text(q.text), Text(q.cue.text if q.cue else ""))
        self.console.print(table)

    def close(self) -> None:
        self.console.file.flush()


def writer_for(fmt: OutputFormat, sink: TextIO, single: bool) -> Writer:
    if fmt is OutputFormat.JSON:
        return JsonWriter(sink, single)
    if fmt is OutputFormat.JSONL:
        return JsonLinesWriter(sink)
    return TableWriter(sink)
