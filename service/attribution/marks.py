"""Finding quotations by their marks, on raw text alone.

Marks are paired by family: double (" “ ” „ ‟ '' `` ＂ 〝 〞 〟, and the primes ″ ‶ typed for
them), guillemets (« » either way
round), single guillemets (‹ ›), corner brackets (「 」 and 『 』), and single (' ‘ ’ ‚ ‛). Single
marks are quotation marks only in texts written in British house style: texts with no double
marks at all, or whose double marks sit inside single-quoted stretches (nested quotes).
Elsewhere single marks are nested quotes or headline shorthand. Wherever single marks count, a
mark between two letters is an apostrophe (we're), one opening an elision is too ('90s, 'em,
rock 'n' roll), and a mark after an s or a digit closes a quote only when no other closing mark
follows (the students' union, a 6' wall). A mark right after "=" is markup (an attribute
value), not a quotation. Straight marks are read as opening or closing from the characters
around them. Each paragraph is paired on its own; a quote still open at the end of a paragraph
continues when the next paragraph opens with a mark of the same family (the news convention for
quotes over several paragraphs), is kept when it was clearly introduced ("...said:", at the
start of the paragraph or of a sentence), and is otherwise dropped as a stray mark.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from msgspec import Struct

from service.nlp.paragraphs import Paragraph, split_paragraphs

OPEN, CLOSE, EITHER, WEAK_CLOSE = 1, 2, 3, 4
DOUBLE, GUILLEMET, SINGLE = "double", "guillemet", "single"
SINGLE_GUILLEMET, CORNER, WHITE_CORNER = "single guillemet", "corner", "white corner"

# Every character any mark is made of: used to trim spans and by other modules.
QUOTE_CHARS = (
    "\"'`\u201c\u201d\u201e\u201f\u00ab\u00bb\u2018\u2019\u201a\u201b\u2039\u203a"
    "\u300c\u300d\u300e\u300f\uff02\u301d\u301e\u301f\u2033\u2036"
)
# (not the primes: a height in a British story, 5′11″, says nothing of its house style)
_DOUBLE_CHARS = '"\u201c\u201d\u201e\u201f\uff02\u301d\u301e\u301f'
_SINGLE_CHARS = "'\u2018\u2019\u201a\u201b"
_OPENING_CONTEXT = set("([{\u2014\u2013-/:")
_CLOSING_CONTEXT = set(".,;:!?)]}\u2014\u2013-…")
# Fixed-direction marks: (family, role)
_FIXED = {
    "\u2039": (SINGLE_GUILLEMET, OPEN),
    "\u203a": (SINGLE_GUILLEMET, CLOSE),
    "\u300c": (CORNER, OPEN),
    "\u300d": (CORNER, CLOSE),
    "\u300e": (WHITE_CORNER, OPEN),
    "\u300f": (WHITE_CORNER, CLOSE),
    "\u301d": (DOUBLE, OPEN),
    "\u301e": (DOUBLE, CLOSE),
    "\u301f": (DOUBLE, CLOSE),
}
# Words an apostrophe opens: 'em, 'til, rock 'n' roll, the '90s
_ELISION = re.compile(
    r"(?:em|til|tis|twas|n|cause|bout|round|nuff|cos|kay|ello|\d0s|\d\ds|\d0)(?![^\W_])",
    re.IGNORECASE,
)


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
    if ch in ('"', "\uff02"):
        return Mark(i, nxt, DOUBLE, _guess(before, after))
    if ch in "\u2033\u2036":
        # a double prime typed for a quotation mark, read like a straight one; after a number
        # it is a unit (5′11″), after a word ending in a digit it is not (the G7″)
        j = i
        while j > lo and text[j - 1].isdigit():
            j -= 1
        unit = j < i and not (j > lo and text[j - 1].isalpha())
        return None if unit else Mark(i, nxt, DOUBLE, _guess(before, after))
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
    if ch in "\u00ab\u00bb":
        # « » in French and most styles, » « in German and Danish ones
        role = _guess(before, after)
        if role == EITHER:
            role = OPEN if ch == "\u00ab" else CLOSE
        return Mark(i, nxt, GUILLEMET, role)
    if ch in _FIXED:
        family, role = _FIXED[ch]
        return Mark(i, nxt, family, role)
    if not singles:
        return None
    return _single_mark(text, i, hi, before, after)


def _single_mark(text: str, i: int, hi: int, before: str, after: str) -> Mark | None:
    """A single mark where single marks quote: an opening or closing mark, or an apostrophe."""
    ch, nxt = text[i], i + 1
    if before.isalnum() and after.isalnum():
        return None  # we're, O'Neill
    if ch in "\u201a\u201b":
        return Mark(i, nxt, SINGLE, OPEN) if not after.isspace() else None
    opening = before.isspace() or before in _OPENING_CONTEXT or before in QUOTE_CHARS
    if opening and not after.isspace() and after not in _CLOSING_CONTEXT:
        if ch == "\u2019" and not after.isalnum():
            return None
        if _ELISION.match(text, nxt, hi):
            return None  # 'em, the '90s
        return Mark(i, nxt, SINGLE, OPEN)
    if (
        ch == "\u2018"
        and opening
        and after in " \u00a0\u202f"
        and nxt + 1 < hi
        and (text[nxt + 1].isalnum() or text[nxt + 1] == "\u2026")
    ):
        return Mark(i, nxt, SINGLE, OPEN)  # ‘ … if the vote were held today’
    if not before.isspace() and (
        after.isspace() or after in _CLOSING_CONTEXT or after in QUOTE_CHARS
    ):
        if ch == "\u2018" and before in _OPENING_CONTEXT:
            return None
        if before in "nN" and i >= 2 and text[i - 2] in _SINGLE_CHARS:
            return None  # rock 'n' roll
        # students' union, a 6' wall, goin' home: a possessive, a foot mark or an elision
        weak = before in "sS" or before.isdigit()
        return Mark(i, nxt, SINGLE, WEAK_CLOSE if weak else CLOSE)
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
    """The mark opens the paragraph, follows an introduction ("said:", a dash), or opens a
    sentence: a quotation even if the text never closes it (a typo, a truncated story)."""
    before = text[para.start : mark.start].rstrip()
    return not before or before[-1] in ":,\u2014\u2013-.!?\u2026"


def _closes_here(marks: list[Mark], k: int, opened: Mark) -> bool:
    """Whether marks[k] closes the quote `opened`: a weak closing mark (after an s or a digit)
    does only when no other closing mark of the family follows before the next opening one."""
    mark = marks[k]
    if mark.role != WEAK_CLOSE:
        return True
    for later in marks[k + 1 :]:
        if later.family != opened.family:
            continue
        return later.role == OPEN
    return True


def _pairs(text: str, para: Paragraph, family: str) -> list[tuple[int, int]]:
    """Where the quotes of one family alone open and close in a paragraph; a quote left open
    runs to the next opening mark or to the end of the paragraph."""
    marks = [m for m in _marks(text, para, True) if m.family == family]
    out: list[tuple[int, int]] = []
    opened: Mark | None = None
    for k, mark in enumerate(marks):
        if opened is None:
            if mark.role not in (CLOSE, WEAK_CLOSE):
                opened = mark
        elif mark.role == OPEN:
            out.append((opened.start, mark.start))
            opened = mark
        elif _closes_here(marks, k, opened):
            out.append((opened.start, mark.start))
            opened = None
    if opened is not None:
        out.append((opened.start, para.end))
    return out


_DOUBLED_APOSTROPHES = re.compile(r"(?:^|(?<=[\s(\[]))''(?=\w)")


def singles_quote(text: str, paragraphs: list[Paragraph] | None = None) -> bool:
    """Whether single marks are the text's quotation marks (British house style): there are no
    double marks, or double-quoted stretches sit inside single-quoted ones (nested quotes) more
    often than the other way round, or single-quoted stretches far outnumber double ones."""
    if not any(c in text for c in _SINGLE_CHARS):
        return False
    doubled = len(_DOUBLED_APOSTROPHES.findall(text))
    if not any(c in text for c in _DOUBLE_CHARS + "\u00ab\u00bb") and not doubled:
        return True
    british = american = doubles = singles = 0
    for para in paragraphs if paragraphs is not None else split_paragraphs(text):
        d = _pairs(text, para, DOUBLE)
        doubles += len(d)
        if not any(c in text[para.start : para.end] for c in _SINGLE_CHARS):
            continue
        s = _pairs(text, para, SINGLE)
        singles += len(s)
        british += sum(any(x < a and b <= y for x, y in s) for a, b in d)
        american += sum(any(x < a and b <= y for x, y in d) for a, b in s)
    if doubled * 4 > singles:
        return False  # doubled apostrophes as double marks (''like this''), not a typo or two
    return british > american or (british == american and singles > 0 and singles >= 4 * doubles)


# `Trump: 'I'm the worst thing that ever happened to the establishment'`: a headline quotes in
# single marks whatever the house style of the story below it
_HEADLINE_QUOTE = re.compile(
    r"[^\n\"\u201c\u201d]{2,120}:[ \t]*([\u2018'][^\n]{2,200}[\u2019'])[ \t]*"
)
# ... and `'Another big success': Nato leader flatters Trump`, the quote first
_HEADLINE_QUOTE_FIRST = re.compile(
    r"[ \t]*([\u2018'][^\n\"\u201c\u201d:]{2,200}?[\u2019'])[ \t]*:[ \t]*[^\n\"\u201c\u201d]{2,160}"
)


def find_quotes(text: str) -> list[QuoteSpan]:
    paragraphs = split_paragraphs(text)
    singles = singles_quote(text, paragraphs)
    marks_of = [list(_marks(text, para, singles)) for para in paragraphs]
    first_marks: list[str | None] = []
    for para, marks in zip(paragraphs, marks_of, strict=True):
        first = marks[0] if marks else None
        at_start = (
            first is not None
            and first.start == para.start
            and first.role not in (CLOSE, WEAK_CLOSE)
        )
        first_marks.append(first.family if first is not None and at_start else None)

    quotes: list[QuoteSpan] = []
    carried = False  # the previous paragraph ended inside a quote that continues here
    for p_idx, para in enumerate(paragraphs):
        if not singles and not marks_of[p_idx]:
            headline = _HEADLINE_QUOTE.fullmatch(
                text, para.start, para.end
            ) or _HEADLINE_QUOTE_FIRST.fullmatch(text, para.start, para.end)
            if headline is not None:
                a, close = headline.start(1), headline.end(1) - 1
                _add(quotes, text, Mark(a, a + 1, SINGLE, OPEN), close, close, p_idx, False, False)
                continue
        opened: Mark | None = None
        continued_here = False
        marks = marks_of[p_idx]
        for k, mark in enumerate(marks):
            if opened is None:
                if mark.role in (CLOSE, WEAK_CLOSE):
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
            if not _closes_here(marks, k, opened):
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
