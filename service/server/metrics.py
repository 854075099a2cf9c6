"""Prometheus metrics of our own, next to the per-route request metrics that Litestar's
PrometheusMiddleware records. Defined once per process: the registry is process-global."""

from __future__ import annotations

from collections.abc import Sequence

from prometheus_client import Counter, Gauge, Histogram

from service.schemas import QuotesResponse

NLP_SECONDS = Histogram(
    "quotes_nlp_batch_seconds",
    "Time the NLP backend spent on one batch of articles.",
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 16, 32, 64, 128),
)
BATCH_SIZE = Histogram(
    "quotes_nlp_batch_size",
    "Articles analyzed together in one NLP batch.",
    buckets=(1, 2, 3, 4, 6, 8, 12, 16, 32, 64),
)
QUEUE_DEPTH = Gauge("quotes_queue_depth", "Requests waiting for the NLP worker.")
QUOTES_FOUND = Counter("quotes_found_total", "Quotations returned to clients.")
ARTICLES = Counter("quotes_articles_total", "Articles attributed.")
REJECTED = Counter("quotes_rejected_total", "Requests refused by backpressure.", ["reason"])


def observe_batch(size: int, seconds: float) -> None:
    NLP_SECONDS.observe(seconds)
    BATCH_SIZE.observe(size)


def observe_results(results: Sequence[QuotesResponse]) -> None:
    ARTICLES.inc(len(results))
    QUOTES_FOUND.inc(sum(len(r.quotes) for r in results))
