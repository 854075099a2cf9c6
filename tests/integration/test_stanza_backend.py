"""The Stanza adapter on the real models: its own tree decoder changes nothing in the parse."""

from __future__ import annotations

import contextlib

import pytest

from service.nlp import stanza_backend as adapter

pytestmark = pytest.mark.models


def parse(document) -> list[tuple[int, str]]:
    return [(t.head, t.deprel) for t in document.tokens]


def test_fast_tree_decoder_gives_stanzas_parse(stanza_backend, seed_text, monkeypatch):
    ours = stanza_backend.analyze([seed_text])[0]
    monkeypatch.setattr(adapter, "_fast_tree_decoder", contextlib.nullcontext)
    stanzas = stanza_backend.analyze([seed_text])[0]
    assert len(ours.tokens) > 500
    assert parse(ours) == parse(stanzas)


def test_stanzas_decoder_is_back_after_a_call(stanza_backend):
    import stanza.models.depparse.model as parser

    stanza_backend.analyze(['"We will," she said.'])
    assert parser.chuliu_edmonds_one_root is adapter._STANZA_DECODER
