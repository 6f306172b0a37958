"""A `desk join` that is refused (the desk already holds the store's week under another identity)
or declined says "数据未改变 (store unchanged)": the store's tables, its settings included, are as
they were, byte for byte in an SQL dump. Against a real PostgreSQL desk."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

import psycopg  # noqa: F401  (a dependency: never skipped)

from desk_testing import desk_with_demo
from workbench.cli import main
from workbench.desk import sync as desk_sync
from workbench.desk.errors import DeskError
from workbench.store import Store


def _dump(path) -> list[str]:
    """Every table of the store file as SQL (read by another connection: what is committed)."""
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def _settings(path) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT key, value FROM settings ORDER BY key").fetchall()
    finally:
        conn.close()


@pytest.fixture
def desk_and_demo(pg_cluster, desk_db, demo_path, tmp_path):
    """A desk holding the demo's week (pushed by an administrator), a user, and another copy of
    the demo, its issue of that week made under another identity."""
    folder = tmp_path / "desk"
    folder.mkdir()
    desk = desk_with_demo(pg_cluster, desk_db, demo_path, folder)
    other = tmp_path / "d.sqlite"
    from workbench.demo import build_demo

    build_demo(other)  # (a demo built again: its issue has a uid of its own)
    Store(other).close()  # (opened once: whatever opening writes is done before the "before")
    return desk, desk.user("analyst"), other


def test_a_join_refused_for_a_taken_week_leaves_the_store_unchanged(desk_and_demo):
    desk, user, path = desk_and_demo
    before, settings = _dump(path), _settings(path)
    store = Store(path)
    try:
        with pytest.raises(desk_sync.IssueTaken) as refused:
            desk_sync.join(store, user.url, password=user.password, confirm=lambda plan: True)
    finally:
        store.close()
    assert "数据未改变" in str(refused.value)
    assert _settings(path) == settings  # (no desk id either)
    assert _dump(path) == before


def test_the_command_lines_refused_join_leaves_the_store_unchanged(desk_and_demo, capsys, monkeypatch):
    desk, user, path = desk_and_demo
    monkeypatch.setenv("WORKBENCH_DESK_PASSWORD", user.password)
    before = _dump(path)
    assert main(["desk", "join", user.url, "--db", str(path), "--yes"]) == 1
    assert "数据未改变" in capsys.readouterr().err
    assert _dump(path) == before


def test_a_declined_join_leaves_the_store_unchanged(pg_cluster, desk_db, demo_path, tmp_path):
    folder = tmp_path / "desk"
    folder.mkdir()
    desk = desk_with_demo(pg_cluster, desk_db, demo_path, folder)
    path = tmp_path / "e.sqlite"
    shutil.copy(demo_path, path)
    Store(path).close()
    before = _dump(path)
    user = desk.user("analyst")
    store = Store(path)
    try:
        with pytest.raises(DeskError, match="cancelled"):
            desk_sync.join(store, user.url, password=user.password, confirm=lambda plan: False)
    finally:
        store.close()
    assert _dump(path) == before
