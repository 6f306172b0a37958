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
