"""A first join brings every row the desk holds into an empty store exactly as the desk has it: table
by table and value by value (each figure the very double the desk's JSON names, at the edges too: 17
significant digits, 1e-300, a zero written as -0.0, whole numbers beyond 2**53), each row at the
revision the desk gave it, and the figures no store may hold (not a number, out of range, a whole
number no double holds) and rows no store can place (a key that is no fact's, a company it lacks)
refused and listed, never written. The truth is the desk read back with psycopg and the store read
back with plain sqlite3."""

from __future__ import annotations

import json
import shutil
import sqlite3
import struct

import psycopg

from desk_testing import Desk, local_tables, normalised, server_tables

from workbench.desk import roles
from workbench.desk.sync import sync
from workbench.domain.metrics import PLAUSIBLE
from workbench.store import sync_state

T1, T2 = "688608.SH", "688018.SH"  # companies of the demo store
UNRANGED = "desk_raw_ratio"  # a metric code with no plausible range here: only a double's range applies

# figures that must arrive as the very double their JSON names
EXACT = {
    (T1, UNRANGED, "2030E"): 0.30000000000000004,     # 17 significant digits
    (T1, UNRANGED, "2031E"): 1.2345678901234567e-8,
    (T1, UNRANGED, "2032E"): 1e-300,
    (T1, UNRANGED, "2033E"): 2.2250738585072014e-308,  # the smallest normal double
    (T1, UNRANGED, "2034E"): 5e-324,                   # the smallest subnormal one
    (T1, UNRANGED, "2035E"): -0.0,
    (T1, UNRANGED, "2036E"): 2 ** 53 + 1,             # a whole number no double holds: the nearest one
    (T1, UNRANGED, "2037E"): -(2 ** 62) - 1,
    (T1, UNRANGED, "2038E"): 1.7976931348623157e308,  # the largest double
    (T1, UNRANGED, "2039E"): 2 ** 63,                 # beyond SQLite's integers: the double
    (T2, UNRANGED, "2039E"): -(2 ** 64) - 7,
    (T1, "revenue", "2039E"): 98765432109.87654,
    (T2, "eps", "2039E"): -999.9999999999999,
    (T2, "pe", "2039E"): None,                          # a missing figure
}
# the fields a fact's image holds when a workstation pushed it (besides its value)
FIELDS = {"source": "edge.xlsx", "as_of": "2025-01-03", "src_row": 7, "src_col": "C"}
# rows no store may hold, each with the words its listing must carry: with every field of a fact, and
# with some only
BAD = {
    (T1, "revenue", "2040E"): ({"value": "12.3亿", **FIELDS}, "团队库的值不是数字"),
    (T1, "pe", "2040E"): ({"value": PLAUSIBLE["pe"][1] * 2, **FIELDS}, "团队库的值超出合理范围"),
    (T1, UNRANGED, "2040E"): ({"value": 10 ** 400, **FIELDS}, "数值超出可存储的范围"),
    (T1, UNRANGED, "2041E"): ({"value": [1, "a,b"], **FIELDS}, "团队库的值不是数字"),
    ("999999.SH", "revenue", "2040E"): ({"value": 1.5, **FIELDS}, "没有该公司"),
    (T2, "revenue", "2040E"): ({"value": "12.3亿", "source": "x.xlsx"}, "团队库的值不是数字"),
    (T2, "pe", "2040E"): ({"value": PLAUSIBLE["pe"][1] * 2, "source": "x.xlsx"}, "团队库的值超出合理范围"),
    (T2, UNRANGED, "2041E"): ({"value": 2 ** 1100, "source": "x.xlsx"}, "数值超出可存储的范围"),
}
# good rows of other shapes: a field more, a source that is no text, a value that is a whole number,
# text with quotes, backslashes and Chinese
ODD_SHAPES = {
    (T2, UNRANGED, "2042E"): {"value": 1.5, **FIELDS, "note": "多一个字段"},
    (T2, UNRANGED, "2043E"): {"value": 2.5, **FIELDS, "source": 5},
    (T2, UNRANGED, "2044E"): {"value": 12, **FIELDS},
    (T2, UNRANGED, "2045E"): {"value": -3.5, **FIELDS, "source": 'a "q" \\ 表,b', "src_col": None,
                              "src_row": None},
}
NOT_A_KEY = f"{T1}|revenue"  # a fact key of two parts


