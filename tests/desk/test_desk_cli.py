"""The desk's commands end to end: init, user add, join, sync, conflicts, resolve; passwords kept
out of the store; clear errors and exit codes; nothing desk-related loaded on the local paths."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest

import psycopg  # noqa: E402  (a dependency: never skipped)

from desk_testing import dbname  # noqa: E402

from workbench.cli import main  # noqa: E402
from workbench.store import Store  # noqa: E402

FACT = ("688608.SH", "revenue", "2023A")


@pytest.fixture
def pgpass(tmp_path, monkeypatch):
    path = tmp_path / "home" / ".pgpass"
    monkeypatch.setenv("PGPASSFILE", str(path))
    monkeypatch.delenv("WORKBENCH_DESK_PASSWORD", raising=False)
    return path


@pytest.fixture
def desk_url(pg_cluster, desk_db, capsys):
    assert main(["desk", "init", desk_db]) == 0
    assert "desk created" in capsys.readouterr().out
    return desk_db


def _add(desk_url, name, role, monkeypatch):
    monkeypatch.setenv("WORKBENCH_DESK_PASSWORD", f"pw-{name}")
    assert main(["desk", "user", "add", name, "--role", role, "--url", desk_url]) == 0
    monkeypatch.delenv("WORKBENCH_DESK_PASSWORD")


def test_init_twice_says_up_to_date(desk_url, capsys):
    assert main(["desk", "init", desk_url]) == 0
    from workbench.desk import schema

    assert f"(desk up to date): v{schema.LATEST}" in capsys.readouterr().out


def test_init_refuses_a_newer_desk_with_exit_1(desk_url, capsys):
    with psycopg.connect(desk_url, autocommit=True) as conn:
        conn.execute("UPDATE desk.meta SET value = '99' WHERE key = 'schema_version'")
    assert main(["desk", "init", desk_url]) == 1
    err = capsys.readouterr().err
    assert "v99" in err and "Traceback" not in err


def test_user_add_without_password_or_terminal_is_refused(desk_url, capsys, monkeypatch, pgpass):
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False)
    assert main(["desk", "user", "add", "carol", "--role", "editor", "--url", desk_url]) == 1
    assert "WORKBENCH_DESK_PASSWORD" in capsys.readouterr().err


def test_join_keeps_the_password_out_of_the_store(pg_cluster, desk_url, tmp_path, capsys, monkeypatch, pgpass):
    _add(desk_url, "alice_cli", "analyst", monkeypatch)
    db = tmp_path / "a.sqlite"
    url = pg_cluster.tcp_url(dbname(desk_url), "alice_cli", "pw-alice_cli")
    assert main(["desk", "join", url, "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "joined the desk" in out and "pw-alice_cli" not in out
    with Store(db) as s:
        s.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        assert s.get_setting("desk.url") == pg_cluster.tcp_url(dbname(desk_url), "alice_cli")
    assert b"pw-alice_cli" not in db.read_bytes()
    assert stat.S_IMODE(pgpass.stat().st_mode) == 0o600
    assert pgpass.read_text().strip().endswith(":alice_cli:pw-alice_cli")
    # later syncs log in with libpq's password file
    assert main(["sync", "--db", str(db)]) == 0
    assert "pushed 0, 拉取 pulled 0" in capsys.readouterr().out


def test_join_a_store_holding_data_needs_yes_without_a_terminal(pg_cluster, desk_url, demo_path, capsys,
                                                                monkeypatch, pgpass):
    _add(desk_url, "adm_cli", "admin", monkeypatch)
    url = pg_cluster.tcp_url(dbname(desk_url), "adm_cli", "pw-adm_cli")
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False)
    assert main(["desk", "join", url, "--db", str(demo_path)]) == 1
    captured = capsys.readouterr()
    assert "will be pushed to the desk" in captured.out and "--yes" in captured.err
    with Store(demo_path) as s:
        assert s.get_setting("desk.url") is None
    assert main(["desk", "join", url, "--db", str(demo_path), "--yes"]) == 0
    assert "joined the desk" in capsys.readouterr().out


def test_conflict_listed_and_resolved_from_the_command_line(pg_cluster, desk_url, demo_path, tmp_path, capsys,
                                                            monkeypatch, pgpass):
    _add(desk_url, "adm_c", "admin", monkeypatch)
    _add(desk_url, "bob_c", "analyst", monkeypatch)
    name = dbname(desk_url)
    assert main(["desk", "join", pg_cluster.tcp_url(name, "adm_c", "pw-adm_c"), "--db", str(demo_path), "--yes"]) == 0
    b = tmp_path / "b.sqlite"
    assert main(["desk", "join", pg_cluster.tcp_url(name, "bob_c", "pw-bob_c"), "--db", str(b)]) == 0
    with Store(demo_path) as s:
        s.set_fact(*FACT, 100.0)
    with Store(b) as s:
        s.set_fact(*FACT, 200.0)
    assert main(["sync", "--db", str(demo_path)]) == 0
    capsys.readouterr()
    assert main(["sync", "--db", str(b), "--dry-run"]) == 0
    assert "dry run" in capsys.readouterr().out
    assert main(["sync", "--db", str(b)]) == 0
    assert "冲突 conflicts 1" in capsys.readouterr().out
    assert main(["desk", "conflicts", "--db", str(b)]) == 0
    out = capsys.readouterr().out
    # the figure by its company and metric; two sides that print alike (0.0 亿元) with their stored numbers
    head = out.splitlines()[0]
    assert head.startswith("#") and " facts " in head and "（688608.SH）" in head and "营业收入" in head
    assert "(200 元)" in out and "(100 元)" in out and "adm_c" in out
    assert main(["desk", "status", "--db", str(b)]) == 0
    assert "open conflicts): 1" in capsys.readouterr().out
    conflict_id = out.split()[0].lstrip("#")
    assert main(["desk", "resolve", conflict_id, "--keep", "mine", "--db", str(b)]) == 0
    assert main(["sync", "--db", str(b)]) == 0
    assert "pushed 1" in capsys.readouterr().out
    assert main(["desk", "resolve", conflict_id, "--keep", "theirs", "--db", str(b)]) == 1
    assert "already settled" in capsys.readouterr().err


def test_sync_of_a_store_without_desk_is_a_clear_error(demo_path, capsys):
    assert main(["sync", "--db", str(demo_path)]) == 1
    err = capsys.readouterr().err
    assert "has not joined a desk" in err and "Traceback" not in err


def test_sync_with_the_server_down_says_offline(demo_path, capsys, pgpass):
    with Store(demo_path) as s:
        s.set_setting("desk.url", "postgresql://nobody@127.0.0.1:1/desk")
    assert main(["sync", "--db", str(demo_path)]) == 1
    err = capsys.readouterr().err
    assert "cannot reach the desk" in err and "Traceback" not in err


def test_bad_url_is_refused(demo_path, capsys):
    assert main(["desk", "join", "mysql://x@y/z", "--db", str(demo_path)]) == 1
    assert "postgresql://" in capsys.readouterr().err


def test_local_commands_never_load_the_desk_driver(demo_path):
    code = ("import sys; from workbench.cli import main; "
            f"main(['table', 'companies', '--db', {str(demo_path)!r}]); "
            "print('psycopg' in sys.modules, 'workbench.desk.sync' in sys.modules, file=sys.stderr)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**os.environ, "LANG": "C.UTF-8"})
    assert out.stderr.strip().splitlines()[-1] == "False False"


def test_lease_and_release_from_the_command_line(pg_cluster, desk_url, demo_path, tmp_path, capsys, monkeypatch,
                                                 pgpass):
    _add(desk_url, "adm_l", "admin", monkeypatch)
    _add(desk_url, "ann_l", "analyst", monkeypatch)
    name = dbname(desk_url)
    assert main(["desk", "join", pg_cluster.tcp_url(name, "adm_l", "pw-adm_l"), "--db", str(demo_path), "--yes"]) == 0
    b = tmp_path / "b.sqlite"
    assert main(["desk", "join", pg_cluster.tcp_url(name, "ann_l", "pw-ann_l"), "--db", str(b)]) == 0
    capsys.readouterr()
    assert main(["desk", "lease", "latest", "--db", str(demo_path)]) == 0
    assert "you hold issue" in capsys.readouterr().out
    assert main(["desk", "lease", "latest", "--db", str(b)]) == 1
    assert "being edited by adm_l" in capsys.readouterr().err
    assert main(["desk", "release", "latest", "--db", str(demo_path)]) == 0
    assert "lease released" in capsys.readouterr().out
    assert main(["desk", "lease", "latest", "--db", str(b), "--hours", "0"]) == 1
    assert "at most 168 hours" in capsys.readouterr().err
    assert main(["desk", "lease", "latest", "--db", str(b)]) == 0
