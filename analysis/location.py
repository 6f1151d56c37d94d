"""Where a posting's job is: city, region, country, workplace type, remote scope.

Raw location strings mix places with work arrangements ("Remote - US",
"Hybrid - Berlin", "New York City; Remote - US"). Each string is split into
places, work-arrangement words are read off, and each place is resolved
against a small gazetteer (``analysis/data/gazetteer.csv``: countries, US
states, Canadian provinces, major cities and remote areas such as EMEA).

Example:
    >>> parse_locations(["Remote (United States | Canada)"])[0].remote_scope
    'US'
"""

from __future__ import annotations

import csv
import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

logger = logging.getLogger(__name__)

WorkplaceType = Literal["onsite", "hybrid", "remote"]
GAZETTEER = Path(__file__).parent / "data" / "gazetteer.csv"


@dataclass(frozen=True)
class Location:
    """One place a posting names.

    Attributes:
        city: Canonical city name, or None.
        region: US state or Canadian province code ("CA", "ON"), or None.
        country: ISO 3166-1 alpha-2 code, or None.
        workplace_type: "onsite", "hybrid" or "remote", or None if unknown.
        remote_scope: For remote work, where from: a country code ("US") or an
            area ("EMEA", "Europe", "LATAM", "Worldwide"); None otherwise.
        raw: The raw string this place came from.
    """

    city: str | None = None
    region: str | None = None
    country: str | None = None
    workplace_type: WorkplaceType | None = None
    remote_scope: str | None = None
    raw: str = ""


WORKPLACE_WORDS: list[tuple[WorkplaceType, re.Pattern]] = [
    ("hybrid", re.compile(r"\bhybrid\b", re.I)),
    ("remote", re.compile(r"\bremote\b|\bwork from home\b|\bWFH\b|\banywhere\b", re.I)),
    ("onsite", re.compile(r"\bon[- ]?site\b|\bin[- ]office\b|\bin[- ]person\b", re.I)),
]
TEXT_WORKPLACE: list[tuple[WorkplaceType, re.Pattern]] = [
    ("remote", re.compile(r"\b(?:fully|100%) remote\b|\bremote[- ]first\b", re.I)),
    ("hybrid", re.compile(r"\bhybrid (?:role|position|work|schedule|model)\b", re.I)),
    ("onsite", re.compile(r"\b(?:fully )?on[- ]?site (?:role|position)\b|"
                          r"\bin[- ]office \d|\bfive days (?:a|per) week in", re.I)),
]
HINTS: dict[str, WorkplaceType] = {
    "remote": "remote", "hybrid": "hybrid", "onsite": "onsite", "on-site": "onsite",
    "in_office": "onsite", "office": "onsite",
}
# Words that dress up a place without changing it ("San Francisco Office").
NOISE = re.compile(
    r"\b(?:office|offices|hq|headquarters|based|only|or|in|area|metro|region|anywhere|"
    r"remote|hybrid|on[- ]?site|in[- ]office|days?|mon|m,w,f|\d+x/week)\b\.?",
    re.I)
PLACE_SPLIT = re.compile(r"\s*(?:;|\||/| or | and |&|\n)\s*")
PART_SPLIT = re.compile(r"\s*(?:,|\s-\s|–|—|\(|\)|-(?=[A-Z]))\s*")


def parse_locations(raw_locations: list[str], workplace_hint: str | None = None,
                    text: str | None = None) -> list[Location]:
    """Resolve a posting's raw location strings.

    Args:
        raw_locations: The record's ``locations``, primary first.
        workplace_hint: The source's workplace type (``remote``, ``hybrid``,
            ``onsite``), used where a string names no arrangement.
        text: The description, read for a clear arrangement ("fully remote")
            only when neither the strings nor the hint give one.

    Returns:
        One Location per place named, in order, without exact repeats.
    """
    fallback = HINTS.get((workplace_hint or "").lower()) or _text_workplace(text)
    found: list[Location] = []
    for raw in raw_locations or []:
        for place in _parse_one(raw, fallback):
            if place not in found:
                found.append(place)
    return found


def _parse_one(raw: str, fallback: WorkplaceType | None) -> list[Location]:
    places = []
    for chunk in _chunks(raw):
        workplace = _workplace(chunk) or fallback
        resolved = _resolve(chunk)
        if not resolved and workplace is not None:
            resolved = [(None, None, None, None)]
        for city, region, country, area in resolved:
            # A bare area ("EMEA") is where people work from, not an office.
            kind = workplace or ("remote" if area and not city else None)
            scope = None
            if kind == "remote":
                scope = area or (country if not city else None)
            places.append(Location(city, region, country, kind, scope, raw.strip()))
    return places


def _chunks(raw: str) -> list[str]:
    """Split "Remote (United States | Canada)" or "NYC; Remote - US" into
    places, carrying a leading arrangement word into each split-off place."""
    head = re.match(r"\s*(remote|hybrid)\b", raw, re.I)
    chunks = [c for c in PLACE_SPLIT.split(raw) if c.strip()]
    if head and len(chunks) > 1:
        chunks = [c if _workplace(c) else f"{head.group(1)} {c}" for c in chunks]
    return chunks or [raw]


def _workplace(chunk: str) -> WorkplaceType | None:
    return next((kind for kind, pattern in WORKPLACE_WORDS if pattern.search(chunk)),
                None)


def _text_workplace(text: str | None) -> WorkplaceType | None:
    if not text:
        return None
    return next((kind for kind, pattern in TEXT_WORKPLACE if pattern.search(text)),
                None)


def _resolve(chunk: str) -> list[tuple[str | None, str | None, str | None, str | None]]:
    """City, region, country and remote area of each place in one string;
    "France, Belgium, Spain" names three places, "Austin, TX, USA" one."""
    chunk = re.sub(r"Washington,?\s*D\.?\s?C\.?", "Washington DC", chunk)
    parts = [NOISE.sub(" ", p).strip(" .") for p in PART_SPLIT.split(chunk)]
    parts = [re.sub(r"\s+", " ", p) for p in parts if p and p.strip(" .")]
    table = _gazetteer()
    places: list[list] = []
    current = [None, None, None, None]
    for position, part in enumerate(parts):
        key = _key(part)
        if key in table["city"] and current[0] is None and _fits(table["city"][key],
                                                                  current[2]):
            current[:3] = table["city"][key]
        elif key in table["country"]:
            if current[2] not in (None, table["country"][key]):
                places.append(current)
                current = [None, None, None, None]
            current[2] = table["country"][key]
        elif key in table["area"]:
            current[3] = current[3] or table["area"][key]
        elif key in table["state"] and (len(part) > 2 or part.isupper() and position):
            current[1] = current[1] or table["state"][key][0]
            current[2] = current[2] or table["state"][key][1]
    places.append(current)
    return [tuple(p) for p in places if any(p)]


def _key(name: str) -> str:
    return name.lower().replace(".", "").strip()


def _fits(city: tuple, country: str | None) -> bool:
    return country is None or city[2] == country


@lru_cache(maxsize=1)
def _gazetteer() -> dict[str, dict]:
    table: dict[str, dict] = {"country": {}, "area": {}, "state": {}, "city": {}}
    with GAZETTEER.open(encoding="utf-8") as rows:
        for row in csv.DictReader(rows):
            key = _key(row["name"])
            if row["kind"] == "city":
                table["city"][key] = (row["code"], row["region"] or None,
                                      row["country"])
            elif row["kind"] == "state":
                state = (row["code"], row["country"])
                table["state"][key] = state
                table["state"].setdefault(row["code"].lower(), state)
            else:
                table[row["kind"]][key] = row["code"]
    return table
