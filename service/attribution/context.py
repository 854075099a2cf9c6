"""The sieves that read the context, for quotations whose own cue names nobody:
continuations, colon and dash introductions, the sentence before, the narration before, the
quote before, and last a guess."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from functools import wraps

from service.attribution.classify import embedded
from service.attribution.cues import cue_span, is_speech, quote_interval, subject_of
from service.attribution.findings import Answer, Context, Finding, How
from service.attribution.marks import QuoteSpan
from service.attribution.people import ORGANIZATION, PERSON, Entry, People
from service.attribution.speakers import resolve
from service.attribution.syntax import DocView, Regions

Sieve = Callable[[Context], Answer | None]


GUESS_WINDOW = 8
"""Sentences back a guess may look for the person a passage is about."""

ContextRule = Callable[[Context], tuple[Entry | None, How] | None]


def reads_context(rule: ContextRule) -> Sieve:
    """A sieve that reads the context, not a cue of the quotation's own. A quotation that goes
    on from the paragraph before is that quotation's, or the guess's: no other context rule
    applies to it. What the rule finds is judged by `Context.from_context`."""

    @wraps(rule)
    def sieve(ctx: Context) -> Answer | None:
        if ctx.continuation:
            return None
        found = rule(ctx)
        return ctx.from_context(*found) if found is not None else None

    return sieve


def continued(ctx: Context) -> Answer | None:
    """The second paragraph of a quotation: the first one's speaker."""
    prev = ctx.previous
    if not ctx.continuation or prev is None:
        return None
    return ctx.from_context(prev.entry, How.CONTINUED)


_LIST_GAP = re.compile(r"\s*(?:,\s*)?(?:(?:and|or|but|nor)\s+)?")


def coordinated_with_previous(text: str, before: QuoteSpan, q: QuoteSpan) -> bool:
    """ "'ready to serve' and 'proud of it'": two stretches of quoted words in one sentence with
    nothing between them but a comma or a conjunction are one list of words."""
    if before.close_mark is None or before.paragraph != q.paragraph:
        return False
    gap = text[before.close_mark + 1 : q.open_mark]
    return (
        gap.strip() != ""
        and text[before.end - 1] not in ".!?"
        and _LIST_GAP.fullmatch(gap) is not None
    )


def coordinated(ctx: Context) -> Answer | None:
    """Quoted words listed right after quoted words: the same speakers, and the same cue
    (a weak parse may hang the second on a word of the first, out of its cue's reach)."""
    prev = ctx.previous
    if (
        prev is None
        or prev.entry is None
        or not coordinated_with_previous(ctx.view.doc.text, prev.span, ctx.span)
    ):
        return None
    ctx.finding.cue = prev.cue
    return Answer(prev.entry, How.COORDINATED, prev.fallback, prev.together)


@reads_context
def colon_name(ctx: Context) -> tuple[Entry | None, How] | None:
    """ "Republican pollster Daron Shaw: "..."": a name, and nothing but its titles, before a
    colon."""
    return _colon_name(ctx.view, ctx.people, ctx.span), How.COLON


@reads_context
def verb_name(ctx: Context) -> tuple[Entry | None, How] | None:
    """`asks Policy Options editor Jane Doe, "..."`."""
    return _verb_name_intro(ctx.view, ctx.people, ctx.span), How.VERB_NAME


@reads_context
def signature(ctx: Context) -> tuple[Entry | None, How] | None:
    """`"We will rebuild." - Commissioner Jane Doe`."""
    return _dash_signature(ctx.view, ctx.people, ctx.span), How.SIGNATURE


_NAMES = (How.NAME, How.PROPER_NOUN, How.APPOSITION)


@reads_context
def colon_intro(ctx: Context) -> tuple[Entry | None, How] | None:
    """ "The Ukrainian President said: "..."": the speech verb before the colon is the cue,
    even when its subject names nobody."""
    view = ctx.view
    intro = _colon_intro(view, ctx.span, ctx.quoted)
    if intro is None:
        return None
    ctx.finding.cue = cue_span(view, intro)
    s = subject_of(view, intro, ctx.quoted, named_before=True)
    answer = resolve(view, ctx.people, s, ctx.previous_speaker) if s is not None else None
    if answer is None or answer.entry is None:
        return None
    return answer.entry, (How.COLON_INTRO if answer.how in _NAMES else answer.how)


