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
