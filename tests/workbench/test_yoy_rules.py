"""Year-on-year growth against a loss a year ago uses the loss's absolute value (Wind's convention).

Expected fractions worked out by hand: (this year - last year) / |last year|.
"""

from __future__ import annotations

import pytest

from workbench.analysis import yoy


def test_a_narrower_loss_is_growth():
    # net profit -4.3 亿元 -> -1.0 亿元: (-1.0 + 4.3) / 4.3 = 0.767442
    assert yoy(-1.0e8, -4.3e8) == pytest.approx(0.767442, abs=1e-6)


def test_a_deeper_loss_is_a_fall():
    # -1.0 亿元 -> -3.0 亿元: (-3.0 + 1.0) / 1.0 = -2.0 (-200%)
    assert yoy(-3.0e8, -1.0e8) == pytest.approx(-2.0)


def test_a_loss_turned_into_a_profit_is_growth():
    # -2.0 亿元 -> +1.0 亿元: (1.0 + 2.0) / 2.0 = 1.5 (+150%)
    assert yoy(1.0e8, -2.0e8) == pytest.approx(1.5)


def test_a_profit_turned_into_a_loss_falls_by_more_than_100_percent():
    # 0.75 亿元 -> -3.0 亿元: (-3.0 - 0.75) / 0.75 = -5.0
    assert yoy(-3.0e8, 0.75e8) == pytest.approx(-5.0)


def test_no_base_no_growth():
    assert yoy(1.0e8, 0.0) is None
    assert yoy(None, -1.0e8) is None and yoy(-1.0e8, None) is None