def _let_through(desk_url, rows):
    """Versions a desk let through (one of the release before, say): written past the desk's check."""
    with psycopg.connect(desk_url) as su:
        su.execute("ALTER TABLE desk.changes DISABLE TRIGGER USER")
        for n, (tbl, key, data) in enumerate(rows):
            su.execute("INSERT INTO desk.changes (tbl, key, data, ws, seq) VALUES (%s, %s, %s, 'ws-sql', %s)",
                       [tbl, key, json.dumps(data), 930000 + n])
        su.execute("ALTER TABLE desk.changes ENABLE TRIGGER USER")


def _stored_text(v):
    """A value as a TEXT column keeps it (SQLite's own conversion of a number: its affinity)."""
    return v if v is None or isinstance(v, str) else sqlite3.connect(":memory:").execute("SELECT CAST(? AS TEXT)",
                                                                                          [v]).fetchone()[0]


def _bits(v):
    return None if v is None else struct.pack("<d", float(v))


def test_a_first_join_brings_every_row_exactly_and_refuses_the_same(pg_cluster, desk_db, demo_path, tmp_path):
    desk = Desk(pg_cluster, desk_db)
    admin = desk.user("admin")
    shutil.copy(demo_path, tmp_path / "a.sqlite")
    a = desk.join(tmp_path / "a.sqlite", admin)
    # a second workstation's edits and a deletion, so that the desk holds rows of several writers
    other = desk.user("admin")
    b = desk.join(tmp_path / "b.sqlite", other)
    b.set_fact(T2, "revenue", "2023A", 4.25e9)
    b.set_fact(T1, "net_profit", "2023A", None)
    sync(b, other)
    b.close()
    _let_through(desk_db, [("facts", f"{T1}|{UNRANGED}|2031E", {"value": 1.0, "source": "old.xlsx"})]
                 + [("facts", "|".join(k), {"value": v, **FIELDS}) for k, v in EXACT.items()]
                 + [("facts", "|".join(k), {"value": v, "source": "edge.xlsx"}) for k, v in EXACT.items()
                    if k[0] == T1 and k[2] == "2030E"]  # (a later version of a row replaces the earlier)
                 + [("facts", "|".join(k), image) for k, (image, _) in BAD.items()]
                 + [("facts", "|".join(k), image) for k, image in ODD_SHAPES.items()]
                 + [("facts", NOT_A_KEY, {"value": 1.0, **FIELDS})])

    c = desk.join(tmp_path / "c.sqlite", desk.user("admin"))

    with psycopg.connect(desk_db) as su:
        on_desk = {(t, k): (rev, data) for t, k, rev, data in su.execute(
            "SELECT tbl, key, rev, data FROM desk.current UNION ALL SELECT tbl, key, rev, data FROM desk.records")}
    bad = {("facts", "|".join(k)) for k in BAD} | {("facts", NOT_A_KEY)}
    assert bad <= set(on_desk)
    # every table but the facts, as the desk has it
    local, server = normalised(local_tables(c)), normalised(server_tables(desk_db))
    for table in sync_state.TABLES:
        if table != "facts":
            assert local[table] == server[table], table
    # every fact the desk holds, value by value, read with plain sqlite3
    raw = sqlite3.connect(tmp_path / "c.sqlite")
    held = {f"{t}|{m}|{p}": (v, typeof, s, a_, sr, sc) for t, m, p, v, typeof, s, a_, sr, sc in raw.execute(
        "SELECT ticker, metric, period, value, typeof(value), source, as_of, src_row, src_col FROM facts")}
    raw_revs = {(t, k): rev for t, k, rev in raw.execute("SELECT tbl, key, rev FROM sync_rows")}
    listed = {(t, k): m for t, k, m, kind in raw.execute(
        "SELECT tbl, key, message, kind FROM sync_conflicts WHERE resolution IS NULL") if kind == "local"}
    listed_theirs = {(t, k): json.loads(theirs) for t, k, theirs in raw.execute(
        "SELECT tbl, key, theirs FROM sync_conflicts WHERE resolution IS NULL AND kind = 'local'")}
    raw.close()
    desk_facts = {k: d for (t, k), (_, d) in on_desk.items() if t == "facts" and d is not None}
    assert len(desk_facts) > 700  # the demo's facts and the ones written above
    for key, data in desk_facts.items():
        if ("facts", key) in bad:
            assert key not in held, key
            continue
        value, typeof, source, as_of, src_row, src_col = held[key]
        want = data.get("value")
        assert typeof == ("null" if want is None else "real"), (key, typeof)
        assert _bits(value) == _bits(want), (key, value, want)
        assert (source, as_of, src_row, src_col) == (_stored_text(data.get("source")), _stored_text(data.get("as_of")),
                                                     data.get("src_row"), _stored_text(data.get("src_col"))), key
    assert set(held) == {k for k in desk_facts if ("facts", k) not in bad}
    # the edges above really are there, as their doubles
    for k, v in EXACT.items():
        # (the desk's JSONB keeps no sign of a zero: a -0.0 written there is its 0, and arrives so)
        assert _bits(held["|".join(k)][0]) == _bits(0.0 if v == 0 else v), k
    # each row at the desk's revision (a deletion too); the refused ones at none (they agree with the desk
    # only once taken)
    assert any(data is None for _, data in on_desk.values())
    want_revs = {k: rev for k, (rev, _) in on_desk.items() if k not in bad}
    assert raw_revs == want_revs
    # the refused rows listed, each once, with why
    assert set(listed) == bad
    # each with the desk's row as the desk holds it
    for k in bad:
        assert listed_theirs[k] == on_desk[k][1], k
    for k, (_, words) in BAD.items():
        if words:
            assert words in listed[("facts", "|".join(k))], listed[("facts", "|".join(k))]
    assert sync_state.pending(c).keys == {}
    assert sync_state.setting_int(c, sync_state.SETTING_PUSHED) == c.last_seq()
    a.close()
    c.close()


