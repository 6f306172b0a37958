"""A desk server that accepts the connection and then stops answering: every desk connection
carries a statement timeout, a lock timeout and TCP keepalives, so a sync or a lease held up by
another session's lock ends with a clear message instead of waiting for ever, and the store is
unchanged. Against a real PostgreSQL (the desk tests' cluster), the lock held by another session."""

from __future__ import annotations

import threading

import psycopg
import pytest

from workbench.cli import main
from workbench.desk import connection
from workbench.desk.config import write_pgpass
from workbench.desk.errors import DeskOffline
from workbench.desk.leases import take_lease
from workbench.desk.sync import sync
from workbench.store import Store, sync_state

HANG_GUARD_S = 120  # far beyond the timeouts set below: only a call that never returns trips it


pytestmark = pytest.mark.usefixtures("private_password_file")  # libpq's password file in the test's folder


@pytest.fixture
def short_timeouts(monkeypatch):
    """Timeouts of a second or two, so the test does not wait the real ones out."""
    monkeypatch.setattr(connection, "LOCK_TIMEOUT_S", 1)
    monkeypatch.setattr(connection, "STATEMENT_TIMEOUT_S", 2)


def _locked(super_url: str, table: str):
    """Another session holding an exclusive lock on a desk table (an administrator's open transaction)."""
    conn = psycopg.connect(super_url)
    conn.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")
    return conn


def _on_its_own_store(path, fn):
    with Store(path) as store:  # SQLite connections belong to one thread
        return fn(store)


def _bounded(fn):
    """Run fn on a thread; (returned, raised) once it ends, or a failure if it never does."""
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


def test_every_desk_connection_carries_the_timeouts(pair):
    desk, (a, admin), _ = pair
    with connection.connect(admin.url, admin.password) as conn:
        shown = dict(conn.execute("SELECT name, setting::int FROM pg_settings WHERE name IN ('statement_timeout', "
                                  "'lock_timeout', 'idle_in_transaction_session_timeout')").fetchall())
        params = conn.pgconn.info
    assert shown == {"statement_timeout": connection.STATEMENT_TIMEOUT_S * 1000,  # settings in milliseconds
                     "lock_timeout": connection.LOCK_TIMEOUT_S * 1000,
                     "idle_in_transaction_session_timeout": connection.IDLE_IN_TRANSACTION_S * 1000}
    assert all(shown.values())  # none of them off
    options = {p.keyword.decode(): (p.val or b"").decode() for p in params}
    assert options["keepalives"] == "1"
    assert int(options["keepalives_idle"]) == connection.KEEPALIVE_IDLE_S
    assert int(options["tcp_user_timeout"]) == connection.TCP_USER_TIMEOUT_S * 1000


def test_a_sync_behind_another_sessions_lock_gives_up_clearly(pair, short_timeouts):
    desk, _, (b, analyst) = pair
    with b.batch("edit", by="t"):
        b.set_fact("688608.SH", "revenue", "2023A", 1234.0)
    pending = sync_state.pending_count(b)
    assert pending
    holder = _locked(desk.super_url, "desk.changes")
    try:
        hung, out = _bounded(lambda: _on_its_own_store(b.path, lambda s: sync(s, analyst)))
    finally:
        holder.close()
    assert not hung, "the sync waited for the lock for ever"
    assert isinstance(out.get("error"), DeskOffline), out
    message = out["error"].message
    assert "did not answer" in message and "本地数据完好" in message
    assert sync_state.pending_count(b) == pending  # nothing was lost or marked pushed
    sync(b, analyst)  # and once the lock is gone the same sync goes through
    assert sync_state.pending_count(b) == 0


def test_the_command_line_exits_with_a_message(pair, short_timeouts, tmp_path, capsys):
    desk, _, (b, analyst) = pair
    write_pgpass(analyst.url, analyst.password)
    holder = _locked(desk.super_url, "desk.changes")
    try:
        hung, out = _bounded(lambda: main(["sync", "--db", str(b.path)]))
    finally:
        holder.close()
    assert not hung
    assert out.get("value") == 1, out
    err = capsys.readouterr().err
    assert "did not answer" in err and "Traceback" not in err


def test_a_lease_behind_another_sessions_lock_gives_up_clearly(pair, short_timeouts):
    desk, _, (b, analyst) = pair
    holder = _locked(desk.super_url, "desk.leases")
    try:
        hung, out = _bounded(lambda: _on_its_own_store(b.path, lambda s: take_lease(s, "latest", analyst)))
    finally:
        holder.close()
    assert not hung
    assert isinstance(out.get("error"), DeskOffline), out
    assert "did not answer" in out["error"].message


def test_a_server_that_never_answers_is_given_up_by_the_workstation(pair, monkeypatch):
    """The server's own limits never fire (a stopped backend, say): the workstation stops waiting
    for an answer by itself."""
    desk, _, (b, analyst) = pair
    monkeypatch.setattr(connection, "LOCK_TIMEOUT_S", 3600)
    monkeypatch.setattr(connection, "STATEMENT_TIMEOUT_S", 3600)
    monkeypatch.setattr(connection, "ANSWER_TIMEOUT_S", 2)
    with b.batch("edit", by="t"):
        b.set_fact("688608.SH", "revenue", "2023A", 4321.0)
    pending = sync_state.pending_count(b)
    holder = _locked(desk.super_url, "desk.changes")
    try:
        hung, out = _bounded(lambda: _on_its_own_store(b.path, lambda s: sync(s, analyst)))
    finally:
        holder.close()
    assert not hung, "the sync waited for an answer for ever"
    assert isinstance(out.get("error"), DeskOffline), out
    assert "did not answer" in out["error"].message
    assert sync_state.pending_count(b) == pending
    sync(b, analyst)
    assert sync_state.pending_count(b) == 0


def test_administrators_work_has_longer_limits(pair):
    """Upgrading or pruning a big desk may take minutes: the administrator's commands run under
    limits of their own, still finite."""
    desk, (a, admin), _ = pair
    with connection.admin_work():
        with connection.connect(admin.url, admin.password) as conn:
            shown = dict(conn.execute("SELECT name, setting::int FROM pg_settings WHERE name IN "
                                      "('statement_timeout', 'lock_timeout')").fetchall())
    assert shown == {"statement_timeout": connection.ADMIN_STATEMENT_TIMEOUT_S * 1000,
                     "lock_timeout": connection.ADMIN_LOCK_TIMEOUT_S * 1000}
    assert connection.ADMIN_STATEMENT_TIMEOUT_S > connection.STATEMENT_TIMEOUT_S
    assert all(shown.values())
    with connection.connect(admin.url, admin.password) as conn:  # and only inside it
        assert conn.execute("SELECT setting::int FROM pg_settings WHERE name = 'statement_timeout'"
                            ).fetchone()[0] == connection.STATEMENT_TIMEOUT_S * 1000


@pytest.mark.parametrize("command", ["init", "prune"])
def test_desk_init_and_prune_run_as_administrators_work(pair, command, monkeypatch):
    from workbench.desk import roles

    desk, (a, admin), _ = pair
    seen = []

    def spy(*args, **kw):
        seen.append(connection._ADMIN.get())
        return real(*args, **kw)

    real = roles.init_desk if command == "init" else roles.prune_desk
    monkeypatch.setattr(roles, real.__name__, spy)
    argv = ["desk", "init", desk.super_url] if command == "init" else \
        ["desk", "prune", "--url", desk.super_url]
    assert main(argv) == 0
    assert seen == [True]
