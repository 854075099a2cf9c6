"""Reading request bodies: content types, text/plain as JSON where a route accepts both, and
decoding failures as precise problems (the field at fault, invalid UTF-8, nesting too deep)
instead of a bare 400 or a 500."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response
from litestar.connection import ASGIConnection
from litestar.exceptions import SerializationException, ValidationException
from litestar.handlers import BaseRouteHandler
from litestar.plugins.problem_details import ProblemDetailsException

from service.pipeline.screening import empty_text
from service.server.api.problems import http_problem, problem


def media_type(content_type: str) -> str:
    return content_type.split(";")[0].strip().lower()


def is_json(media: str) -> bool:
    return media == "application/json" or (
        media.startswith("application/") and media.endswith("+json")
    )


def unsupported_media_type(media: str, wanted: str) -> ProblemDetailsException:
    return problem(
        415,
        "unsupported-media-type",
        "Unsupported media type",
        f"Send {wanted}, not {media or 'nothing'!r}.",
    )


PLAIN_TEXT_FIELD = "plain_text_field"
"""Route opt: a UTF-8 text/plain body is accepted as the JSON object {FIELD: body}."""


async def require_json(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
    """Guard for JSON operations (and text/plain where the route opts in with
    `PLAIN_TEXT_FIELD`): runs before Litestar decodes the body, which it would take for a
    missing one when empty."""
    content_type = connection.headers.get("content-type", "")
    media = media_type(content_type)
    plain_field = handler.opt.get(PLAIN_TEXT_FIELD)
    if plain_field and media == "text/plain":
        _check_charset(content_type)
    elif not is_json(media):
        wanted = "application/json" + (" or text/plain; charset=utf-8" if plain_field else "")
        raise unsupported_media_type(media, wanted)
    if isinstance(connection, Request) and not await connection.body():
        raise (
            http_problem(empty_text())
            if media == "text/plain"
            else _malformed("The body is empty.")
        )


def _check_charset(content_type: str) -> None:
    charset = "utf-8"
    for part in content_type.split(";")[1:]:
        k, _, v = part.strip().partition("=")
        if k.lower() == "charset":
            charset = v.strip().strip('"').lower()
    if charset not in ("utf-8", "utf8", "us-ascii", "ascii"):
        raise problem(
            415,
            "unsupported-charset",
            "Unsupported charset",
            f"text/plain bodies must be UTF-8, not {charset!r}.",
        )


def _malformed(detail: str) -> ProblemDetailsException:
    return problem(400, "malformed-json", "Malformed JSON", detail)


class JsonRequest(Request[Any, Any, Any]):
    """Litestar's request, reading a text/plain body as `{field: text}` on the routes that opt
    in (`PLAIN_TEXT_FIELD`), and with JSON decoding failures as precise problems: Litestar's own
    answers a bare 400 for malformed JSON and lets invalid UTF-8 and deep nesting escape as
    500s. (Validation against the handler's type is `invalid_body`'s, in the app.)"""

    async def json(self) -> Any:
        field = self.route_handler.opt.get(PLAIN_TEXT_FIELD)
        if field and media_type(self.headers.get("content-type", "")) == "text/plain":
            try:  # the guard has checked the charset
                return {field: (await self.body()).decode("utf-8")}
            except UnicodeDecodeError as exc:
                raise problem(400, "invalid-utf8", "Body is not valid UTF-8", str(exc)) from None
        try:
            return await super().json()
        except SerializationException as exc:
            raise _malformed(str(exc)) from None
        except UnicodeDecodeError as exc:
            raise problem(400, "invalid-utf8", "Body is not valid UTF-8", str(exc)) from None
        except RecursionError:
            raise _malformed("The JSON is nested too deeply.") from None


def invalid_body(request: Request[Any, Any, Any], exc: ValidationException) -> Response[Any]:
    """Litestar's validation failures (body, query, path) as a problem whose detail is
    msgspec's message with the path of the field at fault."""
    errors = exc.extra if isinstance(exc.extra, list) else []
    details = [
        f"{e.get('message', 'invalid')} - at `$.{e['key']}`"
        if e.get("key")
        else e.get("message", "invalid")
        for e in errors
        if isinstance(e, dict)
    ]
    http = problem(400, "invalid-body", "Invalid request", "; ".join(details) or str(exc.detail))
    return http.to_response(request)
