"""The Stanza adapter: with `service.nlp.stanza_parser`, the only code that imports stanza (and
torch).

It turns Stanza's objects into the plain `Document` model. Paragraphs are joined with blank
lines before Stanza sees them, so Stanza never builds a sentence across a paragraph boundary,
and every offset is mapped back onto the caller's original text.

Given a focus (where in each text its quotations are: the caller's knowledge, see
`service.nlp.backend.Focus`), an article without quotations is not analyzed at all; of the
others, only the paragraphs around quotations are tokenized, and each processor runs only on
the sentences attribution reads its output in (`service.nlp.selection`): POS, lemmas and NER
on some, the parse on fewer; the rest keep their tokens with no tags. All documents of a batch go through
each step together, so Stanza batches their sentences.

Parse trees are decoded by `service.nlp.mst` instead of Stanza's slower decoder (same trees),
and the parser scores labels only for the arcs it keeps (`service.nlp.stanza_parser`, same
labels).
"""

from __future__ import annotations

import bisect
import contextlib
import json
import logging
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

import stanza
import stanza.models.depparse.head_constraints
import stanza.models.depparse.model
import torch

from service.nlp import stanza_parser
from service.nlp.backend import MAX_RUN, BackendInfo, Focus
from service.nlp.document import CorefChain, Document, Entity, Sentence, Token, normalise_label
from service.nlp.mst import decode_one_root
from service.nlp.paragraphs import split_paragraphs
from service.nlp.selection import relevant_paragraphs, relevant_sentences
from service.settings import default_models_dir

log = logging.getLogger(__name__)

LANG = "en"
# What attribution can use, in pipeline order. coref is used only when the models provide it.
WANTED = ("tokenize", "mwt", "pos", "lemma", "depparse", "ner", "coref")
REQUIRED = ("tokenize", "pos", "lemma", "depparse", "ner")
TOKENIZERS = ("tokenize", "mwt")
# Run on the sentences selection tags; the rest (depparse) on those it parses.
TAGGERS = ("pos", "lemma", "ner", "coref")


class ModelsNotFound(RuntimeError):
    pass


def available_processors(models_dir: Path) -> dict[str, str]:
    """Processor -> package for every wanted processor whose model file is on disk."""
    resources_file = models_dir / "resources.json"
    try:
        resources = json.loads(resources_file.read_text())[LANG]
    except (OSError, ValueError, KeyError) as exc:
        raise ModelsNotFound(
            f"no usable English Stanza models in {models_dir} ({exc}); set QUOTES_MODELS_DIR or "
            "run `python -m service models download`"
        ) from exc
    defaults = resources.get("default_processors", {})
    found = {}
    for proc in WANTED:
        package = defaults.get(proc)
        if isinstance(package, str) and (models_dir / LANG / proc / f"{package}.pt").exists():
            found[proc] = package
    missing = [p for p in REQUIRED if p not in found]
    if missing:
        raise ModelsNotFound(f"{models_dir} lacks the English models for: {', '.join(missing)}")
    return found


def download_models(
    models_dir: Path | None = None, processors: str = "tokenize,mwt,pos,lemma,depparse,ner"
) -> Path:
    """Fetch the official English models once (the only code path that touches the network)."""
    target = models_dir or default_models_dir()
    stanza.download(LANG, model_dir=str(target), processors=processors, package="default")
    return target


