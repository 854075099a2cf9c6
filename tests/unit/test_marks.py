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


def test_a_quote_opened_after_a_full_stop_and_never_closed_is_kept():
    # a new sentence that opens with a mark is a quotation even when the paragraph (or a
    # truncated text) ends before the closing mark; one opened inside a sentence stays a stray
    assert spans("\u201cFine,\u201d she said. \u201cIt can't be done b") == [
        "Fine,",
        "It can't be done b",
    ]
    assert spans("says one member. \u2018I worry she has not") == ["I worry she has not"]
    assert spans('Why? "Because we can\nNext paragraph.') == ["Because we can"]
    assert spans("He called it a \u201cfarce and left.\nNext.") == []


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


# ------------------------------------------------------------- British and other house styles
def test_british_curly_single_quotes_with_nested_double():
    text = (
        "\u2018We\u2019re not going, and I told them \u201cno\u201d twice,\u2019 said Ann Hale.\n"
        "\u201cWe\u201d is a big word, the paper wrote."
    )
    assert spans(text)[0] == "We\u2019re not going, and I told them \u201cno\u201d twice,"


def test_british_straight_single_quotes_keep_apostrophes():
    text = (
        "'We're ready for Ukraine's winter,' the minister said. "
        "'In the '90s we weren't,' she added. 'Rock 'n' roll,' he said."
    )
    assert spans(text) == [
        "We're ready for Ukraine's winter,",
        "In the '90s we weren't,",
        "Rock 'n' roll,",
    ]


def test_british_plural_possessive_does_not_close_a_quote():
    text = "'The students' union will vote,' she said. The teachers' pay rose."
    assert spans(text) == ["The students' union will vote,"]


def test_british_mixed_curly_and_straight_single_marks():
    text = "\u2018It works,\u2019 he said. 'So does this,' she said."
    assert spans(text) == ["It works,", "So does this,"]


def test_foot_and_inch_marks_are_not_quotes():
    assert spans("The wall is 6' tall and the door 6'8\" wide.") == []
    text = "'He is 6' tall,' the coach said."
    assert spans(text) == ["He is 6' tall,"]


def test_single_guillemets_and_low_high_single_marks():
    assert spans("Er sagte \u2039Nein\u203a und ging.") == ["Nein"]
    assert spans("Sie sagte \u201aDas stimmt nicht\u2018 und ging.") == ["Das stimmt nicht"]


def test_guillemets_with_narrow_no_break_spaces_and_reversed():
    assert spans("Il a dit \u00ab\u202fC'est fini\u202f\u00bb hier.") == ["C'est fini"]
    assert spans("Er sagte \u00bbDas ist gut\u00ab und ging.") == ["Das ist gut"]


def test_corner_brackets_and_fullwidth_marks():
    assert spans(
        "\u5f7c\u306f\u300c\u884c\u304d\u307e\u3059\u300d\u3068\u8a00\u3063\u305f\u3002"
    ) == ["\u884c\u304d\u307e\u3059"]
    assert spans("\u300e\u672c\u300f") == ["\u672c"]
    assert spans("He said \uff02we will win\uff02 today.") == ["we will win"]
    assert spans("He said \u301dwe will win\u301e today.") == ["we will win"]


def test_american_text_keeps_single_marks_as_nested_or_headline_quotes():
    text = "GOP\u2019s \u2018plan\u2019 fails.\n\u201cWe tried,\u201d she said. \u201cThey said \u2018no\u2019 to it.\u201d"
    assert spans(text) == ["We tried,", "They said \u2018no\u2019 to it."]


def test_british_opening_mark_before_a_space_and_an_ellipsis():
    text = "As one paper put it, \u2018 \u2026 if the vote were held today, she would win,\u2019 it said."
    assert spans(text) == ["\u2026 if the vote were held today, she would win,"]


def test_headline_quote_in_single_marks_in_an_american_story():
    text = (
        "Ruth Calloway: \u2018We will not back down\u2019\n\n"
        "Ruth Calloway told the \u201cDaily Ledger\u201d on Monday that the strike goes on.\n"
        "Omar Reyes: 'Fares fell by half'"
    )
    assert spans(text) == ["We will not back down", "Daily Ledger", "Fares fell by half"]
    text = "\u2018Another big success': Leader flatters rival\n\n\u201cYes,\u201d she said."
    assert spans(text) == ["Another big success", "Yes,"]


def test_headline_rule_leaves_apostrophes_and_prose_alone():
    # a colon followed by words, not by a mark; an elision after a colon; double marks present
    assert spans("Update: the team\u2019s \u2018best\u2019 season.\n\u201cYes,\u201d he said.") == [
        "Yes,"
    ]
    assert spans("Playlist: '90s hits and rock 'n' roll\n\u201cGreat,\u201d she said.") == [
        "Great,"
    ]
    text = "Ruth Calloway: \u2018we won\u2019 and \u201cthey lost\u201d\n\u201cYes,\u201d he said."
    assert spans(text) == ["they lost", "Yes,"]


def test_one_doubled_apostrophe_typo_does_not_turn_off_british_quotes():
    text = (
        "'We will win,' she said. 'They know it.'\n'We are ready,' he said. 'It is over.'\n"
        "'They asked, \"Where can we go?\"' he said. ''Where can we?'\n'Fine,' she said."
    )
    assert "We will win," in spans(text) and "Fine," in spans(text)
    # doubled apostrophes used as the double marks of a story stay double marks
    assert spans("''We will win,'' she said. ''They know it.''") == [
        "We will win,",
        "They know it.",
    ]


def test_double_primes_typed_for_quotation_marks():
    # a “...″ pair (a prime where ” was meant) and ‶...″ are quotations; 5′11″ is a height
    text = "He said he was committed to “growth in the G7″. She is 5′11″ tall.\n‶We won,″ she said."
    assert spans(text) == ["growth in the G7", "We won,"]


def test_a_height_in_primes_keeps_a_british_story_british():
    text = "The 6\u20322\u2033 striker said: \u2018We will win.\u2019"
    assert spans(text) == ["We will win."]
