"""Publications that meet on the desk: an offline final over a draft the desk changed meanwhile, and
two editors finalising one issue offline. A publication is an act that happened (its PDF went out):
a final issue's row equals its published version on every station, every station's published PDF
is the desk's byte for byte, and the station whose publication the desk refused has a way out
(keep theirs) and cannot correct or finalise on top of its own refused version.

Truth: the desk's rows read with psycopg, the PDFs' bytes (sha256), ``workbench verify``."""

from __future__ import annotations

import hashlib
import json

import pytest

import psycopg  # noqa: E402  (a dependency: never skipped)

from desk_testing import Desk  # noqa: E402

from workbench.cli import main  # noqa: E402
from workbench.desk.errors import DeskError  # noqa: E402
from workbench.desk.sync import resolve, sync  # noqa: E402
from workbench.drafting.lifecycle import (FiguresChanged, change_status, export_issue,  # noqa: E402
                                          open_correction, update_issue)
from workbench.errors import WorkbenchError  # noqa: E402
from workbench.store import sync_state  # noqa: E402

TICKER, METRIC, PERIOD = "002241.SZ", "revenue", "2023A"


@pytest.fixture
def desk4(pg_cluster, desk_db, demo_path, tmp_path):
    """The demo on a desk: the administrator's store (which pushed it), two editors' and an analyst's."""
    desk = Desk(pg_cluster, desk_db)
    ca = desk.user("admin")
    a = desk.join(demo_path, ca)
    c1, c2, cn = desk.user("editor"), desk.user("editor"), desk.user("analyst")
    e1, e2 = desk.join(tmp_path / "e1.sqlite", c1), desk.join(tmp_path / "e2.sqlite", c2)
    n = desk.join(tmp_path / "n.sqlite", cn)
    yield desk, (a, ca), (e1, c1), (e2, c2), (n, cn)
    for s in (a, e1, e2, n):
        s.close()


def _desk_issue(desk, uid):
    with psycopg.connect(desk.super_url) as su:
        row = su.execute("SELECT data FROM desk.rows WHERE tbl = 'issues' AND key = %s", [uid]).fetchone()[0]
        versions = [d for (d,) in su.execute("SELECT data FROM desk.records WHERE tbl = 'issue_versions' "
                                             "AND data->>'issue' = %s ORDER BY (data->>'version')::int", [uid])]
    return row, versions


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _exported(store, issue_id, path) -> bytes:
    export_issue(store, issue_id, path)
    return path.read_bytes()


def _verify(capsys, store) -> tuple[int, str]:
    capsys.readouterr()
    rc = main(["verify", "--db", str(store.path)])
    return rc, capsys.readouterr().out


def _final(store, issue_id, by="ed"):
    change_status(store, issue_id, "review", by=by)
    change_status(store, issue_id, "final", by=by)


