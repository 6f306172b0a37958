"""A push whose acknowledgement was lost carried a figure (or a company's field) the desk already held
with the same value: the desk wrote nothing for it and listed nothing (the two sides agree). A
colleague then changed that figure again. The station's next sync must complete and take the
colleague's figure, as for any change the station had seen: the desk never held something the
station did not push. Before, the check of the lost push found no entry of the station at the
figure's seq, the desk's figure not the station's and no listing of it, and refused the sync as if
the desk had been tampered with ("changes this store did not push"), every sync after it too.

A push forged under the station's id (tests/desk/test_desk_lost_ack_forged.py) stays refused: only
a figure the desk held with the station's own value when the push's record began is accounted for.
Against a real PostgreSQL desk; the store read back from its SQLite file."""

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


def _file_fact(path):
    with sqlite3.connect(str(path)) as db:
        row = db.execute("SELECT value FROM facts WHERE ticker = ? AND metric = ? AND period = ?", list(FACT)).fetchone()
    return None if row is None else row[0]


def _file_conflicts(path):
    with sqlite3.connect(str(path)) as db:
        return db.execute("SELECT tbl, key FROM sync_conflicts").fetchall()


def _desk(desk, sql, args):
    with psycopg.connect(desk.super_url) as su:
        return su.execute(sql, args).fetchall()


def test_a_figure_the_desk_held_alike_then_changed_again_completes(pair, monkeypatch):
    desk, (a, ca), (b, cb) = pair
    ws = b.workstation_id()
    sync(b, cb)
    before = b.fact(*FACT)
    same, later = before + 2.0, before + 9.0
    a.set_fact(*FACT, same)
    sync(a, ca)
    b.set_fact(*FACT, same)  # offline: the same figure the colleague pushed
    b.add_note("丢失确认的推送里的笔记", tickers=[T])  # (the push writes something: its record is made)
    lose_acknowledgement(monkeypatch, b, cb)
    # the lost push wrote no version of the figure and listed nothing about it
    assert _desk(desk, "SELECT count(*) FROM desk.changes WHERE tbl = 'facts' AND key = %s AND ws = %s",
                 [KEY, ws]) == [(0,)]
    assert _desk(desk, "SELECT count(*) FROM desk.conflicts WHERE ws = %s", [ws]) == [(0,)]
    a.set_fact(*FACT, later)  # the colleague changes it again, after the station's push
    sync(a, ca)
    assert ("facts", KEY) in sync_state.pending(b).keys
    result = sync(b, cb)
    assert (result.pushed, result.conflicts) == (0, 0)
    assert sync_state.pending(b).keys == {}
    assert _file_fact(b.path) == later and _file_conflicts(b.path) == []
    assert sync(b, cb).pushed == 0  # (and the next sync has nothing to do)


def test_a_company_field_the_desk_held_alike_then_changed_again_completes(pair, monkeypatch):
    desk, (a, ca), (b, cb) = pair
    sync(b, cb)
    a.set_company_field(T, "industry", "半导体·同")
    sync(a, ca)
    b.set_company_field(T, "industry", "半导体·同")
    b.add_note("另一条笔记", tickers=[T])
    lose_acknowledgement(monkeypatch, b, cb)
    a.set_company_field(T, "industry", "半导体·后")
    sync(a, ca)
    sync(b, cb)
    assert sync_state.pending(b).keys == {}
    assert b.company(T)["industry"] == "半导体·后" and _file_conflicts(b.path) == []


def test_a_forged_push_over_a_figure_the_desk_held_otherwise_is_still_refused(pair):
    """The forger records a push of the station's offline seq and moves the mark, writing no version:
    the desk never held the station's figure, so nothing accounts for it (refused, nothing taken)."""
    desk, (a, ca), (b, cb) = pair
    ws = b.workstation_id()
    sync(b, cb)
    before = b.fact(*FACT)
    b.set_fact(*FACT, before + 1.5)
    b.add_note("离线笔记", tickers=[T])
    seq = sync_state.pending(b).keys[("facts", KEY)]
    top = b.last_seq()
    with psycopg.connect(cb.url, password=cb.password) as psql:
        with psql.transaction():
            psql.execute("INSERT INTO desk.pushes (ws, first_seq, last_seq) VALUES (%s, %s, %s)", [ws, seq, top])
            psql.execute("UPDATE desk.workstations SET last_seq = %s WHERE ws = %s", [top, ws])
    with pytest.raises(DeskError, match="changes this store did not push"):
        sync(b, cb)
    assert _file_fact(b.path) == before + 1.5 and sync_state.pending(b).keys.get(("facts", KEY)) == seq


