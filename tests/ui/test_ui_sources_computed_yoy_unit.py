"""数据来源 in the app says what `workbench trace` says: a comparison-table YoY the store does not hold is
shown as computed, with its formula and the two stored levels and each level's history (not "no
recorded changes"); the unit an import applied to a column whose header stated none is on the
import's line of a cell's 数据来源… dialog and of the preview's sources list.

The store is the command line's: `workbench demo`, then `workbench import` of a file with two levels
and no YoY, and of a file with no unit imported with --amount-unit 万元. `workbench trace` run on the
same store is the independent reference; the levels are the file's own cells, recomputed here."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

WORKBENCH = [sys.executable, "-m", "workbench"]
NEW = "688111.SH"  # a company the levels file adds to the AIOT soc segment: its YoY is computed
LEVELS = {"2022A": "10", "2023A": "12"}  # its revenue, in 亿元, as the file writes it
LEVEL_COLUMNS = {"2022A": "营业收入(亿元)2022年报", "2023A": "营业收入(亿元)2023年报"}
KEPT = "300493.SZ"  # 润欣科技: a stored YoY (imported with the demo), and the figure the no-unit file sets
NO_UNIT_COLUMN = "营业收入2024三季报"
NO_UNIT_CELL = "193000"  # 万元


def wb(*args, db: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, LANG="C.UTF-8", QT_QPA_PLATFORM="offscreen")
    return subprocess.run([*WORKBENCH, *args, "--db", str(db)], capture_output=True, text=True, env=env,
                          timeout=300)


def percent(current: str, previous: str) -> str:
    cur, prev = Decimal(current), Decimal(previous)
    return f"{((cur - prev) / abs(prev) * 100).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)}%"


@pytest.fixture(scope="module")
def cli_store(tmp_path_factory):
    """The CLI-made store and what trace says of the two figures."""
    tmp = tmp_path_factory.mktemp("cli_sources")
    db = tmp / "cli.sqlite"
    assert wb("demo", "--force", db=db).returncode == 0
    levels = tmp / "levels.csv"
    levels.write_text("证券代码,证券简称,细分板块," + ",".join(LEVEL_COLUMNS[p] for p in LEVELS) + "\n"
                      f"{NEW},测试芯片,AIOT soc," + ",".join(LEVELS.values()) + "\n", encoding="utf-8")
    r = wb("import", str(levels), "--as-of", "2024-12-27", db=db)
    assert r.returncode == 0, r.stdout + r.stderr
    no_unit = tmp / "nounit.csv"
    no_unit.write_text(f"证券代码,证券简称,{NO_UNIT_COLUMN}\n{KEPT},润欣科技,{NO_UNIT_CELL}\n", encoding="utf-8")
    r = wb("import", str(no_unit), "--as-of", "2024-12-30", "--amount-unit", "万元", db=db)
    assert r.returncode == 0, r.stdout + r.stderr
    computed = wb("trace", NEW, "revenue_yoy", "2023A", db=db)
    assert computed.returncode == 0, computed.stdout + computed.stderr
    unit = wb("trace", KEPT, "revenue", "2024Q1-Q3", db=db)
    assert unit.returncode == 0, unit.stdout + unit.stderr
    return db, computed.stdout.splitlines(), unit.stdout.splitlines()


@pytest.fixture
def demo_path(cli_store, tmp_path):
    """A private copy of the CLI-made store (the window and the editor open ``demo_path``)."""
    target = tmp_path / "cli.sqlite"
    shutil.copy(cli_store[0], target)
    return target


@pytest.fixture
def sources(make_editor, qtbot):
    editor = make_editor()
    editor.show()
    qtbot.waitExposed(editor)
    editor.side.setCurrentWidget(editor.preview)
    with qtbot.waitSignal(editor.preview.rendered, timeout=60000):
        panel = editor.preview.show_sources()
    return editor, panel


def history_texts(table) -> list[str]:
    return [" | ".join(table.item(r, c).text() for c in range(table.columnCount()) if table.item(r, c))
            for r in range(table.rowCount())]


def applied_unit(trace_lines: list[str]) -> str:
    """The unit trace names on the no-unit file's line (the part after the column), as the Chinese
    UI shows a core text (its English glosses left out)."""
    from ui.common.i18n import strip_glosses

    (line,) = [x for x in trace_lines if "nounit.csv" in x]
    (part,) = [p for p in line.split(", ") if p.startswith("金额单位")]
    assert "given at import" in part  # (trace, the command line's words, keeps both languages)
    return strip_glosses(part)


# --------------------------------------------------------------------------- a computed YoY

def test_a_computed_yoy_is_explained_from_its_two_levels(cli_store, sources, tmp_path):
    _db, trace, _ = cli_store
    editor, panel = sources
    assert panel.select_figure(NEW, "revenue_yoy", "2023A")
    row = next(r for r, entry in enumerate(panel._table.rows) if entry.ticker == NEW)
    column = 2 + next(i for i, c in enumerate(panel._table.columns) if (c.metric, c.period) == ("revenue_yoy", "2023A"))
    printed = percent(LEVELS["2023A"], LEVELS["2022A"])
    assert panel.figures.item(row, column).text() == printed  # what the PDF prints: computed
    assert trace[0].endswith(printed)
    detail = panel.detail.text()
    editor.grab().save(str(tmp_path / "computed.png"))
    # the formula as trace writes it, on the levels as the file wrote them
    formula = trace[1].strip().split("（")[0].lstrip("= ").strip()
    assert formula == f"{LEVELS['2023A']} / {LEVELS['2022A']} - 1"
    assert formula in detail
    assert "计算" in detail
    for period, value in LEVELS.items():
        shown = f"{Decimal(value):.1f}"  # as the table prints an amount, in 亿元
        assert any(period in line and shown in line for line in detail.splitlines()), (period, detail)
        (level_line,) = [x for x in trace if x.strip().startswith("营业收入 (revenue)") and period in x]
        assert shown in level_line
    history = history_texts(panel.changes)
    assert panel.changes.empty_text not in " ".join(history)
    for period, column_name in LEVEL_COLUMNS.items():
        # each level's own line in the list names its file and column, as trace's does
        assert any(period in line for line in history), (period, history)
        assert any("levels.csv" in line and column_name in line for line in history), (column_name, history)
        assert any("levels.csv" in line and column_name in line for line in trace)


def test_a_stored_yoy_shows_its_own_history(sources):
    _editor, panel = sources
    assert panel.select_figure(KEPT, "revenue_yoy", "2023A")
    assert "计算" not in panel.detail.text()
    history = history_texts(panel.changes)
    assert panel.changes.empty_text not in " ".join(history)
    assert any("companies.csv" in line for line in history)


# --------------------------------------------------------------------------- the unit an import applied

def test_the_cell_dialog_names_the_unit_the_import_applied(cli_store, window, qtbot, tmp_path):
    _db, _, trace = cli_store
    unit = applied_unit(trace)
    assert "万元" in unit and "导入时指定" in unit  # what the import was told
    window.tabs.setCurrentWidget(window.financials_page)
    dialog = window.show_provenance((KEPT, "revenue", "2024Q1-Q3"))
    qtbot.waitExposed(dialog)
    dialog.grab().save(str(tmp_path / "dialog.png"))
    came_from = [line for line in dialog.current.text().splitlines() if "nounit.csv" in line]
    assert len(came_from) == 1 and unit in came_from[0] and NO_UNIT_COLUMN in came_from[0]
    rows = [line for line in history_texts(dialog.table) if "nounit.csv" in line]
    assert len(rows) == 1 and unit in rows[0]
    # the demo's own line stated its unit: nothing is said to have been applied to it
    assert not any("金额单位" in line for line in history_texts(dialog.table) if "nounit.csv" not in line)
    dialog.close()


def test_the_preview_sources_name_the_unit_the_import_applied(cli_store, sources):
    _db, _, trace = cli_store
    unit = applied_unit(trace)
    _editor, panel = sources
    assert panel.select_figure(KEPT, "revenue", "2024Q1-Q3")
    assert unit in panel.detail.text()
    rows = [line for line in history_texts(panel.changes) if "nounit.csv" in line]
    assert len(rows) == 1 and unit in rows[0]


# --------------------------------------------------------------------------- a stored YoY removed since

def stored_value(path: Path, ticker: str, metric: str, period: str) -> Decimal:
    import sqlite3

    with sqlite3.connect(path) as conn:
        (value,), = conn.execute("SELECT value FROM facts WHERE ticker = ? AND metric = ? AND period = ?",
                                 [ticker, metric, period]).fetchall()
    return Decimal(repr(value))


@pytest.fixture
def removed(demo_path):
    """润欣科技 given a 2022 revenue by hand and its stored 2023 YoY removed: the table computes it."""
    from workbench.store import Store

    with Store(demo_path) as s:
        s.set_fact(KEPT, "revenue", "2022A", 18.0e8)
        s.set_fact(KEPT, "revenue_yoy", "2023A", None)
    r = wb("trace", KEPT, "revenue_yoy", "2023A", db=demo_path)
    assert r.returncode == 0, r.stdout + r.stderr
    return r.stdout.splitlines()


def test_a_yoy_removed_since_is_computed_and_its_old_history_still_listed(removed, demo_path, sources):
    trace = removed
    _editor, panel = sources
    assert panel.select_figure(KEPT, "revenue_yoy", "2023A")
    yi = Decimal(100_000_000)
    current, previous = (stored_value(demo_path, KEPT, "revenue", p) / yi for p in ("2023A", "2022A"))
    printed = percent(str(current), str(previous))
    assert trace[0].endswith(printed) and printed in panel.detail.text()
    formula = trace[1].strip().split("（")[0].lstrip("= ").strip()
    assert formula == f"{current.normalize():f} / {previous.normalize():f} - 1" and formula in panel.detail.text()
    history = history_texts(panel.changes)
    # the removed YoY's own changes follow the levels', as trace lists them after its levels
    removed_at = next(i for i, line in enumerate(trace) if "现已删除" in line)
    assert any("companies.csv" in line and "revenue_2023_yoy" in line for line in trace[removed_at:])
    assert any("companies.csv" in line and "revenue_2023_yoy" in line for line in history), history
    assert any("2022A" in line for line in history)
    headings = [r for r in range(panel.changes.rowCount()) if panel.changes.columnSpan(r, 0) > 1]
    assert len(headings) == 3  # the two levels and the YoY once stored


def test_a_level_changed_after_printing_says_what_it_gives_now(demo_path, sources):
    from workbench.store import Store

    _editor, panel = sources
    with Store(demo_path) as s:  # another window's edit after the preview was drawn
        s.set_fact(NEW, "revenue", "2023A", 15.0e8)
    assert panel.select_figure(NEW, "revenue_yoy", "2023A")
    printed, now = percent(LEVELS["2023A"], LEVELS["2022A"]), percent("15", LEVELS["2022A"])
    assert printed != now
    detail = panel.detail.text()
    assert printed in detail.splitlines()[0]  # what the PDF prints
    assert any(now in line for line in detail.splitlines()[1:])  # and what the levels give now
    assert "15 / 10 - 1" in detail
