"""Reporting cues: the verb (or "according to") that ties a quote to a speaker, and the noun
phrase that names the speaker, read off the dependency parse with token-order fallbacks for
where a weak parse goes astray."""

from __future__ import annotations

from dataclasses import dataclass

from service.attribution.classify import embedded
from service.attribution.lexicon import (
    NOT_SPEAKERS,
    ROLE_NOUNS,
    SPEECH_VERBS,
    TIME_WORDS,
    WEAK_SPEECH,
)
from service.attribution.marks import QuoteSpan
from service.attribution.syntax import DocView, Regions, low

_SUBJ = ("nsubj", "nsubj:pass")
_CLIMB = ("xcomp", "advcl", "conj", "acl", "ccomp", "parataxis")
_NP_LEFT = ("det", "amod", "compound", "flat", "nmod:poss", "nummod", "flat:name")
# Verbs whose following noun phrase is an addressee, not the speaker: "told reporters".
# After any other reporting verb that opens the clause right after a quotation, the noun
# phrase that follows is the speaker ("said Trump", "opined Cleveland's Plain Dealer").
ADDRESSEE_VERBS = frozenset(
    {
        "tell",
        "told",
        "tells",
        "telling",
        "inform",
        "informed",
        "remind",
        "reminded",
        "assure",
        "assured",
        "advise",
        "advised",
        "brief",
        "briefed",
    }
)


@dataclass(frozen=True)
class Cue:
    token: int
    linked: bool
    """The parse ties the verb to the quotation (not just sitting beside it)."""


CLIMB = 4
"""Clauses a cue's subject is looked for above it: "Roe appears to have relented after coming
under fire for suggesting ..." is four."""
_POSSESSIVES = frozenset({"his", "her", "their", "its", "our", "my", "your"})


def quote_interval(q: QuoteSpan) -> tuple[int, int]:
    """Characters of the quote including its marks."""
    return q.open_mark, (q.close_mark + 1) if q.close_mark is not None else q.end


def is_speech(view: DocView, i: int) -> bool:
    t = view.tokens[i]
    if t.upos not in ("VERB", "AUX", "NOUN", "PROPN", "ADJ") and low(t) != "according":
        return False
    w = low(t)
    return (
        w in SPEECH_VERBS
        or t.lemma.lower() in SPEECH_VERBS
        or (w == "according" and i + 1 < len(view.tokens) and low(view.tokens[i + 1]) == "to")
    )


def frame(view: DocView, q: QuoteSpan, quoted: Regions) -> list[int]:
    """Tokens outside every quotation in the sentences the quote touches, plus the sentence
    right after it when the quote ends its own: splitters cut `"...Done." Smith said.` in two."""
    a, b = quote_interval(q)
    first, last = view.token_at(a), view.token_at(max(a, b - 1))
    if first is None or last is None:
        return []
    toks, sentences = view.tokens, view.doc.sentences
    last_sent = toks[last].sentence
    sents = set(range(toks[first].sentence, last_sent + 1))
    nxt = last_sent + 1
    if nxt < len(sentences):
        rest = range(last + 1, sentences[last_sent].token_end)
        ends_sentence = all(toks[j].upos == "PUNCT" or _in_quotes(view, j, quoted) for j in rest)
        if ends_sentence and "\n" not in view.doc.text[b : sentences[nxt].start]:
            sents.add(nxt)
    return [
        i
        for si in sorted(sents)
        for i in range(sentences[si].token_start, sentences[si].token_end)
        if not _in_quotes(view, i, quoted)
    ]


def _tail_clause(view: DocView, b: int, frame_tokens: list[int]) -> list[int]:
    """The narration right after the closing mark, up to the end of the sentence or the next
    quotation: in `"...," Hannity pressed.` it is the whole attribution."""
    out: list[int] = []
    for i in frame_tokens:
        t = view.tokens[i]
        if t.start < b:
            continue
        if (
            out
            and t.start - view.tokens[out[-1]].end > 1
            and view.doc.text[view.tokens[out[-1]].end : t.start].strip()
        ):
            break  # a quotation sits in between
        out.append(i)
        if t.text in (".", "!", "?", ";"):
            break
    return out