@reads_context
def carried(ctx: Context) -> tuple[Entry | None, How] | None:
    """`"...," said the former aide. "..."`: the cue between two quotes of a paragraph is the
    first one's, already read; the second goes on in the same voice."""
    prev, q = ctx.previous, ctx.span
    if (
        prev is None
        or prev.entry is None
        or prev.cue is None
        or prev.span.paragraph != q.paragraph
        or not quote_interval(prev.span)[1] <= prev.cue[0] < prev.cue[1] <= q.open_mark
        or _other_subject(ctx.people, prev.entry, prev.cue[1], q.open_mark) is not None
    ):
        return None
    return prev.entry, How.CARRIED


@reads_context
def preceding(ctx: Context) -> tuple[Entry | None, How] | None:
    """`Schiff said. "The other factor ..."`: the sentence just before, in the same paragraph,
    reports someone speaking, and the quotation gives their words."""
    view, span = ctx.view, ctx.span
    start = _first_token(view, span)
    if not start:
        return None
    sent = view.tokens[start].sentence
    if sent == 0 or "\n" in view.doc.text[view.doc.sentences[sent - 1].end : span.open_mark]:
        return None
    prev = view.doc.sentences[sent - 1]
    verbs = [
        j
        for j in range(prev.token_start, prev.token_end)
        if is_speech(view, j)
        and view.tokens[j].upos in ("VERB", "AUX")
        and view.tokens[j].start not in ctx.quoted
    ]
    # the main verb first: "X said on Friday, as the vote neared" is X speaking
    verbs.sort(key=lambda j: (view.tokens[j].deprel != "root", -j))
    for v in verbs:
        s = subject_of(view, v, ctx.quoted, named_before=True)
        answer = resolve(view, ctx.people, s, ctx.previous_speaker) if s is not None else None
        if answer is not None and answer.entry is not None:
            return answer.entry, How.PRECEDING
    return None


def _after_a_gap(ctx: Context) -> bool:
    """A quotation opening a paragraph, with no attributed quotation in the paragraph before."""
    prev, q = ctx.previous, ctx.span
    return (
        prev is None or prev.entry is None or prev.span.paragraph < q.paragraph - 1
    ) and starts_paragraph(ctx.view.doc.text, q)


@reads_context
def narration(ctx: Context) -> tuple[Entry | None, How] | None:
    """A quotation opening a paragraph, with no cue anywhere, continues the person the
    narration just before was about (news style: introduce, then quote)."""
    if not _after_a_gap(ctx):
        return None
    prev, q = ctx.previous, ctx.span
    sent = ctx.view.tokens[ctx.view.token_at(q.start) or 0].sentence
    entry, _ = ctx.people.salient(
        q.open_mark,
        sent,
        window=2,
        min_prominence=1.5,
        previous_speaker=prev.entry.id if prev and prev.entry else None,
    )
    return entry, How.NARRATION


@reads_context
def alone(ctx: Context) -> tuple[Entry | None, How] | None:
    """A quotation alone in its paragraph, nobody else named since the last speaker: still
    them."""
    prev, q = ctx.previous, ctx.span
    if (
        not _after_a_gap(ctx)
        or prev is None
        or prev.entry is None
        or q.paragraph - prev.span.paragraph > 3
        or _other_subject(ctx.people, prev.entry, quote_interval(prev.span)[1], q.open_mark)
        is not None
    ):
        return None
    return prev.entry, How.ALONE


def _next_in_line(ctx: Context) -> Finding | None:
    """The attributed quotation before, when this one follows it in the same paragraph or
    opens the next."""
    prev, q = ctx.previous, ctx.span
    if prev is None or prev.entry is None or prev.span.paragraph < q.paragraph - 1:
        return None
    if prev.span.paragraph == q.paragraph or starts_paragraph(ctx.view.doc.text, q):
        return prev
    return None


@reads_context
def inherited(ctx: Context) -> tuple[Entry | None, How] | None:
    """The next quotation in line, nobody named in the short narration between: the same
    voice."""
    prev = _next_in_line(ctx)
    if prev is None or prev.entry is None:
        return None
    end = quote_interval(prev.span)[1]
    if _other_subject(ctx.people, prev.entry, end, ctx.span.open_mark) is not None:
        return None
    if ctx.span.open_mark - end >= 400:
        return None
    return prev.entry, How.INHERITED


