"""Litestar's own refusals (no such path, wrong method, a body over the limit, the rate limit, a
Host not allowed, other client errors) in the service's problem format: a `type` of its
catalogue and a detail that says what to do, where the problem-details plugin would repeat the
reason phrase."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from http import HTTPStatus
from typing import Any

from litestar import Request, Response
from litestar.config.allowed_hosts import AllowedHostsConfig
from litestar.config.cors import CORSConfig
from litestar.constants import DEFAULT_ALLOWED_CORS_HEADERS
from litestar.datastructures import Headers
from litestar.exceptions.http_exceptions import (
    HTTPException,
    MethodNotAllowedException,
    NotFoundException,
    RequestEntityTooLarge,
    TooManyRequestsException,
)
from litestar.middleware import DefineMiddleware
from litestar.middleware.allowed_hosts import AllowedHostsMiddleware
from litestar.types import ASGIApp, ExceptionHandlersMap, Receive, Scope, Send

from service.pipeline.screening import problem
from service.schemas import Problem
from service.server.api.middleware import client_gone
from service.server.api.problems import http_problem, internal_error, problem_response
from service.settings import Settings

log = logging.getLogger("service")


def _rate_limited(exc: HTTPException, settings: Settings) -> Problem:
    # Litestar's limiter says when the window resets in RateLimit-Reset; Retry-After (and the
    # problem's `retry_after`) repeat it for clients and gateways that know only that header.
    reset = (exc.headers or {}).get("RateLimit-Reset", "")
    wait = max(1, int(reset)) if reset.lstrip("-").isdigit() else 1
    return problem(
        429,
        "rate-limited",
        "Too many requests",
        f"Over the limit of {settings.rate_limit} requests per {settings.rate_limit_window}; "
        f"retry in {wait} s.",
        retry_after=wait,
    )


def _framework_problem(exc: HTTPException, settings: Settings) -> Problem:
    """The problem for one of Litestar's exceptions. Details never echo the request: a path
    or parameter can be kilobytes long."""
    schema = f"{settings.path_prefix}/schema"
    if isinstance(exc, NotFoundException):
        return problem(
            404, "not-found", "Not found", f"Nothing is served at this path; see {schema}."
        )
    if isinstance(exc, MethodNotAllowedException):
        allow = ", ".join(
            sorted(m.strip() for m in (exc.headers or {}).get("allow", "").split(","))
        )
        return problem(
            405,
            "method-not-allowed",
            "Method not allowed",
            f"This path answers {allow} only." if allow else f"See {schema} for the methods.",
        )
    if isinstance(exc, RequestEntityTooLarge):
        limit = settings.max_body_bytes
        return problem(
            413,
            "body-too-large",
            "Request body too large",
            f"The request body is over the limit of {limit} bytes; send fewer or shorter texts.",
            limit=limit,
        )
    if isinstance(exc, TooManyRequestsException):
        return _rate_limited(exc, settings)
    status = HTTPStatus(exc.status_code)
    detail = exc.detail if exc.detail and exc.detail != status.phrase else status.description
    return problem(exc.status_code, "-".join(status.phrase.lower().split()), status.phrase, detail)


CLIENT_CLOSED_REQUEST = 499
"""The status logs and metrics give a request whose client went away before the answer (as
nginx does): no server error, and no client ever sees it."""


def client_disconnected(request: Request[Any, Any, Any]) -> Response[Any]:
    """The client disconnected while sending its body (Litestar raises a 500 for it): an
    ordinary event, logged at INFO without a traceback, answered (to nobody) 499."""
    log.info(
        "client disconnected before sending its whole body: %s %s",
        request.method,
        request.scope.get("path"),
    )
    return problem_response(
        problem(
            CLIENT_CLOSED_REQUEST,
            "client-disconnected",
            "Client closed request",
            "The client disconnected before sending its whole request body.",
        )
    )


def framework_errors(settings: Settings) -> ExceptionHandlersMap:
    """Exception handlers for the app: keyed by class, so the service's own problems
    (`ProblemDetailsException`) and validation failures keep theirs."""

    def handle(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
        if exc.status_code >= 500 and client_gone(request.scope):
            return client_disconnected(request)
        if exc.status_code >= 500:
            return internal_error(request, exc)
        # The limiter's RateLimit-* headers and the router's Allow stay on the answer.
        headers = {k: v for k, v in (exc.headers or {}).items() if k.lower() != "retry-after"}
        return http_problem(_framework_problem(exc, settings), headers).to_response(request)

    return {HTTPException: handle}


class _AllowedHosts(AllowedHostsMiddleware):
    """Litestar's allowed-hosts check (and its redirect to `www.`), refusing with a problem where
    Litestar answers `{"message": "invalid host header"}`."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        host = Headers.from_scope(scope).get("host", "")
        allowed, redirected = self.allowed_hosts_regex, self.redirect_domains
        if (
            allowed is None
            or allowed.fullmatch(host)
            or (redirected is not None and redirected.fullmatch(host))
        ):
            await super().__call__(scope, receive, send)
            return
        raise http_problem(
            problem(
                400,
                "host-not-allowed",
                "Host not allowed",
                "The Host header names no host this service answers for.",
            )
        )


def allowed_hosts_middleware(hosts: Sequence[str]) -> DefineMiddleware:
    return DefineMiddleware(_AllowedHosts, config=AllowedHostsConfig(allowed_hosts=list(hosts)))


class PreflightRefusals:
    """A CORS preflight that Litestar's CORS handling (`cors_config`) would refuse, refused
    first as a 400 problem: Litestar answers it text/plain "Disallowed CORS Origin". The same
    checks as Litestar's, through `CORSConfig`'s public API; allowed preflights pass on."""

    def __init__(self, app: ASGIApp, config: CORSConfig) -> None:
        self.app = app
        self.config = config

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope.get("method") == "OPTIONS":
            headers = Headers.from_scope(scope)
            origin = headers.get("origin")
            if origin and (reasons := self.refusals(origin, headers)):
                p = problem(
                    400,
                    "cors-refused",
                    "Cross-origin request refused",
                    f"The CORS preflight is refused: {'; '.join(reasons)}.",
                )
                request = scope["litestar_app"].request_class(scope, receive, send)
                response = problem_response(p, headers={"Vary": "Origin"})
                await response.to_asgi_response(app=None, request=request)(scope, receive, send)
                return
        await self.app(scope, receive, send)

    def refusals(self, origin: str, headers: Headers) -> list[str]:
        config, out = self.config, []
        method = headers.get("access-control-request-method")
        if method and not config.is_allow_all_methods and method not in config.allow_methods:
            out.append(f"the method {method} is not allowed")
        if not config.is_origin_allowed(origin):
            out.append("this origin may not call the service from a browser")
        requested = [
            h.strip() for h in headers.get("access-control-request-headers", "").split(",")
        ]
        allowed = {*config.allow_headers, *(h.lower() for h in DEFAULT_ALLOWED_CORS_HEADERS)}
        if not config.is_allow_all_headers and any(
            h and h.lower() not in allowed for h in requested
        ):
            out.append("a requested header is not allowed")
        return out
