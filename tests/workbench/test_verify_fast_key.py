"""A PDF this release renders carries, in its document information, the SHA-256 of the data snapshot it
was rendered from (/SnapshotSHA256), so `verify` can tell a rewritten snapshot without rendering
again; the key is deterministic: the same snapshot gives the same bytes on every workstation."""

from __future__ import annotations

import hashlib
import io
import json

import pytest
from pypdf import PdfReader

from workbench.report import build_report_spec, render_pdf
from workbench.report.spec import ReportSpec


@pytest.fixture(scope="module")
def spec(tmp_path_factory, demo_store_template):
    import shutil

    from workbench.store import Store

    path = tmp_path_factory.mktemp("key") / "demo.sqlite"
    shutil.copy(demo_store_template, path)
    with Store(path) as store:
        return build_report_spec(store, "latest")


def test_the_pdf_carries_the_sha256_of_its_snapshot(spec):
    pdf = render_pdf(spec)
    key = PdfReader(io.BytesIO(pdf)).metadata["/SnapshotSHA256"]
    # the stored snapshot is ReportSpec.to_json: sorted keys, no blanks, no ASCII escaping
    text = json.dumps(json.loads(spec.to_json()), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    assert key == hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_the_same_snapshot_renders_the_same_bytes_and_another_a_different_key(spec):
    pdf = render_pdf(spec)
    again = render_pdf(ReportSpec.from_json(spec.to_json()))  # as another workstation renders the snapshot
    assert again == pdf
    data = json.loads(spec.to_json())
    data["headline"] = data["headline"] + "（改）"
    other = render_pdf(ReportSpec.from_dict(data))
    assert PdfReader(io.BytesIO(other)).metadata["/SnapshotSHA256"] != \
        PdfReader(io.BytesIO(pdf)).metadata["/SnapshotSHA256"]


def test_the_key_does_not_depend_on_blanks_or_key_order():
    from workbench.report.render import snapshot_sha256

    assert snapshot_sha256('{"b": 1, "a": "股"}') == snapshot_sha256('{"a":"\\u80a1","b":1}')
    assert snapshot_sha256('{"a": 1}') != snapshot_sha256('{"a": 2}')


def test_verify_reads_the_key_as_a_pdf_reader_does(spec):
    from workbench.drafting.record import pdf_snapshot_key

    pdf = render_pdf(spec)
    assert pdf_snapshot_key(pdf) == PdfReader(io.BytesIO(pdf)).metadata["/SnapshotSHA256"]
    assert pdf_snapshot_key(b"%PDF-1.4 not a pdf") is None
    assert pdf_snapshot_key(pdf[:-200]) is None  # cut short: no trailer, no key (the rendering check follows)


def test_a_key_written_into_the_headline_is_not_taken_for_the_pdfs_own(spec):
    """An author cannot plant the hash of a snapshot to be forged later: the headline is in the same
    information dictionary (/Title), but as a string, never as the key."""
    from workbench.drafting.record import pdf_snapshot_key

    planted = "0" * 64
    data = json.loads(spec.to_json())
    data["headline"] = f"/SnapshotSHA256 ({planted})"
    pdf = render_pdf(ReportSpec.from_dict(data))
    assert planted in PdfReader(io.BytesIO(pdf)).metadata.title
    key = pdf_snapshot_key(pdf)
    assert key == PdfReader(io.BytesIO(pdf)).metadata["/SnapshotSHA256"] != planted
