"""A figure no report can print never reaches the desk's feed, whoever writes it and however (an
analyst's own login with psql, INSERT or COPY): the desk refuses a fact's or a quote's value that is
not a JSON number or lies outside the range the store's own edits and imports apply
(``workbench.domain.metrics.PLAUSIBLE``). A desk of the release before upgrades in place (v10). A
station that pulls such a value anyway (from a desk that let it through) refuses it, naming why,
and never writes it. Proved by direct SQL under the role against a real PostgreSQL server."""

from __future__ import annotations

import json
import uuid

import pytest

import psycopg  # noqa: F401  (a dependency: never skipped)

from desk_testing import Desk, dbname

from workbench.desk import roles, schema
from workbench.desk.sync import sync
from workbench.domain.metrics import PLAUSIBLE
from workbench.store import sync_state

T = "688608.SH"  # 恒玄科技 in the demo store


def _login(pg_cluster, url, role="analyst"):
    name = f"u_{role}_{uuid.uuid4().hex[:8]}"
    roles.add_user(url, name, role, "secret-" + name)
    return name, psycopg.connect(pg_cluster.tcp_url(dbname(url), name, "secret-" + name), autocommit=True)


def _version(conn, tbl, key, data):
    seq = uuid.uuid4().int % 10**12
    with conn.transaction():  # (its push's record first, past the earlier ones, on a desk that keeps them: v12 on)
        if conn.execute("SELECT to_regclass('desk.pushes')").fetchone()[0] is not None:
            seq += conn.execute("SELECT coalesce(max(last_seq), 0) FROM desk.pushes WHERE ws = 'ws-sql'").fetchone()[0]
            conn.execute("INSERT INTO desk.pushes (ws, first_seq, last_seq) VALUES ('ws-sql', %s, %s)", [seq, seq])
        conn.execute("INSERT INTO desk.changes (tbl, key, data, ws, seq) VALUES (%s, %s, %s, 'ws-sql', %s)",
                     [tbl, key, None if data is None else json.dumps(data), seq])


def _feed(url, key):
    with psycopg.connect(url) as su:
        return [r[0] for r in su.execute("SELECT data FROM desk.changes WHERE key = %s ORDER BY id", [key])]


@pytest.fixture
def desk(pg_cluster, desk_db):
    roles.init_desk(desk_db)
    return desk_db


# each bad version: (table, key, data, the words the refusal says)
_NOT_A_NUMBER = "不是数字"
_OUT_OF_RANGE = "超出合理范围"
BAD = [
    ("facts", f"{T}|revenue|2023A", {"value": "abc", "source": "x.xlsx"}, _NOT_A_NUMBER),
    ("facts", f"{T}|revenue|2023A", {"value": True}, _NOT_A_NUMBER),
    ("facts", f"{T}|revenue|2023A", {"value": [1]}, _NOT_A_NUMBER),
    ("facts", f"{T}|revenue|2023A", {"value": 1e300}, _OUT_OF_RANGE),
    ("facts", f"{T}|pe|2024E", {"value": PLAUSIBLE["pe"][1] * 1.5}, _OUT_OF_RANGE),
    ("facts", f"{T}|revenue_yoy|2023A", {"value": PLAUSIBLE["revenue_yoy"][0] - 0.01}, _OUT_OF_RANGE),
    ("facts", f"{T}|close|2024-12-27", {"value": 0}, _OUT_OF_RANGE),
    ("quotes", "idx|2024-12-27", {"close": "3400"}, _NOT_A_NUMBER),
    ("quotes", "idx|2024-12-27", {"close": PLAUSIBLE["index_close"][1] * 10}, _OUT_OF_RANGE),
    ("quotes", "idx|2024-12-27", {"close": 3400.0, "change": PLAUSIBLE["index_change"][1] + 1}, _OUT_OF_RANGE),
    ("quotes", "idx|2024-12-27", {"close": 3400.0, "change": "-1%"}, _NOT_A_NUMBER),
]


