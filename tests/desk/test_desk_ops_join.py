"""Joining and logging in, when it goes wrong: no saved password says to join again (not libpq's
words); a failed join leaves no new store file behind; a desk user who may not add users is told
so before being asked for the new user's password. Against a real PostgreSQL (the desk tests' cluster)."""

from __future__ import annotations

import pytest

from desk_testing import Desk

from workbench.cli import main


pytestmark = pytest.mark.usefixtures("private_password_file")  # libpq's password file in the test's folder


@pytest.fixture
def desk(pg_cluster, desk_db, tmp_path):
    d = Desk(pg_cluster, desk_db)
    d.join(tmp_path / "admin.sqlite", d.user("admin")).close()
    return d


def test_no_saved_password_says_to_join_again(desk, tmp_path, private_password_file, capsys):
    analyst = desk.user("analyst")
    desk.join(tmp_path / "a.sqlite", analyst).close()
    assert not private_password_file.exists()  # joined with the password given, none saved
    capsys.readouterr()
    assert main(["sync", "--db", str(tmp_path / "a.sqlite")]) == 1
    err = capsys.readouterr().err
    assert "workbench desk join" in err
    assert "fe_sendauth" not in err and "Traceback" not in err


def _with_password(url: str, password: str) -> str:
    user = url.split("//", 1)[1].split("@", 1)[0]
    return url.replace(f"//{user}@", f"//{user}:{password}@", 1)


@pytest.mark.parametrize("why", ["wrong password", "no saved password", "unreachable"])
def test_a_failed_join_leaves_no_new_store_file(desk, tmp_path, why, capsys):
    import socket

    analyst = desk.user("analyst")
    if why == "wrong password":
        url = _with_password(analyst.url, "not-the-password")
    elif why == "no saved password":
        url = analyst.url
    else:
        with socket.socket() as s:  # a port nobody listens on
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        url = _with_password(analyst.url.replace(f":{desk.cluster.port}/", f":{port}/"), analyst.password)
    new = tmp_path / "new.sqlite"
    assert main(["desk", "join", url, "--db", str(new)]) == 1
    assert "Traceback" not in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("new.sqlite")) == []


def test_a_failed_join_keeps_a_store_that_was_there(desk, tmp_path, demo_path):
    import hashlib

    analyst = desk.user("analyst")
    before = hashlib.sha256(demo_path.read_bytes()).hexdigest()
    assert main(["desk", "join", _with_password(analyst.url, "not-the-password"), "--db", str(demo_path)]) == 1
    assert demo_path.exists() and hashlib.sha256(demo_path.read_bytes()).hexdigest() == before


def test_user_add_by_a_non_admin_is_refused_before_the_password_is_asked(desk, monkeypatch, capsys):
    import getpass
    import sys

    analyst = desk.user("analyst")
    asked = []
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": asked.append(prompt) or "secret-1")
    code = main(["desk", "user", "add", "newbie", "--role", "analyst",
                 "--url", _with_password(analyst.url, analyst.password)])
    err = capsys.readouterr().err
    assert code == 1
    assert "not allowed" in err and "Traceback" not in err
    assert asked == []  # refused before asking for the new user's password
