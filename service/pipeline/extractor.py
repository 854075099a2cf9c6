"""The extractor: NLP backend + attribution, turning article texts into responses.

`run` is blocking. The server calls it through `service.pipeline.scheduler`, away from the event
loop; the CLI and batch jobs call it directly.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from service.attribution.engine import attribute
from service.attribution.roles import Roles, load_roles
from service.attribution.spans import quote_spans
from service.nlp.backend import NlpBackend, load_backend
from service.pipeline.screening import BatchPlan
from service.schemas import (
    DEFAULT_MAX_WORDS,
    BatchDocument,
    BatchItem,
    OffsetUnit,
    QuotesResponse,
    ResponseMeta,
)
from service.settings import Settings


def nlp_backend(settings: Settings) -> NlpBackend:
    """The configured backend, focused (with `reduce_nlp`) on where attribution will look."""
    return load_backend(settings, focus=quote_spans)


def build_extractor(
    settings: Settings, factory: Callable[[Settings], NlpBackend]
) -> QuoteExtractor:
    """The extractor the settings describe: `factory`'s backend, and the operator's people
    directory (QUOTES_PEOPLE_FILE, or QUOTES_ROLES_FILE) when there is one."""
    directory = settings.people_file or settings.roles_file
    roles = load_roles(directory) if directory else None
    return QuoteExtractor(factory(settings), roles)


class QuoteExtractor:
    def __init__(self, backend: NlpBackend, roles: Roles | None = None) -> None:
        self.backend = backend
        self.roles = roles

    def run(
        self, texts: Sequence[str], ids: Sequence[str | None] | None = None
    ) -> list[QuotesResponse]:
        """Blocking: analyze and attribute a batch of texts in one backend call."""
        t0 = time.perf_counter()
        docs = self.backend.analyze(texts)
        nlp_ms = (time.perf_counter() - t0) * 1000 / max(1, len(texts))
        out = []
        for i, doc in enumerate(docs):
            t1 = time.perf_counter()
            result = attribute(doc, self.roles)
            out.append(
                QuotesResponse(
                    id=ids[i] if ids else None,
                    quotes=result.quotes,
                    speakers=result.speakers,
                    meta=ResponseMeta(
                        backend=self.backend.info.name,
                        backend_version=self.backend.info.version,
                        models=self.backend.info.models,
                        nlp_ms=round(nlp_ms, 2),
                        attribution_ms=round((time.perf_counter() - t1) * 1000, 2),
                    ),
                )
            )
        return out

    def run_items(self, items: Sequence[tuple[str, str | None]]) -> list[QuotesResponse]:
        """`run` over (text, id) pairs: the scheduler's unit of work."""
        return self.run([text for text, _ in items], [id_ for _, id_ in items])

    def run_batch(
        self,
        documents: Sequence[BatchDocument],
        max_chars: int,
        offsets: OffsetUnit = OffsetUnit.CODEPOINT,
        max_words: int = DEFAULT_MAX_WORDS,
    ) -> tuple[BatchItem, ...]:
        """A batch as `POST /v1/quotes:batch` answers it: one item per document, in order, a
        document that fails screening failing alone (the CLI and batch jobs use this)."""
        plan = BatchPlan(documents, max_chars, max_words)
        return plan.items(self.run_items(plan.items_to_analyze), offsets)
