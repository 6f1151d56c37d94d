"""Shares of postings with their 95% confidence intervals."""

from __future__ import annotations

import math
from dataclasses import dataclass

Z_95 = 1.959963984540054


@dataclass(frozen=True)
class Share:
    """A proportion with its Wilson score interval."""

    count: int
    total: int
    share: float
    low: float
    high: float


def wilson(count: int, total: int, z: float = Z_95) -> Share:
    """Return ``count / total`` with its Wilson score interval.

    The Wilson interval stays inside [0, 1] and behaves at small counts,
    where the normal approximation does not.

    Example:
        >>> round(wilson(30, 100).low, 3)
        0.219
    """
    if total <= 0:
        return Share(count, total, 0.0, 0.0, 0.0)
    p = count / total
    denominator = 1 + z * z / total
    centre = (p + z * z / (2 * total)) / denominator
    margin = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total))
    margin /= denominator
    return Share(count, total, p, max(0.0, centre - margin), min(1.0, centre + margin))
