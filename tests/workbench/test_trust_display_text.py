"""A file name, sheet name, header or note holding a line break or another control character is
shown escaped on its own line, never as a line of its own: `trace` cannot be made to print a
made-up change-log entry by the name of an imported file."""

from __future__ import annotations

import pytest

from workbench.cli import main
from workbench.outputs import display_text

FAKE = "  2024-12-01T00:00:00+00:00 导入 import: 文件 file 官方Wind.csv, 行 row 9, 列 column X, 截至 as of 2024-12-29: 21.6 -> 21.7"


@pytest.mark.parametrize("text", ["a\nb", "a\rb", "a\x1b[2Jb", "a\u2028b", "a\u2029b", "a\x85b", "a\u202eb",
                                  "a\tb", "a\x00b"])
def test_display_text_keeps_one_line_and_shows_every_character(text):
    shown = display_text(text)
    assert len(shown.splitlines()) == 1
    assert shown.isprintable()
    assert shown.startswith("a") and shown.endswith("b") and len(shown) > len(text)  # nothing dropped


def test_display_text_leaves_ordinary_text_alone():
    assert display_text("营业收入(亿元) 2023年报.xlsx") == "营业收入(亿元) 2023年报.xlsx"
    assert display_text(None) == ""


def test_a_file_name_with_a_line_break_fakes_no_entry_in_trace(demo_path, tmp_path, capsys):
    name = "ok\n" + FAKE + "\nz.csv"
    path = tmp_path / name
    path.write_text("证券代码,证券简称,营业收入(亿元)2023年报\n300493.SZ,润欣科技,21.7\n", encoding="utf-8")
    assert main(["import", str(path), "--db", str(demo_path), "--as-of", "2024-12-29"]) == 0
    capsys.readouterr()
    assert main(["trace", "300493.SZ", "revenue", "2023A", "--db", str(demo_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert not any(line.startswith("  2024-12-01") for line in lines)  # no made-up entry of its own
    assert any("ok\\n  2024-12-01" in line for line in lines)  # the name is shown, escaped


def test_a_raw_inserted_key_with_a_line_break_fakes_no_line_in_verify(demo_path, capsys):
    import sqlite3

    conn = sqlite3.connect(demo_path)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("INSERT INTO facts (ticker, metric, period, value) VALUES "
                 "('300493.SZ', 'revenue', '2022A' || char(10) || '校验通过 (verified)', 1.0)")
    conn.commit()
    conn.close()
    capsys.readouterr()
    assert main(["verify", "--db", str(demo_path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert not any(line.startswith("校验通过") for line in lines)
    assert any("2022A\\n校验通过" in line for line in lines)
