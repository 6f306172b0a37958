"""The rule behind the grid's 百分数还是小数？ question (``fraction_like``): ratios pasted into a %
column whose figures are all below 1 in size, one at least not zero, may be fractions copied from a
sheet that holds them so. A blank cell of the block (NaN) is no figure: it neither makes nor unmakes
the question. The truth here is that rule worked out on the figures themselves."""

from __future__ import annotations

import math

import pytest

from workbench.imports.questions import fraction_like

NAN = float("nan")


def _rule(values) -> bool:
    """The rule's first part on plain numbers: the figures (blanks left out) all below 1 in size and
    one at least not zero."""
    figures = [abs(v) for v in values if not math.isnan(v)]
    return bool(figures) and any(figures) and max(figures) < 1.0


@pytest.mark.parametrize("values", [
    [0.05, 0.06],            # two growth rates of a sheet that holds them as fractions
    [-0.12, 0.3, 0.08],      # a fall among them
    [0.05, NAN, 0.07],       # a blank cell in the pasted block
    [0.0, 0.04],             # one zero beside a figure
])
def test_small_ratios_below_one_ask_whether_they_are_fractions(values):
    assert _rule(values)  # the figures chosen fit the rule
    assert fraction_like("revenue_yoy", values) is True


@pytest.mark.parametrize("values", [
    [1.5, 0.2],              # a figure of 1 or more: percentages as written (1.5%)
    [1.0, NAN],              # exactly 1 beside a blank cell
    [12.5, NAN, 8.0],        # percentages with a blank cell among them
    [0.0, 0.0],              # nothing but zeros: nothing to tell
    [NAN, NAN],              # a block of blanks
])
def test_figures_of_one_or_more_zeros_or_blanks_ask_nothing(values):
    assert not _rule(values)
    assert fraction_like("revenue_yoy", values) is False
