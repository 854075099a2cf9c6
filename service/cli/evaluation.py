"""Quality measurement: run the attribution rules over an annotated JSONL file, score it with
the scorer that ships beside the gold data, and break the errors down so the next fix is
obvious."""

from __future__ import annotations

import hashlib
import importlib.util
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import msgspec

from service.attribution.context import Sieve
from service.attribution.marks import find_quotes
from service.attribution.result import Trace
from service.attribution.roles import Roles
from service.attribution.sieves import SIEVES
from service.nlp.document import Document
from service.pipeline.focus import attribute_as_asked
from service.schemas import DEFAULT_KINDS, QuoteKind

ERROR_KINDS = ("missed quote", "spurious quote", "wrong speaker", "no speaker")


def load_scorer(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("quote_scorer", path)
    if spec is None or spec.loader is None:
        raise FileNotFoundError(path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class ParseCache:
    """Parsed documents on disk, keyed by text and models, so rule changes can be measured in
    seconds instead of re-running the neural pipeline. A reduced analysis is also keyed by its
    `focus` (where the quotations are, and the words of saying when reported speech is asked
    for): a change to how quotes are found, or to the kinds asked, changes the parse."""

    def __init__(
        self,
        directory: Path,
        models: dict[str, str],
        focus: Callable[[str], list[tuple[int, int]]] | None = None,
    ) -> None:
        self.dir = directory
        self.salt = json.dumps(models, sort_keys=True)
        self.focus = focus
        directory.mkdir(parents=True, exist_ok=True)

    def _path(self, text: str) -> Path:
        focus = json.dumps(self.focus(text)) if self.focus else ""
        key = "\0".join((self.salt, focus, text))
        digest = hashlib.sha256(key.encode()).hexdigest()[:24]
        return self.dir / f"{digest}.msgpack"

    def get(self, text: str) -> Document | None:
        p = self._path(text)
        return msgspec.msgpack.decode(p.read_bytes(), type=Document) if p.exists() else None

    def put(self, doc: Document) -> None:
        self._path(doc.text).write_bytes(msgspec.msgpack.encode(doc))


def analyze_all(
    texts: list[str],
    analyze: Callable[[list[str]], list[Document]],
    cache: ParseCache | None,
    batch: int,
    progress: Callable[[int], None],
) -> list[Document]:
    docs: list[Document | None] = [cache.get(t) if cache else None for t in texts]
    todo = [i for i, d in enumerate(docs) if d is None]
    progress(len(texts) - len(todo))
    for k in range(0, len(todo), batch):
        idx = todo[k : k + batch]
        for i, doc in zip(idx, analyze([texts[i] for i in idx]), strict=True):
            docs[i] = doc
            if cache:
                cache.put(doc)
        progress(len(idx))
    return [d for d in docs if d is not None]


@dataclass
class Breakdown:
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ERROR_KINDS, 0))
    examples: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def add(self, kind: str, example: str, keep: int) -> None:
        self.counts[kind] += 1
        if len(self.examples[kind]) < keep:
            self.examples[kind].append(example)


def quotations(body: dict) -> list[dict]:
    """A prediction's quotations, its reported speech left out (as score.py leaves it): the
    direct figures index the scorer's spans by these, so they must be the same list."""
    return [q for q in body.get("quotes") or [] if q.get("kind") != QuoteKind.INDIRECT]


