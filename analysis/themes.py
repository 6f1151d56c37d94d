"""Find the sentences of a posting that state each codebook theme."""

from __future__ import annotations

from dataclasses import dataclass

from analysis.codebook import BACKGROUND_CONTEXT, THEMES, Theme
from analysis.document import Document, Sentence

# Sections in which a sentence asks for a background even without the word
# "experience" (a bullet under "What you bring").
_ASKING_SECTIONS = frozenset({"requirements", "nice_to_have"})
MAX_COUNTED = 2


@dataclass(frozen=True)
class ThemeHit:
    """The evidence for one theme in one posting.

    Attributes:
        theme: The label name.
        evidence: The first sentence that states it.
        sentences: How many sentences state it (counted up to two).
    """

    theme: str
    evidence: str
    sentences: int

    @property
    def score(self) -> float:
        """A confidence in (0, 1] that grows with the number of sentences."""
        return round(min(1.0, 0.6 + 0.2 * self.sentences), 2)


def states(theme: Theme, sentence: Sentence) -> bool:
    """True when ``sentence`` states ``theme`` under its patterns."""
    text = sentence.text
    if theme.background and not (
        sentence.label in _ASKING_SECTIONS or BACKGROUND_CONTEXT.search(text)
    ):
        return False
    if not theme.stated.search(text):
        return False
    if any(not pattern.search(text) for pattern in theme.also):
        return False
    return not (theme.unless and theme.unless.search(text))


def find_themes(document: Document) -> dict[str, ThemeHit]:
    """Match every theme against the posting's non-boilerplate sentences.

    Args:
        document: The parsed posting.

    Returns:
        A hit for each theme that at least one sentence states.
    """
    hits: dict[str, ThemeHit] = {}
    sentences = document.content_sentences()
    for theme in THEMES:
        # Two sentences already give the top score: stop looking there.
        matching = []
        for sentence in sentences:
            if states(theme, sentence):
                matching.append(sentence)
                if len(matching) == MAX_COUNTED:
                    break
        if matching:
            hits[theme.name] = ThemeHit(theme.name, matching[0].text, len(matching))
    return hits


def sentence_themes(text: str, section: str) -> list[str]:
    """The themes one sentence states on its own, read as part of ``section``.

    Used to tie requirement clusters to the codebook: a cluster overlaps a
    theme as far as its sentences state it.
    """
    sentence = Sentence(label=section, kind="item", start=0, end=len(text), text=text)
    return [theme.name for theme in THEMES if states(theme, sentence)]
