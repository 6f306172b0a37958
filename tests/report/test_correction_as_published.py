"""A correction (更正) of last week's issue republishes THAT issue as of ITS date with the errors fixed.

The demo issue (20241223-20241229, table 截至12月29日) is published; the next week's files arrive
(new PE and 年初至今 figures dated 2025-01-03, a new company), a late file for the published week
(dated 2024-12-29, its own date) and a restatement of an actual (润欣科技 FY2023 net profit and its growth, dated
2025-01-03); the next week's issue is drafted; then issue 1 is corrected. The corrected v2 must
print v1's table except the late file's figure and the restated actual; the new company is not
added, a company deleted since stays as published; the 截至 date is the issue's; the preflight
says once how many newer figures were kept as published and never asks for a 年初至今 of 2025 in a
2024 issue; and `diff` between the corrected issue and next week's still shows the week's changes.
An editor may take a newer figure on purpose (`correct --take TICKER[:METRIC[:PERIOD]]`).

Truth is independent of the code under test: both PDFs read back with pypdf cell by cell, the
restated growth recomputed here with decimal arithmetic from v1's own printed figures.
"""

from __future__ import annotations

import re
import sqlite3
from decimal import ROUND_HALF_UP, Decimal

import pypdf

from workbench.cli import main

RUNXIN, LEXIN, LUXSHARE, WINGTECH, NEWCO = "300493.SZ", "688018.SH", "002475.SZ", "600745.SH", "688041.SH"
# the next week's valuation file dated 2025-01-03 (after the date): PE 2024E and 2025E (printed
# columns) and 年初至今, stored as 2025YTD (not the 2024YTD the issue prints)
NEXT_WEEK = [(RUNXIN, "润欣科技", "123.94", "88.78", "-3.39"), (LEXIN, "乐鑫科技", "70.12", "55.01", "-2.50"),
             (LUXSHARE, "立讯精密", "21.80", "18.60", "-1.20")]
LATE_PE = "33.33"  # 中际旭创's PE 2025E in a corrected file for the published week, dated 2024-12-29
ZHONGJI = "300308.SZ"
RESTATED_PROFIT = Decimal("0.30")  # 亿元, was 0.4


def _write(path, header, *rows):
    path.write_text("\n".join(",".join(r) for r in [header, *rows]) + "\n", encoding="utf-8")
    return str(path)


def _run(capsys, *args) -> tuple[int, str]:
    capsys.readouterr()
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out + out.err


def _rows(pdf_path) -> dict[str, list[str]]:
    """The comparison table's rows as printed: ticker -> [name, cells...]."""
    out = {}
    for page in pypdf.PdfReader(str(pdf_path)).pages:
        for line in page.extract_text().splitlines():
            m = re.match(r"^\s*(\d{6}\.(?:SH|SZ))\s+(.*)$", line)
            if m:
                out[m.group(1)] = m.group(2).split()
    return out


def _text(pdf_path) -> str:
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in pypdf.PdfReader(str(pdf_path)).pages))


def _percent(value: Decimal) -> str:
    return f"{(value * 100).quantize(Decimal('0.01'), ROUND_HALF_UP)}%"


