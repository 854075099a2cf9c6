"""What the command line sends its documents to: the models in this process, or a running
service (`--url`). Both answer a batch with one `BatchItem` per document, in order, with the
same per-document errors, so the output does not depend on where the work ran."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol

from service.cli.sources import Source, UnreadableArticle
from service.client import QuotesClient, QuotesServiceError
from service.pipeline.extractor import QuoteExtractor
from service.schemas import BatchDocument, BatchItem, OffsetUnit
from service.settings import Settings


class Target(Protocol):
    def analyze(self, documents: Sequence[BatchDocument]) -> Sequence[BatchItem]: ...

    def close(self) -> None: ...


class LocalTarget:
    """The NLP models loaded here; the same screening as the batch endpoint."""

    def __init__(self, extractor: QuoteExtractor, settings: Settings, offsets: OffsetUnit) -> None:
        self.extractor = extractor
        self.settings = settings
        self.offsets = offsets

    def analyze(self, documents: Sequence[BatchDocument]) -> Sequence[BatchItem]:
        return self.extractor.run_batch(
            documents, self.settings.max_text_chars, self.offsets, self.settings.max_words
        )

    def close(self) -> None:
        pass


class RemoteTarget:
    """A running service, through the typed client (retries on 503/429 included)."""

    def __init__(self, client: QuotesClient, offsets: OffsetUnit) -> None:
        self.client = client
        self.offsets = offsets

    def analyze(self, documents: Sequence[BatchDocument]) -> Sequence[BatchItem]:
        try:
            return self.client.extract_batch(documents, offsets=self.offsets).results
        except QuotesServiceError as exc:
            # Too large as a whole (the body limit covers the whole batch): halve until each
            # request fits, and a single document over the limit fails alone.
            if exc.status != 413:
                raise
            if len(documents) == 1:
                return [BatchItem(id=documents[0].id, status=413, error=exc.problem)]
            half = len(documents) // 2
            return [*self.analyze(documents[:half]), *self.analyze(documents[half:])]

    def close(self) -> None:
        self.client.close()


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
