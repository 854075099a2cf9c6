"""The newsroom page at `GET /`: plain HTML, CSS and JavaScript shipped in the package
(`service/web/`), no build step and nothing fetched from elsewhere, so it works offline.

It is a client of the public API like any other and stays out of the OpenAPI document.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from litestar import Response, Router, get
from litestar.datastructures import CacheControlHeader
from litestar.enums import MediaType
from litestar.file_system import BaseLocalFileSystem
from litestar.static_files import create_static_files_router
from litestar.types import PathType
from litestar.types.file_types import FileInfo

from service.server.api.security import PUBLIC_ROUTE

WEB_DIR = Path(__file__).resolve().parent.parent / "web"

# Everything the page loads comes from this origin; article text is only ever inserted as text
# nodes, and the policy blocks inline script as a second line of defence.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


# The page and its files are public (like the probes); the API calls it makes carry the key.
PUBLIC = PUBLIC_ROUTE


@get("/", include_in_schema=False, media_type=MediaType.HTML, opt=PUBLIC)
async def index() -> Response[bytes]:
    return Response((WEB_DIR / "index.html").read_bytes(), headers=SECURITY_HEADERS)


class _WebFiles(BaseLocalFileSystem):
    """The package's web files, where a name the OS rejects (a NUL, a name over the length
    limit, a file taken for a directory: `app.js/x`, `app.js/..`) is a missing file, answered
    404 by Litestar like any other, rather than an OSError or ValueError (500)."""

    async def info(self, path: PathType, **kwargs: Any) -> FileInfo:
        try:
            return await super().info(path, **kwargs)
        except (OSError, ValueError) as exc:
            raise FileNotFoundError(str(path)) from exc


def page_routes() -> list[object]:
    # no-cache: revalidate, so a redeployed service never runs a stale script against a new API
    static: Router = create_static_files_router(
        path="/static",
        directories=[WEB_DIR],
        file_system=_WebFiles(),
        name="web",
        include_in_schema=False,
        cache_control=CacheControlHeader(no_cache=True),
        opt=PUBLIC,
    )
    return [index, static]
