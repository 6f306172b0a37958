"""A push lands, its acknowledgement is lost, and the station changes another row before it syncs
again: the desk's mark of the workstation is then below the newest change here. The rows the lost
push carried (their seq at or below the mark) landed already: the retry checks them as any retry
after a lost acknowledgement does, takes the desk's state of them and writes none of them again,
and pushes only the changes made since. Before, it sent them again and the desk decided them again:
a conflict the lost push listed was listed twice (冲突 2), a merged row got a second version. Against
a real PostgreSQL desk; the store read back from its SQLite file."""

from __future__ import annotations

import json
import sqlite3

import psycopg
import pytest

from desk_testing import lose_acknowledgement

from workbench.desk.sync import sync
from workbench.store import sync_state

pytestmark = pytest.mark.usefixtures("private_password_file")

T = "688608.SH"
FACT = (T, "revenue", "2023A")
KEY = "|".join(FACT)
LATER = (T, "revenue", "2024Q1-Q3")


def _file_fact(path, ticker, metric, period):
    with sqlite3.connect(str(path)) as db:
        row = db.execute("SELECT value FROM facts WHERE ticker = ? AND metric = ? AND period = ?",
                         [ticker, metric, period]).fetchone()
    return None if row is None else row[0]


def _file_conflicts(path, key):
    with sqlite3.connect(str(path)) as db:
        return db.execute("SELECT kind, mine FROM sync_conflicts WHERE key = ?", [key]).fetchall()



def _desk(desk, sql, args):
    with psycopg.connect(desk.super_url) as su:
        return su.execute(sql, args).fetchall()


def test_a_conflict_the_lost_push_listed_is_listed_once(pair, monkeypatch):
    desk, (a, ca), (b, cb) = pair
    ws = b.workstation_id()
    sync(b, cb)
    before = b.fact(*FACT)
    a.set_fact(*FACT, before + 7.0)
    sync(a, ca)
    b.set_fact(*FACT, before + 1.5)
    lose_acknowledgement(monkeypatch, b, cb)
    mark = _desk(desk, "SELECT last_seq FROM desk.workstations WHERE ws = %s", [ws])[0][0]
    later = b.fact(*LATER) + 2.5
    b.set_fact(*LATER, later)  # offline work after the lost acknowledgement
    assert b.last_seq() > mark
    dry = sync(b, cb, dry_run=True)  # (a dry run says the same and changes nothing)
    assert dry.pushed == 1 and sync_state.pending(b).keys[("facts", KEY)] <= mark < b.last_seq()
    assert _file_fact(b.path, *FACT) == before + 1.5 and not _file_conflicts(b.path, KEY)
    result = sync(b, cb)
    # the lost push's listing, told now for the first time, and only it (before: listed again, 冲突 2)
    assert (result.pushed, result.conflicts) == (1, 1)
    assert sync_state.pending(b).keys == {} and b.workstation_id() == ws
    assert _file_fact(b.path, *FACT) == before + 7.0 and _file_fact(b.path, *LATER) == later
    listed = _file_conflicts(b.path, KEY)
    assert len(listed) == 1 and json.loads(listed[0][1])["value"] == before + 1.5  # its own figure kept there
    assert _desk(desk, "SELECT count(*) FROM desk.conflicts WHERE ws = %s AND key = %s", [ws, KEY])[0][0] == 1
    assert _desk(desk, "SELECT count(*) FROM desk.changes WHERE ws = %s AND key = %s", [ws, KEY])[0][0] == 0
    sync(a, ca)
    assert (a.fact(*FACT), a.fact(*LATER)) == (before + 7.0, later)


def test_a_merged_row_the_lost_push_wrote_is_not_written_again(pair, monkeypatch):
    desk, (a, ca), (b, cb) = pair
    ws = b.workstation_id()
    sync(b, cb)
    a.set_company_field(T, "full_name", "恒玄科技（上海）股份有限公司·甲")
    sync(a, ca)
    b.set_company_field(T, "industry", "半导体·乙")
    b.set_fact(*FACT, b.fact(*FACT) + 1.5)
    lose_acknowledgement(monkeypatch, b, cb)
    written = _desk(desk, "SELECT id, seq FROM desk.changes WHERE ws = %s ORDER BY id", [ws])
    later = b.fact(*LATER) + 2.5
    b.set_fact(*LATER, later)
    result = sync(b, cb)
    assert (result.pushed, result.conflicts) == (1, 0)
    assert sync_state.pending(b).keys == {}
    now = _desk(desk, "SELECT id, seq FROM desk.changes WHERE ws = %s ORDER BY id", [ws])
    assert now[:len(written)] == written and len(now) == len(written) + 1  # the later figure only
    company = b.company(T)
    assert (company["full_name"], company["industry"]) == ("恒玄科技（上海）股份有限公司·甲", "半导体·乙")
    sync(a, ca)
    assert a.company(T)["industry"] == "半导体·乙" and a.fact(*LATER) == later
