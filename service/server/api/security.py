"""Optional API keys, checked by Litestar's authentication middleware.

Keys come as `Authorization: Bearer KEY` or `X-API-Key: KEY`. Both sides are hashed first and
compared with `hmac.compare_digest` against every configured key, so the time taken says
nothing about how close a guess was. A caller is known by a short fingerprint of its key
(used for rate limits and logs); the key itself is never stored in the request or logged.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Iterable
from typing import Any

from litestar import Request
from litestar.connection import ASGIConnection
from litestar.middleware import (
    AbstractAuthenticationMiddleware,
    AuthenticationResult,
    DefineMiddleware,
)
from litestar.middleware.rate_limit import get_remote_address
from litestar.types import ASGIApp

from service.server.api.problems import problem

WWW_AUTHENTICATE = {"WWW-Authenticate": 'Bearer realm="quotes"'}

NO_AUTH = "exclude_from_auth"
"""Route opt that exempts a handler from the API key (Litestar's authentication default)."""
NO_RATE_LIMIT = "skip_rate_limit"
"""Route opt that exempts a handler from rate limiting (probes, metrics, the page)."""
PUBLIC_ROUTE = {NO_AUTH: True, NO_RATE_LIMIT: True}
# Paths anyone may call: probes, and the API description itself.
PUBLIC = ["/health/", "/schema"]


def _digest(key: str) -> bytes:
    return hashlib.sha256(key.encode("utf-8")).digest()


class KeyRing:
    def __init__(self, keys: Iterable[str]) -> None:
        self._digests = [_digest(k) for k in keys]

    def __len__(self) -> int:
        return len(self._digests)

    def caller(self, presented: str) -> str | None:
        """The fingerprint of the matching key, or None. Looks at every key, always."""
        digest = _digest(presented)
        match = None
        for known in self._digests:
            if hmac.compare_digest(digest, known):
                match = known
        return None if match is None else "key:" + match.hex()[:12]


def presented_key(connection: ASGIConnection) -> str | None:
    auth = connection.headers.get("authorization", "")
    scheme, _, token = auth.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    return connection.headers.get("x-api-key", "").strip() or None


class ApiKeyMiddleware(AbstractAuthenticationMiddleware):
    def __init__(self, app: ASGIApp, keys: KeyRing, exclude: list[str]) -> None:
        super().__init__(
            app, exclude=exclude, exclude_from_auth_key=NO_AUTH, exclude_http_methods=["OPTIONS"]
        )
        self.keys = keys

    async def authenticate_request(self, connection: ASGIConnection) -> AuthenticationResult:
        key = presented_key(connection)
        if key is None:
            raise problem(
                401,
                "missing-api-key",
                "API key required",
                "Send your key as `Authorization: Bearer KEY` or `X-API-Key: KEY`.",
                headers=WWW_AUTHENTICATE,
            )
        caller = self.keys.caller(key)
        if caller is None:
            raise problem(
                401,
                "invalid-api-key",
                "Invalid API key",
                "The API key is not valid.",
                headers=WWW_AUTHENTICATE,
            )
        return AuthenticationResult(user=caller, auth=None)


def api_key_middleware(keys: KeyRing, prefix: str) -> DefineMiddleware:
    return DefineMiddleware(ApiKeyMiddleware, keys=keys, exclude=[f"^{prefix}{p}" for p in PUBLIC])


def rate_limit_bucket(keys: KeyRing) -> Callable[[Request[Any, Any, Any]], str]:
    """The rate limiter's key for a request: the fingerprint of a valid API key, else the client
    address (from X-Forwarded-For only when the peer is a trusted proxy). The limiter runs
    before authentication, so requests with a missing or wrong key count against their address
    and a client trying keys gets 429s, while each valid key keeps its own bucket."""

    def bucket(request: Request[Any, Any, Any]) -> str:
        key = presented_key(request) if len(keys) else None
        return (keys.caller(key) if key else None) or get_remote_address(request)

    return bucket
