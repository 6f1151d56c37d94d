"""Wilson intervals for theme shares."""

import pytest

from analysis.shares import wilson


@pytest.mark.parametrize(
    "count,total,low,high",
    [(30, 100, 0.2189, 0.3958), (0, 20, 0.0, 0.1611), (20, 20, 0.8389, 1.0)],
)
def test_wilson_interval_matches_known_values(count, total, low, high):
    share = wilson(count, total)
    assert share.share == pytest.approx(count / total)
    assert share.low == pytest.approx(low, abs=1e-4)
    assert share.high == pytest.approx(high, abs=1e-4)


def test_empty_total_is_zero_not_an_error():
    assert wilson(0, 0).share == 0.0
