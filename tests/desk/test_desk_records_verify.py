"""A workstation's own published record that the desk refused, or that differs from the desk's, is
never a silent divergence: ``workbench verify`` names it (and fails) until it is settled."""

from __future__ import annotations

import psycopg  # noqa: E402  (a dependency: never skipped)

from desk_testing import Desk  # noqa: E402

from workbench.cli import main  # noqa: E402
from workbench.desk.sync import sync  # noqa: E402
from workbench.drafting.lifecycle import change_status  # noqa: E402
from workbench.store import sync_state  # noqa: E402


def test_an_analysts_refused_final_is_flagged_by_verify(pg_cluster, desk_db, demo_path, tmp_path, capsys):
    """QA: ws1's offline final (frozen by zhang) was refused; the editor li then published v1 on the
    desk; ws1 kept its own v1 and verify passed."""
    desk = Desk(pg_cluster, desk_db)
    desk.join(demo_path, desk.user("admin")).close()
    zhang, li = desk.user("analyst"), desk.user("editor")
    ws1_path, ws2_path = tmp_path / "ws1.sqlite", tmp_path / "ws2.sqlite"
    ws1, ws2 = desk.join(ws1_path, zhang), desk.join(ws2_path, li)
    try:
        issue_id = ws1.issue("latest").id
        change_status(ws1, issue_id, "review", by="zhang")
        change_status(ws1, issue_id, "final", by="zhang")
        sync(ws1, zhang)
        ws1.close()
        capsys.readouterr()
        assert main(["verify", "--db", str(ws1_path)]) == 1
        out = capsys.readouterr().out
        assert "v1" in out and "desk" in out

        change_status(ws2, ws2.issue("latest").id, "review", by="li")
        change_status(ws2, ws2.issue("latest").id, "final", by="li")
        assert sync(ws2, li).refused == 0
        with psycopg.connect(desk.super_url) as su:
            [(frozen_by,)] = su.execute("SELECT data->>'frozen_by' FROM desk.records "
                                        "WHERE tbl = 'issue_versions'").fetchall()
        assert frozen_by == "li"
        from workbench.store import Store

        ws1 = Store(ws1_path)
        sync(ws1, zhang)
        assert ws1.versions(issue_id)[0]["frozen_by"] == "zhang"  # the store's record is never rewritten
        differs = [c for c in sync_state.conflicts(ws1) if c["tbl"] == "issue_versions" and c["kind"] == "local"]
        assert differs and differs[-1]["theirs"]["frozen_by"] == "li"  # the desk's version is listed
        ws1.close()
        capsys.readouterr()
        assert main(["verify", "--db", str(ws1_path)]) == 1
        assert "v1" in capsys.readouterr().out
    finally:
        ws1.close()
        ws2.close()
