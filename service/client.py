"""A typed Python client for the quote service, sync and async, over httpx.

    from service.client import QuotesClient  # or, with only the client installed:
    from quotes_client import QuotesClient

    with QuotesClient("http://127.0.0.1:8000") as client:
        response = client.extract('Starmer said: "We are ready."')
        print(response.quotes[0].speaker)

Responses are decoded into the server's own msgspec structs (`QuotesResponse`, `BatchResponse`),
so a field the server renames breaks loudly here instead of surfacing as a missing dict key.
Importing this module loads neither Litestar nor the NLP models.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from itertools import count
from typing import Any, Generic, NamedTuple, TypeVar

import httpx
import msgspec

# Relative imports: this module and schemas.py are also the `quotes_client` distribution
# (client/), which installs with httpx and msgspec only.
from . import __version__
from .schemas import (
    MAX_BATCH_DOCUMENTS,
    BatchDocument,
    BatchRequest,
    BatchResponse,
    OffsetUnit,
    Problem,
    QuoteKind,
    QuotesRequest,
    QuotesResponse,
    kinds_of,
)

__all__ = [
    "AsyncQuotesClient",
    "BatchDocument",
    "BatchResponse",
    "OffsetUnit",
    "QuoteKind",
    "QuotesClient",
    "QuotesResponse",
    "QuotesServiceError",
    "RetryPolicy",
    "ServiceUnavailable",
    "ServiceUnreachable",
]

DEFAULT_URL = "http://127.0.0.1:8000"
T = TypeVar("T")
KindsArg = Iterable[QuoteKind | str] | str | None
"""What to return: kinds (`[QuoteKind.INDIRECT, "direct"]`, `"direct,indirect"`); None leaves
it to the service (quotations only)."""


class QuotesServiceError(Exception):
    """The service answered with an error: its RFC 9457 problem is in `problem`."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(f"{problem.status} {problem.title}: {problem.detail}")
        self.problem = problem

    @property
    def status(self) -> int:
        return self.problem.status


class ServiceUnavailable(QuotesServiceError):
    """Still 503 (models loading) or 429 (rate limited) after every retry."""


