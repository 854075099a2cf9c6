"""The vocabulary the sieves share: the rule labels with their measured confidence, what a sieve
answers, and what is known so far about one quotation while the sieves run."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from service.attribution.marks import QuoteSpan
from service.attribution.people import Entry, People
from service.attribution.syntax import DocView, Regions

if TYPE_CHECKING:
    from service.attribution.context import QuotedWords  # context builds on this module


class How(StrEnum):
    """Which rule found the speaker. Each label is set in exactly one function, so that its
    confidence is one rule's measured precision."""

    # the cue's subject, by the kind of mention it is (`speakers.resolve`)
    NAME = "name"
    """A name the tagger found, or a name right beside the subject ("spokesman Brian Fallon")."""
    SURNAME = "surname before the cue"
    """A known person's surname right before the cue, however the tagger read it."""
    PROPER_NOUN = "proper noun"
    """A proper noun the tagger left untagged, taken as a new person."""
    APPOSITION = "apposition"
    """The name an apposition describes ("Lael Brainard, a Fed governor, said")."""
    COREF = "coref"
    PRONOUN = "pronoun"
    PRONOUN_UNSURE = "pronoun, another person close behind"
    FAR = "far"
    """A pronoun whose person was named long before, nobody else since."""
    IT_ORG = "it, the organisation"
    IT_BODY = "it, a body described"
    IT_BODY_NAMED = "it, a body described, named before"
    ORG = "org"
    """An organisation the tagger named."""
    ORG_NOUN = "org noun"
    """ "The agency said": the organisation the article was just about."""
    GROUP = "the people last named"
    """ "The two leaders said", "both men said": the people named just before, together."""
    TITLE = "title"
    TITLE_TEXT = "title in the text"
    """ "The mayor" where the article wrote "Mayor Jane Doe" where the tagger did not read."""
    ROLES_FILE = "roles file"
    ROLE = "role"
    DESCRIBED_BEFORE = "described before"
    IN_VIEW = "description of the person in view"
    DOCUMENT = "document"
    """ "The claim said": a document nobody in the article is named as the author of."""
    DESCRIPTION = "description"
    """Somebody the article does not name ("a spokesman"), kept as that description."""
    NOMINAL = "nominal"
    """Not a reading of a speaker: the subject is no one ("social media profiles say")."""
    GOVERNING = "governing verb"
    """Quoted words with no speech verb: the person subject of the verb above them."""
    # the context, when no cue of the quotation's own names anyone (`context`)
    CONTINUED = "continued"
    COORDINATED = "coordinated"
    """Quoted words listed right after quoted words ("'A' and 'B'"): the first one's speakers."""
    COLON = "colon"
    COLON_INTRO = "colon intro"
    VERB_NAME = "verb, name"
    SIGNATURE = "signature"
    CARRIED = "carried"
    PRECEDING = "preceding"
    NARRATION = "narration"
    ALONE = "alone in its paragraph"
    INHERITED = "inherited"
    TURNED_TO = "turned to"
    ECHO = "echo"
    """Words quoted again elsewhere in the article, where a cue names who said them."""
    GUESS = "guess"
    NONE = "none"