FRAGMENT_REACH = 15
"""Words between a speech verb and a fragment it reports, in one sentence."""
_CONCESSIVE = frozenset(("while", "although", "though", "whereas", "because", "if", "unless"))


def find_cues(view: DocView, q: QuoteSpan, quoted: Regions) -> list[Cue]:
    """Candidate cues for the quote, best first."""
    a, b = quote_interval(q)
    inside = set(view.tokens_between(a, b))
    scored: list[tuple[int, float, int, Cue]] = []
    toks = view.tokens
    tokens = frame(view, q, quoted)
    tail = _tail_clause(view, b, tokens)
    first = view.token_at(a) if embedded(view.doc.text, q) else None
    # An attribution tail follows a quote that stops mid-sentence (`"...," Hannity pressed.`);
    # after a full stop the narration moves on (`"...States." The crowd cheers.`).
    open_end = view.doc.text[q.start : q.end].rstrip()[-1:] in (
        ",",
        "?",
        "!",
        "-",
        "\u2014",
        "\u2013",
    )
    short_tail = (
        set(tail) if open_end and sum(toks[j].upos != "PUNCT" for j in tail) <= 8 else set()
    )
    # what the quoted words hang on, read once per quote rather than once per candidate cue
    above = [view.ancestors(x) for x in inside]
    near_above = {h for hs in above for h in hs[:6]}
    # a fragment's clause: every verb above its words
    holding = {h for hs in above for h in hs} if first is not None else set()
    for i in tokens:
        t = toks[i]
        # Any verb with a subject in a short clause after the quote attributes it ("Hannity
        # pressed"), whether or not the lexicon knows the verb.
        structural = i in short_tail and t.upos == "VERB" and bool(view.kids(i, *_SUBJ))
        if not (is_speech(view, i) or structural):
            continue
        # a tagger may call "says" a noun; "a Friday tweet" is not a cue though
        if (
            t.upos not in ("VERB", "AUX")
            and low(t) != "according"
            and not view.kids(i, *_SUBJ)
            and not right_after_quote(view, i, quoted)
        ):
            continue
        linked = any(x in inside for x in view.ancestors(i)[:2]) or i in near_above
        if not linked and any(low(toks[k]) in _CONCESSIVE for k in view.kids(i, "mark")):
            continue  # "While some critics say ...": an aside, not who said the quote
        if t.start >= b:
            # measured to the speaker when it comes first: `"..." the economist Jared
            # Bernstein, a former adviser to ..., said` is as close as `"..." he said`
            s = subject_of(view, i, quoted, quote_end=b, named_before=True)
            near = (
                toks[phrase(view, s)[0]].start
                if s is not None and b <= toks[s].start < t.start
                else t.start
            )
            between = [j for j in view.tokens_between(b, near) if toks[j].upos != "PUNCT"]
        else:
            between = [j for j in view.tokens_between(t.end, a) if toks[j].upos != "PUNCT"]
        # Another quotation between the cue and this quote belongs to the cue first.
        if quoted.any_within(min(t.end, b), max(t.start, a), exclude=(a, b)):
            continue
        if _reports_fragment(view, i, first):
            reach = FRAGMENT_REACH
        else:
            reach = 2 if low(t) in WEAK_SPEECH else 6
        if not linked and len(between) > reach:
            continue
        score = len(between) + (0 if linked else 6) + (0 if t.start >= b else 0.5)
        # words quoted in a running sentence belong to the speech verb before them whose
        # clause holds them ("adding that he was 'in no rush', with Roe saying ...")
        governs = t.start < a and i in holding
        scored.append((0 if governs else 1, score, i, Cue(i, linked)))
    return [cue for _, _, _, cue in sorted(scored)]


