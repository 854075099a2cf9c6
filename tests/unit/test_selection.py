"""Which sentences the work reduction keeps for the expensive processors."""

from service.nlp.selection import has_quotations, relevant_sentences


def _sentences(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for i, ch in enumerate(text):
        if ch == "." and (i + 1 == len(text) or text[i + 1] == " "):
            out.append((start, i + 1))
            start = i + 2
    return out


def test_no_quotation_no_work():
    text = "One. Two. Three."
    assert not has_quotations(text)
    assert relevant_sentences(text, _sentences(text)) == []


def test_quote_sentences_their_neighbours_the_lines_before_and_the_lede():
    parts = [f"Sentence {i}." for i in range(20)]
    parts[12] = '"We will win," Jones said.'
    text = " ".join(parts)
    keep = relevant_sentences(text, _sentences(text), before=4, after=1, lede=2)
    assert keep == [0, 1, 8, 9, 10, 11, 12, 13]
    assert relevant_sentences(text, _sentences(text)) == [0, 11, 12, 13]  # the defaults


def test_a_quotation_across_sentences_keeps_them_all():
    text = 'Intro here. Then "one thing. And another. And more," she said. After. Later. End.'
    sents = _sentences(text)
    keep = relevant_sentences(text, sents, before=0, after=0, lede=0)
    assert [text[a:b] for a, b in (sents[k] for k in keep)] == [
        'Then "one thing.', "And another.", 'And more," she said.']
