"""Joining and logging in, when it goes wrong: no saved password says to join again (not libpq's
words); a failed join leaves no new store file behind; a desk user who may not add users is told
so before being asked for the new user's password. Against a real PostgreSQL (the desk tests' cluster)."""

from __future__ import annotations

import pytest

from desk_testing import Desk

from workbench.cli import main


@pytest.fixture(autouse=True)
def private_password_file(tmp_path, monkeypatch):
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "pgpass"))
    monkeypatch.delenv("WORKBENCH_DESK_PASSWORD", raising=False)
    monkeypatch.setattr("workbench.desk.config._keyring", lambda: None)
    return tmp_path / "pgpass"


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
