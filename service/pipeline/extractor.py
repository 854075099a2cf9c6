"""The extractor: NLP backend + attribution, turning articles into responses.

`run` is blocking. The server calls it through `service.pipeline.scheduler`, away from the event
loop; the CLI and batch jobs call it directly. It is the one place where a response gets the
offsets its article asked for.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from service.attribution.marks import find_quotes
from service.attribution.roles import Roles, load_roles
from service.nlp.backend import NlpBackend, load_backend
from service.pipeline.article import Article
from service.pipeline.focus import attribute_as_asked, focus_of
from service.pipeline.offsets import with_offsets
from service.pipeline.screening import BatchPlan
from service.schemas import (
    DEFAULT_KINDS,
    DEFAULT_MAX_WORDS,
    BatchDocument,
    BatchItem,
    OffsetUnit,
    QuoteKind,
    QuotesResponse,
    ResponseMeta,
)
from service.settings import Settings


def nlp_backend(settings: Settings) -> NlpBackend:
    """The configured backend (the extractor focuses it, with `reduce_nlp`, on where attribution
    will look)."""
    return load_backend(settings)


def build_extractor(
    settings: Settings, factory: Callable[[Settings], NlpBackend]
) -> QuoteExtractor:
    """The extractor the settings describe: `factory`'s backend, the reduced analysis or not
    (QUOTES_REDUCE_NLP), and the operator's people directory (QUOTES_PEOPLE_FILE, or
    QUOTES_ROLES_FILE) when there is one."""
    directory = settings.people_file or settings.roles_file
    roles = load_roles(directory) if directory else None
    return QuoteExtractor(factory(settings), roles, reduce_nlp=settings.reduce_nlp)


class QuoteExtractor:
    def __init__(
        self, backend: NlpBackend, roles: Roles | None = None, *, reduce_nlp: bool = True
    ) -> None:
        self.backend = backend
        self.roles = roles
        self.reduce_nlp = reduce_nlp
        """Focus the backend on the quotations (QUOTES_REDUCE_NLP); else it analyzes all."""

    def run(self, articles: Sequence[Article]) -> list[QuotesResponse]:
        """Blocking: analyze and attribute a batch of articles in one backend call. Each
        article's quotations are found once, for the backend's focus and for attribution;
        each article's focus follows its own kinds (a batch may mix them)."""
        texts = [a.text for a in articles]
        t0 = time.perf_counter()
        quotes = [find_quotes(text) for text in texts]
        marks_ms = (time.perf_counter() - t0) * 1000 / max(1, len(texts))
        focus = (
            [focus_of(a.text, qs, a.kinds) for a, qs in zip(articles, quotes, strict=True)]
            if self.reduce_nlp
            else None
        )
        t1 = time.perf_counter()
        docs = self.backend.analyze(texts, focus)
        nlp_ms = (time.perf_counter() - t1) * 1000 / max(1, len(texts))
        out = []
        for article, doc, found in zip(articles, docs, quotes, strict=True):
            t2 = time.perf_counter()
            result = attribute_as_asked(
                doc, self.roles, quotes=found, kinds=article.kinds, reduced=self.reduce_nlp
            )
            response = QuotesResponse(
                id=article.id,
                quotes=result.quotes,
                speakers=result.speakers,
                meta=ResponseMeta(
                    backend=self.backend.info.name,
                    backend_version=self.backend.info.version,
                    models=self.backend.info.models,
                    nlp_ms=round(nlp_ms, 2),
                    attribution_ms=round((time.perf_counter() - t2) * 1000 + marks_ms, 2),
                ),
            )
            out.append(with_offsets(response, article.text, article.offsets))
        return out

    def run_batch(
        self,
        documents: Sequence[BatchDocument],
        max_chars: int,
        offsets: OffsetUnit = OffsetUnit.CODEPOINT,
        max_words: int = DEFAULT_MAX_WORDS,
        kinds: tuple[QuoteKind, ...] = DEFAULT_KINDS,
    ) -> tuple[BatchItem, ...]:
        """A batch as `POST /v1/quotes:batch` answers it: one item per document, in order, a
        document that fails screening failing alone (the CLI and batch jobs use this)."""
        plan = BatchPlan(documents, max_chars, max_words, offsets, kinds)
        return plan.items(self.run(plan.articles))
