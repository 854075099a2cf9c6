"""How long an article takes by its length: the figures the default word budget and the request
deadline are derived from (README, "Limits that agree").

    python -m bench.limits                       # the seed x 1, 5, 10, 20; 1 torch thread
    python -m bench.limits --repeat 1,20 --rounds 3 --dev 40

The extractor runs in this process (the worker's code: QUOTES_REDUCE_NLP as configured, the
models from QUOTES_MODELS_DIR or ../shared), one article per call, after a warm-up. Each size
runs once a round, the sizes in turn, so the background load of the shared machine falls on all
alike. Prints per size the characters, the words screening counts (`estimated_words`), the
seconds (best and worst of the rounds) and words a second; with `--dev N`, the words a second of
the first N dev texts (each alone) as the slowest, median and overall rate. The load average is
printed with it: the figures mean little without it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from bench.common import SEED, articles, models_dir


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", default="1,5,10,20", help="seed copies per article")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--dev", type=int, default=0, help="also time the first N dev texts")
    parser.add_argument("--torch-threads", type=int, default=1)
    args = parser.parse_args()

    os.environ.setdefault("QUOTES_MODELS_DIR", models_dir())
    os.environ["QUOTES_TORCH_THREADS"] = str(args.torch_threads)
    from service.pipeline.article import Article
    from service.pipeline.extractor import build_extractor, nlp_backend
    from service.pipeline.screening import estimated_words
    from service.settings import load_settings

    settings = load_settings()
    extractor = build_extractor(settings, nlp_backend)
    seed = SEED.read_text(encoding="utf-8")
    extractor.run([Article(text=seed)])  # warm-up

    sizes = [int(k) for k in args.repeat.split(",")]
    seconds: dict[int, list[float]] = {k: [] for k in sizes}
    for _ in range(args.rounds):
        for k in sizes:
            t0 = time.perf_counter()
            extractor.run([Article(text=seed * k)])
            seconds[k].append(time.perf_counter() - t0)
    print(
        f"reduce_nlp={settings.reduce_nlp} torch_threads={args.torch_threads} "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    print("| seed copies | characters | words | seconds (best-worst) | words/s (worst) |")
    print("|---|---|---|---|---|")
    for k in sizes:
        n = estimated_words(seed * k)
        best, worst = min(seconds[k]), max(seconds[k])
        print(f"| {k} | {len(seed) * k:,} | {n:,} | {best:.1f}-{worst:.1f} | {n / worst:,.0f} |")
    if args.dev:
        rates, total_words, total_s = [], 0, 0.0
        for text in articles(args.dev + 1)[1:]:
            t0 = time.perf_counter()
            extractor.run([Article(text=text)])
            took = time.perf_counter() - t0
            n = estimated_words(text)
            rates.append(n / took)
            total_words, total_s = total_words + n, total_s + took
        print(
            f"dev x{len(rates)}: {total_words:,} words, words/s overall {total_words / total_s:,.0f}, "
            f"median {statistics.median(rates):,.0f}, slowest {min(rates):,.0f}"
        )


if __name__ == "__main__":
    main()
