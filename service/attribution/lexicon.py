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
    "say",
    "tell",
    "add",
    "note",
    "explain",
    "declare",
    "announce",
    "state",
    "write",
    "post",
    "tweet",
    "claim",
    "argue",
    "insist",
    "warn",
    "ask",
    "answer",
    "reply",
    "respond",
    "recall",
    "acknowledge",
    "admit",
    "suggest",
    "complain",
    "joke",
    "quip",
    "predict",
    "promise",
    "vow",
    "pledge",
    "boast",
    "concede",
    "contend",
    "observe",
    "remark",
    "report",
    "describe",
    "call",
    "urge",
    "shout",
    "yell",
    "scream",
    "cry",
    "whisper",
    "mutter",
    "testify",
    "confirm",
    "deny",
    "stress",
    "emphasize",
    "emphasise",
    "caution",
    "charge",
    "counter",
    "retort",
    "conclude",
    "lament",
    "mention",
    "proclaim",
    "assert",
    "maintain",
    "reiterate",
    "repeat",
    "wonder",
    "muse",
    "hail",
    "praise",
    "criticize",
    "criticise",
    "blast",
    "slam",
    "accuse",
    "dub",
    "label",
    "brand",
    "term",
    "recount",
    "read",
    "quote",
    "chant",
    "interject",
    "opine",
    "estimate",
    "assure",
    "advise",
    "signal",
    "continue",
    "exclaim",
    "demand",
    "plead",
    "beg",
    "question",
    "inform",
    "relate",
    "recite",
    "thunder",
    "fume",
    "snap",
    "bark",
    "sigh",
    "laugh",
    "grumble",
    "gush",
    "rave",
    "rant",
    "implore",
    "point",
    "put",
    "tout",
    "offer",
    "concur",
    "allege",
    "attest",
    "affirm",
    "aver",
    "underline",
    "underscore",
    "highlight",
    "concede",
    "sum",
    "begin",
    "go",
    "reflect",
    "recommend",
    "wrote",
    "describe",
    "press",
    "interrupt",
    "chime",
    "quote",
    "lecture",
    "preach",
    "scoff",
    "shrug",
    "plead",
    "tease",
    "liken",
) | frozenset(
    {
        "said",
        "told",
        "wrote",
        "written",
        "saying",
        "telling",
        "says",
        "tells",
        "spoke",
        "spoken",
        "began",
        "went",
        "goes",
        "thought",
        "read",
        "put",
        "quoted",
        "cried",
        "replied",
    }
)

# Verbs that only report speech when a quotation hangs off them or sits right beside them.
WEAK_SPEECH = frozenset(
    {
        "go",
        "goes",
        "went",
        "going",
        "continue",
        "continued",
        "continues",
        "begin",
        "began",
        "begins",
        "put",
        "puts",
        "read",
        "reads",
        "point",
        "points",
        "pointed",
        "offer",
        "offered",
        "sum",
        "summed",
        "think",
        "thought",
        "question",
        "questioned",
        "signal",
        "signalled",
        "signaled",
    }
)

HONORIFICS = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "dr",
        "sir",
        "dame",
        "lord",
        "lady",
        "rev",
        "reverend",
        "prof",
        "professor",
        "sen",
        "senator",
        "rep",
        "gov",
        "gen",
        "col",
        "lt",
        "capt",
        "sgt",
        "hon",
        "st",
        "messrs",
        "fr",
        "father",
        "sister",
        "brother",
        "rabbi",
        "imam",
        "sheikh",
    }
)
MALE_HONORIFICS = frozenset({"mr", "sir", "lord", "king", "prince", "father", "brother", "messrs"})
FEMALE_HONORIFICS = frozenset({"mrs", "ms", "miss", "dame", "lady", "queen", "princess", "sister"})

