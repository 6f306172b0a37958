"""新建下周周报 moves the Financials grid's report columns to the new issue's table (2024YTD becomes
2025YTD, as the new issue's PDF prints it) without 重新载入, and a YTD column's header names its year
so two of them read apart. Truth: the latest issue's table read from the store with sqlite3."""

from __future__ import annotations

import json
import sqlite3

from ui.models.base import HEADER_LABEL_ROLE
from ui.models.financials import FinancialsTableModel


def latest_table_columns(path) -> list[tuple[str, str]]:
    con = sqlite3.connect(path)
    try:
        (content,) = con.execute("SELECT content FROM issues ORDER BY period_end DESC, id DESC LIMIT 1").fetchone()
    finally:
        con.close()
    return list(dict.fromkeys((c["metric"], c["period"]) for c in json.loads(content)["table"]["columns"]))


def test_the_grid_follows_the_new_issue_s_table(window, qtbot):
    window.tabs.setCurrentWidget(window.financials_page)
    model = window.financials_page.model
    before = latest_table_columns(window.session.path)
    assert model.fact_columns() == before  # the grid shows the report's columns
    new_id = window.windows.new_issue_from_last_week()
    assert new_id is not None
    after = latest_table_columns(window.session.path)
    assert after != before and ("ytd_return", "2025YTD") in after  # the new week's table has moved on
    assert model.fact_columns() == after
    window.tabs.setCurrentWidget(window.financials_page)
    shown = window.financials_page.model.fact_columns()
    assert ("ytd_return", "2025YTD") in shown and ("ytd_return", "2024YTD") not in shown


def test_a_ytd_column_s_header_names_its_year(session):
    model = FinancialsTableModel(session, fact_columns=[("ytd_return", "2024YTD"), ("ytd_return", "2025YTD")])
    model.reload()
    labels = [model.headerData(c, 1, HEADER_LABEL_ROLE) for c in (model.FIXED, model.FIXED + 1)]
    titles = [model.headerData(c, 1) for c in (model.FIXED, model.FIXED + 1)]
    assert "2024" in labels[0] and "2025" in labels[1], labels
    word = labels[0].replace("2024", "").strip()  # 年初至今 (YTD in the English UI), then the year
    assert word and word == labels[1].replace("2025", "").strip(), labels
    assert len(set(titles)) == 2, titles
