"""A level corrected after its growth rate was written is flagged whatever the as-of dates say.

Wind resends a corrected file for the same data day: the level changes, the stored YoY stays, and
both carry the same 截至 date. The preflight's "level revised after its YoY" warning must come from
the order of the change log, not from the dates alone; a file that changes the level and its YoY
together (the usual Wind file) must stay silent. Everything runs through the command line (``check``,
``export``); the truth is the store read with plain sqlite3 and decimal arithmetic on the figures.
"""

from __future__ import annotations

import sqlite3
from decimal import ROUND_HALF_UP, Decimal

from workbench.cli import main

LUXSHARE = "002475.SZ"  # 立讯精密, in the demo issue's table with its 2023 revenue and revenue YoY
HEAD_2023 = "营业收入(亿元)2023年报"
HEAD_2022 = "营业收入(亿元)2022年报"
HEAD_YOY = "营业收入同比增长率(%)2023年报"


def fact(db, ticker, metric, period):
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT value, as_of FROM facts WHERE ticker = ? AND metric = ? AND period = ?",
                            [ticker, metric, period]).fetchone()
    finally:
        conn.close()


def dec(value) -> Decimal:
    """A stored figure as the decimal written (a float's shortest repr)."""
    return value if isinstance(value, Decimal) else Decimal(repr(value))


def amount(value) -> str:
    """An amount as the table prints it: 亿元, one decimal, half up on the decimal written."""
    return str((dec(value) / Decimal(10**8)).quantize(Decimal("0.1"), ROUND_HALF_UP))


def percent(value) -> str:
    """A ratio as the table prints it: a percentage with two decimals, half up."""
    return str((dec(value) * 100).quantize(Decimal("0.01"), ROUND_HALF_UP)) + "%"


def write(tmp_path, name, header, *rows):
    path = tmp_path / name
    path.write_text("\n".join(",".join(r) for r in [header, *rows]) + "\n", encoding="utf-8")
    return str(path)


def run(capsys, *args) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def growth_warnings(text: str) -> list[str]:
    return [line for line in text.splitlines() if "WARN" in line and "与其同比" in line]


def imports(capsys, db, path, as_of):
    code, out, err = run(capsys, "import", path, "--db", str(db), "--as-of", as_of)
    assert code == 0, out + err


def test_a_level_corrected_with_a_file_of_the_same_date_is_flagged(demo_path, tmp_path, capsys):
    db = str(demo_path)
    old_level, day = fact(db, LUXSHARE, "revenue", "2023A")
    growth, growth_day = fact(db, LUXSHARE, "revenue_yoy", "2023A")
    assert day == growth_day  # the demo dates both alike; the correction carries the same date
    assert growth_warnings(run(capsys, "check", "1", "--db", db)[1]) == []
    imports(capsys, db, write(tmp_path, "fix.csv", ["证券代码", "证券简称", HEAD_2023], [LUXSHARE, "立讯精密", "2500.0"]), day)
    new_level, new_day = fact(db, LUXSHARE, "revenue", "2023A")
    assert (new_level, new_day) == (2500.0e8, day) and fact(db, LUXSHARE, "revenue_yoy", "2023A") == (growth, day)
    # the premise, by hand: on the base the stored pair implies, the corrected level grew otherwise
    base = dec(old_level) / (1 + dec(growth))
    assert percent(dec(new_level) / base - 1) != percent(growth)

    code, out, _ = run(capsys, "check", "1", "--db", db)
    assert code == 0  # a warning: a careful editor may go on
    found = growth_warnings(out)
    assert len(found) == 1, out
    line = found[0]
    assert "立讯精密（002475.SZ）" in line and "营业收入 2023" in line
    assert amount(old_level) in line and amount(new_level) in line and percent(growth) in line
    # the export reads the store without sqlite-utils: its preflight says the same
    code, _, err = run(capsys, "export", "1", "--db", db, "-o", str(tmp_path / "t.pdf"))
    assert code == 0 and [w.split("]", 1)[1] for w in growth_warnings(err)] == [line.split("]", 1)[1]]


def test_a_level_and_its_growth_corrected_together_are_not_flagged(demo_path, tmp_path, capsys):
    db = str(demo_path)
    level, day = fact(db, LUXSHARE, "revenue", "2023A")
    base = dec(level) / (1 + dec(fact(db, LUXSHARE, "revenue_yoy", "2023A")[0]))  # the base the pair implies
    growth = Decimal("2500.0") * 10**8 / base - 1  # the YoY the corrected file carries
    yoy_text = str((growth * 100).quantize(Decimal("0.0001"), ROUND_HALF_UP))
    imports(capsys, db, write(tmp_path, "wind.csv", ["证券代码", "证券简称", HEAD_2023, HEAD_YOY],
                              [LUXSHARE, "立讯精密", "2500.0", yoy_text]), day)
    assert fact(db, LUXSHARE, "revenue", "2023A") == (2500.0e8, day)
    assert fact(db, LUXSHARE, "revenue_yoy", "2023A") == (float(yoy_text) / 100, day)
    assert growth_warnings(run(capsys, "check", "1", "--db", db)[1]) == []