def test_a_pull_of_everything_leaves_the_desks_fact_for_the_push_as_the_desk_has_it(pair):
    """A workstation away longer than the desk keeps its feed pulls everything again; a fact it changed
    meanwhile, which a colleague changed too, is left for the push to decide, with the desk's row as the
    desk holds it: the conflict the push lists shows it so."""
    desk, (a, ca), (b, cb) = pair
    fact = (T1, "revenue", "2023A")
    for _ in range(2):
        for store, config in ((a, ca), (b, cb)):
            sync(store, config)
    with psycopg.connect(desk.super_url, autocommit=True) as conn:
        conn.execute("UPDATE desk.workstations SET pulled_at = now() - interval '40 days' WHERE ws = %s",
                     [b.workstation_id()])
    a.set_fact(*fact, 4.0)
    sync(a, ca)
    sync(a, ca)
    assert roles.prune_desk(ca.url, days=30, password=ca.password).stale == [b.workstation_id()]
    b.set_fact(*fact, 5.0)  # waiting here when everything is pulled again

    result = sync(b, cb)

    assert any("everything is pulled again" in n for n in result.notes)
    with psycopg.connect(desk.super_url) as conn:
        on_desk = conn.execute("SELECT data FROM desk.current WHERE tbl = 'facts' AND key = %s",
                               ["|".join(fact)]).fetchone()[0]
    assert on_desk["value"] == 4.0 and set(on_desk) == {"value", "source", "as_of", "src_row", "src_col"}
    raw = sqlite3.connect(b.path if hasattr(b, "path") else b.db.conn.execute("PRAGMA database_list").fetchone()[2])
    listed = [(json.loads(mine) if mine else None, json.loads(theirs) if theirs else None) for mine, theirs in raw.execute(
        "SELECT mine, theirs FROM sync_conflicts WHERE tbl = 'facts' AND key = ?", ["|".join(fact)])]
    raw.close()
    assert listed, "the push lists the fact both changed"
    assert all(theirs == on_desk for _, theirs in listed), listed
    assert any(mine and mine.get("value") == 5.0 for mine, _ in listed), listed