def governing_verb(view: DocView, q: QuoteSpan, quoted: Regions) -> int | None:
    """The verb whose clause holds words quoted in a running sentence (`Doe listed "new jobs,
    lower bills" as wins`): the nearest verb above them, outside every quotation."""
    toks = view.tokens
    inside = set(view.tokens_between(q.start, q.end))
    tops = [k for k in sorted(inside) if toks[k].head not in inside and toks[k].upos != "PUNCT"]
    if not tops:
        return None
    for h in view.ancestors(tops[0]):
        if _in_quotes(view, h, quoted) or toks[h].sentence != toks[tops[0]].sentence:
            return None
        if toks[h].upos == "VERB":
            return h
    return None


def _reports_fragment(view: DocView, v: int, fragment: int | None) -> bool:
    """Said the strikes may be "legally justifiable": a few words quoted inside a running
    sentence belong to the speech verb before them, however far, with no other verb in between
    ("after calling off classes, Doe blamed ...")."""
    toks = view.tokens
    return (
        fragment is not None
        and v < fragment
        and toks[v].sentence == toks[fragment].sentence
        and not any(toks[j].upos == "VERB" for j in range(v + 1, fragment))
    )


def subject_of(
    view: DocView,
    v: int,
    quoted: Regions,
    quote_end: int | None = None,
    named_before: bool = False,
) -> int | None:
    """The head token of who speaks through verb `v` (`_subject_of`); never a day or another
    word of time, which weak parses make a subject ("Priebus later Thursday told Fox"): then
    another subject of the same verb, or nobody."""
    s = _subject_of(view, v, quoted, quote_end, named_before)
    if s is None or low(view.tokens[s]) not in TIME_WORDS:
        return s
    others = [
        k for k in view.kids(view.tokens[s].head, *_SUBJ) if low(view.tokens[k]) not in TIME_WORDS
    ]
    return others[0] if others else None


def _subject_of(
    view: DocView,
    v: int,
    quoted: Regions,
    quote_end: int | None = None,
    named_before: bool = False,
) -> int | None:
    """The head token of who speaks through verb `v`. `quote_end` is where the quotation closes
    when `v` follows it: the first noun after the quote is then the fallback subject
    (`''...'' Mr. Daniloff, now 81 and retired in Cambridge, said by telephone`).
    `named_before`: a verb the parse left without a subject takes the person named right before
    it (`_name_right_before`); asked for by quotations' rules, not yet measured for reported
    speech."""
    toks = view.tokens
    if low(toks[v]) == "according":
        return np_after(view, v + 1, quoted)
    inverting = low(toks[v]) not in ADDRESSEE_VERBS and right_after_quote(view, v, quoted)
    named = _name_after_verb(view, v, quoted, inverting)
    if named is not None:
        return named
    settled, s = _grammatical_subject(view, v, quoted, inverting, named_before)
    if settled:
        return s
    # "said the minister" only where the verb opens the clause, right after the quotation
    if inverting:
        after = np_after(view, v + 1, quoted)
        if after is not None:
            return after
    if quote_end is not None:
        first = next(
            (j for j in view.tokens_between(quote_end, toks[v].start) if toks[j].upos != "PUNCT"),
            None,
        )
        if first is not None and toks[first].upos in ("PROPN", "NOUN", "PRON", "DET", "ADJ"):
            head = np_run_head(view, first, v)
            if head is not None:
                return head
    return np_before(view, v, quoted)


def _name_after_verb(view: DocView, v: int, quoted: Regions, inverting: bool) -> int | None:
    """`said Steven M. Ekovich, a broker` / `said RNC spokesman Sean Spicer in a tweet`: the
    name right after the verb is the speaker, however the parser attached it (weak parses make
    the apposition the subject)."""
    toks = view.tokens
    nxt = v + 1
    if (
        not inverting
        or any(k < v for k in view.kids(v, *_SUBJ))
        or nxt >= len(toks)
        or toks[nxt].sentence != toks[v].sentence
        or _in_quotes(view, nxt, quoted)
    ):
        return None
    head = np_run_head(view, nxt, view.sentence_of(v).stop)
    if head is None:
        return None
    ent = view.entity_at[head]
    if (ent is not None and ent.label in ("PERSON", "ORG")) or toks[head].upos == "PROPN":
        return head
    return None


