"""Paragraph layout shared by the backend and the engine.

News text arrives with one paragraph a line, and headings ("Security guarantees and European
coordination") carry no final punctuation. Sentence splitters happily glue such a heading onto
the next sentence, where it then poses as that sentence's subject. So paragraphs are the hard
boundaries: the backend analyzes them separately and the engine never looks across one for a
subject.
"""

from __future__ import annotations

import re

from msgspec import Struct

_LINE = re.compile(r"[^\r\n\u2028\u2029\x85\x0b\x0c]+")


class Paragraph(Struct, frozen=True):
    start: int
    end: int


def split_paragraphs(text: str) -> list[Paragraph]:
    """Non-blank lines, trimmed of surrounding whitespace, as code-point ranges of `text`."""
    out = []
    for m in _LINE.finditer(text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append(Paragraph(s, e))
    return out