def _publish_then_next_week(db, tmp_path, capsys):
    """Publish issue 1 (exported as v1.pdf), import the next week's files, the late file and the
    restatement, delete one company, and draft the next week's issue (#2)."""
    assert _run(capsys, "status", "1", "review", "--db", db, "--by", "审阅人")[0] == 0
    assert _run(capsys, "status", "1", "final", "--db", db, "--by", "编辑")[0] == 0
    v1 = tmp_path / "v1.pdf"
    assert _run(capsys, "export", "1", "--db", db, "-o", str(v1))[0] == 0
    printed = _rows(v1)
    # the restated growth, recomputed from what v1 printed: the base implied by v1's level and growth
    was_level = Decimal(printed[RUNXIN][5])
    was_growth = Decimal(printed[RUNXIN][6].rstrip("%")) / 100
    base = was_level / (1 + was_growth)
    growth = RESTATED_PROFIT / base - 1
    growth_written = f"{(growth * 100).quantize(Decimal('0.01'), ROUND_HALF_UP)}"
    valuation = _write(tmp_path / "valuation_20250103.csv", ["证券代码", "证券简称", "PE 2024E", "PE 2025E",
                                                             "年初至今涨跌幅(%)"], *NEXT_WEEK)
    newco = _write(tmp_path / "newco.csv", ["证券代码", "证券简称", "细分板块", "营业收入(亿元)2023年报", "PE 2024E"],
                   [NEWCO, "海光信息", "IC 设计", "60.12", "151.37"])
    late = _write(tmp_path / "late_20241229.csv", ["证券代码", "证券简称", "PE 2025E"], [ZHONGJI, "中际旭创", LATE_PE])
    restate = _write(tmp_path / "restate.csv", ["证券代码", "证券简称", "归母净利润(亿元)2023年报", "归母净利润同比(%)2023年报"],
                     [RUNXIN, "润欣科技", str(RESTATED_PROFIT), growth_written])
    assert _run(capsys, "import", valuation, newco, "--db", db, "--as-of", "2025-01-03")[0] == 0
    assert _run(capsys, "import", late, "--db", db, "--as-of", "2024-12-29")[0] == 0
    assert _run(capsys, "import", restate, "--db", db, "--as-of", "2025-01-03")[0] == 0
    from workbench.store import Store

    with Store(db) as store:  # a company taken out of the store after publication
        store.delete_companies([WINGTECH])
    assert _run(capsys, "new-issue", "--from", "1", "--db", db, "--by", "编辑")[0] == 0
    return v1, printed, growth


def _correct_and_publish(db, tmp_path, capsys, *extra) -> tuple[str, str, str]:
    """Open the correction, check it, take it through review to final (accepting what it takes);
    returns the check's output, the refused final's output and the accepted final's output."""
    code, out = _run(capsys, "correct", "1", "--db", db, "--by", "编辑", "--reason", "润欣科技2023年归母净利润重述", *extra)
    assert code == 0, out
    checked = _run(capsys, "check", "1", "--db", db)[1]
    assert _run(capsys, "status", "1", "review", "--db", db, "--by", "审阅人")[0] == 0
    code, refused = _run(capsys, "status", "1", "final", "--db", db, "--by", "编辑")
    assert code == 3, refused
    code, accepted = _run(capsys, "status", "1", "final", "--db", db, "--by", "编辑", "--accept-changes")
    assert code == 0, accepted
    return checked, refused, accepted


def test_a_correction_reprints_the_published_table_except_what_corrects_that_week(demo_path, tmp_path, capsys):
    db = str(demo_path)
    v1, printed, growth = _publish_then_next_week(db, tmp_path, capsys)
    checked, refused, _ = _correct_and_publish(db, tmp_path, capsys)
    v2 = tmp_path / "v2.pdf"
    assert _run(capsys, "export", "1", "--db", db, "-o", str(v2))[0] == 0
    after = _rows(v2)

    # the new company is not added; the company deleted since stays as published
    assert NEWCO not in after and "海光信息" not in _text(v2)
    assert after[WINGTECH] == printed[WINGTECH]
    # every other cell is v1's, but the late file's figure and the restated actual
    expected = {t: list(cells) for t, cells in printed.items()}
    expected[ZHONGJI][10] = f"{Decimal(LATE_PE).quantize(Decimal('0.1'), ROUND_HALF_UP)}"
    expected[RUNXIN][5] = f"{RESTATED_PROFIT.quantize(Decimal('0.1'), ROUND_HALF_UP)}"
    expected[RUNXIN][6] = _percent(growth)
    assert expected[RUNXIN][6] != printed[RUNXIN][6] and expected[ZHONGJI][10] != printed[ZHONGJI][10]
    assert after == expected
    for ticker, _name, pe24, _pe25, _ytd in NEXT_WEEK:  # next week's PE is not printed under 12月29日
        assert after[ticker][9] == printed[ticker][9] != f"{Decimal(pe24).quantize(Decimal('0.1'), ROUND_HALF_UP)}"
    # the 截至 date is the issue's; the 更正说明 counts the figures it updated (2 of 润欣, 1 of 中际旭创)
    text = _text(v2)
    assert "科技重点公司对比（截至12月29日）" in text
    assert "润欣科技2023年归母净利润重述；对比表中3个数字按最新数据更新" in text, text[:600]

    # the preflight says once how many newer figures it kept, and never asks for 2025YTD
    kept = [line for line in checked.splitlines() if "较新的数据晚于本期截至日" in line]
    assert len(kept) == 1, checked
    assert f"{len(NEXT_WEEK) * 2} 项" in kept[0] and "kept as published" in kept[0], kept[0]
    assert "2025YTD" not in checked and "2025 年的年初至今" not in checked, checked
    # final named only what the correction takes, not next week's figures
    listed = [line for line in refused.splitlines() if re.match(r"\s+- ", line)]
    assert len(listed) == 3, refused
    assert all(RUNXIN in line or ZHONGJI in line for line in listed), listed
    assert not any("PE 2024E" in line or NEWCO in line for line in listed), listed

    # the week-over-week record survives: the corrected issue against next week's draft
    code, diff = _run(capsys, "diff", "1", "2", "--db", db)
    assert code == 0, diff
    for ticker, name, _pe24, _pe25, _ytd in NEXT_WEEK:
        assert any(name in line and "PE 2024E" in line for line in diff.splitlines()), diff
    assert "海光信息" in diff