def _grammatical_subject(
    view: DocView, v: int, quoted: Regions, inverting: bool, named_before: bool = False
) -> tuple[bool, int | None]:
    """The subject the parse gives `v`, climbing up to `CLIMB` clauses ("..., saying" takes the
    subject of the verb it hangs on). (True, s) when the parse settles it, s possibly None:
    nobody; (False, None) when the text-order fallbacks must decide."""
    toks = view.tokens
    cur = v
    for _ in range(CLIMB):
        subj = [k for k in view.kids(cur, *_SUBJ) if not _in_quotes(view, k, quoted)]
        after = next((view.after_dateline(k) for k in subj if view.after_dateline(k)), None)
        if after is not None and after < v:
            # "WASHINGTON (Reuters) - Senator Jane Doe said": the dateline is not the subject
            return True, np_run_head(view, after, v)
        if subj:
            return True, _chosen_subject(view, subj, cur, cur == v and inverting)
        absolute = _with_subject(view, cur, quoted)
        if absolute is not None:
            return True, absolute
        named = _name_right_before(view, cur, quoted) if named_before else None
        if named is not None:
            return True, named
        if toks[cur].deprel.split(":")[0] not in _CLIMB or toks[cur].head < 0:
            break
        head = toks[cur].head
        if toks[cur].deprel.startswith("acl") and toks[head].upos in ("NOUN", "PROPN", "PRON"):
            if (
                _is_person(view, head)
                or toks[head].upos == "PRON"
                or toks[head].lemma.lower() in ROLE_NOUNS
                or low(toks[head]) in ROLE_NOUNS
            ):
                return True, head  # "officials saying", "a spokesman who said"
            author = author_of(view, head) if _message(view, head) else None
            if author is not None:
                return True, author  # "posted a message from Ms Roe saying": its author speaks
            # "a clip from a stump speech, saying": the speech speaks for whoever gave it
            verb = next((a for a in view.ancestors(head) if toks[a].upos in ("VERB", "AUX")), None)
            if verb is None or _in_quotes(view, verb, quoted):
                return True, None
            cur = verb
            continue
        if _in_quotes(view, head, quoted) or toks[head].upos not in ("VERB", "AUX", "NOUN", "ADJ"):
            break
        cur = head
    return False, None


def _with_subject(view: DocView, v: int, quoted: Regions) -> int | None:
    """ "..., with Doe saying that": in an absolute clause the noun after "with" is the subject
    of the -ing verb, not whoever the clause hangs on."""
    toks = view.tokens
    if not low(toks[v]).endswith("ing"):
        return None
    for k in view.kids(v, "obl", "nsubj:outer"):
        if (
            phrase(view, k)[1] == v
            and not _in_quotes(view, k, quoted)
            and any(low(toks[c]) == "with" for c in view.kids(k, "case"))
            and toks[k].upos in ("PROPN", "NOUN", "PRON")
        ):
            return k
    return None


def _name_right_before(view: DocView, v: int, quoted: Regions) -> int | None:
    """ "In his remarks Mr Roe thanked ...", the name hung on the phrase before it: a verb with
    no subject has the person named right before it for one."""
    k = v - 1
    ent = view.entity_at[k] if k >= 0 else None
    if (
        ent is None
        or ent.label != "PERSON"
        or ent.token_end != v
        or view.tokens[k].sentence != view.tokens[v].sentence
        or _in_quotes(view, k, quoted)
        or view.tokens[v].upos != "VERB"
    ):
        return None
    return k


