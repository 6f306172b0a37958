"""`workbench draft-review N` on a joined store respects the draft's lease: while a colleague holds it the
drafted review is not saved (exit 1, naming who holds it, the store unchanged), as the app opens
such a draft read-only; `--print` still prints it; the lease's holder saves as before. Against a
real PostgreSQL desk; the lease read from the desk with psycopg, the store with plain sqlite3."""

from __future__ import annotations

import json
import sqlite3

import psycopg
import pytest

from desk_testing import Desk

from workbench.cli import main
from workbench.desk.leases import take_lease
from workbench.store import Store

pytestmark = pytest.mark.usefixtures("private_password_file")


def _review(path, issue_id) -> str:
    with sqlite3.connect(path) as conn:
        return json.loads(conn.execute("SELECT content FROM issues WHERE id = ?", [issue_id]).fetchone()[0]
                          )["market_review"]


@pytest.fixture
def leased(pg_cluster, desk_db, demo_path, tmp_path):
    """The administrator holds the demo draft's lease; an editor's store joined the same desk."""
    desk = Desk(pg_cluster, desk_db)
    admin, editor = desk.user("admin"), desk.user("editor")
    with desk.join(demo_path, admin) as ad:
        issue_id = ad.issue("latest").id
        assert ad.issue(issue_id).status == "draft"
        take_lease(ad, issue_id, config=admin)
    path = tmp_path / "editor.sqlite"
    with desk.join(path, editor) as ed:  # an old review, for draft-review to replace
        ed.db.execute("UPDATE issues SET content = json_set(content, '$.market_review', '旧的回顾') WHERE id = ?",
                      [issue_id])
    return desk, (demo_path, admin), (path, editor), issue_id


def test_a_draft_a_colleague_holds_is_not_saved_by_draft_review(leased, monkeypatch, capsys):
    desk, (_, admin), (path, editor), issue_id = leased
    with psycopg.connect(desk.super_url) as conn:  # who holds it, as the desk says
        [holder] = conn.execute("SELECT holder FROM desk.leases WHERE expires > now()").fetchone()
    assert holder == admin.user != editor.user
    monkeypatch.setenv("WORKBENCH_DESK_PASSWORD", editor.password)
    capsys.readouterr()
    assert main(["draft-review", str(issue_id), "--db", str(path)]) == 1
    err = capsys.readouterr().err
    assert holder in err and "未保存" in err and "not saved" in err
    assert _review(path, issue_id) == "旧的回顾"
    # printing it changes nothing: allowed
    assert main(["draft-review", str(issue_id), "--db", str(path), "--print"]) == 0
    out = capsys.readouterr().out
    assert "报收" in out and _review(path, issue_id) == "旧的回顾"


def test_the_lease_holder_saves_the_drafted_review(leased, monkeypatch, capsys):
    desk, (ad_path, admin), _, issue_id = leased
    with sqlite3.connect(ad_path) as conn:
        conn.execute("UPDATE issues SET content = json_set(content, '$.market_review', '旧的回顾') WHERE id = ?",
                     [issue_id])
    monkeypatch.setenv("WORKBENCH_DESK_PASSWORD", admin.password)
    assert main(["draft-review", str(issue_id), "--db", str(ad_path)]) == 0
    printed = capsys.readouterr().out.strip()
    assert _review(ad_path, issue_id) == printed != "旧的回顾"
    with Store(ad_path) as s:
        assert s.issue(issue_id).status == "draft"
