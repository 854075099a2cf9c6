"""The word lists are package data (service/attribution/words/*.txt) that lexicon.py reads on
import: each file well formed, each read into the name it belongs to, found by importlib.resources."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib.resources import files
from pathlib import Path

import pytest

import service.attribution.lexicon as L
from service.attribution.names import fold
from tests.conftest import ROOT

# file -> the public name it feeds
FILES = {
    "speech_verbs": "SPEECH_VERBS",
    "speech_verb_forms": "SPEECH_VERBS",
    "weak_speech": "WEAK_SPEECH",
    "honorifics": "HONORIFICS",
    "role_nouns": "ROLE_NOUNS",
    "title_words": "TITLE_WORDS",
    "male_nouns": "MALE_NOUNS",
    "female_nouns": "FEMALE_NOUNS",
    "male_names": "MALE_NAMES",
    "female_names": "FEMALE_NAMES",
    "not_name": "NOT_NAME",
    "org_nouns": "ORG_NOUNS",
    "not_speakers": "NOT_SPEAKERS",
    "documents": "DOCUMENTS",
    "speech_nouns": "SPEECH_NOUNS",
    "naming_verbs": "NAMING_VERBS",
    "time_words": "TIME_WORDS",
}
WORDS = files("service.attribution") / "words"


def test_the_words_directory_is_package_data_with_exactly_the_files_the_module_reads():
    found = {p.name for p in WORDS.iterdir() if p.is_file()}
    assert found == {f"{name}.txt" for name in FILES}


@pytest.mark.parametrize("name", sorted(FILES))
def test_a_file_is_well_formed_and_feeds_its_name(name: str):
    lines = (WORDS / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    entries = L._entries(name)
    assert entries, f"{name}.txt has no entries"
    assert len(entries) == len(set(entries)), sorted(e for e in entries if entries.count(e) > 1)
    # the rules look words up after names.fold (lowercase, no accents, straight apostrophe)
    assert [e for e in entries if fold(e) != e or e != e.strip()] == []
    assert [ln for ln in lines if ln != ln.strip()] == []
    if name != "speech_verbs":  # stored as base forms; the name holds their inflections
        assert set(entries) <= getattr(L, FILES[name])


def test_a_verb_of_naming_still_cues_quotations():
    # it leaves only reported speech ('called it "a disaster"' is still a quotation's cue)
    assert L.NAMING_VERBS <= L.SPEECH_VERBS


def test_forms_are_the_regular_inflections_and_nothing_cleverer():
    assert L._forms("say") == {"say", "says", "sayed", "saying"}
    assert L._forms("note") == {"note", "notes", "noted", "noting"}
    assert L._forms("cry") == {"cry", "cries", "cried", "crying"}
    assert L._forms("play") == {"play", "plays", "played", "playing"}
    assert L._forms("wish", "tweet") == {
        *("wish", "wishes", "wished", "wishing"),
        *("tweet", "tweets", "tweeted", "tweeting"),
    }


def test_speech_verbs_are_the_base_forms_inflected_plus_the_irregular_forms():
    assert L._forms(*L._entries("speech_verbs")) | L._words("speech_verb_forms") == L.SPEECH_VERBS
    assert {"said", "told", "spoke", "wrote", "likened", "replied"} <= L.SPEECH_VERBS
    assert "sayed" in L.SPEECH_VERBS and "report" in L.SPEECH_VERBS
    assert {"went", "thought", "summed", "signalled"} <= L.WEAK_SPEECH


def test_words_the_comments_name_are_where_the_comments_say():
    assert "minister" in L.ROLE_NOUNS and "report" not in L.ROLE_NOUNS
    assert {"prime", "minister", "foreign", "acting"} <= L.TITLE_WORDS
    assert L.ROLE_NOUNS | L.HONORIFICS <= L.TITLE_WORDS
    assert L.MALE_HONORIFICS | L.FEMALE_HONORIFICS <= L.TITLE_WORDS
    assert {"mr", "dr", "sen", "rev"} <= L.HONORIFICS
    assert "agency" in L.ORG_NOUNS and {"report", "statement", "tweet"} <= L.NOT_SPEAKERS
    assert {"the", "said", "according"} <= L.NOT_NAME


def test_given_names_hold_both_sections_and_no_name_has_two_sexes():
    assert {"barack", "abdul"} <= L.MALE_NAMES  # one from each section of male_names.txt
    assert not L.MALE_NAMES & L.FEMALE_NAMES
    assert not L.MALE_NOUNS & L.FEMALE_NOUNS


def test_sex_of_pronouns_and_nouns():
    assert [L.pronoun_sex(w) for w in ("he", "his", "she", "hers", "they", "He")] == [
        *("m", "m", "f", "f"),
        *(None, None),
    ]
    assert [L.noun_sex(w) for w in ("father", "spokeswoman", "uncle", "niece", "spokesperson")] == [
        *("m", "f", "m", "f"),
        None,
    ]


def test_the_lists_load_from_any_working_directory(tmp_path: Path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    code = "import service.attribution.lexicon as L; print(len(L.SPEECH_VERBS), len(L.TITLE_WORDS))"
    run = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == [str(len(L.SPEECH_VERBS)), str(len(L.TITLE_WORDS))]


def test_every_document_that_speaks_for_itself_is_no_speaker_otherwise():
    from service.attribution.lexicon import DOCUMENTS, NOT_SPEAKERS

    assert DOCUMENTS <= NOT_SPEAKERS
