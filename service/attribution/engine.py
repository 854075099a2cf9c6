"""Attribution: quotations found by their marks, tied to speakers through reporting cues, and
resolved to canonical people. Pure functions over the document model."""

from __future__ import annotations

from dataclasses import dataclass

from service.attribution.cues import (
    cue_span, find_cues, is_speech, phrase, quote_interval, subject_of,
)
from service.attribution.lexicon import (
    FEMALE_NOUNS, FEMALE_PRONOUNS, MALE_NOUNS, MALE_PRONOUNS, ROLE_NOUNS,
)
from service.attribution.marks import QuoteSpan, find_quotes
from service.attribution.names import fold
from service.attribution.people import ORGANIZATION, Entry, People
from service.attribution.result import Attribution, Quote, QuoteKind, Span, Speaker
from service.attribution.syntax import DocView, Regions, low
from service.nlp.document import Document

# How far each way of finding the speaker is to be trusted: the share of right speakers per
# rule, measured on the annotated evaluation set (`python -m service evaluate` reports the
# precision above and below 0.8), rounded down. Rules seen too rarely there keep a prior.
CONFIDENCE = {
    "name": 0.95, "colon": 0.9, "preceding": 0.9, "title": 0.85, "pronoun": 0.85,
    "inherited": 0.85, "continued": 0.8, "org": 0.8, "role": 0.6, "narration": 0.6,
    "nominal": 0.5, "none": 0.5,
}
MIN_WORDS_WITHOUT_CUE = 4


@dataclass
class _Found:
    span: QuoteSpan
    cue: tuple[int, int] | None = None
    entry: Entry | None = None
    how: str = "none"
    mention: tuple[int, int] | None = None
    """Token range of the phrase that named the speaker at this quote."""


def attribute(doc: Document) -> Attribution:
    spans = find_quotes(doc.text)
    if not spans:
        return Attribution(quotes=(), speakers=())
    view = DocView(doc)
    quoted = Regions([quote_interval(q) for q in spans])
    people = People(view, quoted)
    found: list[_Found] = []
    for q in spans:
        f = _Found(q)
        _by_cue(view, people, f, quoted, found)
        if f.entry is None and f.cue is None:
            _by_context(view, people, f, quoted, found)
        found.append(f)
    return _result(doc.text, view, people, found)


def _previous_speaker(found: list[_Found]) -> int | None:
    for f in reversed(found):
        if f.entry is not None:
            return f.entry.id
    return None


def _by_cue(view: DocView, people: People, f: _Found, quoted, found: list[_Found]) -> None:
    """The best cue whose speaker can be read off; the best cue alone when none can."""
    b = quote_interval(f.span)[1]
    for cue in find_cues(view, f.span, quoted)[:3]:
        f.cue = f.cue or cue_span(view, cue.token)
        s = subject_of(view, cue.token, quoted, quote_end=b if view.tokens[cue.token].start >= b else None)
        if s is None:
            continue
        _resolve(view, people, f, s, _previous_speaker(found))
        if f.entry is not None or f.how == "nominal":
            f.cue = cue_span(view, cue.token)
            return


