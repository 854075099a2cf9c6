"""What a speech cue reports: the content rules of reported speech, one ordered list of named
readings (`CONTENT_SIEVES`), each a function from the cue's token to the tokens of what was
said. First what the parse says, then the word order where a weak parse goes astray; every
reading must hold a clause (`readings`), so an object ("denied the claim") is not speech.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator

from service.attribution.cues import ADDRESSEE_VERBS, is_speech
from service.attribution.lexicon import PROMISE_VERBS, SPEAKING_PARTICLES, WEAK_SPEECH
from service.attribution.syntax import DocView, low

ContentRule = Callable[[DocView, int], list[int] | None]
"""Tokens of the content the speech cue at a token reports, or None."""


def complement(view: DocView, v: int) -> list[int] | None:
    """`X said (that) ...`, `told reporters ...`, `warned ...`, `..., saying ...`: the clausal
    complement of the cue, on either side of it (`The talks will resume, the mayor said` when
    the parser makes the reported clause the complement). A weak parse hangs other things on
    the cue as its complement: what comes right after the cue, or ends right before its
    subject, is kept; a clause from elsewhere in the sentence is not. Of complements on both
    sides ("While critics say X, Doe says Y" with X hung on "says"), the one after the cue."""
    for k in sorted(view.kids(v, "ccomp"), key=lambda k: k < v):
        content = _subtree(view, k)
        if content[-1] > v:
            # a subtree that straddles the cue took a word of the attribution with it
            content = [i for i in content if i > v]
        elif content[0] < v:
            return content
        after = _content_start(view, v)
        if after is None:
            return None
        # "said the agreement is good" with "agreement" parsed as the object of "said"
        return list(range(after, content[-1] + 1)) if content[0] > after else content
    return None


def following(view: DocView, v: int) -> list[int] | None:
    """`X said the plan was ready.`, read off the word order where the parse went astray: the
    words after the cue, past an addressee after "told" and a short phrase ("in a statement"),
    to the end of the sentence or the next attribution in it (", he added")."""
    if not _plain_speech(view, v):
        return None
    j = _content_start(view, v)
    if j is None:
        return None
    as_said = any(low(view.tokens[m]) == "as" for m in view.kids(v, "mark"))
    if view.tokens[j - 1].text == "," and low(view.tokens[j]) not in _OPENERS and not as_said:
        # "the AP declared on Thursday, two days after ...": a phrase set off after the
        # attribution says when or how, not what; but "As Doe noted, the plan ..."
        return None
    sent = view.sentence_of(v)
    k = j
    while k < sent.stop and not _ends_content(view, k):
        k += 1
    return list(range(j, k))


def preceding(view: DocView, v: int) -> list[int] | None:
    """`The talks will resume, the mayor said.` / `..., said the mayor.`, read off the word
    order: a cue at the end of its sentence reports the clause before the comma that opens its
    attribution."""
    toks = view.tokens
    if not _plain_speech(view, v):
        return None
    sent = view.sentence_of(v)
    rest = [i for i in range(v + 1, sent.stop) if toks[i].upos != "PUNCT"]
    if len(rest) > 6 or any(toks[i].upos in ("VERB", "AUX") for i in rest):
        return None  # more than "said the mayor on Monday"
    comma = next(
        (i for i in range(v - 1, max(sent.start, v - 8) - 1, -1) if toks[i].text in (",", "—")),
        None,
    )
    if comma is None:
        return None
    between = range(comma + 1, v)
    if not any(_nominal(view, i) for i in between) or any(
        toks[i].upos in ("VERB", "AUX") for i in between
    ):
        return None  # ", the mayor said", not ", the results of which will be announced"
    return list(range(sent.start, comma))


def inverted(view: DocView, v: int) -> list[int] | None:
    """`The talks will resume, the mayor said.`: the cue hangs off the reported clause (UD's
    parataxis), which comes first; its content is that clause without the cue's own words."""
    t = view.tokens[v]
    if t.deprel != "parataxis" or t.head < 0 or t.head > v:
        return None
    own = set(_subtree(view, v))
    return [k for k in _subtree(view, t.head) if k not in own and k < v]


def according_to(view: DocView, v: int) -> list[int] | None:
    """`according to X, ...` and `..., according to X`: the rest of the sentence, on the side
    of the phrase away from X. Word order, not the parse: parsers attach the phrase anywhere."""
    if low(view.tokens[v]) != "according":
        return None
    toks = view.tokens
    sent = view.sentence_of(v)
    before = [k for k in range(sent.start, v) if toks[k].upos != "PUNCT"]
    if before and not (len(before) <= 2 and all(toks[k].upos in ("CCONJ", "ADV") for k in before)):
        return list(range(sent.start, v))
    k = v + 2
    while k < sent.stop and toks[k].text not in (",", "\u2014", ":"):
        k += 1
    return list(range(k + 1, sent.stop)) if k < sent.stop else None


