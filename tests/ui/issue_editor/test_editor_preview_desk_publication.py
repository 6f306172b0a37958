"""The issue editor on a station that settled two offline finals of v1 with keep theirs: the header
names the desk's publication (its editor, time and SHA-256), the fields show the desk's text, and
the preview shows the desk's pages and its printed table, never this station's own final, also when
the editor is opened again. Against a real PostgreSQL (the desk tests' cluster); the desk's record
read with psycopg and its PDF rendered page by page as the truth."""

from __future__ import annotations

import base64
import json

import psycopg
import pytest

from desk_testing import Desk

from workbench.desk.sync import resolve, sync
from workbench.domain.times import local_time
from workbench.drafting.lifecycle import change_status, update_issue
from workbench.store import sync_state

pytestmark = pytest.mark.usefixtures("private_password_file")

TICKER, METRIC, PERIOD = "002241.SZ", "revenue", "2023A"


@pytest.fixture
def kept_theirs(pg_cluster, desk_db, demo_path, tmp_path):
    """e1 (li) and e2 (wang) finalise v1 offline, e2 with another headline and figure; e1 syncs first;
    e2 keeps theirs. Yields e2's path, the issue id and the desk's v1 record (PDF bytes decoded)."""
    desk = Desk(pg_cluster, desk_db)
    ca = desk.user("admin")
    a = desk.join(demo_path, ca)
    c1, c2 = desk.user("editor"), desk.user("editor")
    e1, e2 = desk.join(tmp_path / "e1.sqlite", c1), desk.join(tmp_path / "e2.sqlite", c2)
    issue_id, uid = sync_state.issue_uid(e1, "latest")
    change_status(e1, issue_id, "review", by="li")
    change_status(e1, issue_id, "final", by="li")
    issue = e2.issue(issue_id)
    issue.headline = "周观点：本机定稿前改过的标题"
    update_issue(e2, issue)
    e2.set_fact(TICKER, METRIC, PERIOD, 99_500_000_000)
    change_status(e2, issue_id, "review", by="wang")
    change_status(e2, issue_id, "final", by="wang")
    own_pdf = e2.own_version_pdf(issue_id, 1) if hasattr(e2, "own_version_pdf") else e2.version_pdf(issue_id, 1)
    sync(e1, c1)
    sync(e2, c2)
    [c] = [c for c in sync_state.conflicts(e2) if c["tbl"] == "issue_versions"]
    resolve(e2, c["id"], "theirs")
    sync(e2, c2)
    with psycopg.connect(desk.super_url) as su:
        [record] = [d for (d,) in su.execute("SELECT data FROM desk.records WHERE tbl = 'issue_versions' "
                                             "AND data->>'issue' = %s", [uid])]
    record["pdf"] = base64.b64decode(record["pdf"]["$b64"])
    assert record["frozen_by"] == "li" and record["pdf"] != own_pdf
    path = e2.path
    for s in (a, e1, e2):
        s.close()
    return path, issue_id, record, own_pdf


def test_the_editor_and_its_preview_show_the_desks_publication(qtbot, kept_theirs):
    from ui.issue_editor import IssueEditor
    from ui.issue_editor.side.preview import PreviewPane, pdf_page_images, printed_table

    path, issue_id, desk_v1, own_pdf = kept_theirs
    snapshot = json.loads(desk_v1["snapshot_json"])
    desk_pages = pdf_page_images(desk_v1["pdf"])
    assert desk_pages != pdf_page_images(own_pdf)  # the two finals print differently
    for _ in range(2):  # opened, then opened again (a restart of the app)
        editor = IssueEditor(path, issue_id, user="wang", confirm=lambda *a: True)
        qtbot.addWidget(editor)
        banner = editor.banner.text()
        assert "li" in banner and "wang" not in banner and desk_v1["pdf_sha256"][:16] in banner
        assert local_time(desk_v1["frozen_at"], "%Y-%m-%d %H:%M") in banner
        assert editor.headline.text() == snapshot["headline"]
        pane = PreviewPane(path, issue_id=issue_id)
        qtbot.addWidget(pane)
        with qtbot.waitSignal(pane.rendered, timeout=30000):
            pane.refresh()
        assert pane.frozen and pane.images == desk_pages
        table, _ = printed_table(editor.store, editor.store.issue(issue_id))
        row = next(r for r in table.rows if r.ticker == TICKER)
        col = next(i for i, c in enumerate(table.columns) if (c.metric, c.period) == (METRIC, PERIOD))
        desk_row = next(r for r in snapshot["table"]["rows"] if r["ticker"] == TICKER)
        assert row.values[col] == desk_row["values"][col] != 99_500_000_000
        editor.close()
