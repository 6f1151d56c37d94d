"""Name the sections of a posting from their headings, or from cue words.

Headings vary from board to board ("What you'll do", "In this role you
will", "Bonus points", "Who you are"), so each label is a list of patterns
over the heading text. Text outside any recognised heading is classified a
sentence at a time by cue words instead.
"""

from __future__ import annotations

import re

LABELS = (
    "about_company", "role", "responsibilities", "requirements",
    "nice_to_have", "compensation", "benefits", "legal", "how_to_apply",
    "other",
)
# Sections whose text never counts towards a theme.
BOILERPLATE = frozenset(
    {"about_company", "compensation", "benefits", "legal", "how_to_apply"}
)
# Sections whose sentences become requirement units.
UNIT_SECTIONS = ("responsibilities", "requirements", "nice_to_have")


def _compile(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


# Order matters: the first label whose pattern matches wins, so the narrower
# labels (nice to have, legal) come before the broad ones.
_HEADING_RULES: list[tuple[str, re.Pattern[str]]] = [
    # Sections that describe who should NOT apply, or the job's location:
    # their text is not a requirement.
    ("other", _compile([
        r"\bnot (be )?a (good |great )?fit\b", r"\bstruggle\b", r"\bwon't be\b",
        r"\bnot for you\b", r"^\W*(location|additional information|#\w+)\W*$",
        r"\bstay in the know\b", r"\bwhere you('ll| will) be\b",
    ])),
    ("legal", _compile([r"\brecruit(ment|ing) (agencies|fraud|scams?)\b", r"\beeoc?\b"])),
    ("how_to_apply", _compile([r"\bready to (join|apply)\b"])),
    ("benefits", _compile([
        r"\bwhy (join|work)\b", r"\bflourish\b", r"\btake care of\b", r"\bwhat (we|you('ll)?) (offer|get)\b$",
    ])),
    ("about_company", _compile([
        r"\bcompany (overview|description|background)\b", r"\bwho (are|is) \w+",
        r"\bwhat (makes|sets) us\b", r"^\W*why [\w.-]+\W*$", r"^\W*meet [\w.-]+\W*$",
        r"\bour (products|services|value proposition|ethos|story)\b",
        r"\bwe believe\b", r"\bhow we (think|work)\b", r"^\W*about (?!(you|the|this|your)\b)[\w.-]+\W*$",
    ])),
    ("responsibilities", _compile([
        r"\bwhat you('ll| will)? get to do\b", r"仕事内容", r"職務内容", r"業務内容",
        r"\bresponsabilidades\b", r"\bfunciones\b", r"\baufgaben\b", r"\bmissions?\b",
        r"\bvos missions\b", r"\bwithin \d+ (days|months)\b",
    ])),
    ("requirements", _compile([
        r"必要な", r"応募資格", r"必須", r"\brequisitos\b", r"\bperfil\b", r"\bprofil\b",
        r"\bqualifikation", r"\blook for\b", r"\bthrive\b", r"\bis this you\b",
        r"\byour dna\b", r"\bright (candidate|person|fit)\b", r"\bneed to have\b",
        r"\bqualities\b", r"\battributes\b",
    ])),
    ("nice_to_have", _compile([r"歓迎", r"\bdeseable", r"\bvalorar"])),
    ("role", _compile([r"\bel rol\b", r"\bdie rolle\b", r"\ble poste\b"])),
    ("nice_to_have", _compile([
        r"\bnice[- ]to[- ]haves?\b", r"\bbonus", r"\bpreferred\b", r"\bplus(es)?\b",
        r"\bdesir(ed|able)\b", r"\bideally\b", r"\bextra credit\b",
        r"\bstand ?out\b", r"\bwould be (great|nice|helpful)\b", r"\boptional\b",
        r"\bset you apart\b", r"\beven better\b", r"\bdifferentiators?\b",
    ])),
    ("legal", _compile([
        r"\bequal (employment )?opportunit", r"\beeo\b", r"\bdiversity\b",
        r"\binclusion\b", r"\baccommodation", r"\bprivacy\b", r"\bdisclaimer",
        r"\bnotice\b", r"\bfraud\b", r"\bscam", r"\be-?verify\b",
        r"\bright to work\b", r"\bdata protection\b",
    ])),
    ("compensation", _compile([
        r"\bcompensation\b", r"\bsalary\b", r"\bpay\b", r"\bbase (pay|salary)\b",
        r"\bremuneration\b", r"\bequity\b", r"\bota?e\b", r"\bpay range",
    ])),
    ("benefits", _compile([
        r"\bbenefits?\b", r"\bperks?\b", r"\bwhat we offer\b", r"\bwe offer\b",
        r"\bwhy (join|work)\b", r"\bwhat('s| is) in it for you\b",
        r"\bwhat you('ll)? get\b", r"\bwhy you'll love\b", r"\bwe provide\b",
        r"\bour offer\b", r"\bwhat you can expect from us\b",
        r"\bwhat we give\b", r"\bin return\b", r"\blife at\b",
    ])),
    ("how_to_apply", _compile([
        r"\bhow to apply\b", r"\bapplication process\b", r"\binterview",
        r"\bhiring process\b", r"\bnext steps\b", r"\brecruitment process\b",
        r"\bour process\b", r"\bapply\b",
    ])),
    ("requirements", _compile([
        r"\brequire", r"\bqualifications?\b", r"\babout you\b", r"\bwho you are\b",
        r"\bwhat (we're|we are|we) look(ing)? for\b", r"\blooking for\b",
        r"\bskills?\b", r"\bexperience\b", r"\bmust[- ]haves?\b",
        r"\byou (have|bring|are|might be|may be|should have|will have|need)\b",
        r"\bwhat you('ll)? (bring|need|have)\b", r"\ba (great|good|strong) fit\b",
        r"\bfit if\b", r"\bideal candidate\b", r"\bcandidate profile\b",
        r"\bcompetenc", r"\bbackground\b", r"\bsuccess looks like\b",
        r"\byour profile\b", r"\bminimum\b", r"\bbasic\b", r"\bwe('d)? love\b",
        r"\bwho we('re| are) looking\b", r"\bwhat it takes\b", r"\bto succeed\b",
    ])),
    ("responsibilities", _compile([
        r"\bresponsib", r"\bwhat you('ll| will)? (do|be doing|work on|achieve|own)\b",
        r"\byou will\b", r"\byou'll\b", r"\bduties\b", r"\bday[- ]to[- ]day\b",
        r"\bin this role\b", r"\bthe work\b", r"\byour (impact|role|mission|day)\b",
        r"\bimpact\b", r"\bkey (areas|activities|accountabilities)\b",
        r"\baccountabilit", r"\bwhat (the|this) (role|job) (involves|entails)\b",
        r"\bhow you('ll| will) (contribute|help)\b", r"\bscope\b", r"\btasks\b",
        r"\bmission\b", r"\bfirst (30|60|90|year|months?)\b", r"\boutcomes\b",
        r"\bwhat you('ll)? be\b", r"\byour job\b", r"\bexpectations\b",
    ])),
    ("role", _compile([
        r"\babout (the|this) (role|position|job|opportunity|team)\b",
        r"\b(the|this) (role|position|opportunity)\b", r"\bjob (description|summary)\b",
        r"\boverview\b", r"\bsummary\b", r"\bthe team\b", r"\bwho we need\b",
        r"\brole\b", r"\bposition\b",
    ])),
    ("about_company", _compile([
        r"\babout\b", r"\bwho we are\b", r"\bour (company|story|mission|team|values)\b",
        r"\bcompany\b", r"\bwhy us\b", r"\bwe are\b", r"\bour culture\b",
        r"\bthe company\b", r"\bwhat we do\b", r"\bvalues\b", r"\bculture\b",
    ])),
]

# Cue words for a sentence outside any recognised heading.
_SENTENCE_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("legal", _compile([
        r"\bequal (employment )?opportunity\b", r"\bwithout regard to\b",
        r"\bregardless of (race|age|gender|sex)", r"\bprotected (veteran|characteristic|status)",
        r"\bsexual orientation\b", r"\bgender identity\b", r"\breasonable accommodation",
        r"\bdiscriminat", r"\bprivacy (policy|notice)\b", r"\bcriminal histor",
        r"\bnational origin\b", r"\bunderrepresented\b", r"\bimposter syndrome\b",
        r"\bdon't (meet|check) every\b", r"\bevery (single )?(qualification|requirement|box|bullet)",
        r"\bencourage (you|everyone|all)\b.*\bapply\b", r"\bpersonal (data|information)\b",
    ])),
    ("compensation", _compile([
        r"[$€£]\s?\d{2,3}(,\d{3}|k)", r"\b(salary|pay|compensation) range\b",
        r"\bbase (salary|pay)\b", r"\bon[- ]target earnings\b", r"\bOTE\b",
        r"\bcompensation (package|for this role)\b",
    ])),
    ("benefits", _compile([
        r"\bwe offer\b", r"\b401\(?k\)?", r"\bhealth(care)?,? (dental|insurance|benefits)\b",
        r"\bdental\b", r"\bvision (insurance|coverage)\b", r"\bpaid (time off|parental|leave)\b",
        r"\bparental leave\b", r"\bpto\b", r"\bstipend\b", r"\bwellness\b",
        r"\bvacation\b", r"\bholidays?\b", r"\bsabbatical\b", r"\b\w+ leave\b", r"\bpension\b", r"\bequity (package|grant)",
        r"\bstock options?\b", r"\bcompetitive (salary|compensation|package)\b",
        r"\blearning (and|&) development budget\b", r"\bgym\b", r"\blunch(es)?\b",
        r"\bhealth insurance\b", r"\bmedical\b.*\b(dental|vision|coverage)\b",
    ])),
    ("how_to_apply", _compile([
        r"\bto apply\b", r"\bsubmit (your|an) (application|resume|cv)\b",
        r"\binterview process\b", r"\bsend (us )?your (cv|resume)\b",
        r"\bby clicking\b", r"#LI-\w+", r"\bapplication (window|deadline)\b",
        r"\bapplications (are|will be) (reviewed|accepted|assessed|considered)\b",
        r"\btick (every|all)\b",
    ])),
    ("requirements", _compile([
        r"\byears?'? (of )?(\w+\s){0,3}experience\b", r"\bexperience (in|with|as|managing|working)\b",
        r"\bdegree\b", r"\bproficien", r"\bfluen(t|cy)\b", r"\bfamiliar(ity)? with\b",
        r"\bstrong (\w+ )?(skills|understanding|knowledge|background)\b",
        r"\bability to\b", r"\byou (have|bring|are)\b", r"\bproven\b",
        r"\btrack record\b", r"\bbackground in\b", r"\bknowledge of\b",
        r"\bexcellent\b.*\bskills\b",
    ])),
    ("responsibilities", _compile([
        r"\byou('ll| will)\b", r"\bresponsible for\b", r"\b(own|manage|lead|drive|partner|"
        r"build|develop|serve|act|work|collaborate|ensure|identify|monitor|conduct|run|"
        r"help|support|guide|onboard|deliver|create|maintain|track|advocate)\b",
    ])),
    ("about_company", _compile([
        r"\b(we are|we're) (a|an|the|building|on a mission)\b", r"\bour mission\b",
        r"\bfounded in\b", r"\bbacked by\b", r"\bseries [a-f]\b", r"\binvestors\b",
        r"\bheadquartered\b", r"\bleading (provider|platform)\b", r"\bour customers include\b",
        r"\bvaluation\b", r"\braised\b",
    ])),
]


def classify_heading(heading: str) -> str | None:
    """Label a section heading.

    Args:
        heading: The heading text, e.g. ``"What you'll do"``.

    Returns:
        One of :data:`LABELS`, or None when no pattern matches (the caller
        decides whether an unknown heading is a sub-heading).
    """
    for label, pattern in _HEADING_RULES:
        if pattern.search(heading):
            return label
    return None


def classify_sentence(sentence: str) -> str:
    """Label a sentence that sits under no recognised heading, by cue words.

    Args:
        sentence: One sentence or bullet of a posting.

    Returns:
        One of :data:`LABELS`; ``other`` when no cue matches.
    """
    for label, pattern in _SENTENCE_RULES:
        if pattern.search(sentence):
            return label
    return "other"


def classify_boilerplate(sentence: str) -> str | None:
    """Legal, pay, benefits or application text inside any section, else None."""
    for label, pattern in _SENTENCE_RULES[:4]:
        if pattern.search(sentence):
            return label
    return None


def is_boilerplate(label: str) -> bool:
    """True for sections whose text never counts towards a theme."""
    return label in BOILERPLATE
