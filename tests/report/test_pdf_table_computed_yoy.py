"""A YoY the store does not hold is computed for the comparison table from the two stored levels of the
comparable period (2023A against 2022A, 24Q1-Q3 against 23Q1-Q3), never over a stored (imported) YoY;
``trace`` explains the computed figure from the two levels, naming their values and sources.

The store is the command line's demo with a careless analyst's file imported through the CLI; the
PDF is read back with pypdf and the truth is recomputed here, in decimal, from the file's own levels."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

WORKBENCH = [sys.executable, "-m", "workbench"]
ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "resources" / "demo" / "companies.csv"

HEADER = ["证券代码", "证券简称", "细分板块", "营业收入(亿元)2022年报", "营业收入(亿元)2023年报",
          "营业收入(亿元)2023三季报", "营业收入(亿元)2024三季报", "归母净利润(亿元)2022年报",
          "归母净利润(亿元)2023年报"]
NEW = ["688111.SH", "测试芯片", "AIOT soc", "10", "12", "8", "9", "1", "1.5"]


def wb(*args, db: Path, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, LANG="C.UTF-8", QT_QPA_PLATFORM="offscreen")
    return subprocess.run([*WORKBENCH, *args, "--db", str(db)], capture_output=True, text=True, env=env,
                          timeout=300, cwd=cwd)


def percent(current: str, previous: str) -> str:
    """The YoY of two levels as written, printed as the report prints a ratio: two decimals of a
    percent, half away from zero, on the absolute base."""
    cur, prev = Decimal(current), Decimal(previous)
    return f"{((cur - prev) / abs(prev) * 100).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)}%"


def ratio_text(fraction: str) -> str:
    return f"{(Decimal(fraction) * 100).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)}%"


def table_rows(pdf: Path) -> dict[str, list[str]]:
    """Each company's line of the comparison table, by ticker, split into its cells."""
    rows = {}
    for page in PdfReader(pdf).pages:
        for line in page.extract_text().splitlines():
            parts = line.split()
            if len(parts) >= 12 and parts[0][:6].isdigit() and parts[0][6:7] == ".":
                rows[parts[0]] = parts
    return rows


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("yoy")
    db = tmp / "y.sqlite"
    assert wb("demo", "--force", db=db).returncode == 0
    demo_pdf = tmp / "demo.pdf"
    r = wb("export", "1", "-o", str(demo_pdf), db=db)
    assert r.returncode == 0, r.stderr
    raw = tmp / "raw.csv"
    with raw.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        w.writerow(NEW)
        # a seed company given a 2022 level: its stored 2023 YoY (2.80%) must stay what prints
        w.writerow(["300493.SZ", "润欣科技", "AIOT soc", "10", "", "", "", "", ""])
    r = wb("import", str(raw), "--as-of", "2024-12-27", db=db)
    assert r.returncode == 0, r.stdout + r.stderr
    pdf = tmp / "y.pdf"
    r = wb("export", "1", "-o", str(pdf), db=db)
    assert r.returncode == 0, r.stderr
    return tmp, db, demo_pdf, pdf


def test_missing_yoy_is_computed_from_the_two_stored_levels(built):
    _tmp, _db, _demo_pdf, pdf = built
    cells = table_rows(pdf)["688111.SH"]
    assert cells[1] == "测试芯片"
    values = dict(zip(HEADER, NEW))
    rev_2023 = percent(values["营业收入(亿元)2023年报"], values["营业收入(亿元)2022年报"])
    rev_q3 = percent(values["营业收入(亿元)2024三季报"], values["营业收入(亿元)2023三季报"])
    np_2023 = percent(values["归母净利润(亿元)2023年报"], values["归母净利润(亿元)2022年报"])
    assert (rev_2023, rev_q3, np_2023) == ("20.00%", "12.50%", "50.00%")  # the brief's own figures
    # columns: 营收 2023, YoY, 24Q1-Q3, YoY, 归母净利润 2023, YoY, 24Q1-Q3, YoY, PE 2024E, PE 2025E, 年初至今
    assert cells[3] == rev_2023
    assert cells[5] == rev_q3
    assert cells[7] == np_2023
    assert cells[9] == "--"  # no net profit of 23Q1-Q3 or 24Q1-Q3: nothing to compute from


def test_stored_yoy_is_never_overridden(built):
    _tmp, _db, _demo_pdf, pdf = built
    seed = {r["ticker"]: r for r in csv.DictReader(SEED.open(encoding="utf-8"))}
    cells = table_rows(pdf)["300493.SZ"]
    # 21.6 亿元 against the new 2022 level of 10 would be 116.00%; the stored 2.80% prints
    assert cells[3] == ratio_text(seed["300493.SZ"]["revenue_2023_yoy"])
    assert cells[3] != percent(seed["300493.SZ"]["revenue_2023"], "10")


def test_demo_table_keeps_every_stored_yoy(built):
    _tmp, _db, demo_pdf, _pdf = built
    seed = list(csv.DictReader(SEED.open(encoding="utf-8")))
    rows = table_rows(demo_pdf)
    fields = {3: "revenue_2023_yoy", 5: "revenue_24q1q3_yoy", 7: "netprofit_2023_yoy", 9: "netprofit_24q1q3_yoy"}
    checked = 0
    for company in seed:
        cells = rows[company["ticker"]]
        for pos, field in fields.items():
            if company[field]:
                assert cells[pos] == ratio_text(company[field]), (company["ticker"], field)
                checked += 1
    assert checked >= 4 * 60


def test_trace_explains_a_computed_yoy(built):
    tmp, db, _demo_pdf, _pdf = built
    r = wb("trace", "测试芯片", "revenue_yoy", "2023A", db=db)
    assert r.returncode == 0, r.stdout + r.stderr
    out = r.stdout
    first = out.splitlines()[0]
    assert "688111.SH" in first and percent("12", "10") in first
    assert "计算" in out and "computed" in out
    # both levels named with their values and where they came from (the imported file)
    assert "12.0" in out and "10.0" in out and "2022A" in out and "2023A" in out
    assert out.count("raw.csv") >= 2
    # as the PDF labels it, too
    r2 = wb("trace", "测试芯片", "营业收入 2023 YoY", db=db)
    assert r2.returncode == 0 and r2.stdout.splitlines()[0] == first


def test_trace_of_a_yoy_with_no_levels_still_refuses(built):
    _tmp, db, _demo_pdf, _pdf = built
    r = wb("trace", "测试芯片", "net_profit_yoy", "2024Q1-Q3", db=db)
    assert r.returncode != 0
    assert "没有该数据" in r.stdout + r.stderr
