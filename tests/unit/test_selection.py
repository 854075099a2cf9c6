"""Which sentences and paragraphs the work reduction gives to which processors."""

import re

from service.attribution.spans import quote_spans
from service.nlp.document import Document, Entity, Sentence, Token
from service.nlp.paragraphs import split_paragraphs
from service.nlp.selection import (
    Selection,
    narrowed,
    relevant_paragraphs,
    relevant_sentences,
)


def _sentences(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for i, ch in enumerate(text):
        if ch == "." and (i + 1 == len(text) or text[i + 1] == " "):
            out.append((start, i + 1))
            start = i + 2
    return out


def test_no_quotation_no_work():
    text = "One. Two. Three.\nFour."
    quotes = quote_spans(text)
    assert quotes == []
    assert relevant_paragraphs(quotes, split_paragraphs(text)) == []
    assert relevant_sentences(quotes, _sentences(text)) == Selection(tag=[], parse=[])


def test_parse_the_quote_and_the_lines_before_tag_the_line_after_and_the_lede():
    parts = [f"Sentence {i}." for i in range(20)]
    parts[12] = '"We will win," Jones said.'
    text = " ".join(parts)
    quotes = quote_spans(text)
    picked = relevant_sentences(quotes, _sentences(text), before=4, after=1, lede=2)
    assert picked == Selection(tag=[0, 1, 8, 9, 10, 11, 12, 13], parse=[8, 9, 10, 11, 12])
    defaults = relevant_sentences(quotes, _sentences(text))
    assert defaults == Selection(tag=[0, 11, 12, 13], parse=[11, 12])


def test_a_quotation_across_sentences_keeps_them_all():
    text = 'Intro here. Then "one thing. And another. And more," she said. After. Later. End.'
    sents = _sentences(text)
    picked = relevant_sentences(quote_spans(text), sents, before=0, after=0, lede=0)
    assert picked.tag == picked.parse
    assert [text[a:b] for a, b in (sents[k] for k in picked.parse)] == [
        'Then "one thing.',
        "And another.",
        'And more," she said.',
    ]


def test_paragraphs_around_quotations_and_the_first():
    lines = [f"Paragraph {i} has a sentence. And another." for i in range(12)]
    lines[6] = '"Here it is," she said.'
    lines[9] = '"A quote that runs on.'
    lines[10] = '"And ends here," he said.'
    text = "\n".join(lines)
    kept = relevant_paragraphs(quote_spans(text), split_paragraphs(text))
    assert kept == [0, 5, 6, 7, 8, 9, 10, 11]


def test_every_picked_sentence_lies_in_a_picked_paragraph():
    lines = [f"Line {i} one. Line {i} two." for i in range(10)]
    lines[4] = 'Before it. "Quoted words," she said. After it.'
    text = "\n".join(lines)
    paragraphs = split_paragraphs(text)
    kept = [paragraphs[k] for k in relevant_paragraphs(quote_spans(text), paragraphs)]
    sentences = [
        (p.start + a, p.start + b) for p in paragraphs for a, b in _sentences(text[p.start : p.end])
    ]
    picked = relevant_sentences(quote_spans(text), sentences)
    for k in picked.tag:
        assert any(p.start <= sentences[k][0] and sentences[k][1] <= p.end for p in kept)
    parsed = [text[slice(*sentences[k])] for k in picked.parse]
    assert parsed == ["Before it.", '"Quoted words," she said.']


def _fully_analyzed(text: str) -> Document:
    """Every paragraph one sentence, every word tagged and attached to the sentence's first,
    a PERSON entity on each paragraph's first word: what a whole analysis gives."""
    tokens: list[Token] = []
    sentences: list[Sentence] = []
    entities: list[Entity] = []
    for k, p in enumerate(split_paragraphs(text)):
        first = len(tokens)
        for m in re.finditer(r"\S+", text[p.start : p.end]):
            i = len(tokens)
            tokens.append(
                Token(
                    index=i,
                    text=m.group(),
                    start=p.start + m.start(),
                    end=p.start + m.end(),
                    sentence=k,
                    upos="PROPN",
                    lemma=m.group().lower(),
                    head=-1 if i == first else first,
                    deprel="root" if i == first else "dep:x",
                )
            )
        sentences.append(
            Sentence(
                index=k,
                start=tokens[first].start,
                end=tokens[-1].end,
                token_start=first,
                token_end=len(tokens),
            )
        )
        t = tokens[first]
        entities.append(
            Entity(
                label="PERSON",
                start=t.start,
                end=t.end,
                token_start=first,
                token_end=first + 1,
                text=t.text,
            )
        )
    return Document(
        text=text, tokens=tuple(tokens), sentences=tuple(sentences), entities=tuple(entities)
    )


def test_narrowed_is_the_analysis_of_the_narrower_focus():
    lines = [f"Person{i} did thing {i}." for i in range(6)]
    lines[3] = '"Quoted words here," Person3 said.'
    text = "\n".join(lines)
    wide = _fully_analyzed(text)
    doc = narrowed(wide, quote_spans(text))
    # paragraphs 1 and 5 are too far to tokenize; 0 is the lede (tagged), 2 the sentence
    # before the quotation and 3 its own (parsed), 4 the one after (tagged)
    kept = [text[s.start : s.end] for s in doc.sentences]
    assert kept == [lines[0], lines[2], lines[3], lines[4]]
    assert [s.index for s in doc.sentences] == [0, 1, 2, 3]
    assert [t.index for t in doc.tokens] == list(range(len(doc.tokens)))
    for s in doc.sentences:
        words = doc.tokens[s.token_start : s.token_end]
        assert all(t.sentence == s.index for t in words)
        parsed = s.index in (1, 2)
        assert [t.head for t in words] == [-1] + [s.token_start if parsed else -1] * (
            len(words) - 1
        )
        assert all((t.deprel == "dep") is (not parsed or t.head == -1) for t in words[1:])
        assert all(t.upos == "PROPN" for t in words)
    assert [(e.text, e.token_start) for e in doc.entities] == [
        (doc.tokens[s.token_start].text, s.token_start) for s in doc.sentences
    ]
    assert [e.text for e in doc.entities] == ["Person0", "Person2", '"Quoted', "Person4"]


def test_narrowed_clears_the_tags_outside_the_tagged_sentences():
    lines = ["Lede words here.", "Filler line one.", "Filler line two.", "Filler line three."]
    lines += ["More filler now.", '"Quoted words," Person5 said.']
    text = "\n".join(lines)
    doc = narrowed(_fully_analyzed(text), quote_spans(text))
    assert [text[s.start : s.end] for s in doc.sentences] == [lines[0], lines[4], lines[5]]
    narrowed_twice = narrowed(doc, quote_spans(text))
    assert narrowed_twice == doc  # nothing left to take away
    assert narrowed(doc, []) == Document(text=text)
