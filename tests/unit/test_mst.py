"""The parse-tree decoder returns the tree Stanza's own Chu-Liu-Edmonds returns.

Stanza's implementation is imported only as the reference (it is plain numpy, no models)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stanza.models.common.chuliu_edmonds import chuliu_edmonds_one_root

from service.nlp.mst import decode_one_root


def arc_scores(n: int, seed: int, sharp: float = 1.0) -> np.ndarray:
    """Log-probabilities of each head per dependent, as the parser's scores are."""
    rng = np.random.default_rng(seed)
    x = rng.normal(scale=sharp, size=(n, n))
    np.fill_diagonal(x, -np.inf)
    x = x - np.log(np.exp(x).sum(axis=1, keepdims=True))
    return x.astype(np.float32)


def is_tree(heads: np.ndarray) -> bool:
    """Every word reaches the root, and exactly one word hangs from it."""
    if heads[0] != 0 or int((heads[1:] == 0).sum()) != 1:
        return False
    for start in range(1, len(heads)):
        node, steps = start, 0
        while node != 0:
            node, steps = heads[node], steps + 1
            if steps > len(heads):
                return False
    return True


@settings(max_examples=300, deadline=None)
@given(n=st.integers(2, 90), seed=st.integers(0, 2**32 - 1), sharp=st.sampled_from([0.1, 1.0, 5.0]))
def test_same_tree_as_stanza(n, seed, sharp):
    scores = arc_scores(n, seed, sharp)
    ours = decode_one_root(scores)
    theirs = chuliu_edmonds_one_root(scores)
    assert is_tree(ours)
    if ours.tolist() != theirs.tolist():
        # Only a tie may differ: two maximum trees whose float32 scores sum alike (seen once
        # in thousands of near-flat matrices, sharp=0.1). Anything else is a decoder bug.
        assert tree_score(scores, ours) == pytest.approx(tree_score(scores, theirs), abs=1e-4)


def tree_score(scores: np.ndarray, heads: np.ndarray) -> float:
    return float(scores[np.arange(1, len(heads)), heads[1:]].astype(np.float64).sum())


def test_scores_are_not_modified():
    scores = arc_scores(12, 7)
    before = scores.copy()
    decode_one_root(scores)
    assert np.array_equal(scores, before)


def test_a_single_word_hangs_from_the_root():
    assert decode_one_root(np.array([[0.0, -1.0], [-0.5, -np.inf]])).tolist() == [0, 0]


def test_a_cycle_is_broken_where_it_costs_least():
    # 1 and 2 prefer each other; 1 -> root is cheaper to take than 2 -> root
    scores = np.full((3, 3), -np.inf)
    scores[1, 2], scores[1, 0] = -0.1, -1.0
    scores[2, 1], scores[2, 0] = -0.1, -3.0
    assert decode_one_root(scores).tolist() == [0, 0, 1]


def test_a_ring_of_600_words():
    # each word prefers the next: the whole ring is one cycle to contract
    n = 601
    scores = np.full((n, n), -10.0)
    for d in range(1, n):
        scores[d, d % (n - 1) + 1] = -0.01
    heads = decode_one_root(scores)
    assert is_tree(heads)
    assert heads.tolist() == chuliu_edmonds_one_root(scores).tolist()


def test_a_long_sentence_like_stanza():
    scores = arc_scores(300, 3)
    assert decode_one_root(scores).tolist() == chuliu_edmonds_one_root(scores).tolist()