class StanzaBackend:
    """A loaded `stanza.Pipeline`. Build it once (it takes seconds and ~650 MB)."""

    def __init__(
        self, models_dir: Path | None = None, torch_threads: int = 1, quantize: bool = False
    ) -> None:
        # Oversubscribed torch threads turn a 0.6 s article into a minute on a shared 2-core box,
        # so the count is always set explicitly instead of left to torch's default (all cores).
        torch.set_num_threads(torch_threads)
        self.models_dir = Path(models_dir) if models_dir else default_models_dir()
        processors = available_processors(self.models_dir)
        self._pipeline = stanza.Pipeline(
            LANG,
            dir=str(self.models_dir),
            processors=processors,
            download_method=None,
            logging_level="WARN",
            # English has almost no true multi-word tokens (the tokenizer already splits "'s"
            # and "n't"), but the neural MWT expander, fed a token it has not seen such as
            # "Ukraine's", can spell it out letter by letter (U k r a i n e 's) depending on
            # what else is in the batch, wrecking every parse around it. Its dictionary is
            # exact and deterministic.
            mwt_dict_only=True,
        )
        self.quantized = _quantize(self._pipeline) if quantize else []
        self.labels_at_heads = _label_kept_arcs_only(self._pipeline)
        self.info = BackendInfo(name="stanza", version=stanza.__version__, models=processors)
        self._taggers = [p for p in processors if p in TAGGERS]
        self._parsers = [p for p in processors if p not in TOKENIZERS + TAGGERS]

    def analyze(self, texts: Sequence[str], focus: Sequence[Focus] | None = None) -> list[Document]:
        """Every text analyzed whole, or (`focus`: one per text) only around its focus."""
        if focus is not None and len(focus) != len(texts):
            raise ValueError(f"{len(texts)} texts but {len(focus)} foci")
        layouts = [_Layout(t, None if focus is None else focus[i]) for i, t in enumerate(texts)]
        todo = [i for i, lay in enumerate(layouts) if lay.stanza_text]
        results: list[Document] = [Document(text=t) for t in texts]
        if not todo:
            return results
        inputs = [stanza.Document([], text=layouts[i].stanza_text) for i in todo]
        with torch.inference_mode(), _fast_tree_decoder():
            tokenized = [
                _split_long_sentences(doc)
                for doc in self._pipeline.process(inputs, processors=TOKENIZERS)
            ]
            if focus is not None:
                analyzed = self._reduced([layouts[i] for i in todo], tokenized)
            else:
                everything = [list(range(len(doc.sentences))) for doc in tokenized]
                processors = self._taggers + self._parsers
                analyzed = [
                    _Analysis(sdoc)
                    for sdoc in self._on_sentences(tokenized, everything, processors)
                ]
        for i, analysis in zip(todo, analyzed, strict=True):
            results[i] = _convert(texts[i], layouts[i], analysis)
        return results

    def _reduced(self, layouts: list[_Layout], tokenized: list[stanza.Document]) -> list[_Analysis]:
        picks = [
            relevant_sentences(layout.quotes, layout.sentence_spans(sdoc))
            for layout, sdoc in zip(layouts, tokenized, strict=True)
        ]
        tagged = self._on_sentences(tokenized, [p.tag for p in picks], self._taggers)
        self._on_sentences(tokenized, [p.parse for p in picks], self._parsers)
        return [
            _Analysis(tag_view, sentences=list(sdoc.sentences), sentence_ids=pick.tag)
            for sdoc, pick, tag_view in zip(tokenized, picks, tagged, strict=True)
        ]

    def _on_sentences(
        self, docs: list[stanza.Document], picks: list[list[int]], processors: list[str]
    ) -> list[stanza.Document]:
        """`processors` over the picked sentences of every document, in one batch. Each
        document's picked sentences are annotated in place (see `_view`); returns the views,
        whose entities and coreference chains are those of the picked sentences."""
        views = [_view(doc, pick) for doc, pick in zip(docs, picks, strict=True)]
        nonempty = [v for v in views if v.sentences]
        if nonempty:
            self._pipeline.process(nonempty, processors=processors)
        return views


def _view(doc: stanza.Document, pick: list[int]) -> stanza.Document:
    """A document holding `doc`'s sentences at `pick`, the same objects, not copies: the
    processors attach their annotations to the sentences (as Stanza's own bulk processing
    relies on), so running them on the view annotates `doc`. Copying the sentences instead
    (to_dict and a new Document) cost ~8% of the analysis."""
    view = stanza.Document([], text=doc.text)
    view.sentences = [doc.sentences[k] for k in pick]
    view.num_tokens = sum(len(s.tokens) for s in view.sentences)
    view.num_words = sum(len(s.words) for s in view.sentences)
    return view


def _label_kept_arcs_only(pipeline: stanza.Pipeline) -> bool:
    """Install `service.nlp.stanza_parser` on the pipeline's parser (same parses, the label
    scorer ~45% cheaper); False when the parser is of a kind it does not handle."""
    processor = pipeline.processors.get("depparse")
    model = getattr(getattr(processor, "_trainer", None), "model", None)
    if not stanza_parser.installable(model):
        return False
    stanza_parser.install(model)
    return True


QUANTIZED = ("pos", "ner")
"""The processors whose LSTM and linear layers `QUOTES_QUANTIZE` turns into int8: the tagger
and NER, 1.19-1.22x faster analysis, dev scores within 0.0011. Not the parser: int8 there moved
a UK quotation (e2e -0.003) and bought no speed of its own (bench/README.md). Dynamic int8
scales activations per call, so a sentence's tags depend on the batch it was in: why it is off
by default (float analyses do not, which `service.nlp.selection.narrowed` relies on)."""


