from service.attribution.names import compatible, key, name_words


def test_honorifics_and_titles_are_removed():
    assert name_words("Sir Keir Starmer") == ["Keir", "Starmer"]
    assert name_words("Prime Minister Keir Starmer's") == ["Keir", "Starmer"]
    assert name_words("Mr. Schmidt") == ["Schmidt"]


def test_name_compatibility():
    assert compatible(key(["Starmer"]), key(["Keir", "Starmer"]))
    assert compatible(key(["J.", "Smith"]), key(["John", "Smith"]))
    assert not compatible(key(["Hillary", "Clinton"]), key(["Bill", "Clinton"]))
    assert not compatible(key(["Trump"]), key(["Keir", "Starmer"]))


def test_an_organisation_keeps_the_words_a_person_would_lose_as_titles():
    assert name_words("Foreign Minister Anna Berg's") == ["Anna", "Berg"]
    assert name_words("State Department", person=False) == ["State", "Department"]
    assert name_words("Foreign Ministry's", person=False) == ["Foreign", "Ministry"]


def test_a_possessor_in_front_is_not_part_of_a_name():
    assert name_words("WHO's Alvarez") == ["Alvarez"]
    assert name_words("Canada\u2019s Jane Doe") == ["Jane", "Doe"]
    assert name_words("Conan O'Brien") == ["Conan", "O'Brien"]


def test_a_speaker_key_is_the_same_however_the_name_is_written():
    from service.attribution.names import identity

    assert identity("person", "Keir Starmer") == "person:keir-starmer"
    assert identity("person", "Pedro Sánchez") == identity("person", "Pedro Sanchez")
    assert identity("person", "Jean-Luc O’Brien") == "person:jean-luc-o-brien"
    assert identity("description", "city hall spokesperson") == "description:city-hall-spokesperson"


def test_a_lowercase_word_before_a_name_is_not_part_of_it():
    assert name_words("zei Roe") == ["Roe"]  # a Dutch caption: "..., zei Roe"
    assert name_words("de Gaulle") == ["de", "Gaulle"]
    assert name_words("bin Salman") == ["bin", "Salman"]


def test_a_misspelt_title_is_no_name():
    assert name_words("Prime Minster") == []  # a typo for "Prime Minister", nobody's name
    assert name_words("Prime Minster Jo Bloggs") == ["Jo", "Bloggs"]
    assert name_words("Sen. Sawyer") == ["Sawyer"]  # a letter changed: a surname like any
