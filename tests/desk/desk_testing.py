"""Helpers for the desk tests: desks with users, stores joined to them, table-by-table comparison."""

from __future__ import annotations

import glob
import shutil
import uuid
from pathlib import Path

from workbench.desk import roles
from workbench.desk.config import DeskConfig
from workbench.desk.sync import join, sync
from workbench.store import Store, sync_state


def pg_bin() -> Path | None:
    """The folder of the PostgreSQL server programs (initdb, pg_ctl, pg_dump…), or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def dbname(url: str) -> str:
    return url.split("?")[0].rsplit("/", 1)[-1]


class Desk:
    """An initialised desk in the test cluster, with a helper to make users."""

    def __init__(self, cluster, super_url: str):
        self.cluster = cluster
        self.super_url = super_url
        roles.init_desk(super_url)

    def user(self, role: str, name: str | None = None) -> DeskConfig:
        name = name or f"{role}_{uuid.uuid4().hex[:8]}"
        password = "pw-" + name
        roles.add_user(self.super_url, name, role, password)
        return DeskConfig(self.cluster.tcp_url(dbname(self.super_url), name), password)

    def join(self, path, config: DeskConfig, yes: bool = True):
        store = Store(path)
        join(store, config.url, password=config.password, confirm=lambda plan: yes)
        return store


def sync_as(store: Store, config: DeskConfig, **kw):
    return sync(store, config, **kw)


def local_tables(store: Store) -> dict[str, dict]:
    """Every shared table of a store as {key: image}."""
    return {t: sync_state.all_images(store, t) for t in sync_state.TABLES}


def server_tables(super_url: str) -> dict[str, dict]:
    import psycopg

    out: dict[str, dict] = {t: {} for t in sync_state.TABLES}
    with psycopg.connect(super_url) as conn:
        # every table's current rows (a desk before schema v4 kept them all in desk.rows)
        current = "desk.current" if conn.execute("SELECT to_regclass('desk.current')").fetchone()[0] else "desk.rows"
        for tbl, key, data in conn.execute(f"SELECT tbl, key, data FROM {current} WHERE data IS NOT NULL "
                                           "UNION ALL SELECT tbl, key, data FROM desk.records"):
            out[tbl][key] = data
    return out


def normalised(tables: dict[str, dict]) -> dict[str, dict]:
    """JSON round trip so that local images (tuples, bytes as base64 markers) compare with the server's."""
    import json

    return json.loads(json.dumps(tables, ensure_ascii=False, sort_keys=True))


def long_workbook(path, rows):
    """An .xlsx of a weekly export in the long layout (ticker, name, period, metric, value), sheet 盈利预测."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "盈利预测"
    ws.append(["ticker", "name", "period", "metric", "value"])
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def trace_output(capsys, db, *fact) -> list[str]:
    """``workbench trace FACT --db DB``'s lines (the command must succeed)."""
    from workbench.cli import main

    capsys.readouterr()
    assert main(["trace", *fact, "--db", str(db)]) == 0
    return capsys.readouterr().out.splitlines()


def desk_with_demo(pg_cluster, desk_db, demo_path, folder) -> "Desk":
    """A desk holding the demo data, pushed by an administrator's store (a copy of the demo in ``folder``)."""
    import shutil

    desk = Desk(pg_cluster, desk_db)
    admin = desk.user("admin")
    shutil.copy(demo_path, folder / "admin.sqlite")
    desk.join(folder / "admin.sqlite", admin).close()
    return desk


def shared_records(path) -> dict:
    """A store's house, analysts and issues and its workstation id, read with sqlite3."""
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        return {
            "house": {"house": conn.execute("SELECT name_zh, licence FROM house").fetchone()},
            "analysts": {u: (n, s) for u, n, s in conn.execute("SELECT uid, name, sac_no FROM analysts")},
            "issues": {u: (h, s) for u, h, s in conn.execute("SELECT uid, headline, status FROM issues")},
            "ws": conn.execute("SELECT value FROM settings WHERE key = 'workstation_id'").fetchone()[0],
        }
    finally:
        conn.close()


def desk_shared_records(super_url) -> dict:
    """The house, analysts and issues as the desk holds them now, and each workstation's owner (read
    with psycopg), as ``shared_records`` reads a store."""
    import psycopg

    with psycopg.connect(super_url) as su:
        rows = su.execute("SELECT tbl, key, data FROM desk.current WHERE tbl IN ('house', 'analysts', 'issues') "
                          "AND data IS NOT NULL").fetchall()
        owners = dict(su.execute("SELECT ws, by FROM desk.workstations").fetchall())
    out = {"house": {}, "analysts": {}, "issues": {}}
    for tbl, key, d in rows:
        out[tbl][key] = {"house": lambda: (d["name_zh"], d["licence"]),
                         "analysts": lambda: (d["name"], d["sac_no"]),
                         "issues": lambda: (d["headline"], d["status"])}[tbl]()
    return {**out, "owners": owners}


def lose_acknowledgement(monkeypatch, store, config) -> None:
    """A sync whose push the desk commits, the connection dropping before this store records it (the
    sync ends offline; the desk holds the push, the store still counts its changes as pending)."""
    import psycopg
    import pytest

    from workbench.desk import sync as desk_sync
    from workbench.desk.errors import DeskOffline

    def lost(*a, **k):
        raise psycopg.OperationalError("connection lost after commit")

    with monkeypatch.context() as m:
        m.setattr(desk_sync, "_mark_pushed", lost)
        with pytest.raises(DeskOffline):
            sync(store, config)


def psql_session(desk, role):
    """A psql-like session (autocommit) under a new desk user of ``role``, with a workstation id of that
    user's own: ``(connection, ws)``."""
    import psycopg

    name = f"u_{role}_{uuid.uuid4().hex[:8]}"
    roles.add_user(desk.super_url, name, role, "pw-" + name)
    conn = psycopg.connect(desk.cluster.tcp_url(dbname(desk.super_url), name, "pw-" + name), autocommit=True)
    ws = f"ws-{name}"
    conn.execute("INSERT INTO desk.workstations (ws, last_seq) VALUES (%s, 0)", [ws])
    return conn, ws


def note_tickers(store, text: str) -> list[str]:
    """The companies the note with this text names in a store, read with plain SQL."""
    return [t for (t,) in store.db.execute(
        "SELECT nc.ticker FROM notes n JOIN note_companies nc ON nc.note_id = n.id WHERE n.text = ? ORDER BY nc.ticker",
        [text])]


def desk_note(desk, text: str) -> dict:
    """The note with this text as the desk holds it (read as the superuser): its tickers, owner, writer, ws."""
    import psycopg

    with psycopg.connect(desk.super_url) as conn:
        row = conn.execute("SELECT data->'tickers', owner, writer, ws FROM desk.rows WHERE tbl = 'notes' "
                           "AND data->>'text' = %s", [text]).fetchone()
    return dict(zip(("tickers", "owner", "writer", "ws"), row))


def same_everywhere(desk, *stores) -> None:
    """Every store equals the desk, table by table."""
    on_desk = normalised(server_tables(desk.super_url))
    for store in stores:
        assert normalised(local_tables(store)) == on_desk


def user_of(config) -> str:
    """The desk user a workstation's settings name."""
    import psycopg

    return psycopg.conninfo.conninfo_to_dict(config.url)["user"]
