from service.attribution.marks import find_quotes


def spans(text):
    return [text[q.start : q.end] for q in find_quotes(text)]


def test_straight_and_curly_double_quotes():
    text = 'He said "we will win" and she said \u201cno chance.\u201d'
    assert spans(text) == ["we will win", "no chance."]


def test_guillemets_and_doubled_apostrophes():
    text = "\u00abC'est fini\u00bb, dit-il. ''Swaps are tricky,'' he said."
    assert spans(text) == ["C'est fini", "Swaps are tricky,"]


def test_nested_single_quotes_stay_inside():
    text = "\u201cThey chanted \u2018lock her up\u2019 all night,\u201d she said."
    assert spans(text) == ["They chanted \u2018lock her up\u2019 all night,"]


def test_apostrophes_are_not_quotes():
    assert spans("O\u2019Malley\u2019s campaign isn\u2019t over, Trump\u2019s aides say.") == []


def test_quote_over_paragraphs_is_one_span_per_paragraph():
    text = 'She said: "First part.\n"Second part.\n"Last part," she added.'
    quotes = find_quotes(text)
    assert [text[q.start : q.end] for q in quotes] == ["First part.", "Second part.", "Last part,"]
    assert [q.continues for q in quotes] == [True, True, False]
    assert [q.continued for q in quotes] == [False, True, True]


def test_unbalanced_marks_do_not_crash_or_swallow_text():
    assert spans('He is 6\'2" tall and "happy," he said.') == ["happy,"]
    assert spans('"""') == []
    assert spans('She said: "this never closes') == ["this never closes"]


def test_opening_mark_typed_as_closing():
    text = "\u201cThey see that. \u201c\nNext paragraph."
    assert spans(text) == ["They see that."]


def test_offsets_point_into_the_text():
    text = 'x \u201c\U0001f600 emoji \u00e9t\u00e9\u201d y "two"'
    for q in find_quotes(text):
        assert text[q.start : q.end].strip() == text[q.start : q.end]
        assert q.start > q.open_mark


def test_single_curly_quotes_are_primary_only_in_british_style_text():
    british = (
        "\u2018We will not back down,\u2019 the minister said. O\u2019Neill\u2019s aide agreed."
    )
    assert spans(british) == ["We will not back down,"]
    headline = (
        "Obama slams GOP\u2019s \u2018doom and despair\u2019.\n\u201cWe are fine,\u201d he said."
    )
    assert spans(headline) == ["We are fine,"]


def test_markup_attribute_values_are_not_quotes():
    assert spans('<tweet tweet-id="671442096285458434"></tweet> "Real words here," she said.') == [
        "Real words here,"
    ]
