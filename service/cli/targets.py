"""Where `quotes extract` sends its documents: a running service (`--url`), or the models
loaded here, once a document needs them."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from service.client import QuotesClient, QuotesServiceError
from service.pipeline.batches import LocalTarget
from service.pipeline.extractor import QuoteExtractor
from service.pipeline.screening import text_problem
from service.schemas import DEFAULT_KINDS, BatchDocument, BatchItem, OffsetUnit, QuoteKind
from service.settings import Settings


class OnDemandTarget:
    """`LocalTarget`, with the models loaded (seconds) only for the first batch that holds a
    document screening lets through: empty or over-long input fails at once, without them."""

    def __init__(
        self,
        load: Callable[[], QuoteExtractor],
        settings: Settings,
        offsets: OffsetUnit,
        kinds: tuple[QuoteKind, ...] = DEFAULT_KINDS,
    ) -> None:
        self.load = load
        self.settings = settings
        self.offsets = offsets
        self.kinds = kinds
        self.target: LocalTarget | None = None

    def analyze(self, documents: Sequence[BatchDocument]) -> Sequence[BatchItem]:
        if self.target is None:
            limits = (self.settings.max_text_chars, self.settings.max_words)
            problems = [text_problem(d.text, *limits) for d in documents]
            if all(p is not None for p in problems):
                return [
                    BatchItem(id=d.id, status=p.status, error=p)
                    for d, p in zip(documents, problems, strict=True)
                    if p is not None
                ]
            self.target = LocalTarget(self.load(), self.settings, self.offsets, self.kinds)
        return self.target.analyze(documents)

    def close(self) -> None:
        if self.target is not None:
            self.target.close()


class RemoteTarget:
    """A running service, through the typed client (retries on 503/429 included)."""

    def __init__(
        self,
        client: QuotesClient,
        offsets: OffsetUnit,
        kinds: tuple[QuoteKind, ...] = DEFAULT_KINDS,
    ) -> None:
        self.client = client
        self.offsets = offsets
        # the default is not sent: a service older than reported speech refuses `kinds`
        self.kinds = None if kinds == DEFAULT_KINDS else kinds

    def analyze(self, documents: Sequence[BatchDocument]) -> Sequence[BatchItem]:
        try:
            return self.client.extract_batch(
                documents, offsets=self.offsets, kinds=self.kinds
            ).results
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
