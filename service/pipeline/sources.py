"""Where the command line's articles come from: text files, folders (every `*.txt` below them),
stdin, and JSONL files of `{"id", "text"}` objects.

Sources are listed up front (so the progress bar knows the total) and read one batch at a time.
A source that cannot be read fails alone, as a problem in its place in the output.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from service.pipeline.screening import problem
from service.schemas import Problem


class UnreadableArticle(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.detail)
        self.problem = problem


class NoSuchInput(ValueError):
    """A path on the command line that does not exist, or a folder without a `*.txt` file: a
    usage error, not a failed document."""


@dataclass(frozen=True)
class Source:
    id: str | None
    read: Callable[[], str]
    """The article's text; raises UnreadableArticle."""


def _unreadable(slug: str, title: str, detail: str) -> UnreadableArticle:
    return UnreadableArticle(problem(400, slug, title, detail))


def failing(id_: str | None, slug: str, title: str, detail: str) -> Source:
    """A source that fails alone when read: a 400 problem in its place in the output."""
    exc = _unreadable(slug, title, detail)

    def read() -> str:
        raise exc

    return Source(id=id_, read=read)


def from_file(path: Path, id_: str | None = None) -> Source:
    """A text file; its id is the path as given, unless `id_` says otherwise (the backfill
    reads an absolute path but keeps the id `extract` would give)."""

    def read() -> str:
        try:
            return path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise _unreadable("invalid-utf8", "File is not valid UTF-8", f"{path}: {exc}") from None
        except OSError as exc:
            raise _unreadable(
                "unreadable-file", "File cannot be read", f"{path}: {exc.strerror}"
            ) from None

    return Source(id=str(path) if id_ is None else id_, read=read)


def from_paths(paths: Iterable[str], stdin: TextIO) -> list[Source]:
    """Files as given, folders as every `*.txt` below them (sorted), `-` as stdin (id null)."""
    sources: list[Source] = []
    for arg in paths:
        if arg == "-":
            sources.append(Source(id=None, read=stdin.read))
            continue
        path = Path(arg)
        if path.is_dir():
            found = [from_file(p) for p in sorted(path.rglob("*.txt")) if p.is_file()]
            if not found:
                raise NoSuchInput(f"no *.txt files in the folder {arg}")
            sources.extend(found)
        elif path.exists():
            sources.append(from_file(path))
        else:
            raise NoSuchInput(f"no such file or folder: {arg}")
    return sources


def from_jsonl(lines: Iterable[str], first_line: int = 1) -> list[Source]:
    """One source per non-blank line; a line that is not `{"text": str, "id"?: str}` fails
    alone (its id kept when there is one), so output line N still answers input line N.
    `first_line` numbers the lines of a slice of a file (the backfill reads shards)."""
    sources = []
    for n, line in enumerate(lines, first_line):
        if line.strip():
            sources.append(_jsonl_source(n, line))
    return sources


def _jsonl_source(n: int, line: str) -> Source:
    try:
        doc = json.loads(line)
    except ValueError as exc:
        return failing(None, "malformed-json", "Malformed JSON", f"line {n}: {exc}")
    if not isinstance(doc, dict):
        detail = f"line {n}: expected an object with a `text`"
        return failing(None, "invalid-body", "Invalid document", detail)
    id_ = doc.get("id")
    id_ = None if id_ is None else str(id_)
    text = doc.get("text")
    if not isinstance(text, str):
        detail = f"line {n}: `text` must be a string"
        return failing(id_, "invalid-body", "Invalid document", detail)
    return Source(id=id_, read=lambda: text)