class ServiceUnreachable(Exception):
    """No HTTP answer at all: connection refused, unknown host, or a timeout."""


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """A Retry-After header (delay-seconds or an HTTP-date, RFC 9110 10.2.3) in seconds."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class RetryPolicy(msgspec.Struct, frozen=True, kw_only=True):
    """When to try a request again: on 503 (models loading) and 429 (rate limited) only, since
    every other error would just repeat. The server's Retry-After is honoured, capped at
    `max_wait` so a misconfigured proxy cannot park the caller for an hour, and every wait is
    drawn at random between that and `1 + jitter` times it, so that clients refused together
    do not all come back in the same second (never earlier than the server asked)."""

    attempts: int = 5
    """Tries in all, the first included (1 disables retrying)."""
    max_wait: float = 30.0
    """Longest wait before the jitter, in seconds (a wait is at most max_wait * (1 + jitter))."""
    backoff: float = 1.0
    """Without Retry-After, wait backoff, 2*backoff, 4*backoff, ... seconds (before jitter)."""
    jitter: float = 0.5
    """A wait of `d` seconds becomes one drawn uniformly from [d, d * (1 + jitter)]; 0: none."""
    statuses: frozenset[int] = frozenset({429, 503})

    def wait(
        self, response: httpx.Response, attempt: int, uniform: Callable[[], float] = random.random
    ) -> float | None:
        """Seconds to sleep before trying again after `attempt` got `response`, or None.
        `uniform` draws from [0, 1) (a seeded `random.Random().random` in tests)."""
        if response.status_code not in self.statuses or attempt >= self.attempts:
            return None
        hinted = retry_after_seconds(response.headers.get("retry-after"))
        delay = hinted if hinted is not None else self.backoff * 2 ** (attempt - 1)
        return min(self.max_wait, delay) * (1 + self.jitter * uniform())


class _Call(NamedTuple, Generic[T]):
    """One POST: where, what, and the struct the answer decodes into (shared by both clients)."""

    path: str
    body: bytes
    params: dict[str, str]
    returns: type[T]


def _body(request: QuotesRequest | BatchRequest, kinds: KindsArg) -> bytes:
    """`request` as JSON, `kinds` in it only when the caller asked (checked here: ValueError
    before any request): a service older than reported speech refuses the field."""
    fields = msgspec.structs.asdict(request)
    if kinds is None:
        del fields["kinds"]
    else:
        fields["kinds"] = kinds_of(kinds)
    return msgspec.json.encode(fields)


def _extract_call(
    text: str, id: str | None, offsets: OffsetUnit | str, kinds: KindsArg
) -> _Call[QuotesResponse]:
    body = _body(QuotesRequest(text=text, id=id), kinds)
    return _Call("/v1/quotes", body, {"offsets": OffsetUnit(offsets).value}, QuotesResponse)


def _batch_calls(
    documents: Iterable[BatchDocument | str], offsets: OffsetUnit | str, kinds: KindsArg
) -> list[_Call[BatchResponse]]:
    """One call per 64 documents (the server's limit), so callers can pass any number."""
    docs = [d if isinstance(d, BatchDocument) else BatchDocument(text=d) for d in documents]
    params = {"offsets": OffsetUnit(offsets).value}
    return [
        _Call(
            "/v1/quotes:batch",
            _body(BatchRequest(documents=list(docs[i : i + MAX_BATCH_DOCUMENTS])), kinds),
            params,
            BatchResponse,
        )
        for i in range(0, len(docs), MAX_BATCH_DOCUMENTS)
    ]


def _merge(responses: Sequence[BatchResponse]) -> BatchResponse:
    return BatchResponse(results=tuple(item for r in responses for item in r.results))


def _decode(response: httpx.Response, returns: type[T]) -> T:
    if response.is_success:
        return msgspec.json.decode(response.content, type=returns)
    try:
        problem = msgspec.json.decode(response.content, type=Problem)
    except (msgspec.DecodeError, msgspec.ValidationError):  # a proxy's HTML error page, say
        problem = Problem(
            status=response.status_code,
            title=response.reason_phrase or "Error",
            detail=response.text[:500],
        )
    if response.status_code in (429, 503):
        raise ServiceUnavailable(problem)
    raise QuotesServiceError(problem)


def _client_options(base_url: str, api_key: str | None, timeout: float) -> dict[str, Any]:
    headers = {
        "accept": "application/json",
        "content-type": "application/json",
        "user-agent": f"quote-service-client/{__version__}",
    }
    if api_key:
        headers["authorization"] = f"Bearer {api_key}"
    return {"base_url": base_url, "headers": headers, "timeout": timeout}


def _unreachable(exc: httpx.TransportError, base_url: str) -> ServiceUnreachable:
    return ServiceUnreachable(f"no answer from {base_url}: {exc!r}")


class QuotesClient:
    """Blocking client. `transport` is httpx's (tests, proxies, custom TLS)."""

    def __init__(
        self,
        base_url: str = DEFAULT_URL,
        *,
        api_key: str | None = None,
        timeout: float = 120.0,
        retry: RetryPolicy = RetryPolicy(),
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.retry = retry
        self._http = httpx.Client(
            transport=transport, **_client_options(base_url, api_key, timeout)
        )

    def extract(
        self,
        text: str,
        *,
        id: str | None = None,
        offsets: OffsetUnit | str = OffsetUnit.CODEPOINT,
        kinds: KindsArg = None,
    ) -> QuotesResponse:
        """The quotes and speakers of one article; `kinds` with `indirect` adds reported
        speech."""
        return self._call(_extract_call(text, id, offsets, kinds))

    def extract_batch(
        self,
        documents: Iterable[BatchDocument | str],
        *,
        offsets: OffsetUnit | str = OffsetUnit.CODEPOINT,
        kinds: KindsArg = None,
    ) -> BatchResponse:
        """One result per document, in order; 64 documents a request. A document the service
        cannot analyze gets a result with its own `status` and `error` instead of raising."""
        return _merge([self._call(call) for call in _batch_calls(documents, offsets, kinds)])

    def ready(self) -> bool:
        """Whether the models are loaded (no retries)."""
        return self._send("GET", "/health/ready").status_code == 200

    def _call(self, call: _Call[T]) -> T:
        for attempt in count(1):
            response = self._send("POST", call.path, content=call.body, params=call.params)
            if (delay := self.retry.wait(response, attempt)) is None:
                return _decode(response, call.returns)
            time.sleep(delay)
        raise AssertionError("unreachable")

    def _send(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        try:
            return self._http.request(method, path, **kwargs)
        except httpx.TransportError as exc:
            raise _unreachable(exc, str(self._http.base_url)) from exc

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> QuotesClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class AsyncQuotesClient:
    """The same as `QuotesClient`, for asyncio. `transport` may be an `httpx.ASGITransport`."""

    def __init__(
        self,
        base_url: str = DEFAULT_URL,
        *,
        api_key: str | None = None,
        timeout: float = 120.0,
        retry: RetryPolicy = RetryPolicy(),
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.retry = retry
        self._http = httpx.AsyncClient(
            transport=transport, **_client_options(base_url, api_key, timeout)
        )

    async def extract(
        self,
        text: str,
        *,
        id: str | None = None,
        offsets: OffsetUnit | str = OffsetUnit.CODEPOINT,
        kinds: KindsArg = None,
    ) -> QuotesResponse:
        """See `QuotesClient.extract`."""
        return await self._call(_extract_call(text, id, offsets, kinds))

    async def extract_batch(
        self,
        documents: Iterable[BatchDocument | str],
        *,
        offsets: OffsetUnit | str = OffsetUnit.CODEPOINT,
        kinds: KindsArg = None,
    ) -> BatchResponse:
        """See `QuotesClient.extract_batch`; the requests go one after the other."""
        calls = _batch_calls(documents, offsets, kinds)
        return _merge([await self._call(call) for call in calls])

    async def ready(self) -> bool:
        """Whether the models are loaded (no retries)."""
        return (await self._send("GET", "/health/ready")).status_code == 200

    async def _call(self, call: _Call[T]) -> T:
        for attempt in count(1):
            response = await self._send("POST", call.path, content=call.body, params=call.params)
            if (delay := self.retry.wait(response, attempt)) is None:
                return _decode(response, call.returns)
            await asyncio.sleep(delay)
        raise AssertionError("unreachable")

    async def _send(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        try:
            return await self._http.request(method, path, **kwargs)
        except httpx.TransportError as exc:
            raise _unreachable(exc, str(self._http.base_url)) from exc

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> AsyncQuotesClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()
