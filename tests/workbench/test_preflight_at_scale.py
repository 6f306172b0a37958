"""A big desk's table (hundreds of companies, thousands of printed figures): the preflight reads the
figures changed or written outside the workbench for the whole table at once and the freshness
checks only the metrics they look at, and its findings are the ones the per-figure reads give, on
the demo and on a generated big store with raw writes to the file."""

from __future__ import annotations

import csv
import sqlite3

import pytest

from workbench.cli import main
from workbench.report.preflight import outside_figures, preflight
from workbench.report.spec import build_report_spec, resolve_issue
from workbench.store import Store
from workbench.store.reader import open_reader

COMPANIES = 620  # more than the 500 companies read at a time


class PerFigure:
    """The store as the per-figure path reads it: no read for the whole table (each printed figure
    looked up on its own) and every fact of the table's companies for the freshness checks."""

    def __init__(self, store):
        self._store = store

    def __getattr__(self, name):
        if name == "unlogged_facts_in":
            raise AttributeError(name)
        return getattr(self._store, name)

    def fact_dates(self, tickers, metrics=None):
        return self._store.fact_dates(tickers)


class AtOnce:
    """The store with no look-up of one figure at a time: the preflight must read the table at once."""

    def __init__(self, store):
        self._store = store

    def __getattr__(self, name):
        return getattr(self._store, name)

    def unlogged_facts(self, key=None, limit=None):
        assert key is None, "a figure looked up on its own"
        return self._store.unlogged_facts(key, limit)


def _words(result):
    return ([(f.code, f.message, f.field) for f in result.blockers],
            [(f.code, f.message, f.field) for f in result.warnings])


def raw(path, *sql):
    conn = sqlite3.connect(path)
    for statement, params in sql:
        conn.execute(statement, params)
    conn.commit()
    conn.close()


@pytest.fixture
def big_path(demo_path, tmp_path):
    """The demo with 620 more companies in 7 segments, revenue, net profit, their YoY and PE over
    2022A-2024E, and a new issue copied forward whose table holds them all."""
    companies, facts = tmp_path / "companies.csv", tmp_path / "financials.csv"
    tickers = [f"{3000 + i:06d}.SZ" for i in range(COMPANIES)]
    with companies.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["ticker", "name", "segment"])
        for i, t in enumerate(tickers):
            w.writerow([t, f"规模公司{i:04d}", f"规模板块{i % 7}"])
    with facts.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["ticker", "name", "period", "metric", "value"])
        for i, t in enumerate(tickers):
            for k, period in enumerate(("2022A", "2023A", "2024E")):
                w.writerow([t, f"规模公司{i:04d}", period, "revenue", 1e9 + i * 1e6 + k * 1e8])
                w.writerow([t, f"规模公司{i:04d}", period, "net_profit", 1e8 + i * 1e5 - k * 1e7])
                w.writerow([t, f"规模公司{i:04d}", period, "revenue_yoy", 0.01 * (i % 13) + k / 100])
                w.writerow([t, f"规模公司{i:04d}", period, "pe", 10 + i % 40])
    db = str(demo_path)
    assert main(["import", str(companies), "--db", db]) == 0
    assert main(["import", str(facts), "--db", db, "--as-of", "2024-12-20"]) == 0
    assert main(["new-issue", "--from", "latest", "--db", db]) == 0
    with Store(demo_path) as store:
        issue = resolve_issue(store, "latest")
        issue.table.segments = None  # every segment: the new companies too
        store.save_issue(issue)
    return demo_path


def _table_keys(path):
    with Store(path) as store:
        spec = build_report_spec(store, resolve_issue(store, "latest"))
        return [(row.ticker, c.metric, c.period) for row in spec.table.rows for c in spec.table.columns]


def test_the_demo_s_findings_are_the_per_figure_path_s(demo_path):
    with Store(demo_path) as store:
        assert _words(preflight(store, "latest")) == _words(preflight(PerFigure(store), "latest"))


