"""Read-only views over a `Document` that the rules need again and again."""

from __future__ import annotations

import bisect
import re
from functools import cached_property

from service.nlp.document import Document, Entity, Token


class DocView:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.tokens = doc.tokens
        self._starts = [t.start for t in doc.tokens]

    @cached_property
    def children(self) -> list[list[int]]:
        kids: list[list[int]] = [[] for _ in self.tokens]
        for t in self.tokens:
            if 0 <= t.head < len(self.tokens) and t.head != t.index:
                kids[t.head].append(t.index)
        return kids

    @cached_property
    def entity_at(self) -> list[Entity | None]:
        out: list[Entity | None] = [None] * len(self.tokens)
        for ent in self.doc.entities:
            for i in range(ent.token_start, min(ent.token_end, len(out))):
                out[i] = ent
        return out

    @cached_property
    def occurrences(self) -> dict[str, list[int]]:
        """Where each word (lower-cased) occurs, in token order: earlier mentions of a word are
        looked up, not scanned for."""
        out: dict[str, list[int]] = {}
        for t in self.tokens:
            out.setdefault(t.text.lower(), []).append(t.index)
        return out

    @cached_property
    def datelines(self) -> Regions:
        """Wire datelines ("WASHINGTON (Reuters) - ", "OTTAWA, Ont. — ") opening a paragraph:
        they sit in the first sentence's parse but are no part of it."""
        return Regions([m.span(1) for m in _DATELINE.finditer(self.doc.text)])

    def after_dateline(self, i: int) -> int | None:
        """The first token after the dateline that holds token i, if it is in one."""
        t = self.tokens[i]
        if t.start not in self.datelines:
            return None
        k = i
        while k < len(self.tokens) and self.tokens[k].start in self.datelines:
            k += 1
        return k

    def tokens_between(self, start: int, end: int) -> range:
        """Indices of tokens that start within [start, end)."""
        return range(bisect.bisect_left(self._starts, start), bisect.bisect_left(self._starts, end))

    def token_at(self, offset: int) -> int | None:
        i = bisect.bisect_right(self._starts, offset) - 1
        if i >= 0 and self.tokens[i].start <= offset < self.tokens[i].end:
            return i
        return None

    def kids(self, i: int, *deprels: str) -> list[int]:
        return [
            k
            for k in self.children[i]
            if self.tokens[k].deprel.split(":")[0] in deprels or self.tokens[k].deprel in deprels
        ]

    def ancestors(self, i: int) -> list[int]:
        out, seen = [], {i}
        h = self.tokens[i].head
        while 0 <= h < len(self.tokens) and h not in seen:
            out.append(h)
            seen.add(h)
            h = self.tokens[h].head
        return out

    def sentence_of(self, i: int) -> range:
        s = self.doc.sentences[self.tokens[i].sentence] if self.doc.sentences else None
        if s is None or not (s.token_start <= i < s.token_end):
            return range(i, i + 1)
        return range(s.token_start, s.token_end)


# a place in capitals (", State" allowed), an agency in brackets, a dash
_DATELINE = re.compile(
    r"(?m)^[ \t]*([A-Z][A-Z.'\- ]+[A-Z.](?:,[ \t][A-Z][A-Za-z.]+)*"
    r"(?:[ \t]*\([^)\n]{1,40}\))?[ \t]*[-\u2013\u2014]+[ \t])"
)


def low(t: Token) -> str:
    return t.text.lower().strip(".")


class Regions:
    """Sorted, non-overlapping character intervals (the quotations of a text) with O(log n)
    lookups, so long articles with thousands of quotes stay fast."""

    def __init__(self, intervals: list[tuple[int, int]]) -> None:
        self.items = sorted(intervals)
        self._starts = [a for a, _ in self.items]

    def __contains__(self, pos: int) -> bool:
        i = bisect.bisect_right(self._starts, pos) - 1
        return i >= 0 and pos < self.items[i][1]

    def around(self, pos: int) -> tuple[int, int]:
        """The interval that holds `pos`, or (pos, pos + 1) outside them all."""
        i = bisect.bisect_right(self._starts, pos) - 1
        return self.items[i] if i >= 0 and pos < self.items[i][1] else (pos, pos + 1)

    def covers(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self._starts, start) - 1
        return i >= 0 and end <= self.items[i][1]

    def any_within(self, lo: int, hi: int, exclude: tuple[int, int] | None = None) -> bool:
        i = bisect.bisect_left(self._starts, lo)
        while i < len(self.items) and self.items[i][0] < hi:
            if self.items[i][1] <= hi and self.items[i] != exclude:
                return True
            i += 1
        return False
