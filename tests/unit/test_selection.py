"""Which sentences and paragraphs the work reduction gives to which processors."""

from service.attribution.spans import quote_spans
from service.nlp.paragraphs import split_paragraphs
from service.nlp.selection import (
    Selection,
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