def _quantize(pipeline: stanza.Pipeline) -> list[str]:
    """int8 dynamic quantization (weights int8, activations quantized per call) of the LSTM and
    linear layers of the QUANTIZED processors, in place; returns the processors changed."""
    done = []
    for name in QUANTIZED:
        processor = pipeline.processors.get(name)
        if processor is None:
            continue
        trainers = getattr(processor, "trainers", None) or [processor._trainer]
        for trainer in trainers:
            trainer.model = torch.ao.quantization.quantize_dynamic(
                # in place: a copy leaves the float weights referenced (+200 MB RSS)
                trainer.model,
                {torch.nn.LSTM, torch.nn.Linear},
                dtype=torch.qint8,
                inplace=True,
            )
        done.append(name)
    return done


MAX_SENTENCE_WORDS = 120
"""Longest sentence tagged and parsed as one: the parser's cost and memory grow with the
square of a sentence's length, so longer ones are analyzed in consecutive pieces."""
_LONG_RUN = re.compile(rf"\S{{{MAX_RUN + 1},}}")


def _break_runs(text: str) -> str:
    """`text` with a space in place of every MAX_RUN+1-th character of a longer run: the same
    length, so every offset still points at the same place."""

    def cut(m: re.Match[str]) -> str:
        run = m.group()
        return " ".join(run[i : i + MAX_RUN] for i in range(0, len(run), MAX_RUN + 1))

    return _LONG_RUN.sub(cut, text)


def _split_long_sentences(doc: stanza.Document) -> stanza.Document:
    """`doc` with every sentence over MAX_SENTENCE_WORDS words cut into consecutive pieces at
    token boundaries, each numbered from 1 as Stanza wants its sentences."""
    if all(len(s.words) <= MAX_SENTENCE_WORDS for s in doc.sentences):
        return doc
    sentences = []
    for sentence in doc.sentences:
        entries = sentence.to_dict()
        if len(sentence.words) <= MAX_SENTENCE_WORDS:
            sentences.append(entries)
            continue
        piece: list[dict] = []
        words = mwt_end = 0
        for entry in entries:
            index = entry["id"]  # a word's number, or (first, last) of a multi-word token
            inside_token = not isinstance(index, tuple) and index <= mwt_end
            if words >= MAX_SENTENCE_WORDS and not inside_token:
                sentences.append(_renumber(piece))
                piece, words = [], 0
            if isinstance(index, tuple):
                mwt_end = index[1]
            piece.append(entry)
            words += not isinstance(index, tuple)
        if piece:
            sentences.append(_renumber(piece))
    return stanza.Document(sentences, text=doc.text)


def _renumber(entries: list[dict]) -> list[dict]:
    first = next(e["id"] for e in entries if not isinstance(e["id"], tuple))
    shift = first - 1

    def moved(i: int | tuple[int, ...]) -> int | tuple[int, ...]:
        return tuple(k - shift for k in i) if isinstance(i, tuple) else i - shift

    return [{**e, "id": moved(e["id"])} for e in entries]


# Where Stanza's graph parser looks up its tree decoder (module globals, read at each call).
_DECODER_USERS = (stanza.models.depparse.model, stanza.models.depparse.head_constraints)
_STANZA_DECODER = stanza.models.depparse.model.chuliu_edmonds_one_root


@contextlib.contextmanager
def _fast_tree_decoder() -> Iterator[None]:
    """Decode parse trees with `service.nlp.mst` while this backend's pipeline runs: the same
    trees as Stanza's decoder (tests compare them), which took a fifth of the pipeline's time.
    Scoped to the call so a plain Stanza pipeline elsewhere in the process (the benchmark's
    baseline) keeps Stanza's own; the NLP runs on one thread, so nothing else sees the swap."""
    for module in _DECODER_USERS:
        module.chuliu_edmonds_one_root = decode_one_root
    try:
        yield
    finally:
        for module in _DECODER_USERS:
            module.chuliu_edmonds_one_root = _STANZA_DECODER


class _Analysis:
    """Stanza's output for one text: its sentences (tagged or only tokenized), and the document
    whose entities and coreference chains count, with the position among `sentences` of each
    of that document's sentences."""

    def __init__(
        self,
        sdoc: stanza.Document,
        sentences: list | None = None,
        sentence_ids: list[int] | None = None,
    ) -> None:
        self.sdoc = sdoc
        self.sentences = sentences if sentences is not None else list(sdoc.sentences)
        self.sentence_ids = (
            sentence_ids if sentence_ids is not None else list(range(len(self.sentences)))
        )