def test_a_listed_clash_whose_other_fields_a_colleague_changed_again_completes(pair, monkeypatch):
    """The lost push met a colleague's change of the same company: both changed its industry (a clash,
    listed with this store's industry) and the colleague also its full name (this store had not
    changed it: the listing holds the colleague's). The colleague then changes the full name again.
    The retry completes: the listing keeps what this store changed; the full name was never its own."""
    desk, (a, ca), (b, cb) = pair
    ws = b.workstation_id()
    sync(b, cb)
    b.set_company_field(T, "industry", "半导体·乙")
    a.set_company_field(T, "industry", "半导体·甲")
    a.set_company_field(T, "full_name", "恒玄科技（上海）股份有限公司·一")
    sync(a, ca)
    lose_acknowledgement(monkeypatch, b, cb)
    listed = _desk(desk, "SELECT mine->>'industry', mine->>'full_name' FROM desk.conflicts WHERE ws = %s AND key = %s",
                   [ws, T])
    assert listed == [("半导体·乙", "恒玄科技（上海）股份有限公司·一")]
    a.set_company_field(T, "full_name", "恒玄科技（上海）股份有限公司·二")
    sync(a, ca)
    sync(b, cb)
    assert sync_state.pending(b).keys == {}
    company = b.company(T)
    assert (company["industry"], company["full_name"]) == ("半导体·甲", "恒玄科技（上海）股份有限公司·二")
    [c] = [c for c in sync_state.conflicts(b) if c["key"] == T]
    assert c["mine"]["industry"] == "半导体·乙"  # (the station's own, kept to settle)


def test_a_forged_listing_that_drops_the_stations_own_field_is_still_refused(pair):
    """psql under the analyst's own login: a push record of the station's offline seq, a listing that
    keeps the other fields but not the one the station changed, the mark moved: refused."""
    desk, (a, ca), (b, cb) = pair
    ws = b.workstation_id()
    sync(b, cb)
    b.set_company_field(T, "industry", "半导体·乙")
    seq = sync_state.pending(b).keys[("companies", T)]
    with psycopg.connect(cb.url, password=cb.password) as psql:
        with psql.transaction():
            psql.execute("INSERT INTO desk.pushes (ws, first_seq, last_seq) VALUES (%s, %s, %s)", [ws, seq, seq])
            data = psql.execute("SELECT data FROM desk.current WHERE tbl = 'companies' AND key = %s", [T]).fetchone()[0]
            psql.execute("INSERT INTO desk.conflicts (tbl, key, kind, mine, theirs, ws, theirs_by, theirs_at) "
                         "VALUES ('companies', %s, 'conflict', %s, %s, %s, 'x', now())",
                         [T, json.dumps({**data, "industry": "别的行业"}), json.dumps(data), ws])
            psql.execute("UPDATE desk.workstations SET last_seq = %s WHERE ws = %s", [seq, ws])
    with pytest.raises(DeskError, match="changes this store did not push"):
        sync(b, cb)
    assert b.company(T)["industry"] == "半导体·乙"


def test_a_merged_row_with_a_listed_clash_whose_other_field_changed_again_completes(pair, monkeypatch):
    """As above, and this store also changed a field nobody else did: the lost push wrote the merged
    row (its short name, the colleague's full name and industry) and listed the industry. The
    colleague changes the full name again; the retry completes with the colleague's newest row."""
    desk, (a, ca), (b, cb) = pair
    ws = b.workstation_id()
    sync(b, cb)
    b.set_company_field(T, "industry", "半导体·乙")
    b.set_company_field(T, "name", "恒玄科技乙")
    a.set_company_field(T, "industry", "半导体·甲")
    a.set_company_field(T, "full_name", "恒玄科技（上海）股份有限公司·一")
    sync(a, ca)
    lose_acknowledgement(monkeypatch, b, cb)
    assert _desk(desk, "SELECT data->>'name' FROM desk.changes WHERE tbl = 'companies' AND key = %s AND ws = %s",
                 [T, ws]) == [("恒玄科技乙",)]
    a.set_company_field(T, "full_name", "恒玄科技（上海）股份有限公司·二")
    sync(a, ca)
    sync(b, cb)
    assert sync_state.pending(b).keys == {}
    company = b.company(T)
    assert (company["name"], company["industry"], company["full_name"]) == (
        "恒玄科技乙", "半导体·甲", "恒玄科技（上海）股份有限公司·二")
    [c] = [c for c in sync_state.conflicts(b) if c["key"] == T]
    assert c["mine"]["industry"] == "半导体·乙"
