"""Is a quoted stretch a quotation at all, and of what kind: titles, terms and scare quotes
are set apart from words somebody said."""

from __future__ import annotations

from service.attribution.marks import QuoteSpan
from service.attribution.result import QuoteKind
from service.attribution.syntax import DocView

MIN_WORDS_WITHOUT_CUE = 4


def embedded(text: str, q: QuoteSpan) -> bool:
    """The opening mark follows a word: the quotation is part of a running sentence."""
    i = q.open_mark - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return i >= 0 and (text[i].isalnum() or text[i] in ")%")


def kind_of(text: str, q: QuoteSpan) -> QuoteKind:
    inside = embedded(text, q)
    words = len(text[q.start : q.end].split())
    if inside and (text[q.start].islower() or words < 6):
        return QuoteKind.FRAGMENT
    if not inside and words < 3 and text[q.start].islower():
        return QuoteKind.FRAGMENT
    return QuoteKind.DIRECT


_MINOR_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "and",
        "or",
        "for",
        "with",
        "by",
        "at",
        "as",
        "from",
        "not",
        "nor",
        "but",
        "is",
    ]
)


def is_title(quoted: str) -> bool:
    """Title Case or ALL CAPS words, the way names of works and slogans are written."""
    words = [w.strip(".,;:!?\u2026") for w in quoted.split()]
    words = [w for w in words if any(c.isalpha() for c in w)]
    if not words or len(words) > 8:
        return False
    content = [w for i, w in enumerate(words) if i == 0 or w.lower() not in _MINOR_WORDS]
    return all(w[0].isupper() or not w[0].isalpha() for w in content)


def modifies_noun(view: DocView, q: QuoteSpan) -> bool:
    """`his "coalition of the willing" group`, `a "Talk Bernie to Me" tote bag`: quoted words
    that stand before a noun in a running sentence name something; nobody is quoted."""
    if q.close_mark is None or not embedded(view.doc.text, q):
        return False
    nxt = next(iter(view.tokens_between(q.close_mark + 1, len(view.doc.text))), None)
    if nxt is None or view.tokens[nxt].sentence != view.tokens[nxt - 1].sentence:
        return False
    return view.tokens[nxt].upos == "NOUN" and view.tokens[nxt].text[:1].islower()


def _subheading(text: str, q: QuoteSpan, words: int) -> bool:
    """A few words in quotation marks making up a whole line, with no closing punctuation:
    a subheading quoting the story below ('Life-changing and heartbreaking')."""
    if q.close_mark is None or words > 6 or text[q.end - 1] in ".!?,\u2026":
        return False
    before = text[: q.open_mark].rstrip(" \t")
    after = text[q.close_mark + 1 :].lstrip(" \t")
    return (not before or before[-1] == "\n") and (not after or after[0] in "\r\n")


_NAMING = ("so-called", "so called", "known as", "titled", "entitled", "nicknamed")
"""Words that put a name or a term in quotation marks, not somebody's words."""


def named_thing(text: str, q: QuoteSpan) -> bool:
    """ "the so-called 'Plan for Change'", "a report titled 'Fair Shares'"."""
    return text[max(0, q.open_mark - 12) : q.open_mark].rstrip().lower().endswith(_NAMING)


def is_quotation(
    text: str, q: QuoteSpan, kind: QuoteKind, has_speaker: bool, has_cue: bool
) -> bool:
    """Whether a stretch between quotation marks quotes somebody."""
    if named_thing(text, q):
        return False
    quoted = text[q.start : q.end]
    words = len(quoted.split())
    if not has_speaker and kind is QuoteKind.FRAGMENT:
        return False  # words quoted inside a sentence that reports nobody: a term, scare quotes
    if not has_cue and _subheading(text, q, words):
        return False  # a subheading in quotation marks, a paragraph of its own
    sentence_like = kind is QuoteKind.DIRECT and quoted[0].isupper() and quoted[-1] in ".!?,"
    if not has_speaker and not has_cue and words < MIN_WORDS_WITHOUT_CUE and not sentence_like:
        return False  # a short phrase in quotes on its own
    # The name of a book, a show, a campaign ("Meet the Press"): Title Case over three words or
    # more is a name whoever mentions it; a capitalised word or two with a reporting verb
    # ("Denver," he answered) is an answer.
    return not (
        is_title(quoted)
        and (
            kind is QuoteKind.FRAGMENT
            or embedded(text, q)
            or words >= 3
            or (not has_cue and quoted[-1] not in ".!?")
        )
    )
