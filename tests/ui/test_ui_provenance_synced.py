"""A change taken from the desk says, in the app, when this store took it as well as when it was made
on its workstation: the Financials cell's tooltip and the 数据来源… dialog. Expected times come from
zoneinfo in the workstation's zone (Asia/Shanghai), not from the code under test."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from ui_testing import find_column

TICKER = "300493.SZ"  # 润欣科技, the table's first row
MADE = "2026-11-27T09:15:00+00:00"  # when a colleague changed the figure on their workstation
TAKEN = "2026-11-30T03:04:05+00:00"  # when this store took the change from the desk


def _shanghai(iso: str) -> str:
    return datetime.fromisoformat(iso).astimezone(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m-%d %H:%M:%S")


@pytest.fixture
def pulled(demo_path, monkeypatch):
    """The demo store after a pull wrote a colleague's revenue figure (made at MADE, taken at TAKEN)."""
    import workbench.store.store as store_module
    from workbench.store import Store

    with monkeypatch.context() as m:
        m.setattr(store_module, "now_iso", lambda: TAKEN)
        with Store(demo_path) as store:
            with store.batch("sync", by="分析师乙", at=MADE):
                store.set_fact(TICKER, "revenue", "2023A", 3_100_000_000, as_of="2024-12-27")
    return demo_path


@pytest.fixture
def fin(pulled, window):
    window.tabs.setCurrentWidget(window.financials_page)
    page = window.financials_page
    page.model.reload()
    return window, page, page.model.row_of(TICKER), find_column(page.model, ("revenue", "2023A"))


def test_the_cell_tooltip_says_when_the_pulled_change_was_made_and_when_it_was_taken(shanghai, fin):
    window, page, row, col = fin
    tip = page.model.index(row, col).data(3)  # ToolTipRole
    assert "分析师乙" in tip and _shanghai(MADE) in tip
    assert _shanghai(TAKEN) in tip, tip
    assert TAKEN[:19].replace("T", " ") not in tip  # in the local zone, not as the store wrote it


def test_the_history_dialog_says_when_the_pulled_change_was_taken(shanghai, fin):
    window, page, row, col = fin
    dialog = window.show_provenance((TICKER, "revenue", "2023A"))
    table = dialog.table
    newest = [table.item(0, c).text() for c in range(table.columnCount())]
    assert newest[0] == _shanghai(MADE) and newest[2] == "分析师乙"
    assert _shanghai(TAKEN) in newest[1], newest  # how: synchronised, and when it was taken here
    assert _shanghai(TAKEN) in dialog.current.text()
    # an older change made here (the demo's own data) names no sync time
    older = [table.item(r, 1).text() for r in range(1, table.rowCount())]
    assert older and not any(_shanghai(TAKEN) in text for text in older)
    dialog.close()


def test_the_words_without_a_sync_time_are_unchanged(shanghai):
    from ui.common.provenance import change_cells, source_line

    entry = {"origin": "edit", "by": "分析师甲", "at": MADE, "note": None, "old": 1.0, "new": 2.0, "op": "update"}
    assert source_line(entry, "amount").count(" · ") == 2  # how · who · when
    synced = dict(entry, origin="sync", note="同步于 synced " + TAKEN)
    assert _shanghai(TAKEN) in source_line(synced, "amount")
    assert _shanghai(TAKEN) in change_cells(synced, "amount")[1]
    assert _shanghai(TAKEN) not in change_cells(entry, "amount")[1]