# ---------------------------------------------------------------- 1. a final over a desk draft edit
def test_an_offline_final_over_a_draft_the_desk_changed_lands_whole(desk4, tmp_path, capsys):
    """QA stale #1: the admin redrafts the market review on the desk; an editor who has not pulled it
    finalises the draft as he has it. What was published lands whole on the desk; the desk's draft
    edit is listed to the publisher (never merged into the published text); every station's row
    equals the published version and every published PDF is the same bytes."""
    desk, (a, ca), (e1, c1), _, (n, cn) = desk4
    issue_id, uid = sync_state.issue_uid(e1, "latest")
    issue = a.issue("latest")
    issue.market_review = "本周上证指数报收 3410.14 点（管理员在团队库改过的市场回顾）。"
    update_issue(a, issue)
    assert sync(a, ca).pushed >= 1
    published_text = e1.issue(issue_id).market_review
    _final(e1, issue_id, by="li")
    sha_published = e1.versions(issue_id)[0]["pdf_sha256"]
    r = sync(e1, c1)
    assert r.refused == 0

    row, versions = _desk_issue(desk, uid)
    assert [v["pdf_sha256"] for v in versions] == [sha_published]
    # the desk's final row says what its published version says (the version's own frozen text)
    assert (row["status"], int(row["version"])) == ("final", 1)
    assert json.loads(row["content"]) == json.loads(versions[0]["issue_json"])
    assert json.loads(row["content"])["market_review"] == published_text

    # the desk's draft edit is listed to the publisher, with the admin's text, never silent
    listed = [c for c in sync_state.conflicts(e1) if c["tbl"] == "issues"]
    assert len(listed) == 1 and listed[0]["kind"] == "conflict"
    assert "管理员在团队库改过" in json.loads(listed[0]["theirs"]["content"])["market_review"]
    assert listed[0]["message"] and "更正" in listed[0]["message"]
    assert not [c for c in sync_state.conflicts(e1) if c["kind"] == "local"]  # nothing stuck here

    for store, config in ((a, ca), (n, cn), (e1, c1)):
        sync(store, config)
        local = store.issue("latest")
        assert (local.status, local.version) == ("final", 1)
        assert local.market_review == published_text
        pdf = _exported(store, local.id, tmp_path / f"{store.path.stem}.pdf")
        assert _sha(pdf) == sha_published
        assert _verify(capsys, store)[0] == 0

    # the administrator, whose edit of the draft the publication replaced, is told too
    [told] = [c for c in sync_state.conflicts(a) if c["tbl"] == "issues"]
    assert "管理员在团队库改过" in json.loads(told["mine"]["content"])["market_review"]
    assert told["theirs"]["status"] == "final" and told["message"] and "更正" in told["message"]
    assert (told["by"], told["theirs_by"]) == (ca.user, c1.user)  # each side credited to who made it
    with pytest.raises(DeskError, match="workbench correct"):
        resolve(a, told["id"], "mine")
    resolve(a, told["id"], "theirs")
    assert a.issue("latest").market_review == published_text
    sync(a, ca)
    assert sync_state.conflicts(a) == [] and not [c for c in sync_state.conflicts(n) if c["tbl"] == "issues"]

    # the way out: keeping the desk's draft text over a publication is refused, naming a correction;
    # keeping mine (what was published) settles it and nothing comes back
    [c] = listed
    with pytest.raises(DeskError, match="workbench correct"):
        resolve(e1, c["id"], "theirs")
    resolve(e1, c["id"], "mine")
    r = sync(e1, c1)
    assert (r.conflicts, r.refused) == (0, 0)
    assert sync_state.conflicts(e1) == []
    row, _ = _desk_issue(desk, uid)
    assert json.loads(row["content"])["market_review"] == published_text


# ---------------------------------------------------------------- 2, 3. two offline finals
@pytest.fixture
def two_finals(desk4):
    """e1 and e2 both finalise the demo issue offline; e2 first changed one figure the table prints.
    e1 syncs first: the desk publishes e1's v1 and refuses e2's."""
    desk, (a, ca), (e1, c1), (e2, c2), (n, cn) = desk4
    issue_id, uid = sync_state.issue_uid(e1, "latest")
    _final(e1, issue_id, by="li")
    e2.set_fact(TICKER, METRIC, PERIOD, 99_500_000_000)
    _final(e2, issue_id, by="wang")
    assert e1.versions(issue_id)[0]["pdf_sha256"] != e2.versions(issue_id)[0]["pdf_sha256"]
    sync(e1, c1)
    sync(e2, c2)
    return desk, uid, issue_id, (a, ca), (e1, c1), (e2, c2)


