"""What `quotes evaluate` prints: the scorers' tables, and the precision of each rule (rich
tables on stdout)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from rich.console import Console
from rich.table import Table

from service.cli.evaluation import ReportedTally, Tally

DIRECT_COLUMNS = (
    *("subset", "gold", "pred", "det P", "det R", "det F1", "spk acc"),
    *("e2e P", "e2e R", "e2e F1", "canon acc", "canon F1"),
)
INDIRECT_COLUMNS = (
    *("subset", "docs", "gold", "pred", "det P", "det R", "det F1"),
    *("spk acc", "canon acc", "e2e F1", "canon F1"),
)


def _table(title: str, columns: Sequence[str], first_left: bool = False) -> Table:
    table = Table(title=title)
    for k, col in enumerate(columns):
        table.add_column(col, justify="left" if first_left and k == 0 else "right")
    return table


def _figures(values: Iterable[float]) -> list[str]:
    return [f"{x:.3f}" for x in values]


def _subsets(results: Mapping[str, dict]) -> list[tuple[str, dict]]:
    """ALL first, then the corpora and folds in order."""
    return sorted(results.items(), key=lambda kv: (kv[0] != "ALL", kv[0]))


def direct_table(title: str, results: Mapping[str, dict]) -> Table:
    """score.py's figures (`score(...)`), one row per subset."""
    table = _table(title, DIRECT_COLUMNS)
    for key, r in _subsets(results):
        d, e = r["detection"], r["e2e"]
        table.add_row(
            key,
            str(r["gold_quotes"]),
            str(r["pred_quotes"]),
            *_figures(
                [
                    *(d["precision"], d["recall"], d["f1"], r["speaker_accuracy"]),
                    *(e["precision"], e["recall"], e["f1"], r["speaker_accuracy_canonical"]),
                    r["e2e_canonical"]["f1"],
                ]
            ),
        )
    return table


def indirect_table(title: str, results: Mapping[str, dict]) -> Table:
    """score_indirect.py's figures (`score(...)`), one row per subset, as it prints them."""
    table = _table(title, INDIRECT_COLUMNS)
    for key, r in _subsets(results):
        d = r["detection"]
        table.add_row(
            key,
            *(str(r[k]) for k in ("docs", "gold", "pred")),
            *_figures(
                [
                    *(d["precision"], d["recall"], d["f1"], r["speaker_accuracy"]),
                    *(r["speaker_accuracy_canonical"], r["e2e"]["f1"], r["e2e_canonical"]["f1"]),
                ]
            ),
        )
    return table


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.3f}" if whole else "-"


def speaker_table(title: str, by: str, tallies: Mapping[str, Tally]) -> Table:
    """Speaker precision per sieve or rule of the quotations, the most used first."""
    table = _table(title, (by, "quotes", "right", "precision", "canonical"), first_left=True)
    for key, t in sorted(tallies.items(), key=lambda kv: -kv[1].total):
        table.add_row(
            key, str(t.total), str(t.right), _share(t.right, t.total), _share(t.canonical, t.total)
        )
    return table


def reported_table(title: str, by: str, tallies: Mapping[str, ReportedTally]) -> Table:
    """Per rule of the reported-speech items: detection precision (items on a gold span), then
    the speaker precision of those (over the named gold speakers), the most used first."""
    columns = (by, "items", "on gold", "det P", "named", "right", "spk P", "canonical")
    table = _table(title, columns, first_left=True)
    for key, t in sorted(tallies.items(), key=lambda kv: -kv[1].items):
        s = t.speaker
        table.add_row(
            key,
            str(t.items),
            str(t.matched),
            _share(t.matched, t.items),
            str(s.total),
            str(s.right),
            _share(s.right, s.total),
            _share(s.canonical, s.total),
        )
    return table


def report_console() -> Console:
    return Console(width=160)
