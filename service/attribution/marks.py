"""Finding quotations by their marks, on raw text alone.

Marks are paired by family (double: " “ ” „ ‟ '' ``; guillemets « »; single curly ‘ ’ only in
texts that use no double marks at all, i.e. British house style, since elsewhere single marks
are nested quotes or headline shorthand, and ’ doubles as the apostrophe). A mark right after
"=" is markup (an attribute value), not a quotation. Straight marks are read as opening or closing
from the characters around them. Each paragraph is paired on its own; a quote still open at the
end of a paragraph continues when the next paragraph opens with a mark of the same family (the
news convention for quotes over several paragraphs), is kept when it was clearly introduced
("...said:" or at the start of the paragraph), and is otherwise dropped as a stray mark.
"""

from __future__ import annotations

from collections.abc import Iterator

from msgspec import Struct

from service.nlp.paragraphs import Paragraph, split_paragraphs

OPEN, CLOSE, EITHER = 1, 2, 3
DOUBLE, GUILLEMET, SINGLE = "double", "guillemet", "single"

# Every character any mark is made of: used to trim spans and by other modules.
QUOTE_CHARS = "\"'`\u201c\u201d\u201e\u201f\u00ab\u00bb\u2018\u2019"
_OPENING_CONTEXT = set("([{\u2014\u2013-/:")
_CLOSING_CONTEXT = set(".,;:!?)]}\u2014\u2013-…")


class Mark(Struct, frozen=True):
    start: int
    end: int
    family: str
    role: int


class QuoteSpan(Struct, frozen=True, kw_only=True):
    start: int
    """First code point of the quoted words (after the opening mark and any space)."""
    end: int
    open_mark: int
    close_mark: int | None
    """None when the quote runs to the end of its paragraph without a closing mark."""
    paragraph: int
    continues: bool = False
    """The quote goes on in the next paragraph."""
    continued: bool = False
    """The quote goes on from the previous paragraph."""


def _mark_at(text: str, i: int, lo: int, hi: int, singles: bool) -> Mark | None:
    ch = text[i]
    before = text[i - 1] if i > lo else " "
    if before == "=":
        return None
    nxt = i + 1
    if ch == "'" and nxt < hi and text[nxt] == "'":
        after = text[i + 2] if i + 2 < hi else " "
        return Mark(i, i + 2, DOUBLE, _guess(before, after))
    if ch == "`" and nxt < hi and text[nxt] == "`":
        return Mark(i, i + 2, DOUBLE, OPEN)
    after = text[nxt] if nxt < hi else " "
    if ch == '"':
        return Mark(i, nxt, DOUBLE, _guess(before, after))
    if ch in "\u201c\u201e\u201f":
        # “ typed where ” was meant: glued to the word before it, or last in the paragraph
        if (
            ch == "\u201c"
            and after.isspace()
            and (nxt >= hi or (not before.isspace() and before not in _OPENING_CONTEXT))
        ):
            return Mark(i, nxt, DOUBLE, CLOSE)
        return Mark(i, nxt, DOUBLE, OPEN)
    if ch == "\u201d":
        if (before.isspace() or before in _OPENING_CONTEXT) and after.isalnum():
            return Mark(i, nxt, DOUBLE, OPEN)
        return Mark(i, nxt, DOUBLE, CLOSE)
    if ch == "\u00ab":
        return Mark(i, nxt, GUILLEMET, OPEN)
    if ch == "\u00bb":
        return Mark(i, nxt, GUILLEMET, CLOSE)
    if not singles:
        return None
    if (
        ch == "\u2018"
        and (before.isspace() or before in _OPENING_CONTEXT or i == lo)
        and after.isalnum()
    ):
        return Mark(i, nxt, SINGLE, OPEN)
    if ch == "\u2019" and not before.isspace() and not after.isalnum():
        return Mark(i, nxt, SINGLE, CLOSE)
    return None


def _guess(before: str, after: str) -> int:
    opening = before.isspace() or before in _OPENING_CONTEXT
    closing = after.isspace() or after in _CLOSING_CONTEXT
    if opening and not closing:
        return OPEN
    if closing and not opening:
        return CLOSE
    return EITHER


def _marks(text: str, para: Paragraph, singles: bool) -> Iterator[Mark]:
    i = para.start
    while i < para.end:
        mark = _mark_at(text, i, para.start, para.end, singles) if text[i] in QUOTE_CHARS else None
        if mark is None:
            i += 1
            continue
        yield mark
        i = mark.end


def _content(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if not any(c.isalnum() for c in text[start:end]):
        return None
    return start, end


def _introduced(text: str, para: Paragraph, mark: Mark) -> bool:
    before = text[para.start : mark.start].rstrip()
    return not before or before[-1] in ":,\u2014\u2013-"


def find_quotes(text: str) -> list[QuoteSpan]:
    paragraphs = split_paragraphs(text)
    singles = not any(c in text for c in '"\u201c\u201d\u201e\u00ab\u00bb') and "''" not in text
    first_marks: list[str | None] = []
    for para in paragraphs:
        first = next(_marks(text, para, singles), None)
        at_start = first is not None and first.start == para.start and first.role != CLOSE
        first_marks.append(first.family if first is not None and at_start else None)

    quotes: list[QuoteSpan] = []
    carried = False  # the previous paragraph ended inside a quote that continues here
    for p_idx, para in enumerate(paragraphs):
        opened: Mark | None = None
        continued_here = False
        for mark in _marks(text, para, singles):
            if opened is None:
                if mark.role == CLOSE:
                    continue  # a stray closing mark (or an apostrophe)
                opened = mark
                continued_here = carried and mark.start == para.start
                continue
            if mark.family != opened.family:
                continue  # nested quotation of another family: part of the quoted words
            if mark.role == OPEN:
                # A second opening mark: the first one was never closed. Keep what it
                # introduced only when it read as an introduced quote, then start afresh.
                if _introduced(text, para, opened):
                    _add(quotes, text, opened, mark.start, None, p_idx, continued_here, False)
                opened = mark
                continued_here = False
                continue
            _add(quotes, text, opened, mark.start, mark.start, p_idx, continued_here, False)
            opened = None
        carried = False
        if opened is not None:
            nxt = first_marks[p_idx + 1] if p_idx + 1 < len(first_marks) else None
            continues = nxt == opened.family
            if continues or _introduced(text, para, opened):
                _add(quotes, text, opened, para.end, None, p_idx, continued_here, continues)
                carried = continues
    return quotes


def _add(
    quotes: list[QuoteSpan],
    text: str,
    opened: Mark,
    end: int,
    close: int | None,
    paragraph: int,
    continued: bool,
    continues: bool,
) -> None:
    span = _content(text, opened.end, end)
    if span is None:
        return
    quotes.append(
        QuoteSpan(
            start=span[0],
            end=span[1],
            open_mark=opened.start,
            close_mark=close,
            paragraph=paragraph,
            continues=continues,
            continued=continued,
        )
    )
