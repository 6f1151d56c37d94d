"""Small posting fields: seniority, employment type, customer segment, dates.

Salary and locations live in their own modules and are re-exported here, so
that ``analysis.fields`` is the one import for every cleaned field.

Seniority levels, checked in this order (the first match wins):

- ``vp``: VP, Vice President, SVP, EVP, Chief ... Officer.
- ``head``: Head of ...
- ``director``: Director, including Senior and Associate Director.
- ``manager``: a people manager: "Manager, Customer Success", "Manager of
  ...", "Team Manager", "Senior Manager, ...". A role named "... Manager"
  after its function ("Customer Success Manager") is an individual
  contributor and is not a manager.
- ``principal``: Principal, Staff, Distinguished.
- ``lead``: Lead, Team Lead.
- ``senior``: Senior, Sr, Snr, or level III and above ("CSM III").
- ``associate``: Associate, Junior, Jr, Entry level, Graduate, Intern,
  Apprentice, or level I.
- ``mid``: everything else, so a plain "Customer Success Manager" (or level
  II) is ``mid``.

A segment word in a title ("Strategic", "Enterprise") is a customer segment,
not a seniority.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime, timezone

from analysis.location import Location, parse_locations
from analysis.salary import Salary, parse_salary_text, salary_from_compensation

__all__ = [
    "Location", "Salary", "customer_segment", "employment_type", "parse_date",
    "parse_locations", "parse_salary_text", "salary_from_compensation",
    "seniority",
]

logger = logging.getLogger(__name__)

SENIORITY_RULES: list[tuple[str, re.Pattern]] = [
    ("vp", re.compile(r"\b(?:S?VP|EVP|AVP|vice[- ]president|chief\b.*\bofficer|"
                      r"C[A-Z]O)\b", re.I)),
    ("head", re.compile(r"\bhead of\b|\bhead,", re.I)),
    ("director", re.compile(r"\bdirector\b", re.I)),
    ("manager", re.compile(r"^\W*(?:senior |sr\.? )?manager\b|\bmanager (?:of|,)|"
                           r"\b(?:team|group|people|senior) manager\b(?!,? \w+ manager)"
                           r"|\bmanager\s*[-–]\s*customer", re.I)),
    ("principal", re.compile(r"\b(?:principal|staff|distinguished)\b", re.I)),
    ("lead", re.compile(r"\b(?:team )?lead\b", re.I)),
    ("senior", re.compile(r"\b(?:senior|sr|snr)\b\.?|\b(?:III|IV|V)\b|\blevel [3-9]\b",
                          re.I)),
    ("associate", re.compile(r"\b(?:associate|junior|jr|entry[- ]level|graduate|"
                             r"intern|apprentice)\b|\bI\b(?!\w)|\blevel 1\b", re.I)),
]


def seniority(title: str | None) -> str:
    """Seniority level of a job title (see the module docstring).

    Args:
        title: The posting title as given.

    Returns:
        One of associate, mid, senior, lead, principal, manager, director,
        head, vp.

    Example:
        >>> seniority("Sr. Customer Success Manager")
        'senior'
    """
    title = re.sub(r"\s+", " ", title or "").strip()
    # "Senior Manager, Customer Success" manages people; check that first.
    for level, pattern in SENIORITY_RULES:
        if pattern.search(title):
            return level
    return "mid"


EMPLOYMENT_TYPES: list[tuple[str, re.Pattern]] = [
    ("internship", re.compile(r"intern|working student|werkstudent|trainee|"
                              r"apprentice", re.I)),
    ("temporary", re.compile(r"temp|seasonal|fixed[- ]term|befristet", re.I)),
    ("contract", re.compile(r"contract|freelance|consultant|1099", re.I)),
    ("part_time", re.compile(r"part[- _]?time|teilzeit", re.I)),
    ("full_time", re.compile(r"full[- _]?time|permanent|regular|vollzeit|"
                             r"unbefristet", re.I)),
]
# Where the text states the type outright ("Job Type: Full-time").
LABELLED_TYPE = re.compile(
    r"\b(?:job|employment|position|contract) type\s*:\s*([^\n.|]{3,40})", re.I)
STATED_TYPE = re.compile(
    r"\b(?:this is an?|is an?|as an?|for an?|offering an?)\s+((?:paid |unpaid )?"
    r"(?:full[- ]time|part[- ]time|contract|temporary|fixed[- ]term|freelance)"
    r"\b|internship\b)", re.I)


def employment_type(raw: str | None, text: str | None = None) -> str | None:
    """Normalise an employment type.

    Args:
        raw: The source's value (``FullTime``, ``Full-time``, ``Contract``,
            ``Regular Full Time (Salary)`` ...).
        text: The description, read only when ``raw`` is missing or unknown,
            and only for a labelled or plainly stated type.

    Returns:
        full_time, part_time, contract, internship or temporary, or None.
    """
    for value in (raw, *_stated_types(text)):
        found = _normalise_type(value)
        if found:
            return found
    return None


def _stated_types(text: str | None) -> list[str]:
    if not text:
        return []
    return [m.group(1) for m in LABELLED_TYPE.finditer(text)] + [
        m.group(1) for m in STATED_TYPE.finditer(text)]


def _normalise_type(value: str | None) -> str | None:
    if not value:
        return None
    return next((kind for kind, pattern in EMPLOYMENT_TYPES if pattern.search(value)),
                None)


_CUSTOMERS = r"(?:customers?|accounts?|clients?|segment|portfolio|book|logos|brands)"
SEGMENTS: list[tuple[str, re.Pattern]] = [
    ("smb", re.compile(
        r"\bSMBs?\b|\bSMEs?\b|small (?:and|&|to) (?:medium|mid)[- ]?sized? "
        r"(?:businesses|business|companies|enterprises|customers)|"
        r"small[- ]business (?:customers|accounts|clients|segment)|\bscaled? "
        rf"(?:segment|{_CUSTOMERS})\b|\blow[- ]touch\b|\bcommercial (?:{_CUSTOMERS})",
        re.I)),
    ("mid_market", re.compile(
        rf"\bmid[- ]?market\b|\bmid[- ]sized? (?:companies|businesses|{_CUSTOMERS})",
        re.I)),
    ("enterprise", re.compile(
        rf"\benterprise[- ](?:level )?(?:{_CUSTOMERS}|CSM|customer success|"
        r"organi[sz]ations|companies)|\blarge enterprises?\b|"
        r"\blarge[- ]scale (?:customers|accounts)", re.I)),
    ("strategic", re.compile(
        rf"\bstrategic (?:{_CUSTOMERS}|CSM|customer success)|\b(?:our )?largest "
        rf"(?:and most \w+ )?(?:strategic )?{_CUSTOMERS}|\bmost strategic\b|"
        r"\bkey accounts?\b|\bhigh[- ]touch\b", re.I)),
]


def customer_segment(text: str | None) -> list[str]:
    """Customer segments a posting says the role serves.

    A segment counts only when the text names it as customers or accounts
    ("mid-market accounts", "our largest strategic customers", "SMB
    customers", "Enterprise CSM"), not when it says "enterprise software".

    Args:
        text: Title and description, or either.

    Returns:
        The segments named, in the order smb, mid_market, enterprise,
        strategic.
    """
    if not text:
        return []
    return [name for name, pattern in SEGMENTS if pattern.search(text)]


def parse_date(value: str | int | float | None) -> str | None:
    """An ISO 8601 date (``YYYY-MM-DD``, UTC) from an ISO string or epoch time.

    Args:
        value: An ISO 8601 date or date-time string, or an epoch time in
            milliseconds (Lever's ``createdAt``) or seconds, as a number or a
            string of digits.

    Returns:
        The date, or None when the value cannot be read.

    Example:
        >>> parse_date(1553186035299)
        '2019-03-21'
    """
    if value is None or value == "":
        return None
    if isinstance(value, str) and re.fullmatch(r"\s*\d{9,14}(?:\.\d+)?\s*", value):
        value = float(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # Epoch seconds run to 11 digits for millennia; longer means ms.
        seconds = value / 1000 if value >= 1e11 else value
        return datetime.fromtimestamp(seconds, tz=timezone.utc).date().isoformat()
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        logger.debug("unreadable date %r", value)
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc)
    return moment.date().isoformat()
