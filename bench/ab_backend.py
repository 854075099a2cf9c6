"""Two versions of the Stanza adapter side by side in one process: this checkout's
`service/nlp/stanza_backend.py` and another checkout's (say, main's, extracted with `git
archive`), each loaded once, both given the same micro-batches of articles in turn (the reduced
analysis, as the worker runs it). Prints wall and CPU seconds per article of each, their ratio,
and whether the Documents are the same.

    python -m bench.ab_backend --other /work/base-checkout --articles 48 --batch 8
    python -m bench.ab_backend --other . --quantize-this   # float against int8

The other checkout's adapter is imported under another name; the modules it imports from
`service.nlp` are this checkout's, so this compares adapters that share those (the tree
decoder, the selection, the Document model). One torch thread by default: with two, a
neighbour's load makes the threads wait for each other, which costs CPU time too.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from pathlib import Path
from types import ModuleType

from bench.common import articles, models_dir


def load_adapter(checkout: Path) -> ModuleType:
    path = checkout / "service" / "nlp" / "stanza_backend.py"
    spec = importlib.util.spec_from_file_location("other_stanza_backend", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"no adapter at {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--other", type=Path, required=True, help="the other checkout's root")
    ap.add_argument("--articles", type=int, default=48)
    ap.add_argument("--batch", type=int, default=8, help="articles per analyze call")
    ap.add_argument("--torch-threads", type=int, default=1)
    ap.add_argument(
        "--quantize-this",
        action="store_true",
        help="this checkout's adapter with QUOTES_QUANTIZE (int8); with --other . the same code "
        "float against int8",
    )
    args = ap.parse_args()
    from service.attribution.cues import quote_interval
    from service.attribution.marks import find_quotes
    from service.nlp import stanza_backend

    other = load_adapter(args.other)
    texts = articles(args.articles)
    focus = [[quote_interval(q) for q in find_quotes(t)] for t in texts]
    backends = {
        "this": stanza_backend.StanzaBackend(
            Path(models_dir()), args.torch_threads, quantize=args.quantize_this
        ),
        "other": other.StanzaBackend(Path(models_dir()), args.torch_threads),
    }
    wall = dict.fromkeys(backends, 0.0)
    cpu = dict.fromkeys(backends, 0.0)
    docs: dict[str, list] = {name: [] for name in backends}
    for backend in backends.values():
        backend.analyze(texts[:1], focus[:1])  # warm-up
    for n, i in enumerate(range(0, len(texts), args.batch)):
        order = list(backends) if n % 2 == 0 else list(reversed(backends))
        for name in order:
            w0, c0 = time.perf_counter(), time.process_time()
            docs[name] += backends[name].analyze(
                texts[i : i + args.batch], focus[i : i + args.batch]
            )
            wall[name] += time.perf_counter() - w0
            cpu[name] += time.process_time() - c0
    for name in backends:
        print(
            f"{name:6} wall {wall[name] / len(texts):.4f} s/article, "
            f"cpu {cpu[name] / len(texts):.4f} s/article"
        )
    print(
        f"other / this: wall {wall['other'] / wall['this']:.3f}, "
        f"cpu {cpu['other'] / cpu['this']:.3f}; same Documents: {docs['this'] == docs['other']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
