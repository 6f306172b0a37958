"""A push "already landed" (the desk's mark of this workstation at or past its pending changes: a
retry after a lost acknowledgement) is taken as landed only when the desk holds, under this
workstation's id, what this store pushed. The same desk user can, with psql under their own login,
record a push of seqs their station used offline but never pushed, put versions with other figures
at those seqs and move the mark (one transaction); or the mark can be moved with no versions at all
(the schema's owner). Before, the station took the desk's figures over its offline work, silently,
and the forged versions claimed to be its own. Now the sync refuses, names what the desk holds and
who recorded it, and changes nothing here; a real lost acknowledgement (with a merged row, or a
conflict the desk listed) completes as before. Against a real PostgreSQL desk; the store read back
from its SQLite file."""

from __future__ import annotations

import json
import sqlite3

import psycopg
import pytest

from desk_testing import lose_acknowledgement

from workbench.cli import main
from workbench.desk.errors import DeskError
from workbench.desk.sync import sync
from workbench.store import sync_state

pytestmark = pytest.mark.usefixtures("private_password_file")

T = "688608.SH"
FACT = (T, "revenue", "2023A")
KEY = "|".join(FACT)


def _file_fact(path, ticker, metric, period):
    """The figure as the SQLite file holds it (read with sqlite3, not through the store)."""
    with sqlite3.connect(str(path)) as db:
        row = db.execute("SELECT value FROM facts WHERE ticker = ? AND metric = ? AND period = ?",
                         [ticker, metric, period]).fetchone()
    return None if row is None else row[0]


def _file_state(path) -> dict:
    """What a refused sync must leave as it was, read with sqlite3: every figure, the conflicts
    listed, the push mark and the workstation id."""
    with sqlite3.connect(str(path)) as db:
        settings = dict(db.execute("SELECT key, value FROM settings WHERE key IN (?, ?)",
                                   [sync_state.SETTING_PUSHED, "workstation_id"]).fetchall())
        return {"facts": db.execute("SELECT ticker, metric, period, value FROM facts ORDER BY 1, 2, 3").fetchall(),
                "conflicts": db.execute("SELECT * FROM sync_conflicts ORDER BY id").fetchall(),
                "settings": settings}


def _mark(desk, ws):
    with psycopg.connect(desk.super_url) as su:
        return su.execute("SELECT last_seq FROM desk.workstations WHERE ws = %s", [ws]).fetchone()[0]


def _offline_figure(b, cb):
    """The analyst's station, synced, changes a figure offline: (its seq, the value before, the new one)."""
    sync(b, cb)
    before = b.fact(*FACT)
    b.set_fact(*FACT, before + 1.5)
    seq = sync_state.pending(b).keys[("facts", KEY)]
    return seq, before, before + 1.5



def _refused_unchanged(desk, b, cb, seq, mine, capsys, monkeypatch, by):
    """The station's sync and `workbench sync` refuse; the file still holds the offline figure, pending."""
    ws = b.workstation_id()
    before = _file_state(b.path)
    with pytest.raises(DeskError, match="changes this store did not push"):  # (a dry run says so too)
        sync(b, cb, dry_run=True)
    with pytest.raises(DeskError) as raised:
        sync(b, cb)
    text = str(raised.value)
    assert "不是本数据文件推送的" in text and "changes this store did not push" in text
    assert f"facts {KEY}" in text and f"change {seq} " in text and by in text
    assert "nothing of it was taken" in text and "still to push" in text and "desk administrator" in text
    assert b.workstation_id() == ws
    assert _file_fact(b.path, *FACT) == mine
    assert sync_state.pending(b).keys.get(("facts", KEY)) == seq
    assert _file_state(b.path) == before
    # the app's sync (the same function): refused, its words for the status bar, no copy to offer
    monkeypatch.setenv("WORKBENCH_DESK_PASSWORD", cb.password)
    from ui.desk.controller import _sync_job
    from ui.desk.status import REFUSED
    from ui.desk.words import message

    outcome, said, status = _sync_job(b, None)
    assert outcome == REFUSED and status["copy_of"] is None
    assert "不是本数据文件推送的" in message(said) and f"facts {KEY}" in message(said)
    assert _file_state(b.path) == before
    # the CLI: non-zero, the words, no traceback
    path = b.path
    b.close()
    capsys.readouterr()
    assert main(["sync", "--db", str(path)]) != 0
    out = capsys.readouterr()
    assert "changes this store did not push" in out.err and "Traceback" not in out.err + out.out
    assert _file_fact(path, *FACT) == mine
    assert _file_state(path) == before


