"""The Stanza adapter: the only module that imports stanza (and torch).

It turns Stanza's objects into the plain `Document` model. Paragraphs are joined with blank
lines before Stanza sees them, so Stanza never builds a sentence across a paragraph boundary,
and every offset is mapped back onto the caller's original text.

With `reduce`, an article without quotation marks is not analysed at all, and the others are
tokenized whole but tagged, parsed and NER-labelled only in the sentences attribution reads
(`service.nlp.selection`); the other sentences keep their tokens with no tags. All documents of
a batch go through each step together, so Stanza batches their sentences.
"""

from __future__ import annotations

import bisect
import json
import logging
from collections.abc import Sequence
from pathlib import Path

import stanza
import torch

from service.nlp.backend import BackendInfo
from service.nlp.document import CorefChain, Document, Entity, Sentence, Token, normalise_label
from service.nlp.paragraphs import split_paragraphs
from service.nlp.selection import has_quotations, relevant_sentences

log = logging.getLogger(__name__)

LANG = "en"
# What attribution can use, in pipeline order. coref is used only when the models provide it.
WANTED = ("tokenize", "mwt", "pos", "lemma", "depparse", "ner", "coref")
REQUIRED = ("tokenize", "pos", "lemma", "depparse", "ner")
TOKENIZERS = ("tokenize", "mwt")


class ModelsNotFound(RuntimeError):
    pass


def default_models_dir() -> Path:
    return Path(stanza.resources.common.DEFAULT_MODEL_DIR)


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


def download_models(models_dir: Path | None = None, processors: str = "tokenize,mwt,pos,lemma,depparse,ner") -> Path:
    """Fetch the official English models once (the only code path that touches the network)."""
    target = models_dir or default_models_dir()
    stanza.download(LANG, model_dir=str(target), processors=processors, package="default")
    return target


class StanzaBackend:
    """A loaded `stanza.Pipeline`. Build it once (it takes seconds and ~650 MB)."""

    def __init__(self, models_dir: Path | None = None, torch_threads: int = 1,
                 reduce: bool = False) -> None:
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
        self.info = BackendInfo(name="stanza", version=stanza.__version__, models=processors)
        self.reduce = reduce
        self._tagging = [p for p in processors if p not in TOKENIZERS]

    def analyze(self, texts: Sequence[str]) -> list[Document]:
        layouts = [_Layout(t) for t in texts]
        todo = [i for i, lay in enumerate(layouts) if lay.stanza_text
                and (not self.reduce or has_quotations(texts[i]))]
        results: list[Document] = [Document(text=t) for t in texts]
        if not todo:
            return results
        inputs = [stanza.Document([], text=layouts[i].stanza_text) for i in todo]
        with torch.inference_mode():
            if self.reduce:
                analysed = self._reduced([texts[i] for i in todo], [layouts[i] for i in todo], inputs)
            else:
                analysed = [_Analysis(sdoc) for sdoc in self._pipeline(inputs)]
        for i, analysis in zip(todo, analysed):
            results[i] = _convert(texts[i], layouts[i], analysis)
        return results

    def _reduced(self, texts: list[str], layouts: list[_Layout], inputs: list[stanza.Document]) -> list[_Analysis]:
        tokenized = self._pipeline.process(inputs, processors=TOKENIZERS)
        keeps = []
        for text, layout, sdoc in zip(texts, layouts, tokenized):
            spans = [(layout.to_original(s.tokens[0].start_char), layout.to_original(s.tokens[-1].end_char))
                     for s in sdoc.sentences]
            keeps.append(relevant_sentences(text, spans))
        subsets = [stanza.Document([sdoc.sentences[k].to_dict() for k in keep], text=sdoc.text)
                   for sdoc, keep in zip(tokenized, keeps)]
        nonempty = [d for d in subsets if d.sentences]
        tagged = iter(self._pipeline.process(nonempty, processors=self._tagging) if nonempty else ())
        out = []
        for sdoc, keep, sub in zip(tokenized, keeps, subsets):
            sub = next(tagged) if sub.sentences else sub
            sentences = list(sdoc.sentences)
            for j, k in enumerate(keep):
                sentences[k] = sub.sentences[j]
            out.append(_Analysis(sub, sentences=sentences, sentence_ids=keep))
        return out


class _Analysis:
    """Stanza's output for one text: its sentences (tagged or only tokenized), and the document
    whose entities and coreference chains count, with the position among `sentences` of each
    of that document's sentences."""

    def __init__(self, sdoc: stanza.Document, sentences: list | None = None,
                 sentence_ids: list[int] | None = None) -> None:
        self.sdoc = sdoc
        self.sentences = sentences if sentences is not None else list(sdoc.sentences)
        self.sentence_ids = sentence_ids if sentence_ids is not None else list(range(len(self.sentences)))


class _Layout:
    """Maps offsets of the blank-line-joined text Stanza sees back onto the original text."""

    def __init__(self, text: str) -> None:
        paragraphs = split_paragraphs(text)
        self.orig_starts = [p.start for p in paragraphs]
        self.stanza_starts = []
        pos = 0
        for p in paragraphs:
            self.stanza_starts.append(pos)
            pos += p.end - p.start + 2
        self.stanza_text = "\n\n".join(text[p.start : p.end] for p in paragraphs)

    def to_original(self, offset: int) -> int:
        k = bisect.bisect_right(self.stanza_starts, offset) - 1
        return self.orig_starts[k] + offset - self.stanza_starts[k]


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
                Entity(label=normalise_label(ent.type), start=start, end=end,
                       token_start=t0, token_end=t1, text=text[start:end])
            )
    return Document(
        text=text,
        tokens=tuple(tokens),
        sentences=tuple(sentences),
        entities=tuple(entities),
        coref=_coref(analysis, word_index),
    )


def _coref(analysis: _Analysis, word_index: dict[tuple[int, int], int]) -> tuple[CorefChain, ...] | None:
    chains = getattr(analysis.sdoc, "coref", None)
    if not chains:
        return None
    out = []
    for chain in chains:
        mentions = []
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
