"""Speakers for quotations without a cue of their own: continuations, colon and dash
introductions, the sentence before, the narration before, the quote before."""

from __future__ import annotations

from service.attribution.cues import cue_span, is_speech, quote_interval, subject_of
from service.attribution.marks import QuoteSpan
from service.attribution.people import ORGANIZATION, PERSON, Entry, People
from service.attribution.speakers import Finding, How, previous_speaker, resolve
from service.attribution.syntax import DocView, Regions


def by_context(
    view: DocView, people: People, f: Finding, quoted: Regions, found: list[Finding]
) -> None:
    """No cue of its own: a continuation of the quote before, or introduced by a colon."""
    q = f.span
    prev = found[-1] if found else None
    if q.continued and prev is not None and prev.span.continues:
        f.entry, f.how = prev.entry, How.CONTINUED
        return
    named = _colon_name(view, people, q)
    if named is not None:
        f.entry, f.how = named, How.COLON
        return
    asked = _verb_name_intro(view, people, q)
    if asked is not None:
        f.entry, f.how = asked, How.NAME
        return
    signed = _dash_signature(view, people, q)
    if signed is not None:
        f.entry, f.how = signed, How.NAME
        return
    intro = _colon_intro(view, q, quoted)
    if intro is not None:
        f.cue = cue_span(view, intro)
        s = subject_of(view, intro, quoted)
        if s is not None:
            resolve(view, people, f, s, previous_speaker(found))
            if f.entry is not None:
                f.how = How.COLON if f.how == How.NAME else f.how
                return
    carried = carried_over(people, q, found)
    if carried is not None:
        f.entry, f.how = carried, How.INHERITED
        return
    speaker = _previous_sentence_speaker(view, people, f, quoted, found)
    if speaker is not None:
        f.entry, f.how = speaker, How.PRECEDING
        return
    text = view.doc.text
    if prev is None or prev.entry is None or prev.span.paragraph < q.paragraph - 1:
        if starts_paragraph(text, q):
            # A quotation opening a paragraph, with no cue anywhere, continues the person the
            # narration just before was about (news style: introduce, then quote).
            sent = view.tokens[view.token_at(q.start) or 0].sentence
            entry = people.salient(
                q.open_mark,
                sent,
                window=2,
                min_prominence=1.5,
                previous_speaker=prev.entry.id if prev and prev.entry else None,
            )
            if entry is not None:
                f.entry, f.how = entry, How.NARRATION
            elif (
                prev is not None
                and prev.entry is not None
                and q.paragraph - prev.span.paragraph <= 3
                and not _names_other(people, prev.entry, quote_interval(prev.span)[1], q.open_mark)
            ):
                # a quotation alone in its paragraph, nobody else named since the last
                # speaker: still them
                f.entry, f.how = prev.entry, How.NARRATION
        return
    between = text[quote_interval(prev.span)[1] : q.open_mark]
    same_paragraph = prev.span.paragraph == q.paragraph
    next_paragraph = prev.span.paragraph == q.paragraph - 1
    if same_paragraph or (next_paragraph and starts_paragraph(text, q)):
        # A named person in the narration between the two quotes breaks the chain.
        other = _other_subject(people, prev.entry, quote_interval(prev.span)[1], q.open_mark)
        if other is None and len(between) < 400:
            f.entry, f.how = prev.entry, How.INHERITED
        elif other is not None and people.entries[other].kind == PERSON:
            # `"...," says House. Durning agreed. "..."`: the one the narration turned to
            f.entry, f.how = people.entries[other], How.NARRATION


def carried_over(people: People, q: QuoteSpan, found: list[Finding]) -> Entry | None:
    """`"...," said the former aide. "..."`: the cue between two quotes of a paragraph is the
    first one's, already read; the second goes on in the same voice."""
    prev = found[-1] if found else None
    if (
        prev is None
        or prev.entry is None
        or prev.cue is None
        or prev.span.paragraph != q.paragraph
        or not quote_interval(prev.span)[1] <= prev.cue[0] < prev.cue[1] <= q.open_mark
        or _other_subject(people, prev.entry, prev.cue[1], q.open_mark) is not None
    ):
        return None
    return prev.entry


def _previous_sentence_speaker(
    view: DocView, people: People, f: Finding, quoted: Regions, found: list[Finding]
) -> Entry | None:
    """`Schiff said. "The other factor ..."`: the sentence just before, in the same paragraph,
    reports someone speaking, and the quotation gives their words."""
    start = view.token_at(f.span.open_mark)
    if start is None:
        start = next(iter(view.tokens_between(f.span.open_mark, f.span.end)), None)
    if not start:
        return None
    sent = view.tokens[start].sentence
    if sent == 0 or "\n" in view.doc.text[view.doc.sentences[sent - 1].end : f.span.open_mark]:
        return None
    prev = view.doc.sentences[sent - 1]
    verbs = [
        j
        for j in range(prev.token_start, prev.token_end)
        if is_speech(view, j)
        and view.tokens[j].upos in ("VERB", "AUX")
        and view.tokens[j].start not in quoted
    ]
    # the main verb first: "X said on Friday, as the vote neared" is X speaking
    verbs.sort(key=lambda j: (view.tokens[j].deprel != "root", -j))
    for v in verbs:
        s = subject_of(view, v, quoted)
        if s is None:
            continue
        probe = Finding(f.span)
        resolve(view, people, probe, s, previous_speaker(found))
        if probe.entry is not None:
            return probe.entry
    return None


def starts_paragraph(text: str, q: QuoteSpan) -> bool:
    i = q.open_mark - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return i < 0 or text[i] in "\n\r"


def _other_subject(people: People, entry: Entry, start: int, end: int) -> int | None:
    """The last other person who is a subject in the narration between two quotes."""
    found = None
    for m in people.mentions:
        if (
            m.start >= start
            and m.end <= end
            and not m.quoted
            and m.entry != entry.id
            and m.prominence >= 1.5
            and people.entries[m.entry].kind != ORGANIZATION
        ):
            found = m.entry
    return found


def _names_other(people: People, entry: Entry, start: int, end: int) -> bool:
    """Another person as the subject of the narration in between ("Carson told ABC's George
    Stephanopoulos" keeps Carson; "Blunt said" hands over to Blunt)."""
    return _other_subject(people, entry, start, end) is not None


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
