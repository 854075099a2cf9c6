"""The newsroom page end to end in headless Chromium (Debian's, installed by .ci/run through
scripts/install-browser.sh) against the live service on the real models.

Screenshots for people to look at: tests/output/page-seed.png (the seed article),
page-seed-filtered.png (one speaker selected) and page-unattributed.png.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import httpx
import pytest

from tests.conftest import OUTPUT

pytestmark = [pytest.mark.models, pytest.mark.browser]

CHROMIUM = Path(os.environ.get("QUOTES_CHROMIUM", "/usr/bin/chromium"))
# No network beyond loopback here: keep Chromium from phoning home (refused connections, DNS
# look-ups for Google's hosts at every start).
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
UNATTRIBUTED_ARTICLE = (
    'The sign on the door read "<b>No entry</b> & <script>alert(1)</script> until further '
    'notice, by order of the council."\n"We are ready to open," Anna Lee said.'
)


@pytest.fixture(scope="module")
async def browser():
    if not CHROMIUM.exists():
        message = f"no Chromium at {CHROMIUM}: run scripts/install-browser.sh"
        if os.environ.get("CI"):
            pytest.fail(message)  # CI installs it: its absence there is a failure
        pytest.skip(message)
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        # Playwright gives every launch a fresh temporary profile (--user-data-dir).
        browser = await p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield browser
        await browser.close()


@pytest.fixture
async def page(browser, live_url):
    # reduced motion: no colour transitions, so computed styles are final at once
    context = await browser.new_context(
        viewport={"width": 1280, "height": 900}, reduced_motion="reduce"
    )
    await context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_url)
    page = await context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    await page.goto(f"{live_url}/")
    await page.wait_for_selector("#service-status[data-state=ready]")
    yield page
    await context.close()
    assert errors == [], "the page logged errors (a CSP violation shows here too)"


def api_quotes(live_url: str, text: str) -> dict:
    r = httpx.post(
        f"{live_url}/v1/quotes", params={"offsets": "utf16"}, json={"text": text}, timeout=300
    )
    assert r.status_code == 200
    return r.json()


async def marks(page) -> list[dict]:
    """One entry per highlighted quote (a quote over a line break is a <mark> per line)."""
    pieces = await page.eval_on_selector_all(
        "#article mark",
        """ms => ms.map(m => ({
        id: m.dataset.quoteId, text: m.textContent, speaker: m.dataset.speaker,
        title: m.title, unattributed: m.classList.contains('unattributed'),
        dim: m.classList.contains('dim'), colour: getComputedStyle(m).backgroundColor}))""",
    )
    quotes: list[dict] = []
    for piece in pieces:
        if quotes and quotes[-1]["id"] == piece["id"]:
            quotes[-1]["text"] += "\n" + piece["text"]
        else:
            quotes.append(piece)
    return quotes


async def legend(page) -> list[dict]:
    return await page.eval_on_selector_all(
        "#legend button",
        """bs => bs.map(b => ({
        key: b.dataset.speaker, name: b.querySelector('.name').textContent,
        count: Number(b.querySelector('.count').textContent)}))""",
    )


def expected_legend(api: dict) -> list[dict]:
    entries = [
        {
            "key": s["id"],
            "name": s["name"],
            "count": sum(s["id"] in q["speaker_ids"] for q in api["quotes"]),
        }
        for s in api["speakers"]
    ]
    if unattributed := sum(q["speaker_id"] is None for q in api["quotes"]):
        entries.append({"key": "", "name": "Unattributed", "count": unattributed})
    return entries


async def test_the_seed_article_dropped_on_the_page(page, live_url, seed_text):
    api = api_quotes(live_url, seed_text)
    # drop the article as a file, as a journalist would from their desktop
    drop = await page.evaluate_handle(
        """text => {
        const dt = new DataTransfer();
        dt.items.add(new File([text], 'article.txt', {type: 'text/plain'}));
        return dt; }""",
        seed_text,
    )
    await page.dispatch_event("#drop-zone", "drop", {"dataTransfer": drop})
    await page.wait_for_selector("body[data-state=done]", timeout=300_000)
    assert await page.input_value("#article-text") == seed_text
    assert await page.text_content("#article") == seed_text  # every character, once, in order

    highlighted = await marks(page)
    assert [(m["id"], m["text"], m["speaker"]) for m in highlighted] == [
        (q["id"], q["text"], q["speaker_id"] or "") for q in api["quotes"]
    ]
    names = {s["id"]: s["name"] for s in api["speakers"]}
    for m in highlighted:
        assert m["title"].startswith(names[m["speaker"]]) if m["speaker"] else m["unattributed"]
    colours: dict[str, set[str]] = {}
    for m in highlighted:
        colours.setdefault(m["speaker"], set()).add(m["colour"])
    assert all(len(c) == 1 for c in colours.values()), "one colour per speaker"
    assert len({c for cs in colours.values() for c in cs}) == len(colours), "speakers differ"

    assert await legend(page) == expected_legend(api)
    n = len(api["quotes"])
    assert (await page.text_content("#summary")).startswith(f"{n} quotes · {len(names)} speakers")
    OUTPUT.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=OUTPUT / "page-seed.png", full_page=True)

    # a speaker's legend entry filters to their quotes, and a second click shows all again
    starmer = next(s["id"] for s in api["speakers"] if s["name"] == "Keir Starmer")
    theirs = [q["id"] for q in api["quotes"] if q["speaker_id"] == starmer]
    button = f'#legend button[data-speaker="{starmer}"]'
    await page.click(button)
    filtered = await marks(page)
    assert [m["id"] for m in filtered if not m["dim"]] == theirs
    transparent = "rgba(0, 0, 0, 0)"
    assert all((m["colour"] == transparent) == m["dim"] for m in filtered), "others lose colour"
    shown = await page.eval_on_selector_all(
        "#quote-list li",
        "lis => lis.filter(li => li.checkVisibility()).map(li => li.dataset.quoteId)",
    )
    assert shown == theirs
    assert await page.get_attribute(button, "aria-pressed") == "true"
    assert await page.text_content("#quote-list-title") == "Quotes: Keir Starmer"
    await page.screenshot(path=OUTPUT / "page-seed-filtered.png", full_page=True)
    await page.click(button)
    assert not any(m["dim"] for m in await marks(page))

    await page.click("#copy-json")
    copied = json.loads(await page.evaluate("navigator.clipboard.readText()"))
    assert copied["quotes"] == api["quotes"] and copied["speakers"] == api["speakers"]


async def test_unattributed_quotes_and_markup_in_the_text(page, live_url):
    api = api_quotes(live_url, UNATTRIBUTED_ARTICLE)
    assert any(q["speaker_id"] is None for q in api["quotes"]), "the article must have one"
    await page.fill("#article-text", UNATTRIBUTED_ARTICLE)
    await page.press("#article-text", "Control+Enter")
    await page.wait_for_selector("body[data-state=done]", timeout=300_000)

    highlighted = await marks(page)
    assert [(m["text"], m["unattributed"]) for m in highlighted] == [
        (q["text"], q["speaker_id"] is None) for q in api["quotes"]
    ]
    assert highlighted[0]["title"].startswith("Unattributed")
    # the article's angle brackets stay text: nothing was parsed as HTML
    assert await page.eval_on_selector_all("#article b, #article script", "els => els.length") == 0
    assert "<script>alert(1)</script>" in await page.text_content("#article")
    assert await legend(page) == expected_legend(api)
    await page.screenshot(path=OUTPUT / "page-unattributed.png", full_page=True)


# What a reader can see: every quote of the list reachable in the page's own scrolling (no inner
# scroll box that cuts items off), and on a phone the speakers and the list above the article,
# the summary on at most two lines. Screenshots: page-layout-desktop.png, page-layout-phone.png
# (whole pages) and page-layout-phone-first-screen.png.
VIEWPORTS = {"desktop": (1280, 900), "phone": (390, 844)}


async def show_seed(browser, live_url, seed_text, width, height):
    context = await browser.new_context(
        viewport={"width": width, "height": height}, reduced_motion="reduce"
    )
    page = await context.new_page()
    await page.goto(f"{live_url}/")
    await page.wait_for_selector("#service-status[data-state=ready]")
    await page.fill("#article-text", seed_text)
    await page.click("#analyze")
    await page.wait_for_selector("body[data-state=done]", timeout=300_000)
    return context, page


ITEM_SEEN = """li => {
  li.scrollIntoView({block: 'center'});
  const r = li.getBoundingClientRect();
  const inside = r.top >= 0 && r.bottom <= innerHeight && r.left >= 0 && r.right <= innerWidth;
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  // nothing clips it: no ancestor scroll box, and it is what a click at its centre reaches
  const scrollers = [];
  for (let e = li.parentElement; e && e !== document.body; e = e.parentElement) {
    const s = getComputedStyle(e);
    if (/(auto|scroll|hidden)/.test(s.overflowY) && e.scrollHeight > e.clientHeight) scrollers.push(e.id || e.className);
  }
  return {inside, hit: !!hit && li.contains(hit), scrollers};
}"""


@pytest.mark.parametrize("device", list(VIEWPORTS))
async def test_every_quote_of_the_list_can_be_seen(browser, live_url, seed_text, device):
    context, page = await show_seed(browser, live_url, seed_text, *VIEWPORTS[device])
    try:
        n = len(api_quotes(live_url, seed_text)["quotes"])
        assert n >= 15, "the seed must make a long list"
        OUTPUT.mkdir(parents=True, exist_ok=True)
        await page.screenshot(path=OUTPUT / f"page-layout-{device}.png", full_page=True)
        if device == "phone":
            await page.click("#quotes-box > summary")  # folded above the article: open it
        items = await page.query_selector_all("#quote-list li")
        assert len(items) == n
        for k, li in enumerate(items):
            seen = await li.evaluate(ITEM_SEEN)
            assert seen == {"inside": True, "hit": True, "scrollers": []}, (k, seen)
    finally:
        await context.close()


async def test_on_a_phone_the_key_comes_before_the_article(browser, live_url, seed_text):
    width, height = VIEWPORTS["phone"]
    context, page = await show_seed(browser, live_url, seed_text, width, height)
    try:
        await page.evaluate("scrollTo(0, 0)")
        await page.screenshot(path=OUTPUT / "page-layout-phone-first-screen.png")
        box = await page.evaluate(
            """() => {
            const rect = sel => document.querySelector(sel).getBoundingClientRect();
            const summary = document.querySelector('#summary');
            return {legend: rect('#legend li').bottom, list: rect('#quotes-box > summary').bottom,
                    article: rect('#article').top, width: document.documentElement.scrollWidth,
                    summary: summary.getBoundingClientRect().height,
                    line: parseFloat(getComputedStyle(summary).lineHeight)}
            }"""
        )
        assert box["legend"] <= height, "the first speaker is in the first screen"
        assert box["list"] <= height, "the list's heading is in the first screen"
        assert box["legend"] < box["article"] and box["list"] < box["article"]
        assert box["summary"] <= 2 * box["line"] + 1, box
        assert box["width"] <= width, "nothing wider than the phone"
    finally:
        await context.close()


TOGETHER_ARTICLE = (
    "Ana Lee and Tom Roe run the bakery on Main Street.\n"
    '"We are ready to open the doors again," said Ana Lee and Tom Roe.'
)


async def test_people_who_say_a_quote_together_are_both_named_and_counted(page, live_url):
    api = api_quotes(live_url, TOGETHER_ARTICLE)
    (quote,) = api["quotes"]
    assert len(quote["speaker_ids"]) == 2, "the models must read both as the subject"
    await page.fill("#article-text", TOGETHER_ARTICLE)
    await page.press("#article-text", "Control+Enter")
    await page.wait_for_selector("body[data-state=done]", timeout=300_000)
    (mark,) = await marks(page)
    assert mark["title"].startswith("Ana Lee and Tom Roe")
    assert "Ana Lee and Tom Roe" in await page.text_content("#quote-list")
    assert await legend(page) == expected_legend(api)  # one quote each
    # selecting the second speaker shows the quote they share
    await page.click('#legend button[data-speaker="s2"]')
    assert await page.eval_on_selector_all("#article mark.dim", "els => els.length") == 0


REPORTED_ARTICLE = (
    "Mayor Ana Lee said on Monday that the bridge would reopen in May.\n"
    '"We are ready," Lee told reporters.\n'
    'Tom Roe, the council leader, said he was "not convinced" by the plan.'
)
STYLE = """m => ({id: m.dataset.quoteId, kind: m.dataset.kind,
  background: getComputedStyle(m).backgroundColor,
  underline: getComputedStyle(m).borderBottomStyle})"""


async def test_reported_speech_when_asked_drawn_apart_with_its_fragments_inside(page, live_url):
    r = httpx.post(
        f"{live_url}/v1/quotes",
        params={"offsets": "utf16"},
        json={"text": REPORTED_ARTICLE, "kinds": ["direct", "fragment", "indirect"]},
        timeout=300,
    )
    api = r.json()
    kinds = [q["kind"] for q in api["quotes"]]
    assert kinds.count("indirect") >= 2 and any(q["within"] for q in api["quotes"]), kinds
    await page.check("#reported-speech")
    await page.fill("#article-text", REPORTED_ARTICLE)
    await page.press("#article-text", "Control+Enter")
    await page.wait_for_selector("body[data-state=done]", timeout=300_000)
    assert await page.text_content("#article") == REPORTED_ARTICLE

    outer = await page.eval_on_selector_all("#article p > mark", f"ms => ms.map({STYLE})")
    assert [(m["id"], m["kind"]) for m in outer] == [
        (q["id"], q["kind"]) for q in api["quotes"] if not q["within"]
    ]
    for m in outer:  # reported speech: a dotted underline, no wash; quotation: a wash
        reported = m["kind"] == "indirect"
        assert (m["underline"] == "dotted") == reported, m
        assert (m["background"] == "rgba(0, 0, 0, 0)") == reported, m
    inside = await page.eval_on_selector_all(
        "#article mark.reported mark",
        "ms => ms.map(m => [m.dataset.quoteId, m.parentElement.dataset.quoteId])",
    )
    assert inside == [[q["id"], q["within"]] for q in api["quotes"] if q["within"]]
    assert await page.is_visible("#kinds-key")
    reported = kinds.count("indirect")
    assert (await page.text_content("#summary")).startswith(
        f"{len(kinds) - reported} quotes · {reported} reported · {len(api['speakers'])} speakers"
    )
    assert await legend(page) == expected_legend(api)
    listed = await page.eval_on_selector_all(
        "#quote-list li", "lis => lis.map(li => [li.dataset.kind, li.classList.contains('within')])"
    )
    assert listed == [[q["kind"], bool(q["within"])] for q in api["quotes"]]
    await page.screenshot(path=OUTPUT / "page-reported-speech.png", full_page=True)

    await page.uncheck("#reported-speech")  # asks again, for quotations only
    # (a selector, not a script: the page's policy forbids eval)
    await page.wait_for_selector(
        "body[data-state=done]:not(:has(#article mark.reported))", timeout=300_000
    )
    default = api_quotes(live_url, REPORTED_ARTICLE)
    assert [m["id"] for m in await marks(page)] == [q["id"] for q in default["quotes"]]
    assert await page.is_hidden("#kinds-key")
