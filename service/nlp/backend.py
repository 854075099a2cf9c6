"""The contract between the service and whatever does the linguistic analysis, and the loader
of the configured implementation."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from msgspec import Struct

from service.nlp.document import Document
from service.settings import Settings

MAX_RUN = 100
"""Longest stretch without whitespace a backend's tokenizer is given: tokenizers' cost grows
with the square of an unbroken run, so longer ones are cut (in the copy the tokenizer sees;
offsets stay). Screening counts the words an analysis will cost the same way."""

Focus = Sequence[tuple[int, int]]
"""Where in one text the analysis matters: (start, end) spans, e.g. its quotations (the caller
knows them: attribution finds them before any analysis). A backend given one may analyze only
around them (see `service.nlp.selection`); nothing at all when there are none."""


class BackendInfo(Struct, frozen=True, kw_only=True):
    name: str
    version: str
    models: dict[str, str]
    """Processor name -> model package, e.g. {"ner": "conll03_minilm150"}."""


class NlpBackend(Protocol):
    """Blocking analysis of a batch of texts. Implementations need not be thread-safe: the
    service calls `analyze` from one worker thread at a time.

    `focus`, when given, holds one `Focus` per text (the reduced analysis, QUOTES_REDUCE_NLP);
    None analyzes every text whole."""

    info: BackendInfo

    def analyze(
        self, texts: Sequence[str], focus: Sequence[Focus] | None = None
    ) -> list[Document]: ...


def load_backend(settings: Settings) -> NlpBackend:
    """The Stanza backend on `settings.models_dir` (seconds, ~650 MB). Whether it is given a
    focus is the caller's choice (`settings.reduce_nlp`, see `service.pipeline.extractor`)."""
    from service.nlp.stanza_backend import StanzaBackend  # heavy: torch and stanza

    return StanzaBackend(
        settings.models_dir, torch_threads=settings.torch_threads, quantize=settings.quantize
    )