def _forge(b, cb, seq, versions):
    """psql under the analyst's own login, one transaction: a push record of the station's seq,
    ``versions(psql, ws)`` written, the desk's mark of the station moved to that seq."""
    ws = b.workstation_id()
    with psycopg.connect(cb.url, password=cb.password) as psql:
        with psql.transaction():
            psql.execute("INSERT INTO desk.pushes (ws, first_seq, last_seq) VALUES (%s, %s, %s)", [ws, seq, seq])
            versions(psql, ws)
            psql.execute("UPDATE desk.workstations SET last_seq = %s WHERE ws = %s", [seq, ws])


def _version(psql, ws, seq, value):
    data = psql.execute("SELECT data FROM desk.changes WHERE tbl = 'facts' AND key = %s ORDER BY id DESC LIMIT 1",
                        [KEY]).fetchone()[0]
    psql.execute("INSERT INTO desk.changes (tbl, key, data, ws, seq) VALUES ('facts', %s, %s, %s, %s)",
                 [KEY, json.dumps({**data, "value": value}), ws, seq])


def test_a_push_forged_under_the_stations_own_id_is_refused_and_nothing_taken(pair, capsys, monkeypatch):
    """(a) psql under the analyst's own login, one transaction: a push record of the seq the station
    used offline, the figure at another value at that seq (first under a second workstation of the
    analyst's own, so that the station's entry reads as a merge of it), the mark moved."""
    desk, (a, ca), (b, cb) = pair
    ws = b.workstation_id()
    seq, before, mine = _offline_figure(b, cb)

    def versions(psql, ws):
        other = ws + "-2"
        psql.execute("INSERT INTO desk.workstations (ws, last_seq) VALUES (%s, 0)", [other])
        psql.execute("INSERT INTO desk.pushes (ws, first_seq, last_seq) VALUES (%s, 1, 1)", [other])
        _version(psql, other, 1, before + 99.0)
        _version(psql, ws, seq, before + 99.0)

    _forge(b, cb, seq, versions)
    assert _mark(desk, ws) == seq
    _refused_unchanged(desk, b, cb, seq, mine, capsys, monkeypatch, cb.user)


def test_a_push_record_and_mark_forged_with_no_version_is_refused(pair, capsys, monkeypatch):
    """(a) the same with no version at all: the push record and the mark only."""
    desk, (a, ca), (b, cb) = pair
    seq, before, mine = _offline_figure(b, cb)
    _forge(b, cb, seq, lambda psql, ws: None)
    assert _mark(desk, b.workstation_id()) == seq
    _refused_unchanged(desk, b, cb, seq, mine, capsys, monkeypatch, cb.user)


def test_a_forged_version_no_merge_explains_is_taken_for_a_copy_never_silently(pair):
    """(a) as first put: the figure at another value at the station's own seq, nothing else. The
    desk's change at that seq is not this store's and is no merge: the sync's copy check finds it
    before the push (``identity.desk_reason``), as it finds an older copy put back over its own
    file, which this cannot be told from; the store is re-identified and says so, and its offline
    figure is kept, listed as a conflict with the desk's."""
    desk, (a, ca), (b, cb) = pair
    ws = b.workstation_id()
    seq, before, mine = _offline_figure(b, cb)
    _forge(b, cb, seq, lambda psql, ws: _version(psql, ws, seq, before + 99.0))
    result = sync(b, cb)
    assert b.workstation_id() != ws and any("copy or a restored backup" in n for n in result.notes)
    listed = [c for c in sync_state.conflicts(b) if c["key"] == KEY]
    assert listed and (listed[0]["mine"] or {}).get("value") == mine