def test_the_refused_publication_is_listed_once_with_reasons_that_hold(two_finals, capsys):
    desk, uid, issue_id, _, (e1, c1), (e2, c2) = two_finals
    _, versions = _desk_issue(desk, uid)
    assert [v["frozen_by"] for v in versions] == [e1.versions(issue_id)[0]["frozen_by"]]
    open_ = sync_state.conflicts(e2)
    listed = [c for c in open_ if c["tbl"] == "issue_versions"]
    assert len(listed) == 1  # one version, one listing
    assert listed[0]["theirs"]["pdf_sha256"] == versions[0]["pdf_sha256"]
    # the status-log entries do not claim an issue change was refused: none is listed
    assert not [c for c in open_ if c["tbl"] == "issues"]
    # both publications in words: the figure each printed, never the snapshot's JSON
    capsys.readouterr()
    assert main(["desk", "conflicts", "--db", str(e2.path)]) == 0
    shown = capsys.readouterr().out
    assert '"values"' not in shown
    assert "歌尔股份（002241.SZ） 营业收入 2023: 995.0" in shown and "歌尔股份（002241.SZ） 营业收入 2023: 985.7" in shown
    for c in open_:
        if c["tbl"] == "issue_log":
            assert "该修改也被拒绝" not in (c["message"] or "")
            assert c["message"] and "v1" in c["message"]


def test_keep_mine_of_a_publication_the_desk_has_another_of_is_refused_at_once(two_finals):
    desk, uid, issue_id, _, (e1, c1), (e2, c2) = two_finals
    [c] = [c for c in sync_state.conflicts(e2) if c["tbl"] == "issue_versions"]
    before = sync_state.conflicts(e2)
    with pytest.raises(DeskError, match="--keep theirs"):
        resolve(e2, c["id"], "mine")
    assert sync_state.conflicts(e2) == before
    assert sync_state.pending_count(e2) == 0


def test_the_losing_station_cannot_export_correct_or_finalise_before_it_settles(two_finals, tmp_path):
    desk, uid, issue_id, _, (e1, c1), (e2, c2) = two_finals
    [c] = [c for c in sync_state.conflicts(e2) if c["tbl"] == "issue_versions"]
    out = tmp_path / "e2.pdf"
    with pytest.raises(WorkbenchError, match=f"#{c['id']}"):
        export_issue(e2, issue_id, out)
    assert not out.exists()
    with pytest.raises(WorkbenchError, match=f"#{c['id']}"):
        open_correction(e2, issue_id, reason="重新发布", by="wang")
    assert (e2.issue(issue_id).status, e2.issue(issue_id).version) == ("final", 1)


def test_keep_theirs_takes_the_desks_publication_and_keeps_the_local_one_as_a_record(two_finals, tmp_path, capsys):
    desk, uid, issue_id, (a, ca), (e1, c1), (e2, c2) = two_finals
    own = e2.version_pdf(issue_id, 1)
    [c] = [c for c in sync_state.conflicts(e2) if c["tbl"] == "issue_versions"]
    resolve(e2, c["id"], "theirs")
    assert sync_state.conflicts(e2) == []  # its status-log entries settled with it
    r = sync(e2, c2)
    assert (r.conflicts, r.refused) == (0, 0) and sync_state.conflicts(e2) == []
    rc, text = _verify(capsys, e2)
    assert rc == 0, text
    _, versions = _desk_issue(desk, uid)
    desk_sha = versions[0]["pdf_sha256"]
    sync(a, ca)
    for store in (a, e1, e2):
        assert _sha(_exported(store, issue_id, tmp_path / f"{store.path.stem}.pdf")) == desk_sha
    # the local publication stays in e2's record, untouched
    assert e2.own_version_pdf(issue_id, 1) == own and _sha(own) != desk_sha and e2.version_pdf(issue_id, 1) != own


