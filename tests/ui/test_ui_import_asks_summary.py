"""The import dialog's summary of each file says what the command line's does: the as-of date the
figures are stored under and where it came from (the 截至日期 set, the file, or the file's
modification time, flagged), and the workbook sheet read (other sheets with a header are named)."""

from __future__ import annotations

import os
import re
from datetime import datetime

import pytest
from PySide6.QtCore import QDate

from ui.dialogs.importing import ImportDialog, file_summary

pytestmark = pytest.mark.usefixtures("workbench_qapp")

LONG_HEAD = ["ticker", "name", "period", "metric", "value"]
LONG_ROW = ["300493.SZ", "润欣科技", "2019A", "revenue", 2500000000]


def _csv(path, dated: str | None = None, modified: str | None = None):
    text = (f"数据截至 {dated}\n" if dated else "") + ",".join(LONG_HEAD) + "\n" + \
        ",".join(str(x) for x in LONG_ROW) + "\n"
    path.write_text(text, encoding="utf-8")
    if modified:
        stamp = datetime.fromisoformat(modified + "T12:00:00").timestamp()
        os.utime(path, (stamp, stamp))
    return path


def _checked(qtbot, session, path, as_of: str | None = None):
    """A check (nothing written) of one file in the dialog: the dialog, and the file's report it shows."""
    import ui.dialogs.importing as importing

    dialog = ImportDialog(session, None, paths=[str(path)])
    qtbot.addWidget(dialog)
    if as_of:
        dialog.as_of_check.setChecked(True)
        dialog.as_of_edit.setDate(QDate.fromString(as_of, "yyyy-MM-dd"))
    reports = []
    real = importing.report_summary
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(importing, "report_summary", lambda report: reports.append(report) or real(report))
        dialog.start_import(dry_run=True)
        qtbot.waitUntil(lambda: dialog.task is None and bool(reports), timeout=30000)
    (f,) = reports[0].files
    return dialog, f


def _as_of_line(text: str, date: str) -> str:
    """The summary's first line with the date taken out: how the origin is worded."""
    first = text.splitlines()[0]
    assert date in first, text
    return first.split(date, 1)[1]


def test_the_summary_says_the_as_of_date_and_where_it_came_from(qtbot, session, tmp_path):
    given_dialog, given = _checked(qtbot, session, _csv(tmp_path / "a.csv", modified="2024-11-29"), "2024-12-27")
    _, found = _checked(qtbot, session, _csv(tmp_path / "b.csv", dated="2024-12-20", modified="2024-11-29"))
    _, modified = _checked(qtbot, session, _csv(tmp_path / "c.csv", modified="2024-11-29"))
    assert (given.as_of_from, found.as_of_from, modified.as_of_from) == ("given", "file", "modified")
    texts = [_as_of_line(file_summary(given), "2024-12-27"), _as_of_line(file_summary(found), "2024-12-20"),
             _as_of_line(file_summary(modified), "2024-11-29")]
    assert len(set(texts)) == 3, texts  # three origins, said three ways
    assert "2024-12-27" in given_dialog.status.text().splitlines()[1]  # what the dialog shows
    assert "⚠" in texts[2] and "⚠" not in texts[0] + texts[1]  # the modification time is flagged


def test_the_summary_names_the_sheet_read_and_the_sheets_not_read(qtbot, session, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "明细数据"
    sheet.append(LONG_HEAD)
    sheet.append(LONG_ROW)
    other = book.create_sheet("备用表")
    other.append(LONG_HEAD)
    other.append(["688018.SH", "乐鑫科技", "2019A", "revenue", 1000000000])
    path = tmp_path / "book.xlsx"
    book.save(path)
    dialog, f = _checked(qtbot, session, path, "2024-12-27")
    assert f.sheet == "明细数据"
    text = file_summary(f)
    assert "明细数据" in text.splitlines()[0] and "备用表" in text
    shown = dialog.status.text()
    assert "明细数据" in shown and "备用表" in shown
    dialog.grab().save(str(tmp_path / "summary.png"))


def test_a_csv_names_no_sheet(qtbot, session, tmp_path):
    _, f = _checked(qtbot, session, _csv(tmp_path / "a.csv"), "2024-12-27")
    assert f.sheet is None
    first = file_summary(f).splitlines()[0]
    assert not re.search(r"“[^”]*”", first.replace("a.csv", ""))  # no sheet named in quotes
