"""Split blocks into sentences, and requirement sections into units.

A unit is one sentence of a responsibilities, requirements or nice-to-have
section, with character offsets into the document text. The splitter is a
small rule set rather than a trained model: it must run offline, fast, and
cope with bullets that carry no final full stop.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Sentence ends at . ! ? or the CJK full stop, then space and a capital,
# digit, quote or non-Latin letter; bullets without punctuation stay whole.
_BOUNDARY = re.compile(
    r"(?:(?<=[.!?])[\"')\]”’]*\s+(?=[\"'(“‘¿¡A-Z0-9\u00C0-\u024F\u0370-\uFFFF])"
    r"|(?<=[。！？])\s*)"
)
# Abbreviations after which a full stop does not end the sentence.
_ABBREVIATIONS = frozenset(
    "e.g i.e etc vs inc ltd co corp sr jr dr mr mrs ms st no approx dept "
    "u.s u.k a.m p.m incl esp min max ca".split()
)
_LAST_WORD = re.compile(r"(?<!\w)([A-Za-z.]+)\.[\"')\]”’]*\s*$")
MIN_SENTENCE_CHARS = 3


@dataclass(frozen=True)
class Unit:
    """One requirement or responsibility sentence of a posting.

    Attributes:
        section: The section label (``responsibilities``, ``requirements``
            or ``nice_to_have``).
        position: Order of the unit within its posting, from 0.
        start: Offset of the first character in ``Document.text``.
        end: Offset one past the last character, so that
            ``document.text[start:end] == text``.
        text: The sentence.
    """

    section: str
    position: int
    start: int
    end: int
    text: str


def sentence_spans(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """Find the sentences of one block of text.

    Args:
        text: One block's text (a paragraph or list item).
        offset: Added to every span, for blocks placed inside a document.

    Returns:
        ``(start, end)`` pairs, stripped of surrounding whitespace.
    """
    spans = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        if _after_abbreviation(text[:match.start()]):
            continue
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    result = []
    for lo, hi in spans:
        chunk = text[lo:hi]
        lo += len(chunk) - len(chunk.lstrip())
        hi -= len(chunk) - len(chunk.rstrip())
        if hi - lo >= MIN_SENTENCE_CHARS:
            result.append((lo + offset, hi + offset))
    return result


def split_sentences(text: str) -> list[str]:
    """Split text into sentences (see :func:`sentence_spans`)."""
    return [text[lo:hi] for lo, hi in sentence_spans(text)]


def _after_abbreviation(head: str) -> bool:
    """True when the full stop that ends ``head`` closes an abbreviation."""
    match = _LAST_WORD.search(head)
    if not match:
        return False
    word = match.group(1).lower()
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())