def _chosen_subject(view: DocView, subj: list[int], cur: int, after_verb: bool) -> int | None:
    """One of the subjects a weak parse may give: before the verb, a named person, the nearest;
    after it, for `''...'' said Jon Favreau`."""
    toks = view.tokens
    if after_verb:
        s = min(subj, key=lambda k: (not _is_person(view, k), k < cur, abs(k - cur)))
    else:
        s = min(subj, key=lambda k: (k > cur, not _is_person(view, k), abs(k - cur)))
    if low(toks[s]) in ("who", "that", "which"):
        return _antecedent(view, s, cur)
    if toks[s].deprel == "appos" and 0 <= toks[s].head < len(toks):
        return toks[s].head  # "Robert Mason, a ... professor": the name, not the role
    return s


def _message(view: DocView, i: int) -> bool:
    t = view.tokens[i]
    return (t.lemma or t.text).lower() in NOT_SPEAKERS or low(t) in NOT_SPEAKERS


def author_of(view: DocView, s: int) -> int | None:
    """Who a message is from: its possessor or its "from"/"by" phrase."""
    toks = view.tokens
    for k in view.children[s]:
        rel = toks[k].deprel
        if rel == "nmod:poss":
            return k
        if rel.startswith("nmod") and any(
            low(toks[c]) in ("from", "by", "of") for c in view.kids(k, "case")
        ):
            return k
    return None


def _antecedent(view: DocView, rel: int, verb: int) -> int | None:
    """What "who" stands for: the noun the relative clause hangs off, or failing a clean parse,
    the noun right before it ("Raphael Lemkin, who coined the word, once said")."""
    toks = view.tokens
    for h in [verb, *view.ancestors(verb)]:
        if (
            toks[h].deprel.startswith("acl")
            and 0 <= toks[h].head < len(toks)
            and toks[toks[h].head].upos in ("NOUN", "PROPN")
        ):
            return toks[h].head
    j = rel - 1
    while j >= 0 and toks[j].upos == "PUNCT" and toks[j].sentence == toks[rel].sentence:
        j -= 1
    if j >= 0 and toks[j].sentence == toks[rel].sentence and toks[j].upos in ("NOUN", "PROPN"):
        return j
    return None


def _is_person(view: DocView, i: int) -> bool:
    ent = view.entity_at[i]
    return ent is not None and ent.label == "PERSON"


def right_after_quote(view: DocView, v: int, quoted: Regions) -> bool:
    j = v - 1
    while j >= 0 and view.tokens[j].upos == "PUNCT" and not _in_quotes(view, j, quoted):
        j -= 1
    return j >= 0 and (_in_quotes(view, j, quoted) or view.tokens[j].text in ('"', "''", "\u201d"))


def np_run_head(view: DocView, first: int, stop: int) -> int | None:
    """The speaker in a run of name-like words: "Trump attorney Alan Garten" -> Garten,
    "Republican National Committee spokesman Sean Spicer" -> Spicer, "the economist" -> economist."""
    toks = view.tokens
    if _possessive(view, first) and first + 1 < stop:
        first += 1  # "his campaign manager Jeff Weaver": whoever "his" is does not speak
    j, last_person, last_noun = first, None, None
    # capitalised words count as name parts whatever the tagger says ("says Suckling")
    while j < stop and (
        toks[j].upos in ("PROPN", "NOUN", "ADJ", "DET", "NUM")
        or (j > first and toks[j].text in ("'s", "\u2019s"))
        or (toks[j].text[:1].isupper() and toks[j].upos != "PRON")
        or (toks[j].text == "-" and j > first and toks[j].start == toks[j - 1].end)
        or (j > first and toks[j - 1].text == "-" and toks[j].start == toks[j - 1].end)
    ):
        ent = view.entity_at[j]
        if ent is not None and ent.label == "PERSON":
            last_person = j
        if toks[j].upos in ("PROPN", "NOUN") or toks[j].text[:1].isupper():
            last_noun = j
        j += 1
    if toks[first].upos == "PRON":
        return first
    if (
        last_noun is not None
        and last_noun < toks[last_noun].head < j
        and toks[toks[last_noun].head].upos == "ADJ"
    ):
        # "the soft-spoken Montreal native", "native" tagged as an adjective: the head it is
        last_noun = toks[last_noun].head
    # the person is the speaker only as the head of the run, not as a modifier of it
    # ("the senior Cruz adviser" is the adviser)
    if (
        last_person is not None
        and last_noun is not None
        and view.entity_at[last_noun] is view.entity_at[last_person]
    ):
        return last_person
    return last_noun