def test_a_level_changed_and_changed_back_is_not_flagged(demo_path, tmp_path, capsys):
    db = str(demo_path)
    old_level, day = fact(db, LUXSHARE, "revenue", "2023A")
    header = ["证券代码", "证券简称", HEAD_2023]
    imports(capsys, db, write(tmp_path, "wrong.csv", header, [LUXSHARE, "立讯精密", "2500.0"]), day)
    imports(capsys, db, write(tmp_path, "right.csv", header, [LUXSHARE, "立讯精密", amount(old_level)]), day)
    assert fact(db, LUXSHARE, "revenue", "2023A")[0] == float(Decimal(amount(old_level)) * 10**8)
    assert amount(fact(db, LUXSHARE, "revenue", "2023A")[0]) == amount(old_level)
    assert growth_warnings(run(capsys, "check", "1", "--db", db)[1]) == []


def test_the_base_year_level_corrected_after_a_growth_reckoned_from_it_is_flagged(demo_path, tmp_path, capsys):
    """A stored YoY that is the growth of the two stored levels (a computed one kept as a figure,
    as the .xlsx round trip keeps it) goes stale when the base-year level is corrected."""
    db = str(demo_path)
    header = ["证券代码", "证券简称", "细分板块", HEAD_2023, HEAD_2022, HEAD_YOY]
    imports(capsys, db, write(tmp_path, "newco.csv", header,
                              ["688999.SH", "测试科技", "PCB", "10.0165", "10", "0.1650"]), "2024-12-29")
    stored = fact(db, "688999.SH", "revenue_yoy", "2023A")[0]
    assert percent(stored) == percent(Decimal("10.0165") / Decimal("10") - 1) == "0.17%"
    assert growth_warnings(run(capsys, "check", "1", "--db", db)[1]) == []
    imports(capsys, db, write(tmp_path, "base.csv", ["证券代码", "证券简称", HEAD_2022],
                              ["688999.SH", "测试科技", "8"]), "2024-12-29")
    assert percent(Decimal("10.0165") / Decimal("8") - 1) == "25.21%" != percent(stored)  # what it should say
    found = growth_warnings(run(capsys, "check", "1", "--db", db)[1])
    assert len(found) == 1 and "测试科技（688999.SH）" in found[0], found
    assert "2022" in found[0] and "10.0" in found[0] and "8.0" in found[0] and "0.17%" in found[0]


def test_a_growth_that_does_not_follow_from_the_levels_is_not_flagged_for_its_base(demo_path, tmp_path, capsys):
    """A YoY the data vendor reckoned on a restated base (it does not follow from the two stored
    levels) says nothing of the stored base: a correction of the base alone is no reason to flag it."""
    db = str(demo_path)
    header = ["证券代码", "证券简称", "细分板块", HEAD_2023, HEAD_2022, HEAD_YOY]
    imports(capsys, db, write(tmp_path, "newco.csv", header,
                              ["688999.SH", "测试科技", "PCB", "10.0165", "10", "12.5"]), "2024-12-29")
    assert percent(Decimal("10.0165") / Decimal("10") - 1) != percent(fact(db, "688999.SH", "revenue_yoy", "2023A")[0])
    imports(capsys, db, write(tmp_path, "base.csv", ["证券代码", "证券简称", HEAD_2022],
                              ["688999.SH", "测试科技", "8"]), "2024-12-29")
    assert growth_warnings(run(capsys, "check", "1", "--db", db)[1]) == []


def test_a_growth_revised_first_and_its_level_next_on_the_same_base_are_not_flagged(demo_path, tmp_path, capsys):
    """Two files of one correction, the YoY's first: the new pair implies the base year's level the old
    pair implied, so the growth was already reckoned on the new level."""
    db = str(demo_path)
    level, day = fact(db, LUXSHARE, "revenue", "2023A")
    growth = fact(db, LUXSHARE, "revenue_yoy", "2023A")[0]
    base = dec(level) / (1 + dec(growth))  # the base year's level the stored pair implies
    new_growth = (Decimal("2500.0") * 10**8 / base - 1) * 100  # percent, as the file writes it
    yoy_text = str(new_growth.quantize(Decimal("0.01"), ROUND_HALF_UP))
    imports(capsys, db, write(tmp_path, "yoy.csv", ["证券代码", "证券简称", HEAD_YOY], [LUXSHARE, "立讯精密", yoy_text]), day)
    imports(capsys, db, write(tmp_path, "level.csv", ["证券代码", "证券简称", HEAD_2023], [LUXSHARE, "立讯精密", "2500.0"]), day)
    assert fact(db, LUXSHARE, "revenue_yoy", "2023A")[0] == float(Decimal(yoy_text) / 100) != growth
    assert growth_warnings(run(capsys, "check", "1", "--db", db)[1]) == []


def test_a_growth_revised_on_its_own_then_its_level_moved_elsewhere_is_flagged(demo_path, tmp_path, capsys):
    """The growth revised alone, then the level corrected to a figure the revised growth does not fit."""
    db = str(demo_path)
    level, day = fact(db, LUXSHARE, "revenue", "2023A")
    growth = fact(db, LUXSHARE, "revenue_yoy", "2023A")[0]
    base = dec(level) / (1 + dec(growth))
    imports(capsys, db, write(tmp_path, "yoy.csv", ["证券代码", "证券简称", HEAD_YOY], [LUXSHARE, "立讯精密", "9.00"]), day)
    imports(capsys, db, write(tmp_path, "level.csv", ["证券代码", "证券简称", HEAD_2023], [LUXSHARE, "立讯精密", "2500.0"]), day)
    assert percent(Decimal("2500.0") * 10**8 / base - 1) != "9.00%"  # 2500.0 on that base is no 9.00% growth
    found = growth_warnings(run(capsys, "check", "1", "--db", db)[1])
    assert len(found) == 1 and "立讯精密（002475.SZ）" in found[0] and "9.00%" in found[0], found