def promise(view: DocView, v: int) -> list[int] | None:
    """`X vowed to repeal the law`, `urged Congress to act`: what was promised or asked for,
    the cue's "to" clause (no subject of its own, so no other rule takes it)."""
    t = view.tokens[v]
    if t.upos != "VERB" or (t.lemma.lower() not in PROMISE_VERBS and low(t) not in PROMISE_VERBS):
        return None
    for k in view.kids(v, "xcomp"):
        if k > v and any(low(view.tokens[m]) == "to" for m in view.kids(k, "mark")):
            words = _subtree(view, k)
            return list(range(words[0], words[-1] + 1))
    return None


def aside(view: DocView, v: int) -> list[int] | None:
    """`The museum, Mr. Bush said, celebrated his heroes.`: an attribution set off by commas in
    the middle of the sentence reports the whole sentence around it."""
    toks = view.tokens
    sent = view.sentence_of(v)
    left = next(
        (
            i
            for i in range(v - 1, max(sent.start, v - ATTRIBUTION_REACH) - 1, -1)
            if toks[i].text == ","
        ),
        None,
    )
    right = next((i for i in range(v + 1, min(sent.stop, v + 5)) if toks[i].text == ","), None)
    if left is None or right is None or left == sent.start:
        return None
    between = [*range(left + 1, v), *range(v + 1, right)]
    if any(toks[i].upos in ("VERB", "AUX") for i in between) or not any(
        _nominal(view, i) for i in range(left + 1, v)
    ):
        return None
    if sum(toks[i].upos != "PUNCT" for i in range(right + 1, sent.stop)) < 2:
        return None
    return [i for i in range(sent.start, sent.stop) if not left <= i <= right]


def speech_noun(view: DocView, v: int) -> list[int] | None:
    """`X's claim that ...`, `a statement that ...`: a noun of saying with a content clause."""
    t = view.tokens[v]
    if t.upos != "NOUN":
        return None
    for k in view.kids(v, "acl", "ccomp"):
        if any(low(view.tokens[m]) == "that" for m in view.kids(k, "mark")):
            return _subtree(view, k)
    return None


CONTENT_SIEVES: tuple[ContentRule, ...] = (
    according_to,
    aside,
    complement,
    inverted,
    speech_noun,
    promise,
    following,
    preceding,
)
"""In order: "according to" first (its own cue word is no verb), an attribution set off by
commas mid-sentence (whatever the parse hung on it), then what the parse says (the verb's
complement, the inverted clause, the nouns of saying), then the word order."""

ATTRIBUTION_REACH = 8
"""Words from a comma to the cue of an attribution that follows it (", the prime minister's
spokesman said")."""


_ASKING = frozenset({"tell", "ask", "urge", "remind", "warn", "assure", "inform"})
"""Cues whose reported words may follow an addressee: "asked Trump whether ..."."""
_OPENERS = frozenset({"that", "whether", "if", "how", "why", "what"})
_RELATIVES = frozenset({"that", "which", "who", "whom"})
_NOT_OPENERS = frozenset({"which", "who", "whom", "whose", "however", "whatever", "whoever"})
SUBJECT_REACH = 6
"""Reported words open with their clause's subject ("the plan was ready"), near the start."""
NOUN_PHRASE_REACH = 25
"""Words a subject that lost its parse may run to before its verb ("the conviction of the
director for mishandling classified information is ...")."""
_MODIFIERS = frozenset({"amod", "acl", "xcomp", "advcl", "compound", "obl"})
_CLAUSE_START = ("PRON", "DET", "PROPN", "NOUN", "ADJ", "NUM", "ADV", "SCONJ", "AUX", "VERB")


def _nominal(view: DocView, i: int) -> bool:
    """A word that can be who speaks: a noun or pronoun, or the cue's subject whatever its tag
    ("a former official said", "official" tagged an adjective)."""
    t = view.tokens[i]
    return t.upos in ("PRON", "PROPN", "NOUN") or t.deprel.startswith("nsubj")


def _plain_speech(view: DocView, v: int) -> bool:
    """A verb that says by itself that someone spoke ("said", "warned"), not one that does so
    only with a quotation beside it ("went", "put it", "continued"): the word-order rules
    have no parse to tell them apart."""
    t = view.tokens[v]
    if t.upos != "VERB":
        return False
    particle = SPEAKING_PARTICLES.get(low(t)) or SPEAKING_PARTICLES.get(t.lemma.lower())
    if particle is not None:
        return any(low(view.tokens[k]) == particle for k in view.kids(v, "compound:prt"))
    return low(t) not in WEAK_SPEECH and t.lemma.lower() not in WEAK_SPEECH


