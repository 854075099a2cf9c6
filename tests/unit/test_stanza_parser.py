"""`service.nlp.stanza_parser` scores a label where Stanza's parser reads one, the same as
Stanza's all-pairs scorer there (no models: a random scorer of Stanza's own class)."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import torch
import torch.nn.functional as F
from stanza.models.common.biaffine import DeepBiaffineScorer

from service.nlp import stanza_parser


def _scorer_and_inputs() -> tuple[DeepBiaffineScorer, torch.Tensor]:
    torch.manual_seed(0)
    scorer = DeepBiaffineScorer(12, 12, 8, 5, pairwise=True)
    for parameter in scorer.parameters():
        torch.nn.init.normal_(parameter)
    return scorer.eval(), torch.randn(2, 6, 12)


def test_labels_at_the_tree_and_elsewhere_are_stanzas():
    scorer, states = _scorer_and_inputs()
    with torch.inference_mode():
        everything = F.log_softmax(scorer(states, states), 3).numpy()  # N x L x L x labels
        model = SimpleNamespace(deprel=stanza_parser._Deferred(scorer))
        intermediate, heads_side, bias = stanza_parser._label_inputs(model, (states, states))
        trees = [np.array([0, 2, 0, 2, 2]), np.array([0, 0, 1, 1, 3, 3])]  # lengths 5 and 6
        at_tree = stanza_parser._at_tree_labels(intermediate, heads_side, bias, trees)
        for i, tree in enumerate(trees):
            n = len(tree)
            labels = stanza_parser._SentenceLabels(
                intermediate[i], heads_side[i, :n], bias, tree, at_tree[i]
            )
            assert labels.shape == (n, n, 5)
            for dep in range(1, n):
                for head in range(n):
                    np.testing.assert_allclose(labels[dep, head], everything[i, dep, head], 1e-5)
                    assert labels[dep, head, 3] == labels[dep, head][3]


def test_only_graph_parsers_with_the_plain_label_scorer_are_handled():
    assert not stanza_parser.installable(None)
    assert not stanza_parser.installable(SimpleNamespace(args={}))