def breakdown(
    scorer: ModuleType, gold: Iterable[dict], preds: dict[str, dict], keep: int = 4
) -> Breakdown:
    out = Breakdown()
    for g in gold:
        text = g["text"]
        golds = []
        for q in g.get("quotes", []):
            s, e = scorer.trim(text, q["start"], q["end"])
            golds.append(
                {
                    "start": s,
                    "end": e,
                    "speaker": q.get("speaker"),
                    "scored": q.get("kind", "direct") == "direct",
                }
            )
        pred = scorer.pred_spans(
            g["id"], text, preds.get(g["id"], {}).get("quotes"), lambda m: None
        )
        req = [x for x in golds if x["scored"]]
        opt = [x for x in golds if not x["scored"]]
        pairs = scorer.match(pred, req)
        rest = [i for i in range(len(pred)) if i not in pairs]
        ignored = {rest[i] for i in scorer.match([pred[i] for i in rest], opt)}

        def ctx(s: int, e: int, g: dict = g, text: str = text) -> str:
            return f"{g['id']}: …{text[max(0, s - 60) : s]}[[{text[s:e][:80]}]]{text[e : e + 50]}…".replace(
                "\n", " ¶ "
            )

        for j, x in enumerate(req):
            if j not in pairs.values():
                out.add("missed quote", ctx(x["start"], x["end"]), keep)
        for i, p in enumerate(pred):
            if i in pairs:
                x = req[pairs[i]]
                if not x["speaker"]:
                    continue
                if not p["speaker"]:
                    out.add(
                        "no speaker", f"{ctx(x['start'], x['end'])} gold={x['speaker']!r}", keep
                    )
                elif not scorer.speaker_match(p["speaker"], x["speaker"]):
                    out.add(
                        "wrong speaker",
                        f"{ctx(x['start'], x['end'])} gold={x['speaker']!r} got={p['speaker']!r}",
                        keep,
                    )
            elif i not in ignored:
                out.add("spurious quote", ctx(p["start"], p["end"]), keep)
    return out


def confidence_split(
    scorer: ModuleType, gold: Iterable[dict], preds: dict[str, dict], threshold: float = 0.8
) -> dict[str, tuple[int, int]]:
    """Attribution precision of predictions at or above the threshold vs below: (right, total)."""
    out = {"high": [0, 0], "low": [0, 0]}
    for g in gold:
        text = g["text"]
        req = []
        for q in g.get("quotes", []):
            if q.get("kind", "direct") == "direct" and q.get("speaker"):
                s, e = scorer.trim(text, q["start"], q["end"])
                req.append({"start": s, "end": e, "speaker": q["speaker"]})
        raw = quotations(preds.get(g["id"], {}))
        pred = scorer.pred_spans(g["id"], text, raw, lambda m: None)
        conf = [q.get("confidence", 0.0) for q in raw if q.get("end", 0) > q.get("start", 0)]
        for i, j in scorer.match(pred, req).items():
            band = out["high" if conf[i] >= threshold else "low"]
            band[1] += 1
            band[0] += bool(scorer.speaker_match(pred[i]["speaker"], req[j]["speaker"]))
    return {k: (v[0], v[1]) for k, v in out.items()}


def by_corpus(gold: Iterable[dict]) -> dict[str, list[dict]]:
    """The annotated documents grouped by `meta.corpus` (as the scorer groups them), in order."""
    groups: dict[str, list[dict]] = defaultdict(list)
    for g in gold:
        groups[(g.get("meta") or {}).get("corpus") or g["id"].split("-", 1)[0]].append(g)
    return dict(sorted(groups.items()))


@dataclass
class Predictions:
    bodies: dict[str, dict]
    """id -> {"id", "quotes", "speakers"}: the API's body, without timings, as the scorer reads
    it."""
    traces: dict[str, dict[str, Trace]]
    """id -> quote id -> which sieve and rule attributed it."""


def predict(
    docs: list[Document],
    ids: list[str],
    roles: Roles | None = None,
    sieves: Sequence[Sieve] = SIEVES,
    kinds: tuple[QuoteKind, ...] = DEFAULT_KINDS,
    *,
    reduced: bool = True,
) -> Predictions:
    """What the service answers for each analyzed document (`reduced`: analyzed, as
    QUOTES_REDUCE_NLP does, only around the focus of `kinds`)."""
    bodies, traces = {}, {}
    for doc, doc_id in zip(docs, ids, strict=True):
        quotes = find_quotes(doc.text)
        result = attribute_as_asked(
            doc, roles, quotes=quotes, sieves=sieves, kinds=kinds, reduced=reduced
        )
        bodies[doc_id] = {
            "id": doc_id,
            "quotes": msgspec.to_builtins(result.quotes),
            "speakers": msgspec.to_builtins(result.speakers),
        }
        traces[doc_id] = {t.quote_id: t for t in result.traces}
    return Predictions(bodies, traces)


@dataclass
class Tally:
    right: int = 0
    canonical: int = 0
    total: int = 0


