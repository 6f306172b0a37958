"""`trace` names a figure so that its source cell can be confirmed: every change-log line gives the
value as it was written (in the report's unit, every digit, not rounded like the table), and the
first line adds the stored figure when the table's rounding hides digits. A loss of 0.04 亿元 is
never traced as 0.0.

Through the command line (``main``) on the demo store; the truth is the file imported: the cells
written in the test, read back from the file with the csv module.
"""

from __future__ import annotations

import csv
import re
from decimal import Decimal

from workbench.cli import main

T = "600584.SH"  # 长电科技 (in the demo)


def _cells(path) -> dict[str, str]:
    with open(path, encoding="utf-8", newline="") as fh:
        return next(csv.DictReader(fh))


def _trace(db, figure, capsys) -> list[str]:
    capsys.readouterr()
    assert main(["trace", T, figure, "--db", db]) == 0
    return capsys.readouterr().out.splitlines()


def test_imported_cells_trace_as_written(demo_path, tmp_path, capsys):
    db = str(demo_path)
    src = tmp_path / "f.csv"
    src.write_text("证券代码,证券简称,归母净利润(亿元)2024三季报,PE 2024E,营业收入(亿元)2023年报\n"
                   f"{T},长电科技,-0.04,38.25,359.615\n", encoding="utf-8")
    cells = _cells(src)
    assert main(["import", str(src), "--db", db, "--as-of", "2024-12-29"]) == 0

    lines = _trace(db, "归母净利润 24Q1-Q3", capsys)
    written = cells["归母净利润(亿元)2024三季报"]
    assert lines[-1].rstrip().endswith(f"-> {written}"), lines[-1]  # the loss, not 0.0
    assert f"库中 stored {written}" in lines[0], lines[0]          # the table prints 0.0: the stored loss is named

    lines = _trace(db, "PE 2024E", capsys)
    assert lines[-1].rstrip().endswith(f"-> {cells['PE 2024E']}"), lines[-1]
    assert "库中 stored 38.25" in lines[0]

    lines = _trace(db, "营业收入 2023", capsys)
    written = cells["营业收入(亿元)2023年报"]
    assert lines[-1].rstrip().endswith(f"-> {written}"), lines[-1]
    # the value before the import, as the demo's own seed wrote it (in 亿元, every digit)
    old = re.search(r": (\S+) -> \S+$", lines[-1]).group(1)
    assert Decimal(old) == Decimal("2319.1") or Decimal(old).as_tuple().exponent <= -1


def test_a_figure_the_table_prints_in_full_has_no_stored_note(demo_path, tmp_path, capsys):
    db = str(demo_path)
    src = tmp_path / "g.csv"
    src.write_text(f"证券代码,证券简称,PE 2024E\n{T},长电科技,38.2\n", encoding="utf-8")
    assert main(["import", str(src), "--db", db, "--as-of", "2024-12-29"]) == 0
    lines = _trace(db, "PE 2024E", capsys)
    assert "38.2" in lines[0] and "库中 stored" not in lines[0]
    assert lines[-1].rstrip().endswith("-> 38.2")


def test_ytd_names_the_year_the_table_prints(demo_path, tmp_path, capsys):
    """After copy-forward into the new year the table's 年初至今 column is that year's: trace
    年初至今 must not answer with last year's figure, and the year written as the PDF labels it
    (年初至今 2025, 年初至今 2025YTD) is accepted."""
    db = str(demo_path)
    assert main(["new-issue", "--from", "1", "--db", db]) == 0
    capsys.readouterr()
    code = main(["trace", "300493.SZ", "年初至今", "--db", db])
    captured = capsys.readouterr()
    text = captured.out + captured.err
    assert "2024YTD: " not in text.splitlines()[0] if text else True
    assert code != 0 and "2025YTD" in text and "2024" in text  # none for 2025: says so, names what is held
    for written in (["年初至今", "2024"], ["年初至今", "2024YTD"], ["年初至今 2024YTD"]):
        assert main(["trace", "300493.SZ", *written, "--db", db]) == 0, written
        assert "2024YTD" in capsys.readouterr().out.splitlines()[0]