@pytest.mark.parametrize("tbl, key, data, words", BAD)
def test_the_desk_refuses_a_figure_no_report_can_print_by_insert(pg_cluster, desk, tbl, key, data, words):
    _, conn = _login(pg_cluster, desk)
    with pytest.raises(psycopg.errors.CheckViolation, match=words) as caught:
        _version(conn, tbl, key, data)
    assert key in str(caught.value) and "the desk" in str(caught.value)  # worded, naming the row
    assert _feed(desk, key) == []


def test_the_desk_takes_every_figure_in_range_a_missing_one_and_a_deletion(pg_cluster, desk):
    _, conn = _login(pg_cluster, desk)
    taken = []
    for code, (low, high) in PLAUSIBLE.items():
        if code.startswith("index_"):
            continue
        for value in (low, high, (low + high) / 2):
            key = f"{T}|{code}|2023A"
            _version(conn, "facts", key, {"value": value, "source": "weekly.xlsx"})
            taken.append((key, value))
    _version(conn, "facts", f"{T}|revenue|2030E", {"value": None})
    _version(conn, "facts", f"{T}|revenue|2031E", {"source": "no value at all"})
    _version(conn, "facts", f"{T}|revenue|2023A", None)  # a deletion
    _version(conn, "facts", f"{T}|revenue|2029E", {"value": 5})  # a whole number is a number
    for close in PLAUSIBLE["index_close"]:
        _version(conn, "quotes", f"idx|{close}", {"close": close, "change": PLAUSIBLE["index_change"][0]})
    _version(conn, "quotes", "idx|2024-12-20", {"close": 3400.0, "change": None})
    with psycopg.connect(desk) as su:
        held = su.execute("SELECT count(*) FROM desk.changes WHERE ws = 'ws-sql'").fetchone()[0]
    assert held == len(taken) + 4 + 3


def test_a_copy_with_one_bad_figure_lands_nothing(pg_cluster, desk):
    """A push copies its versions into the feed: one figure out of range refuses the whole COPY."""
    _, conn = _login(pg_cluster, desk)
    with pytest.raises(psycopg.errors.CheckViolation, match=_OUT_OF_RANGE):
        with conn.transaction():  # (with its push's record, as a push copies its versions)
            conn.execute("INSERT INTO desk.pushes (ws, first_seq, last_seq) VALUES ('ws-sql', 1, 2)")
            with conn.cursor().copy("COPY desk.changes (tbl, key, data, ws, seq) FROM STDIN") as copy:
                copy.write_row(("facts", f"{T}|revenue|2023A", json.dumps({"value": 1.0e9}), "ws-sql", 1))
                copy.write_row(("facts", "688591.SH|revenue|2023A", json.dumps({"value": 1e300}), "ws-sql", 2))
    with psycopg.connect(desk) as su:
        assert su.execute("SELECT count(*) FROM desk.changes").fetchone() == (0,)
    with conn.transaction():
        conn.execute("INSERT INTO desk.pushes (ws, first_seq, last_seq) VALUES ('ws-sql', 3, 3)")
        with conn.cursor().copy("COPY desk.changes (tbl, key, data, ws, seq) FROM STDIN") as copy:
            copy.write_row(("facts", f"{T}|revenue|2023A", json.dumps({"value": 1.0e9}), "ws-sql", 3))
    assert _feed(desk, f"{T}|revenue|2023A") == [{"value": 1.0e9}]


@pytest.mark.parametrize("role", ["editor", "admin"])
def test_no_role_writes_a_bad_figure(pg_cluster, desk, role):
    _, conn = _login(pg_cluster, desk, role)
    with pytest.raises(psycopg.errors.CheckViolation, match=_NOT_A_NUMBER):
        _version(conn, "facts", f"{T}|revenue|2023A", {"value": "abc"})


