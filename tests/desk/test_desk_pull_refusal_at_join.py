"""A station joining a desk whose feed holds a figure no report can print (let through by a desk of
the release before) refuses it in the join's first pull as in a later sync: the text or the
out-of-range figure is never written, the figure is listed as a local refusal with why, and the rest of
the desk's data arrives. The truth is the feed this test wrote and the store read back with SQL."""

from __future__ import annotations

import json
import math

import psycopg

from desk_testing import Desk

from workbench.domain.metrics import PLAUSIBLE
from workbench.store import sync_state

TEXT_KEY = ("688018.SH", "revenue", "2023A")      # a figure the demo holds, overwritten with text
OUT_KEY = ("688608.SH", "pe", "2031E")            # a new figure beyond the PE's plausible range
GOOD_KEY = ("688608.SH", "revenue", "2032E")      # a good figure written beside them


def _let_through(desk_url, rows):
    """Versions a desk let through (one of the release before, say): written past the desk's check."""
    with psycopg.connect(desk_url) as su:
        su.execute("ALTER TABLE desk.changes DISABLE TRIGGER USER")
        for n, (tbl, key, data) in enumerate(rows):
            su.execute("INSERT INTO desk.changes (tbl, key, data, ws, seq) VALUES (%s, %s, %s, 'ws-sql', %s)",
                       [tbl, key, json.dumps(data), 910000 + n])
        su.execute("ALTER TABLE desk.changes ENABLE TRIGGER USER")


def test_a_joining_station_refuses_a_bad_figure_in_its_first_pull(pg_cluster, desk_db, demo_path, tmp_path):
    desk = Desk(pg_cluster, desk_db)
    admin = desk.user("admin")
    a = desk.join(demo_path, admin)
    published = a.fact(*TEXT_KEY)
    assert isinstance(published, float) and math.isfinite(published)
    bad_pe = PLAUSIBLE["pe"][1] * 2
    _let_through(desk_db, [("facts", "|".join(TEXT_KEY), {"value": "12.3亿", "source": "x.xlsx"}),
                           ("facts", "|".join(OUT_KEY), {"value": bad_pe, "source": "x.xlsx"}),
                           ("facts", "|".join(GOOD_KEY), {"value": 2.5e9, "source": "y.xlsx"})])

    c = desk.join(tmp_path / "c.sqlite", desk.user("analyst"))

    assert c.fact(*TEXT_KEY) != "12.3亿"
    assert c.scalar("SELECT count(*) FROM facts WHERE typeof(value) NOT IN ('real', 'integer', 'null')") == 0
    assert c.fact(*OUT_KEY) is None
    assert c.fact(*GOOD_KEY) == 2.5e9
    refused = {r["key"]: r for r in sync_state.conflicts(c)}
    for key, words in ((TEXT_KEY, "团队库的值不是数字"), (OUT_KEY, "团队库的值超出合理范围")):
        entry = refused["|".join(key)]
        assert entry["kind"] == "local" and words in entry["message"], entry
    a.close()
    c.close()
