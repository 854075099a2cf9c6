"""`quotes extract --url`: a running service as the target of the documents (the models in
this process are `service.pipeline.batches.LocalTarget`)."""

from __future__ import annotations

from collections.abc import Sequence

from service.client import QuotesClient, QuotesServiceError
from service.schemas import BatchDocument, BatchItem, OffsetUnit


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