def test_a_v9_desk_upgrades_in_place_keeping_its_feed_and_then_refuses(pg_cluster, desk_db, monkeypatch):
    with monkeypatch.context() as m:  # a desk of the release before (schema v9) ...
        m.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:9])
        m.setattr(schema, "LATEST", 9)
        roles.init_desk(desk_db)
        _, conn = _login(pg_cluster, desk_db)
    _version(conn, "facts", f"{T}|revenue|2023A", {"value": 1.0e9})
    _version(conn, "facts", f"{T}|revenue|2024E", {"value": "abc"})  # ... which let this through
    with psycopg.connect(desk_db) as su:
        feed = su.execute("SELECT id, tbl, key, data, ws, seq, by, at FROM desk.changes ORDER BY id").fetchall()
    result = roles.init_desk(desk_db)
    assert (result.before, result.after) == (9, schema.LATEST)
    assert schema.LATEST >= 10
    with psycopg.connect(desk_db) as su:
        assert su.execute("SELECT id, tbl, key, data, ws, seq, by, at FROM desk.changes ORDER BY id").fetchall() == feed
    with pytest.raises(psycopg.errors.CheckViolation, match=_NOT_A_NUMBER):
        _version(conn, "facts", f"{T}|revenue|2025E", {"value": "abc"})
    _version(conn, "facts", f"{T}|revenue|2025E", {"value": 2.0e9})
    assert roles.init_desk(desk_db).before == schema.LATEST  # again: nothing to do


def _let_through(desk_url, rows):
    """Versions a desk let through (one of the release before, say): written past the desk's check."""
    with psycopg.connect(desk_url) as su:
        su.execute("ALTER TABLE desk.changes DISABLE TRIGGER USER")
        for n, (tbl, key, data) in enumerate(rows):
            su.execute("INSERT INTO desk.changes (tbl, key, data, ws, seq) VALUES (%s, %s, %s, 'ws-sql', %s)",
                       [tbl, key, json.dumps(data), 900000 + n])
        su.execute("ALTER TABLE desk.changes ENABLE TRIGGER USER")


def test_a_station_refuses_a_bad_figure_it_pulls_and_writes_nothing_of_it(pg_cluster, desk_db, demo_path, tmp_path):
    desk = Desk(pg_cluster, desk_db)
    admin = desk.user("admin")
    a = desk.join(demo_path, admin)
    analyst = desk.user("analyst")
    b = desk.join(tmp_path / "b.sqlite", analyst)
    index_uid = b.scalar("SELECT uid FROM indices WHERE is_benchmark = 1")
    date = b.scalar("SELECT max(date) FROM quotes q JOIN indices i ON i.id = q.index_id WHERE i.uid = ?", [index_uid])
    facts = {("688018.SH", "revenue", "2023A"): "abc", ("688591.SH", "revenue", "2023A"): 1e300,
             (T, "pe", "2024E"): {"x": 1}}
    before = {k: b.fact(*k) for k in facts}
    close_before = b.scalar("SELECT close FROM quotes q JOIN indices i ON i.id = q.index_id "
                            "WHERE i.uid = ? AND q.date = ?", [index_uid, date])
    good = (T, "revenue", "2033E")
    _let_through(desk_db, [("facts", "|".join(k), {"value": v, "source": "x.xlsx", "as_of": "2024-12-29"})
                           for k, v in facts.items()]
                 + [("quotes", f"{index_uid}|{date}", {"close": "3400", "change": 0.01}),
                    ("facts", "|".join(good), {"value": 1.5e9, "source": "y.xlsx"})])
    result = sync(b, analyst)
    assert result.pulled == 1 and result.refused == len(facts) + 1, result.summary()
    assert {k: b.fact(*k) for k in facts} == before
    assert b.scalar("SELECT close FROM quotes q JOIN indices i ON i.id = q.index_id "
                    "WHERE i.uid = ? AND q.date = ?", [index_uid, date]) == close_before
    assert b.fact(*good) == 1.5e9
    assert b.scalar("SELECT count(*) FROM facts WHERE typeof(value) NOT IN ('real', 'integer', 'null')") == 0
    refused = {c["key"]: c for c in sync_state.conflicts(b)}
    for k, v in facts.items():
        c = refused["|".join(k)]
        assert c["kind"] == "local", c
        if isinstance(v, float):
            assert "团队库的值超出合理范围" in c["message"] and "the desk's value is outside" in c["message"], c
        else:
            assert "团队库的值不是数字" in c["message"] and "the desk's value is not a number" in c["message"], c
    assert "团队库的值不是数字" in refused[f"{index_uid}|{date}"]["message"]
    # the next sync does not take it either
    again = sync(b, analyst)
    assert {k: b.fact(*k) for k in facts} == before, again.summary()
    a.close()
    b.close()
