"""A published version's data snapshot rewritten after publication, with the hash chain
recomputed (the chain has no key), is found: its frozen PDF, whose SHA-256 went out with the
report, does not show it. `verify` names the version, `record` writes nothing."""

from __future__ import annotations

import json
import sqlite3

import pytest

from forgery_testing import rewritten_record

from workbench.cli import main


@pytest.fixture
def published(demo_path):
    assert main(["status", "latest", "review", "--by", "qa", "--db", str(demo_path)]) == 0
    assert main(["status", "latest", "final", "--by", "qa", "--db", str(demo_path)]) == 0
    return demo_path


def forge_with_chain(path) -> tuple[str, str]:
    """Rewrite a figure of the published snapshot and recompute the chain, triggers put back as they were.
    Returns the figure's (old, new) text."""
    with rewritten_record(path) as conn:
        snap = conn.execute("SELECT snapshot_json FROM issue_versions WHERE issue_id = 1 AND version = 1").fetchone()[0]
        spec = json.loads(snap)
        text = json.dumps(spec, ensure_ascii=False)
        old = next(t for t in ("2160000000", "21.6") if t in text)
        new = old.replace("216", "296").replace("21.6", "29.6")
        forged = snap.replace(old, new, 1)
        assert forged != snap
        conn.execute("UPDATE issue_versions SET snapshot_json = ? WHERE issue_id = 1 AND version = 1", [forged])
    return old, new


def test_a_rewritten_snapshot_with_the_chain_recomputed_fails_verify(published, capsys):
    forge_with_chain(published)
    capsys.readouterr()
    assert main(["verify", "--db", str(published)]) == 1
    out = capsys.readouterr().out
    assert "v1" in out and "快照" in out


def test_record_of_a_rewritten_snapshot_is_refused(published, tmp_path, capsys):
    forge_with_chain(published)
    out = tmp_path / "rec"
    out.mkdir()
    assert main(["record", "1", "--db", str(published), "-o", str(out)]) == 1
    assert list(out.iterdir()) == []
    assert "Traceback" not in capsys.readouterr().err


def test_a_sound_published_store_verifies_and_records(published, tmp_path, capsys):
    assert main(["verify", "--db", str(published)]) == 0
    out = tmp_path / "rec"
    out.mkdir()
    assert main(["record", "1", "--db", str(published), "-o", str(out)]) == 0


def test_verify_and_the_record_print_the_chain_head_to_keep_outside(published, tmp_path, capsys):
    """The chain's last hash, kept outside the store, shows a chain recomputed after a rewrite."""
    conn = sqlite3.connect(published)
    head = conn.execute("SELECT record_sha256 FROM version_chain ORDER BY seq DESC LIMIT 1").fetchone()[0]
    conn.close()
    capsys.readouterr()
    assert main(["verify", "--db", str(published)]) == 0
    assert head in capsys.readouterr().out
    out = tmp_path / "rec"
    out.mkdir()
    assert main(["record", "1", "--db", str(published), "-o", str(out)]) == 0
    (folder,) = out.iterdir()
    assert head in (folder / "MANIFEST.txt").read_text(encoding="utf-8")
    forge_with_chain(published)
    conn = sqlite3.connect(published)
    assert conn.execute("SELECT record_sha256 FROM version_chain ORDER BY seq DESC LIMIT 1").fetchone()[0] != head
    conn.close()
