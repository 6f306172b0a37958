"""`verify` checks a published snapshot against the SHA-256 its frozen PDF records (/SnapshotSHA256)
without rendering it again; a PDF an earlier release wrote (no key) is still checked by rendering the
snapshot again, version by version with a progress callback. A snapshot rewritten after publication
with the chain recomputed is named either way."""

from __future__ import annotations

import json

import pytest

from forgery_testing import rewritten_record

from workbench.cli import main
from workbench.drafting.lifecycle import change_status, open_correction
from workbench.store import Store


def _publish(path, versions: int = 2) -> None:
    """Publish the demo issue, then correct it and publish again, ``versions`` versions in all."""
    with Store(path) as store:
        issue_id = store.issue("latest").id
        for n in range(versions):
            if n:
                open_correction(store, issue_id, reason=f"更正 {n}", by="王编辑")
            change_status(store, issue_id, "review", by="qa")
            change_status(store, issue_id, "final", by="qa")


def _without_the_key(monkeypatch):
    """Render PDFs as an earlier release did: no /SnapshotSHA256 in the document information."""
    import workbench.report.render as render

    plain = render.canvas_class

    def canvas_class(decorate, epoch=None, info=None):
        return plain(decorate, epoch, {k: v for k, v in (info or {}).items() if k != render.SNAPSHOT_KEY})

    monkeypatch.setattr(render, "canvas_class", canvas_class)


def _no_rendering(monkeypatch):
    """Make any rendering fail the test: the check must not render."""
    import workbench.report

    def refuse(*a, **k):
        raise AssertionError("the snapshot was rendered again")

    monkeypatch.setattr(workbench.report, "render_pdf", refuse)


def _forge(path, version: int) -> None:
    """Rewrite a figure of ``version``'s snapshot and recompute the chain, triggers put back as they were."""
    with rewritten_record(path) as conn:
        snap = conn.execute("SELECT snapshot_json FROM issue_versions WHERE version = ?", [version]).fetchone()[0]
        data = json.loads(snap)
        data["headline"] = data["headline"] + "（改）"  # what the PDF shows changes: the text check sees it
        conn.execute("UPDATE issue_versions SET snapshot_json = ? WHERE version = ?",
                     [json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")), version])


def _verify(path, progress=None):
    from workbench.drafting.record import verify_store

    with Store(path) as store:
        return verify_store(store, progress=progress)


def test_keyed_pdfs_verify_without_rendering_and_without_progress(demo_path, monkeypatch):
    _publish(demo_path)
    _no_rendering(monkeypatch)
    heard = []
    report = _verify(demo_path, lambda *a: heard.append(a))
    assert report.ok and report.checked == 2, report.problems
    assert heard == []  # nothing slow ran: no progress to show


def test_a_rewritten_snapshot_under_a_keyed_pdf_is_named_without_rendering(demo_path, monkeypatch, capsys):
    _publish(demo_path)
    _forge(demo_path, 2)
    _no_rendering(monkeypatch)
    report = _verify(demo_path)
    assert not report.ok
    [problem] = report.problems
    assert "v2" in problem and "v1" not in problem and "SnapshotSHA256" in problem
    capsys.readouterr()
    assert main(["verify", "--db", str(demo_path)]) == 1
    out = capsys.readouterr().out
    assert "issue #1 v2" in out and "快照" in out


def test_unkeyed_pdfs_of_an_earlier_release_are_rendered_again_with_progress(demo_path, monkeypatch):
    with monkeypatch.context() as m:
        _without_the_key(m)
        _publish(demo_path)
    from workbench.drafting.record import pdf_snapshot_key

    with Store(demo_path) as store:
        assert pdf_snapshot_key(store.version_pdf(1, 1)) is None  # as an earlier release wrote it
    heard = []
    report = _verify(demo_path, lambda done, total, message="": heard.append((done, total)))
    assert report.ok, report.problems
    assert heard[0] == (0, 2) and heard[-1] == (2, 2)  # over the two versions rendered again


def test_a_rewritten_snapshot_under_an_unkeyed_pdf_is_named_by_rendering_it_again(demo_path, monkeypatch):
    with monkeypatch.context() as m:
        _without_the_key(m)
        _publish(demo_path)
    _forge(demo_path, 1)
    report = _verify(demo_path)
    [problem] = report.problems
    # its text differs, and not as a typesetting change does: the headline it prints is another
    assert "issue #1 v1" in problem and "标题" in problem and "the headline is not the frozen PDF's" in problem


def test_a_cancelled_check_stops(demo_path, monkeypatch):
    from workbench.progress import Cancelled

    with monkeypatch.context() as m:
        _without_the_key(m)
        _publish(demo_path, versions=1)
    with pytest.raises(Cancelled):
        _verify(demo_path, lambda *a: False)


def test_a_backup_with_a_rewritten_keyed_snapshot_is_not_restored(demo_path, tmp_path, monkeypatch):
    from workbench.drafting.record import check_backup_to_restore
    from workbench.errors import WorkbenchError

    _publish(demo_path, versions=1)
    backup = tmp_path / "backup.sqlite"
    with Store(demo_path) as store:
        store.backup(backup)
    _forge(backup, 1)
    _no_rendering(monkeypatch)
    with pytest.raises(WorkbenchError, match="v1"):
        check_backup_to_restore(backup, unverified=True)


def test_an_earlier_releases_pdf_laid_out_as_now_matches_byte_for_byte(demo_path, monkeypatch):
    """Rendered again without the key, as that release rendered it: the same bytes, no text to compare."""
    import workbench.drafting.record as record

    with monkeypatch.context() as m:
        _without_the_key(m)
        _publish(demo_path, versions=1)

    def no_text(pdf):
        raise AssertionError("the texts were compared: the bytes differed")

    monkeypatch.setattr(record, "pdf_text", no_text)
    report = _verify(demo_path)
    assert report.ok, report.problems
