"""The page and its assets are served from the package, locked down, and kept out of the API
document. (What the page does is tested in a real browser: tests/live/test_page_browser.py.)"""

from __future__ import annotations

import json
import re

from service.server.api.page import WEB_DIR
from service.server.openapi import export
from tests.api.conftest import serve, stub_app


async def test_the_page_is_served_with_a_strict_content_security_policy():
    async with serve(stub_app()) as client:
        r = await client.get("/")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "default-src 'none'" in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    # everything it loads is relative to this origin: it works offline, and behind a path prefix
    refs = re.findall(r'(?:src|href)="([^"]+)"', r.text)
    assert refs and all(ref.startswith(("static/", "data:")) for ref in refs), refs
    assert "<script>" not in r.text  # no inline script (the policy would block it anyway)


async def test_assets_are_served_with_their_types():
    async with serve(stub_app()) as client:
        js = await client.get("/static/app.js")
        css = await client.get("/static/app.css")
        missing = await client.get("/static/nope.js")
    assert js.status_code == 200 and "javascript" in js.headers["content-type"]
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert missing.status_code == 404


def test_the_script_never_puts_article_text_into_html():
    source = (WEB_DIR / "app.js").read_text()
    assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write", source)


def test_the_page_is_not_in_the_api_document():
    paths = json.loads(export())["paths"]
    assert "/" not in paths and not any(p.startswith("/static") for p in paths)