@reads_context
def turned_to(ctx: Context) -> tuple[Entry | None, How] | None:
    """`"...," says House. Durning agreed. "..."`: the person the narration turned to."""
    prev = _next_in_line(ctx)
    if prev is None or prev.entry is None:
        return None
    other = _other_subject(ctx.people, prev.entry, quote_interval(prev.span)[1], ctx.span.open_mark)
    if other is None or ctx.people.entries[other].kind != PERSON:
        return None
    return ctx.people.entries[other], How.TURNED_TO


ECHO_MIN_WORDS = 3
"""Words a quotation must hold to be recognised as quoted again: fewer ("a 'disaster'") are
anybody's words."""
_ECHO_SOURCES = frozenset({"echo", "guess"})
"""Sieves whose answer is no evidence of who said the words, so no source for an echo."""
_WORD = re.compile(r"\w+")


def _words(text: str, q: QuoteSpan) -> str:
    return " ".join(_WORD.findall(text[q.start : q.end].lower()))


class QuotedWords:
    """The words of every quotation whose speaker a cue or the context named, searchable at
    once: one joined string, so an article of thousands of quotations costs one substring
    search per quotation that asks, not one per pair."""

    def __init__(self, text: str, found: list[Finding]) -> None:
        self.sources = [
            f
            for f in found
            if f.entry is not None and not f.fallback and f.sieve not in _ECHO_SOURCES
        ]
        parts, self._starts, at = [], [], 0
        for f in self.sources:
            self._starts.append(at)
            part = f" {_words(text, f.span)} \n"
            parts.append(part)
            at += len(part)
        self._joined = "".join(parts)

    def speaker_of(self, words: str, asking: Finding) -> Finding | None:
        """The first other quotation that holds `words` whole."""
        needle, i = f" {words} ", 0
        while (i := self._joined.find(needle, i)) >= 0:
            source = self.sources[bisect.bisect_right(self._starts, i) - 1]
            if source is not asking:
                return source
            i += 1
        return None


def echo(ctx: Context) -> Answer | None:
    """Words the article quotes again where a cue names who said them: a headline's "'Another
    big success': Nato leader flatters Trump" above "'You are flying into another big
    success,' Rutte wrote". It reads the quotations after its own, so the engine asks it once
    every quotation has been through the sieves before it."""
    text = ctx.view.doc.text
    if ctx.said is None or embedded(text, ctx.span):
        return None  # words quoted in a running sentence are a term, or that sentence's
    words = _words(text, ctx.span)
    if words.count(" ") + 1 < ECHO_MIN_WORDS:
        return None
    source = ctx.said.speaker_of(words, ctx.finding)
    if source is None:
        return None
    return Answer(source.entry, How.ECHO, together=source.together)


def guess(ctx: Context) -> Answer | None:
    """Nothing ties the quotation to anyone: the person the passage is about, as a guess with
    its own (low) confidence rather than no answer."""
    start = _first_token(ctx.view, ctx.span)
    sentence = ctx.view.tokens[start].sentence if start is not None else len(ctx.view.doc.sentences)
    entry, _ = ctx.people.salient(
        ctx.span.open_mark, sentence, previous_speaker=ctx.previous_speaker, window=GUESS_WINDOW
    )
    return Answer(entry, How.GUESS, fallback=True) if entry is not None else None


def _first_token(view: DocView, q: QuoteSpan) -> int | None:
    start = view.token_at(q.open_mark)
    if start is None:
        start = next(iter(view.tokens_between(q.open_mark, q.end)), None)
    return start


def starts_paragraph(text: str, q: QuoteSpan) -> bool:
    i = q.open_mark - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return i < 0 or text[i] in "\n\r"


def _other_subject(people: People, entry: Entry, start: int, end: int) -> int | None:
    """The last other person who is a subject in the narration between two quotes."""
    found = None
    for m in people.mentions_between(start, end):
        if (
            m.end <= end
            and not m.quoted
            and m.entry != entry.id
            and m.prominence >= 1.5
            and people.entries[m.entry].kind != ORGANIZATION
        ):
            found = m.entry
    return found


