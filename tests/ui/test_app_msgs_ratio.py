"""Ratios in a column stating no unit that look like percentages: the import dialog asks 百分数 or 小数
in its own words (never --ratio-unit), keeps the answer in its 比率单位 box, and imports again."""

from __future__ import annotations

import re

import pytest

from ui.dialogs.importing import ImportDialog

GROWTH = "ticker,name,revenue_2023_yoy\n600584.SH,长电科技,25.3\n688608.SH,恒玄科技,40.1\n300493.SZ,润欣科技,12.5\n"
BAD = "ticker,name,营业收入(亿元)2023年报\n600584.SH,长电科技,abc\n"
KEY = ("600584.SH", "revenue_yoy", "2023A")


def _dialog(qtbot, session, tmp_path, files, **kw):
    paths = []
    for name, text in files.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    dialog = ImportDialog(session, None, paths=paths, **kw)
    qtbot.addWidget(dialog)
    dialog.resize(1100, 720)
    dialog.show()
    return dialog


def test_the_question_is_answered_in_the_dialog_and_the_import_goes_on(qtbot, session, tmp_path):
    asked = []
    dialog = _dialog(qtbot, session, tmp_path, {"growth.csv": GROWTH},
                     ask_ratio=lambda parent, problem: asked.append(problem) or "percent")
    with qtbot.waitSignal(dialog.imported, timeout=30000):
        dialog.start_import()
    assert len(asked) == 1 and asked[0].file == "growth.csv"
    assert session.store.fact(*KEY) == pytest.approx(0.253)
    assert dialog.ratio_unit.currentData() == "percent"  # the answer is kept where the user sees it


def test_fractions_chosen_in_the_box_import_without_a_question(qtbot, session, tmp_path):
    dialog = _dialog(qtbot, session, tmp_path, {"growth.csv": GROWTH},
                     ask_ratio=lambda *a: pytest.fail("asked although the box says fractions"))
    dialog.ratio_unit.setCurrentIndex(dialog.ratio_unit.findData("fraction"))
    with qtbot.waitSignal(dialog.imported, timeout=30000):
        dialog.start_import()
    assert session.store.fact(*KEY) == pytest.approx(25.3)


def test_the_real_box_names_its_buttons_and_no_flag(qtbot, session, tmp_path):
    dialog = _dialog(qtbot, session, tmp_path, {"growth.csv": GROWTH})
    dialog.start_import()
    qtbot.waitUntil(lambda: dialog.answers.question is not None and dialog.answers.question.isVisible(),
                    timeout=30000)
    box = dialog.answers.question
    said = box.text() + box.informativeText()
    assert "--" not in said and "growth.csv" in said and "25.3" in said  # a typical one (the median), as the example
    box.grab().save(str(tmp_path / "ratio_question.png"))
    percent = next(b for b in box.buttons() if b.property("answer") == "percent")
    with qtbot.waitSignal(dialog.imported, timeout=30000):
        percent.click()
    assert session.store.fact(*KEY) == pytest.approx(0.253)


def test_beside_a_real_problem_the_question_is_listed_in_the_dialog_s_words(qtbot, session, tmp_path):
    dialog = _dialog(qtbot, session, tmp_path, {"growth.csv": GROWTH, "bad.csv": BAD},
                     ask_ratio=lambda *a: pytest.fail("asked although the import cannot go on"))
    with qtbot.waitSignal(dialog.failed, timeout=30000):
        dialog.start_import()
    texts = [dialog.problem_list.topLevelItem(i).text(3) for i in range(dialog.problem_list.topLevelItemCount())]
    assert len(texts) == 2 and not any(re.search(r"--[a-z]", t) for t in texts), texts
    label = dialog.ratio_unit_label.text().replace("&", "")
    assert label in texts[1], texts  # the question, after the fault, names the box that answers it
