"""Two genuine lost acknowledgements in a row: the station changes a row, its push lands on the desk
and the acknowledgement is lost; it changes the same row again, and the same happens. The desk's
feed then holds, under this workstation's id, the row at both seqs: the older one is this store's
own earlier push of a row it changed again since, not a change it never made. Before, every later
sync refused ("…存有 1 项不是本数据文件推送的变更…") forever; now the retry completes, takes nothing
twice and leaves the store and the desk agreeing. An entry in the range of a row this store has not
changed at all is still refused. Against a real PostgreSQL desk; the store read back from its SQLite
file."""

from __future__ import annotations

import json
import sqlite3

import psycopg
import pytest

from desk_testing import lose_acknowledgement

from workbench.desk.errors import DeskError
from workbench.desk.sync import sync
from workbench.store import sync_state

pytestmark = pytest.mark.usefixtures("private_password_file")

T = "688608.SH"
FACT = (T, "revenue", "2023A")
KEY = "|".join(FACT)
OTHER = (T, "revenue", "2024Q1-Q3")


def _file(path, sql, args=()):
    with sqlite3.connect(str(path)) as db:
        return db.execute(sql, list(args)).fetchall()


def _file_fact(path, ticker, metric, period):
    rows = _file(path, "SELECT value FROM facts WHERE ticker = ? AND metric = ? AND period = ?", [ticker, metric, period])
    return rows[0][0] if rows else None


def _file_headline(path, issue_id):
    return _file(path, "SELECT headline FROM issues WHERE id = ?", [issue_id])[0][0]


def _file_house(path):
    return _file(path, "SELECT name_zh FROM house")[0][0]



def _mark(desk, ws):
    with psycopg.connect(desk.super_url) as su:
        return su.execute("SELECT last_seq FROM desk.workstations WHERE ws = %s", [ws]).fetchone()[0]


def _entries(desk, ws, tbl, key):
    with psycopg.connect(desk.super_url) as su:
        return su.execute("SELECT seq FROM desk.changes WHERE ws = %s AND tbl = %s AND key = %s ORDER BY seq",
                          [ws, tbl, key]).fetchall()


def _set_headline(store, text):
    issue = store.issue("latest")
    issue.headline = text
    store.save_issue(issue, keep_status=True)


@pytest.mark.parametrize("what", ["fact", "issue"])
def test_two_lost_acknowledgements_of_the_same_row_then_a_sync_completes(pair, monkeypatch, what):
    desk, (a, ca), (b, cb) = pair
    sync(b, cb)
    ws = b.workstation_id()
    issue_id = b.issue("latest").id

    def edit(n):
        if what == "fact":
            b.set_fact(*FACT, 2.6e9 + n)
        else:
            _set_headline(b, f"两次丢失确认的标题 {n}")

    edit(1)
    lose_acknowledgement(monkeypatch, b, cb)
    edit(2)
    lose_acknowledgement(monkeypatch, b, cb)
    assert _mark(desk, ws) == b.last_seq() and sync_state.pending(b).keys
    result = sync(b, cb)  # (before: refused, one change "this store did not push")
    assert b.workstation_id() == ws and (result.pushed, result.conflicts) == (0, 0)
    assert sync_state.pending(b).keys == {}
    assert sync(b, cb).pushed == 0  # and every later sync too
    if what == "fact":
        assert _file_fact(b.path, *FACT) == 2.6e9 + 2
        assert len(_entries(desk, ws, "facts", KEY)) == 2  # each push applied once, none again
    else:
        assert _file_headline(b.path, issue_id) == "两次丢失确认的标题 2"
    assert _file(b.path, "SELECT count(*) FROM sync_conflicts")[0][0] == 0
    sync(a, ca)
    if what == "fact":
        assert a.fact(*FACT) == 2.6e9 + 2
    else:
        assert a.issue("latest").headline == "两次丢失确认的标题 2"


def test_two_lost_acknowledgements_of_the_house_and_a_figure_then_a_sync_completes(pair, monkeypatch):
    """The administrator's station: the house and a figure in the first push, the figure again in the second."""
    desk, (a, ca), (b, cb) = pair
    ws = a.workstation_id()
    a.update_house(name_zh="两次丢失确认研究所")
    a.set_fact(*FACT, 2.6e9)
    lose_acknowledgement(monkeypatch, a, ca)
    a.set_fact(*FACT, 2.9e9)
    lose_acknowledgement(monkeypatch, a, ca)
    sync(a, ca)
    assert a.workstation_id() == ws and sync_state.pending(a).keys == {}
    assert _file_fact(a.path, *FACT) == 2.9e9 and _file_house(a.path) == "两次丢失确认研究所"
    sync(b, cb)
    assert (b.fact(*FACT), b.house()["name_zh"]) == (2.9e9, "两次丢失确认研究所")


def test_an_entry_of_a_row_not_changed_here_is_never_taken_as_this_stores(pair, monkeypatch):
    """After two lost acknowledgements, psql under the analyst's own login records a push of the seq
    the station used offline for another figure, puts that figure there as the station holds it, and
    a third figure the station never changed beside it, and moves the mark. The desk's entry of a row
    not changed here is no push of this store: the sync says the store is a copy (its id is the
    desk's record of changes it never made), takes a new id, and keeps the offline figure."""
    desk, (a, ca), (b, cb) = pair
    sync(b, cb)
    ws = b.workstation_id()
    b.set_fact(*FACT, 2.6e9)
    lose_acknowledgement(monkeypatch, b, cb)
    b.set_fact(*FACT, 2.7e9)
    lose_acknowledgement(monkeypatch, b, cb)
    offline = b.fact(*OTHER) + 1.5
    b.set_fact(*OTHER, offline)
    seq = b.last_seq()
    never = (T, "net_profit", "2023A")
    with psycopg.connect(cb.url, password=cb.password) as psql:
        with psql.transaction():
            psql.execute("INSERT INTO desk.pushes (ws, first_seq, last_seq) VALUES (%s, %s, %s)", [ws, seq, seq])
            for fact, value in ((OTHER, offline), (never, b.fact(*never) + 99.0)):
                key = "|".join(fact)
                data = psql.execute("SELECT data FROM desk.current WHERE tbl = 'facts' AND key = %s", [key]).fetchone()[0]
                psql.execute("INSERT INTO desk.changes (tbl, key, data, ws, seq) VALUES ('facts', %s, %s, %s, %s)",
                             [key, json.dumps({**data, "value": value}), ws, seq])
            psql.execute("UPDATE desk.workstations SET last_seq = %s WHERE ws = %s", [seq, ws])
    try:
        result = sync(b, cb)
    except DeskError as exc:  # (refused: as good; nothing taken)
        assert "changes this store did not push" in str(exc) and b.workstation_id() == ws
    else:
        assert b.workstation_id() != ws and any("never made" in n for n in result.notes)
    assert _file_fact(b.path, *OTHER) == offline and _file_fact(b.path, *FACT) == 2.7e9