class _Layout:
    """Maps offsets of the blank-line-joined text Stanza sees back onto the original text.
    With a `focus`, only the paragraphs selection keeps are in that text (none without a
    quotation), and `quotes` holds where the quotations are, for every choice."""

    def __init__(self, text: str, focus: Focus | None = None) -> None:
        paragraphs = split_paragraphs(text)
        self.quotes: list[tuple[int, int]] = []
        if focus is not None:
            self.quotes = list(focus)
            paragraphs = [paragraphs[k] for k in relevant_paragraphs(self.quotes, paragraphs)]
        self.orig_starts = [p.start for p in paragraphs]
        self.stanza_starts = []
        pos = 0
        for p in paragraphs:
            self.stanza_starts.append(pos)
            pos += p.end - p.start + 2
        self.stanza_text = _break_runs("\n\n".join(text[p.start : p.end] for p in paragraphs))

    def to_original(self, offset: int) -> int:
        k = bisect.bisect_right(self.stanza_starts, offset) - 1
        return self.orig_starts[k] + offset - self.stanza_starts[k]

    def sentence_spans(self, sdoc: stanza.Document) -> list[tuple[int, int]]:
        return [
            (self.to_original(s.tokens[0].start_char), self.to_original(s.tokens[-1].end_char))
            for s in sdoc.sentences
        ]


def _convert(text: str, layout: _Layout, analysis: _Analysis) -> Document:
    tokens: list[Token] = []
    sentences: list[Sentence] = []
    # (sentence index, 0-based word index) -> document token index, for coref mentions
    word_index: dict[tuple[int, int], int] = {}
    for s_idx, sent in enumerate(analysis.sentences):
        first = len(tokens)
        for w_idx, word in enumerate(sent.words):
            start, end = word.start_char, word.end_char
            if start is None or end is None:  # a word expanded from a multi-word token
                start, end = word.parent.start_char, word.parent.end_char
            start, end = layout.to_original(start), layout.to_original(end)
            word_index[(s_idx, w_idx)] = len(tokens)
            tokens.append(
                Token(
                    index=len(tokens),
                    text=text[start:end],
                    start=start,
                    end=end,
                    sentence=s_idx,
                    upos=word.upos or "X",
                    lemma=word.lemma or word.text,
                    head=first + word.head - 1 if word.head else -1,
                    deprel=word.deprel or "dep",
                )
            )
        if len(tokens) > first:
            sentences.append(
                Sentence(
                    index=s_idx,
                    start=tokens[first].start,
                    end=tokens[-1].end,
                    token_start=first,
                    token_end=len(tokens),
                )
            )
    starts = [t.start for t in tokens]
    ends = [t.end for t in tokens]
    entities = []
    for ent in analysis.sdoc.ents:
        start, end = layout.to_original(ent.start_char), layout.to_original(ent.end_char)
        t0 = bisect.bisect_left(starts, start)
        t1 = bisect.bisect_right(ends, end)
        if t1 > t0:
            entities.append(
                Entity(
                    label=normalise_label(ent.type),
                    start=start,
                    end=end,
                    token_start=t0,
                    token_end=t1,
                    text=text[start:end],
                )
            )
    return Document(
        text=text,
        tokens=tuple(tokens),
        sentences=tuple(sentences),
        entities=tuple(entities),
        coref=_coref(analysis, word_index),
    )


def _coref(
    analysis: _Analysis, word_index: dict[tuple[int, int], int]
) -> tuple[CorefChain, ...] | None:
    chains = getattr(analysis.sdoc, "coref", None)
    if not chains:
        return None
    out = []
    for chain in chains:
        mentions: list[tuple[int, int]] = []
        rep = 0
        for k, m in enumerate(chain.mentions):
            if isinstance(m.start_word, tuple):  # zero anaphora: nothing on the surface
                continue
            sentence = analysis.sentence_ids[m.sentence]
            a = word_index.get((sentence, m.start_word))
            b = word_index.get((sentence, m.end_word - 1))
            if a is None or b is None:
                continue
            if k == chain.representative_index:
                rep = len(mentions)
            mentions.append((a, b + 1))
        if mentions:
            out.append(CorefChain(mentions=tuple(mentions), representative=rep))
    return tuple(out)
