"""Match a resume against what customer success listings ask for.

Pure functions over text and numbers: the resume's text is read sentence by
sentence with the codebook's patterns (``analysis.codebook``), widened with
resume wording ("ran quarterly business reviews", "renewed 94%"), and each
theme the resume shows is set against its demand, the theme's share of the
release's unique customer success jobs. The fit score is demand-weighted
coverage: every theme can earn its share of the total demand, and earns it
when the resume shows it, so the score is the sum of its listed parts.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field

from analysis.codebook import CLAIM_TO_REQUIREMENT, THEMES, Theme
from analysis.document import parse_document

logger = logging.getLogger(__name__)

MIN_DEMAND = 0.05
"""A theme asked for by fewer jobs than this share is 'rarely asked'."""
TOP_POSTINGS = 10
MIN_ASKED = 3
"""Postings that ask for fewer themes say too little to rank by fit."""

# The document's pairs: what listings name, and the practice the job needs.
PAIRS: tuple[tuple[str, str], ...] = tuple(CLAIM_TO_REQUIREMENT.items())

LABELS: dict[str, str] = {
    "qbr": "business reviews (QBR/EBR)",
    "onboarding": "onboarding and implementation",
    "adoption_monitoring": "watching usage, adoption, account health",
    "escalations": "handling escalations",
    "expansion": "expansion, upsell, cross-sell",
    "renewals": "managing renewals",
    "voice_of_customer": "customer feedback to product",
    "churn_listed": "reducing churn, retention",
    "early_risk_detection": "spotting at-risk accounts early, from signals",
    "onboarding_first_impression": "onboarding as a first impression: goals, value",
    "expansion_timing": "timing expansion to health and value",
    "qbr_outcomes": "business reviews about the customer's goals and progress",
    "data_sql": "SQL, Python, building analyses",
    "data_dashboards": "reading usage data, dashboards, CS platforms",
    "quota": "a quota or target on renewals, retention, expansion",
    "bg_account_management": "account management / customer success background",
    "bg_support": "support background",
    "bg_implementation_pm": "implementation / project management background",
    "bg_consulting": "consulting / advisory background",
    "bg_sales": "sales background",
    "bg_domain": "the customers' industry",
    "bg_saas": "SaaS / B2B software background",
    "proactive": "proactive, self-starting",
    "product_depth": "technical aptitude, deep product knowledge",
}

_REQUIREMENTS = {requirement for _, requirement in PAIRS}


def theme_group(theme: str) -> str:
    """``work``, ``requirement`` (the document's real requirement) or ``background``."""
    if theme in _REQUIREMENTS:
        return "requirement"
    if theme.startswith("bg_") or theme in {"quota", "proactive", "product_depth",
                                             "data_sql"}:
        return "background"
    return "work"


def _any(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


# Resume wording for each theme: past tense and first person, where the
# codebook's patterns are written for "you will ...". A sentence shows a theme
# when the codebook's theme or the cue here matches, and no veto does.
_BUSINESS_REVIEW = (
    r"\b(?:business|account|steering|success) (?:reviews?|meetings?|committees?)\b",
    r"\bexecutive (?:business )?reviews?\b", r"\b(?:q|e)brs?\b",
    r"\b(?:monthly|quarterly|annual) (?:reviews?|check-ins?)\b",
)
_INDUSTRIES = next(t for t in THEMES if t.name == "bg_domain").stated.pattern
RESUME_CUES: dict[str, re.Pattern[str]] = {
    "qbr": _any(*_BUSINESS_REVIEW),
    "onboarding": _any(
        r"\b(?:onboarded|implemented|deployed|rolled out|launched|activated)\b.{0,40}"
        r"\b(?:customers?|clients?|accounts?|users|tenants)\b",
        r"\btrained (?:\w+ ){0,2}(?:customers?|clients?|users|administrators|admins)\b",
        r"\b(?:customer|client) "
        r"(?:implementations?|onboardings?|rollouts?|go-lives?)\b",
    ),
    "adoption_monitoring": _any(
        r"\b(?:drove|increased|grew|improved|raised|lifted|doubled)\b.{0,40}"
        r"\b(?:adoption|usage|utili[sz]ation|activation|engagement)\b",
        r"\b(?:monitored|tracked|watched|reviewed)\b.{0,40}\b(?:usage|adoption|"
        r"account health|health scores?)\b",
    ),
    "escalations": _any(
        r"\bescalat\w*",
        r"\b(?:unhappy|angry|frustrated) (?:customers?|clients?)\b",
    ),
    "expansion": _any(
        r"\bupsold\b", r"\bcross-?sold\b",
        r"\bgrew (?:\w+ ){0,3}(?:accounts?|revenue|arr|book|footprint)\b",
        r"\bexpanded (?:\w+ ){0,3}(?:accounts?|contracts?|deployments?|footprint)\b",
    ),
    "renewals": _any(r"\brenew(?:ed|ing|als?)?\b"),
    "voice_of_customer": _any(
        r"\b(?:relayed|shared|brought|fed|channel+ed|surfaced|took|passed)\b.{0,40}"
        r"\b(?:customer |client )?(?:feedback|feature requests?)\b.{0,40}"
        r"\b(?:product|engineering|roadmap)\b",
    ),
    "churn_listed": _any(r"\b(?:reduced|cut|lowered) (?:\w+ ){0,2}churn\b",
                         r"\bretained\b"),
    "early_risk_detection": _any(
        r"\b(?:identified|spotted|flagged|caught|detected|predicted|anticipated)\b"
        r".{0,60}\b(?:at[- ]risk|risks?|churn)\b"
        r".{0,60}\b(?:early|before|signals?|usage|health|data)\b",
        r"\b(?:usage|health|engagement) (?:signals|drops?|declines?)\b.{0,60}"
        r"\b(?:risk|churn|saved?)\b",
    ),
    "onboarding_first_impression": _any(
        r"\bfirst (?:30|60|90|thirty|sixty|ninety) days\b", r"\btime[- ]to[- ]value\b",
        r"\b(?:set|agreed|defined)\b.{0,40}\b(?:success criteria|expectations)\b.{0,60}"
        r"\b(?:onboard\w*|kick-?offs?|implementations?)\b",
    ),
    "data_sql": _any(
        r"\b(?:built|designed|created|wrote|developed|maintained)\b.{0,30}"
        r"\b(?:dashboards?|reports|analyses|queries|models)\b",
    ),
    "data_dashboards": _any(
        r"\b(?:dashboards?|tableau|looker|power bi|gainsight|churnzero|totango)\b",
        r"\b(?:vitally|planhat|mixpanel|amplitude|pendo)\b",
    ),
    "quota": _any(
        r"\b(?:hit|exceeded|beat|met|achieved|reached)\b.{0,30}"
        r"\b(?:quotas?|targets?|plan)\b",
        r"\b\d{2,3}% (?:of|to) (?:my |the |our )?(?:\w+ ){0,2}"
        r"(?:quotas?|targets?|plan)\b",
    ),
    "bg_account_management": _any(
        r"\b(?:customer|client) success\b", r"\baccount manag\w+",
        r"\bbook of (?:\d+|business)\b", r"\bportfolio of \d+",
        r"\bmanaged (?:a |my )?(?:book|portfolio) of\b",
        r"\b(?:owned|managed) (?:\w+ ){0,2}(?:customer |client )?"
        r"(?:relationships|accounts)\b",
    ),
    "bg_support": _any(
        r"\b(?:technical |customer |product )?support (?:specialist|engineer|agent|"
        r"analyst|representative|rep|lead|manager|hires|team|tickets?)\b",
        r"\b(?:resolved|handled|closed|answered) .{0,30}\btickets\b",
        r"\b(?:zendesk|freshdesk|intercom|help ?desk|help-center)\b",
    ),
    "bg_implementation_pm": _any(
        r"\bproject manag\w+", r"\bprogram manag\w+", r"\bpmp\b", r"\bprince2\b",
        r"\bscrum master\b", r"\bproject plans?\b", r"\bimplementations?\b",
        r"\b(?:led|ran|managed|delivered) (?:\w+ ){0,3}(?:customer )?(?:rollouts?|"
        r"deployments?|projects?)\b",
    ),
    "bg_consulting": _any(r"\bconsult(?:ing|ant|ancy)\b", r"\badvis(?:ed|ory|or)\b",
                          r"\bengagements\b"),
    "bg_sales": _any(
        r"\b(?:inside |outside |field |enterprise |smb |channel )?sales "
        r"(?:rep\w*|manager|executive|associate|development|engineer)\b",
        r"\b(?:sdr|bdr|account executive)\b", r"\bbusiness development\b",
        r"\bclosed (?:\w+ ){0,3}(?:deals?|new business|arr|revenue)\b",
    ),
    # An industry the codebook names, as the person's customers or employers.
    "bg_domain": _any(rf"(?:{_INDUSTRIES}).{{0,40}}\b(?:companies|clients|customers|"
                      rf"firms|industry|sector|providers|organi[sz]ations)\b"),
    "bg_saas": _any(r"\b(?:saas|b2b)\b", r"\b\w+ software\b(?! engineer)",
                    r"\b(?:data|integration|analytics|cloud|saas|software) platform\b"),
    "proactive": _any(
        r"\bproactiv\w*",
        r"\b(?:initiated|started|launched) (?:\w+ ){0,3}"
        r"(?:outreach|check-ins?|programs?)\b",
    ),
    "product_depth": _any(
        r"\b(?:know|knew|learned|mastered)\b.{0,30}\b(?:product|platform)\b.{0,40}"
        r"\b(?:better|inside|deeply|well|depth)\b",
        r"\b(?:apis?|sdks?|sso|integrations?)\b", r"\btroubleshoot\w*",
    ),
}

# What a resume sentence says about working *with* someone is not being them.
RESUME_UNLESS: dict[str, re.Pattern[str]] = {
    "bg_consulting": _any(r"\b(?:coordinat|manag|work|partner|hir)\w* (?:with )?"
                          r"(?:the |our |external )?consultants\b"),
    "bg_sales": _any(r"\b(?:with|from|to|than|for) (?:the |our |most of the )?(?:sales|"
                     r"account executives?)\b(?! (?:rep|representative|manager))"),
    "bg_account_management": _any(r"\b(?:to|with|from) (?:the |our )?account "
                                  r"(?:team|managers?)\b"),
    "bg_support": _any(r"\b(?:to|with|from) (?:the |our )?support team\b"),
    "bg_saas": _any(r"\binternal\b"),
}

# A sentence that says the person has *not* done something shows nothing.
NEGATED = _any(
    r"^\W*(?:no|never|not|without|none)\b",
    r"\b(?:no|never|without|little|limited|not (?:yet|much))\b.{0,25}\b(?:experience|"
    r"exposure|customer-facing|background)\b",
)



@dataclass(frozen=True)
class Demand:
    """How much the listings ask for one theme.

    Attributes:
        jobs: Unique customer success jobs that ask for it.
        total: Unique customer success jobs in the release.
    """

    jobs: int
    total: int

    @property
    def share(self) -> float:
        """The theme's share of the jobs, in [0, 1]."""
        return self.jobs / self.total if self.total else 0.0


@dataclass(frozen=True)
class Job:
    """One unique customer success job of a release, as its best posting.

    Attributes:
        themes: The themes any posting of the job asks for.
    """

    job_id: str
    posting_id: str
    title: str
    company: str
    url: str
    themes: frozenset[str]


@dataclass(frozen=True)
class ThemeMatch:
    """One theme of the codebook, the resume against the listings.

    Attributes:
        status: ``strength`` (asked and shown), ``gap`` (asked, not shown),
            ``extra`` (shown, rarely asked) or ``rare`` (neither).
        evidence: The resume's own sentence that shows it, or None.
        weight: Fit points the theme can earn (its share of all demand).
        points: Fit points earned: the weight when shown, else 0.
    """

    theme: str
    label: str
    group: str
    shown: bool
    evidence: str | None
    share: float
    jobs: int
    total: int
    status: str
    weight: float
    points: float


@dataclass(frozen=True)
class PairMatch:
    """One of the document's pairs: the claim listings make and the practice."""

    claim: str
    requirement: str
    claim_shown: bool
    requirement_shown: bool
    claim_share: float
    requirement_share: float
    stance: str
    verdict: str


@dataclass(frozen=True)
class JobFit:
    """A job of the release and how well the resume fits it.

    Attributes:
        score: Share of the themes the job asks for that the resume shows.
        matched: Those themes, by demand.
        missing: The themes it asks for that the resume does not show.
    """

    job_id: str
    posting_id: str
    title: str
    company: str
    url: str
    score: float
    matched: list[str]
    missing: list[str]


@dataclass
class MatchResult:
    """Everything ``csm-radar match`` reports, deterministic for one input."""

    resume: str
    release: str
    jobs: int
    fit: float
    themes: list[ThemeMatch]
    pairs: list[PairMatch]
    postings: list[JobFit] = field(default_factory=list)
    min_demand: float = MIN_DEMAND

    @property
    def strengths(self) -> list[ThemeMatch]:
        """Asked-for themes the resume shows, most asked first."""
        return [t for t in self.themes if t.status == "strength"]

    @property
    def gaps(self) -> list[ThemeMatch]:
        """Asked-for themes the resume does not show, most asked first."""
        return [t for t in self.themes if t.status == "gap"]

    def as_dict(self) -> dict:
        """A JSON-ready dict; the same input always gives the same dict."""
        return {
            "resume": self.resume,
            "release": self.release,
            "jobs": self.jobs,
            "fit": {
                "score": self.fit,
                "explained": "demand-weighted coverage: each theme can earn its share "
                             "of all demand (weight), and earns it when the resume "
                             "shows it; the score is the sum of the points",
                "parts": [{"theme": t.theme, "weight": t.weight, "points": t.points}
                          for t in self.themes if t.weight],
            },
            "min_demand": self.min_demand,
            "strengths": [t.theme for t in self.strengths],
            "gaps": [t.theme for t in self.gaps],
            "themes": [asdict(t) for t in self.themes],
            "pairs": [asdict(p) for p in self.pairs],
            "postings": [asdict(p) for p in self.postings],
        }


def resume_sentences(text: str) -> tuple[list[str], list[str]]:
    """The resume's headings and its other sentences, each in reading order.

    Headings are kept: a job title ("Technical Support Specialist") is the
    plainest evidence of a background.
    """
    document = parse_document(None, text)
    headings = [b.text for b in document.blocks if b.kind == "heading"]
    return headings, [s.text for s in document.sentences]


def shows(theme: Theme, sentence: str) -> bool:
    """True when a resume sentence shows ``theme``.

    The codebook's patterns apply without their "asks for experience" gate
    (a resume is all experience), or the theme's resume cue does; a theme
    that needs a specific practice (``also``) needs it here too.
    """
    if NEGATED.search(sentence):
        return False
    veto = RESUME_UNLESS.get(theme.name)
    if veto and veto.search(sentence):
        return False
    if theme.unless and theme.unless.search(sentence):
        return False
    cue = RESUME_CUES.get(theme.name)
    if theme.name == "qbr_outcomes":
        # A review with the client, framed by its goals, progress or value.
        review = RESUME_CUES["qbr"].search(sentence) or theme.stated.search(sentence)
        return bool(review) and all(p.search(sentence) for p in theme.also)
    if cue and cue.search(sentence):
        return True
    return bool(theme.stated.search(sentence)) and all(
        p.search(sentence) for p in theme.also)


def shown_themes(text: str) -> dict[str, str]:
    """Each theme the resume shows, with the first sentence that shows it."""
    headings, body = resume_sentences(text)
    found: dict[str, str] = {}
    for theme in THEMES:
        # A background reads best from a job title; the work, from what was done.
        sentences = headings + body if theme.background else body + headings
        for sentence in sentences:
            if shows(theme, sentence):
                found[theme.name] = sentence
                break
    return found


def match_resume(
    text: str,
    demand: Mapping[str, Demand],
    jobs: Iterable[Job] = (),
    *,
    resume: str = "",
    release: str = "",
    min_demand: float = MIN_DEMAND,
    top: int = TOP_POSTINGS,
) -> MatchResult:
    """Set a resume against the demand of a release.

    Args:
        text: The resume's text (Markdown or plain).
        demand: Each theme's demand; a theme left out counts as never asked.
        jobs: The release's unique customer success jobs, to rank by fit.
        resume: The resume's name, for the report.
        release: The release's name, for the report.
        min_demand: Themes asked by fewer jobs than this share are not
            counted as strengths or gaps.
        top: How many best-fitting jobs to keep.

    Returns:
        The match, with every theme of the codebook in order of demand.
    """
    found = shown_themes(text)
    logger.debug("resume %s shows %d themes: %s", resume, len(found), sorted(found))
    total_demand = sum(demand[t.name].share for t in THEMES if t.name in demand)
    rows = []
    for theme in THEMES:
        d = demand.get(theme.name, Demand(0, 0))
        shown = theme.name in found
        asked = d.share >= min_demand and d.jobs > 0
        status = ("strength" if shown else "gap") if asked else (
            "extra" if shown else "rare")
        weight = round(100 * d.share / total_demand, 2) if total_demand else 0.0
        rows.append(ThemeMatch(
            theme=theme.name, label=LABELS.get(theme.name, theme.name),
            group=theme_group(theme.name), shown=shown, evidence=found.get(theme.name),
            share=round(d.share, 4), jobs=d.jobs, total=d.total, status=status,
            weight=weight, points=weight if shown else 0.0,
        ))
    rows.sort(key=lambda r: (-r.share, r.theme))
    by_name = {r.theme: r for r in rows}
    fit = round(sum(r.points for r in rows), 1)
    total_jobs = max((d.total for d in demand.values()), default=0)
    return MatchResult(
        resume=resume, release=release, jobs=total_jobs, fit=fit, themes=rows,
        pairs=[_pair(by_name[c], by_name[r]) for c, r in PAIRS],
        postings=rank_jobs(set(found), jobs, by_name, top),
        min_demand=min_demand,
    )


def _pair(claim: ThemeMatch, requirement: ThemeMatch) -> PairMatch:
    c, r = LABELS[claim.theme], LABELS[requirement.theme]
    if claim.shown and requirement.shown:
        stance = "both"
        verdict = f"you show both the listed '{c}' and the practice behind it"
    elif requirement.shown:
        stance = "practice only"
        verdict = f"you show the practice ('{r}') even without the listed wording"
    elif claim.shown:
        stance = "claim only"
        verdict = (f"you show the listed '{c}' but not the practice it really "
                   f"needs: {r}")
    else:
        stance = "neither"
        verdict = f"neither the listed '{c}' nor the practice ('{r}') shows"
    return PairMatch(claim.theme, requirement.theme, claim.shown, requirement.shown,
                     claim.share, requirement.share, stance, verdict)


def rank_jobs(
    shown: set[str],
    jobs: Iterable[Job],
    themes: Mapping[str, ThemeMatch],
    top: int = TOP_POSTINGS,
) -> list[JobFit]:
    """The jobs whose asked-for themes the resume covers best.

    A job's score is the share of the themes it asks for that the resume
    shows; ties go to the job with more themes matched, then by posting id.
    Jobs that ask for fewer than ``MIN_ASKED`` themes are left out.
    """
    order = {name: i for i, name in enumerate(themes)}
    fits = []
    for job in jobs:
        asked = sorted((t for t in job.themes if t in order), key=order.__getitem__)
        if len(asked) < MIN_ASKED:
            continue
        matched = [t for t in asked if t in shown]
        fits.append(JobFit(job.job_id, job.posting_id, job.title, job.company, job.url,
                           round(len(matched) / len(asked), 4), matched,
                           [t for t in asked if t not in shown]))
    fits.sort(key=lambda f: (-f.score, -len(f.matched), f.posting_id))
    return fits[:top]