def test_a_mark_moved_with_no_versions_is_refused_and_nothing_taken(pair, capsys, monkeypatch):
    """(b) the desk's mark moved past the offline change with no push and no version (the schema's
    owner: a desk user can no longer do it)."""
    desk, (a, ca), (b, cb) = pair
    ws = b.workstation_id()
    seq, before, mine = _offline_figure(b, cb)
    with psycopg.connect(desk.super_url) as su:
        su.execute("UPDATE desk.workstations SET last_seq = %s WHERE ws = %s", [seq, ws])
    _refused_unchanged(desk, b, cb, seq, mine, capsys, monkeypatch, "no push record covers it")


def test_a_real_lost_acknowledgement_still_completes(pair, monkeypatch):
    """(c) the push landed, its acknowledgement lost; a colleague changed another field of a company
    the station also changed (merged on the desk): the retry takes the merged row, applies nothing twice."""
    desk, (a, ca), (b, cb) = pair
    ws = b.workstation_id()
    seq, before, mine = _offline_figure(b, cb)
    a.set_company_field(T, "full_name", "恒玄科技（上海）股份有限公司·甲")
    sync(a, ca)
    b.set_company_field(T, "industry", "半导体·乙")
    b.add_note("确认丢失的笔记", tickers=[T])
    lose_acknowledgement(monkeypatch, b, cb)
    assert _mark(desk, ws) == b.last_seq() and sync_state.pending(b).keys
    result = sync(b, cb)
    assert b.workstation_id() == ws and (result.pushed, result.conflicts) == (0, 0)
    assert sync_state.pending(b).keys == {}
    assert _file_fact(b.path, *FACT) == mine
    company = b.company(T)
    assert (company["full_name"], company["industry"]) == ("恒玄科技（上海）股份有限公司·甲", "半导体·乙")
    with psycopg.connect(desk.super_url) as su:
        assert su.execute("SELECT count(*) FROM desk.changes WHERE tbl = 'facts' AND key = %s AND ws = %s",
                          [KEY, ws]).fetchone()[0] == 1
    sync(a, ca)
    assert a.fact(*FACT) == mine


def test_a_real_lost_acknowledgement_with_a_conflict_listed_still_completes(pair, monkeypatch):
    """(d) the push met a colleague's change of the same figure: the desk kept the colleague's and
    listed a conflict for this workstation; the acknowledgement was lost. The retry completes: the
    desk's figure taken, the station's own kept in the conflict."""
    desk, (a, ca), (b, cb) = pair
    ws = b.workstation_id()
    seq, before, mine = _offline_figure(b, cb)
    a.set_fact(*FACT, before + 7.0)
    sync(a, ca)
    lose_acknowledgement(monkeypatch, b, cb)
    with psycopg.connect(desk.super_url) as su:
        assert su.execute("SELECT count(*) FROM desk.conflicts WHERE ws = %s AND key = %s", [ws, KEY]).fetchone()[0] == 1
    assert _mark(desk, ws) == b.last_seq() and sync_state.pending(b).keys
    sync(b, cb)
    assert sync_state.pending(b).keys == {}
    assert _file_fact(b.path, *FACT) == before + 7.0
    listed = [c for c in sync_state.conflicts(b) if c["key"] == KEY]
    assert listed and (listed[0]["mine"] or {}).get("value") == mine


def _forge_listing(b, cb, seq, kind, mine_value, before):
    """psql under the analyst's own login, one transaction: a push record of the station's offline
    seq, no version, a listing (conflict or refusal) of the figure for the station, the mark moved:
    as a push the desk listed and did not write would leave it."""
    ws = b.workstation_id()
    with psycopg.connect(cb.url, password=cb.password) as psql:
        with psql.transaction():
            psql.execute("INSERT INTO desk.pushes (ws, first_seq, last_seq) VALUES (%s, %s, %s)", [ws, seq, seq])
            data = psql.execute("SELECT data FROM desk.current WHERE tbl = 'facts' AND key = %s", [KEY]).fetchone()[0]
            psql.execute("INSERT INTO desk.conflicts (tbl, key, kind, mine, theirs, ws, theirs_by, theirs_at) "
                         "VALUES ('facts', %s, %s, %s, %s, %s, 'x', now())",
                         [KEY, kind, json.dumps({**data, "value": mine_value}), json.dumps({**data, "value": before}), ws])
            psql.execute("UPDATE desk.workstations SET last_seq = %s WHERE ws = %s", [seq, ws])


