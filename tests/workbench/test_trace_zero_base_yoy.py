"""A YoY the table prints as -- because its base level is zero traces: `trace` says both levels are
stored, the base is zero, so no YoY is computed, and names each level with the file it came from.

Through the command line (``main``) on the demo store; the truth is the file imported (its levels
and name) and the PDF the table prints (pypdf).
"""

from __future__ import annotations

import re
import sqlite3

import pypdf

from workbench.cli import main

T = "688112.SH"


def _row(pdf_path, ticker) -> list[str]:
    for page in pypdf.PdfReader(str(pdf_path)).pages:
        for line in page.extract_text().splitlines():
            m = re.match(rf"^\s*{re.escape(ticker)}\s+\S+\s+(.*)$", line)
            if m:
                return m.group(1).split()
    raise AssertionError(f"{ticker} not printed")


def test_a_zero_base_yoy_traces_to_its_two_levels(demo_path, tmp_path, capsys):
    db = str(demo_path)
    src = tmp_path / "yoy.csv"
    src.write_text("证券代码,证券简称,细分板块,营业收入(亿元)2022年报,营业收入(亿元)2023年报\n"
                   f"{T},测试乙,AIOT soc,0,1\n", encoding="utf-8")
    assert main(["import", str(src), "--db", db, "--as-of", "2024-12-27"]) == 0
    pdf = tmp_path / "now.pdf"
    assert main(["export", "1", "--db", db, "-o", str(pdf)]) == 0
    row = _row(pdf, T)
    assert row[:2] == ["1.0", "--"]  # 2023 revenue, then its YoY: printed --
    with sqlite3.connect(db) as conn:  # no YoY stored: the -- is the table's own
        assert conn.execute("SELECT count(*) FROM facts WHERE ticker = ? AND metric = 'revenue_yoy'",
                            [T]).fetchone() == (0,)
    capsys.readouterr()

    code = main(["trace", T, "revenue_yoy", "2023A", "--db", db])
    out = capsys.readouterr().out
    assert code == 0, out
    lines = out.splitlines()
    assert re.search(r"revenue_yoy\)? 2023A: --", lines[0]), lines[0]
    assert "为零" in out or "为 0" in out  # says the base is zero
    level_2023 = [i for i, line in enumerate(lines) if "2023A: 1.0 亿元" in line]
    level_2022 = [i for i, line in enumerate(lines) if "2022A: 0.0 亿元" in line]
    assert level_2023 and level_2022
    # each level is followed by the file it came from
    for i in (level_2023[0], level_2022[0]):
        assert src.name in lines[i + 1], lines[i:i + 2]
