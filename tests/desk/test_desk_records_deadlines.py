"""A desk server whose backend stops answering (the process frozen with SIGSTOP: its kernel still
acknowledges every packet, so no TCP limit fires) is given up soon by a sync that has little to do:
the workstation waits long only around the work that legitimately takes long (a first join's pull,
a big push). Against a real PostgreSQL (the desk tests' cluster)."""

from __future__ import annotations

import os
import signal
import threading

import psycopg
import pytest

from workbench.desk import connection
from workbench.desk import sync as desk_sync
from workbench.desk.errors import DeskOffline
from workbench.store import Store, sync_state

#: Far beyond the short answer deadline, well below the long one: a sync that waits for a stopped
#: backend as long as for big work trips it.
HANG_GUARD_S = 60


def _bounded(fn):
    out: dict = {}

    def run():
        try:
            out["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            out["error"] = exc

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(HANG_GUARD_S)
    return t.is_alive(), out


@pytest.fixture
def answers(monkeypatch):
    """The answer deadline of every wait of every desk connection, in order."""
    seen: list[float] = []
    cls = connection._connection_class(psycopg)
    wait = cls.wait

    def recorded(self, gen, interval=0.1, timeout=None):
        if timeout is None:
            seen.append(self.answer_timeout or connection.ANSWER_TIMEOUT_S)
        return wait(self, gen, interval=interval, timeout=timeout)

    monkeypatch.setattr(cls, "wait", recorded)
    return seen


def test_a_sync_with_nothing_to_do_waits_only_the_short_deadline(pair, answers):
    desk, _, (b, analyst) = pair
    desk_sync.sync(b, analyst)
    assert answers and set(answers) == {connection.ANSWER_TIMEOUT_S}
    assert connection.ANSWER_TIMEOUT_S < connection.BIG_ANSWER_TIMEOUT_S


def test_a_first_join_pulls_under_the_long_deadline(pg_cluster, desk_db, demo_path, tmp_path, answers):
    from desk_testing import desk_with_demo

    desk = desk_with_demo(pg_cluster, desk_db, demo_path, tmp_path)
    answers.clear()
    desk.join(tmp_path / "new.sqlite", desk.user("analyst")).close()
    assert connection.BIG_ANSWER_TIMEOUT_S in answers  # the pull of everything
    assert connection.ANSWER_TIMEOUT_S in answers  # the rest of it


def test_big_work_sets_the_servers_long_limits_and_puts_the_short_ones_back(pair):
    desk, (a, admin), _ = pair

    def shown(conn):
        return tuple(r[0] for r in conn.execute(  # (pg_settings gives them in milliseconds)
            "SELECT setting::int FROM pg_settings WHERE name IN ('statement_timeout', 'lock_timeout') ORDER BY name "
            "DESC").fetchall())

    with connection.connect(admin.url, admin.password) as conn:
        short = shown(conn)
        with connection.big_work(conn):
            assert shown(conn) == (connection.BIG_STATEMENT_TIMEOUT_S * 1000, connection.BIG_LOCK_TIMEOUT_S * 1000)
        assert shown(conn) == short == (connection.STATEMENT_TIMEOUT_S * 1000, connection.LOCK_TIMEOUT_S * 1000)
        with connection.big_work(conn, big=False):
            assert shown(conn) == short


def test_a_stopped_backend_is_given_up_soon_by_a_small_sync(pair, monkeypatch):
    """QA: SIGSTOP of the sync's backend held the workstation 150 s."""
    desk, _, (b, analyst) = pair
    with b.batch("edit", by="t"):
        b.set_fact("688608.SH", "revenue", "2023A", 4321.0)
    pending = sync_state.pending_count(b)
    stopped: list[int] = []
    check = desk_sync.schema.check_compatible

    def stop_then_check(conn):
        pid = conn.info.backend_pid
        os.kill(pid, signal.SIGSTOP)  # the backend freezes; the server and its kernel stay up
        stopped.append(pid)
        return check(conn)

    monkeypatch.setattr(desk_sync.schema, "check_compatible", stop_then_check)
    # the short deadline shortened for the test (read at each wait): a sync that waits as long as big
    # work (BIG_ANSWER_TIMEOUT_S) still trips the guard
    monkeypatch.setattr(connection, "ANSWER_TIMEOUT_S", 6)
    try:
        hung, out = _bounded(lambda: _on_its_own_store(b.path, lambda s: desk_sync.sync(s, analyst)))
    finally:
        for pid in stopped:
            os.kill(pid, signal.SIGCONT)
    assert stopped
    assert not hung, "a small sync waited for a stopped backend as long as for big work"
    assert isinstance(out.get("error"), DeskOffline), out
    assert "did not answer" in out["error"].message and "本地数据完好" in out["error"].message
    monkeypatch.undo()
    assert sync_state.pending_count(b) == pending  # nothing lost or marked pushed
    desk_sync.sync(b, analyst)  # and the next sync goes through
    assert sync_state.pending_count(b) == 0


def _on_its_own_store(path, fn):
    with Store(path) as store:  # SQLite connections belong to one thread
        return fn(store)