def test_a_correction_after_keeping_theirs_is_compared_with_the_desks_version(two_finals):
    """QA stale #2: the correction's final compares with the version the desk published (985.7),
    not with the station's own refused v1 (995.0): the changed figure is asked about."""
    desk, uid, issue_id, _, (e1, c1), (e2, c2) = two_finals
    [c] = [c for c in sync_state.conflicts(e2) if c["tbl"] == "issue_versions"]
    resolve(e2, c["id"], "theirs")
    open_correction(e2, issue_id, reason="重新发布", by="wang")
    change_status(e2, issue_id, "review", by="wang")
    with pytest.raises(FiguresChanged) as err:
        change_status(e2, issue_id, "final", by="wang")
    assert err.value.published_version == 1
    assert any(TICKER in c.describe() or "歌尔" in c.describe() for c in err.value.published_changes)
    issue = change_status(e2, issue_id, "final", by="wang", accept_changes=True)
    assert issue.version == 2
    assert "对比表中 1 个数字按最新数据更新" in e2.versions(issue_id)[-1]["snapshot_json"]
    r = sync(e2, c2)
    assert r.refused == 0 and r.conflicts == 0
    _, versions = _desk_issue(desk, uid)
    assert [int(v["version"]) for v in versions] == [1, 2]


def test_two_finals_of_different_text_settle_whole_with_keep_theirs(desk4, tmp_path, capsys):
    """The two offline finals differ in their text too (e2 retitled it): the final rows are listed
    with the versions, settled together by keep theirs, and nothing comes back."""
    desk, _, (e1, c1), (e2, c2), _ = desk4
    issue_id, uid = sync_state.issue_uid(e1, "latest")
    _final(e1, issue_id, by="li")
    issue = e2.issue(issue_id)
    issue.headline = "周观点：e2 定稿前改过的标题"
    update_issue(e2, issue)
    _final(e2, issue_id, by="wang")
    sync(e1, c1)
    sync(e2, c2)
    open_ = sync_state.conflicts(e2)
    assert len([c for c in open_ if c["tbl"] == "issue_versions"]) == 1
    assert len([c for c in open_ if c["tbl"] == "issues"]) == 1
    [v] = [c for c in open_ if c["tbl"] == "issue_versions"]
    with pytest.raises(DeskError, match="--keep theirs"):
        resolve(e2, [c for c in open_ if c["tbl"] == "issues"][0]["id"], "mine")
    resolve(e2, v["id"], "theirs")
    assert sync_state.conflicts(e2) == []
    r = sync(e2, c2)
    assert (r.conflicts, r.refused) == (0, 0) and sync_state.conflicts(e2) == []
    assert _verify(capsys, e2)[0] == 0
    _, versions = _desk_issue(desk, uid)
    assert _sha(_exported(e2, issue_id, tmp_path / "e2.pdf")) == versions[0]["pdf_sha256"]


def test_an_offline_final_over_a_draft_the_desk_sent_to_review_lands_whole(desk4, tmp_path, capsys):
    """The desk's side moved only as far as review (an edit, then 送审) while the editor finalised
    offline: nothing was published meanwhile, so the publication lands whole as well."""
    desk, (a, ca), (e1, c1), _, _ = desk4
    issue_id, uid = sync_state.issue_uid(e1, "latest")
    issue = a.issue("latest")
    issue.market_review = "管理员送审前改过的市场回顾。"
    update_issue(a, issue)
    change_status(a, issue.id, "review", by="adm")
    sync(a, ca)
    published_text = e1.issue(issue_id).market_review
    _final(e1, issue_id, by="li")
    sha_published = e1.versions(issue_id)[0]["pdf_sha256"]
    r = sync(e1, c1)
    assert r.refused == 0
    row, versions = _desk_issue(desk, uid)
    assert [v["pdf_sha256"] for v in versions] == [sha_published]
    assert row["status"] == "final" and json.loads(row["content"]) == json.loads(versions[0]["issue_json"])
    assert json.loads(row["content"])["market_review"] == published_text
    assert sync_state.refused_publication(e1, uid) is None
    sync(a, ca)
    assert a.issue("latest").market_review == published_text
    assert _sha(_exported(a, issue_id, tmp_path / "a.pdf")) == sha_published
    assert _verify(capsys, e1)[0] == 0
