"""The engine: NLP backend + attribution, turning article texts into responses.

`run` is blocking; the service calls it through `service.pipeline.scheduler`, on one dedicated worker
thread, so the event loop stays free and Stanza (not thread-safe) never sees two calls at once.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from service.schemas import QuotesResponse, ResponseMeta
from service.attribution.engine import attribute
from service.server.metrics import ARTICLES, QUOTES_FOUND
from service.nlp.backend import NlpBackend


class QuoteExtractor:
    def __init__(self, backend: NlpBackend) -> None:
        self.backend = backend

    def run(
        self, texts: Sequence[str], ids: Sequence[str | None] | None = None
    ) -> list[QuotesResponse]:
        """Blocking: analyse and attribute a batch of texts in one backend call."""
        t0 = time.perf_counter()
        docs = self.backend.analyze(texts)
        nlp_ms = (time.perf_counter() - t0) * 1000 / max(1, len(texts))
        out = []
        for i, doc in enumerate(docs):
            t1 = time.perf_counter()
            result = attribute(doc)
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
        out = self.run([text for text, _ in items], [id for _, id in items])
        ARTICLES.inc(len(out))
        QUOTES_FOUND.inc(sum(len(r.quotes) for r in out))
        return out
