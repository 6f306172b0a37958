"""`workbench sync` day to day: a dry run writes nothing at all (not even a copied store's new
identity), and what a sync notices (a copy re-identified, everything pulled again after a prune) is
printed with its counts. Against a real PostgreSQL (the desk tests' cluster)."""

from __future__ import annotations

import hashlib
import shutil

import pytest

from desk_testing import Desk

from workbench.cli import main
from workbench.desk.config import write_pgpass
from workbench.store import Store


pytestmark = pytest.mark.usefixtures("private_password_file")  # libpq's password file in the test's folder


@pytest.fixture
def copied(pg_cluster, desk_db, tmp_path):
    """A joined analyst's store (closed) and a byte-for-byte copy of it in another file."""
    desk = Desk(pg_cluster, desk_db)
    admin = desk.user("admin")
    desk.join(tmp_path / "admin.sqlite", admin).close()
    analyst = desk.user("analyst")
    original = tmp_path / "a.sqlite"
    with desk.join(original, analyst) as store:
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    write_pgpass(analyst.url, analyst.password)
    copy = tmp_path / "copy.sqlite"
    shutil.copyfile(original, copy)
    return desk, original, copy


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _workstation(path) -> str:
    with Store(path) as store:
        return store.workstation_id()


def test_a_dry_run_of_a_copied_store_writes_nothing(copied, capsys):
    _, original, copy = copied
    before, ws = _digest(copy), _workstation(original)
    assert _workstation(copy) == ws  # a copy carries its original's identity
    assert _digest(copy) == before
    capsys.readouterr()
    assert main(["sync", "--dry-run", "--db", str(copy)]) == 0
    out = capsys.readouterr().out
    assert _digest(copy) == before  # not a byte changed
    assert _workstation(copy) == ws
    assert "试运行" in out and "dry run" in out
    assert "would be re-identified" in out  # what the real sync will do is said


def test_sync_prints_what_it_noticed(copied, capsys):
    _, original, copy = copied
    ws = _workstation(original)
    capsys.readouterr()
    assert main(["sync", "--db", str(copy)]) == 0
    out = capsys.readouterr().out
    assert _workstation(copy) != ws  # the copy syncs as a new workstation
    assert "re-identified as a new workstation" in out
    assert "推送 pushed" in out


def test_a_refused_change_is_counted_once(pg_cluster, desk_db, demo_path, tmp_path):
    from workbench.desk.leases import take_lease
    from workbench.desk.sync import sync
    from workbench.store import sync_state

    desk = Desk(pg_cluster, desk_db)
    desk.join(demo_path, desk.user("admin")).close()
    ca, cb = desk.user("analyst"), desk.user("analyst")
    a, b = desk.join(tmp_path / "a.sqlite", ca), desk.join(tmp_path / "b.sqlite", cb)
    try:
        take_lease(a, "latest", ca)
        issue = b.issue("latest")
        issue.headline = "周观点：乙的改写"  # b edits the draft a holds: the desk refuses it
        b.save_issue(issue)
        r = sync(b, cb)
        assert [c["kind"] for c in sync_state.conflicts(b)] == ["refused"]  # one refusal, listed once
        assert (r.pushed, r.conflicts, r.refused) == (0, 0, 1)
        assert "冲突 conflicts 0, 被拒绝 refused 1" in r.summary()
    finally:
        a.close()
        b.close()