def test_a_big_table_s_findings_are_the_per_figure_path_s_with_raw_writes(big_path):
    keys = [k for k in _table_keys(big_path) if k[0].startswith("003")]
    printed = [k for k in keys if k[1] in ("revenue", "pe") and k[2] in ("2023A", "2024E")]
    assert len({k[0] for k in keys}) == COMPANIES and len(printed) > 600
    updated, inserted = printed[3:600:97], printed[10:610:101]  # spread over both reads of 500 companies
    assert inserted[-1][0] > sorted({k[0] for k in keys})[499]
    where = "WHERE ticker = ? AND metric = ? AND period = ?"
    raw(big_path, *[(f"UPDATE facts SET value = value * 3 {where}", k) for k in updated],
        *[(f"DELETE FROM facts {where}", k) for k in inserted],
        *[("INSERT INTO facts (ticker, metric, period, value, as_of) VALUES (?, ?, ?, 7.5, '2024-12-20')", k)
          for k in inserted],
        ("UPDATE facts SET value = value * 1.2 WHERE ticker = ? AND metric = 'revenue' AND period = '2023A'",
         (keys[0][0],)))  # a level changed behind its growth rate's back
    with Store(big_path) as store:
        issue = resolve_issue(store, "latest")
        spec = build_report_spec(store, issue)
        found = outside_figures(store, issue, spec)
        # the figures the raw SQL above wrote, and only those, each at the value the file holds
        changed = set(updated) | set(inserted) | {(keys[0][0], "revenue", "2023A")}
        assert {(row.ticker, c.metric, c.period) for row, c, _ in found} == changed
        conn = sqlite3.connect(big_path)
        for row, c, value in found:
            assert conn.execute(f"SELECT value FROM facts {where}", (row.ticker, c.metric, c.period)
                                ).fetchone() == (value,)
        conn.close()
        assert found == outside_figures(PerFigure(store), issue, spec) == outside_figures(AtOnce(store), issue, spec)
        at_once, per_figure = _words(preflight(store, "latest")), _words(preflight(PerFigure(store), "latest"))
    assert at_once == per_figure
    assert any(code == "outside_change" for code, *_ in at_once[1])


def test_the_reader_finds_the_raw_inserts_the_store_finds_figure_by_figure(big_path):
    keys = _table_keys(big_path)
    inserted = keys[5:len(keys):len(keys) // 9]
    where = "WHERE ticker = ? AND metric = ? AND period = ?"
    raw(big_path, *[(f"DELETE FROM facts {where}", k) for k in inserted],
        *[("INSERT INTO facts (ticker, metric, period, value) VALUES (?, ?, ?, 1.25)", k) for k in inserted])
    tickers = list(dict.fromkeys(k[0] for k in keys))
    metrics, periods = list(dict.fromkeys(k[1] for k in keys)), list(dict.fromkeys(k[2] for k in keys))
    with Store(big_path) as store:
        expected = sorted((f["ticker"], f["metric"], f["period"], f["value"]) for f in store.unlogged_facts()
                          if f["ticker"] in tickers and f["metric"] in metrics and f["period"] in periods)
        assert expected == sorted((*k, 1.25) for k in inserted)
        assert sorted(store.unlogged_facts_in(tickers, metrics, periods)) == expected
        assert store.unlogged_facts_in(tickers, [], periods) == []
        assert store.unlogged_facts_in(tickers[:1], metrics, ["1999A"]) == []
    reader = open_reader(big_path)
    with reader:
        assert sorted(reader.unlogged_facts_in(tickers, metrics, periods)) == expected
        some = ["revenue", "pe"]
        conn = sqlite3.connect(big_path)
        assert sorted(reader.fact_dates(tickers[:3], some)) == sorted(conn.execute(
            "SELECT ticker, metric, period, value, as_of FROM facts WHERE ticker IN (?, ?, ?) AND metric IN (?, ?)",
            [*tickers[:3], *some]).fetchall())
        conn.close()
        assert reader.fact_dates(tickers[:3], []) == []
