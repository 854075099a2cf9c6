"""What is wrong with a text before any model sees it, and a batch's documents split into
those to analyze and those that fail on their own.

Problems are plain `Problem` structs: the server turns them into error responses, the CLI
and the batch jobs write them in place of the document's result.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from service.nlp.backend import MAX_RUN
from service.pipeline.article import Article
from service.schemas import (
    DEFAULT_KINDS,
    DEFAULT_MAX_WORDS,
    INVISIBLE,
    BatchDocument,
    BatchItem,
    OffsetUnit,
    Problem,
    QuoteKind,
    QuotesResponse,
)

PROBLEM_BASE = "https://quotes.invalid/problems/"

# The set `service.schemas.TEXT_PATTERN` gives clients (written to mean the same in Python).
_VISIBLE = re.compile(rf"[^\x00{INVISIBLE}]")
# What the NLP adapter feeds its tokenizer: runs of at most MAX_RUN characters.
_PIECE = re.compile(rf"\S{{1,{MAX_RUN}}}")


def problem(
    status: int,
    slug: str,
    title: str,
    detail: str,
    *,
    field: str | None = None,
    limit: int | None = None,
    length: int | None = None,
    retry_after: int | None = None,
) -> Problem:
    """A problem of the service's own catalogue: `type` is `PROBLEM_BASE` + `slug`."""
    return Problem(
        status=status,
        type=PROBLEM_BASE + slug,
        title=title,
        detail=detail,
        field=field,
        limit=limit,
        length=length,
        retry_after=retry_after,
    )


def empty_text() -> Problem:
    return problem(
        400, "empty-text", "Empty text", "`text` holds no visible characters.", field="text"
    )


def estimated_words(text: str) -> int:
    """The words the analysis will be given: every MAX_RUN characters of an unbroken run count
    as one, as the NLP adapter cuts them."""
    return len(_PIECE.findall(text))


def text_problem(text: str, max_chars: int, max_words: int = DEFAULT_MAX_WORDS) -> Problem | None:
    """What is wrong with an article's text, if anything (single, batch, CLI and backfill):
    too long, too costly to analyze, nothing visible, a NUL."""
    if len(text) > max_chars:
        return problem(
            413,
            "text-too-long",
            "Text too long",
            f"The text has {len(text)} characters; the limit is {max_chars}.",
            limit=max_chars,
            length=len(text),
        )
    if (words := estimated_words(text)) > max_words:
        return problem(
            413,
            "too-many-words",
            "Too many words to analyze",
            f"The text has about {words} words (every {MAX_RUN} characters without a space "
            f"count as one); the limit is {max_words}.",
            limit=max_words,
            length=words,
        )
    if not _VISIBLE.search(text):
        return empty_text()
    if "\x00" in text:
        return problem(
            400,
            "nul-in-text",
            "NUL character in text",
            "`text` contains a NUL (U+0000) character.",
            field="text",
        )
    return None


class BatchPlan:
    """Splits a batch into the articles to analyze and the documents that fail on their own,
    then puts the answers back in submission order. Shared by the batch endpoint, the local CLI
    and the backfill, so all of them report the same per-document errors."""

    def __init__(
        self,
        documents: Sequence[BatchDocument],
        max_chars: int,
        max_words: int = DEFAULT_MAX_WORDS,
        offsets: OffsetUnit = OffsetUnit.CODEPOINT,
        kinds: tuple[QuoteKind, ...] = DEFAULT_KINDS,
    ) -> None:
        self.documents = documents
        self.problems = [text_problem(d.text, max_chars, max_words) for d in documents]
        self.articles = [
            Article(text=d.text, id=d.id, offsets=offsets, kinds=kinds)
            for d, p in zip(documents, self.problems, strict=True)
            if p is None
        ]
        """The documents to analyze, in order."""

    def items(self, answers: Sequence[QuotesResponse | Problem]) -> tuple[BatchItem, ...]:
        """One item per document: `answers` holds one response, or the problem that stopped
        its analysis (a timeout, say), per article of `articles`, in order."""
        analyzed = iter(answers)
        return tuple(
            _item(doc.id, next(analyzed) if error is None else error)
            for doc, error in zip(self.documents, self.problems, strict=True)
        )


def _item(id: str | None, answer: QuotesResponse | Problem) -> BatchItem:
    if isinstance(answer, Problem):
        return BatchItem(id=id, status=answer.status, error=answer)
    return BatchItem(id=id, status=200, result=answer)