# Head nouns that denote a person by role. "The Prime Minister said" is a person speaking;
# "the report said" is not.
ROLE_NOUNS = frozenset(
    {
        "president",
        "minister",
        "secretary",
        "senator",
        "governor",
        "mayor",
        "chancellor",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "chairman",
        "chairwoman",
        "chair",
        "leader",
        "candidate",
        "nominee",
        "ceo",
        "director",
        "chief",
        "general",
        "ambassador",
        "commissioner",
        "judge",
        "justice",
        "attorney",
        "sheriff",
        "officer",
        "official",
        "representative",
        "congressman",
        "congresswoman",
        "speaker",
        "premier",
        "king",
        "queen",
        "prince",
        "princess",
        "pope",
        "founder",
        "executive",
        "manager",
        "adviser",
        "advisor",
        "aide",
        "strategist",
        "analyst",
        "professor",
        "economist",
        "lawyer",
        "billionaire",
        "businessman",
        "businesswoman",
        "mogul",
        "frontrunner",
        "front-runner",
        "rival",
        "challenger",
        "incumbent",
        "deputy",
        "pollster",
        "activist",
        "host",
        "anchor",
        "reporter",
        "columnist",
        "author",
        "expert",
        "witness",
        "resident",
        "voter",
        "supporter",
        "protester",
        "man",
        "woman",
        "father",
        "mother",
        "son",
        "daughter",
        "wife",
        "husband",
        "boy",
        "girl",
        "doctor",
        "nurse",
        "teacher",
        "student",
        "owner",
        "operator",
        "driver",
        "player",
        "coach",
        "star",
        "actor",
        "actress",
        "singer",
        "envoy",
        "diplomat",
        "lawmaker",
        "legislator",
        "politician",
        "contender",
        "hopeful",
        "veteran",
        "soldier",
        "commander",
        "chef",
        "scientist",
        "researcher",
        "partner",
        "friend",
        "colleague",
        "neighbor",
        "neighbour",
        "member",
        "head",
        "boss",
        "democrat",
        "republican",
        "conservative",
        "liberal",
        "progressive",
        "socialist",
        "businessperson",
        "entrepreneur",
        "investor",
        "banker",
        "trader",
        "prosecutor",
        "defendant",
        "plaintiff",
        "victim",
        "survivor",
        "administrator",
        "organizer",
        "organiser",
        "campaigner",
        "surrogate",
        "operative",
        "consultant",
        "senior",
        "insider",
        "source",
        "governor-elect",
        "president-elect",
        "vice-president",
        "dictator",
    }
)
# Titles that can stand before a name ("Prime Minister Keir Starmer").
TITLE_WORDS = (
    ROLE_NOUNS
    | HONORIFICS
    | frozenset(
        {
            "prime",
            "vice",
            "former",
            "secretary-general",
            "general",
            "foreign",
            "defence",
            "defense",
            "home",
            "interior",
            "finance",
            "state",
            "deputy",
            "acting",
            "first",
            "lady",
            "chief",
            "executive",
            "attorney",
            "supreme",
            "leader",
            "majority",
            "minority",
            "house",
            "senate",
        }
    )
)

MALE_PRONOUNS = frozenset({"he", "him", "his", "himself"})
FEMALE_PRONOUNS = frozenset({"she", "her", "hers", "herself"})

MALE_NOUNS = frozenset(
    {
        "man",
        "father",
        "son",
        "husband",
        "boy",
        "king",
        "prince",
        "spokesman",
        "chairman",
        "businessman",
        "congressman",
        "actor",
        "brother",
        "grandfather",
        "uncle",
        "nephew",
    }
)
FEMALE_NOUNS = frozenset(
    {
        "woman",
        "mother",
        "daughter",
        "wife",
        "girl",
        "queen",
        "princess",
        "spokeswoman",
        "chairwoman",
        "businesswoman",
        "congresswoman",
        "actress",
        "sister",
        "grandmother",
        "aunt",
        "niece",
    }
)

