"""Reading request bodies: content types, text/plain as JSON where a route accepts both, and
decoding failures as precise problems (the field at fault, invalid UTF-8, nesting too deep)
instead of a bare 400 or a 500."""

from __future__ import annotations

import re
from enum import Enum
from typing import Any

from litestar import Request, Response
from litestar.connection import ASGIConnection
from litestar.exceptions import SerializationException, ValidationException
from litestar.handlers import BaseRouteHandler
from litestar.plugins.problem_details import ProblemDetailsException

from service.pipeline.screening import empty_text
from service.pipeline.screening import problem as problem_struct
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


def _invalid_utf8(exc: UnicodeDecodeError) -> ProblemDetailsException:
    return problem(400, "invalid-utf8", "Body is not valid UTF-8", str(exc))


# A \uD800-\uDFFF escape that is not half of a pair (an escaped backslash before it excepted):
# no Unicode character, so no text; msgspec calls a lone high one "Input data was truncated".
_LONE_SURROGATE = re.compile(
    rb"(?<!\\)(?:\\\\)*\\u(?:[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F])"
    rb"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2}\\u)[dD][c-fC-F][0-9a-fA-F]{2})"
)


def _invalid_unicode() -> ProblemDetailsException:
    return problem(
        400,
        "invalid-unicode",
        "Invalid Unicode in JSON",
        "A \\u escape in a JSON string is an unpaired UTF-16 surrogate (\\uD800-\\uDFFF): "
        "not a character, so the text is not valid Unicode.",
    )


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
                raise _invalid_utf8(exc) from None
        try:
            return await super().json()
        except SerializationException as exc:
            if _LONE_SURROGATE.search(await self.body()):
                raise _invalid_unicode() from None
            raise _malformed(str(exc)) from None
        except UnicodeDecodeError as exc:
            raise _invalid_utf8(exc) from None
        except RecursionError:
            raise _malformed("The JSON is nested too deeply.") from None


def _source(error: dict[str, Any]) -> str:
    source = error.get("source", "body")
    return str(getattr(source, "value", source))  # Litestar's ParamType, or nothing for a body


def _error_detail(request: Request[Any, Any, Any], error: dict[str, Any]) -> str:
    """msgspec's message with the path of the body field at fault; for a query (or path,
    header) parameter, its name and, for a choice, the values allowed, never the value sent,
    which may be kilobytes long."""
    name, source = error.get("key"), _source(error)
    if source == "body" or not name:
        message = error.get("message", "invalid")
        return f"{message} - at `$.{name}`" if name else message
    field = request.route_handler.parsed_fn_signature.parameters.get(name)
    choices = field.annotation if field is not None else None
    if isinstance(choices, type) and issubclass(choices, Enum):
        allowed = " or ".join(f"`{c.value}`" for c in choices)
        return f"The {source} parameter `{name}` must be {allowed}"
    return f"The {source} parameter `{name}` is invalid"


def _field(errors: list[dict[str, Any]]) -> str | None:
    """The one top-level field or parameter all the errors are about (`kinds` for
    `kinds[0]`), for the problem's `field`; None when they name several or none."""
    names = {re.split(r"[.\[]", str(e.get("key") or ""), maxsplit=1)[0] for e in errors}
    return names.pop() if len(names) == 1 and "" not in names else None


def invalid_body(request: Request[Any, Any, Any], exc: ValidationException) -> Response[Any]:
    """Litestar's validation failures (body, query, path) as a problem whose detail names the
    field or parameter at fault, as `field` does. (Litestar's own detail, the method and the
    whole URL, is not repeated.)"""
    errors = [e for e in (exc.extra if isinstance(exc.extra, list) else []) if isinstance(e, dict)]
    detail = "; ".join(_error_detail(request, e) for e in errors)
    if errors and all(_source(e) != "body" for e in errors):
        slug, title, detail = "invalid-parameter", "Invalid parameter", detail + "."
    else:
        slug, title = "invalid-body", "Invalid request"
        detail = detail or "The request does not match the operation's schema."
    bad = problem_struct(400, slug, title, detail, field=_field(errors))
    return http_problem(bad).to_response(request)
