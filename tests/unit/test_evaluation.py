"""`quotes evaluate`'s bookkeeping with reported speech: the parse cache keyed apart by the focus
the kinds give, the quotation tables blind to indirect items (as score.py is), and the per-rule
precision of the indirect items, matched as score_indirect.py matches. Test sentences of our
own; the scorers are the ones beside the eval data."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.attribution.marks import find_quotes
from service.attribution.result import Trace
from service.attribution.spans import quote_spans
from service.cli import evaluation as ev
from service.pipeline.focus import focus_of
from service.schemas import DEFAULT_KINDS, QuoteKind
from tests.conftest import ROOT

EVAL = ROOT.parent / "shared" / "eval"
TEXT = 'Ana Lee said the talks would resume. Many fear a strike.\n"We are ready," Lee said.'


@pytest.fixture(scope="module")
def scorers():
    if not (EVAL / "score_indirect.py").exists():
        pytest.skip(f"no scorers at {EVAL}")
    return ev.load_scorer(EVAL / "score.py"), ev.load_scorer(EVAL / "score_indirect.py")


def span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def test_the_cache_keys_the_parse_by_the_focus_of_the_kinds_asked(tmp_path: Path):
    def cache(kinds) -> ev.ParseCache:
        return ev.ParseCache(tmp_path, {"m": "1"}, lambda t: focus_of(t, find_quotes(t), kinds))

    default, indirect = cache(DEFAULT_KINDS), cache(tuple(QuoteKind))
    assert default._path(TEXT) != indirect._path(TEXT)
    # without a word of saying, both ask for the same analysis: one entry
    quiet = '"We are ready."'
    assert default._path(quiet) == indirect._path(quiet)
    # the default's key is the one caches written before reported speech have: still valid
    legacy = ev.ParseCache(tmp_path, {"m": "1"}, quote_spans)
    assert legacy._path(TEXT) == default._path(TEXT)


def predictions(items: list[dict], traces: list[Trace]) -> ev.Predictions:
    quotes = [{"id": f"q{k + 1}", **q} for k, q in enumerate(items)]
    return ev.Predictions(
        {"d": {"id": "d", "quotes": quotes}}, {"d": {t.quote_id: t for t in traces}}
    )


def gold(**lists: list[dict]) -> list[dict]:
    return [{"id": "d", "text": TEXT, "meta": {"corpus": "test", "fold": "tune"}, **lists}]


def test_the_quotation_tables_skip_indirect_items_before_indexing(scorers):
    score, _ = scorers
    a, b = span(TEXT, "the talks would resume")
    qa, qb = span(TEXT, "We are ready,")
    preds = predictions(
        [
            {"start": a, "end": b, "kind": "indirect", "speaker": "Ana Lee", "confidence": 0.1},
            {"start": qa, "end": qb, "kind": "direct", "speaker": "Ana Lee", "confidence": 0.9},
        ],
        [
            Trace(quote_id="q1", sieve="reported: complement", rule="name"),
            Trace(quote_id="q2", sieve="cue", rule="name"),
        ],
    )
    docs = gold(quotes=[{"start": qa, "end": qb, "speaker": "Ana Lee"}])
    tallies = ev.sieve_precision(score, docs, preds)
    assert set(tallies) == {"cue"} and (tallies["cue"].right, tallies["cue"].total) == (1, 1)
    assert ev.confidence_split(score, docs, preds.bodies) == {"high": (1, 1), "low": (0, 0)}


def test_reported_speech_precision_per_rule(scorers):
    _, indirect = scorers
    said, fear = span(TEXT, "the talks would resume"), span(TEXT, "a strike")
    preds = predictions(
        [
            {"start": said[0], "end": said[1], "kind": "indirect", "speaker": "Lee"},
            {"start": fear[0], "end": fear[1], "kind": "indirect", "speaker": "Many"},
            {"start": 0, "end": 7, "kind": "indirect", "speaker": None},  # nothing reported
            {"start": 60, "end": 72, "kind": "direct", "speaker": "Lee"},  # not theirs to score
        ],
        [
            Trace(quote_id="q1", sieve="reported: complement", rule="name"),
            Trace(quote_id="q2", sieve="reported: complement", rule="pronoun"),
        ],
    )
    docs = gold(
        indirect=[
            {"start": said[0], "end": said[1], "speaker": "Ana Lee", "cue_class": "speech"},
            {"start": fear[0], "end": fear[1], "speaker": None, "cue_class": "other"},
        ]
    )
    by_sieve = ev.reported_precision(indirect, docs, preds)
    assert set(by_sieve) == {"reported: complement", ev.UNRESOLVED}
    complement = by_sieve["reported: complement"]
    # the item on an `other` span is don't-care: neither counted nor wrong
    assert (complement.items, complement.matched) == (1, 1)
    assert (complement.speaker.total, complement.speaker.right) == (1, 1)
    unresolved = by_sieve[ev.UNRESOLVED]
    assert (unresolved.items, unresolved.matched, unresolved.speaker.total) == (1, 0, 0)
    by_rule = ev.reported_precision(indirect, docs, preds, by="rule")
    assert by_rule["name"].matched == 1 and "pronoun" not in by_rule
    assert ev.has_indirect_gold(docs) and not ev.has_indirect_gold(gold(indirect=[]))