# Common given names, used only as weak evidence of the pronouns an article will use.
MALE_NAMES = frozenset(
    ["aaron", "adam", "adrian", "alan", "albert", "alex", "alexander", "alexei", "ali", "andrew", "angus", "anthony", "antonio", "arnold", "barack", "ben", "benjamin", "bernard", "bernie", "bill", "billy", "bob", "boris", "brad", "brian", "bruce", "carl", "carlos", "charles", "charlie", "chris", "christopher", "chuck", "colin", "craig", "dan", "daniel", "darren", "dave", "david", "dennis", "dick", "don", "donald", "doug", "douglas", "ed", "eddie", "edward", "emmanuel", "eric", "frank", "fred", "friedrich", "gary", "george", "gordon", "greg", "harry", "henry", "hugh", "ian", "jack", "jacob", "jake", "james", "jason", "jeb", "jeff", "jeffrey", "jeremy", "jerry", "jim", "jimmy", "joe", "joel", "john", "johnny", "jon", "jonathan", "jose", "joseph", "josh", "juan", "justin", "keir", "keith", "ken", "kevin", "kim", "larry", "lee", "leo", "lindsey", "luis", "marco", "mark", "martin", "matt", "matthew", "max", "michael", "mike", "mitch", "mohammed", "muhammad", "narendra", "neil", "nicholas", "nick", "nigel", "olaf", "oliver", "omar", "patrick", "paul", "peter", "phil", "philip", "ralph", "rand", "randy", "reince", "richard", "rick", "rishi", "robert", "roger", "ron", "ronald", "rudy", "russell", "ryan", "sam", "samuel", "scott", "sean", "sergei", "simon", "stephen", "steve", "steven", "ted", "terry", "thomas", "tim", "timothy", "todd", "tom", "tony", "vladimir", "volodymyr", "walter", "wayne", "william", "xi", "yuri"]
)
FEMALE_NAMES = frozenset(
    ["abigail", "alexandria", "alice", "alison", "amanda", "amy", "andrea", "angela", "ann", "anna", "anne", "barbara", "betsy", "betty", "beverly", "carly", "carol", "caroline", "catherine", "charlotte", "cheryl", "christine", "claire", "debbie", "deborah", "diana", "diane", "donna", "dorothy", "elizabeth", "ellen", "emily", "emma", "evelyn", "frances", "gina", "hannah", "heather", "helen", "hillary", "hope", "huma", "ivanka", "jacinda", "jane", "janet", "jennifer", "jessica", "jill", "joan", "joanna", "judith", "judy", "julia", "julie", "karen", "kate", "katherine", "kathleen", "kathy", "kayleigh", "kellyanne", "kamala", "kimberly", "laura", "lauren", "linda", "lisa", "liz", "liza", "lucy", "margaret", "maria", "marie", "marine", "martha", "mary", "megyn", "melania", "melissa", "michele", "michelle", "monica", "nancy", "natalie", "nicola", "nikki", "olivia", "pam", "pamela", "patricia", "paula", "penny", "rachel", "rebecca", "ruth", "sally", "samantha", "sandra", "sarah", "sharon", "sheryl", "stephanie", "susan", "suzanne", "theresa", "tulsi", "ursula", "valerie", "victoria", "virginia", "wendy"]
)

# Words that never start a person's name even when a weak tagger calls them PROPN.
NOT_NAME = frozenset(
    {
        "the",
        "a",
        "an",
        "this",
        "that",
        "said",
        "says",
        "according",
        "but",
        "and",
        "or",
        "in",
        "on",
        "at",
        "for",
        "of",
        "to",
        "with",
        "by",
        "as",
        "because",
        "so",
        "if",
        "when",
        "while",
        "although",
        "after",
        "before",
        "since",
        "then",
        "also",
        "even",
        "only",
        "just",
        "yet",
        "still",
    }
)

