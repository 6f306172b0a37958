"""The publication record and the store backup."""

import csv
import hashlib
import io

import pytest

from workbench.drafting.lifecycle import change_status, open_correction
from workbench.drafting.record import write_record
from workbench.errors import NotFound, ValidationError, WorkbenchError
from workbench.progress import Cancelled
from workbench.store import Store


def _finalise(store, issue_id):
    change_status(store, issue_id, "review", by="林思远")
    change_status(store, issue_id, "final", by="合规 王审核")


def test_record_holds_every_published_version(demo_store, tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("records")
    with pytest.raises(NotFound):
        write_record(demo_store, 1, tmp_path)
    _finalise(demo_store, 1)
    open_correction(demo_store, 1, reason="更正数据来源", by="林思远")
    _finalise(demo_store, 1)
    folder = write_record(demo_store, 1, tmp_path)
    assert folder.name == "先进科技主题周报_20241223-20241229_#1"
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["MANIFEST.txt", "status_log.csv", "v1.pdf", "v1_snapshot.json", "v1_text.json",
                     "v2.pdf", "v2_snapshot.json", "v2_text.json"]
    for v in demo_store.versions(1):
        assert hashlib.sha256((folder / f"v{v['version']}.pdf").read_bytes()).hexdigest() == v["pdf_sha256"]
    manifest = (folder / "MANIFEST.txt").read_text(encoding="utf-8")
    assert "S0990520080001" in manifest and "更正数据来源" in manifest
    for name in names[1:]:
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() in manifest
    log = list(csv.DictReader(io.StringIO((folder / "status_log.csv").read_text(encoding="utf-8-sig"))))
    assert [r["to_status"] for r in log] == ["review", "final", "draft", "review", "final"]
    with pytest.raises(WorkbenchError, match="already exists"):
        write_record(demo_store, 1, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [folder.name]  # no half-written folder


def test_backup_copies_the_open_store(demo_store, tmp_path):
    target = tmp_path / "backup.sqlite"
    seen = []
    demo_store.backup(target, progress=lambda done, total, msg: seen.append((done, total)))
    assert seen and seen[-1][0] == seen[-1][1]
    with Store(target) as copy:
        assert copy.counts() == demo_store.counts()
        assert copy.issue(1).market_review == demo_store.issue(1).market_review
    with pytest.raises(ValidationError):
        demo_store.backup(demo_store.path)
    with pytest.raises(ValidationError):
        demo_store.backup(tmp_path / "missing" / "x.sqlite")
    before = target.read_bytes()
    with pytest.raises(Cancelled):
        demo_store.backup(target, progress=lambda *a: False, replace=True)
    assert target.read_bytes() == before  # a cancelled backup leaves the earlier one alone
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_a_record_target_is_refused_for_the_right_reason(demo_store, tmp_path):
    _finalise(demo_store, 1)
    a_file = tmp_path / "notes.csv"
    a_file.write_text("x", encoding="utf-8")
    with pytest.raises(WorkbenchError, match="not a folder"):
        write_record(demo_store, 1, a_file)
    with pytest.raises(WorkbenchError, match="does not exist"):
        write_record(demo_store, 1, tmp_path / "missing")
    with pytest.raises(WorkbenchError) as refused:
        write_record(demo_store, 1, demo_store.path)
    assert "not a folder" not in str(refused.value) and str(demo_store.path.name) in str(refused.value)
    assert a_file.read_text(encoding="utf-8") == "x"
