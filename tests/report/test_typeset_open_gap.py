"""Where justification may open a wide gap: after a pause mark, a closing bracket or a space, before
an opening bracket or a space; never before a closing mark and never after an opening one, so a
bracket's contents stay tight to it (（“端侧大模型”） reads back with no space inside)."""

from __future__ import annotations

import pytest

from workbench.report.typeset import _open_gap

OPENING = "（【「《“‘("
CLOSING = "）】」》”’)"


@pytest.mark.parametrize("a", list(OPENING))
@pytest.mark.parametrize("b", list(OPENING) + ["端", "A", "1"])
def test_never_a_gap_after_an_opening_mark(a, b):
    assert not _open_gap(a, b)


@pytest.mark.parametrize("b", list(CLOSING) + list("，。；：、"))
@pytest.mark.parametrize("a", ["端", "A", "1", "）", "，"])
def test_never_a_gap_before_a_closing_or_pause_mark(a, b):
    assert not _open_gap(a, b)


@pytest.mark.parametrize("a, b", [("，", "端"), ("。", "“"), ("）", "端"), ("端", "（"), ("端", "“"), ("：", "【")])
def test_a_gap_after_a_pause_or_closing_mark_or_before_an_opening_one(a, b):
    assert _open_gap(a, b)
