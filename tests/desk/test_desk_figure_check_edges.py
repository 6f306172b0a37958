"""The desk's figure check (schema v10) refuses exactly what a report cannot print, whatever JSON
carries it: an empty array, an object, a one-element array, a number in a string, a boolean, a
number beyond any double, a quote's close that is JSON null; and takes JSON null and a missing
figure, and every figure at the edges of its range. Its cheap first test (which calls no
function for a good entry) and the refusal it calls agree. Against a real PostgreSQL server."""

from __future__ import annotations

import json
import uuid

import pytest

import psycopg

from desk_testing import dbname

from workbench.desk import roles
from workbench.domain.metrics import PLAUSIBLE

T = "688608.SH"


@pytest.fixture
def conn(pg_cluster, desk_db):
    roles.init_desk(desk_db)
    name = f"u_{uuid.uuid4().hex[:8]}"
    roles.add_user(desk_db, name, "analyst", "secret-" + name)
    with psycopg.connect(pg_cluster.tcp_url(dbname(desk_db), name, "secret-" + name), autocommit=True) as c:
        yield c


def _write(conn, tbl, key, data_text):
    seq = uuid.uuid4().int % 10**12
    with conn.transaction():  # (its push's record first: since v13 the feed takes versions of a push only)
        conn.execute("INSERT INTO desk.pushes (ws, first_seq, last_seq) VALUES ('ws-sql', %s, %s)", [seq, seq])
        conn.execute("INSERT INTO desk.changes (tbl, key, data, ws, seq) VALUES (%s, %s, %s::jsonb, 'ws-sql', %s)",
                     [tbl, key, data_text, seq])


REFUSED = [
    ("facts", f"{T}|revenue|2023A", '{"value": []}'),
    ("facts", f"{T}|revenue|2023A", '{"value": {}}'),
    ("facts", f"{T}|revenue|2023A", '{"value": [5]}'),
    ("facts", f"{T}|revenue|2023A", '{"value": "5"}'),
    ("facts", f"{T}|revenue|2023A", '{"value": false}'),
    ("facts", f"{T}|huge|2023A", '{"value": 1e400}'),  # (a metric with no range of its own: a double's)
    ("facts", f"{T}|huge|2023A", '{"value": -1e400}'),
    ("facts", f"{T}|eps|2023A", '{"value": 1000.0000000001}'),
    ("quotes", "idx|2024-12-27", '{"close": null, "change": 0.01}'),
    ("quotes", "idx|2024-12-27", '{"change": 0.01}'),
    ("quotes", "idx|2024-12-27", '{"close": [], "change": 0.01}'),
    ("quotes", "idx|2024-12-27", '{"close": 3400.0, "change": {}}'),
]


@pytest.mark.parametrize("tbl, key, data", REFUSED)
def test_the_desk_refuses_a_figure_in_any_json_shape(conn, tbl, key, data):
    with pytest.raises(psycopg.errors.CheckViolation, match="团队库拒收"):
        _write(conn, tbl, key, data)


def test_the_desk_takes_null_missing_and_every_edge_of_a_range(conn):
    taken = 0
    for code, (low, high) in PLAUSIBLE.items():
        if code.startswith("index_"):
            continue
        for value in (low, high):
            _write(conn, "facts", f"{T}|{code}|2023A", json.dumps({"value": value}))
            taken += 1
    for data in ('{"value": null}', '{"source": "x"}', '{"value": 1.7976931348623157e308}', '{"value": -0.0}'):
        _write(conn, "facts", f"{T}|huge|2024A", data)
        taken += 1
    low, high = PLAUSIBLE["index_close"]
    for close in (low, high):
        _write(conn, "quotes", f"idx|{close}", json.dumps({"close": close, "change": None}))
        _write(conn, "quotes", f"idx|{close}", json.dumps({"close": close}))
        taken += 2
    assert conn.execute("SELECT count(*) FROM desk.changes WHERE ws = 'ws-sql'").fetchone()[0] == taken