def _resolve(view: DocView, people: People, f: _Found, s: int, prev: int | None) -> None:
    toks = view.tokens
    t, w = toks[s], low(toks[s])
    t0, t1 = phrase(view, s)
    f.mention = (t0, t1)
    if t.upos == "PRON" or w in MALE_PRONOUNS or w in FEMALE_PRONOUNS:
        sex = "m" if w in MALE_PRONOUNS else "f" if w in FEMALE_PRONOUNS else None
        if sex is None:
            return  # I, we, they, it: no single person to name
        # a coreference model, when the models provide one, knows better than recency
        f.entry = people.by_coref(s) or people.salient(t.start, t.sentence, sex, previous_speaker=prev)
        f.how = "pronoun"
        if f.entry is not None:
            people.note_mention(f.entry, s, s + 1)
        return
    # The name must be the head: in "the senior Cruz adviser" Cruz is not the one speaking.
    ent = view.entity_at[s]
    named = (people.entry_at(ent.token_start, ent.token_end) if ent else None) or _named_neighbour(view, people, s)
    if named is not None:
        f.entry, f.how = named, ("org" if named.kind == ORGANIZATION else "name")
        return
    # "Lael Brainard, a Fed governor, said": the parse made the apposition the subject.
    appositive = _appositive_of(view, people, t0)
    if appositive is not None:
        f.entry, f.how = appositive, "name"
        return
    if t.upos == "NOUN" or (t.upos == "PROPN" and fold(t.text) in ROLE_NOUNS):
        words = [fold(toks[i].text).rstrip(".") for i in range(t0, t1) if toks[i].upos != "DET"]
        head = fold(t.lemma or t.text)
        if head in ROLE_NOUNS or fold(t.text) in ROLE_NOUNS:
            if toks[t0].upos == "DET" and low(toks[t0]) in ("a", "an", "another", "one") \
                    or _relative_of_someone(view, s):
                # "a spokesman said", "the senior Cruz adviser", "an aide to President Bush":
                # somebody the article does not name
                f.how = "nominal"
                return
            words[-1:] = [head]
            entry = people.by_title(words, t.start)
            f.how = "title"
            if entry is None:
                sex = "m" if head in MALE_NOUNS else "f" if head in FEMALE_NOUNS else None
                entry = people.salient(t.start, t.sentence, sex, previous_speaker=prev, window=3)
                f.how = "role"
            f.entry = entry
            if entry is not None:
                people.note_mention(entry, t0, t1)
        else:
            f.how = "nominal"
        return
    if t.upos == "PROPN":
        entry = people.add_name(t0, t1)
        if entry is not None:
            f.entry, f.how = entry, "name"


def _appositive_of(view: DocView, people: People, t0: int) -> Entry | None:
    """The name an apposition describes: "Brittany Lockwood, 20, a political science major"."""
    toks = view.tokens
    j = t0 - 1
    if j >= 0 and toks[j].upos == "DET":
        j -= 1
    if j < 1 or toks[j].text != ",":
        return None
    j -= 1
    while j >= 2 and toks[j].upos == "NUM" and toks[j - 1].text == ",":
        j -= 2  # an age between the name and the description
    ent = view.entity_at[j] if j >= 0 else None
    if ent is None or ent.label != "PERSON" or ent.token_end != j + 1:
        return None
    return people.entry_at(ent.token_start, ent.token_end)


def _relative_of_someone(view: DocView, head: int) -> bool:
    """A role defined by another party: "Cruz adviser", "aide to Bush", "Trump's lawyer"."""
    toks = view.tokens
    for k in view.children[head]:
        rel = toks[k].deprel
        ent = view.entity_at[k]
        if rel in ("compound", "nmod:poss", "nmod") and ent is not None and ent.label == "PERSON":
            return True
    return False


def _named_neighbour(view: DocView, people: People, s: int) -> Entry | None:
    """"spokesman Brian Fallon", "Sir" parsed as the subject before "Keir Starmer"."""
    toks = view.tokens
    for k in view.children[s]:
        if toks[k].deprel in ("flat", "appos", "compound", "flat:name"):
            entry = people.entry_at(*phrase(view, k))
            if entry is not None and (toks[k].deprel != "compound" or k > s):
                return entry
    if s + 1 < len(toks) and toks[s].upos in ("PROPN", "NOUN") and toks[s + 1].sentence == toks[s].sentence:
        ent = view.entity_at[s + 1]
        if ent is not None and ent.token_start == s + 1 and ent.label == "PERSON":
            return people.entry_at(ent.token_start, ent.token_end)
    return None


