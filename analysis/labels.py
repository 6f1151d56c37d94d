"""Label a posting in the gold format of ``docs/reference/codebook.md``."""

from __future__ import annotations

import re

from analysis.codebook import THEME_NAMES
from analysis.counts import portfolio_accounts, years_experience_min
from analysis.document import Document
from analysis.family import role_family
from analysis.themes import find_themes

_ACCOUNT_NOUN = r"(?:customers?|accounts?|clients?|segment|organi[sz]ations|companies|book)"
# Each segment: the title names it by the bare word; the text must tie the
# word to the customers served ("enterprise" alone also describes software).
_SEGMENTS = (
    ("smb", re.compile(r"\bsmb\b|\bsmall (?:and|&) medium|\bsmall business", re.I)),
    ("mid_market", re.compile(r"\bmid[- ]?market\b", re.I)),
    ("enterprise", re.compile(rf"\benterprise (?:{_ACCOUNT_NOUN})\b", re.I)),
    ("strategic", re.compile(
        rf"\bstrategic (?:{_ACCOUNT_NOUN}|partners?)\b"
        r"|\blargest (?:and most \w+ )?(?:customers|accounts|clients)\b", re.I)),
)
_TITLE_SEGMENT = {
    "enterprise": re.compile(r"\benterprise\b", re.I),
    "strategic": re.compile(r"\bstrategic\b", re.I),
}
# Named tools a CSM works with; matched as written in the posting.
_TOOLS = re.compile(
    r"\b(Gainsight|ChurnZero|Totango|Vitally|Planhat|Catalyst|Salesforce|HubSpot|"
    r"Zendesk|Intercom|Jira|Confluence|Looker|Tableau|Power BI|Mode|Hex|Pendo|"
    r"Mixpanel|Amplitude|Gong|Outreach|Slack|Notion|Excel|Google Sheets|"
    r"Google Workspace|Zapier|ZoomInfo|LinkedIn Sales Navigator|Loom|Zoom|"
    r"Pylon|Freshdesk|ServiceNow|NetSuite|Marketo|Clari|Asana|Monday\.com|"
    r"Snowflake|SQL)\b"
)


def label_posting(title: str, document: Document) -> dict:
    """Label one posting under the codebook.

    Args:
        title: The posting title as given.
        document: The parsed description (``analysis.document.parse_document``).

    Returns:
        A dict in the gold format: ``role_family``; and unless the family is
        ``other``, ``segment``, every theme as ``{"value": bool}`` (with
        ``evidence`` and ``score`` when true), ``portfolio_accounts``,
        ``years_experience_min`` and ``tools``.
    """
    family = role_family(title, document)
    labels: dict = {"role_family": family}
    if family == "other":
        return labels
    labels["segment"] = segments(title, document)
    hits = find_themes(document)
    for name in THEME_NAMES:
        hit = hits.get(name)
        labels[name] = (
            {"value": True, "evidence": hit.evidence, "score": hit.score}
            if hit else {"value": False}
        )
    book = portfolio_accounts(document)
    labels["portfolio_accounts"] = dict(book[0], evidence=book[1]) if book else None
    years = years_experience_min(document)
    labels["years_experience_min"] = (
        {"value": years[0], "evidence": years[1]} if years else None
    )
    labels["tools"] = tools(document)
    return labels


def segments(title: str, document: Document) -> list[str]:
    """Customer segments that the title or the posting's content names."""
    texts = [s.text for s in document.content_sentences()]
    found = []
    for name, pattern in _SEGMENTS:
        in_title = _TITLE_SEGMENT.get(name, pattern).search(title)
        if in_title or any(pattern.search(text) for text in texts):
            found.append(name)
    return found


def tools(document: Document) -> list[str]:
    """Named tools, once each, in order of first mention."""
    seen: dict[str, str] = {}
    for sentence in document.content_sentences():
        for match in _TOOLS.finditer(sentence.text):
            seen.setdefault(match.group(1).lower(), match.group(1))
    return list(seen.values())
