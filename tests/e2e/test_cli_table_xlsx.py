"""``workbench export ISSUE -o OUT.xlsx``: the comparison table as a workbook, from the command line."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from workbench.store import Store


def test_export_xlsx_writes_the_table(cli, demo_path, tmp_path):
    out = tmp_path / "对比表.xlsx"
    done = cli("export", "latest", "--db", demo_path, "-o", out)
    assert done.returncode == 0, done.stderr
    assert str(out) in done.stdout and "Traceback" not in done.stderr
    ws = load_workbook(out).active
    assert ws["A1"].value == "【草稿】科技重点公司对比（截至2024年12月29日）"  # the demo issue is a draft
    row = next(r for r in range(4, ws.max_row + 1) if ws.cell(r, 2).value == "300493.SZ")
    with Store(demo_path) as s:
        revenue = s.fact("300493.SZ", "revenue", "2023A")
        pe = s.fact("300493.SZ", "pe", "2024E")
    assert ws.cell(row, 4).value == pytest.approx(revenue / 1e8, abs=1e-9)
    assert ws.cell(row, 12).value == pytest.approx(pe, abs=1e-9)
    assert not out.with_suffix(".pdf").exists()  # the table instead of the PDF, not both


def test_export_xlsx_user_errors(cli, demo_path, tmp_path):
    target = tmp_path / "missing" / "table.xlsx"
    nowhere = cli("export", "latest", "--db", demo_path, "-o", target)
    assert nowhere.returncode == 1
    assert "does not exist" in nowhere.stderr and "Traceback" not in nowhere.stderr
    assert not target.parent.exists()
    no_issue = cli("export", "99", "--db", demo_path, "-o", tmp_path / "t.xlsx")
    assert no_issue.returncode == 1 and "Traceback" not in no_issue.stderr
    assert not (tmp_path / "t.xlsx").exists()
