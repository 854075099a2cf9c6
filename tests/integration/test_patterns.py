"""Attribution patterns on sentences written for these tests, through the real Stanza models.

Each case names the quotation (a unique substring) and who must be its speaker (None: nobody).
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.models

CASES = [
    # the canonical name: the fullest form the article writes, here only in its headline
    (
        'Jane Doe wins the seat\n\nThe count ended at dawn. "It was a fair fight," Doe said.',
        "It was a fair fight",
        "Jane Doe",
    ),
    # British honorifics: "Sir John" is the John Doe the article names
    (
        'John Doe opened the new ward on Friday.\n"This is a proud day," Sir John said.',
        "This is a proud day",
        "John Doe",
    ),
    # reporting verb with a subject, any tense
    (
        'Maria Lopez said the budget was final. "We will not reopen it," Lopez said.',
        "We will not reopen it",
        "Maria Lopez",
    ),
    (
        '"The plant will close in May," says Anna Berg, who runs the union branch.',
        "The plant will close",
        "Anna Berg",
    ),
    (
        'Tom Reyes spoke after the vote. "It was a fair count," he told reporters.',
        "It was a fair count",
        "Tom Reyes",
    ),
    (
        'President Donald Trump posted on Truth Social: "The deal is done."',
        "The deal is done",
        "Donald Trump",
    ),
    (
        'Senator Alice Ward described the bill as "a disgrace to this chamber" on Tuesday.',
        "a disgrace to this chamber",
        "Alice Ward",
    ),
    # inverted
    ('"We are ready for the storm," said Mayor John Peters.', "We are ready", "John Peters"),
    (
        'Health Minister Sarah Cole visited the ward on Monday. "Staff are exhausted," said the minister.',
        "Staff are exhausted",
        "Sarah Cole",
    ),
    # colon introduction with a role noun
    (
        'Volodymyr Zelensky met the press in Kyiv. The Ukrainian President said: "We will defend every city."',
        "We will defend every city",
        "Volodymyr Zelensky",
    ),
    # interrupted by its cue
    (
        'Ben Ortiz runs the bakery. "The thing is," he said, "we won\'t close."',
        "we won't close",
        "Ben Ortiz",
    ),
    # according to
    (
        '"The reactor is stable," according to Karl Jensen, the plant manager.',
        "The reactor is stable",
        "Karl Jensen",
    ),
    # dash attribution
    (
        '"Rebuilding starts tomorrow." - Commissioner Jane Doe',
        "Rebuilding starts tomorrow",
        "Jane Doe",
    ),
    # apposition between subject and verb
    (
        '"Vaccines save lives every single day," Hugh Hill, a doctor at the clinic, said.',
        "Vaccines save lives",
        "Hugh Hill",
    ),
    # a quote alone in its paragraph after a quote by a known speaker
    (
        '"We lost the first round," coach Emma Stone said.\n"But the season is long and we will be back."',
        "But the season is long",
        "Emma Stone",
    ),
    # a quote over several paragraphs, closed only in the last one
    (
        'Governor Paul Grant said: "The flood took homes.\n"It took roads and bridges.\n"We will rebuild all of it."',
        "It took roads and bridges",
        "Paul Grant",
    ),
    # pronoun resolved to the right gender among two people
    (
        'Judge Ruth Alvarez questioned the lawyer, Mark Benson. "That is not an answer," she said.',
        "That is not an answer",
        "Ruth Alvarez",
    ),
    # honorific removed from the canonical name
    (
        'Sir Keir Starmer spoke in London. "This is a breakthrough," Starmer said.',
        "This is a breakthrough",
        "Keir Starmer",
    ),
    # organisations speak too
    (
        '"The allegations are baseless," the Kremlin said in a statement.',
        "The allegations are baseless",
        "Kremlin",
    ),
    # present tense and a pronoun, then a quotation alone in its paragraph
    (
        'Carla Mendes opened the clinic in May. "It was overdue," she says.\n'
        '"We turn people away every single night."',
        "We turn people away",
        "Carla Mendes",
    ),
    # a speaker the article only describes
    (
        '"The roads will reopen on Monday," a city hall spokesperson said.',
        "The roads will reopen",
        "city hall spokesperson",
    ),
    # the author of a message speaks
    (
        'Nora Okafor stayed away from the hearing. A statement from Okafor read: "We regret the delay."',
        "We regret the delay",
        "Nora Okafor",
    ),
    # British house style
    (
        "'We won't back down on the '90s rules,' said Mayor Ann Hale.",
        "We won't back down",
        "Ann Hale",
    ),
    # a signature on the line after the quotation (fact-check and "quotable" lists)
    (
        'The debate went on for hours.\n\n"Nobody in this state pays zero taxes."\n\n- Helen Marsh.',
        "Nobody in this state pays zero taxes",
        "Helen Marsh",
    ),
    # a headline quoting its subject in single marks above a story in double marks
    (
        "Helen Marsh: 'We will not back down'\n\n"
        'Helen Marsh spoke to the "Daily Ledger" on Monday about the strike.',
        "We will not back down",
        "Helen Marsh",
    ),
    # a second quotation after the first one's cue goes on in the same voice; a concessive
    # clause after it ("While some critics say") is an aside, not its cue
    (
        '"We are ready for the second round," says fund director Adam Kowal. "We have the'
        ' money" While some critics say the fund is too small, the city disagrees.',
        "We have the money",
        "Adam Kowal",
    ),
    # "the agency said": the organisation that was the subject, not one named in passing; an
    # organisation keeps the words of its name that would be a person's title
    (
        "The State Department called for the Canadians' release on Friday and expressed"
        ' concern over the detentions.\n\n"We share Canada\'s commitment to the rule of law,"'
        " the agency said in a statement.",
        "We share Canada's commitment",
        "State Department",
    ),
    # "she said" after the narration turned to someone else: the last speaker's pull yields to
    # the subject of the sentence just before
    (
        "Prime Minister Anna Berg met Maria Kovalenko in London on Tuesday.\n\nThe prime"
        ' minister told reporters the country would "stand with Kyiv for as long as it takes."'
        "\n\nMs Kovalenko thanked Britain for its support."
        ' "We are grateful to the British people," she said.',
        "We are grateful to the British people",
        "Maria Kovalenko",
    ),
    # a definite description right after someone was named is that person...
    (
        "The contractor, Dave Morrison, shrugs off the praise."
        ' "She fed this street for twenty years," the soft-spoken carpenter says.',
        "She fed this street",
        "Dave Morrison",
    ),
    # ...and with nobody named, the description in its fullest form in the article
    (
        "A city hall spokesperson said the permits were fast-tracked."
        ' "We wanted her open by the holidays," the spokesperson said.',
        "We wanted her open",
        "city hall spokesperson",
    ),
    # a wire dateline is not the subject of the first sentence
    (
        "WASHINGTON (Reuters) - Senate Majority Leader Ruth Calloway said on Thursday that a deal"
        ' to avert a government shutdown was "within reach, but not done yet."',
        "within reach",
        "Ruth Calloway",
    ),
    # a role noun for someone the article introduced without a name stays that description
    (
        "Lena Ortiz, the White House press secretary, said talks were going well. According to a"
        " senior Republican aide, the sticking point is border funding. \"That's where it always"
        ' ends up," the aide said.',
        "That's where it always ends up",
        "senior Republican aide",
    ),
    # an inverted cue whose description has a place name inside it ("native" read as an
    # adjective): the description, resolved to the person just named
    (
        'Goaltender Marc Levesque made 41 saves on Saturday. "I just tried to stay calm," he'
        ' said.\n\n"You don\'t get many nights like this," notes the soft-spoken Montreal'
        " native, who signed with the club in June.",
        "You don't get many nights",
        "Marc Levesque",
    ),
    # an organisation's possessive in front of a surname: the person, by the fullest name
    (
        "WHO Director-General Maria Alvarez warned of a new wave."
        ' "We are seeing cases rise in every region," WHO\'s Alvarez told reporters in Geneva.',
        "We are seeing cases rise",
        "Maria Alvarez",
    ),
    # "Her colleague" at the start of a sentence tells the gender of the one before's subject
    (
        "Dr. Amara Osei runs the only walk-in clinic in the county. Her colleague, nurse"
        " practitioner Beth Lawson, joined her in 2019.\n\nOsei starts most days before six."
        ' "There is always a line," she says.',
        "There is always a line",
        "Amara Osei",
    ),
    # "it said" for a body the article describes but does not name
    (
        "The health authority said in a statement that it was reviewing staffing across the"
        ' region.\n\n"Rural clinics remain a priority," it said.',
        "Rural clinics remain a priority",
        "health authority",
    ),
    # a name the tagger cut at its hyphenated prefix
    (
        "Gunmen attacked the hotel on Tuesday.\n\nIn its two-page statement claiming"
        ' responsibility, al-Karama said: "This operation was a warning to the government."',
        "This operation was a warning",
        "al-Karama",
    ),
    # the subject in apposition ("Santos's neighbour, Grace Park,") is who the narration is about
    (
        'Renters were hopeful. "It\'s the first good news in years," said Miguel Santos, 28, a'
        " nurse.\n\nSantos's neighbour, Grace Park, was less sure."
        ' "I\'ll believe it when I see it."',
        "I'll believe it",
        "Grace Park",
    ),
    # a description keeps the body it speaks for
    (
        "A spokesperson for the Federation of Rental Builders said the cap would hurt building."
        '\n\n"Investors will simply build elsewhere," the spokesperson said.',
        "Investors will simply build elsewhere",
        "spokesperson for the Federation of Rental Builders",
    ),
]

NO_SPEAKER = [
    # scare quotes and titles quote nobody
    ('The council approved a so-called "green corridor" on Monday.', "green corridor"),
    (
        'She reviewed the film "The Long Night of the Harbour" for the paper.',
        "The Long Night of the Harbour",
    ),
    # quoted words naming the noun they stand before
    (
        'Anna Roth welcomed the plans, saying they would fit her "coalition of the willing" group.',
        "coalition of the willing",
    ),
    # a subheading in quotation marks quotes the story below, it is not a quotation itself
    (
        'Ruth Okafor runs the shelter.\n"Hard to be heard"\n"We are full again," she says.',
        "Hard to be heard",
    ),
    # a sign is nobody, and neither is the door it hangs on
    (
        'The sign on the door read "No entry until further notice, by order of the council."',
        "No entry",
    ),
    # source lines name outlets, not speakers
    ('The talks went well.\nSources used: "PA Media", "BBC", "The Guardian"', "BBC"),
]


@pytest.mark.parametrize(("text", "quote", "speaker"), CASES, ids=[c[1][:24] for c in CASES])
def test_speaker_is_found(attribute_text, text, quote, speaker):
    result = attribute_text(text)
    matches = [q for q in result.quotes if quote in q.text]
    assert matches, f"quote not detected: {[q.text for q in result.quotes]}"
    assert matches[0].speaker == speaker
    for q in result.quotes:
        assert text[q.start : q.end] == q.text


@pytest.mark.parametrize(("text", "quote"), NO_SPEAKER, ids=[c[1] for c in NO_SPEAKER])
def test_no_speaker_where_nobody_speaks(attribute_text, text, quote):
    result = attribute_text(text)
    assert not any(quote in q.text and q.speaker for q in result.quotes)


def test_heading_does_not_become_the_subject(attribute_text):
    text = (
        "Security guarantees and European coordination\n"
        '"It was a productive day," Rutte told journalists.\nMark Rutte leads NATO.'
    )
    (q,) = attribute_text(text).quotes
    assert q.speaker == "Mark Rutte"


def test_nested_single_quotes_stay_inside(attribute_text):
    text = "Nora Field said: \"They kept shouting 'lock the gates' all night, and we stayed.\""
    (q,) = attribute_text(text).quotes
    assert "'lock the gates'" in q.text and q.speaker == "Nora Field"


def test_description_speaker_has_its_kind(attribute_text):
    result = attribute_text('"The count is final," an election official told reporters.')
    (q,) = result.quotes
    assert q.speaker == "election official" and q.confidence < 0.8
    assert result.speakers[0].kind == "description"


def test_a_quotation_nothing_attributes_gets_a_guess_marked_as_one(attribute_text):
    text = (
        "Omar Reyes has driven a cab since 2009. Fares fell by half this year. "
        '"Some nights I earn nothing at all." The city plans a review of the licences.'
    )
    (q,) = attribute_text(text).quotes
    assert q.speaker == "Omar Reyes"
    assert q.confidence < 0.8


def test_people_who_say_it_together(attribute_text):
    text = '"We are ready to open the doors again," Ana Lee and Tom Roe said on Monday.'
    (q,) = attribute_text(text).quotes
    speakers = {s.id: s for s in attribute_text(text).speakers}
    assert [speakers[i].name for i in q.speaker_ids] == ["Ana Lee", "Tom Roe"]
    assert [speakers[i].key for i in q.speaker_ids] == ["person:ana-lee", "person:tom-roe"]
