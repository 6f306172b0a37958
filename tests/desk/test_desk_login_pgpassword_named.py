"""A login refused while PGPASSWORD is set: libpq takes it before the saved password file, and the
refusal says so; the same saved file logs in once PGPASSWORD is unset."""

from __future__ import annotations

import pytest

from desk_testing import Desk
from workbench.desk.config import write_pgpass
from workbench.desk.connection import LoginRefused, connect


def test_a_refusal_under_pgpassword_names_it_as_overriding_the_saved_file(pg_cluster, desk_db, tmp_path, monkeypatch):
    desk = Desk(pg_cluster, desk_db)
    user = desk.user("analyst")
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "pgpass"))
    write_pgpass(user.url, user.password)  # the saved password file holds the right password
    monkeypatch.delenv("PGPASSWORD", raising=False)
    with connect(user.url) as conn:  # the truth: the file alone logs in
        assert conn.execute("SELECT current_user").fetchone()[0] == user.url.split("//")[1].split("@")[0]

    monkeypatch.setenv("PGPASSWORD", "an-old-password")
    with pytest.raises(LoginRefused) as refused:
        with connect(user.url):
            pass
    text = refused.value.message if hasattr(refused.value, "message") else str(refused.value)
    assert "PGPASSWORD" in text and "密码文件" in text and "password file" in text
    assert "PGPASSWORD" in refused.value.on_first_join().message


def test_a_refusal_without_pgpassword_does_not_name_it(pg_cluster, desk_db, tmp_path, monkeypatch):
    desk = Desk(pg_cluster, desk_db)
    user = desk.user("analyst")
    monkeypatch.delenv("PGPASSWORD", raising=False)
    with pytest.raises(LoginRefused) as refused:
        with connect(user.url, "a-wrong-password"):
            pass
    assert "PGPASSWORD" not in str(refused.value)
    # a password given outright is the one used, whatever the environment says
    monkeypatch.setenv("PGPASSWORD", "an-old-password")
    with pytest.raises(LoginRefused) as refused:
        with connect(user.url, "a-wrong-password"):
            pass
    assert "PGPASSWORD" not in str(refused.value)
