"""The outermost ASGI layers: request ids, client addresses behind proxies, the access log, and
HEAD answered as GET without the body.

They wrap Litestar's whole handler (not a route's middleware stack), so unknown paths, 401s and
429s get an id, the right client address and their log line too.
"""

from __future__ import annotations

import ipaddress
import logging
import re
import time
import uuid
from collections.abc import Sequence
from typing import Any, cast

from litestar.datastructures import MutableScopeHeaders
from litestar.types import ASGIApp, Message, Receive, ReceiveMessage, Scope, Send
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from service.server.logs import REQUEST_ID, TRACE

access_log = logging.getLogger("service.access")

REQUEST_ID_HEADER = "x-request-id"
# A gateway's id is kept when it is a sane token; anything else (too long, odd characters that
# could forge log lines) is replaced by a fresh one.
_VALID_ID = re.compile(r"^[A-Za-z0-9._:/+=@-]{1,128}$")
TEXT_CHARS = "text_chars"
"""Key in the scope state where the quotes handler notes the length of the text it got."""
CLIENT_GONE = "client_gone"
"""Key in the scope state: the server told us the client disconnected (`http.disconnect`)."""


def client_gone(scope: Scope) -> bool:
    """The client disconnected during the request (while sending its body, say)."""
    return bool(scope.get("state", {}).get(CLIENT_GONE))


class RequestContextMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = next(
            (v.decode("latin-1") for k, v in scope["headers"] if k == b"x-request-id"), ""
        )
        request_id = incoming if _VALID_ID.match(incoming) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        token = REQUEST_ID.set(request_id)
        trace_token = TRACE.set(None)  # set by the OpenTelemetry hook when traces are on
        t0 = time.perf_counter()
        status = 500  # what the client sees if the app dies before answering

        async def receive_noting_disconnects() -> ReceiveMessage:
            message = await receive()
            if message["type"] == "http.disconnect":
                scope["state"][CLIENT_GONE] = True
            return message

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableScopeHeaders.from_message(message)[REQUEST_ID_HEADER] = request_id
            await send(message)

        try:
            await self.app(scope, receive_noting_disconnects, send_with_id)
        finally:
            client = scope.get("client")
            access_log.info(
                "request",
                extra={
                    "request_id": request_id,
                    "method": scope.get("method"),
                    "path": scope["path"],
                    "status": status,
                    "duration_ms": round((time.perf_counter() - t0) * 1000, 2),
                    "text_chars": scope["state"].get(TEXT_CHARS),
                    "client": client[0] if client else None,
                    "caller": scope.get("user") if isinstance(scope.get("user"), str) else None,
                    **_trace_fields(),
                },
            )
            REQUEST_ID.reset(token)
            TRACE.reset(trace_token)


class HeadAsGet:
    """HEAD on any GET route (probes, the page, its files, the API description) answers what GET
    would, headers and Content-Length included, without the body. Litestar routes HEAD only to
    handlers declared for it, and declaring it on the API's operations would give each two
    operations, with one operation id, in the OpenAPI document."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope.get("method") != "HEAD":  # http scopes only: websockets have no method
            await self.app(scope, receive, send)
            return
        # A copy: the server reads the method from its own scope to know no body goes out.
        as_get = cast(Scope, {**scope, "method": "GET"})

        async def without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        try:
            await self.app(as_get, receive, without_body)
        finally:
            if "user" in as_get:  # the authenticated caller, for the access log
                scope["user"] = as_get["user"]


_PEER = "quotes.peer"
"""Scope key: the socket peer, before a trusted proxy's X-Forwarded-For replaces it."""


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


class ForwardedClient:
    """uvicorn's proxy-header handling (which believes X-Forwarded-For/-Proto only from trusted
    peers), except that a forwarded client that is no IP address (a proxy's junk, or a header
    stuffed to get a fresh rate-limit bucket per request) is ignored: the peer stays the
    client, in the log and for rate limits."""

    def __init__(self, app: ASGIApp, trusted_proxies: Sequence[str]) -> None:
        self.app = app
        # uvicorn's and Litestar's ASGI type aliases differ; both are plain ASGI
        self.proxy_headers: Any = ProxyHeadersMiddleware(
            cast(Any, self._checked), trusted_hosts=list(trusted_proxies)
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        scope[_PEER] = scope.get("client")  # type: ignore[literal-required]
        await self.proxy_headers(scope, receive, send)

    async def _checked(self, scope: Scope, receive: Receive, send: Send) -> None:
        client = scope.get("client")
        if client and not _is_ip(client[0]):
            scope["client"] = scope[_PEER]  # type: ignore[literal-required]
        await self.app(scope, receive, send)


def _trace_fields() -> dict[str, str]:
    ids = TRACE.get()
    return {"trace_id": ids[0], "span_id": ids[1]} if ids else {}


def wrap(app: ASGIApp, trusted_proxies: Sequence[str]) -> ASGIApp:
    """Request context outside, then the client address (from trusted proxies' headers), then
    HEAD as GET, then the app."""
    inner = HeadAsGet(app)
    return RequestContextMiddleware(
        ForwardedClient(inner, trusted_proxies) if trusted_proxies else inner
    )
