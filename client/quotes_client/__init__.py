"""Typed Python client for the quote attribution service: `QuotesClient` (blocking) and
`AsyncQuotesClient`, returning the service's own msgspec structs.

`client.py` and `schemas.py` here are the service's own `service/client.py` and
`service/schemas.py` (symlinks): one source for the wire types, installable without the
service's NLP stack. `_version.py` is `service/__init__.py`, which holds only the version.
"""

from quotes_client._version import __version__
from quotes_client.client import (
    AsyncQuotesClient,
    QuotesClient,
    QuotesServiceError,
    RetryPolicy,
    ServiceUnavailable,
    ServiceUnreachable,
)
from quotes_client.schemas import (
    BatchDocument,
    BatchItem,
    BatchResponse,
    OffsetUnit,
    Problem,
    Quote,
    QuoteKind,
    QuotesResponse,
    Speaker,
)

__all__ = [
    "AsyncQuotesClient",
    "BatchDocument",
    "BatchItem",
    "BatchResponse",
    "OffsetUnit",
    "Problem",
    "Quote",
    "QuoteKind",
    "QuotesClient",
    "QuotesResponse",
    "QuotesServiceError",
    "RetryPolicy",
    "ServiceUnavailable",
    "ServiceUnreachable",
    "Speaker",
    "__version__",
]