def _by_context(view: DocView, people: People, f: _Found, quoted, found: list[_Found]) -> None:
    """No cue of its own: a continuation of the quote before, or introduced by a colon."""
    q = f.span
    prev = found[-1] if found else None
    if q.continued and prev is not None and prev.span.continues:
        f.entry, f.how = prev.entry, "continued"
        return
    named = _colon_name(view, people, q)
    if named is not None:
        f.entry, f.how = named, "colon"
        return
    signed = _dash_signature(view, people, q)
    if signed is not None:
        f.entry, f.how = signed, "name"
        return
    intro = _colon_intro(view, q, quoted)
    if intro is not None:
        f.cue = cue_span(view, intro)
        s = subject_of(view, intro, quoted)
        if s is not None:
            _resolve(view, people, f, s, _previous_speaker(found))
            if f.entry is not None:
                f.how = "colon" if f.how == "name" else f.how
                return
    speaker = _previous_sentence_speaker(view, people, f, quoted, found)
    if speaker is not None:
        f.entry, f.how = speaker, "preceding"
        return
    text = view.doc.text
    if prev is None or prev.entry is None or prev.span.paragraph < q.paragraph - 1:
        if _starts_paragraph(text, q):
            # A quotation opening a paragraph, with no cue anywhere, continues the person the
            # narration just before was about (news style: introduce, then quote).
            sent = view.tokens[view.token_at(q.start) or 0].sentence
            entry = people.salient(q.open_mark, sent, window=2, min_prominence=1.5,
                                   previous_speaker=prev.entry.id if prev and prev.entry else None)
            if entry is not None:
                f.entry, f.how = entry, "narration"
        return
    between = text[quote_interval(prev.span)[1] : q.open_mark]
    same_paragraph = prev.span.paragraph == q.paragraph
    next_paragraph = prev.span.paragraph == q.paragraph - 1
    if same_paragraph or (next_paragraph and _starts_paragraph(text, q)):
        # A named person in the narration between the two quotes breaks the chain.
        if not _names_other(people, prev.entry, quote_interval(prev.span)[1], q.open_mark) and len(between) < 400:
            f.entry, f.how = prev.entry, "inherited"


def _previous_sentence_speaker(view: DocView, people: People, f: _Found, quoted,
                               found: list[_Found]) -> Entry | None:
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
    verbs = [j for j in range(prev.token_start, prev.token_end) if is_speech(view, j)
             and view.tokens[j].upos in ("VERB", "AUX") and view.tokens[j].start not in quoted]
    # the main verb first: "X said on Friday, as the vote neared" is X speaking
    verbs.sort(key=lambda j: (view.tokens[j].deprel != "root", -j))
    for v in verbs:
        s = subject_of(view, v, quoted)
        if s is None:
            continue
        probe = _Found(f.span)
        _resolve(view, people, probe, s, _previous_speaker(found))
        if probe.entry is not None:
            return probe.entry
    return None


def _starts_paragraph(text: str, q: QuoteSpan) -> bool:
    i = q.open_mark - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return i < 0 or text[i] in "\n\r"


def _names_other(people: People, entry: Entry, start: int, end: int) -> bool:
    """Another person as the subject of the narration in between ("Carson told ABC's George
    Stephanopoulos" keeps Carson; "Blunt said" hands over to Blunt)."""
    return any(m.start >= start and m.end <= end and not m.quoted and m.entry != entry.id
               and m.prominence >= 1.5 and people.entries[m.entry].kind != ORGANIZATION
               for m in people.mentions)


def _colon_intro(view: DocView, q: QuoteSpan, quoted) -> int | None:
    """"The Ukrainian President said: "..." -> the verb before the colon."""
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
        verbs = [j for j in outside if view.tokens[j].upos == "VERB" and view.tokens[j].deprel == "root"
                 and any(view.entity_at[k] is not None and view.entity_at[k].label == "PERSON"
                         for k in view.kids(j, "nsubj"))]
    if not verbs:
        return None
    return next((j for j in verbs if view.tokens[j].deprel == "root"), verbs[-1])


def _dash_signature(view: DocView, people: People, q: QuoteSpan) -> Entry | None:
    """`"We will rebuild." - Commissioner Jane Doe`: a dash, then a name, ends the paragraph
    or the sentence."""
    if q.close_mark is None:
        return None
    text = view.doc.text
    i = q.close_mark + 1
    while i < len(text) and text[i] in " \t'\u2019":
        i += 1
    if i >= len(text) or text[i] not in "-\u2013\u2014\u2015":
        return None
    first = next(iter(view.tokens_between(i + 1, len(text))), None)
    if first is None or "\n" in text[i:view.tokens[first].start]:
        return None
    sent = view.sentence_of(first)
    for j in range(first, min(first + 6, sent.stop)):
        ent = view.entity_at[j]
        if ent is not None and ent.label in ("PERSON", "ORG"):
            rest = text[view.tokens[ent.token_end - 1].end : ]
            tail = rest.split("\n", 1)[0].strip()
            if not tail or tail[0] in ".,;(":
                return people.entry_at(ent.token_start, ent.token_end)
            return None
    return None