def _possessive(view: DocView, i: int) -> bool:
    """A possessive pronoun opening a noun phrase ("his aide", "her friend Jo Roe")."""
    t = view.tokens[i]
    return (
        t.upos == "PRON"
        and (t.deprel == "nmod:poss" or low(t) in _POSSESSIVES)
        and (i + 1 < len(view.tokens) and view.tokens[i + 1].upos in ("NOUN", "PROPN", "ADJ"))
    )


def np_before(view: DocView, v: int, quoted: Regions) -> int | None:
    """A weak parse may leave the verb without a subject: take the noun right before it
    ("The New York Times reports:"), skipping auxiliaries and adverbs."""
    toks = view.tokens
    sent = view.sentence_of(v)
    j = v - 1
    while j >= sent.start and toks[j].upos in ("AUX", "ADV", "PART"):
        j -= 1
    if j < sent.start or _in_quotes(view, j, quoted):
        return None
    return j if toks[j].upos in ("NOUN", "PROPN", "PRON") else None


def _in_quotes(view: DocView, i: int, quoted: Regions) -> bool:
    return view.tokens[i].start in quoted


def np_after(view: DocView, i: int, quoted: Regions) -> int | None:
    """The head of the noun phrase starting at token i ("said the minister", "according to X")."""
    toks = view.tokens
    sent = view.sentence_of(i - 1)
    j = i
    skip = ("ADP", "ADV", "PART") if low(toks[i - 1]) in ("according", "to") else ("ADV",)
    while j < sent.stop and j - i < 3 and toks[j].upos in skip and low(toks[j]) != "according":
        j += 1
    if j >= sent.stop or _in_quotes(view, j, quoted):
        return None
    k = j
    # a capitalised word is a name part whatever its tag ("the Associated Press", as a VERB)
    while (
        k < sent.stop
        and (
            toks[k].upos in ("DET", "ADJ", "PROPN", "NOUN", "NUM", "PRON")
            or (k > j and toks[k].text[:1].isupper() and toks[k].upos not in ("PUNCT", "SYM"))
        )
        and not _in_quotes(view, k, quoted)
    ):
        if toks[k].upos == "PRON" and k > j:
            break
        k += 1
        if toks[k - 1].upos == "PRON" and not _possessive(view, k - 1):
            break
    if k == j:
        return None
    return np_run_head(view, j, k)


def phrase(view: DocView, head: int) -> tuple[int, int]:
    """Token range of the noun phrase around `head`, left modifiers and name parts included."""
    toks = view.tokens
    ent = view.entity_at[head]
    if ent is not None:
        return ent.token_start, ent.token_end
    lo = hi = head
    for k in view.children[head]:
        if toks[k].deprel in _NP_LEFT and k < head:
            lo = min(lo, k)
        if toks[k].deprel in ("flat", "flat:name", "compound") and k > head:
            hi = max(hi, k)
    # a PROPN run around a name the tagger got but the NER missed (never past the phrase's
    # determiner: "at The Hague the US President")
    sent = view.sentence_of(head)
    if toks[head].upos == "PROPN":
        while lo - 1 >= sent.start and toks[lo - 1].upos == "PROPN" and toks[lo].upos != "DET":
            lo -= 1
        while hi + 1 < sent.stop and toks[hi + 1].upos == "PROPN":
            hi += 1
    return lo, hi + 1


def cue_span(view: DocView, v: int) -> tuple[int, int]:
    toks = view.tokens
    hi = v
    for k in view.children[v]:
        if toks[k].deprel == "compound:prt" and k == hi + 1:
            hi = k
    if low(toks[v]) == "according" and v + 1 < len(toks):
        hi = v + 1
    return toks[v].start, toks[hi].end
