"""Keeping "mine" of a figure held back from the push (a figure the desk refuses: not a number, or
outside ``metrics.PLAUSIBLE``) while it is still bad is refused in words naming the figure and its
range, nothing changed (it used to hold the figure back again, silently, under a new listing); once
the figure is corrected here, the next sync sends it. Against a real PostgreSQL desk."""

from __future__ import annotations

import sqlite3

import pytest

import psycopg  # noqa: F401  (a dependency: never skipped)

from desk_testing import server_tables

from workbench.cli import main
from workbench.desk.errors import DeskError
from workbench.desk.sync import resolve, sync
from workbench.domain.metrics import METRICS, PLAUSIBLE
from workbench.store import sync_state

T = "688608.SH"  # 恒玄科技 in the demo store
TOO_BIG = (T, "revenue", "2035E")  # 1e20 元: far above revenue's range
TEXT = (T, "eps", "2035E")  # text where a figure belongs


def _outside(store, sql, params):
    """A write by another program on the store's file (no change log of the workbench's own)."""
    with sqlite3.connect(store.path) as other:
        other.execute(sql, params)
    other.close()


def _state(store):
    return (store.rows("SELECT id, kind, resolution, message FROM sync_conflicts ORDER BY id"),
            store.scalar("SELECT count(*) FROM change_log"), store.fact(*TOO_BIG), store.fact(*TEXT),
            sync_state.pending_count(store))


def test_keeping_mine_of_a_figure_still_bad_is_refused_naming_it_and_its_range(pair, capsys):
    desk, (a, ca), _ = pair
    _outside(a, "INSERT INTO facts (ticker, metric, period, value, source) VALUES (?, ?, ?, ?, 'script.py')",
             [*TOO_BIG, 1e20])
    _outside(a, "INSERT INTO facts (ticker, metric, period, value, source) VALUES (?, ?, ?, ?, 'script.py')",
             [*TEXT, "12,3"])
    sync(a, ca)
    held = {c["key"]: c for c in sync_state.conflicts(a)}
    assert set(held) == {"|".join(TOO_BIG), "|".join(TEXT)}
    company = a.scalar("SELECT name FROM companies WHERE ticker = ?", [T])
    low, high = PLAUSIBLE["revenue"]
    assert not low <= 1e20 <= high

    before = _state(a)
    with pytest.raises(DeskError) as refused:
        resolve(a, held["|".join(TOO_BIG)]["id"], "mine")
    text = str(refused.value)
    # the figure (company, metric, period) and its range, in the metric's own words
    assert company in text and METRICS["revenue"].zh in text and "2035E" in text, text
    assert "超出合理范围" in text and "plausible range" in text, text
    assert "未作任何更改" in text and "nothing was changed" in text, text
    assert _state(a) == before  # nothing changed: the listing open, nothing logged to push

    with pytest.raises(DeskError) as refused:
        resolve(a, held["|".join(TEXT)]["id"], "mine")
    text = str(refused.value)
    assert METRICS["eps"].zh in text and "12,3" in text and "不是数字" in text and "not a number" in text, text
    assert _state(a) == before

    # the command line says the same, and exits non-zero
    capsys.readouterr()
    assert main(["desk", "resolve", str(held["|".join(TOO_BIG)]["id"]), "--keep", "mine", "--db", str(a.path)]) != 0
    assert "超出合理范围" in capsys.readouterr().err
    assert _state(a) == before

    # the next sync neither lists it again nor sends it
    assert sync(a, ca).refused == 0 and len(sync_state.conflicts(a)) == 2
    assert "|".join(TOO_BIG) not in server_tables(desk.super_url)["facts"]

    # corrected here: the next sync sends it and closes its listing, as the refusal said
    a.set_fact(*TOO_BIG, 2.0e9)
    sync(a, ca)
    assert server_tables(desk.super_url)["facts"]["|".join(TOO_BIG)]["value"] == 2.0e9
    assert [c["key"] for c in sync_state.conflicts(a)] == ["|".join(TEXT)]
