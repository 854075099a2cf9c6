"""British quotation style as a robustness check of quote detection and attribution.

    python -m bench.quote_style convert DEV.jsonl OUT.jsonl
    python -m bench.quote_style report DEV.jsonl PRED.jsonl BRITISH.jsonl BRITISH_PRED.jsonl

`convert` rewrites every article in British house style, one character for one character so
the gold offsets stay valid: outer double marks become single ones (“ ” -> ‘ ’, " -> '), and
single marks nested inside a double-quoted stretch become double ones (‘ ’ -> “ ”, ' -> ").
Apostrophes (we're, Ukraine's, the '90s) are left alone. `report` scores both pairs of gold
and predictions with the scorer beside the gold file and prints e2e F1 per corpus side by side.
Produce the predictions with `python -m service evaluate FILE --out PRED.jsonl`.

The converted file holds the articles' text: write it outside the repository (e.g. /tmp).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

_OPEN_CONTEXT = set(" \t\n\r([{\u2014\u2013-/:\u00a0\u202f")
_TO_SINGLE = {"\u201c": "\u2018", "\u201d": "\u2019", '"': "'"}
_TO_DOUBLE = {"\u2018": "\u201c", "\u2019": "\u201d", "'": '"'}


def _opens(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before in _OPEN_CONTEXT or i == 0) and not after.isspace()


def _closes(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not before.isspace() and not after.isalnum()


def british(text: str) -> str:
    """The same text with outer and nested quotation marks swapped (same length)."""
    out = list(text)
    for start, end in _lines(text):
        in_double = False
        nested: int | None = None  # where a nested single quote opened
        for i in range(start, end):
            ch = text[i]
            if ch in '\u201c\u201d"':
                if ch == "\u201c" or (ch == '"' and not in_double and _opens(text, i)):
                    in_double = True
                elif in_double:
                    in_double = False
                    nested = None
                out[i] = _TO_SINGLE[ch]
            elif in_double and ch in "\u2018\u2019'":
                if nested is None and ch in "\u2018'" and _opens(text, i):
                    if ch == "'" and _apostrophe_word(text, i):
                        continue
                    nested = i
                elif nested is not None and ch in "\u2019'" and _closes(text, i):
                    out[nested] = _TO_DOUBLE[text[nested]]
                    out[i] = _TO_DOUBLE[ch]
                    nested = None
    converted = "".join(out)
    assert len(converted) == len(text)
    return converted


def _apostrophe_word(text: str, i: int) -> bool:
    """'90s, 'em, 'til: an elision, not an opening mark."""
    word = ""
    j = i + 1
    while j < len(text) and text[j].isalnum():
        word += text[j]
        j += 1
    return (word[:1].isdigit() and word.endswith("s")) or word.lower() in ("em", "til", "n", "tis")


def _lines(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for i, ch in enumerate(text):
        if ch == "\n":
            out.append((start, i))
            start = i + 1
    out.append((start, len(text)))
    return out


def convert(src: Path, dst: Path) -> None:
    with src.open(encoding="utf-8") as f, dst.open("w", encoding="utf-8") as g:
        for line in f:
            if not line.strip():
                continue
            doc = json.loads(line)
            doc["text"] = british(doc["text"])
            for q in doc.get("quotes", []):
                q["text"] = doc["text"][q["start"] : q["end"]]
            g.write(json.dumps(doc, ensure_ascii=False) + "\n")


def _scores(scorer: Path, gold: Path, pred: Path) -> dict[str, tuple[float, float]]:
    """corpus -> (detection F1, e2e F1)."""
    out = subprocess.run(
        [sys.executable, str(scorer), str(gold), str(pred), "--json"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    data = json.loads(out)
    return {k: (v["detection"]["f1"], v["e2e"]["f1"]) for k, v in data.items()}


def report(gold: Path, pred: Path, bgold: Path, bpred: Path) -> None:
    # the converted file is written outside the repository, away from the scorer
    scorer = gold.parent / "score.py"
    a, b = _scores(scorer, gold, pred), _scores(scorer, bgold, bpred)
    print(
        f"{'corpus':<10} {'det orig':>9} {'det brit':>9} {'e2e orig':>9} {'e2e brit':>9} {'diff':>7}"
    )
    for corpus in sorted(a):
        (da, ea), (db, eb) = a[corpus], b.get(corpus, (0.0, 0.0))
        print(f"{corpus:<10} {da:>9.3f} {db:>9.3f} {ea:>9.3f} {eb:>9.3f} {eb - ea:>+7.4f}")


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("convert")
    c.add_argument("src", type=Path)
    c.add_argument("dst", type=Path)
    r = sub.add_parser("report")
    for name in ("gold", "pred", "british_gold", "british_pred"):
        r.add_argument(name, type=Path)
    args = p.parse_args(argv)
    if args.cmd == "convert":
        convert(args.src, args.dst)
    else:
        report(args.gold, args.pred, args.british_gold, args.british_pred)


if __name__ == "__main__":
    sys.exit(main())
