"""Where the NLP backend must analyze an article for what it asks (`service.nlp.backend.Focus`):
the quotations, and for reported speech every word of saying too, because reported speech is
found only in the sentences the backend parsed (`service.nlp.selection` parses those around the
focus). And how attribution reads that analysis. Shared by the extractor and `quotes evaluate`,
so that both analyze the same sentences and read them the same way."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from service.attribution.context import Sieve
from service.attribution.cues import quote_interval
from service.attribution.engine import attribute
from service.attribution.marks import QuoteSpan
from service.attribution.merge import merged
from service.attribution.reported import speech_intervals
from service.attribution.result import Attribution
from service.attribution.roles import Roles
from service.attribution.sieves import SIEVES
from service.nlp.document import Document
from service.nlp.selection import narrowed
from service.schemas import QuoteKind


def focus_of(
    text: str, quotes: Sequence[QuoteSpan], kinds: Collection[QuoteKind]
) -> list[tuple[int, int]]:
    """The quotations' intervals, marks included (exactly the quotations' focus when reported
    speech is not asked for: the default request does the work it always did); with
    `indirect`, also the words of saying, all in text order."""
    spans = [quote_interval(q) for q in quotes]
    if QuoteKind.INDIRECT not in kinds:
        return spans
    return sorted([*spans, *speech_intervals(text)])


def attribute_as_asked(
    doc: Document,
    roles: Roles | None,
    *,
    quotes: Sequence[QuoteSpan],
    kinds: Collection[QuoteKind],
    reduced: bool,
    sieves: Sequence[Sieve] = SIEVES,
) -> Attribution:
    """`attribute` on `doc`, analyzed with `focus_of(kinds)` (`reduced`) or whole. Quotations
    asked for with reported speech are attributed on the analysis they would get without it
    (`narrowed`: a wider one moves some of their speakers), the reported speech on `doc`, and
    the two merged into one answer with one list of speakers."""
    quotation_kinds = [k for k in kinds if k is not QuoteKind.INDIRECT]
    if not reduced or len(quotation_kinds) == len(kinds) or not quotation_kinds:
        return attribute(doc, roles, quotes=quotes, sieves=sieves, kinds=kinds)
    narrow = narrowed(doc, focus_of(doc.text, quotes, quotation_kinds))
    return merged(
        attribute(narrow, roles, quotes=quotes, sieves=sieves, kinds=quotation_kinds),
        attribute(doc, roles, quotes=quotes, sieves=sieves, kinds=(QuoteKind.INDIRECT,)),
    )
