"""Word lists the rules rely on. General English, not tuned to any article."""

from __future__ import annotations


def _forms(*bases: str) -> frozenset[str]:
    """Base forms plus regular inflections (the offline lemmatiser leaves unseen forms alone)."""
    out = set()
    for b in bases:
        stem = b.removesuffix("e")
        es = b + ("es" if b.endswith(("s", "sh", "ch", "x", "z", "o")) else "s")
        if b.endswith("y") and b[-2] not in "aeiou":
            es, past = b[:-1] + "ies", b[:-1] + "ied"
        else:
            past = b + "d" if b.endswith("e") else b + "ed"
        out |= {b, es, past, stem + "ing"}
    return frozenset(out)


SPEECH_VERBS = _forms(
    "say", "tell", "add", "note", "explain", "declare", "announce", "state", "write", "post",
    "tweet", "claim", "argue", "insist", "warn", "ask", "answer", "reply", "respond", "recall",
    "acknowledge", "admit", "suggest", "complain", "joke", "quip", "predict", "promise",
    "vow", "pledge", "boast", "concede", "contend", "observe", "remark", "report", "describe",
    "call", "urge", "shout", "yell", "scream", "cry", "whisper", "mutter", "testify", "confirm",
    "deny", "stress", "emphasize", "emphasise", "caution", "charge", "counter", "retort",
    "conclude", "lament", "mention", "proclaim", "assert", "maintain", "reiterate", "repeat",
    "wonder", "muse", "hail", "praise", "criticize", "criticise", "blast", "slam", "accuse",
    "dub", "label", "brand", "term", "recount", "read", "quote", "chant", "interject", "opine",
    "estimate", "assure", "advise", "signal", "continue", "exclaim", "demand", "plead", "beg",
    "question", "inform", "relate", "recite", "thunder", "fume", "snap", "bark", "sigh",
    "laugh", "grumble", "gush", "rave", "rant", "implore", "point", "put", "tout", "offer",
    "concur", "allege", "attest", "affirm", "aver", "underline", "underscore", "highlight",
    "concede", "sum", "begin", "go", "reflect", "recommend", "wrote", "describe", "press",
    "interrupt", "chime", "quote", "lecture", "preach", "scoff", "shrug", "plead", "tease",
    "liken",
) | frozenset({
    "said", "told", "wrote", "written", "saying", "telling", "says", "tells", "spoke", "spoken",
    "began", "went", "goes", "thought", "read", "put", "quoted", "cried", "replied",
})

# Verbs that only report speech when a quotation hangs off them or sits right beside them.
WEAK_SPEECH = frozenset({"go", "goes", "went", "going", "continue", "continued", "continues",
                         "begin", "began", "begins", "put", "puts", "read", "reads", "point",
                         "points", "pointed", "offer", "offered", "sum", "summed", "think",
                         "thought", "question", "questioned", "signal", "signalled", "signaled"})

HONORIFICS = frozenset({
    "mr", "mrs", "ms", "miss", "mx", "dr", "sir", "dame", "lord", "lady", "rev", "reverend",
    "prof", "professor", "sen", "senator", "rep", "gov", "gen", "col", "lt", "capt", "sgt",
    "hon", "st", "messrs", "fr", "father", "sister", "brother", "rabbi", "imam", "sheikh",
})
MALE_HONORIFICS = frozenset({"mr", "sir", "lord", "king", "prince", "father", "brother", "messrs"})
FEMALE_HONORIFICS = frozenset({"mrs", "ms", "miss", "dame", "lady", "queen", "princess", "sister"})

