"""Stanza's graph parser, labelling only the arcs it keeps (part of the Stanza adapter).

Stanza's parser scores every label of every (dependent, head) pair of a sentence, N x L x L x
labels, takes a log-softmax of all of it, then keeps one head per word. The labels of the other
L - 1 heads of each word are never read, except by the head-constraint repair (two subjects on
one head), which reads all heads of the few dependents in conflict. Here the arcs are scored
and decoded exactly as Stanza does; the labels are then scored at the decoded heads only, and
all heads of a dependent only when the repair asks for them. The shared half of the label
scorer (each dependent's `intermediate`, L x J x labels) is computed as Stanza computes it;
only the contraction with the head side is done per arc instead of per pair.

`install(model)` swaps this in on one loaded `GraphParser` (a plain Stanza pipeline elsewhere
in the process is untouched); the tests compare its parses with Stanza's own.
"""

from __future__ import annotations

import types
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from stanza.models.common.vocab import VOCAB_PREFIX_SIZE
from stanza.models.depparse import head_constraints
from stanza.models.depparse import model as parser_module
from stanza.models.depparse.model import GraphParser


class _Deferred(torch.nn.Module):
    """Stands in for the label scorer inside Stanza's `forward_scores`: returns its inputs
    unscored, so the arcs come out exactly as Stanza computes them and the labels wait."""

    def __init__(self, scorer: torch.nn.Module) -> None:
        super().__init__()
        self.scorer = scorer

    def forward(self, input1: torch.Tensor, input2: torch.Tensor) -> tuple[torch.Tensor, ...]:
        return input1, input2


def installable(model: object) -> bool:
    """A graph parser with the plain biaffine label scorer (the one this module handles)."""
    if not isinstance(model, GraphParser):
        return False
    args = model.args
    return not args.get("use_arc_embedding") and not args.get("reversed", False)


def install(model: GraphParser) -> None:
    """Make `model.predict` label the kept arcs only (same output as Stanza's)."""
    if isinstance(model.deprel, _Deferred):
        return
    model.deprel = _Deferred(model.deprel)
    model.predict = types.MethodType(_predict, model)


class _SentenceLabels:
    """Label log-probabilities of one sentence's arcs, scored on demand: quacks like the
    (dependent, head, label) array `resolve_head_constraint_violations` reads. The arcs of
    the decoded tree come precomputed, as one batch; any other head of a dependent costs that
    dependent's full row (all heads), once."""

    def __init__(
        self,
        intermediate: torch.Tensor,
        heads_side: torch.Tensor,
        bias: torch.Tensor,
        tree: np.ndarray,
        at_tree: np.ndarray,
    ) -> None:
        self._intermediate = intermediate  # L x J x labels (this dependent's side)
        self._heads_side = heads_side  # L x J
        self._bias = bias
        self._tree = tree
        self._at_tree = at_tree  # L x labels: row j is the arc (j, tree[j])
        self._rows: dict[int, np.ndarray] = {}
        n = len(tree)
        self.shape = (n, n, bias.shape[0])

    def _row(self, dep: int) -> np.ndarray:
        if dep not in self._rows:
            scores = torch.einsum("JO,MJ->MO", self._intermediate[dep], self._heads_side)
            self._rows[dep] = F.log_softmax(scores + self._bias, -1).numpy()
        return self._rows[dep]

    def __getitem__(self, key: tuple[int, ...]) -> Any:
        dep, head = int(key[0]), int(key[1])
        row = self._at_tree[dep] if head == self._tree[dep] else self._row(dep)[head]
        return row if len(key) == 2 else row[key[2]]


def _label_inputs(
    model: GraphParser, deferred: tuple[torch.Tensor, ...]
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """The dependent side `intermediate` (N x L x J x labels), the head side (N x L x J) and
    the bias of Stanza's `DeepBiaffineScorer` / `PairwiseBilinear`, computed as there."""
    deep = model.deprel.scorer
    bilinear = deep.scorer.W_bilin
    first = deep.hidden_func(deep.W1(deferred[0]))
    second = deep.hidden_func(deep.W2(deferred[1]))
    first = torch.cat([first, first.new_ones(*first.size()[:-1], 1)], first.dim() - 1)
    second = torch.cat([second, second.new_ones(*second.size()[:-1], 1)], second.dim() - 1)
    intermediate = torch.einsum("NLI,IJO->NLJO", first, bilinear.weight)
    return intermediate, second, bilinear.bias


def _predict(
    self: GraphParser, *inputs: Any, resolve_head_constraints: bool = False
) -> list[list[list[Any]]]:
    """`GraphParser.predict` (same arguments, same result), labels scored per kept arc."""
    sentlens = inputs[12]
    unlabeled, deferred, *_ = self.forward_scores(*inputs)
    arcs = F.log_softmax(unlabeled, 2).detach().cpu().numpy()
    intermediate, heads_side, bias = _label_inputs(self, deferred)
    # the decoder Stanza's parser looks up at call time (the adapter swaps in its own)
    decode = parser_module.chuliu_edmonds_one_root
    trees = [decode(arcs[i][:n, :n]) for i, n in enumerate(sentlens)]
    at_tree = _at_tree_labels(intermediate, heads_side, bias, trees)
    vocab = self.vocab["deprel"]
    out = []
    for i, n in enumerate(sentlens):
        tree = trees[i]
        labels = _SentenceLabels(intermediate[i], heads_side[i, :n], bias, tree, at_tree[i])
        if resolve_head_constraints:
            tree, raw = head_constraints.resolve_head_constraint_violations(
                arcs[i][:n, :n], labels, tree, vocab
            )
        else:
            raw = [int(np.argmax(labels[j, tree[j]])) for j in range(1, n)]
        deprels = vocab.unmap([r + VOCAB_PREFIX_SIZE for r in raw])
        out.append([[int(tree[j + 1]), deprels[j]] for j in range(n - 1)])
    return out


def _at_tree_labels(
    intermediate: torch.Tensor,
    heads_side: torch.Tensor,
    bias: torch.Tensor,
    trees: list[np.ndarray],
) -> list[np.ndarray]:
    """Per sentence, L x labels: the label log-probabilities of each word's arc to its head in
    `trees` (row 0, the root, is the root's self-arc and never read), in one batch."""
    batch, length = intermediate.shape[:2]
    heads = torch.zeros(batch, length, dtype=torch.long)
    for i, tree in enumerate(trees):
        heads[i, : len(tree)] = torch.as_tensor(tree, dtype=torch.long)
    side = torch.gather(heads_side, 1, heads.unsqueeze(2).expand(-1, -1, heads_side.shape[2]))
    scores = torch.einsum("NLJO,NLJ->NLO", intermediate, side) + bias
    probabilities = F.log_softmax(scores, -1).numpy()
    return [probabilities[i, : len(tree)] for i, tree in enumerate(trees)]
