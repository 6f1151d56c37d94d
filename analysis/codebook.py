"""The codebook's themes as sentence patterns.

Each theme is written from ``docs/reference/codebook.md`` and the reference
document: patterns for the wording that states it, and for the themes whose
codebook row says "not enough on its own", a second group that must match
too (the specific practice, not the generic word). Background themes only
count where the posting asks for experience, not where it describes the job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FLAGS = re.IGNORECASE


def _any(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), _FLAGS)


@dataclass(frozen=True)
class Theme:
    """One true/false label of the codebook.

    Attributes:
        name: The label as the gold files spell it.
        stated: A sentence states the theme when this matches...
        also: ...and every one of these matches too (may be empty).
        unless: ...and this does not (a veto for look-alike wording).
        background: Only sentences that ask for experience count.
    """

    name: str
    stated: re.Pattern[str]
    also: tuple[re.Pattern[str], ...] = ()
    unless: re.Pattern[str] | None = None
    background: bool = False


# Shared vocabulary.
_BR = r"(?:q|e)brs?|(?:quarterly|executive|annual|monthly|regular|periodic|strategic|"\
      r"data-driven|semi-annual) (?:business|performance|account|success) reviews?|"\
      r"business reviews?"
_EXPAND = r"expan(?:sion|d|ding)|up-?sell\w*|cross-?sell\w*|upgrades?|"\
          r"(?:revenue|arr|account) growth|growth opportunit\w*"
_RISK = r"at[- ]risk|churn[- ]risks?|risks?\b|risk signals|red flags|warning signs|"\
        r"underperform\w*|dissatisf\w*|low adoption"
_INDUSTRY = (
    r"health ?care|health ?tech|healthtech|clinical|medical|hospital|nursing|"
    r"financial services|fintech|banking|bank|insurance|credit card|payments|"
    r"accounting|audit|tax|legal|law firms?|big law|attorneys?|"
    r"cyber ?security|security|compliance|grc|government|public sector|"
    r"procurement|cpg|consumer goods|retail|e-?commerce|manufacturing|logistics|"
    r"supply chain|freight|transportation|fleet|real estate|property management|"
    r"housing|education|edtech|higher ed|k-12|crypto|blockchain|energy|utilities|"
    r"automotive|pharma\w*|life sciences|biotech|telecom\w*|media|editorial|"
    r"publishing|recruiting|talent acquisition|hr tech|construction|hospitality|"
    r"non-?profit|erp|revops|go-to-market|gtm|"
    r"marketing|advertising|sector salud|salud|dental|veterinary|"
    r"field service|home services|legal tech|proptech|insurtech"
)
# A department named as a partner ("partnering with Product, Sales and
# Engineering") is the team the role works with, not a background it asks for.
_TEAM_PARTNERS = (
    r"\b(?:partner\w*|collaborat\w*|coordinat\w*|engag\w*|work\w*(?: closely)?|"
    r"cross-functional\w*)(?: and \w+)? with\b[^.;:]{{0,50}}\b{dept}\b|"
    r"\balongside\b[^.;:]{{0,30}}\b{dept}\b"
)
# Experience asked for: the context in which background themes count.
BACKGROUND_CONTEXT = _any(
    r"(?<!customer )\bexperience\b(?!\s+(?:the|our|a|an|what|how|customer|it)\b)",
    r"\bexperienced\b", r"\bbackground\b", r"\btrack record\b",
    r"\byears?\b", r"\bprevious(ly)?\b", r"\bprior\b", r"\bhistory of\b",
    r"\bexpertise\b", r"\bfamiliar(ity)?\b", r"\bknowledge of\b",
    r"\bunderstanding of\b", r"\bexposure to\b", r"\bworked\b", r"\byou've\b",
    r"\bhave (held|managed|led|run|built|owned|been)\b", r"\bproven\b",
    r"\bexperiencia\b", r"\baños\b", r"経験", 
     r"\bbonus if\b", r"\bis a plus\b",
    r"\bpreferred\b", r"\bideally\b", r"\bpreferably\b", r"\bfluency\b",
    r"\bskilled\b", r"\bknow how to\b", r"\bdemonstrated\b",
)

THEMES: tuple[Theme, ...] = (
    # The work.
    Theme("qbr", _any(rf"\b(?:{_BR})\b", r"ビジネスレビュー")),
    Theme("onboarding", _any(
        r"\bonboard(?:ing|s|ed)?\b", r"\bimplementations?\b", r"\bimplement(?:ing)? "
        r"(?:our|the)\b", r"\bdeploy(?:ment|ments|ing)?\b", r"\bgo-?live\b",
        r"\brollouts?\b|\broll(?:ing)? out\b", r"\bkick-?offs?\b",
        r"\btrain(?:ing|s)? (?:the )?(?:customers?|clients?|users|end users|their "
        r"teams?|\w+ employees)\b", r"\b(?:training|enablement) (?:sessions|programs?)\b",
        r"\binstallation\b", r"\bintegration of\b", r"\bset-?up\b.{0,30}\b(?:customers?|clients?)\b",
        r"オンボーディング", r"導入",
    ), unless=_any(r"\byour (own )?onboarding\b", r"\bnew hires?\b", r"\bwhen you join\b")),
    Theme("adoption_monitoring", _any(
        r"\b(?:monitor|track|analy[sz]|review|measur|assess|gaug|watch)\w*\b.{0,60}"
        r"\b(?:usage|adoption|health|engagement|utili[sz]ation|activation|kpis?)\b",
        r"\bhealth (?:scores?|checks?|metrics|indicators|trends)\b",
        r"\b(?:account|customer|book) health\b",
        r"\b(?:drive|increase|accelerate|improve|maximi[sz]e|ensure|boost|grow)\w*\b.{0,40}"
        r"\b(?:adoption|usage|utili[sz]ation)\b", r"\badopt(?:ion|ing)?\b.{0,20}\bof\b",
        r"\busage (?:data|patterns|metrics|trends)\b", r"\bsuccessfully adopt\b",
        r"\bbarriers to adoption\b", r"利用状況", r"métricas de adopción",
    )),
    Theme("escalations", _any(
        r"\bescalat\w*", r"エスカレーション",
        r"\bresol(?:ve|ving|ution)\b.{0,40}\b(?:customer|client)?\s?(?:issues|problems|"
        r"blockers|concerns|incidents)\b", r"\bconflict\b",
         r"\bunhappy\b", r"\bcrisis\b",
    )),
    Theme("expansion", _any(
        r"\bexpansions?\b", r"\bup-?sell\w*", r"\bcross-?sell\w*", r"アップセル",
        r"\bexpand\w*\b.{0,40}\b(?:accounts?|footprint|usage|relationships?|partnerships?|"
        r"business|revenue|plans?|deployments?|within|existing)\b",
        r"\b(?:revenue|arr|account|wallet) growth\b|\bgrowth in (?:annual recurring|arr)",
        r"\bgrow (?:the |their |your |existing )?(?:accounts?|revenue|arr|book|footprint|"
        r"business)\b", r"\bnet[- ]new (?:upsell )?(?:arr|revenue)\b",
        r"\bupgrades?\b", r"\bopportunities to (?:grow|expand)\b",
        
    ), unless=_any(
        r"\b(?:our|company's|international|global|rapid|geographic) expansion\b",
        r"\bexpansion (?:in)?to (?:new )?(?:markets|regions|countries|care)\b",
        r"\bexpanding (?:our|the) team\b",
    )),
    Theme("renewals", _any(r"\brenewals?\b", r"\brenew\b", r"更新プロセス", r"契約更新",
                           r"\brenovaci[oó]n")),
    Theme("voice_of_customer", _any(
        r"\bvoice of (?:the |our |your )?(?:customers?|clients?)\b",
        r"\b(?:customers?|clients?)['’]?s? voice\b",
        r"\badvocat\w*\b.{0,40}\b(?:customers?|clients?|their|needs|features?)\b",
        r"\b(?:customers?|clients?)\b.{0,20}\badvocate\b",
        r"\bfeature requests?\b", r"\broadmap\b",
        r"\b(?:relay|shar|channel|funnel|surfac|bring|synthesi[sz]|gather|collect|"
        r"captur|elevat|amplif|provid|document|communicat|translat|report)\w*\b.{0,60}"
        r"\b(?:feedback|insights|learnings|needs)\b.{0,60}\b(?:product|engineering|"
        r"internal|teams?|roadmap|leadership|design)\b",
        r"\b(?:feedback|insights)\b.{0,40}\b(?:to|with|back to|into|inform)\b.{0,30}"
        r"\b(?:product|engineering|roadmap)\b", 
        r"\bfeedback loops?\b", 
         r"\bproduct feedback\b",
    )),
    Theme("churn_listed", _any(
        r"\bchurn\w*", r"\bretention\b", r"\bretain\w*\b", r"\b(?:nrr|grr|ndr|gdr)\b",
        r"\b(?:net|gross) (?:revenue|dollar) retention\b", r"\bat[- ]risk\b",
        r"\brenewal rates?\b", r"\bdownsell\w*|contraction\b", r"解約", r"リテンション",
        r"\bretenci[oó]n\b",
    ), unless=_any(r"\b(?:employee|talent|data|document|record) retention\b",
                   r"\bretention (?:polic|bonus|period|schedule)")),
    # What the reference document says the real requirement is.
    Theme("early_risk_detection", _any(
        rf"\b(?:identify|identif\w+|spot|detect|flag|surfac|predict|catch|uncover|"
        rf"recogni[sz]|anticipat)\w*\b.{{0,60}}\b(?:{_RISK})",
        r"\bcatch issues before\b", r"\bbefore (?:they|it|customers?|issues|problems) "
        r"(?:escalate|become|notice|raise|arise|surface)", r"\bearly warning\b",
        # Watching a signal and acting before the customer raises it.
        r"\b(?:monitor|track)\w*\b.{0,60}\b(?:health|adoption|usage|engagement)\b"
        r".{0,40}\bproactive\w* (?:address|mitigat|manag|resolv|intervene)\w*",
    ), also=(_any(
        r"\bearly\b", r"\bbefore\b", r"\bsignals?\b", r"\bhealth\b",
        r"\busage\b", r"\bdata\b", r"\bmetrics\b", r"\bmonitor\w*", r"\bpredict\w*",
        r"\badoption\b", r"\bengagement\b", r"\banalytics\b", r"\bat[- ]risk "
        r"(?:accounts|customers|clients)\b", r"\bunderperform\w*",
    ),), unless=_any(
        r"\b(?:security|compliance|regulatory|project|delivery) risks?\b",
        # System health of an installation, not the health of the account.
        r"\btechnical health\b",
    )),
    Theme("onboarding_first_impression", _any(
        r"\btime[- ]to[- ](?:first[- ])?value\b", r"\bfirst (?:30|60|90|few|\w+) (?:days|weeks)\b",
        r"\b(?:set|setting|establish\w*|align\w*) (?:clear |realistic |honest |the right )?"
        r"expectations\b", r"\bearly (?:success|activation|value|wins?)\b",
        r"\b(?:realiz|achiev|deliver|reach|see|get)\w* value (?:quickly|fast|early)\b",
        r"\bvalue quickly\b", r"\bactivation milestones?\b", r"\bfirst impressions?\b",
        r"\bonboard\w*\b.{0,80}\b(?:goals|objectives|desired outcomes|success (?:criteria|"
        r"measures|plan))\b", r"\b(?:goals|objectives|outcomes)\b.{0,60}\bonboard\w*",
         
    )),
    Theme("expansion_timing", _any(rf"\b(?:{_EXPAND})\b"), also=(_any(
        r"\bhealth\b", r"\busage (?:data|patterns|metrics)\b", r"\boutgr[oe]w", r"\breadiness\b",
        r"\bready for\b", r"\bright (?:time|for the customer)\b", 
        r"\bvalue (?:achieved|realized|delivered)\b", 
        r"\bsignals?\b", r"\bdata insights\b", 
        r"\bmonitor\w*\b.{0,60}\busage\b", r"\badoption metrics\b",
    ),)),
    Theme("qbr_outcomes", _any(rf"\b(?:{_BR})\b"), also=(_any(
        r"\bgoals?\b", r"\bobjectives?\b", r"\boutcomes?\b", r"\broi\b", r"\bvalue\b",
        r"\bprogress\b", r"\bkpis?\b", r"\bon track\b", r"\bnext (?:quarter|steps)\b",
        r"\binsights\b", r"\bstrategic alignment\b", r"\broot causes?\b",
    ),)),
    Theme("data_sql", _any(
        r"\bsql\b", r"\bpython\b", r"\b(?:build|design|create|develop|maintain)\w*\b.{0,30}"
        r"\b(?:dashboards|reports|analyses|queries)\b", r"\bpower bi\b",
        r"\bbi tools?\b", r"\bdata ?sets\b",
    ), unless=_any(r"\bno (?:sql|coding)\b")),
    Theme("data_dashboards", _any(
        r"\b(?:usage|product|customer|account|adoption|activity|operational) (?:data|analytics|"
        r"metrics|trends|patterns|rates)\b", r"\bdashboards?\b", r"\bhealth (?:scor\w*|metrics|"
        r"indicators|trends)\b", r"\b(?:cs|customer success) (?:platform|tools?)\b",
        r"\b(?:gainsight|churnzero|totango|vitally|planhat|catalyst|pendo|mixpanel|looker|"
        r"tableau|power bi|heap)\b", r"\b(?:analy[sz]|interpret|leverag|utili[sz]|review|track)\w*"
        r"\b.{0,40}\b(?:data|metrics|analytics|kpis|benchmarks)\b", r"\bdata (?:fluency|literacy|"
        r"analysis|insights)\b", r"\bbusiness intelligence\b", r"\banalytics tools?\b",
        r"利用状況", r"métricas",
    ), unless=_any(r"\bdata[- ]driven\b(?!.*\b(?:usage|health|dashboards?)\b)")),
    Theme("quota", _any(
        r"\bquotas?\b", r"\b(?:nrr|grr|ndr|gdr)\b", r"\b(?:net|gross) (?:revenue|dollar) retention\b",
        r"\b(?:retention|renewal|expansion|upsell|revenue|arr|adoption|growth) (?:and \w+ )?"
        r"(?:targets?|goals?|quotas?|objectives)\b", r"\b\d{2,3}%\+? (?:retention|nrr|grr)\b",
        r"\b(?:aggressive|ambitious) targets\b", r"\baccountable (?:for|to) (?:\w+ ){0,3}"
        r"(?:retention|renewals?|revenue)\b", r"\bown (?:revenue|renewal) retention\b",
         r"目標達成",
    ), unless=_any(r"\bquota[- ]carrying role\b", r"\btrack record\b")),
    # Commercial accountability and background.
    Theme("bg_account_management", _any(
        r"\b(?:customer|client) success\b", r"\baccount manag\w+\b", r"\bcsms?\b",
        r"\btechnical account manag\w+", r"\bbook of business\b", r"\bpost-sales?\b",
        r"\bmanag\w+ (?:customer|client|post-sale) relationships\b", r"\bgestión de cuentas\b",
        r"アカウント管理", 
    ), background=True),
    Theme("bg_support", _any(
        r"\b(?:technical|customer) support\b(?! (?:team|teams|engineers?)\b)",
        r"(?:,|\bor|/) ?support\b(?! (?:of|for|to|the|our|your|customers?|teams?)\b)",
        r"\bsupport (?:or|and|roles?|experience|background)\b", r"\bsupport ticket\w*",
        r"\bhelp ?desk\b", r"\bticketing systems?\b",
    ), unless=_any(_TEAM_PARTNERS.format(dept="support"), r"\boperational support\b"),
        background=True),
    Theme("bg_implementation_pm", _any(
        r"\bproject manag\w+", r"\bprogram manag\w+", r"\bproject managing\b",
        r"\bchange management\b", r"\bproject (?:coordination|delivery)\b", r"\bagile\b",
        r"\bpmp\b", r"\bimplementation (?:experience|projects?|roles?|consult\w+|manag\w+)\b",
        r"\b(?:experience|background|skilled|track record)\b.{0,60}\b(?:implementations?|"
        r"onboarding|rollouts?|deployments?|delivery)\b(?! team)",
        ), background=True),
    Theme("bg_consulting", _any(r"\bconsult(?:ing|ant|ants|ancy)\b", r"\badvisory\b"),
          background=True),
    Theme("bg_sales", _any(
        r"(?:,|\bor|/) ?sales\b(?!force| team| leadership| org)",
        r"\b(?:technical|enterprise|saas|b2b|solution|value|direct) sales\b(?! team)",
        r"\bsales (?:experience|background|roles?|or|and account)\b",
        r"\b(?:in|from) (?:b2b |saas |enterprise )?sales\b(?!force| team| org| leader)",
        r"\bbusiness development\b", r"\baccount executive\b", r"\bclos(?:e|ing) deals\b",
        r"\bquota-carrying\b", r"\bventas\b", r"セールス",
    ), unless=_any(_TEAM_PARTNERS.format(dept="sales")), background=True),
    Theme("bg_domain", _any(rf"\b(?:{_INDUSTRY})\b"), also=(_any(
        r"\bindustry\b", r"\bindustries\b", r"\bsector\b", r"\bexperience\b", r"\bbackground",
        r"\bknowledge\b", r"\bfamiliar", r"\bunderstanding\b", r"\bexposure\b", r"\bfluency\b",
        r"\bfrom\b", r"\bworkflows\b", r"\bprocesses\b", r"\bsalud\b",
    ),), background=True),
    Theme("bg_saas", _any(
        r"\bsaas\b", r"\bb2b\b", r"\b(?:enterprise )?software (?:company|companies|industry|"
        r"startups?|environment|products?|solutions?|delivery|deployment)\b",
        r"\btech(?:nology)? (?:company|companies|startups?|environment|industry)\b",
        r"\bsoftware startup\b", r"\benterprise software\b", r"\bcloud\b",
    ), background=True),
    Theme("proactive", _any(
        r"\bproactiv\w*", r"\bself[- ](?:starter|starters|starting|motivated|directed|driven)\b",
        r"\bbias (?:for|to|towards) action\b", r"\b(?:take|taking|takes) (?:the )?initiative\b",
        r"\binitiative-taking\b", r"積極的", r"\bproactivo\b",
    )),
    Theme("product_depth", _any(
        r"\btechnical(?:ly)? (?:aptitude|acumen|curiosity|curious|depth|fluency|fluent|savvy|"
        r"background|competency|understanding|skills|knowledge|expertise|proficiency|concepts|"
        r"topics|audience|workflows|foundation)\b", r"\btech[- ]savvy\b",
        r"\bproduct (?:expert|expertise|knowledge|mastery|understanding)\b",
        r"\b(?:deep|strong|thorough|solid) (?:understanding|knowledge) of (?:our|the|\w+'s) "
        r"(?:products?|platform|software)", r"\blearn (?:our|the) product\b",
        r"\binside and out\b", r"\bins and outs\b", r"\b(?:apis?|integrations|coding|"
        r"programming|scripting)\b", r"\bcomplex (?:technical )?(?:products?|concepts|topics)\b",
        r"\b(?:ai|ml|machine learning|automation) (?:technologies|concepts)\b",
        r"\bquick to learn\b",  r"\btechnical (?:competency|aptitude)\b",
    )),
)

THEME_NAMES: tuple[str, ...] = tuple(theme.name for theme in THEMES)

# The reference document's pairs: the generic claim listings name, and the
# practice the job really needs.
CLAIM_TO_REQUIREMENT: dict[str, str] = {
    "churn_listed": "early_risk_detection",
    "onboarding": "onboarding_first_impression",
    "expansion": "expansion_timing",
    "qbr": "qbr_outcomes",
    "data_sql": "data_dashboards",
}
