"""`workbench desk lease` on an issue the desk holds in review says that leases bind drafts only
and exits 1: it never tells the user they hold the issue alone while the desk holds no lease.

Against the real PostgreSQL the tests start; the truth is the desk's own rows and lease table."""

from __future__ import annotations

import psycopg

from desk_testing import Desk

from workbench.cli import main
from workbench.desk.sync import sync
from workbench.drafting.lifecycle import change_status


def test_lease_of_an_issue_in_review_is_no_lease(pg_cluster, desk_db, demo_path, tmp_path, capsys, monkeypatch):
    desk = Desk(pg_cluster, desk_db)
    desk.join(demo_path, desk.user("admin")).close()
    editor = desk.user("editor")
    path = tmp_path / "editor.sqlite"
    ed = desk.join(path, editor)
    issue_id = ed.issue("latest").id
    change_status(ed, issue_id, "review", by="ed")
    assert sync(ed, editor).refused == 0
    ed.close()
    with psycopg.connect(desk.super_url) as conn:  # the desk holds the issue in review
        assert [r[0] for r in conn.execute("SELECT data->>'status' FROM desk.rows WHERE tbl = 'issues'")] == ["review"]
    monkeypatch.setenv("WORKBENCH_DESK_PASSWORD", editor.password)
    capsys.readouterr()
    code = main(["desk", "lease", str(issue_id), "--db", str(path)])
    out = capsys.readouterr()
    assert code == 1, out
    text = out.out + out.err
    assert "you hold" not in text and "由你编辑" not in text
    assert "送审" in text and "drafts only" in text, text
    with psycopg.connect(desk.super_url) as conn:
        assert conn.execute("SELECT count(*) FROM desk.leases").fetchone()[0] == 0