# More given names, for the gender an anaphor needs when the article itself gives none.
MALE_NAMES = MALE_NAMES | frozenset(
    "abdul ahmed aidan alain alastair alberto alejandro alexandre alfred allan andre andreas andres "
    "andy angelo anton antoine arthur austin barry bernie blair blake bobby brandon brendan brent "
    "brett bryan byron caleb calvin cameron carter cecil chad chase christian clark clayton cody "
    "conor connor corey curtis dale dallas damian damon danny darius darryl dean derek desmond "
    "dexter diego dmitry dominic duncan dustin dwight dylan earl edgar eduardo elijah elliot "
    "enrique erik ernest ethan eugene evan felix fernando francis francisco francois gabriel "
    "garrett gavin geoffrey gerald gilbert glen glenn graham grant gregory guy hamish harold "
    "harvey hector herbert howard hugo igor isaac ivan jacques jaime jamal jared javier jay "
    "jean-pierre jerome jesse jesus joey jordan jorge julian julien karl kenneth kent kirk kyle "
    "lance lars lawrence leon leonard lewis liam lloyd logan lorenzo louis lucas luke malcolm "
    "manuel marc marcel marcus mario marvin mason maurice melvin miguel miles mohamed morgan "
    "nathan nathaniel noah norman oscar owen pablo pascal pedro perry pierre quentin rafael "
    "ramon raymond reggie rene ricardo roberto rodney ross roy rupert salvador sanjay santiago "
    "saul sebastian sergio seth shane shawn sidney spencer stanley stuart sylvain tanner "
    "theodore travis trevor tristan troy tyler vernon victor vincent wade warren wesley "
    "willie wyatt yves zach zachary bernard pierre-luc jean-francois mathieu "
    "guillaume stephane marc-andre denis serge gilles yannick jean francois jason jesse "
    "kyle jonas marc doug rob andrew ".split()
)
FEMALE_NAMES = FEMALE_NAMES | frozenset(
    "adriana agnes aisha alexa alexandra alexis alicia allison alyssa amber amelia ana andrea "
    "angelica angie anita annie april ashley audrey ava beatrice becky belinda bonnie brenda "
    "bridget brittany brooke caitlin camille candace cara carla carmen carolyn cassandra "
    "catalina cecilia celine chantal chelsea chloe christina cindy clara claudia colleen "
    "connie courtney crystal cynthia daisy dana danielle daphne darlene dawn denise dolores "
    "doris eileen elaine eleanor elena elise eliza ella elsa erica erin esther eva faith "
    "felicia fiona florence gabriela gabrielle gail genevieve georgia geraldine gillian "
    "gloria grace gwen harriet hazel heidi holly ingrid irene iris isabel isabella isabelle "
    "jackie jacqueline jade janice jasmine jean jeanne jenna jenny jo joanne jocelyn "
    "jodie jordan josephine joy joyce juanita julianne june kaitlyn kara katie kathryn kayla "
    "kelly kendra kirsten krista kristen kristin kylie lana leah leila lena leslie lillian "
    "lily lindsay lorraine louise lucia lydia lynn mackenzie madeleine madison mandy marcia "
    "margot marian marilyn marina marion marissa marlene maureen maxine maya meghan melanie "
    "meredith mia miranda molly mona muriel nadia naomi natasha nicole nina nora norma "
    "paige patty pauline peggy phyllis priya rachael ramona regina renee rita roberta robin "
    "rosa rose rosemary roxanne sabrina sadie sara savannah selena serena shannon sheila "
    "shelley sherry shirley simone sofia sonia sophia sophie stacey stella sue svetlana "
    "sylvia tamara tanya tara teresa tessa tiffany tina tracy vanessa vera veronica "
    "vicki violet vivian whitney yolanda yvonne zoe catherine melanie  jody "
    "catharine elsie ".split()
) - frozenset(["jordan", "jean", "robin", "jody-wilson", ""])

# Nouns that stand for an organisation the article names ("the agency said").
ORG_NOUNS = frozenset(
    "agency company government department ministry board team club group party campaign "
    "police union office firm council committee commission court university school "
    "organization organisation association federation league network bank authority "
    "administration embassy army military corporation service foundation institute "
    "regulator coalition".split()
)
# What speaks for somebody else: documents and messages, never the speaker themselves.
NOT_SPEAKERS = frozenset(
    "statement report release letter email e-mail post tweet video study poll survey document "
    "website message text article book ad advert law bill memo filing decision ruling order "
    "transcript account page note sign slogan headline story source data figures".split()
)