@pytest.mark.parametrize("kind", ["conflict", "refused"])
def test_a_forged_listing_of_another_figure_does_not_account_for_the_offline_one(pair, capsys, monkeypatch, kind):
    """psql under the analyst's own login: a push record of the offline seq, a listing of the figure
    whose side "mine" is not what the station holds (42), the mark moved. Before, the listing stood
    for the push's decision: the station took the desk's figure over its offline one, and the only
    trace was a listing of a figure it never had. Now refused, nothing taken."""
    desk, (a, ca), (b, cb) = pair
    seq, before, mine = _offline_figure(b, cb)
    _forge_listing(b, cb, seq, kind, 42.0, before)
    assert _mark(desk, b.workstation_id()) == seq
    _refused_unchanged(desk, b, cb, seq, mine, capsys, monkeypatch, cb.user)


def test_a_listing_of_the_stations_own_figure_is_a_conflict_it_can_keep(pair):
    """The same with the listing's side "mine" the figure the station holds: what the desk shows is
    exactly a genuine conflict (the push met a colleague's figure and listed it), and the station
    treats it as one: the desk's figure taken, its own kept in the listing, and "keep mine" puts it
    back on the desk."""
    from workbench.desk.sync import resolve

    desk, (a, ca), (b, cb) = pair
    ws = b.workstation_id()
    seq, before, mine = _offline_figure(b, cb)
    _forge_listing(b, cb, seq, "conflict", mine, before)
    sync(b, cb)
    assert b.workstation_id() == ws and sync_state.pending(b).keys == {}
    assert _file_fact(b.path, *FACT) == before
    listed = [c for c in sync_state.conflicts(b) if c["key"] == KEY]
    assert len(listed) == 1 and (listed[0]["mine"] or {}).get("value") == mine
    resolve(b, listed[0]["id"], "mine")
    sync(b, cb)
    assert _file_fact(b.path, *FACT) == mine
    sync(a, ca)
    assert a.fact(*FACT) == mine


def test_a_push_the_desk_has_recorded_past_its_mark_is_refused_naming_the_way_on(pair, capsys, monkeypatch):
    """The desk holds a push record of seqs past its mark of this workstation (written by hand; an
    older copy of the file would meet the same): the push is refused, nothing lands or changes here,
    and the words name the way on, ``workbench desk reidentify --db PATH`` then ``workbench sync``."""
    desk, (a, ca), (b, cb) = pair
    ws = b.workstation_id()
    seq, before, mine = _offline_figure(b, cb)
    mark = _mark(desk, ws)
    with psycopg.connect(desk.super_url) as su:
        su.execute("INSERT INTO desk.pushes (ws, first_seq, last_seq) VALUES (%s, %s, %s)", [ws, seq, seq])
    state = _file_state(b.path)
    with pytest.raises(DeskError) as raised:
        sync(b, cb)
    text = str(raised.value)
    assert "团队库已应用过本工作站" in text and f"workbench desk reidentify --db {b.path}" in text
    assert f"workbench sync --db {b.path}" in text
    assert _file_state(b.path) == state and _mark(desk, ws) == mark
    monkeypatch.setenv("WORKBENCH_DESK_PASSWORD", cb.password)
    path = b.path
    b.close()
    capsys.readouterr()
    assert main(["sync", "--db", str(path)]) != 0
    out = capsys.readouterr()
    assert "workbench desk reidentify --db" in out.err and "Traceback" not in out.err + out.out
    assert _file_fact(path, *FACT) == mine
