"""Where the time of the reduced analysis goes: seconds per Stanza processor and per stage of
ours (attribution, the rest of the adapter), float and int8 (`QUOTES_QUANTIZE`) side by side,
on the same articles, alternating article by article.

    python -m bench.profile_processors --articles 40 --torch-threads 1
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

from bench.common import articles, models_dir


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--articles", type=int, default=40)
    ap.add_argument("--torch-threads", type=int, default=1)
    args = ap.parse_args()
    from service.attribution.engine import attribute
    from service.attribution.spans import quote_spans
    from service.nlp.stanza_backend import StanzaBackend

    texts = articles(args.articles)
    backends = {
        q: StanzaBackend(Path(models_dir()), args.torch_threads, quantize=q) for q in (False, True)
    }
    spent: dict[bool, dict[str, float]] = {q: defaultdict(float) for q in backends}
    for q, backend in backends.items():
        for name, processor in backend._pipeline.processors.items():
            original = processor.process

            def timed(doc, _o=original, _n=name, _q=q):  # type: ignore[no-untyped-def]
                t0 = time.perf_counter()
                try:
                    return _o(doc)
                finally:
                    spent[_q][_n] += time.perf_counter() - t0

            processor.process = timed
    for text in [texts[0], *texts]:
        for q, backend in backends.items():
            t0 = time.perf_counter()
            spans = quote_spans(text)
            spent[q]["quote detection"] += time.perf_counter() - t0
            t1 = time.perf_counter()
            (document,) = backend.analyze([text], [spans])
            spent[q]["analyze (all)"] += time.perf_counter() - t1
            t2 = time.perf_counter()
            attribute(document)
            spent[q]["attribution"] += time.perf_counter() - t2
    stages = list(spent[False])
    print(f"{'stage':18} {'float s':>8} {'share':>6} {'int8 s':>8} {'share':>6} {'float/int8':>10}")
    total = {q: spent[q]["analyze (all)"] + spent[q]["attribution"] for q in backends}
    for stage in stages:
        f, i = spent[False][stage], spent[True][stage]
        print(
            f"{stage:18} {f:8.2f} {f / total[False]:6.1%} {i:8.2f} {i / total[True]:6.1%} "
            f"{f / i if i else float('nan'):10.2f}"
        )
    print(f"(articles {len(texts)}, first one twice as warm-up; total = analyze + attribution)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
