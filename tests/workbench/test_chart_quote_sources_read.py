"""The recorded sources of a chart's plotted closes are one of the store's reads (``quote_sources``): the
full Store and the light reader answer it alike, from the rows the file holds, and a LazyStore answers
it without opening the Store. The charts package asks the store and writes no SQL of its own (only
workbench/store/ writes SQL). Truth read with plain sqlite3."""

from __future__ import annotations

import ast
import sqlite3
from pathlib import Path

from workbench.store import Store
from workbench.store.reader import LazyStore, open_reader

CHARTS = Path(__file__).resolve().parents[2] / "workbench" / "charts"
SQL_WORDS = ("SELECT ", "INSERT ", "UPDATE ", "DELETE ", " FROM ")


def _truth(path, ids, start, end):
    with sqlite3.connect(path) as conn:
        return sorted(conn.execute(
            f"SELECT index_id, date, source FROM quotes WHERE index_id IN ({','.join('?' * len(ids))}) "
            "AND date BETWEEN ? AND ?", [*ids, start, end]).fetchall())


def test_the_store_and_the_reader_give_the_quotes_sources_the_file_holds(demo_path):
    with Store(demo_path) as s:
        sector, bench = s.index("申万电子"), s.benchmark()
        days = [q["date"] for q in s.quotes(sector["id"])][-30:]
        # a few closes imported again from files of two kinds, so the sources differ
        s.write_quotes([(sector["id"], d, 1.0 + i, None, "iFinD: 行情.xlsx") for i, d in enumerate(days[:5])])
        s.write_quotes([(bench["id"], d, 2.0 + i, None, "close.csv") for i, d in enumerate(days[3:9])])
    ids, start, end = [sector["id"], bench["id"]], days[0], days[-1]
    truth = _truth(demo_path, ids, start, end)
    assert {t[2] for t in truth} >= {"iFinD: 行情.xlsx", "close.csv"} and len(truth) >= 50
    with Store(demo_path) as s, open_reader(demo_path) as reader:
        for store in (s, reader):
            got = store.quote_sources(ids, start, end)
            assert sorted((r["index_id"], r["date"], r["source"]) for r in got) == truth
        assert reader.quote_sources(ids, start, end) == s.quote_sources(ids, start, end)
        assert s.quote_sources([], start, end) == [] == reader.quote_sources([], start, end)
        assert s.quote_sources(ids, end, start) == []  # an empty span


def test_a_lazy_store_answers_it_without_opening_the_store(demo_path):
    with Store(demo_path) as s:
        ids = [s.index("申万电子")["id"]]
        day = s.quotes(ids[0])[-1]["date"]
    with LazyStore.open(demo_path) as lazy:
        rows = lazy.quote_sources(ids, day, day)
        assert not lazy.is_open
    assert [(r["index_id"], r["date"], r["source"]) for r in rows] == _truth(demo_path, ids, day, day)


def test_the_charts_package_writes_no_sql():
    """Only workbench/store/ writes SQL: no string in workbench/charts reads like a statement, and no
    chart reaches for a connection or a raw query."""
    offending = []
    for path in sorted(CHARTS.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                text = node.value.upper()
                if any(w in text for w in SQL_WORDS) and ("SELECT " in text or "WHERE " in text):
                    offending.append(f"{path.name}:{node.lineno}")
            if isinstance(node, ast.Attribute) and node.attr in ("rows", "scalar", "execute", "conn", "db"):
                offending.append(f"{path.name}:{node.lineno} .{node.attr}")
    assert CHARTS.is_dir() and list(CHARTS.rglob("*.py"))
    assert offending == []
