"""The import dialog shows the as-of date each file will be stored under: the 截至日期 the user set, or
the file's own date; never today's date for a file that is not of today."""

from __future__ import annotations

import os
from datetime import date, datetime

import pytest
from PySide6.QtCore import QDate

pytestmark = pytest.mark.usefixtures("workbench_qapp")

LONG_CSV = ("ticker,name,period,metric,value\n"
            "300493.SZ,润欣科技,2019A,revenue,2500000000\n")  # a figure the demo lacks
QUOTES_CSV = ("代码,名称,日期,收盘价,涨跌幅(%)\n"
              "000300.SH,沪深300,2024-12-30,3970.66,\n"
              "000300.SH,沪深300,2025-01-03,3775.16,-5.17\n")


def _written(tmp_path, name, text, modified: str | None = None):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    if modified:  # the file as last saved on that day
        stamp = datetime.fromisoformat(modified + "T12:00:00").timestamp()
        os.utime(path, (stamp, stamp))
    return path


def _dialog(qtbot, session, paths):
    from ui.dialogs.importing import ImportDialog

    dialog = ImportDialog(session, None, paths=[str(p) for p in paths])
    qtbot.addWidget(dialog)
    return dialog


def _shown_as_of(dialog) -> list[str]:
    """The dates the info line shows (the file's as-of)."""
    import re

    return re.findall(r"\d{4}-\d{2}-\d{2}", dialog.info.text())


def test_the_date_set_in_the_dialog_is_the_date_shown_for_every_file(qtbot, session, tmp_path):
    quotes = _written(tmp_path, "ifind_quotes_20250103.csv", QUOTES_CSV)
    long = _written(tmp_path, "long.csv", LONG_CSV)
    dialog = _dialog(qtbot, session, [long, quotes])
    dialog.as_of_check.setChecked(True)
    dialog.as_of_edit.setDate(QDate(2025, 1, 3))
    for row in (0, 1):
        dialog.file_list.setCurrentRow(row)
        assert _shown_as_of(dialog) == ["2025-01-03"], dialog.info.text()
    dialog.as_of_check.setChecked(False)  # back to the file's own date: the quotes' latest trade date
    assert _shown_as_of(dialog) == ["2025-01-03"], dialog.info.text()
    dialog.file_list.setCurrentRow(0)  # a file that names no date: the day it was saved (read from the file,
    saved = datetime.fromtimestamp(long.stat().st_mtime).date().isoformat()  # not a clock read earlier: midnight)
    assert _shown_as_of(dialog) == [saved], dialog.info.text()


def test_the_file_s_own_date_is_shown_and_is_what_is_stored(qtbot, session, tmp_path):
    long = _written(tmp_path, "long.csv", LONG_CSV, modified="2024-11-29")
    dialog = _dialog(qtbot, session, [long])
    assert _shown_as_of(dialog) == ["2024-11-29"], dialog.info.text()
    assert date.today().isoformat() not in dialog.info.text()
    with qtbot.waitSignal(dialog.imported, timeout=30000):
        dialog.start_import()
    assert session.store.fact_row("300493.SZ", "revenue", "2019A")["as_of"] == "2024-11-29"


def test_the_shown_date_says_where_it_comes_from(qtbot, session, tmp_path):
    long = _written(tmp_path, "long.csv", LONG_CSV, modified="2024-11-29")
    dialog = _dialog(qtbot, session, [long])
    from_file = dialog.info.text()
    dialog.as_of_check.setChecked(True)
    dialog.as_of_edit.setDate(QDate(2024, 12, 27))
    set_by_hand = dialog.info.text()
    assert "2024-12-27" in set_by_hand and "2024-11-29" not in set_by_hand
    # the two sources read differently (the set date is named as set; the file's as the file's)
    assert from_file.replace("2024-11-29", "") != set_by_hand.replace("2024-12-27", "")
