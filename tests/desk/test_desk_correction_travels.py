"""A correction worked on at two workstations prints the same: the editor opens it on one
workstation, takes a newer figure (``--take`` / 采用较新的数据…) and types one by hand, sends it to
review and syncs; the supervisor finalises it on another. What the correction takes is the issue's
content, not a workstation's setting: the final published there prints exactly what the editor's
last preview printed. Against a real PostgreSQL desk.

Truth: the published v1's frozen table read with plain sqlite3, with the figures the editor took
and typed put in by this test, formatted here; the PE columns read back from both PDFs with pypdf."""

from __future__ import annotations

import io
import json
import re
import sqlite3

import psycopg
from pypdf import PdfReader

from desk_testing import local_tables, normalised, server_tables

from workbench.desk.sync import sync
from workbench.drafting.lifecycle import change_status, export_issue, open_correction, record_open_corrections

RUNXIN, LEXIN, TLW = "300493.SZ", "688018.SH", "688591.SH"
NEXT_WEEK = "2025-01-03"  # after the demo issue's 截至 (2024-12-29)
PE_COLUMNS = (("pe", "2024E"), ("pe", "2025E"))


def _published_pe(path, issue_id: int) -> dict[str, list[str]]:
    """v1's PE figures as frozen (ticker -> the PE columns formatted to one decimal), read with sqlite3."""
    with sqlite3.connect(path) as conn:
        snap = json.loads(conn.execute("SELECT snapshot_json FROM issue_versions WHERE issue_id = ? AND version = 1",
                                       [issue_id]).fetchone()[0])
    cols = [(c["metric"], c["period"]) for c in snap["table"]["columns"]]
    return {r["ticker"]: [r["values"][cols.index(k)] for k in PE_COLUMNS] for r in snap["table"]["rows"]}


def _pe_in_pdf(pdf: bytes) -> dict[str, list[str]]:
    """The table's PE 2024E and 2025E as printed, by ticker (the row's two numbers before 年初至今)."""
    out = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for line in page.extract_text().splitlines():
            m = re.match(r"\s*(\d{6}\.S[HZ])\s+\S+\s+(.*)$", line)
            if m and m.group(1) not in out:
                numbers = m.group(2).split()
                out[m.group(1)] = numbers[-3:-1]
    return out


def _one(value) -> str:
    return f"{value:.1f}"


def test_a_correction_finalised_on_another_workstation_prints_what_its_editor_previewed(editor_and_supervisor, tmp_path):
    desk, (a, ca), (b, cb) = editor_and_supervisor
    issue_id = a.issue("latest").id
    change_status(a, issue_id, "review", by="编辑甲")
    change_status(a, issue_id, "final", by="编辑甲")
    # next week's figures arrive (a file dated after the issue's 截至): one to take, one to keep
    a.write_facts([(RUNXIN, "pe", "2025E", 80.01), (TLW, "pe", "2025E", 33.33)], source="Wind", as_of=NEXT_WEEK)
    sync(a, ca)
    sync(b, cb)
    assert b.issue(issue_id).status == "final"

    open_correction(a, issue_id, reason="乐鑫科技 PE 更正；润欣科技采用新预测", by="编辑甲",
                    take=[f"{RUNXIN}:pe:2025E"])
    a.set_fact(LEXIN, "pe", "2024E", 77.7)  # typed in the correction
    change_status(a, issue_id, "review", by="编辑甲")
    preview = tmp_path / "a_preview.pdf"
    export_issue(a, issue_id, preview)  # the editor's last preview
    sync(a, ca)

    result = sync(b, cb)
    assert result.refused == 0
    assert (b.issue(issue_id).status, b.issue(issue_id).version) == ("review", 2)
    change_status(b, issue_id, "final", by="审核乙", accept_changes=True)
    published = tmp_path / "b_final.pdf"
    export_issue(b, issue_id, published)

    expected = {t: [_one(v) for v in values] for t, values in _published_pe(a.path, issue_id).items()}
    expected[LEXIN][0] = _one(77.7)  # typed
    expected[RUNXIN][1] = _one(80.01)  # taken
    # 泰凌微's next-week PE 2025E (33.33) is neither: its published value stays
    assert expected[TLW][1] != _one(33.33)
    seen_a, seen_b = _pe_in_pdf(preview.read_bytes()), _pe_in_pdf(published.read_bytes())
    assert seen_a == expected
    assert seen_b == expected
    # the desk holds what the correction takes on the issue, as both stores do
    with psycopg.connect(desk.super_url) as su:
        data = su.execute("SELECT data FROM desk.rows WHERE tbl = 'issues' AND key = %s",
                          [a.scalar("SELECT uid FROM issues WHERE id = ?", [issue_id])]).fetchone()[0]
    held = json.loads(data["correction"])
    assert (held["version"], held["take"], held["typed"]) == (2, [[RUNXIN, "pe", "2025E"]], [[LEXIN, "pe", "2024E", 77.7]])
    sync(b, cb)
    sync(a, ca)
    assert normalised(local_tables(b))["issues"] == normalised(server_tables(desk.super_url))["issues"]
    assert a.issue(issue_id).status == "final" and a.versions(issue_id)[-1]["pdf_sha256"] == \
        b.versions(issue_id)[-1]["pdf_sha256"]


def _preview(store, issue_id, path) -> dict[str, list[str]]:
    export_issue(store, issue_id, path)
    return _pe_in_pdf(path.read_bytes())