def _clause(view: DocView, tokens: list[int]) -> bool:
    """The words say something: they hold a subject and its verb ("the plan was ready"), or
    open with "that", "whether" ... ; not an object ("denied the claim", "asked the mayor")."""
    toks = view.tokens
    inside = set(tokens)
    first = toks[tokens[0]]
    if low(first) in _NOT_OPENERS or (first.upos == "SCONJ" and low(first) not in _OPENERS):
        # a relative clause about the speaker, "however it goes", or why they spoke ("spoke
        # on condition of anonymity because ...")
        return False
    if low(first) in _OPENERS or _subject_then_verb(view, tokens):
        return True
    return any(
        toks[k].deprel.split(":")[0] in ("nsubj", "expl", "csubj")
        and toks[k].head in inside
        and low(toks[k]) not in _RELATIVES
        for k in tokens[:SUBJECT_REACH]
    )


def _subject_then_verb(view: DocView, tokens: list[int]) -> bool:
    """Word order where the parse lost the subject: a noun phrase, however long, then a finite
    verb or an auxiliary ("the conviction of the director for mishandling classified
    information is casting a shadow"); not "to" and a verb ("a request to replace")."""
    toks = view.tokens
    if toks[tokens[0]].upos not in ("DET", "PRON", "PROPN", "NOUN", "NUM", "ADJ"):
        return False
    for a, b in itertools.pairwise(tokens[:NOUN_PHRASE_REACH]):
        t = toks[b]
        if t.upos == "SCONJ" or t.text in (";", ":"):
            return False
        if t.upos not in ("VERB", "AUX") or t.text.endswith("ing"):
            continue
        if t.upos == "VERB" and t.deprel.split(":")[0] in _MODIFIERS:
            continue  # "classified information", "a plan backed by"
        return low(toks[a]) != "to"
    return False


def _content_start(view: DocView, v: int) -> int | None:
    """Where the reported words after cue `v` begin: past a particle ("pointed out"), the
    addressee of "told", up to two short phrases ("on Monday", "in a statement") and commas;
    None when what follows cannot open a clause."""
    toks = view.tokens
    stop = view.sentence_of(v).stop
    j = v + 1
    while j < stop and toks[j].deprel == "compound:prt":
        j += 1
    if low(toks[v]) in ADDRESSEE_VERBS or toks[v].lemma.lower() in _ASKING:
        while j < stop and toks[j].upos in ("DET", "ADJ", "NOUN", "PROPN", "PRON", "NUM"):
            j += 1
    for _ in range(2):
        while j < stop and (toks[j].upos == "ADV" or toks[j].text == ","):
            j += 1
        if j < stop and toks[j].upos == "ADP" and low(toks[j]) not in _OPENERS:
            j += 1
            while j < stop and toks[j].upos in ("DET", "ADJ", "NOUN", "PROPN", "NUM", "PRON"):
                j += 1
    while j < stop and toks[j].text == ",":
        j += 1
    if j >= stop:
        return None
    t = toks[j]
    if low(t) in _OPENERS or t.upos in _CLAUSE_START:
        return j
    return None


def _ends_content(view: DocView, k: int) -> bool:
    """Token `k` ends reported words: a semicolon, "according to", or a comma before a cue
    (", he said", ", saying")."""
    toks = view.tokens
    t = toks[k]
    if t.text == ";" or low(t) == "according":
        return True
    if t.text not in (",", "—"):
        return False
    for i in range(k + 1, min(view.sentence_of(k).stop, k + 1 + ATTRIBUTION_REACH)):
        if is_speech(view, i) and toks[i].upos == "VERB":
            return True
        if toks[i].upos in ("VERB", "AUX", "PUNCT"):
            return False
    return False


def _subtree(view: DocView, head: int) -> list[int]:
    out, seen, stack = [], {head}, [head]
    while stack:
        k = stack.pop()
        out.append(k)
        fresh = [c for c in view.children[k] if c not in seen]  # a tree, unless a backend errs
        seen.update(fresh)
        stack.extend(fresh)
    return sorted(out)


def readings(view: DocView, v: int) -> Iterator[tuple[str, list[int]]]:
    """The content rules' readings of the cue at `v`, in order, as (rule name, tokens): only
    those that hold a clause, and never with the cue's own words."""
    for rule in CONTENT_SIEVES:
        content = rule(view, v)
        if content and rule is not aside and content[0] < v < content[-1]:
            content = [k for k in content if k > v]
        if content and (rule in (according_to, promise) or _clause(view, content)):
            yield rule.__name__, content
