"""Where the desk's URL and password live: never a password in the store or its settings; libpq's
password file written owner-only, with its own escaping; status figures for the app."""

from __future__ import annotations

import os
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


# ---------------------------------------------------------------- the OS keyring
def _memory_keyring():
    """An OS keyring stand-in: a dict, with a usable priority (as a real backend would have)."""
    from keyring.backend import KeyringBackend
    from keyring.errors import KeyringLocked, PasswordSetError

    class MemoryKeyring(KeyringBackend):
        priority = 5

        def __init__(self):
            super().__init__()
            self.items: dict[tuple[str, str], str] = {}
            self.locked = False

        def get_password(self, service, username):
            if self.locked:
                raise KeyringLocked("locked")
            return self.items.get((service, username))

        def set_password(self, service, username, password):
            if self.locked:
                raise PasswordSetError("locked")
            self.items[(service, username)] = password

        def delete_password(self, service, username):
            self.items.pop((service, username), None)

    return MemoryKeyring()


@pytest.fixture
def ring(monkeypatch, tmp_path):
    """A working in-memory keyring as the process's backend (the previous one restored after)."""
    import keyring  # a dependency of the desk's password handling: never skipped

    before = keyring.get_keyring()
    backend = _memory_keyring()
    keyring.set_keyring(backend)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "pgpass"))
    monkeypatch.delenv("WORKBENCH_DESK_PASSWORD", raising=False)
    yield backend
    keyring.set_keyring(before)


URL = "postgresql://zhang@desk.example:5433/desk"


def test_a_working_keyring_keeps_the_password_and_no_file_is_written(ring, tmp_path):
    where = config.remember_password(URL, "s3cret")
    assert "keyring" in where
    assert ring.items == {(config.KEYRING_SERVICE, URL): "s3cret"}
    assert not (tmp_path / "pgpass").exists()
    assert config.password_for(URL) == "s3cret"
    assert config.password_for("postgresql://li@desk.example:5433/desk") is None  # keyed by user and desk


def test_the_environment_wins_over_the_keyring(ring, monkeypatch):
    config.remember_password(URL, "from-ring")
    monkeypatch.setenv("WORKBENCH_DESK_PASSWORD", "from-env")
    assert config.password_for(URL) == "from-env"


def test_a_locked_keyring_falls_back_to_the_password_file(ring, tmp_path):
    ring.locked = True
    where = config.remember_password(URL, "pw")
    assert "pgpass" in where and ring.items == {}
    assert (tmp_path / "pgpass").read_text() == "desk.example:5433:desk:zhang:pw\n"
    assert stat.S_IMODE((tmp_path / "pgpass").stat().st_mode) == 0o600
    assert config.password_for(URL) is None  # libpq reads its file itself


def test_a_keyring_with_no_backend_is_not_used(ring, tmp_path):
    import keyring
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())
    assert config._keyring() is None
    assert "pgpass" in config.remember_password(URL, "pw")
    assert (tmp_path / "pgpass").exists()


def test_join_with_a_keyring_keeps_the_password_out_of_store_and_files(ring, pg_cluster, desk_db, tmp_path):
    from desk_testing import Desk

    from workbench.desk.sync import join, sync
    from workbench.store import Store

    desk = Desk(pg_cluster, desk_db)
    user = desk.user("analyst")
    clean, _ = config.split_password(user.url)
    config.remember_password(clean, user.password)
    path = tmp_path / "ws.sqlite"
    with Store(path) as store:
        join(store, clean)  # no password given: it comes from the keyring
        assert sync(store).pushed == 0  # and again for a plain sync with the stored URL
        assert store.get_setting("desk.url") == clean
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert user.password.encode() not in path.read_bytes()
    assert not (tmp_path / "pgpass").exists()


# ---------------------------------------------------------------- libpq's password file
def test_windows_password_file_is_in_appdata(monkeypatch, tmp_path):
    monkeypatch.delenv("PGPASSFILE", raising=False)
    monkeypatch.setattr(config.sys, "platform", "win32")
    monkeypatch.setenv("APPDATA", str(tmp_path / "Roaming"))
    assert config.pgpass_path() == tmp_path / "Roaming" / "postgresql" / "pgpass.conf"
    # libpq's own folder is made when the first password is written
    written = config.write_pgpass(URL, "pw")
    assert written == tmp_path / "Roaming" / "postgresql" / "pgpass.conf"
    assert written.read_text() == "desk.example:5433:desk:zhang:pw\n"


def test_windows_without_appdata_uses_the_roaming_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("PGPASSFILE", raising=False)
    monkeypatch.delenv("APPDATA", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("USERPROFILE", str(tmp_path))
    monkeypatch.setattr(config.sys, "platform", "win32")
    assert config.pgpass_path() == tmp_path / "AppData" / "Roaming" / "postgresql" / "pgpass.conf"


def test_pgpassfile_wins_on_every_platform(monkeypatch, tmp_path):
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "custom"))
    monkeypatch.setenv("APPDATA", str(tmp_path / "Roaming"))
    for platform in ("win32", "linux", "darwin"):
        monkeypatch.setattr(config.sys, "platform", platform)
        assert config.pgpass_path() == tmp_path / "custom"


def test_unix_password_file_is_in_home(monkeypatch, tmp_path):
    monkeypatch.delenv("PGPASSFILE", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr(config.sys, "platform", "linux")
    assert config.pgpass_path() == tmp_path / ".pgpass"


def test_a_loose_password_file_is_made_owner_only(tmp_path, monkeypatch):
    path = tmp_path / "pgpass"
    monkeypatch.setenv("PGPASSFILE", str(path))
    path.write_text("other:5432:db:someone:keep-me\n")
    path.chmod(0o644)
    config.write_pgpass(URL, "pw")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text().splitlines()[0] == "other:5432:db:someone:keep-me"


def test_libpq_logs_in_from_the_file_only_while_it_is_owner_only(pg_cluster, desk_db, tmp_path, monkeypatch):
    """The permission rule checked against libpq itself: it ignores a file others can read."""
    if os.name != "posix":
        pytest.skip("libpq checks the password file's permissions on Unix only")
    import psycopg
    from desk_testing import Desk

    desk = Desk(pg_cluster, desk_db)
    user = desk.user("analyst")
    path = tmp_path / "pgpass"
    monkeypatch.setenv("PGPASSFILE", str(path))
    config.write_pgpass(user.url, user.password)
    with psycopg.connect(user.url, connect_timeout=5) as conn:  # no password given: libpq read the file
        assert conn.execute("SELECT current_user").fetchone()[0] == user.user
    path.chmod(0o644)
    with pytest.raises(psycopg.OperationalError, match="password"):
        psycopg.connect(user.url, connect_timeout=5)