def test_an_editor_takes_a_newer_figure_on_purpose(demo_path, tmp_path, capsys):
    db = str(demo_path)
    v1, printed, _growth = _publish_then_next_week(db, tmp_path, capsys)
    checked, refused, _ = _correct_and_publish(db, tmp_path, capsys, "--take", f"{LEXIN}:pe:2024E")
    v2 = tmp_path / "v2.pdf"
    assert _run(capsys, "export", "1", "--db", db, "-o", str(v2))[0] == 0
    after = _rows(v2)
    lexin = next(r for r in NEXT_WEEK if r[0] == LEXIN)
    assert after[LEXIN][9] == f"{Decimal(lexin[2]).quantize(Decimal('0.1'), ROUND_HALF_UP)}" != printed[LEXIN][9]
    assert after[LEXIN][10] == printed[LEXIN][10]  # only the figure taken: its PE 2025E stays as published
    assert after[RUNXIN][9] == printed[RUNXIN][9]
    kept = [line for line in checked.splitlines() if "较新的数据晚于本期截至日" in line]
    assert len(kept) == 1 and f"{len(NEXT_WEEK) * 2 - 1} 项" in kept[0], checked
    assert any(LEXIN in line and "PE 2024E" in line for line in refused.splitlines())


def test_an_unknown_take_is_refused_and_opens_nothing(demo_path, tmp_path, capsys):
    db = str(demo_path)
    _publish_then_next_week(db, tmp_path, capsys)
    code, out = _run(capsys, "correct", "1", "--db", db, "--by", "编辑", "--reason", "更正", "--take", "999999.SZ")
    assert code != 0 and "999999.SZ" in out, out
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT status, version FROM issues WHERE id = 1").fetchone() == ("final", 1)


def test_a_take_naming_a_figure_the_store_does_not_hold_is_refused_and_opens_nothing(demo_path, tmp_path, capsys):
    """A period the store holds no figure of (a typo: 2099E for 2024E) is refused like an unknown company,
    never accepted as a take of nothing."""
    db = str(demo_path)
    _publish_then_next_week(db, tmp_path, capsys)
    with sqlite3.connect(db) as conn:  # the truth: the store holds no such figure
        assert conn.execute("SELECT count(*) FROM facts WHERE ticker = ? AND metric = 'pe' AND period = '2099E'",
                            [LEXIN]).fetchone() == (0,)
    code, out = _run(capsys, "correct", "1", "--db", db, "--by", "编辑", "--reason", "更正", "--take",
                     f"{LEXIN}:pe:2099E")
    assert code != 0 and "2099E" in out, out
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT status, version FROM issues WHERE id = 1").fetchone() == ("final", 1)
