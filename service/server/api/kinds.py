"""The `kinds` query parameter of `POST /v1/quotes` (the one way a text/plain body can ask for
reported speech) and the kinds a request asks for, body and query together."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

from litestar.openapi.spec import Parameter, Reference, Schema
from litestar.openapi.spec.enums import OpenAPIType
from litestar.params import QueryParameter
from litestar.plugins.problem_details import ProblemDetailsException

from service.pipeline.screening import problem
from service.schemas import QuoteKind, kinds_of
from service.server.api.problems import http_problem

NAME = "kinds"
DESCRIPTION = (
    "The kinds of item to return, comma-separated (`kinds=direct,fragment,indirect`; the "
    "parameter repeated works too): `direct` and `fragment` (quotations, the default) and "
    "`indirect` (reported speech, which costs more analysis). For a text/plain body this is how "
    "to ask; with a JSON body, it wins over the body's `kinds` field when given."
)

KindsQuery = Annotated[list[str] | None, QueryParameter(name=NAME, description=DESCRIPTION)]
"""Litestar reads the raw values (`?kinds=a,b&kinds=c` gives ["a,b", "c"]); `requested_kinds`
validates them, so that a bad value is a problem naming the parameter."""


def requested_kinds(
    body: Sequence[QuoteKind], query: Sequence[str] | None
) -> tuple[QuoteKind, ...]:
    """What the request asks for: the query parameter when given, else the body's field (its
    default when the body does not say)."""
    if query is None:
        return kinds_of(body)
    try:
        return kinds_of(query)
    except ValueError:
        raise invalid_kinds() from None


def invalid_kinds() -> ProblemDetailsException:
    # never the value sent: it may be kilobytes long
    allowed = ", ".join(f"`{k.value}`" for k in QuoteKind)
    return http_problem(
        problem(
            400,
            "invalid-parameter",
            "Invalid parameter",
            f"The query parameter `{NAME}` must list one or more of {allowed}, comma-separated.",
            field=NAME,
        )
    )


def document_parameter(parameter: Parameter) -> None:
    """The parameter in the spec as clients must send it: an array of kinds, comma-separated
    (`style: form, explode: false`), at least one; Litestar would say "strings or null"."""
    parameter.schema = Schema(
        type=OpenAPIType.ARRAY,
        items=Reference(ref="#/components/schemas/QuoteKind"),
        min_items=1,
        description=DESCRIPTION,
    )
    parameter.style = "form"
    parameter.explode = False
