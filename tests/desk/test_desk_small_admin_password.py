"""`desk user add` takes the new user's password from WORKBENCH_DESK_PASSWORD, and never logs the
administrator in with it: the administrator's own password comes from the URL, the password file,
the keyring or WORKBENCH_DESK_ADMIN_PASSWORD. Against a real cluster (password logins over TCP)."""

from __future__ import annotations

import uuid

import psycopg
import pytest

from workbench.cli import main

pytestmark = pytest.mark.usefixtures("private_password_file")


def _admin(pg_cluster, desk_db):
    """An administrator of a fresh desk (a superuser, password ``boss-pw``) and its
    URL with no password in it."""
    assert main(["desk", "init", desk_db]) == 0
    name = f"boss_{uuid.uuid4().hex[:6]}"
    with psycopg.connect(desk_db, autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {name} LOGIN SUPERUSER PASSWORD 'boss-pw'")
    return name, pg_cluster.tcp_url(desk_db.split("?")[0].rsplit("/", 1)[-1], name)


def _logs_in(url, password):
    try:
        psycopg.connect(url, password=password).close()
    except psycopg.OperationalError:
        return False
    return True


def _user_url(admin_url, admin, name):
    return admin_url.replace(f"{admin}@", f"{name}@")


def test_the_new_users_password_is_not_the_administrators_login(pg_cluster, desk_db, monkeypatch, capsys,
                                                                private_password_file):
    admin, url = _admin(pg_cluster, desk_db)
    host, port, db = "127.0.0.1", pg_cluster.port, url.rsplit("/", 1)[-1]
    private_password_file.write_text(f"{host}:{port}:{db}:{admin}:boss-pw\n", encoding="utf-8")
    private_password_file.chmod(0o600)
    monkeypatch.setenv("WORKBENCH_DESK_PASSWORD", "newbie-pw")
    name = f"newbie_{uuid.uuid4().hex[:6]}"
    capsys.readouterr()
    code = main(["desk", "user", "add", name, "--role", "analyst", "--url", url])
    out = capsys.readouterr()
    assert code == 0, out.err
    assert _logs_in(_user_url(url, admin, name), "newbie-pw")
    assert not _logs_in(_user_url(url, admin, name), "boss-pw")


def test_the_administrators_password_from_its_own_variable(pg_cluster, desk_db, monkeypatch, capsys):
    admin, url = _admin(pg_cluster, desk_db)
    monkeypatch.setenv("WORKBENCH_DESK_PASSWORD", "newbie-pw")
    monkeypatch.setenv("WORKBENCH_DESK_ADMIN_PASSWORD", "boss-pw")
    name = f"newbie_{uuid.uuid4().hex[:6]}"
    capsys.readouterr()
    assert main(["desk", "user", "add", name, "--role", "editor", "--url", url]) == 0, capsys.readouterr().err
    assert _logs_in(_user_url(url, admin, name), "newbie-pw")


def test_no_administrator_password_is_refused_without_trying_the_new_users(pg_cluster, desk_db, monkeypatch,
                                                                          capsys):
    admin, url = _admin(pg_cluster, desk_db)
    # the new user's password is the administrator's too: still never used to log the administrator in
    monkeypatch.setenv("WORKBENCH_DESK_PASSWORD", "boss-pw")
    name = f"newbie_{uuid.uuid4().hex[:6]}"
    capsys.readouterr()
    code = main(["desk", "user", "add", name, "--role", "analyst", "--url", url])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert "WORKBENCH_DESK_ADMIN_PASSWORD" in err and "no password" in err
    with psycopg.connect(desk_db) as conn:
        assert conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [name]).fetchone() is None
