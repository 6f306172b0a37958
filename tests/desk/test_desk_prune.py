"""Cleaning up the desk: ``desk prune`` removes the change feed entries and tombstones every
workstation has pulled (of the tables kept as versions, the versions a newer one replaced and the
deletions: a row's newest version is what the desk holds); a workstation away longer than the grace period no longer holds it back and
pulls everything again at its next sync. Against a real PostgreSQL desk."""

from __future__ import annotations

import pytest

import psycopg  # noqa: E402  (a dependency: never skipped)

from desk_testing import local_tables, normalised, server_tables  # noqa: E402

from workbench.cli import main  # noqa: E402
from workbench.desk import roles  # noqa: E402
from workbench.desk.errors import DeskError  # noqa: E402
from workbench.desk.sync import sync  # noqa: E402

FACT = ("688608.SH", "revenue", "2023A")
OTHER = ("688608.SH", "net_profit", "2023A")




def _count(url, sql, params=()):
    with psycopg.connect(url) as conn:
        return conn.execute(sql, params).fetchone()[0]


def _settle(*stations):
    """Sync every workstation twice, so that each has told the desk how far it pulled."""
    for _ in range(2):
        for store, config in stations:
            sync(store, config)


def test_prune_removes_what_everyone_pulled_and_syncing_goes_on(pair):
    desk, (a, ca), (b, cb) = pair
    a.set_fact(*FACT, 1.0)
    a.set_fact(*OTHER, None)  # a deletion: a tombstone on the desk
    _settle((a, ca), (b, cb))
    feed_before = _count(desk.super_url, "SELECT count(*) FROM desk.changes")
    held = server_tables(desk.super_url)
    assert _count(desk.super_url, "SELECT count(*) FROM desk.current WHERE data IS NULL") == 1
    current = _count(desk.super_url, "SELECT count(*) FROM desk.current WHERE data IS NOT NULL AND tbl IN "
                                     "('companies', 'facts', 'quotes', 'datasets')")
    done = roles.prune_desk(ca.url, password=ca.password)
    assert done.feed == feed_before - current > 0 and done.tombstones == 1 and done.stale == []
    # left: one version of each row the desk holds, the newest; nothing it deleted
    assert _count(desk.super_url, "SELECT count(*) FROM desk.changes") == current > 0
    assert _count(desk.super_url, "SELECT count(*) FROM (SELECT tbl, key FROM desk.changes GROUP BY 1, 2 "
                                  "HAVING count(*) > 1) x") == 0
    assert _count(desk.super_url, "SELECT count(*) FROM desk.current WHERE data IS NULL") == 0
    assert server_tables(desk.super_url) == held
    # life goes on: an edit after the clean-up travels, and nobody pulls everything again
    b.set_fact(*FACT, 2.0)
    assert sync(b, cb).pushed == 1
    result = sync(a, ca)
    assert (result.pulled, result.notes) == (1, [])
    assert a.fact(*FACT) == 2.0 and b.fact(*OTHER) is None
    assert normalised(local_tables(a)) == normalised(local_tables(b)) == normalised(server_tables(desk.super_url))


def test_prune_keeps_what_a_recent_workstation_has_not_pulled(pair):
    desk, (a, ca), (b, cb) = pair
    _settle((a, ca), (b, cb))
    a.set_fact(*FACT, 3.0)
    a.set_fact(*OTHER, None)
    sync(a, ca)
    sync(a, ca)  # a reports it pulled everything; b has not seen these two changes
    done = roles.prune_desk(ca.url, password=ca.password)
    assert done.tombstones == 0
    keys = {r for r in ("|".join(FACT), "|".join(OTHER))}
    with psycopg.connect(desk.super_url) as conn:
        left = {r[0] for r in conn.execute("SELECT key FROM desk.changes")}
    assert keys <= left
    result = sync(b, cb)
    assert result.notes == [] and (b.fact(*FACT), b.fact(*OTHER)) == (3.0, None)


def test_a_workstation_away_too_long_does_not_hold_prune_back_and_pulls_everything_again(pair):
    desk, (a, ca), (b, cb) = pair
    _settle((a, ca), (b, cb))
    with psycopg.connect(desk.super_url, autocommit=True) as conn:
        conn.execute("UPDATE desk.workstations SET pulled_at = now() - interval '40 days' WHERE ws = %s",
                     [b.workstation_id()])
    a.set_fact(*FACT, 4.0)
    a.set_fact(*OTHER, None)  # deleted while b is away: its tombstone will be pruned
    _settle((a, ca))
    done = roles.prune_desk(ca.url, days=30, password=ca.password)
    assert done.stale == [b.workstation_id()] and done.tombstones == 1
    # the fact's versions: only its newest is kept; the deleted one has none left
    assert _count(desk.super_url, "SELECT count(*) FROM desk.changes WHERE key = %s", ["|".join(FACT)]) == 1
    assert _count(desk.super_url, "SELECT count(*) FROM desk.changes WHERE key = %s", ["|".join(OTHER)]) == 0
    assert b.fact(*OTHER) is not None
    result = sync(b, cb)
    assert any("everything is pulled again" in n for n in result.notes)
    assert (b.fact(*FACT), b.fact(*OTHER)) == (4.0, None)
    assert normalised(local_tables(b)) == normalised(server_tables(desk.super_url))
    assert sync(b, cb).notes == []  # once


def test_an_analyst_may_not_prune(pair):
    desk, (a, ca), (b, cb) = pair
    _settle((a, ca), (b, cb))
    before = _count(desk.super_url, "SELECT count(*) FROM desk.changes")
    with pytest.raises(DeskError, match="only a desk administrator may prune"):
        roles.prune_desk(cb.url, password=cb.password)
    assert _count(desk.super_url, "SELECT count(*) FROM desk.changes") == before > 0


def test_the_prune_command(pair, capsys, monkeypatch):
    desk, (a, ca), (b, cb) = pair
    _settle((a, ca), (b, cb))
    monkeypatch.setenv("WORKBENCH_DESK_PASSWORD", ca.password)
    assert main(["desk", "prune", "--url", ca.url, "--days", "7"]) == 0
    assert "feed entries" in capsys.readouterr().out
    monkeypatch.setenv("WORKBENCH_DESK_PASSWORD", cb.password)
    assert main(["desk", "prune", "--url", cb.url]) == 1
    err = capsys.readouterr().err
    assert "only a desk administrator" in err and "Traceback" not in err
    assert main(["desk", "prune", "--url", ca.url, "--days", "0"]) == 1
    assert "at least 1" in capsys.readouterr().err
