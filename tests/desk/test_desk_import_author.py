"""On a store that joined a desk, an import is credited to the desk user, as every other write is (the
app's edits, status changes, notes): the same person on every workstation's `trace`, never the
operating-system login on one and the desk user on the others.

Against the real PostgreSQL the tests start; the truth is the change log read with sqlite3."""

from __future__ import annotations

import sqlite3

from desk_testing import Desk

from workbench.cli import main
from workbench.desk.sync import sync


def _import_by(path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return [r[0] for r in conn.execute("SELECT by FROM change_batches WHERE origin = 'import' AND file LIKE '%f.csv' "
                                           "ORDER BY id")]


def test_an_import_on_a_joined_store_is_the_desk_users(pg_cluster, desk_db, demo_path, tmp_path, monkeypatch, capsys):
    desk = Desk(pg_cluster, desk_db)
    desk.join(demo_path, desk.user("admin")).close()
    ca, cb = desk.user("analyst"), desk.user("analyst")
    a_path, b_path = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    desk.join(a_path, ca).close()
    desk.join(b_path, cb).close()
    monkeypatch.setenv("USER", "oslogin")
    src = tmp_path / "f.csv"
    src.write_text("证券代码,证券简称,营业收入(亿元)2024三季报\n300493.SZ,润欣科技,29.55\n", encoding="utf-8")
    assert main(["import", str(src), "--db", str(a_path), "--as-of", "2024-12-30"]) == 0
    assert _import_by(a_path) == [ca.user]
    from workbench.store import Store

    with Store(a_path) as a:
        sync(a, ca)
    with Store(b_path) as b:
        sync(b, cb)
    capsys.readouterr()
    for path in (a_path, b_path):
        assert main(["trace", "300493.SZ", "revenue", "2024Q1-Q3", "--db", str(path)]) == 0
        last = capsys.readouterr().out.strip().splitlines()[-1]
        assert ca.user in last and "oslogin" not in last, last


def test_without_a_desk_an_import_is_the_login_name(demo_path, tmp_path, monkeypatch):
    monkeypatch.setenv("USER", "oslogin")
    src = tmp_path / "f.csv"
    src.write_text("证券代码,证券简称,营业收入(亿元)2024三季报\n300493.SZ,润欣科技,29.55\n", encoding="utf-8")
    assert main(["import", str(src), "--db", str(demo_path), "--as-of", "2024-12-30"]) == 0
    assert _import_by(demo_path) == ["oslogin"]
