"""One figure the desk would refuse never blocks a push: a store holding a figure that is not a
number or lies outside its plausible range (written outside the workbench) checks its outgoing
rows by the desk's own rule (``workbench.domain.metrics.PLAUSIBLE``), holds those rows back, lists
each as a local refusal in `workbench desk conflicts`, and pushes the rest; once the figure is
corrected here it goes at the next sync and its listing closes. Against a real PostgreSQL desk,
whose triggers would refuse the whole push otherwise."""

from __future__ import annotations

import sqlite3

import pytest

import psycopg  # noqa: F401  (a dependency: never skipped)

from desk_testing import server_tables

from workbench.cli import main
from workbench.desk.sync import sync
from workbench.domain.metrics import PLAUSIBLE
from workbench.store import sync_state

T = "688608.SH"  # 恒玄科技 in the demo store
TOO_BIG = (T, "revenue", "2035E")  # 1e20 元: far above revenue's range
TEXT = (T, "eps", "2035E")  # text where a figure belongs
GOOD = (T, "revenue", "2034E")


def _outside(store, sql, params):
    """A write by another program on the store's file (no change log of the workbench's own)."""
    with sqlite3.connect(store.path) as other:
        other.execute(sql, params)
    other.close()


def _benchmark_quote(store):
    uid = store.scalar("SELECT uid FROM indices WHERE is_benchmark = 1")
    date = store.scalar("SELECT max(date) FROM quotes q JOIN indices i ON i.id = q.index_id WHERE i.uid = ?", [uid])
    return uid, date


def _set_change(store, uid, date, change):
    with store.transaction(), store.batch("edit"):  # (the store's edits refuse it: written as a script would)
        store.db.execute("UPDATE quotes SET change = ? WHERE date = ? AND index_id = (SELECT id FROM indices "
                         "WHERE uid = ?)", [change, date, uid])


@pytest.mark.parametrize("looked_up", [sync_state._LOOKED_UP, 0])  # (0: as a big push reads the facts in one pass)
def test_a_bad_figure_is_held_back_listed_and_the_rest_pushed_then_sent_once_corrected(pair, capsys, monkeypatch,
                                                                                      looked_up):
    monkeypatch.setattr(sync_state, "_LOOKED_UP", looked_up)
    desk, (a, ca), (b, cb) = pair
    assert 1e20 > PLAUSIBLE["revenue"][1] and 50.0 > PLAUSIBLE["index_change"][1]
    uid, date = _benchmark_quote(a)
    change_before = b.scalar("SELECT change FROM quotes q JOIN indices i ON i.id = q.index_id "
                             "WHERE i.uid = ? AND q.date = ?", [uid, date])
    _outside(a, "INSERT INTO facts (ticker, metric, period, value, source) VALUES (?, ?, ?, ?, 'script.py')",
             [*TOO_BIG, 1e20])
    _outside(a, "INSERT INTO facts (ticker, metric, period, value, source) VALUES (?, ?, ?, ?, 'script.py')",
             [*TEXT, "12,3"])
    _set_change(a, uid, date, 50.0)
    a.set_fact(*GOOD, 1.5e9)

    result = sync(a, ca)  # the desk's triggers would refuse a COPY holding any of them
    on_desk = server_tables(desk.super_url)
    assert on_desk["facts"]["|".join(GOOD)]["value"] == 1.5e9
    assert "|".join(TOO_BIG) not in on_desk["facts"] and "|".join(TEXT) not in on_desk["facts"]
    assert on_desk["quotes"][f"{uid}|{date}"]["change"] == change_before
    held = {c["key"]: c for c in sync_state.conflicts(a)}
    assert set(held) == {"|".join(TOO_BIG), "|".join(TEXT), f"{uid}|{date}"}, held
    assert result.refused == 3, result.summary()
    for c in held.values():
        assert c["kind"] == "local" and "未推送 (not pushed" in c["message"], c
    assert "本机的值超出合理范围" in held["|".join(TOO_BIG)]["message"]
    assert "本机的值不是数字" in held["|".join(TEXT)]["message"] and "12,3" in held["|".join(TEXT)]["message"]
    assert "本机的值超出合理范围" in held[f"{uid}|{date}"]["message"]
    # the command line lists each, with why
    capsys.readouterr()
    assert main(["desk", "conflicts", "--db", str(a.path)]) == 0
    out = capsys.readouterr().out
    assert out.count("未推送 (not pushed") == 3 and out.count("本地拒绝 refused by this store") == 3, out

    # the store keeps them as they are; the next sync neither sends them nor lists them again
    assert a.fact(*TOO_BIG) == 1e20 and a.fact(*TEXT) == "12,3"
    again = sync(a, ca)
    assert again.refused == 0 and len(sync_state.conflicts(a)) == 3
    assert "|".join(TOO_BIG) not in server_tables(desk.super_url)["facts"]
    assert sync(b, cb).refused == 0 and b.fact(*GOOD) == 1.5e9 and b.fact(*TOO_BIG) is None

    # corrected here: each goes at the next sync, and its listing closes
    a.set_fact(*TOO_BIG, 2.0e9)
    a.set_fact(*TEXT, 12.3)
    _set_change(a, uid, date, 0.05)
    done = sync(a, ca)
    assert done.pushed == 3 and sync_state.conflicts(a) == [], done.summary()
    on_desk = server_tables(desk.super_url)
    assert (on_desk["facts"]["|".join(TOO_BIG)]["value"], on_desk["facts"]["|".join(TEXT)]["value"],
            on_desk["quotes"][f"{uid}|{date}"]["change"]) == (2.0e9, 12.3, 0.05)
    sync(b, cb)
    assert (b.fact(*TOO_BIG), b.fact(*TEXT)) == (2.0e9, 12.3)


def test_a_dry_run_counts_the_held_figure_out_and_lists_nothing(pair):
    desk, (a, ca), (b, cb) = pair
    _outside(a, "INSERT INTO facts (ticker, metric, period, value, source) VALUES (?, ?, ?, ?, 'script.py')",
             [*TOO_BIG, 1e20])
    a.set_fact(*GOOD, 1.5e9)
    dry = sync(a, ca, dry_run=True)
    assert dry.pushed == 1 and sync_state.conflicts(a) == [], dry.summary()
    assert "|".join(GOOD) not in server_tables(desk.super_url)["facts"]
