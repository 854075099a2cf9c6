"""The contract between the service and whatever does the linguistic analysis."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from msgspec import Struct

from service.nlp.document import Document


class BackendInfo(Struct, frozen=True, kw_only=True):
    name: str
    version: str
    models: dict[str, str]
    """Processor name -> model package, e.g. {"ner": "conll03_minilm150"}."""


class NlpBackend(Protocol):
    """Blocking analysis of a batch of texts. Implementations need not be thread-safe: the
    service calls `analyze` from one worker thread at a time."""

    info: BackendInfo

    def analyze(self, texts: Sequence[str]) -> list[Document]: ...
