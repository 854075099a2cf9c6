"""The order in which attribution's rules are tried: one tuple of named sieves, each a function
of the `Context` of one quotation. The first answer wins; removing a sieve from the tuple is
its ablation. `quotes evaluate` measures each one's precision (the CONFIDENCE table is read off
it).

Order, as in CoreNLP's quote attribution (Muzny et al. 2017): the quotation's own cue first,
then what the context says about the quotation (the most specific reading first), then a guess.
"""

from __future__ import annotations

from service.attribution import context
from service.attribution.classify import embedded, kind_of
from service.attribution.context import Sieve
from service.attribution.cues import (
    cue_span,
    find_cues,
    governing_verb,
    np_before,
    quote_interval,
    subject_of,
)
from service.attribution.findings import UNNAMED, Answer, Context, How
from service.attribution.people import PERSON, Entry
from service.attribution.result import QuoteKind
from service.attribution.speakers import resolve

MAX_CUES = 3
"""Cues tried per quotation, best first."""
MIN_GOVERNED_WORDS = 3
"""Words quoted with no speech verb are a term or scare quotes ("road map", "strongman") when
shorter: somebody's words only from three on."""


def cue(ctx: Context) -> Answer | None:
    """The subject of the quotation's own reporting cue ("...," she said): the best cue whose
    speaker can be read off. A cue that names nobody is kept as the cue and leaves the speaker
    to the context."""
    view, f = ctx.view, ctx.finding
    b = quote_interval(f.span)[1]
    fallback = False
    for c in find_cues(view, f.span, ctx.quoted)[:MAX_CUES]:
        f.cue = f.cue or cue_span(view, c.token)
        after = view.tokens[c.token].start >= b
        s = subject_of(view, c.token, ctx.quoted, quote_end=b if after else None, named_before=True)
        answer = resolve(view, ctx.people, s, ctx.previous_speaker) if s is not None else None
        alt = None
        if s is not None and (answer is None or answer.entry is None):
            alt = np_before(view, c.token, ctx.quoted)
        if alt is not None and alt != s and view.tokens[alt].upos == "PROPN":
            # "In its statement, al-Shabaab said": a weak parse made the message the subject;
            # the name right before the verb speaks
            fallback = fallback or (answer is not None and answer.fallback)
            by_alt = resolve(view, ctx.people, alt, ctx.previous_speaker)
            if by_alt is not None:
                answer, s = by_alt, alt
        if answer is None or answer.entry is None:
            # "Speaking to Metro, Streeting said": a weak tagger made the name a verb; a known
            # person's surname right before the cue speaks
            named = _surname_before(ctx, c.token)
            if named is not None:
                answer, s = Answer(named, How.SURNAME), c.token - 1
        if answer is None:
            continue
        fallback = fallback or answer.fallback
        if answer.entry is not None:
            f.cue = cue_span(view, c.token)
            together = answer.together or (_together(ctx, s, answer) if s is not None else ())
            return Answer(answer.entry, answer.how, fallback, together)
        if answer.how is How.NOMINAL:
            f.cue = cue_span(view, c.token)  # a cue, and its subject is nobody
            break
    f.cue_named_nobody = f.cue is not None
    return None


def governing(ctx: Context) -> Answer | None:
    """Words quoted in a running sentence that no speech verb reports: the person who is the
    subject of the verb whose clause holds them ("Doe listed 'new jobs, lower bills' as
    wins")."""
    view, f = ctx.view, ctx.finding
    text = view.doc.text
    if (
        f.cue is not None
        or not embedded(text, f.span)
        or kind_of(text, f.span) != QuoteKind.FRAGMENT
        or len(text[f.span.start : f.span.end].split()) < MIN_GOVERNED_WORDS
    ):
        return None
    v = governing_verb(view, f.span, ctx.quoted)
    mark = view.token_at(f.span.open_mark)
    if v is None or mark is None or mark < 1:
        return None
    if mark - 1 != v and view.tokens[mark - 1].upos != "ADP":
        # "unveiling a new 'plan for change'", "could 'look like him'": the words go on a
        # phrase begun outside the marks, a name or a term more than anybody's words
        return None
    s = subject_of(view, v, ctx.quoted, named_before=True)
    known = len(ctx.people.entries)
    answer = resolve(view, ctx.people, s, ctx.previous_speaker) if s is not None else None
    if (
        answer is None
        or answer.entry is None
        or answer.entry.kind != PERSON
        or (answer.how in UNNAMED and answer.entry.id >= known)
    ):
        return None  # a capitalised word the article names nobody by is no one to quote
    return Answer(answer.entry, How.GOVERNING, answer.fallback)


def _surname_before(ctx: Context, v: int) -> Entry | None:
    toks = ctx.view.tokens
    k = v - 1
    if k < 1 or toks[k].sentence != toks[v].sentence or toks[k - 1].sentence != toks[k].sentence:
        return None
    word = toks[k].text
    if not word[:1].isupper() or toks[k].upos == "PROPN" or toks[k].start in ctx.quoted:
        return None  # a tagged name went through the subject already
    return ctx.people.by_surname(word)


def _together(ctx: Context, s: int, answer: Answer) -> tuple[Entry, ...]:
    """The people coordinated with the subject ("said Burton and Nick", "Doe and Roe said"):
    they say it together."""
    view, out = ctx.view, list[Entry]()
    ent = view.entity_at[s]
    name = range(ent.token_start, ent.token_end) if ent is not None else range(s, s + 1)
    for k in sorted({k for t in name for k in view.kids(t, "conj")} - set(name)):
        other_ent = view.entity_at[k]
        if view.tokens[k].upos != "PROPN" and (other_ent is None or other_ent.label != "PERSON"):
            continue
        other = resolve(view, ctx.people, k, ctx.previous_speaker)
        entry = other.entry if other is not None else None
        if (
            entry is not None
            and entry.kind == PERSON
            and all(entry is not e for e in (answer.entry, *out))
        ):
            out.append(entry)
    return tuple(out)


SIEVES: tuple[Sieve, ...] = (
    cue,
    context.coordinated,
    governing,
    context.continued,
    context.colon_name,
    context.verb_name,
    context.signature,
    context.colon_intro,
    context.carried,
    context.preceding,
    context.narration,
    context.alone,
    context.inherited,
    context.turned_to,
    context.echo,
    context.guess,
)


def name(sieve: Sieve) -> str:
    return sieve.__name__.replace("_", " ")
