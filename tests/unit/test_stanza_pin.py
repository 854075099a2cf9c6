"""The service swaps a Stanza internal, the parse-tree decoder (`service.nlp.stanza_backend.
_fast_tree_decoder`). Stanza is pinned to the version that swap was written for, and these tests
check it against the installed Stanza without models: the pin is what is installed, the swap
reaches the code that decodes, and Stanza's own decoder is back afterwards."""

from __future__ import annotations

import re
import tomllib

import numpy as np
import stanza
from stanza.models.common import chuliu_edmonds
from stanza.models.depparse import head_constraints, model

from service.nlp import stanza_backend
from service.nlp.mst import decode_one_root
from tests.conftest import ROOT


def pinned(requirement_prefix: str) -> str:
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    (spec,) = [d for d in deps if d.startswith(requirement_prefix)]
    found = re.fullmatch(r"stanza==([0-9.]+)", spec)
    assert found, f"stanza must be pinned with ==, not {spec!r}"
    return found[1]


def test_stanza_is_pinned_to_the_installed_version_in_pyproject_and_the_locks():
    version = pinned("stanza")
    assert stanza.__version__ == version
    for lock in ("serve", "dev", "ray"):
        assert f"\nstanza=={version} " in (ROOT / "locks" / f"{lock}.txt").read_text(), lock


def test_stanzas_decoding_code_looks_the_decoder_up_where_the_swap_puts_it():
    """Each function that decodes a tree calls the module global the swap replaces (not an
    attribute of another module, not a local import): otherwise the swap would change nothing."""
    users = {
        model: model.GraphParser.decode_graph_predictions,
        head_constraints: head_constraints.resolve_head_constraint_violations,
    }
    assert set(users) == set(stanza_backend._DECODER_USERS)
    for module, function in users.items():
        assert "chuliu_edmonds_one_root" in function.__code__.co_names, module.__name__
        assert function.__globals__ is vars(module)
        assert module.chuliu_edmonds_one_root is chuliu_edmonds.chuliu_edmonds_one_root


class _Vocab:
    def unmap(self, ids):
        return [f"rel{i}" for i in ids]


def test_the_graph_parser_decodes_with_the_service_decoder_inside_the_swap_only(monkeypatch):
    rng = np.random.default_rng(7)
    n = 6
    scores = rng.normal(size=(1, n, n)).astype(np.float32)
    labels = rng.integers(0, 5, size=(1, n, n))
    calls = []

    def spy(s):
        calls.append(s.shape)
        return decode_one_root(s)

    monkeypatch.setattr(stanza_backend, "decode_one_root", spy)
    decode = model.GraphParser.decode_graph_predictions
    with stanza_backend._fast_tree_decoder():
        ours = decode(_Vocab(), 1, (scores, labels), [n])
    assert calls == [(n, n)]
    theirs = decode(_Vocab(), 1, (scores, labels), [n])
    assert calls == [(n, n)]  # outside the swap, Stanza's own decoder ran
    assert ours == theirs
    assert model.chuliu_edmonds_one_root is stanza_backend._STANZA_DECODER
