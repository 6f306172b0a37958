"""Desk users are the PostgreSQL server's login roles, shared by all its databases: `desk user add`
of an existing login says it changed it, and refuses to change its role (on every desk of the
server) or to take over a login that is no desk user unless --force. Against a real cluster."""

from __future__ import annotations

import uuid

import psycopg

from workbench.cli import main
from workbench.desk.roles import GROUPS


def _add(capsys, monkeypatch, url, name, role, *extra, password=None):
    monkeypatch.setenv("WORKBENCH_DESK_PASSWORD", password or f"pw-{name}")
    capsys.readouterr()
    code = main(["desk", "user", "add", name, "--role", role, "--url", url, *extra])
    out = capsys.readouterr()
    return code, out.out, out.err


def _groups(url, name):
    with psycopg.connect(url) as conn:
        return {r for r, g in GROUPS.items()
                if conn.execute("SELECT pg_has_role(%s, %s, 'MEMBER')", [name, g]).fetchone()[0]}


def _logs_in(pg_cluster, url, name, password):
    try:
        psycopg.connect(pg_cluster.tcp_url(url.split("?")[0].rsplit("/", 1)[-1], name, password)).close()
    except psycopg.OperationalError:
        return False
    return True


def test_user_add_of_an_existing_login_says_changed_and_refuses_a_role_change(pg_cluster, desk_db, capsys,
                                                                            monkeypatch):
    assert main(["desk", "init", desk_db]) == 0
    name = f"carol_{uuid.uuid4().hex[:6]}"
    code, out, _ = _add(capsys, monkeypatch, desk_db, name, "editor")
    assert code == 0 and "added" in out

    code, out, _ = _add(capsys, monkeypatch, desk_db, name, "editor", password="new-pw")
    assert code == 0 and "changed" in out and "added" not in out
    assert _logs_in(pg_cluster, desk_db, name, "new-pw")

    # another role: every desk on the server would see it; refused, nothing changed
    code, out, err = _add(capsys, monkeypatch, desk_db, name, "analyst", password="third-pw")
    assert code == 1 and "--force" in err and "editor" in err and "Traceback" not in err
    assert _groups(desk_db, name) == {"analyst", "editor"}  # (an editor holds the analyst group)
    assert _logs_in(pg_cluster, desk_db, name, "new-pw") and not _logs_in(pg_cluster, desk_db, name, "third-pw")

    code, out, _ = _add(capsys, monkeypatch, desk_db, name, "analyst", "--force", password="third-pw")
    assert code == 0 and "changed" in out
    assert _groups(desk_db, name) == {"analyst"}


def test_user_add_refuses_to_take_over_a_login_that_is_no_desk_user(pg_cluster, desk_db, capsys, monkeypatch):
    assert main(["desk", "init", desk_db]) == 0
    name = f"app_{uuid.uuid4().hex[:6]}"
    with psycopg.connect(desk_db, autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {name} LOGIN PASSWORD 'theirs'")
    code, out, err = _add(capsys, monkeypatch, desk_db, name, "analyst")
    assert code == 1 and "--force" in err
    assert _groups(desk_db, name) == set()
    assert _logs_in(pg_cluster, desk_db, name, "theirs")
