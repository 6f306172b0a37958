"""Importing the workbench's own comparison .xlsx back changes nothing, as-of dates included.

The export's title carries the issue's 截至 date with its year. Taken as the data's date, an unchanged
round trip would "confirm" every figure as of the issue's week and silence the preflight's warning
that the PE figures are older than the week, although nobody looked at new data. The workbook marks
itself as the workbench's table: a figure equal to the stored one is left exactly as it is, and a
figure the analyst changed in the sheet is imported as an edit, dated as the import's as-of.

The truth: the store file read with sqlite3 before and after, the sheet's cells and title read with
openpyxl, and the real command line (``workbench check``) run in a subprocess.
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from datetime import date
from decimal import Decimal

import openpyxl
import pytest

TICKER = "688591.SH"


def cli(*args, cwd):
    env = {**os.environ, "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8"}
    env.pop("WORKBENCH_DB", None)
    done = subprocess.run([sys.executable, "-m", "workbench", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=180)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def facts(path) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT ticker, metric, period, value, source, as_of, src_row, src_col FROM facts "
                           "ORDER BY ticker, metric, period").fetchall()
    finally:
        con.close()


def pe_warnings(text: str) -> list[str]:
    return [line for line in text.splitlines() if "PE 2024E" in line and "早于本期报告期" in line]


def title_date(ws) -> str:
    y, m, d = map(int, re.search(r"截至(\d{4})年(\d{1,2})月(\d{1,2})日", ws.cell(1, 1).value).groups())
    return date(y, m, d).isoformat()


@pytest.fixture
def week_after(tmp_path):
    """The demo store with issue #2, the week after the demo data (data as of 2024-12-29), and its
    comparison table exported."""
    db = tmp_path / "store.sqlite"
    cli("demo", "--db", db, "--force", cwd=tmp_path)
    cli("new-issue", "--from", "1", "--db", db, cwd=tmp_path)
    xlsx = tmp_path / "t.xlsx"
    cli("export", "2", "--db", db, "-o", xlsx, cwd=tmp_path)
    return db, xlsx


def test_an_unchanged_round_trip_leaves_every_fact_and_its_date_alone(week_after, tmp_path):
    db, xlsx = week_after
    warned = pe_warnings(cli("check", "2", "--db", db, cwd=tmp_path))
    assert warned, "the demo's PE figures are older than issue #2's week"
    ws = openpyxl.load_workbook(xlsx).active
    stored_dates = {r[5] for r in facts(db)}
    assert title_date(ws) not in stored_dates  # the title's date is not the data's
    before = facts(db)

    out = cli("import", xlsx, "--db", db, cwd=tmp_path)

    assert facts(db) == before  # values, sources and as-of dates byte-identical
    n = int(re.search(r"(\d+) 个数值与库中相同，未改动", out).group(1))
    assert n > 0
    assert "确认 confirmed" not in out or "确认 confirmed 0" in out
    assert pe_warnings(cli("check", "2", "--db", db, cwd=tmp_path)) == warned


def test_a_figure_changed_in_the_sheet_is_imported_as_an_edit(week_after, tmp_path):
    db, xlsx = week_after
    before = {r[:3]: r for r in facts(db)}
    wb = openpyxl.load_workbook(xlsx)
    ws = wb.active
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 2).value == TICKER)
    col = next(c for c in range(4, ws.max_column + 1) if ws.cell(2, c).value == "营业收入"
               and ws.cell(3, c).value == "2023")
    old = ws.cell(row, col).value
    new = 6.44
    assert abs(Decimal(str(old)) - Decimal("6.44")) > Decimal("0.01")
    ws.cell(row, col).value = new
    wb.save(xlsx)
    dated = title_date(ws)

    out = cli("import", xlsx, "--db", db, cwd=tmp_path)

    after = {r[:3]: r for r in facts(db)}
    key = (TICKER, "revenue", "2023A")
    assert Decimal(repr(after[key][3])) == Decimal("6.44") * Decimal(10) ** 8  # 亿元 -> yuan
    assert after[key][5] == dated
    assert after[key][4] != before[key][4] and xlsx.name in after[key][4]
    changed = {k for k in after if after[k] != before.get(k)}
    assert changed == {key}  # every other figure untouched, its date and source too
    assert TICKER in out and "6.44" in out  # the summary names the edit


def test_a_table_without_the_workbench_mark_keeps_the_confirmation_rule(week_after, tmp_path):
    """Another file (here the same sheet, its document property removed) still confirms the figures
    it gives again as of its date: the rule for vendors' files is unchanged."""
    db, xlsx = week_after
    wb = openpyxl.load_workbook(xlsx)
    assert len(wb.custom_doc_props) == 1  # the export's mark: one custom document property
    wb.custom_doc_props.props.clear()
    other = tmp_path / "other.xlsx"
    wb.save(other)
    dated = title_date(wb.active)
    before = {r[:3]: r for r in facts(db)}

    out = cli("import", other, "--db", db, cwd=tmp_path)

    after = {r[:3]: r for r in facts(db)}
    assert "与库中相同，未改动" not in out
    moved = {k for k in after if after[k][5] == dated and before[k][5] != dated}
    assert moved and all(after[k][3] == before[k][3] for k in moved)  # confirmed, not changed