# Head nouns that denote a person by role. "The Prime Minister said" is a person speaking;
# "the report said" is not.
ROLE_NOUNS = frozenset({
    "president", "minister", "secretary", "senator", "governor", "mayor", "chancellor",
    "spokesman", "spokeswoman", "spokesperson", "chairman", "chairwoman", "chair", "leader",
    "candidate", "nominee", "ceo", "director", "chief", "general", "ambassador", "commissioner",
    "judge", "justice", "attorney", "sheriff", "officer", "official", "representative",
    "congressman", "congresswoman", "speaker", "premier", "king", "queen", "prince", "princess",
    "pope", "founder", "executive", "manager", "adviser", "advisor", "aide", "strategist",
    "analyst", "professor", "economist", "lawyer", "billionaire", "businessman", "businesswoman",
    "mogul", "frontrunner", "front-runner", "rival", "challenger", "incumbent", "deputy",
    "pollster", "activist", "host", "anchor", "reporter", "columnist", "author", "expert",
    "witness", "resident", "voter", "supporter", "protester", "man", "woman", "father", "mother",
    "son", "daughter", "wife", "husband", "boy", "girl", "doctor", "nurse", "teacher", "student",
    "owner", "operator", "driver", "player", "coach", "star", "actor", "actress", "singer",
    "envoy", "diplomat", "lawmaker", "legislator", "politician", "contender", "hopeful",
    "veteran", "soldier", "commander", "chef", "scientist", "researcher", "partner", "friend",
    "colleague", "neighbor", "neighbour", "member", "head", "boss",
    "democrat", "republican", "conservative", "liberal", "progressive", "socialist",
    "businessperson", "entrepreneur", "investor", "banker", "trader", "prosecutor", "defendant",
    "plaintiff", "victim", "survivor", "administrator", "organizer", "organiser",
    "campaigner", "surrogate", "operative", "consultant", "senior", "insider", "source",
    "governor-elect", "president-elect", "vice-president", "dictator",
})
# Titles that can stand before a name ("Prime Minister Keir Starmer").
TITLE_WORDS = ROLE_NOUNS | HONORIFICS | frozenset({
    "prime", "vice", "former", "secretary-general", "general", "foreign", "defence", "defense",
    "home", "interior", "finance", "state", "deputy", "acting", "first", "lady", "chief",
    "executive", "attorney", "supreme", "leader", "majority", "minority", "house", "senate",
})

MALE_PRONOUNS = frozenset({"he", "him", "his", "himself"})
FEMALE_PRONOUNS = frozenset({"she", "her", "hers", "herself"})

MALE_NOUNS = frozenset({"man", "father", "son", "husband", "boy", "king", "prince",
                        "spokesman", "chairman", "businessman", "congressman", "actor",
                        "brother", "grandfather", "uncle", "nephew"})
FEMALE_NOUNS = frozenset({"woman", "mother", "daughter", "wife", "girl", "queen", "princess",
                          "spokeswoman", "chairwoman", "businesswoman", "congresswoman",
                          "actress", "sister", "grandmother", "aunt", "niece"})

# Common given names, used only as weak evidence of the pronouns an article will use.
MALE_NAMES = frozenset("""
aaron adam adrian alan albert alex alexander alexei ali andrew angus anthony antonio arnold
barack ben benjamin bernard bernie bill billy bob boris brad brian bruce carl carlos charles
charlie chris christopher chuck colin craig dan daniel darren dave david dennis dick don donald
doug douglas ed eddie edward emmanuel eric frank fred friedrich gary george gordon greg harry
henry hugh ian jack jacob jake james jason jeb jeff jeffrey jeremy jerry jim jimmy joe joel john
johnny jon jonathan jose joseph josh juan justin keir keith ken kevin kim larry lee leo lindsey
luis marco mark martin matt matthew max michael mike mitch mohammed muhammad narendra neil
nicholas nick nigel olaf oliver omar patrick paul peter phil philip ralph rand randy reince
richard rick rishi robert roger ron ronald rudy russell ryan sam samuel scott sean sergei
simon stephen steve steven ted terry thomas tim timothy todd tom tony vladimir volodymyr walter
wayne william xi yuri
""".split())
FEMALE_NAMES = frozenset("""
abigail alexandria alice alison amanda amy andrea angela ann anna anne barbara betsy betty
beverly carly carol caroline catherine charlotte cheryl christine claire debbie deborah diana
diane donna dorothy elizabeth ellen emily emma evelyn frances gina hannah heather helen hillary
hope huma ivanka jacinda jane janet jennifer jessica jill joan joanna judith judy julia julie
karen kate katherine kathleen kathy kayleigh kellyanne kamala kimberly laura lauren linda lisa
liz liza lucy margaret maria marie marine martha mary megyn melania melissa michele michelle
monica nancy natalie nicola nikki olivia pam pamela patricia paula penny rachel rebecca ruth
sally samantha sandra sarah sharon sheryl stephanie susan suzanne theresa tulsi ursula valerie
victoria virginia wendy
""".split())

# Words that never start a person's name even when a weak tagger calls them PROPN.
NOT_NAME = frozenset({"the", "a", "an", "this", "that", "said", "says", "according", "but",
                      "and", "or", "in", "on", "at", "for", "of", "to", "with", "by", "as",
                      "because", "so", "if", "when", "while", "although", "after", "before",
                      "since", "then", "also", "even", "only", "just", "yet", "still"})
