"""Every preflight finding names its field as the editor sees it, never as a field path.

An issue is made here to draw findings on table rows, a table header, a view and the previous
week's text (a company name too long to print, characters the font cannot draw, a date of the
previous week, a view carried forward word for word). No label and no message may show a path
such as ``table.rows[53].name`` or ``views[2]``; the company is named by its code, a view by its
number, a segment and a header by their text.
"""

from __future__ import annotations

import re

import pytest

from workbench.domain.issue import TableColumn
from workbench.drafting.lifecycle import copy_forward
from workbench.imports import import_files
from workbench.report.preflight import field_label, preflight
from workbench.report.text import LIMITS

RAW = re.compile(r"[a-z_]+\[\d+\]|\b(?:table|house|themes|figures|views|risks|analysts|related)\.[a-z_]+")
RARE = "𠀀"  # U+20000: outside the bundled font
LONG_NAME = "深圳市超长名称先进半导体与智能终端科技集团股份有限公司"
TICKER = "301234.SZ"
SEGMENT = f"新兴板块{RARE}"


@pytest.fixture
def findings(demo_store, write_csv):
    src = demo_store.issue("latest")
    issue = copy_forward(demo_store, src.id, by="编辑")
    path = write_csv("公司.csv", [["ticker", "name", "segment", "revenue_2023"], [TICKER, LONG_NAME, SEGMENT, "12.3"]])
    import_files(demo_store, [path], default_amount_unit="亿元", new_companies=[TICKER])
    issue.table.segments.append(SEGMENT)
    issue.table.columns.append(TableColumn("pe", "2025E", "估值", f"PE{RARE}"))
    issue.views.append(f"罕见字{RARE}测试；上周 2024年12月24日 的会议纪要。")
    demo_store.save_issue(issue)
    result = preflight(demo_store, issue.id)
    return issue, result.blockers + result.warnings


def test_the_fixture_draws_findings_on_rows_headers_and_views(findings):
    issue, found = findings
    assert len(LONG_NAME) > LIMITS["table.name"]
    codes = {f.code for f in found}
    assert {"text_cut", "glyph", "stale_date", "same_as_last_week"} <= codes


def test_no_finding_shows_a_field_path(findings):
    _, found = findings
    raw = [str(f) for f in found if RAW.search(f.label) or RAW.search(f.message)]
    assert raw == []


def test_a_view_is_named_by_its_number(findings):
    issue, found = findings
    n = len(issue.views)
    glyph = [f for f in found if f.code == "glyph" and f.field == f"views[{n - 1}]"]
    assert len(glyph) == 1 and glyph[0].label == f"行业观点 {n}"
    assert glyph[0].message.startswith(f"行业观点 {n} 含字体无法显示的字符")


def test_a_table_row_is_named_by_its_company_and_a_header_by_its_text(findings):
    _, found = findings
    cut = [f for f in found if f.code == "text_cut" and f.field.startswith("table.rows")]
    assert len(cut) == 1 and TICKER in cut[0].label and TICKER in cut[0].message
    glyphs = [f for f in found if f.code == "glyph" and f.field.startswith("table.")]
    segment = [f for f in glyphs if f.field.endswith(".segment")]
    assert len(segment) == 1 and f"“{SEGMENT}”" in segment[0].label and f"“{SEGMENT}”" in segment[0].message
    header = [f for f in glyphs if f.field.startswith("table.columns")]
    assert len(header) == 1 and f"PE{RARE}" in header[0].label


@pytest.mark.parametrize("path, words", [
    ("table.rows[53].name", "比较表第 54 行公司简称"),
    ("table.rows[0].segment", "比较表第 1 行细分板块"),
    ("table.rows[2].values[4]", "比较表第 3 行数据"),
    ("table.columns[1]", "比较表第 2 列表头"),
    ("house.ratings.stock[0]", "评级定义"),
    ("rating", "投资评级"),
    ("table.segments", "比较表细分板块"),
])
def test_table_paths_without_the_spec_still_read_as_words(path, words):
    assert field_label(path) == words
