"""The engine: NLP backend + attribution, turning article texts into responses.

Analysis runs on one dedicated worker thread, so the event loop stays free and Stanza (which
is not thread-safe) never sees two calls at once.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

import anyio
import anyio.to_thread

from service.api.schemas import Meta, QuotesResponse
from service.attribution.engine import attribute
from service.nlp.backend import NlpBackend


class QuoteExtractor:
    def __init__(self, backend: NlpBackend) -> None:
        self.backend = backend
        self._limiter = anyio.CapacityLimiter(1)

    def run(self, texts: Sequence[str], ids: Sequence[str | None] | None = None) -> list[QuotesResponse]:
        """Blocking: analyse and attribute a batch of texts in one backend call."""
        t0 = time.perf_counter()
        docs = self.backend.analyze(texts)
        nlp_ms = (time.perf_counter() - t0) * 1000 / max(1, len(texts))
        out = []
        for i, doc in enumerate(docs):
            t1 = time.perf_counter()
            result = attribute(doc)
            out.append(QuotesResponse(
                id=ids[i] if ids else None,
                quotes=result.quotes,
                speakers=result.speakers,
                meta=Meta(
                    backend=self.backend.info.name,
                    backend_version=self.backend.info.version,
                    models=self.backend.info.models,
                    nlp_ms=round(nlp_ms, 2),
                    attribution_ms=round((time.perf_counter() - t1) * 1000, 2),
                ),
            ))
        return out

    async def extract(self, text: str, id: str | None = None) -> QuotesResponse:
        (result,) = await self.extract_batch([text], [id])
        return result

    async def extract_batch(self, texts: Sequence[str],
                            ids: Sequence[str | None]) -> list[QuotesResponse]:
        """`run` on the worker thread: one backend call for the whole batch."""
        if not texts:
            return []
        return await anyio.to_thread.run_sync(self.run, texts, ids, limiter=self._limiter)
