"""A figure beyond 64-bit integers travels through the desk and back exactly. The desk's JSON writes
any double of 2**63 or more as a whole number (jsonb prints 1e22 as 10000000000000000000000), which a
pull reads as an integer too big for SQLite: it is stored as the double it was, never crashing the
sync. A figure no double can hold (put on the desk by hand) is refused, listed with the other rows
the pull refuses, and the rest lands. Against a real PostgreSQL desk."""

from __future__ import annotations

import psycopg  # noqa: F401  (a dependency: never skipped)

from desk_testing import local_tables, normalised, server_tables

from workbench.desk.sync import sync
from workbench.store import sync_state

T = "688608.SH"  # 恒玄科技 in the demo store
HUGE = [1e22, -1e22, 2.0**63, 9.3e18, 1.7976931348623157e308, -3.4e200, 123456789e30]


def test_figures_beyond_64_bit_integers_are_pulled_exactly(pair):
    desk, (a, ca), (b, cb) = pair
    new = [(T, "huge", f"{2000 + i}A", v) for i, v in enumerate(HUGE)]
    # (a metric with no plausible range of its own: a revenue of 1e22 元 is one the desk refuses)
    existing = (T, "huge", "1999A")
    a.write_facts([(*existing, 1.5)], source="script.py", origin="import")
    sync(a, ca), sync(b, cb)
    assert b.fact(*existing) == 1.5  # b holds it: the pull updates it
    a.write_facts([*new, (*existing, 10**22)], source="script.py", origin="import")  # a whole number, given as such
    assert sync(a, ca).pushed == len(HUGE) + 1
    with psycopg.connect(desk.super_url) as conn:  # the desk writes them as whole numbers
        text = conn.execute("SELECT data->>'value' FROM desk.current WHERE tbl = 'facts' AND key = %s",
                            ["|".join(existing)]).fetchone()[0]
    assert text == "1" + "0" * 22
    result = sync(b, cb)
    assert result.pulled == len(HUGE) + 1 and result.refused == 0
    for (t, m, p, v) in new:
        assert b.fact(t, m, p) == v and repr(b.fact(t, m, p)) == repr(v)
    assert b.fact(*existing) == 1e22
    assert not sync_state.conflicts(b)
    assert normalised(local_tables(b)) == normalised(local_tables(a))
    on_desk = server_tables(desk.super_url)["facts"]  # (its decimal text of a double is that double)
    assert [float(on_desk["|".join(k)]["value"]) for k in [f[:3] for f in new] + [existing]] == [*HUGE, 1e22]
    # and back: b's next sync has nothing to send, a's nothing to take
    assert sync(b, cb).pushed == 0
    assert (sync(a, ca).pulled, sync_state.conflicts(a)) == (0, [])


def test_a_figure_no_double_can_hold_is_refused_and_listed_and_the_rest_lands(pair):
    desk, (a, ca), (b, cb) = pair
    bad, good = (T, "huge", "2030A"), (T, "huge", "2031A")
    kept = (T, "revenue", "2023A")
    held = b.fact(*kept)
    a.write_facts([(*bad, 1.5), (*good, 2.5), (*kept, 4.0e10)], source="script.py", origin="import")
    sync(a, ca)
    with psycopg.connect(desk.super_url) as conn:  # written on the desk by hand: numeric takes any size
        # (on a desk of the release before, which took any figure: this one refuses it on the way in)
        conn.execute("ALTER TABLE desk.changes DISABLE TRIGGER changes_figures")
        for seq, key in enumerate((bad, kept), 1):
            assert conn.execute("INSERT INTO desk.changes (tbl, key, data, ws, seq) SELECT tbl, key, "
                                "jsonb_set(data, '{value}', '1e400'::jsonb), 'by-hand', %s FROM desk.current "
                                "WHERE tbl = 'facts' AND key = %s", [seq, "|".join(key)]).rowcount == 1
        conn.execute("ALTER TABLE desk.changes ENABLE TRIGGER changes_figures")
    result = sync(b, cb)
    assert result.refused == 2
    assert b.fact(*good) == 2.5
    assert b.fact(*bad) is None and b.fact(*kept) == held  # nothing of them written
    listed = {c["key"]: c for c in sync_state.conflicts(b)}
    assert set(listed) == {"|".join(bad), "|".join(kept)}
    for key, c in listed.items():
        assert c["kind"] == "local" and key in c["message"] .replace(" ", "|")
        assert "value too large to store" in c["message"]
    assert sync(b, cb).refused == 0  # listed once, not again at every sync
