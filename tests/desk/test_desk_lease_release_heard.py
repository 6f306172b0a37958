"""A lease given back, or broken by an editor, is announced on the desk's notification channel when
it commits, as a push is: the other workstations' apps hear it and open a draft they show read-only
at once, instead of at their next scheduled sync. Taking or renewing a lease announces nothing.
Against a real PostgreSQL desk; the truth is a LISTEN connection of the test's own."""

from __future__ import annotations

import psycopg
import pytest
from desk_testing import Desk

from workbench.desk.leases import release_lease, take_lease
from workbench.desk.sync import NOTIFY_CHANNEL


@pytest.fixture
def stations(pg_cluster, desk_db, demo_path, tmp_path):
    desk = Desk(pg_cluster, desk_db)
    desk.join(demo_path, desk.user("admin")).close()
    ca, ce = desk.user("analyst"), desk.user("editor")
    a, e = desk.join(tmp_path / "a.sqlite", ca), desk.join(tmp_path / "e.sqlite", ce)
    yield desk, (a, ca), (e, ce)
    a.close()
    e.close()


def _heard(listener) -> list[str]:
    return [n.payload for n in listener.notifies(timeout=1.0, stop_after=5)]


def test_a_release_and_a_break_are_heard_and_a_take_is_not(stations):
    desk, (a, ca), (e, ce) = stations
    with psycopg.connect(desk.super_url, autocommit=True) as listener:
        listener.execute(f"LISTEN {NOTIFY_CHANNEL}")
        take_lease(a, "latest", ca, hours=0.5)
        take_lease(a, "latest", ca, hours=0.5)  # renewed
        assert _heard(listener) == []
        assert release_lease(a, "latest", ca)
        assert _heard(listener) == [a.workstation_id()]  # the releasing workstation, as a push names itself
        take_lease(a, "latest", ca)
        assert release_lease(e, "latest", ce)  # an editor breaks the analyst's lease
        assert _heard(listener) == [e.workstation_id()]
        assert not release_lease(e, "latest", ce)  # nothing left to release: nothing announced
        assert _heard(listener) == []


def test_an_app_giving_back_its_own_lease_never_ends_one_taken_over_since(stations):
    desk, (a, ca), (e, ce) = stations
    take_lease(e, "latest", ce, hours=0.5)
    assert release_lease(e, "latest", ce)  # the editor's app closed
    take_lease(a, "latest", ca, hours=0.5)  # the analyst opened it meanwhile
    assert not release_lease(e, "latest", ce, mine_only=True)  # a late give-back of the editor's app
    with psycopg.connect(desk.super_url) as su:
        [(holder,)] = su.execute("SELECT holder FROM desk.leases").fetchall()
    assert holder == ca.user
