"""Numbers a posting states: minimum years of experience and book size."""

from __future__ import annotations

import re

from analysis.document import Document

_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
    "twenty": 20,
}
_NUMBER = r"(?:\d{1,2}|" + "|".join(_WORDS) + r")"
_YEARS = re.compile(
    rf"(?<![\d$.,])(?P<low>{_NUMBER})(?:\s*\(\d+\))?\s*\+?\s*(?:plus\s+)?"
    rf"(?:(?:-|–|—|~|to|or)\s*(?P<high>{_NUMBER})\s*\+?\s*)?"
    r"(?:full[- ])?(?:years?|yrs?|años|ans|jahre)\b(?!\s+(?:old|ago))"
    # What follows must be about experience: "of", "in", "as", "managing"...
    r"(?=['’]?\s*(?:of|in|as|at|with|experience|professional|relevant|working|"
    r"managing|leading|running|selling|building|doing|post|hands|de|d'|"
    r"customer|client|enterprise|technical|saas|b2b)\b)",
    re.IGNORECASE,
)
_YEARS_CJK = re.compile(r"(?P<low>\d{1,2})(?:\s*[～~〜-]\s*(?P<high>\d{1,2}))?\s*年")
_NOT_EXPERIENCE = re.compile(
    r"\b(?:founded|we've been|we have been|within (?:the )?(?:first|next)|"
    r"in the (?:last|past|next)|over the (?:last|past|next)|anniversary|"
    r"of employment|sabbatical|vesting|tenure with us)\b",
    re.IGNORECASE,
)
_OPTIONAL = re.compile(r"\b(?:bonus|a plus|nice to have|preferred)\b", re.IGNORECASE)
_COUNT = r"~?\s?(?P<low>\d{1,3})\s*\+?\s*(?:(?:-|–|—|to)\s*~?\s?(?P<high>\d{1,3})\s*\+?)?"
_APPROX = r"(?:about|around|approximately|roughly|up to|over|more than|at least|~)?\s*"
_ACCOUNTS = r"(?:[\w-]+\s){0,3}?(?:accounts|customers|clients|logos|companies|partners)\b"
_BOOK = (
    re.compile(
        rf"\b(?:portfolio|book(?: of business)?|roster|set|group|list)\s+of\s+"
        rf"{_APPROX}{_COUNT}\s+{_ACCOUNTS}",
        re.IGNORECASE,
    ),
    re.compile(
        r"\b(?:manag|own|support|handl|cover|run|oversee|serv|contact for|"
        r"responsible for)\w*\s+(?:a\s+|an\s+|your\s+|approximately\s+)?"
        rf"(?:[\w-]+\s){{0,4}}?{_APPROX}{_COUNT}\s+{_ACCOUNTS}",
        re.IGNORECASE,
    ),
)
# Book sizes beyond this are customer counts of the company, not a book.
MAX_BOOK = 2000


def _value(token: str) -> int:
    return int(token) if token.isdigit() else _WORDS[token.lower()]


def years_in(sentence: str) -> int | None:
    """Years of experience one sentence asks for: its headline number."""
    if _NOT_EXPERIENCE.search(sentence):
        return None
    found = [
        (m.start(), _value(m.group("low")))
        for pattern in (_YEARS, _YEARS_CJK)
        for m in pattern.finditer(sentence)
    ]
    # The first number is the headline ask; later ones in the same sentence
    # qualify it ("8+ years, including 3 in leadership").
    found = sorted(item for item in found if 0 < item[1] <= 30)
    return found[0][1] if found else None


def years_experience_min(document: Document) -> tuple[int, str] | None:
    """Smallest number of years of relevant experience the posting asks for.

    Returns:
        ``(years, sentence)``, or None when no sentence states a number.
    """
    asked, bonus = [], []
    for sentence in document.content_sentences():
        years = years_in(sentence.text)
        if years is not None:
            optional = sentence.label == "nice_to_have" or _OPTIONAL.search(sentence.text)
            (bonus if optional else asked).append((years, sentence.text))
    # A bonus ("1 year of ERP is a plus") is not the minimum asked for.
    found = asked or bonus
    return min(found, key=lambda item: item[0]) if found else None


def book_in(sentence: str) -> tuple[int, int] | None:
    """Book size ``(min, max)`` stated in one sentence, if any."""
    matches = (m for pattern in _BOOK for m in pattern.finditer(sentence))
    for match in matches:
        prefix = sentence[max(0, match.start("low") - 1):match.start("low")]
        if prefix in ("$", "€", "£"):
            continue
        low = int(match.group("low"))
        high = int(match.group("high")) if match.group("high") else low
        if 1 < low <= high <= MAX_BOOK:
            return low, high
    return None


def portfolio_accounts(document: Document) -> tuple[dict, str] | None:
    """The number of accounts in the book, when the posting states it.

    Returns:
        ``({"min": m, "max": n}, sentence)`` or None.
    """
    for sentence in document.content_sentences():
        book = book_in(sentence.text)
        if book:
            return {"min": book[0], "max": book[1]}, sentence.text
    return None
