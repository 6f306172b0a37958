"""The comparison table as .xlsx: numbers as numbers in display units, the PDF's header and merges, atomic."""

from __future__ import annotations

import openpyxl
import pytest

from workbench.domain.metrics import YI
from workbench.drafting.lifecycle import change_status, frozen_spec
from workbench.errors import WorkbenchError
from workbench.report import build_report_spec
from workbench.report.table_xlsx import (
    NO_COMPANIES,
    export_table_xlsx,
    write_table_xlsx,
)
from workbench.sample import populate_sample

GREEN = "1E8C45"
FIRST = 4  # first body row: title, then two header rows


def read(path):
    return openpyxl.load_workbook(path).active


def body_rows(ws) -> dict[str, int]:
    """Ticker -> worksheet row of every company row."""
    rows = {}
    for r in range(FIRST, ws.max_row + 1):
        ticker = ws.cell(r, 2).value
        if ticker is None:
            break
        rows[ticker] = r
    return rows


def expected(kind: str, value: float | None) -> float | None:
    if value is None:
        return None
    return value / YI if kind == "amount" else value


def merged(ws) -> set[str]:
    return {str(r) for r in ws.merged_cells.ranges}


@pytest.fixture
def demo_xlsx(demo_store, tmp_path):
    issue = demo_store.issue("latest")
    path = export_table_xlsx(demo_store, issue.id, tmp_path / "table.xlsx")
    return demo_store, issue, read(path)


def test_every_value_equals_the_store(demo_xlsx):
    store, issue, ws = demo_xlsx
    spec = build_report_spec(store, issue)
    rows = body_rows(ws)
    assert list(rows) == [r.ticker for r in spec.table.rows] and len(rows) == 64
    checked = 0
    for ticker, r in rows.items():
        for k, col in enumerate(spec.table.columns):
            want = expected(col.kind, store.fact(ticker, col.metric, col.period))
            cell = ws.cell(r, 4 + k)
            if want is None:
                assert cell.value is None, (ticker, col)
                continue
            assert isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool), (ticker, col)
            assert cell.value == pytest.approx(want, abs=1e-9), (ticker, col)
            checked += 1
    assert checked == 64 * 11
    assert ws.cell(rows["300493.SZ"], 4).value == pytest.approx(21.6)  # 21.6 亿元 of revenue
    assert ws.cell(rows["300493.SZ"], 12).value == pytest.approx(128.3)  # PE
    assert ws.cell(rows["300493.SZ"], 9).value == pytest.approx(-0.3415)  # a ratio stays a fraction


def test_header_rows_and_merges_follow_the_pdf(demo_xlsx):
    store, issue, ws = demo_xlsx
    spec = build_report_spec(store, issue)
    assert ws["A1"].value == "【草稿】科技重点公司对比（截至2024年12月29日）"  # the demo issue is a draft
    assert [ws.cell(2, c).value for c in range(1, 4)] == ["细分板块", "代码", "公司"]
    assert [ws.cell(2, c).value for c in (4, 8, 12)] == ["营业收入", "归母净利润", "估值"]
    assert [ws.cell(3, 4 + k).value for k in range(11)] == [c.label for c in spec.table.columns]
    ranges = merged(ws)
    assert {"A2:A3", "B2:B3", "C2:C3", "D2:G2", "H2:K2", "L2:N2"} <= ranges
    # every segment: its name once, in a cell merged over exactly its rows
    rows = body_rows(ws)
    by_segment: dict[str, list[int]] = {}
    for row in spec.table.rows:
        by_segment.setdefault(row.segment, []).append(rows[row.ticker])
    assert len(by_segment) == 15
    for segment, at in by_segment.items():
        assert at == list(range(at[0], at[-1] + 1))
        assert ws.cell(at[0], 1).value == segment
        if len(at) > 1:
            assert f"A{at[0]}:A{at[-1]}" in ranges, segment
        else:
            assert not any(r.startswith(f"A{at[0]}:") for r in ranges)
    segment_ranges = [r for r in ranges if r.startswith("A") and not r.startswith("A2:")]
    assert len(segment_ranges) == sum(len(at) > 1 for at in by_segment.values())


