"""The push's check of the figures it sends costs a good figure one comparison: the test rides on
the query that stages the facts (no lookup of each pushed fact, no pass over the store's facts),
and only the odd ones are looked at again by the desk's rule. What it holds back is exactly what
the rule of ``workbench.domain.metrics`` refuses, at every edge of a range and for every kind of
value a file can hold (±inf, NaN, text, NULL). Against a real PostgreSQL desk."""

from __future__ import annotations

import math
import sqlite3

import pytest

import psycopg  # noqa: F401  (a dependency: never skipped)

from desk_testing import server_tables

from workbench.cli import main
from workbench.desk.sync import sync
from workbench.domain.metrics import PLAUSIBLE
from workbench.store import sync_state

T = "688608.SH"  # 恒玄科技 in the demo store


def _outside(store, rows):
    """Facts written by another program on the store's file (no change log of the workbench's own)."""
    with sqlite3.connect(store.path) as other:
        other.executemany("INSERT OR REPLACE INTO facts (ticker, metric, period, value, source) "
                          "VALUES (?, ?, ?, ?, 'script.py')", rows)
    other.close()


def _refused(metric: str, value) -> bool:
    """The desk's rule, restated: a figure is a finite int or float inside its metric's range (a
    double's where the metric has none); a missing one is none."""
    if value is None:
        return False
    if type(value) not in (int, float) or not math.isfinite(value):
        return True
    low, high = PLAUSIBLE.get(metric, (-1.7976931348623157e308, 1.7976931348623157e308))
    return not low <= value <= high


@pytest.mark.parametrize("looked_up", [sync_state._LOOKED_UP, 0])
def test_a_push_of_good_figures_reads_no_pushed_fact_again(pair, monkeypatch, looked_up):
    monkeypatch.setattr(sync_state, "_LOOKED_UP", looked_up)  # (0: what a push of more facts did)
    desk, (a, ca), _ = pair
    rows = [(T, "revenue", f"{2100 + i}E", 1.0e9 + i) for i in range(300)]
    a.write_facts(rows, source="weekly.xlsx", as_of="2025-01-03", origin="import")
    statements: list[str] = []
    a.db.conn.set_trace_callback(statements.append)
    try:
        result = sync(a, ca)
    finally:
        a.db.conn.set_trace_callback(None)
    assert result.pushed == 300 and result.refused == 0, result.summary()
    on_desk = server_tables(desk.super_url)["facts"]
    assert all(on_desk[f"{t}|{m}|{p}"]["value"] == v for t, m, p, v in rows)
    assert any("sync_push_facts" in s for s in statements)  # (the trace saw the push's staging)
    reads = [s for s in statements if "SELECT ticker, metric, period, value FROM facts" in s]
    assert reads == [], f"{len(reads)} reads of the facts for the check, first: {reads[0][:200]}"


@pytest.mark.parametrize("writer", ["outside", "store"])
def test_what_the_push_holds_back_is_what_the_rule_refuses_at_every_edge(pair, monkeypatch, writer):
    desk, (a, ca), (b, cb) = pair
    staged_odd: set[str] = set()
    stage = sync_state.stage_facts

    def spy(*args, **kwargs):
        out = stage(*args, **kwargs)
        staged_odd.update(k for _, k in out[3])
        return out

    monkeypatch.setattr(sync_state, "stage_facts", spy)
    before = server_tables(desk.super_url)["facts"]
    values = []
    for metric, (low, high) in PLAUSIBLE.items():
        values += [(metric, v) for v in (low, high, math.nextafter(low, -math.inf), math.nextafter(high, math.inf),
                                         (low + high) / 2)]
    values += [("revenue", math.inf), ("revenue", -math.inf), ("pe", math.nan), ("eps", "12,3"),
               ("eps", None), ("eps", 1000), ("eps", 1001), ("revenue", 10**14), ("revenue", 10**14 + 1),
               ("no_range", 1.7976931348623157e308), ("no_range", math.inf), ("no_range", -5), ("no_range", "x")]
    rows = [(T, m, f"{3000 + i}E", v) for i, (m, v) in enumerate(values)]
    if writer == "outside":  # (a write the push reads into an image of its own, one by one)
        _outside(a, rows)
    else:  # (the store's own write, which checks no range: the facts the store stages in one query)
        a.write_facts(rows, source="script.py", as_of="2025-01-03", origin="import")
    stored = {f"{t}|{m}|{p}": v for t, m, p, v in
              sqlite3.connect(a.path).execute("SELECT ticker, metric, period, value FROM facts WHERE period >= '3000E'")}
    assert len(stored) == len(rows)
    bad = {k for k, v in stored.items() if _refused(k.split("|")[1], v)}
    assert len(bad) >= 2 * len(PLAUSIBLE) + 6 and len(stored) - len(bad) >= 3 * len(PLAUSIBLE)

    result = sync(a, ca)
    if writer == "store":  # the staging's own test singled out exactly these, none of the good ones
        assert staged_odd == bad, (sorted(staged_odd - bad), sorted(bad - staged_odd))
    held = {c["key"] for c in sync_state.conflicts(a) if "未推送 (not pushed" in (c["message"] or "")}
    assert held == bad, (sorted(held - bad), sorted(bad - held))
    assert result.refused == len(bad), result.summary()
    on_desk = server_tables(desk.super_url)["facts"]
    for key, value in stored.items():
        if key in bad:
            assert key not in on_desk and key not in before
        elif value is None:  # (NaN is stored as NULL: a missing figure, sent as one)
            assert key in on_desk and on_desk[key]["value"] is None
        else:
            assert float(on_desk[key]["value"]) == value, key  # (the desk's JSON reads 1.79e308 back as a decimal)


def test_a_blob_where_a_figure_belongs_is_held_back_and_listed_and_the_rest_pushed(pair, capsys):
    desk, (a, ca), _ = pair
    blob, good = (T, "eps", "2036E"), (T, "eps", "2037E")
    _outside(a, [(*blob, b"\x01\x02"), (*good, 1.25)])
    result = sync(a, ca)
    [listed] = sync_state.conflicts(a)
    assert listed["key"] == "|".join(blob) and "本机的值不是数字" in listed["message"], listed
    assert result.refused == 1, result.summary()
    on_desk = server_tables(desk.super_url)["facts"]
    assert "|".join(blob) not in on_desk and on_desk["|".join(good)]["value"] == 1.25
    assert sqlite3.connect(a.path).execute("SELECT value FROM facts WHERE ticker = ? AND metric = ? AND period = ?",
                                           blob).fetchone()[0] == b"\x01\x02"  # (kept here as it is)
    capsys.readouterr()
    assert main(["desk", "conflicts", "--db", str(a.path)]) == 0
    out = capsys.readouterr().out
    assert out.count("未推送 (not pushed") == 1 and "688608.SH" in out and "2036E" in out, out
