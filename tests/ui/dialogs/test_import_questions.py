"""The import dialog's questions: values older than the stored ones, a company named like another,
and an as-of date that cannot lie in the future."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate
from ui_testing import snapshot

from ui.dialogs.importing import ImportDialog
from workbench.imports import import_files

WIDE = '证券代码,证券简称,"营业收入\n[报告期] 2024三季\n[单位] 亿元"\n'
YI = 1e8
TICKER, NAME = "688999.SH", "测试公司甲"


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def newer(session, tmp_path):
    """The store holds 测试公司甲's revenue 58.3 亿 as of 2025-01-03."""
    import_files(session.store, [write(tmp_path / "new.csv", WIDE + f"{TICKER},{NAME},58.3\n")], as_of="2025-01-03")
    return session


def run(qtbot, session, path, *, as_of=None, older=None, company=None, succeeds=True):
    asked = {"older": [], "company": []}

    def ask_older(parent, problems):
        asked["older"].append(list(problems))
        return older

    def ask_company(parent, problem):
        asked["company"].append(problem)
        return company

    dialog = ImportDialog(session, None, paths=[str(path)], ask_older=ask_older, ask_company=ask_company)
    qtbot.addWidget(dialog)
    if as_of:
        dialog.as_of_check.setChecked(True)
        dialog.as_of_edit.setDate(QDate.fromString(as_of, "yyyy-MM-dd"))
    with qtbot.waitSignal(dialog.imported if succeeds else dialog.failed, timeout=30000):
        dialog.start_import()
    return dialog, asked


def test_older_values_answered_yes_are_applied(qtbot, newer, tmp_path):
    old = write(tmp_path / "old.csv", WIDE + f"{TICKER},{NAME},57.0\n")
    dialog, asked = run(qtbot, newer, old, as_of="2024-12-27", older=True)
    ((p,),) = asked["older"]
    assert (p.file, p.row, p.stored, p.incoming) == ("old.csv", 2, 58.3 * YI, 57.0 * YI)
    row = newer.store.fact_row(TICKER, "revenue", "2024Q1-Q3")
    assert (row["value"], row["as_of"]) == (57.0 * YI, "2024-12-27")


def test_older_values_declined_import_nothing_and_show_the_values(qtbot, newer, tmp_path):
    old = write(tmp_path / "old.csv", WIDE + f"{TICKER},{NAME},57.0\n")
    before = snapshot(newer.store)
    dialog, asked = run(qtbot, newer, old, as_of="2024-12-27", older=False, succeeds=False)
    assert len(asked["older"]) == 1
    assert snapshot(newer.store) == before
    assert dialog.problem_list.topLevelItemCount() == 1
    text = dialog.problem_list.topLevelItem(0).text(3)
    assert "58.3" in text and "2025-01-03" in text and "2024-12-27" in text


def test_older_values_question_names_the_count_and_values(qtbot, newer, tmp_path):
    from ui.dialogs.import_questions import older_question_box
    from workbench.imports import OlderValue

    p = OlderValue("m", file="old.csv", row=2, column="营业收入", ticker=TICKER, metric="revenue",
                   period="2024Q1-Q3", stored=58.3 * YI, stored_as_of="2025-01-03", incoming=57.0 * YI,
                   incoming_as_of="2024-12-27")
    box = older_question_box(None, [p, p])
    qtbot.addWidget(box)
    text = box.text() + box.informativeText()
    for part in ("2", "old.csv", TICKER, "58.3", "57", "2025-01-03", "2024-12-27"):
        assert part in text, part
    assert len(box.buttons()) == 2


def test_a_company_named_like_another_confirmed_as_a_second_listing(qtbot, newer, tmp_path):
    h = write(tmp_path / "h.csv", WIDE + f"688998.SH,{NAME},1.0\n")
    dialog, asked = run(qtbot, newer, h, company=True)
    (p,) = asked["company"]
    assert (p.incoming, p.existing, p.row) == ("688998.SH", TICKER, 2)
    assert {c["ticker"] for c in newer.store.companies() if c["name"] == NAME} == {TICKER, "688998.SH"}