def test_number_formats_negatives_and_missing(demo_store, tmp_path):
    demo_store.set_fact("688018.SH", "pe", "2025E", None)  # missing prints empty, never 0 or "--"
    issue = demo_store.issue("latest")
    ws = read(export_table_xlsx(demo_store, issue.id, tmp_path / "t.xlsx"))
    rows = body_rows(ws)
    spec = build_report_spec(demo_store, issue)
    formats = {"amount": "0.0", "ratio": "0.00%", "multiple": "0.0"}  # the reference's style: 2319.1
    negatives = positives = 0
    for r in rows.values():
        for k, col in enumerate(spec.table.columns):
            cell = ws.cell(r, 4 + k)
            if cell.value is None:
                continue
            assert cell.number_format == formats[col.kind]
            colour = cell.font.color.rgb if cell.font.color is not None else None
            if cell.value < 0 and col.kind == "ratio":  # growth falls in green; a negative PE stays neutral
                assert str(colour).endswith(GREEN)
                negatives += 1
            else:
                assert not str(colour).endswith(GREEN)
                positives += 1
    assert negatives >= 10 and positives > negatives
    assert ws.cell(rows["688018.SH"], 13).value is None
    assert ws.cell(rows["688018.SH"], 13).data_type == "n"


def test_notes_panes_widths_colours_and_properties(demo_xlsx):
    *_, ws = demo_xlsx
    last = max(body_rows(ws).values())
    assert ws.cell(last + 1, 1).value == "单位：亿元"
    assert ws.cell(last + 2, 1).value == "资料来源：Wind，iFinD 一致预期，星海证券研究所"
    assert ws.freeze_panes == "D4"
    assert ws["D2"].fill.fgColor.rgb.endswith("9E1B32")
    assert ws["A2"].fill.fgColor.rgb.endswith("9E1B32")
    assert ws["D3"].font.color.rgb.endswith("FFFFFF") and ws["D3"].font.bold
    for letter in "ABCDEFGHIJKLMN":
        assert 10 <= ws.column_dimensions[letter].width <= 40, letter
    assert ws.column_dimensions["A"].width >= 12  # 细分板块 names such as 消费电子 ODM
    book = ws.parent
    assert book.properties.title == "【草稿】科技重点公司对比（截至2024年12月29日）"
    assert book.properties.creator == "星海证券"


def test_house_colour_follows_the_house_profile(demo_store, tmp_path):
    demo_store.update_house(colour="#1F4E79")
    ws = read(export_table_xlsx(demo_store, "latest", tmp_path / "t.xlsx"))
    assert ws["D2"].fill.fgColor.rgb.endswith("1F4E79")
    demo_store.update_house(colour="not a colour")  # falls back to the default, as the PDF does
    ws = read(export_table_xlsx(demo_store, "latest", tmp_path / "t.xlsx"))
    assert ws["D2"].fill.fgColor.rgb.endswith("9E1B32")


def _finalise(store, issue_id):
    change_status(store, issue_id, "review", by="analyst")
    return change_status(store, issue_id, "final", by="editor")


def test_final_issue_exports_its_frozen_numbers(demo_store, tmp_path):
    issue = _finalise(demo_store, demo_store.issue("latest").id)
    before = read(export_table_xlsx(demo_store, issue.id, tmp_path / "before.xlsx"))
    row = body_rows(before)["300493.SZ"]
    assert before.cell(row, 12).value == pytest.approx(128.3)
    assert before.cell(row, 4).value == pytest.approx(21.6)
    # newer data arrives after publication
    demo_store.write_facts([("300493.SZ", "pe", "2024E", 99.9), ("300493.SZ", "revenue", "2023A", 30e8)],
                           source="Wind", as_of="2025-01-06")
    after = read(export_table_xlsx(demo_store, issue.id, tmp_path / "after.xlsx"))
    assert after.cell(row, 12).value == pytest.approx(128.3)
    assert after.cell(row, 4).value == pytest.approx(21.6)
    frozen = frozen_spec(demo_store, issue.id).table
    for r, want in zip(sorted(body_rows(after).values()), frozen.rows):
        assert after.cell(r, 2).value == want.ticker
    # a live spec (what a draft would show) has the new numbers: the test can tell them apart
    live = build_report_spec(demo_store, issue.id).table
    live_row = next(r for r in live.rows if r.ticker == "300493.SZ")
    assert 99.9 in live_row.values


def test_a_draft_exports_the_live_numbers(demo_store, tmp_path):
    demo_store.write_facts([("300493.SZ", "pe", "2024E", 99.9)], source="Wind", as_of="2025-01-06")
    ws = read(export_table_xlsx(demo_store, "latest", tmp_path / "t.xlsx"))
    assert ws.cell(body_rows(ws)["300493.SZ"], 12).value == pytest.approx(99.9)


