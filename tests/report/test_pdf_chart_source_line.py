"""A chart's source line says where its plotted data came from, never a fixed vendor: the cover chart
on page 1 names the sources the store records for the plotted closes (here an iFinD file re-imported
over the demo's history), the app's company chart the sources of its plotted facts; the demo's
sample history still reads 示意数据, and an editor's own source text for a figure is kept.

The store is the command line's demo; the PDF is read back with pypdf and the sources are read with
plain SQL."""

from __future__ import annotations

import csv
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

WORKBENCH = [sys.executable, "-m", "workbench"]


def wb(*args, db: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, LANG="C.UTF-8", QT_QPA_PLATFORM="offscreen")
    return subprocess.run([*WORKBENCH, *args, "--db", str(db)], capture_output=True, text=True, env=env,
                          timeout=300)


def sql(db: Path, query: str, params=()) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(query, params).fetchall()


def page_one_sources(pdf: Path) -> list[str]:
    text = PdfReader(pdf).pages[0].extract_text()
    return [line.strip() for line in text.splitlines() if "资料来源" in line]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("src")
    db = tmp / "d.sqlite"
    assert wb("demo", "--force", db=db).returncode == 0
    return tmp, db


def test_demo_cover_chart_still_says_sample(demo):
    tmp, db = demo
    pdf = tmp / "demo.pdf"
    assert wb("export", "1", "-o", str(pdf), db=db).returncode == 0
    assert page_one_sources(pdf) == ["资料来源：示意数据"]


def test_cover_chart_names_the_imported_file_not_wind(demo, tmp_path):
    _tmp, seed = demo
    db = tmp_path / "src.sqlite"
    db.write_bytes(seed.read_bytes())
    cover, bench = sql(db, "SELECT json_extract(content, '$.cover_index') FROM issues WHERE id = 1")[0][0], \
        sql(db, "SELECT name FROM indices WHERE is_benchmark = 1")[0][0]
    rows = sql(db, "SELECT i.code, i.name, q.date, q.close FROM quotes q JOIN indices i ON i.id = q.index_id "
                   "WHERE i.name IN (?, ?) ORDER BY q.date", (cover, bench))
    quotes = tmp_path / "ifind_quotes.csv"
    with quotes.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["指数代码", "指数名称", "日期", "收盘价"])
        for code, name, day, close in rows:
            w.writerow([code, name, day, round(close + 0.01, 2)])
    r = wb("import", str(quotes), db=db)
    assert r.returncode == 0, r.stdout + r.stderr
    recorded = {s for (s,) in sql(db, "SELECT DISTINCT q.source FROM quotes q JOIN indices i ON i.id = q.index_id "
                                      "WHERE i.name IN (?, ?)", (cover, bench))}
    assert recorded == {"ifind_quotes.csv"}  # what the store records for every plotted close
    # the market review is drafted again from the week's closes, as the editor does after an import
    assert wb("draft-review", "1", db=db).returncode == 0
    pdf = tmp_path / "src.pdf"
    r = wb("export", "1", "-o", str(pdf), db=db)
    assert r.returncode == 0, r.stderr
    lines = page_one_sources(pdf)
    assert len(lines) == 1
    assert "Wind" not in lines[0]
    assert lines[0].replace(" ", "") == "资料来源：ifind_quotes.csv"


def test_company_chart_names_its_facts_sources(demo):
    from workbench.charts import company_bars_spec
    from workbench.store import Store

    _tmp, db = demo
    recorded = {s for (s,) in sql(db, "SELECT DISTINCT source FROM facts WHERE ticker = '300493.SZ' "
                                      "AND metric IN ('revenue', 'net_profit')")}
    with Store(db) as store:
        spec = company_bars_spec(store, "300493.SZ")
    assert "Wind" not in spec.source
    assert spec.source == "，".join(sorted(recorded))