def test_a_company_named_like_another_declined_imports_nothing(qtbot, newer, tmp_path):
    h = write(tmp_path / "h.csv", WIDE + f"688998.SH,{NAME},1.0\n")
    before = snapshot(newer.store)
    dialog, asked = run(qtbot, newer, h, company=False, succeeds=False)
    assert len(asked["company"]) == 1 and snapshot(newer.store) == before
    assert "688998.SH" in dialog.problem_list.topLevelItem(0).text(3)


def test_company_question_names_both_tickers(qtbot):
    from ui.dialogs.import_questions import company_question_box
    from workbench.imports import SameNameCompany

    p = SameNameCompany("m", file="h.csv", row=2, column="证券代码", incoming="688998.SH", name=NAME,
                        existing=TICKER, existing_name=NAME)
    box = company_question_box(None, p)
    qtbot.addWidget(box)
    assert "688998.SH" in box.text() and TICKER in box.text() and NAME in box.text() and "h.csv" in box.text()
    assert len(box.buttons()) == 2


def test_the_as_of_date_cannot_be_set_after_today(qtbot, session, tmp_path):
    dialog = ImportDialog(session, None, paths=[])
    qtbot.addWidget(dialog)
    assert dialog.as_of_edit.maximumDate() == QDate.currentDate()
    dialog.as_of_edit.setDate(QDate.currentDate().addDays(3))
    assert dialog.as_of_edit.date() == QDate.currentDate()


def test_a_future_date_found_in_a_file_is_shown_as_its_problem(qtbot, session, tmp_path):
    path = write(tmp_path / "f.csv", "数据截至 2030-01-01\n" + WIDE + f"{TICKER},{NAME},1.0\n")
    before = snapshot(session.store)
    dialog, asked = run(qtbot, session, path, succeeds=False)
    assert snapshot(session.store) == before
    assert "2030-01-01" in dialog.problem_list.topLevelItem(0).text(3)


@pytest.mark.parametrize("yes", [True, False])
def test_the_real_question_is_window_modal_and_its_answer_is_followed(qtbot, newer, tmp_path, yes):
    old = write(tmp_path / "old.csv", WIDE + f"{TICKER},{NAME},57.0\n")
    before = snapshot(newer.store)
    dialog = ImportDialog(newer, None, paths=[str(old)])
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.as_of_check.setChecked(True)
    dialog.as_of_edit.setDate(QDate(2024, 12, 27))
    dialog.start_import()
    qtbot.waitUntil(lambda: dialog.answers.question is not None and dialog.answers.question.isVisible(),
                    timeout=30000)
    box = dialog.answers.question
    assert box.windowModality() != box.windowModality().NonModal and "old.csv" in box.informativeText()
    button = next(b for b in box.buttons() if bool(b.property("answer")) == yes)
    with qtbot.waitSignal(dialog.imported if yes else dialog.failed, timeout=30000):
        button.click()
    if yes:
        assert newer.store.fact_row(TICKER, "revenue", "2024Q1-Q3")["as_of"] == "2024-12-27"
    else:
        assert snapshot(newer.store) == before and dialog.problem_list.topLevelItemCount() == 1


def test_older_values_question_counts_the_values_not_listed(qtbot):
    from ui.dialogs.import_questions import older_question_box
    from workbench.imports import OlderValue

    p = OlderValue("m", file="old.csv", row=2, column="营业收入", ticker=TICKER, metric="revenue",
                   period="2024Q1-Q3", stored=58.3 * YI, stored_as_of="2025-01-03", incoming=57.0 * YI,
                   incoming_as_of="2024-12-27")
    box = older_question_box(None, [p] * 100, total=250)
    qtbot.addWidget(box)
    assert "250" in box.text() and "245" in box.informativeText()


def test_the_summary_names_the_values_confirmed_as_of_a_later_date(qtbot, newer, tmp_path):
    from ui.dialogs.importing import counts_text
    from workbench.store.store import Counts

    again = write(tmp_path / "again.csv", WIDE + f"{TICKER},{NAME},58.3\n")
    dialog, asked = run(qtbot, newer, again, as_of="2025-01-10")
    assert dialog.report.facts.confirmed == 1
    assert newer.store.fact_row(TICKER, "revenue", "2024Q1-Q3")["as_of"] == "2025-01-10"
    plain, confirmed = counts_text(Counts(0, 0, 1)), counts_text(Counts(0, 0, 1, 1))
    assert confirmed.startswith(plain) and confirmed != plain and "1" in confirmed[len(plain):]
    assert confirmed in dialog.status.text()