def _colon_intro(view: DocView, q: QuoteSpan, quoted: Regions) -> int | None:
    """ "The Ukrainian President said: "..." -> the verb before the colon."""
    text = view.doc.text
    i = q.open_mark - 1
    while i >= 0 and text[i].isspace():
        i -= 1
    if i < 0 or text[i] != ":":
        return None
    colon = view.token_at(i)
    if colon is None:
        return None
    sent = view.sentence_of(colon)
    outside = [j for j in range(sent.start, colon) if view.tokens[j].start not in quoted]
    verbs = [j for j in outside if is_speech(view, j)]
    if not verbs:
        # "Kasich resisted:" - any verb with a named subject introduces what follows the colon
        verbs = [
            j
            for j in outside
            if view.tokens[j].upos == "VERB"
            and view.tokens[j].deprel == "root"
            and any(_is_person_token(view, k) for k in view.kids(j, "nsubj"))
        ]
    if not verbs:
        return None
    return next((j for j in verbs if view.tokens[j].deprel == "root"), verbs[-1])


def _is_person_token(view: DocView, k: int) -> bool:
    ent = view.entity_at[k]
    return ent is not None and ent.label == "PERSON"


def _dash_signature(view: DocView, people: People, q: QuoteSpan) -> Entry | None:
    """`"We will rebuild." - Commissioner Jane Doe`: a dash, then a name, ends the paragraph
    or the sentence."""
    if q.close_mark is None:
        return None
    text = view.doc.text
    i = q.close_mark + 1
    while i < len(text) and text[i] in " \t'\u2019":
        i += 1
    if text[i : i + 1] in ("\n", "\r"):
        # the signature on a line of its own: `"..."` then `- Bernie Sanders.`
        while i < len(text) and text[i].isspace():
            i += 1
    if i >= len(text) or text[i] not in "-\u2013\u2014\u2015":
        return None
    first = next(iter(view.tokens_between(i + 1, len(text))), None)
    if first is None or "\n" in text[i : view.tokens[first].start]:
        return None
    sent = view.sentence_of(first)
    for j in range(first, min(first + 6, sent.stop)):
        ent = view.entity_at[j]
        if ent is not None and ent.label in ("PERSON", "ORG"):
            rest = text[view.tokens[ent.token_end - 1].end :]
            tail = rest.split("\n", 1)[0].strip()
            if not tail or tail[0] in ".,;(":
                return people.entry_at(ent.token_start, ent.token_end)
            return None
    return None


def _verb_name_intro(view: DocView, people: People, q: QuoteSpan) -> Entry | None:
    """`asks Policy Options editor Jane Doe, "..."`: a reporting verb, then the speaker's name
    with its titles, then a comma or colon opening the quotation."""
    text = view.doc.text
    i = q.open_mark - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    mark = view.token_at(i) if i >= 0 and text[i] in ",:" else None
    if mark is None or mark == 0:
        return None
    ent = view.entity_at[mark - 1]
    if ent is None or ent.label != "PERSON" or ent.token_end != mark:
        return None
    sent = view.sentence_of(mark)
    j = ent.token_start - 1
    while (
        j >= sent.start
        and ent.token_start - j <= 6
        and not is_speech(view, j)
        and view.tokens[j].upos not in ("PUNCT", "PRON", "ADP", "SCONJ", "CCONJ")
    ):
        j -= 1
    w = view.tokens[j].text if j >= sent.start else ""
    # a reporting verb, however the tagger read it ("asks" tagged as a noun)
    if not w.islower() or not is_speech(view, j) or not w.endswith(("s", "ed", "d")):
        return None
    return people.entry_at(ent.token_start, ent.token_end)


def _colon_name(view: DocView, people: People, q: QuoteSpan) -> Entry | None:
    """ "Republican pollster Daron Shaw: "..."": a name, and nothing but its titles, before a colon."""
    text = view.doc.text
    i = q.open_mark - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    colon = view.token_at(i) if i >= 0 and text[i] == ":" else None
    if colon is None or colon == 0:
        return None
    ent = view.entity_at[colon - 1]
    if ent is None or ent.label not in ("PERSON", "ORG"):
        return None
    sent = view.sentence_of(colon)
    start = sent.start
    # "POLLS SHIFT LATE - Jane Doe: "..."": a heading, a dash, then the source
    for j in range(ent.token_start - 1, sent.start - 1, -1):
        if view.tokens[j].text in ("-", "\u2013", "\u2014") and (
            j == 0 or view.tokens[j].start > view.tokens[j - 1].end
        ):
            start = j + 1
            break
    lead = range(start, ent.token_start)
    if len(lead) > 4 or any(view.tokens[j].upos in ("VERB", "AUX", "PUNCT") for j in lead):
        return None
    return people.entry_at(ent.token_start, ent.token_end)
