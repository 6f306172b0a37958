"""A conflict's "who and when" is when each value was made on its workstation (as ``workbench trace``
dates it), not when a sync pushed it; the push time stands beside it. Times in the local zone.
Against a real PostgreSQL desk."""

from __future__ import annotations

import pytest

from desk_testing import sync_as

from workbench.domain.times import local_time
from workbench.store import sync_state

FACT = ("688608.SH", "revenue", "2023A")
MINE_MADE = "2026-11-01T09:00:00+00:00"
THEIRS_MADE = "2026-11-02T10:30:00+00:00"

pytestmark = pytest.mark.usefixtures("private_password_file")


def _edit(store, value, at):
    with store.batch("edit", at=at):  # made at ``at`` (as a change made offline earlier is)
        store.set_fact(*FACT, value)


def test_conflict_times_are_when_each_value_was_made(pair, monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    import time

    time.tzset()
    try:
        desk, (a, ca), (b, cb) = pair
        _edit(b, 5.1e9, MINE_MADE)
        _edit(a, 5.0e9, THEIRS_MADE)
        sync_as(a, ca)
        assert sync_as(b, cb).conflicts == 1
        [c] = sync_state.described(b)
        assert c["mine_who"].startswith(f"{cb.user} {local_time(MINE_MADE)}")
        assert c["desk_who"].startswith(f"{ca.user} {local_time(THEIRS_MADE)}")
        assert local_time(MINE_MADE) == "2026-11-01 17:00:00"  # the local zone (UTC+8)
        # the push time beside it: when the desk got each value (the conflict's own time for mine)
        assert f"推送于 pushed {local_time(c['at'])}" in c["mine_who"]
        assert f"推送于 pushed {local_time(c['theirs_at'])}" in c["desk_who"]
    finally:
        monkeypatch.undo()
        time.tzset()


def test_a_value_made_here_with_no_push_time_known_reads_as_before(pair):
    desk, (a, ca), (b, cb) = pair
    b.set_fact(*FACT, 5.1e9)
    a.set_fact(*FACT, 5.0e9)
    sync_as(a, ca)
    sync_as(b, cb)
    [c] = sync_state.described(b)
    made = b.history(*FACT)
    own = [h for h in made if h["origin"] == "edit"][-1]
    assert c["mine_who"].startswith(f"{cb.user} {local_time(own['at'])}")
