"""The import dialog's summary names every origin of an as-of date the core gives: a quotes file dated by
its latest 交易日期, and a long file whose rows are dated by its own as-of column, each in words of its own."""

from __future__ import annotations

import pytest

from ui.dialogs.importing import ImportDialog, as_of_origin_text

pytestmark = pytest.mark.usefixtures("workbench_qapp")

QUOTES_CSV = ("代码,名称,交易日期,收盘价,涨跌幅(%)\n"
              "000300.SH,沪深300,2024-12-27,3970.66,\n"
              "000300.SH,沪深300,2025-01-03,3775.16,-4.93\n"
              "000300.SH,沪深300,2024-12-20,3950.00,\n")
LONG_CSV = ("ticker,name,period,metric,value,截至日期\n"
            "300493.SZ,润欣科技,2019A,revenue,2500000000,2024-12-13\n"
            "300493.SZ,润欣科技,2018A,revenue,2400000000,2024-12-20\n")


def _imported(qtbot, session, path):
    """Import one file in the dialog: the summary the dialog shows under 导入完成."""
    dialog = ImportDialog(session, None, paths=[str(path)])
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.imported, timeout=30000) as signal:
        dialog.start_import()
    return dialog, signal.args[0]


def test_a_quotes_file_is_said_dated_by_its_latest_trade_date(qtbot, session, tmp_path):
    path = tmp_path / "quotes.csv"
    path.write_text(QUOTES_CSV, encoding="utf-8")
    dialog, summary = _imported(qtbot, session, path)
    latest = max(line.split(",")[2] for line in QUOTES_CSV.splitlines()[1:])
    assert latest == "2025-01-03"
    first = summary.splitlines()[0]
    assert f"截至 {latest}（文件中最新的交易日期）" in first.replace("(", "（").replace(")", "）"), first
    assert summary in dialog.status.text()
    # each origin the core gives reads differently in the dialog, none bare
    origins = ("given", "file", "column", "modified", "rows")
    texts = {as_of_origin_text(latest, o) for o in origins}
    assert len(texts) == len(origins) and as_of_origin_text(latest, "") not in texts
    dialog.resize(900, 640)
    dialog.grab().save(str(tmp_path / "quotes_summary.png"))


def test_a_long_file_dated_by_its_rows_says_so(qtbot, session, tmp_path):
    path = tmp_path / "long.csv"
    path.write_text(LONG_CSV, encoding="utf-8")
    _, summary = _imported(qtbot, session, path)
    assert session.store.fact_row("300493.SZ", "revenue", "2019A")["as_of"] == "2024-12-13"  # each row its own
    first = summary.splitlines()[0]
    assert "2024-12-20" in first and "各行" in first, first  # the latest shown, said to be the rows' latest
