"""A final issue's export is its published PDF byte for byte, whatever changed in the store since."""

from __future__ import annotations

import hashlib
import io
import re

from pypdf import PdfReader

from workbench.drafting.lifecycle import change_status, export_issue


def publish(store) -> int:
    issue = store.issue("latest")
    change_status(store, issue.id, "review", by="analyst")
    change_status(store, issue.id, "final", by="editor")
    return issue.id


def flat(data: bytes) -> str:
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages))


def test_a_renamed_house_does_not_change_a_published_pdf(demo_store, tmp_path):
    issue_id = publish(demo_store)
    published = demo_store.version_pdf(issue_id, 1)
    demo_store.update_house(name_zh="新名证券")
    result = export_issue(demo_store, issue_id, tmp_path / "again.pdf")
    data = (tmp_path / "again.pdf").read_bytes()
    assert data == published and result.sha256 == hashlib.sha256(published).hexdigest()
    assert "星海证券" in flat(data) and "新名证券" not in flat(data)


def test_a_published_issue_exports_even_when_todays_preflight_would_block(demo_store, tmp_path):
    """The record is what was published: a disclaimer emptied later does not stop its re-export."""
    issue_id = publish(demo_store)
    demo_store.update_house(disclaimer="")
    export_issue(demo_store, issue_id, tmp_path / "record.pdf")
    assert (tmp_path / "record.pdf").read_bytes() == demo_store.version_pdf(issue_id, 1)
