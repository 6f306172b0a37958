"""`workbench index unmerge --list`: each merge's time in the local zone (as `trace` shows times)
and who made it, a merge made on the command line included (real processes; the truth is the
change log read with sqlite3, its times converted here with zoneinfo)."""

from __future__ import annotations

import os
import pwd
import sqlite3
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from workbench.store import Store


def _merges(path):
    """The merge batches as the change log holds them: {batch id: (at, by)}."""
    conn = sqlite3.connect(path)
    try:
        return {r[0]: (r[1], r[2]) for r in conn.execute(
            "SELECT b.id, b.at, b.by FROM change_batches b JOIN change_log l ON l.batch_id = b.id "
            "WHERE b.origin = 'merge' AND l.entity = 'indices' AND l.op = 'delete'")}
    finally:
        conn.close()


def _local(at, zone):
    return datetime.fromisoformat(at).astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M:%S")


def _listed(stdout):
    """{batch id: (time, by)} from the listing's lines."""
    out = {}
    for line in stdout.strip().splitlines()[1:]:
        cells = line.split("\t")
        out[int(cells[0].removeprefix("批次 batch "))] = (cells[1], cells[2])
    return out


@pytest.fixture
def two_indices(tmp_path):
    db = tmp_path / "s.sqlite"
    with Store(db) as s:
        keep = s.upsert_index("沪深300", None)
        drop = s.upsert_index("沪深300指数", "000300.SH")
        s.write_quotes([(keep, "2024-12-20", 3927.61, None, "Wind"), (drop, "2024-12-27", 3981.03, 0.0136, "Wind")])
    return db


def test_the_list_shows_local_times_and_who_merged(cli, two_indices, monkeypatch):
    db = two_indices
    out = cli("index", "merge", "沪深300", "沪深300指数", "--db", db, env={"TZ": "UTC", "USER": "analyst1"})
    assert out.returncode == 0, out.stderr
    assert cli("index", "unmerge", "沪深300指数", "--db", db).returncode == 0
    # again from a workstation in Shanghai, where the login name is not in the environment
    for name in ("USER", "USERNAME", "LOGNAME", "LNAME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    out = cli("index", "merge", "沪深300", "沪深300指数", "--db", db)
    assert out.returncode == 0, out.stderr
    monkeypatch.undo()

    logged = _merges(db)
    assert len(logged) == 2
    first, second = sorted(logged)
    assert logged[first][0].endswith("+00:00") and logged[second][0].endswith("+08:00")  # as the writers stored them
    assert logged[first][1] == "analyst1"
    assert logged[second][1] == pwd.getpwuid(os.getuid()).pw_name  # the operating system's login name

    for zone in ("America/New_York", "Asia/Shanghai"):
        out = cli("index", "unmerge", "--list", "--db", db, env={"TZ": zone})
        assert out.returncode == 0, out.stderr
        assert _listed(out.stdout) == {b: (_local(at, zone), by) for b, (at, by) in logged.items()}


def test_a_merge_on_a_store_that_joined_a_desk_is_the_desk_users(cli, two_indices):
    db = two_indices
    url = "postgresql://desk_wang@127.0.0.1:1/desk"
    with Store(db) as s:
        s.set_setting("desk.url", url)
    out = cli("index", "merge", "沪深300", "沪深300指数", "--db", db, env={"USER": "analyst1", "TZ": "UTC"})
    assert out.returncode == 0, out.stderr
    ((at, by),) = _merges(db).values()
    assert by == "desk_wang"  # the user the desk's address names
    listed = cli("index", "unmerge", "--list", "--db", db, env={"TZ": "UTC"})
    assert list(_listed(listed.stdout).values()) == [(_local(at, "UTC"), "desk_wang")]