def sieve_precision(
    scorer: ModuleType, gold: Iterable[dict], preds: Predictions, by: str = "sieve"
) -> dict[str, Tally]:
    """Speaker precision per sieve (or per rule, `by="rule"`), over the predicted quotations
    that match a scored gold quotation with a speaker: the table CONFIDENCE is read from."""
    out: dict[str, Tally] = defaultdict(Tally)
    for g in gold:
        text = g["text"]
        partial = (g.get("meta") or {}).get("partial_scored", False)
        req = []
        for q in g.get("quotes", []):
            if q.get("kind", "direct") in (("direct", "partial") if partial else ("direct",)):
                s, e = scorer.trim(text, q["start"], q["end"])
                req.append({"start": s, "end": e, "speaker": q.get("speaker")})
        raw = [q for q in quotations(preds.bodies.get(g["id"], {})) if q["end"] > q["start"]]
        pred = scorer.pred_spans(g["id"], text, raw, lambda m: None)
        traces = preds.traces.get(g["id"], {})
        tokens = scorer.name_tokens(text)
        for i, j in scorer.match(pred, req).items():
            trace = traces.get(raw[i]["id"])
            if trace is None or not req[j]["speaker"]:
                continue
            tally = out[getattr(trace, by)]
            tally.total += 1
            tally.right += bool(scorer.speaker_match(pred[i]["speaker"], req[j]["speaker"]))
            tally.canonical += bool(
                scorer.canonical_match(pred[i]["speaker"], req[j]["speaker"], tokens)
            )
    return dict(out)


REPORTED_SIEVE = "reported: "
"""How the traces of reported-speech items name their sieve (`reported: complement`)."""
UNRESOLVED = "(no speaker)"
"""The row of the reported-speech items no rule gave a speaker (they have no trace)."""


def has_indirect_gold(gold: Iterable[dict]) -> bool:
    """Whether any document is annotated with reported speech (an `indirect` list)."""
    return any(g.get("indirect") for g in gold)


@dataclass
class ReportedTally:
    items: int = 0
    """Predicted items, less those on don't-care (`other`) spans."""
    matched: int = 0
    """Of them, those on a gold reported-speech span."""
    speaker: Tally = field(default_factory=Tally)
    """Speaker precision over the matched ones whose gold speaker is named."""


def reported_precision(
    scorer: ModuleType, gold: Iterable[dict], preds: Predictions, by: str = "sieve"
) -> dict[str, ReportedTally]:
    """Per content rule (`by="sieve"`: `reported: complement`, ...) or per speaker rule
    (`by="rule"`): the detection precision of the reported-speech items and the speaker
    precision of those on a gold span, matched as `score_indirect.py` matches (its `scorer`);
    items without a speaker are the `UNRESOLVED` row."""
    out: dict[str, ReportedTally] = defaultdict(ReportedTally)
    for g in gold:
        golds = scorer.spans(g.get("indirect", []))
        req = [x for x in golds if x["scored"]]
        opt = [x for x in golds if not x["scored"]]
        raw = [
            q
            for q in preds.bodies.get(g["id"], {}).get("quotes") or []
            if q.get("kind") == QuoteKind.INDIRECT and q["end"] > q["start"]
        ]
        pred = scorer.spans(raw)
        pairs = scorer.match(pred, req)
        rest = [i for i in range(len(pred)) if i not in pairs]
        ignored = {rest[k] for k in scorer.match([pred[i] for i in rest], opt)}
        traces = preds.traces.get(g["id"], {})
        tokens = scorer.S.name_tokens(g["text"])
        for i, q in enumerate(raw):
            if i in ignored:
                continue
            trace = traces.get(q["id"])
            tally = out[getattr(trace, by) if trace else UNRESOLVED]
            tally.items += 1
            if i not in pairs:
                continue
            tally.matched += 1
            named = req[pairs[i]]["speaker"]
            if named and trace:
                tally.speaker.total += 1
                tally.speaker.right += bool(scorer.S.speaker_match(q["speaker"], named))
                tally.speaker.canonical += bool(
                    scorer.S.canonical_match(q["speaker"], named, tokens)
                )
    return dict(out)
