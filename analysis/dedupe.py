"""Near-duplicate postings: the same role posted in several cities, re-posted
with a new id, or cross-posted on two boards.

Company boilerplate (the "about us" blurb, benefits, the equal opportunity
statement) would make every two postings of a company look alike, so it is
removed first: a paragraph is boilerplate when it occurs under two or more
different title families of the same company. A title family is the title
without its qualifiers ("Enterprise CSM, Germany" and "Enterprise CSM, Spain"
are one family), so the role text that copies of one role share is kept.
What remains is compared with datasketch MinHash LSH over word shingles, and a
candidate pair is grouped only when its titles are compatible.

Example:
    >>> groups = group_duplicates(postings)
    >>> groups["ashby:acme:2"]
    'ashby:acme:1'
"""

from __future__ import annotations

import logging
import re
import zlib
from collections import defaultdict
from collections.abc import Iterable, Mapping

from datasketch import MinHash, MinHashLSH

logger = logging.getLogger(__name__)

NUM_PERM = 64
SEED = 1
SHINGLE_WORDS = 3
# Estimated Jaccard similarity of the role text above which postings group.
THRESHOLD = 0.8
# Titles whose families share this share of words are compatible.
TITLE_OVERLAP = 0.75
MIN_ROLE_SHINGLES = 20

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
# Qualifiers after a separator or in brackets: place, language, team, gender.
_QUALIFIER = re.compile(r"\s*(?:\(.*?\)|\[.*?\]|\s[-–—|/]\s.*$|,.*$|-\s*\(.*$)")


def group_duplicates(postings: Iterable[Mapping]) -> dict[str, str]:
    """Group near-duplicate postings.

    Args:
        postings: Records with ``posting_id``, ``company``, ``title`` and
            ``text`` (the clean description).

    Returns:
        A map from every posting_id to its group id, the smallest posting_id
        of its group (a posting without duplicates is its own group).
    """
    records = sorted(postings, key=lambda r: r["posting_id"])
    role_texts = _role_texts(records)

    # Sign each posting's role text and index the signatures.
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    # One set of permutations for all: making them per signature costs more
    # than hashing the shingles.
    template = MinHash(num_perm=NUM_PERM, seed=SEED)
    signatures: dict[str, MinHash] = {}
    for record in records:
        shingles = _shingles(role_texts[record["posting_id"]])
        if len(shingles) < MIN_ROLE_SHINGLES:
            continue
        signature = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=_hash32,
                            permutations=template.permutations,
                            scheme=template.scheme)
        signature.update_batch(sorted(shingles))
        signatures[record["posting_id"]] = signature
        lsh.insert(record["posting_id"], signature)

    # Join candidate pairs that really are alike and have compatible titles.
    by_id = {r["posting_id"]: r for r in records}
    parent = {r["posting_id"]: r["posting_id"] for r in records}
    for posting_id, signature in signatures.items():
        for other in lsh.query(signature):
            if other <= posting_id:
                continue
            if not _same_company(by_id[posting_id], by_id[other]):
                continue
            if (signature.jaccard(signatures[other]) >= THRESHOLD
                    and titles_compatible(by_id[posting_id]["title"],
                                          by_id[other]["title"])):
                _union(parent, posting_id, other)
    groups = {pid: _find(parent, pid) for pid in parent}
    logger.debug("grouped %d postings into %d groups", len(groups),
                 len(set(groups.values())))
    return groups


def title_family(title: str | None) -> str:
    """A title without its qualifiers, lower-cased: the role it names."""
    core = _QUALIFIER.sub("", title or "").strip() or (title or "")
    return " ".join(_WORD.findall(core.lower()))


def titles_compatible(first: str | None, second: str | None) -> bool:
    """Whether two titles can name the same role (same family, or families
    sharing most of their words)."""
    a, b = set(title_family(first).split()), set(title_family(second).split())
    if not a or not b:
        return a == b
    return a == b or len(a & b) / len(a | b) >= TITLE_OVERLAP


def _role_texts(records: list[Mapping]) -> dict[str, str]:
    """Each posting's text without the paragraphs its company repeats across
    different roles."""
    families: dict[tuple[str, str], set[str]] = defaultdict(set)
    paragraphs: dict[str, tuple[str, list[str]]] = {}
    for record in records:
        company, family = company_key(record), title_family(record.get("title"))
        keys = [_normalise(p) for p in _paragraphs(record.get("text") or "")]
        paragraphs[record["posting_id"]] = (company, keys)
        for key in keys:
            families[(company, key)].add(family)
    return {pid: "\n".join(k for k in keys if len(families[(company, k)]) < 2)
            for pid, (company, keys) in paragraphs.items()}


def _paragraphs(text: str) -> list[str]:
    # Lines, not blank-line paragraphs: clean text may put one block per line.
    return [p for p in text.splitlines() if p.strip()]


def _normalise(paragraph: str) -> str:
    return " ".join(_NON_WORD.sub(" ", paragraph.lower()).split())


def _shingles(text: str) -> set[bytes]:
    words = text.split()
    return {" ".join(gram).encode("utf-8")
            for gram in zip(*(words[i:] for i in range(SHINGLE_WORDS)))}


def _hash32(value: bytes) -> int:
    # crc32 is deterministic across processes (unlike hash()) and fast.
    return zlib.crc32(value)


def company_key(record: Mapping) -> str:
    """The company of a record, normalised: postings only group within one."""
    return re.sub(r"[^a-z0-9]", "", (record.get("company") or "").lower())


def _same_company(first: Mapping, second: Mapping) -> bool:
    return company_key(first) == company_key(second)


def _find(parent: dict[str, str], node: str) -> str:
    while parent[node] != node:
        parent[node] = parent[parent[node]]
        node = parent[node]
    return node


def _union(parent: dict[str, str], first: str, second: str) -> None:
    # The smaller id becomes the root, so the group id is the smallest member.
    a, b = sorted((_find(parent, first), _find(parent, second)))
    parent[b] = a
