"""The app's box for a row whose name is not its ticker's: a title true of an unfamiliar name too
(never calling a name the store does not know another company's)."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from workbench.imports.questions import NameOfAnotherCompany, UnfamiliarName  # noqa: E402


@pytest.mark.parametrize("problem", [
    UnfamiliarName("m", file="f.csv", row=2, column="证券简称", value="深南电子", ticker="002463.SZ",
                   name="深南电子", stored_name="沪电股份"),
    NameOfAnotherCompany("m", file="f.csv", row=2, column="证券简称", value="深南电路", ticker="002463.SZ",
                         name="深南电路", stored_name="沪电股份", other="002916.SZ", other_name="深南电路"),
])
def test_the_box_title_fits_both_kinds(qtbot, problem):
    from ui.dialogs.import_questions import renamed_question_box

    box = renamed_question_box(None, problem)
    qtbot.addWidget(box)
    title = box.windowTitle().lower()
    assert "another company" not in title and "另一家公司" not in title
    assert title.strip()


def test_the_ratio_box_says_what_each_answer_does_to_stored_figures(qtbot):
    from ui.dialogs.import_questions import ratio_question_box
    from workbench.imports.questions import RatioUnitQuestion

    q = RatioUnitQuestion("m", file="g.csv", row=3, column="营业收入同比 2023", value="2.8", metric="revenue_yoy",
                          example=2.8, held_as_fraction=5, held_as_percent=58)
    box = ratio_question_box(None, q, "比率单位")
    qtbot.addWidget(box)
    said = box.text() + box.informativeText()
    assert "5" in said and "58" in said and "100" in said
    plain = RatioUnitQuestion("m", file="g.csv", row=3, column="营业收入同比 2023", value="2.8",
                              metric="revenue_yoy", example=2.8)
    box = ratio_question_box(None, plain, "比率单位")
    qtbot.addWidget(box)
    assert "100 times" not in box.text() + box.informativeText()
