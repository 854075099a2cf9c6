"""Documents from `service.pipeline.sources`, analyzed a batch at a time by a `Target`: the
models in this process (`LocalTarget`), or a running service (`service.cli.targets`). Every
target answers a batch with one `BatchItem` per document, in order, with the same per-document
errors, so the output does not depend on where the work ran. Shared by `quotes extract` and the
backfill, with `FailedDocument`, the line either writes for a document that failed."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Annotated, Protocol

import msgspec

from service.pipeline.extractor import QuoteExtractor
from service.pipeline.sources import Source, UnreadableArticle
from service.schemas import (
    DEFAULT_KINDS,
    ArticleId,
    BatchDocument,
    BatchItem,
    OffsetUnit,
    Problem,
    QuoteKind,
)
from service.settings import Settings


class FailedDocument(msgspec.Struct, frozen=True, kw_only=True):
    """What is written in place of a document that failed: its id, status and problem."""

    id: ArticleId | None
    status: Annotated[int, msgspec.Meta(ge=400, le=599)]
    error: Problem


class Target(Protocol):
    def analyze(self, documents: Sequence[BatchDocument]) -> Sequence[BatchItem]: ...

    def close(self) -> None: ...


class LocalTarget:
    """The NLP models loaded here; the same screening as the batch endpoint."""

    def __init__(
        self,
        extractor: QuoteExtractor,
        settings: Settings,
        offsets: OffsetUnit,
        kinds: tuple[QuoteKind, ...] = DEFAULT_KINDS,
    ) -> None:
        self.extractor = extractor
        self.settings = settings
        self.offsets = offsets
        self.kinds = kinds

    def analyze(self, documents: Sequence[BatchDocument]) -> Sequence[BatchItem]:
        return self.extractor.run_batch(
            documents,
            self.settings.max_text_chars,
            self.offsets,
            self.settings.max_words,
            kinds=self.kinds,
        )

    def close(self) -> None:
        pass


def analyze_sources(sources: Sequence[Source], target: Target, batch: int) -> Iterator[BatchItem]:
    """Every source's result, in order: read and analyzed `batch` at a time, so memory holds
    one batch of texts however many there are."""
    for i in range(0, len(sources), batch):
        yield from _analyze_batch(sources[i : i + batch], target)


def _analyze_batch(sources: Sequence[Source], target: Target) -> list[BatchItem]:
    items: list[BatchItem | None] = [None] * len(sources)
    readable: list[tuple[int, BatchDocument]] = []
    for k, source in enumerate(sources):
        try:
            readable.append((k, BatchDocument(id=source.id, text=source.read())))
        except UnreadableArticle as exc:  # fails alone, in its place
            items[k] = BatchItem(id=source.id, status=exc.problem.status, error=exc.problem)
    answers = target.analyze([doc for _, doc in readable])
    for (k, _), item in zip(readable, answers, strict=True):
        items[k] = item
    return [item for item in items if item is not None]
