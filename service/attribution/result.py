"""What attribution produces: the quotes and speakers of one article, as the wire types
(`service.schemas`) they are sent in."""

from __future__ import annotations

from msgspec import Struct

from service.schemas import Quote, QuoteKind, Span, Speaker

__all__ = ["Attribution", "Quote", "QuoteKind", "Span", "Speaker", "Trace"]


class Trace(Struct, frozen=True, kw_only=True):
    """Which sieve, and which rule in it, attributed a quotation: what the per-sieve precision
    is measured by. Not sent to clients."""

    quote_id: str
    sieve: str
    rule: str


class Attribution(Struct, frozen=True, kw_only=True):
    quotes: tuple[Quote, ...]
    speakers: tuple[Speaker, ...]
    traces: tuple[Trace, ...] = ()
    """One per attributed quotation, and one per reported-speech item (its content rule)."""