# How far each rule is to be trusted: the share of right speakers per rule, measured on the
# annotated evaluation sets (`python -m service evaluate` prints the table per sieve and per
# rule; dev.jsonl and dev_uk.jsonl pooled), rounded down to 0.05. Rules seen fewer than twenty
# times there keep a prior.
CONFIDENCE: dict[How, float] = {
    How.NAME: 0.95,
    How.SURNAME: 0.9,
    How.PROPER_NOUN: 0.95,
    How.APPOSITION: 0.85,
    How.COREF: 0.9,
    How.PRONOUN: 0.9,
    How.PRONOUN_UNSURE: 0.7,
    How.FAR: 0.7,
    How.IT_ORG: 0.75,
    How.IT_BODY: 0.6,
    How.IT_BODY_NAMED: 0.7,
    How.ORG: 0.8,
    How.ORG_NOUN: 0.75,
    How.GROUP: 0.7,
    How.TITLE: 0.85,
    How.TITLE_TEXT: 0.7,
    How.ROLES_FILE: 0.7,
    How.ROLE: 0.6,
    How.DESCRIBED_BEFORE: 0.6,
    How.IN_VIEW: 0.6,
    How.DOCUMENT: 0.6,
    How.DESCRIPTION: 0.6,
    How.NOMINAL: 0.5,
    How.GOVERNING: 0.7,
    How.CONTINUED: 0.8,
    How.COORDINATED: 0.8,
    How.COLON: 0.9,
    How.COLON_INTRO: 0.9,
    How.VERB_NAME: 0.95,
    How.SIGNATURE: 0.95,
    How.CARRIED: 0.95,
    How.PRECEDING: 0.6,
    How.NARRATION: 0.5,
    How.ALONE: 0.5,
    How.INHERITED: 0.85,
    How.TURNED_TO: 0.5,
    How.ECHO: 0.8,
    How.GUESS: 0.6,
    How.NONE: 0.5,
}


UNNAMED = frozenset({How.PROPER_NOUN, How.DESCRIPTION})
"""Readings that may make up a speaker: a capitalised word taken as a person, a description."""


@dataclass(frozen=True)
class Answer:
    """A reading of who speaks. `entry` is None for a reading that names nobody (`NOMINAL`, or
    a pronoun with no person in reach): the sieve that got it decides what that means."""

    entry: Entry | None
    how: How
    fallback: bool = False
    """Too loose a reading to vouch that the marks hold a quotation (see `Finding.fallback`)."""
    together: tuple[Entry, ...] = ()
    """Others who say it with `entry` ("said Burton and Nick")."""


NOBODY = Answer(None, How.NOMINAL)


@dataclass
class Finding:
    """What is known so far about one quotation."""

    span: QuoteSpan
    cue: tuple[int, int] | None = None
    cue_named_nobody: bool = False
    """The quotation's own cue was read and names no one ("the cake is called"): what the
    context finds instead is a fallback."""
    entry: Entry | None = None
    together: tuple[Entry, ...] = ()
    how: How = How.NONE
    sieve: str | None = None
    """The name of the sieve that answered."""
    fallback: bool = False
    """The speaker came from a fallback (context after a cue that named nobody, a body the
    article only describes behind "it", or a guess): no evidence that the marks hold a quote."""


@dataclass
class Context:
    """What a sieve reads: the document, its people, where the quotations are, the findings for
    the quotations before this one, and the finding so far for this one."""

    view: DocView
    people: People
    quoted: Regions
    found: list[Finding]
    finding: Finding
    said: QuotedWords | None = None
    """The words of every quotation with a speaker, the later ones included: known only once
    all have been through the sieves, for the one sieve that reads quotations after its own
    (`context.echo`)."""

    @property
    def span(self) -> QuoteSpan:
        return self.finding.span

    @property
    def previous(self) -> Finding | None:
        return self.found[-1] if self.found else None

    @property
    def previous_speaker(self) -> int | None:
        return previous_speaker(self.found)

    @property
    def continuation(self) -> bool:
        """The quotation goes on from the quotation of the paragraph before."""
        prev = self.previous
        return self.span.continued and prev is not None and prev.span.continues

    def from_context(self, entry: Entry | None, how: How) -> Answer | None:
        """A speaker read off the context rather than a cue of the quotation's own: a fallback
        when that cue named nobody, and when it carries a fallback of the quote before on."""
        if entry is None:
            return None
        prev = self.previous
        carried = prev is not None and prev.fallback and entry is prev.entry
        return Answer(entry, how, fallback=self.finding.cue_named_nobody or carried)


def previous_speaker(found: list[Finding]) -> int | None:
    for f in reversed(found):
        if f.entry is not None:
            return f.entry.id
    return None
