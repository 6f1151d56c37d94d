"""Place a posting in the codebook's role family: csm, adjacent or other.

The title decides most postings. Titles that the codebook leaves open
("Customer Success Associate", a bare "Customer Success") are settled by the
text: how much of the post-sale remit (renewals, retention, expansion, a
book of accounts) it describes, and whether the job supports CSMs rather
than being one.
"""

from __future__ import annotations

import re

from analysis.document import Document


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


_OTHER_TITLE = _rx(
    r"\b(engineer|developer|scientist|designer|counsel|lawyer|attorney|recruit"
    r"|marketing|product manager|sales development|business development rep"
    r"|sdr|bdr|store manager|analyst|accountant|mlro|coding specialist"
    r"|support (engineer|agent|associate|specialist|representative)"
    r"|customer support|technical support|help ?desk|open application)\b"
)
_CSM_TITLE = _rx(
    r"\b(customer|client) success (manager|director|lead(er)?|partner|strategist"
    r"|executive|architect|management)\b|\bcsm\b"
    r"|\b(head|vp|vice president|director|chief)\b.*\b(customer|client) success\b"
    r"|\btechnical account manager\b|\bcustomer (outcomes?|partner)\b"
    r"|\bgrowth strategist\b.*\bcustomer success\b"
)
_CS_OPEN_TITLE = _rx(r"\b(customer|client) success\b")
_CS_OPERATIONS = _rx(r"\b(operations|ops|enablement|analyst)\b")
_ADJACENT_TITLE = _rx(
    r"\baccount manager\b|\brenewals?\b|\bonboarding (manager|specialist|lead"
    r"|consultant)\b|\bimplementation\b|\bcustomer experience manager\b"
    r"|\bcustomer onboarding\b|\bengagement manager\b|\bdeployment strategist\b"
    r"|\bsolutions? (manager|partner)\b"
)
_NEW_BUSINESS_TITLE = _rx(r"\b(account executive|sales|partnerships)\b")

# Cue families of the post-sale remit; a posting scores one per family seen.
_REMIT_CUES = [
    _rx(r"\brenewals?\b"),
    _rx(r"\b(retention|churn|retain)\b"),
    _rx(r"\b(expansion|upsell|up-sell|cross-sell|expand)\b"),
    _rx(r"\b(book of business|portfolio of|assigned accounts|your accounts)\b"),
    _rx(r"\badoption\b"),
    _rx(r"\b(business reviews?|qbrs?|ebrs?)\b"),
    _rx(r"\bhealth (scores?|metrics|checks?)\b|\baccount health\b"),
]
_ASSISTS_CSMS = _rx(
    r"\b(support|assist|work(s|ing)? closely with|partner(s|ing)? with) (the |our )?"
    r"customer success managers?\b"
)
_IS_A_CSM = _rx(r"\b(looking for|seeking|hiring) an? (\w+ )?customer success manager\b")


def role_family(title: str, document: Document | None = None) -> str:
    """Classify a posting as ``csm``, ``adjacent`` or ``other``.

    Args:
        title: The posting title as given.
        document: The parsed description, used when the title is open.

    Returns:
        The role family under the codebook.
    """
    title = title or ""
    if _CSM_TITLE.search(title):
        return "csm"
    if _CS_OPEN_TITLE.search(title):
        if _CS_OPERATIONS.search(title):
            return "adjacent"
        return _from_text(document)
    if _OTHER_TITLE.search(title):
        return "other"
    if _ADJACENT_TITLE.search(title) and not _NEW_BUSINESS_TITLE.search(title):
        return "adjacent"
    return "other"


def remit_score(document: Document | None) -> int:
    """Count the post-sale cue families that a posting's content mentions."""
    if document is None:
        return 0
    text = " ".join(s.text for s in document.content_sentences())
    return sum(bool(cue.search(text)) for cue in _REMIT_CUES)


def _from_text(document: Document | None) -> str:
    """Settle an open customer success title from the description."""
    if document is None:
        return "csm"
    text = " ".join(s.text for s in document.content_sentences())
    if _IS_A_CSM.search(text):
        return "csm"
    if _ASSISTS_CSMS.search(text):
        return "adjacent"
    score = remit_score(document)
    if score >= 3:
        return "csm"
    return "adjacent" if score >= 1 else "other"