def test_a_figure_typed_after_review_travels_with_the_next_sync(editor_and_supervisor, tmp_path):
    """A figure typed after the correction went to review is the correction's too: the desk sync
    records it on the issue before it pushes (``record_open_corrections``), and the supervisor's
    final prints it."""
    desk, (a, ca), (b, cb) = editor_and_supervisor
    issue_id = a.issue("latest").id
    change_status(a, issue_id, "review", by="编辑甲")
    change_status(a, issue_id, "final", by="编辑甲")
    sync(a, ca)
    sync(b, cb)
    open_correction(a, issue_id, reason="乐鑫科技 PE 更正", by="编辑甲")
    change_status(a, issue_id, "review", by="编辑甲")
    a.set_fact(LEXIN, "pe", "2025E", 55.5)  # typed while in review
    preview = _preview(a, issue_id, tmp_path / "a.pdf")
    sync(a, ca)  # (records it on the issue, then pushes)
    assert record_open_corrections(a) == []  # recorded by the sync: the issue is not written again
    sync(b, cb)
    change_status(b, issue_id, "final", by="审核乙", accept_changes=True)
    expected = {t: [_one(v) for v in values] for t, values in _published_pe(a.path, issue_id).items()}
    expected[LEXIN][1] = _one(55.5)
    assert preview == expected
    assert _pe_in_pdf(b.version_pdf(issue_id, 2)) == expected


def test_an_issue_row_without_the_correction_keeps_what_it_takes_here(editor_and_supervisor, tmp_path):
    """The desk's image of the issue written by an earlier release (no ``correction`` key: it
    changed the headline) leaves what the correction takes as this store holds it: the supervisor's
    final still prints the editor's figures, with the headline taken."""
    desk, (a, ca), (b, cb) = editor_and_supervisor
    issue_id = a.issue("latest").id
    change_status(a, issue_id, "review", by="编辑甲")
    change_status(a, issue_id, "final", by="编辑甲")
    a.write_facts([(RUNXIN, "pe", "2025E", 80.01)], source="Wind", as_of=NEXT_WEEK)
    sync(a, ca)
    sync(b, cb)
    open_correction(a, issue_id, reason="润欣科技采用新预测", by="编辑甲", take=[f"{RUNXIN}:pe:2025E"])
    change_status(a, issue_id, "review", by="编辑甲")
    sync(a, ca)
    sync(b, cb)
    uid = a.scalar("SELECT uid FROM issues WHERE id = ?", [issue_id])
    with psycopg.connect(desk.super_url) as su:  # as a workstation of an earlier release writes it
        su.execute("UPDATE desk.rows SET data = (data - 'correction') || jsonb_build_object('headline', "
                   "'周观点：旧版本改的标题'), ws = 'ws-sql', seq = %s WHERE tbl = 'issues' AND key = %s",
                   [10 ** 9 + 17, uid])
    result = sync(b, cb)
    assert result.refused == 0
    assert b.issue(issue_id).headline == "周观点：旧版本改的标题"
    change_status(b, issue_id, "final", by="审核乙", accept_changes=True)
    expected = {t: [_one(v) for v in values] for t, values in _published_pe(a.path, issue_id).items()}
    expected[RUNXIN][1] = _one(80.01)
    assert _pe_in_pdf(b.version_pdf(issue_id, 2)) == expected


WEIER = "603501.SH"  # 韦尔股份: no part of the correction


def test_the_supervisors_own_unrelated_edit_stays_out_of_the_correction(editor_and_supervisor, tmp_path):
    """The supervisor types a figure of a company the correction does not touch while it is in
    review, then finalises it: the published correction prints what the editor's preview printed
    (the figure as published), and page 1's 更正说明 counts only the correction's own figures. Only the
    workstation that opened the correction counts its own typing as the correction's; elsewhere what
    the issue carries counts (the supervisor takes a figure on purpose with ``--take``)."""
    desk, (a, ca), (b, cb) = editor_and_supervisor
    issue_id = a.issue("latest").id
    change_status(a, issue_id, "review", by="编辑甲")
    change_status(a, issue_id, "final", by="编辑甲")
    sync(a, ca)
    sync(b, cb)
    open_correction(a, issue_id, reason="乐鑫科技 PE 更正", by="编辑甲")
    a.set_fact(LEXIN, "pe", "2024E", 77.7)  # typed in the correction
    change_status(a, issue_id, "review", by="编辑甲")
    preview = _preview(a, issue_id, tmp_path / "a.pdf")
    sync(a, ca)
    sync(b, cb)
    published_weier = _published_pe(a.path, issue_id)[WEIER][0]
    b.set_fact(WEIER, "pe", "2024E", float(published_weier) + 1.0)  # the supervisor's own, unrelated edit
    change_status(b, issue_id, "final", by="审核乙", accept_changes=True)
    expected = {t: [_one(v) for v in values] for t, values in _published_pe(a.path, issue_id).items()}
    expected[LEXIN][0] = _one(77.7)
    assert preview == expected
    final_pdf = b.version_pdf(issue_id, 2)
    assert _pe_in_pdf(final_pdf) == expected
    page1 = re.sub(r"\s*\n\s*", "", PdfReader(io.BytesIO(final_pdf)).pages[0].extract_text())
    assert "对比表中 1 个数字按最新数据更新" in page1, page1
