"""Two editors finalise the same unchanged issue offline, so both publications are the same text
(and the same PDF bytes): the station whose publication the desk refused settles it as cleanly as
two different finals do: listed once, ``--keep theirs`` takes the desk's publication, nothing comes
back on the next sync, verify passes and every station's PDF is the desk's byte for byte.

Truth: the desk's rows read with psycopg, the PDFs' bytes (sha256), ``workbench verify``."""

from __future__ import annotations

import hashlib

import pytest

import psycopg  # noqa: E402  (a dependency: never skipped)

from desk_testing import Desk  # noqa: E402

from workbench.cli import main  # noqa: E402
from workbench.desk.sync import resolve, sync  # noqa: E402
from workbench.drafting.lifecycle import change_status, export_issue  # noqa: E402
from workbench.store import sync_state  # noqa: E402


@pytest.fixture
def identical_finals(pg_cluster, desk_db, demo_path, tmp_path):
    """The demo on a desk; two editors pull it in review and both finalise it offline, unchanged."""
    desk = Desk(pg_cluster, desk_db)
    ca = desk.user("admin")
    a = desk.join(demo_path, ca)
    c1, c2 = desk.user("editor"), desk.user("editor")
    e1, e2 = desk.join(tmp_path / "e1.sqlite", c1), desk.join(tmp_path / "e2.sqlite", c2)
    issue_id, uid = sync_state.issue_uid(e1, "latest")
    change_status(a, issue_id, "review", by="adm")
    sync(a, ca)
    sync(e1, c1)
    sync(e2, c2)
    change_status(e1, issue_id, "final", by="li")
    change_status(e2, issue_id, "final", by="wang")
    sync(e1, c1)
    sync(e2, c2)
    yield desk, uid, issue_id, (a, ca), (e1, c1), (e2, c2)
    for s in (a, e1, e2):
        s.close()


def _desk_versions(desk, uid) -> list[dict]:
    with psycopg.connect(desk.super_url) as su:
        return [d for (d,) in su.execute("SELECT data FROM desk.records WHERE tbl = 'issue_versions' "
                                         "AND data->>'issue' = %s ORDER BY (data->>'version')::int", [uid])]


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _verify(capsys, store) -> tuple[int, str]:
    capsys.readouterr()
    rc = main(["verify", "--db", str(store.path)])
    return rc, capsys.readouterr().out


def test_two_finals_of_the_same_text_are_listed_once_and_keep_theirs_settles_them(identical_finals, tmp_path,
                                                                                   capsys):
    desk, uid, issue_id, (a, ca), (e1, c1), (e2, c2) = identical_finals
    versions = _desk_versions(desk, uid)
    assert [v["frozen_by"] for v in versions] == ["li"]  # the first to sync published
    open_ = sync_state.conflicts(e2)
    listed = [c for c in open_ if c["tbl"] == "issue_versions"]
    if not listed:
        # both publications were the same bytes: nothing at all is left to settle
        assert open_ == []
    else:
        assert len(listed) == 1, [(c["id"], c["kind"], c["message"]) for c in listed]
        [c] = listed
        # its reason says what happened (the same PDF went out twice) and the way out, which holds
        assert "两份 PDF 完全相同" in c["message"] and "--keep theirs" in c["message"]
        capsys.readouterr()
        assert main(["desk", "conflicts", "--db", str(e2.path)]) == 0
        shown = capsys.readouterr().out
        assert shown.count("两份 PDF 完全相同") == 1
        resolve(e2, c["id"], "theirs")
        assert sync_state.conflicts(e2) == []
    r = sync(e2, c2)
    assert (r.conflicts, r.refused) == (0, 0)
    assert sync_state.conflicts(e2) == []
    r = sync(e2, c2)  # and nothing comes back on the sync after
    assert (r.conflicts, r.refused) == (0, 0) and sync_state.conflicts(e2) == []
    rc, text = _verify(capsys, e2)
    assert rc == 0, text
    sync(a, ca)
    desk_sha = versions[0]["pdf_sha256"]
    for store in (a, e1, e2):
        out = tmp_path / f"{store.path.stem}.pdf"
        export_issue(store, issue_id, out)
        assert _sha(out.read_bytes()) == desk_sha
