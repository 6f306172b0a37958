"""Where the desk's URL and password live: never a password in the store or its settings; libpq's
password file written owner-only, with its own escaping; status figures for the app."""

from __future__ import annotations

import stat

import pytest

from workbench.desk import config
from workbench.desk.errors import DeskError
from workbench.desk.sync import desk_status


def test_split_password_takes_the_password_out():
    assert config.split_password("postgresql://zhang:s3cr%40t@desk.example:5433/desk?sslmode=verify-full") == (
        "postgresql://zhang@desk.example:5433/desk?sslmode=verify-full", "s3cr@t")
    assert config.split_password("postgresql://zhang@desk/desk") == ("postgresql://zhang@desk/desk", None)


def test_a_url_that_is_not_postgresql_is_refused():
    with pytest.raises(DeskError, match="postgresql://"):
        config.split_password("http://zhang:pw@desk/desk")


def test_save_refuses_a_url_with_a_password(store):
    with pytest.raises(DeskError, match="never kept"):
        config.save(store, "postgresql://zhang:pw@desk/desk")
    assert store.get_setting("desk.url") is None
    config.save(store, "postgresql://zhang@desk/desk")
    assert store.get_setting("desk.url") == "postgresql://zhang@desk/desk"


def test_pgpass_is_owner_only_and_escaped(tmp_path, monkeypatch):
    path = tmp_path / "pgpass"
    monkeypatch.setenv("PGPASSFILE", str(path))
    path.write_text("other:5432:db:someone:keep-me\n")
    config.write_pgpass("postgresql://zhang@desk.example:5433/desk", r"a:b\c")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text().splitlines() == ["other:5432:db:someone:keep-me",
                                            r"desk.example:5433:desk:zhang:a\:b\\c"]
    # a new password replaces the old line, not adds a second
    config.write_pgpass("postgresql://zhang@desk.example:5433/desk", "new")
    assert path.read_text().splitlines() == ["other:5432:db:someone:keep-me", "desk.example:5433:desk:zhang:new"]


def test_environment_password_wins(monkeypatch):
    monkeypatch.setenv("WORKBENCH_DESK_PASSWORD", "from-env")
    assert config.password_for("postgresql://zhang@desk/desk") == "from-env"


def test_remember_password_without_a_keyring_uses_the_password_file(tmp_path, monkeypatch):
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "pgpass"))
    monkeypatch.setattr(config, "_keyring", lambda: None)
    where = config.remember_password("postgresql://zhang@desk/desk", "pw")
    assert "pgpass" in where
    assert (tmp_path / "pgpass").read_text() == "desk:5432:desk:zhang:pw\n"


def test_status_of_a_local_store(store):
    s = desk_status(store)
    assert (s["url"], s["pending"], s["conflicts"], s["last_sync"]) == (None, 0, 0, None)


def test_status_counts_pending_changes_once_joined(store):
    store.upsert_companies([{"ticker": "688608.SH", "name": "恒玄科技"}])
    config.save(store, "postgresql://zhang@desk/desk")
    store.set_setting("desk.pushed_seq", str(store.last_seq()))
    store.set_fact("688608.SH", "revenue", "2023A", 2.0e9)
    store.set_fact("688608.SH", "revenue", "2023A", 2.1e9)  # the same row twice: one pending change
    store.add_note("小米万卡集群", date="2024-12-26")
    assert desk_status(store)["pending"] == 2