def _colon_name(view: DocView, people: People, q: QuoteSpan) -> Entry | None:
    """"Republican pollster Daron Shaw: "..."": a name, and nothing but its titles, before a colon."""
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
    lead = range(sent.start, ent.token_start)
    if len(lead) > 4 or any(view.tokens[j].upos in ("VERB", "AUX", "PUNCT") for j in lead):
        return None
    return people.entry_at(ent.token_start, ent.token_end)


def _embedded(text: str, q: QuoteSpan) -> bool:
    """The opening mark follows a word: the quotation is part of a running sentence."""
    i = q.open_mark - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return i >= 0 and (text[i].isalnum() or text[i] in ")%")


def _kind(text: str, q: QuoteSpan) -> QuoteKind:
    embedded = _embedded(text, q)
    words = len(text[q.start : q.end].split())
    if embedded and (text[q.start].islower() or words < 6):
        return QuoteKind.FRAGMENT
    if not embedded and words < 3 and text[q.start].islower():
        return QuoteKind.FRAGMENT
    return QuoteKind.DIRECT


_MINOR_WORDS = frozenset("a an the of to in on and or for with by at as from not nor but is".split())


def _is_title(quoted: str) -> bool:
    """Title Case or ALL CAPS words, the way names of works and slogans are written."""
    words = [w.strip(".,;:!?\u2026") for w in quoted.split()]
    words = [w for w in words if any(c.isalpha() for c in w)]
    if not words or len(words) > 8:
        return False
    content = [w for i, w in enumerate(words) if i == 0 or w.lower() not in _MINOR_WORDS]
    return all(w[0].isupper() or not w[0].isalpha() for w in content)


def _result(text: str, view: DocView, people: People, found: list[_Found]) -> Attribution:
    quotes: list[Quote] = []
    by_entry: dict[int, list[str]] = {}
    for f in found:
        q = f.span
        words = len(text[q.start : q.end].split())
        kind = _kind(text, q)
        quoted = text[q.start : q.end]
        sentence_like = kind is QuoteKind.DIRECT and quoted[0].isupper() and quoted[-1] in ".!?,"
        if f.entry is None and kind is QuoteKind.FRAGMENT:
            continue  # words quoted inside a sentence that reports nobody: a term, scare quotes
        if f.entry is None and f.cue is None and words < MIN_WORDS_WITHOUT_CUE and not sentence_like:
            continue  # a short phrase in quotes on its own: nobody can be said to be quoted
        # Title Case over three words or more is a name whoever mentions it; a capitalised word
        # or two with a reporting verb ("Denver," he answered) is an answer.
        if _is_title(quoted) and (kind is QuoteKind.FRAGMENT or _embedded(text, q) or words >= 3
                                  or (f.cue is None and quoted[-1] not in ".!?")):
            continue  # the name of a book, a show, a campaign: "Meet the Press"
        qid = f"q{len(quotes) + 1}"
        entry = f.entry
        if entry is not None:
            by_entry.setdefault(entry.id, []).append(qid)
        quotes.append(Quote(
            id=qid, text=text[q.start : q.end], start=q.start, end=q.end,
            speaker=entry.name if entry else None,
            speaker_id=f"s{entry.id + 1}" if entry else None,
            cue=Span(text=text[f.cue[0] : f.cue[1]], start=f.cue[0], end=f.cue[1]) if f.cue else None,
            kind=kind,
            confidence=CONFIDENCE[f.how] if entry else CONFIDENCE["none"],
        ))
    speakers = []
    for entry_id, qids in by_entry.items():
        entry = people.entries[entry_id]
        mentions = tuple(Span(text=text[a:b], start=a, end=b) for a, b in sorted(set(entry.mentions)))
        speakers.append(Speaker(id=f"s{entry.id + 1}", name=entry.name, kind=entry.kind,
                                mentions=mentions, quote_ids=tuple(qids)))
    return Attribution(quotes=tuple(quotes), speakers=tuple(speakers))
