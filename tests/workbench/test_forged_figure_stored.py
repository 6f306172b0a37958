"""A store that already holds a figure that is not a number (written outside the workbench, or taken
from a desk of the release before that let an analyst's psql insert through) never crashes a command:
trace names the bad value, the preflight of a final names it and blocks, and importing the right
figure over it works, the figure read back as the file gives it."""

from __future__ import annotations

import sqlite3

import openpyxl
import pytest

from workbench.cli import main
from workbench.domain.metrics import format_value, values_apart, values_written, written_text
from workbench.store import Store

T = "688018.SH"  # 乐鑫科技 in the demo store
KEY = (T, "revenue", "2023A")


def _poison(path, value):
    conn = sqlite3.connect(path)
    with conn:
        cur = conn.execute("UPDATE facts SET value = ? WHERE ticker = ? AND metric = ? AND period = ?", [value, *KEY])
        assert cur.rowcount == 1
    conn.close()


def _run(capsys, *args):
    capsys.readouterr()
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out + out.err


@pytest.mark.parametrize("value", ["abc", b"\x00\x01"])
def test_printing_a_figure_that_is_not_a_number_names_it(value):
    text = format_value("amount", value)
    shown = value.decode() if isinstance(value, bytes) else value
    assert text.startswith(shown) and "非数字" in text and "not a number" in text
    assert written_text("amount", value) == text
    assert values_written("amount", 1.43e9, value) == (written_text("amount", 1.43e9), text)
    assert values_apart("amount", value, 1.43e9) == (text, "14.3")


def test_trace_names_a_stored_text_figure(demo_path, capsys):
    _poison(demo_path, "abc")
    code, out = _run(capsys, "trace", *KEY, "--db", str(demo_path))
    assert code == 0, out
    first = out.splitlines()[0]
    assert "非数字" in first and "abc" in first and "亿元" not in first, first
    assert "Traceback" not in out


def test_the_preflight_of_a_final_names_a_stored_text_figure(demo_path, capsys):
    _poison(demo_path, "abc")
    with Store(demo_path) as s:
        before = s.scalar("SELECT status FROM issues WHERE id = (SELECT max(id) FROM issues)")
    code, out = _run(capsys, "status", "latest", "review", "--db", str(demo_path))
    assert "Traceback" not in out, out
    with Store(demo_path) as s:
        before = s.scalar("SELECT status FROM issues WHERE id = (SELECT max(id) FROM issues)")
    assert before == "review", out
    code, out = _run(capsys, "status", "latest", "final", "--db", str(demo_path))
    assert code != 0 and "Traceback" not in out, out
    assert "不是数字" in out and "'abc'" in out and "乐鑫科技" in out, out
    with Store(demo_path) as s:
        assert s.scalar("SELECT status FROM issues WHERE id = (SELECT max(id) FROM issues)") == before
    code, out = _run(capsys, "check", "latest", "--db", str(demo_path))
    assert "不是数字" in out and "Traceback" not in out, out


def test_importing_the_right_figure_over_a_stored_text_figure_works(demo_path, tmp_path, capsys):
    _poison(demo_path, "abc")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["ticker", "name", "revenue_2023"])
    ws.append([T, "乐鑫科技", 14.3])
    wb.save(tmp_path / "fix.xlsx")
    code, out = _run(capsys, "import", str(tmp_path / "fix.xlsx"), "--amount-unit", "亿元", "--as-of", "2025-01-03",
                     "--db", str(demo_path))
    assert code == 0 and "Traceback" not in out, out
    with Store(demo_path) as s:
        assert s.fact(*KEY) == pytest.approx(14.3e8, rel=1e-12)
        assert s.scalar("SELECT count(*) FROM facts WHERE typeof(value) NOT IN ('real', 'integer', 'null')") == 0
