"""A sync while another program holds the workstation's store in a write (a second copy of the app
saving, a script's long import): the sync waits its turn for the busy timeout, then says the store
is in use, with no traceback and a non-zero exit; nothing is taken in half and nothing sent is lost:
the changes made here stay pending or, where the desk already took them, the next sync finds them
there (sent once). Once the other writer is done, the next sync completes and the store equals the
desk. Against a real PostgreSQL."""

from __future__ import annotations

import sqlite3

import pytest

from desk_testing import local_tables, normalised, server_tables, sync_as
from workbench.cli import main
from workbench.store import Store

pytestmark = pytest.mark.usefixtures("private_password_file")


def _desk_facts(super_url: str, source: str) -> dict[str, float]:
    import psycopg

    with psycopg.connect(super_url) as conn:
        return {k: d["value"] for k, d in conn.execute(
            "SELECT key, data FROM desk.current WHERE tbl = 'facts' AND data->>'source' = %s", [source])}


def _figures(tickers, metric: str, first: float, years: int) -> list[tuple]:
    """(ticker, metric, period, value) of ``years`` years from 2001 for each ticker, values counting up."""
    return [(t, metric, f"{y}A", first + i)
            for i, (t, y) in enumerate((t, y) for t in tickers for y in range(2001, 2001 + years))]


def _tickers(store: Store) -> list[str]:
    return [t for (t,) in store.db.execute("SELECT ticker FROM companies ORDER BY ticker")][:10]


def _write_mine(store: Store) -> list[tuple]:
    """This workstation's own new figures, written (as an import) and the store closed: returned."""
    mine = _figures(_tickers(store), "net_profit", 2.0, 5)
    store.write_facts(mine, source="mine.xlsx", as_of="2025-01-03", origin="import")
    store.close()
    return mine


def test_a_sync_of_a_store_another_program_is_writing_waits_says_so_and_loses_nothing(
        pair, capsys, monkeypatch):
    desk, (a, admin), (b, analyst) = pair
    path = b.path
    # a colleague's figures wait on the desk, and this workstation changed figures of its own
    tickers = _tickers(a)
    theirs = _figures(tickers, "revenue", 10.0, 10)
    a.write_facts(theirs, source="theirs.xlsx", as_of="2025-01-03", origin="import")
    sync_as(a, admin)
    mine = _write_mine(b)
    with Store(path) as s:
        before = normalised(local_tables(s))
        log_before = s.scalar("SELECT count(*) FROM change_log")

    monkeypatch.setenv("WORKBENCH_DESK_PASSWORD", analyst.password)
    monkeypatch.setenv("WORKBENCH_BUSY_TIMEOUT_MS", "300")
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program's write, not yet committed
    try:
        code = main(["sync", "--db", str(path)])
        out, err = capsys.readouterr()
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert code != 0
    assert "正被其他程序使用" in err, err
    assert str(path) in err and "Traceback" not in out + err
    with Store(path) as s:
        assert normalised(local_tables(s)) == before  # nothing of the colleague's taken in half
        assert s.scalar("SELECT count(*) FROM change_log") == log_before

    assert main(["sync", "--db", str(path)]) == 0, capsys.readouterr()
    with Store(path) as s:
        assert normalised(local_tables(s)) == normalised(server_tables(desk.super_url))
        assert s.scalar("SELECT count(*) FROM facts WHERE source = 'theirs.xlsx'") == len(theirs)
    # this workstation's figures on the desk, each once, with its value
    assert _desk_facts(desk.super_url, "mine.xlsx") == {f"{t}|{m}|{p}": v for t, m, p, v in mine}


def test_a_store_taken_by_another_writer_right_after_the_desk_took_the_push_is_completed_next_time(
        pair, capsys, monkeypatch):
    import workbench.desk.sync as desk_sync

    desk, (a, admin), (b, analyst) = pair
    path = b.path
    mine = _write_mine(b)

    monkeypatch.setenv("WORKBENCH_DESK_PASSWORD", analyst.password)
    monkeypatch.setenv("WORKBENCH_BUSY_TIMEOUT_MS", "300")
    other = sqlite3.connect(path, isolation_level=None)
    real = desk_sync._mark_pushed

    def taken_meanwhile(*args, **kwargs):  # the desk has committed the push: now another program writes
        other.execute("BEGIN IMMEDIATE")
        return real(*args, **kwargs)

    monkeypatch.setattr(desk_sync, "_mark_pushed", taken_meanwhile)
    try:
        code = main(["sync", "--db", str(path)])
        out, err = capsys.readouterr()
    finally:
        if other.in_transaction:
            other.execute("ROLLBACK")
        other.close()
    assert code != 0
    assert "团队库已接受推送" in err and "正被其他程序使用" in err and str(path) in err, err
    assert "workbench sync" in err and "未作任何修改" not in err and "Traceback" not in out + err
    assert _desk_facts(desk.super_url, "mine.xlsx") == {f"{t}|{m}|{p}": v for t, m, p, v in mine}

    monkeypatch.setattr(desk_sync, "_mark_pushed", real)
    assert main(["sync", "--db", str(path)]) == 0, capsys.readouterr()
    with Store(path) as s:
        assert normalised(local_tables(s)) == normalised(server_tables(desk.super_url))
        from workbench.store import sync_state
        assert not sync_state.pending(s).keys  # nothing left to send: the desk's copy is this push's
    assert _desk_facts(desk.super_url, "mine.xlsx") == {f"{t}|{m}|{p}": v for t, m, p, v in mine}
    import psycopg
    with psycopg.connect(desk.super_url) as conn:  # each figure taken once: no second version of any
        assert conn.execute("SELECT count(*) FROM desk.changes WHERE tbl = 'facts' AND data->>'source' = "
                            "'mine.xlsx'").fetchone()[0] == len(mine)


def test_a_full_disk_right_after_the_desk_took_the_push_is_said_so(pair, capsys, monkeypatch):
    """SQLite's "database or disk is full" (SQLITE_FULL) while the store records a push the desk took:
    the disk is said to be full, naming the folder, never "nothing was changed"."""
    import workbench.desk.sync as desk_sync

    desk, (a, admin), (b, analyst) = pair
    path = b.path
    mine = _write_mine(b)
    monkeypatch.setenv("WORKBENCH_DESK_PASSWORD", analyst.password)

    def disk_full(*args, **kwargs):
        error = sqlite3.OperationalError("database or disk is full")
        error.sqlite_errorcode = 13  # SQLITE_FULL
        raise error

    real = desk_sync._mark_pushed
    monkeypatch.setattr(desk_sync, "_mark_pushed", disk_full)
    assert main(["sync", "--db", str(path)]) != 0
    out, err = capsys.readouterr()
    assert "团队库已接受推送" in err and "磁盘已满" in err and str(path.parent) in err, err
    assert "未作任何修改" not in err and "nothing was changed" not in err and "Traceback" not in out + err
    monkeypatch.setattr(desk_sync, "_mark_pushed", real)
    assert main(["sync", "--db", str(path)]) == 0, capsys.readouterr()
    assert _desk_facts(desk.super_url, "mine.xlsx") == {f"{t}|{m}|{p}": v for t, m, p, v in mine}