def test_no_companies(demo_store, tmp_path):
    issue = demo_store.issue("latest")
    issue.table.segments = []
    demo_store.save_issue(issue)
    ws = read(export_table_xlsx(demo_store, issue.id, tmp_path / "empty.xlsx"))
    assert [ws.cell(2, c).value for c in range(1, 4)] == ["细分板块", "代码", "公司"]
    assert ws.cell(FIRST, 1).value == NO_COMPANIES
    assert "A4:N4" in merged(ws)
    assert ws.cell(FIRST + 1, 1).value == "单位：亿元"
    assert ws.cell(FIRST + 2, 1).value.startswith("资料来源")
    assert ws.freeze_panes == "D4"


def make_big_store(store, companies: int = 300, segments: int = 24, seed: int = 11) -> int:
    """A store with ``companies`` companies over ``segments`` segments and an issue showing them all."""
    return populate_sample(store, companies=companies, segments=segments, seed=seed)


def test_300_companies(store, tmp_path):
    issue_id = make_big_store(store)
    ws = read(export_table_xlsx(store, issue_id, tmp_path / "big.xlsx"))
    rows = body_rows(ws)
    assert len(rows) == 300 and max(rows.values()) == FIRST + 299
    spec = build_report_spec(store, issue_id)
    for row in spec.table.rows:
        r = rows[row.ticker]
        for k, (col, value) in enumerate(zip(spec.table.columns, row.values)):
            want = expected(col.kind, value)
            got = ws.cell(r, 4 + k).value
            assert (got is None) if want is None else got == pytest.approx(want, abs=1e-9)
    segment_ranges = [r for r in merged(ws) if r.startswith("A") and r != "A2:A3"]
    assert len(segment_ranges) == 24
    assert ws.cell(FIRST + 300, 1).value == "单位：亿元"
    assert ws.cell(FIRST + 301, 1).value == "资料来源：Wind"  # prefixed once, as printed


def test_user_text_stays_text(demo_store, tmp_path):
    demo_store.upsert_companies([{"ticker": "688608.SH", "name": "=HYPERLINK(\"x\")\x07恒玄",
                                  "segment": "IC 设计"}])
    ws = read(export_table_xlsx(demo_store, "latest", tmp_path / "t.xlsx"))
    cell = ws.cell(body_rows(ws)["688608.SH"], 3)
    assert cell.value == "=HYPERLINK(\"x\")恒玄" and cell.data_type == "s"  # never a formula


def test_table_without_groups_has_one_header_row(demo_store, tmp_path):
    spec = build_report_spec(demo_store, "latest")
    for col in spec.table.columns:
        col.group = ""
    ws = read(write_table_xlsx(spec, tmp_path / "flat.xlsx"))
    assert [ws.cell(2, c).value for c in range(1, 6)] == ["细分板块", "代码", "公司", "2023", "2023 YoY"]
    assert ws.freeze_panes == "D3"
    assert ws.cell(3, 2).value == spec.table.rows[0].ticker
    assert not any(r.endswith("3") and r.startswith(("B2", "D2")) for r in merged(ws))


# ---------------------------------------------------------------------- atomic write and bad targets
def test_failed_save_leaves_no_file_and_keeps_the_earlier_one(demo_store, tmp_path, monkeypatch):
    out = tmp_path / "table.xlsx"
    export_table_xlsx(demo_store, "latest", out)
    earlier = out.read_bytes()

    def broken_save(self, filename):
        with open(filename, "wb") as fh:
            fh.write(b"half a workbook")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(openpyxl.Workbook, "save", broken_save)
    with pytest.raises(WorkbenchError, match="No space left"):
        export_table_xlsx(demo_store, "latest", out)
    assert out.read_bytes() == earlier
    fresh = tmp_path / "fresh.xlsx"
    with pytest.raises(WorkbenchError):
        export_table_xlsx(demo_store, "latest", fresh)
    assert not fresh.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix != ".sqlite"
                  and not p.name.startswith("demo.sqlite")) == ["table.xlsx"]


def test_missing_folder_is_a_clear_error(demo_store, tmp_path):
    with pytest.raises(WorkbenchError, match="目标文件夹不存在"):
        export_table_xlsx(demo_store, "latest", tmp_path / "nowhere" / "t.xlsx")
    assert not (tmp_path / "nowhere").exists()
