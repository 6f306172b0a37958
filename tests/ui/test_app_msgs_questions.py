"""An import question names the buttons it has: it never says choose “是” where no 是 button exists;
what it tells the user to choose is one of the box's buttons."""

from __future__ import annotations

import re

from ui.dialogs.import_questions import company_question_box, named_index_question_box, renamed_question_box
from workbench.imports import IndexNamedAsAnother
from workbench.imports.questions import NameOfAnotherCompany, SameNameCompany


def _named_choices(box) -> list[str]:
    return re.findall(r"[“\"]([^”\"]+)[”\"]", box.informativeText())


def _check(box, tmp_path, name):
    buttons = [b.text() for b in box.buttons()]
    said = box.text() + box.informativeText()
    assert "“是”" not in said and "Yes means" not in said
    chosen = [c for c in _named_choices(box) if c in buttons]
    assert chosen, (box.informativeText(), buttons)  # the way on and the way back, by their buttons' names
    box.grab().save(str(tmp_path / f"{name}.png"))
    return chosen, buttons


def test_the_renamed_question_names_its_real_buttons(qtbot, tmp_path):
    problem = NameOfAnotherCompany("m", file="rename.csv", row=2, column="name", ticker="688608.SH", name="乐鑫科技",
                                   stored_name="恒玄科技", other="688018.SH", other_name="乐鑫科技")
    box = renamed_question_box(None, problem)
    qtbot.addWidget(box)
    chosen, buttons = _check(box, tmp_path, "renamed")
    assert set(chosen) == set(buttons)  # both: the import and the cancel


def test_the_named_index_question_names_its_real_buttons(qtbot, tmp_path):
    problem = IndexNamedAsAnother("m", file="same_index.csv", row=2, column="index_name", code="000300.SH",
                                  name="上证指数", stored_name="沪深300", other_code="000001.SH", other_name="上证指数",
                                  stored_id=1)
    box = named_index_question_box(None, problem)
    qtbot.addWidget(box)
    chosen, buttons = _check(box, tmp_path, "named_index")
    assert set(chosen) == set(buttons)


def test_the_company_question_names_its_cancel_button(qtbot, tmp_path):
    problem = SameNameCompany("m", file="a.csv", row=3, column="代码", incoming="600001.SH", name="甲公司",
                              existing="600002.SH", existing_name="甲公司")
    box = company_question_box(None, problem)
    qtbot.addWidget(box)
    chosen, buttons = _check(box, tmp_path, "company")
    cancel = [b.text() for b in box.buttons() if b.property("answer") is None or not b.property("answer")]
    assert set(cancel) <= set(chosen)
