"""Hostile and extreme input: everything exports, escaped, wrapped or cut with a warning."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from workbench.domain.issue import Figure, RelatedReport
from workbench.report import (
    ReportSpec,
    build_report_spec,
    export_pdf,
    preflight,
    render_pdf,
)
from workbench.report.spec import HouseProfile
from workbench.sample import populate_sample


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def printed(kind: str, value: float | None) -> str:
    """The report's print forms, written here: 亿元 (no thousands separators) and multiples with 1 decimal,
    % with 2, -- for missing."""
    if value is None:
        return "--"
    if kind == "amount":
        return f"{value / 100_000_000:.1f}"
    if kind == "ratio":
        return f"{value * 100:.2f}%"
    assert kind == "multiple", kind
    return f"{value:.1f}"


def pdf_text(path_or_bytes) -> tuple[str, int]:
    reader = PdfReader(io.BytesIO(path_or_bytes) if isinstance(path_or_bytes, bytes) else str(path_or_bytes))
    return "\n".join(p.extract_text() for p in reader.pages), len(reader.pages)


@pytest.fixture
def issue(demo_store):
    return demo_store.issue("latest")


@pytest.fixture
def out(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def export(store, issue, out, name="weekly.pdf"):
    store.save_issue(issue)
    result = export_pdf(store, issue.id, out / name)
    text, pages = pdf_text(result.path)
    assert pages == result.pages
    return result, squash(text)


def make_big_store(store, companies: int = 300, segments: int = 24, seed: int = 7) -> int:
    """A store with ``companies`` companies in ``segments`` segments and a complete issue; returns its id."""
    return populate_sample(store, companies=companies, segments=segments, seed=seed)


# ---------------------------------------------------------------------- user text
def test_markup_like_text_prints_as_typed(demo_store, issue, out):
    issue.headline = "周观点：A&B <研究> 报告"
    issue.views = ["<b>不是粗体</b> & <font color='red'>红</font> ]]> a<b 5>3 &amp; **真粗体**",
                   "<para>段落</para><br/><img src='x.png'/>"]
    issue.themes[0].name = "<i>主题</i>"
    issue.risks = ["风险 ]]> <script>"]
    result, flat = export(demo_store, issue, out)
    assert squash("<b>不是粗体</b> & <font color='red'>红</font> ]]> a<b 5>3 &amp; 真粗体") in flat
    assert squash("<para>段落</para><br/><img src='x.png'/>") in flat
    assert "<i>主题</i>" in flat and "]]><script>" in flat
    assert "周观点：A&B<研究>报告" in flat
    assert "**" not in flat


def test_emoji_is_replaced_and_named(demo_store, issue, out):
    issue.views[0] = "表情😀测试" + issue.views[0]
    issue.headline = "周观点🚀起飞"
    result, flat = export(demo_store, issue, out)
    glyph = {f.field: f.message for f in result.warnings if f.code == "glyph"}
    assert "'😀' (U+1F600)" in glyph["views[0]"]
    assert "(U+1F680)" in glyph["headline"]
    assert "表情□测试" in flat and "周观点□起飞" in flat
    assert "😀" not in flat


def test_control_characters_do_not_break_the_pdf(demo_store, issue, out):
    issue.views = ["制表\t符\x00空\x07字\r\n换行\u200b零宽"]
    result, flat = export(demo_store, issue, out)
    assert "制表符空字" in flat


def test_very_long_unbroken_strings_wrap(demo_store, issue, out):
    url = "https://example.com/" + "/".join(["segment"] * 60)
    url = url[:500]
    issue.views = ["A" * 3000, f"链接：{url}"]
    issue.advice = "B" * 1200
    issue.themes[0].rationale = "C" * 500
    issue.risks = ["D" * 800]
    result, flat = export(demo_store, issue, out)
    assert sum(len(run) for run in re.findall("A{40,}", flat)) == 3000  # may continue on the next page
    assert url in flat
    assert sum(len(run) for run in re.findall("B{40,}", flat)) == 1200
    assert sum(len(run) for run in re.findall("D{40,}", flat)) == 800
    assert result.pages >= 4


def test_long_text_stays_inside_the_page(demo_store, issue, out):
    """Every text run starts within the page and no line runs past the right margin."""
    issue.views = ["A" * 3000, "汉" * 2000]
    result, _ = export(demo_store, issue, out)
    reader = PdfReader(str(result.path))
    for page in reader.pages:
        width = float(page.mediabox.width)
        xs = []

        def visit(text, cm, tm, font_dict, font_size):
            if text.strip():
                xs.append(cm[4] + tm[4] * cm[0])

        page.extract_text(visitor_text=visit)
        assert all(-1 <= x <= width for x in xs)


def test_empty_sections(demo_store, issue, out):
    issue.market_review = ""
    issue.views = []
    issue.advice = ""
    issue.themes = []
    issue.related = []
    issue.figures = []
    issue.risks = ["宏观经济不及预期"]
    result, flat = export(demo_store, issue, out)
    assert "【市场回顾】" not in flat and "【投资建议】" not in flat and "图1：" not in flat
    assert "■风险提示：宏观经济不及预期。" in flat
    assert "表1：" in flat
    first = squash(PdfReader(str(result.path)).pages[0].extract_text())
    assert "表1：" not in first  # the full-width table never starts in page 1's narrow column


def test_figures_after_a_short_first_page_start_on_page_two(demo_store, issue, out):
    issue.market_review = "短。"
    issue.views = []
    issue.advice = ""
    issue.themes = []
    result, flat = export(demo_store, issue, out)
    pages = [squash(p.extract_text()) for p in PdfReader(str(result.path)).pages]
    assert "图1：" not in pages[0] and "图1：" in pages[1]


def test_spec_with_nothing_in_it_still_renders():
    spec = ReportSpec(issue_id=None, version=1, status="draft", series="", headline="", period_start="",
                      period_end="", publish_date="", house=HouseProfile(colour="not a colour"))
    data = render_pdf(spec)
    text, pages = pdf_text(data)
    assert pages >= 2
    assert "证券研究报告" in squash(text)


def test_bad_house_colour_falls_back(demo_store, issue, out):
    demo_store.update_house(colour="red; drop table")
    result, flat = export(demo_store, issue, out)
    assert "证券研究报告" in flat


def test_many_analysts_and_long_related_titles_fit_the_sidebar(demo_store, issue, out):
    for i in range(8):
        issue.analysts.append(demo_store.add_analyst(f"分析师{i}", f"S09905200800{i + 10:02d}", "x" * 80))
    issue.related = [RelatedReport("相关" * 200, "2024-12-01") for _ in range(6)]
    result, flat = export(demo_store, issue, out)
    assert "S0990520080017" in flat  # the last analyst is on page 1
    assert {f.code for f in result.warnings} >= {"text_cut"}


# ---------------------------------------------------------------------- oversized content
def test_headline_of_5000_characters(demo_store, issue, out):
    issue.headline = "长" * 5000
    result, flat = export(demo_store, issue, out)
    assert any(f.code == "text_cut" and f.field == "headline" for f in result.warnings)
    assert "长" * 99 + "…" in flat and "长" * 100 not in flat
    meta = PdfReader(str(result.path)).metadata
    assert meta.title == "【草稿】" + "长" * 99 + "…"  # the headline cut to 100, after the draft mark


def test_segment_name_of_5000_characters(demo_store, issue, out):
    long_name = "超长板块" * 1250
    demo_store.set_company_field("688608.SH", "segment", long_name)
    issue.table.segments = None  # every segment, including the new one
    result, flat = export(demo_store, issue, out)
    cut = [f for f in result.warnings if f.code == "text_cut" and f.field.endswith(".segment")]
    assert len(cut) == 1
    assert "688608.SH恒玄科技" in flat
    assert long_name not in flat


def test_company_name_of_500_characters(demo_store, issue, out):
    demo_store.set_company_field("688608.SH", "name", "名" * 500)
    result, flat = export(demo_store, issue, out)
    assert "688608.SH" in flat
    assert any(f.code == "text_cut" and f.field.endswith(".name") for f in result.warnings)


def test_one_huge_paragraph_flows_over_pages(demo_store, issue, out):
    issue.views = ["很长的观点。" * 4000]
    result, flat = export(demo_store, issue, out)
    assert result.pages > 8
    assert "很长的观点。" * 50 in flat


def test_figure_whose_data_is_gone_renders_a_placeholder(demo_store, issue):
    issue.figures.append(Figure("dataset_bars", "丢失的数据", "亿元", "资料来源：Wind", dataset="gone"))
    assert not preflight(demo_store, issue).ok  # blocked on export ...
    text, _ = pdf_text(render_pdf(build_report_spec(demo_store, issue)))  # ... yet the renderer copes
    assert "图表数据缺失" in squash(text)


def test_every_figure_kind_renders(demo_store, issue, out):
    issue.figures += [
        Figure("relative_performance", "申万电子与沪深300走势", "以起点为100", "资料来源：Wind",
               params={"index": "申万电子"}),
        Figure("company_bars", "恒玄科技营业收入与归母净利润", "亿元", "资料来源：Wind", params={"ticker": "688608.SH"}),
    ]
    result, flat = export(demo_store, issue, out)
    assert "图4：申万电子与沪深300走势" in flat and "图5：恒玄科技营业收入与归母净利润" in flat
    assert "单位：以起点为100（示意数据）" in flat
    assert "营业收入" in flat and "归母净利润" in flat


# ---------------------------------------------------------------------- table sizes
def test_table_with_no_companies(demo_store, issue, out):
    issue.table.segments = []
    result, flat = export(demo_store, issue, out)
    assert "无公司数据" in flat
    assert "细分板块代码公司" in flat


def test_table_with_no_columns(demo_store, issue, out):
    issue.table.columns = []
    result, flat = export(demo_store, issue, out)
    assert "688608.SH恒玄科技" in flat


@pytest.fixture
def big(store):
    issue_id = make_big_store(store)
    return store, issue_id


def test_table_with_300_companies(big, out):
    store, issue_id = big
    result = export_pdf(store, issue_id, out / "big.pdf")
    reader = PdfReader(str(result.path))
    pages = [squash(p.extract_text()) for p in reader.pages]
    flat = "".join(pages)
    spec = build_report_spec(store, issue_id)
    assert len(spec.table.rows) == 300
    kinds = [c.kind for c in spec.table.columns]
    assert kinds == ["amount", "ratio", "amount", "ratio", "amount", "ratio", "amount", "ratio",
                     "multiple", "multiple", "ratio"]
    for row in spec.table.rows:
        cells = [row.ticker, row.name] + [printed(k, v) for k, v in zip(kinds, row.values)]
        assert "".join(cells) in flat, row.ticker
    table_pages = [p for p in pages if re.search(r"\d{6}\.SH", p)]
    assert 5 <= len(table_pages) <= 14  # about 50 rows a page
    assert all("细分板块代码公司" in p for p in table_pages)
    assert result.pages == len(reader.pages)


def test_a_table_of_300_rows_in_one_segment(store, out):
    issue_id = make_big_store(store, companies=300, segments=1)
    result = export_pdf(store, issue_id, out / "one.pdf")
    pages = [squash(p.extract_text()) for p in PdfReader(str(result.path)).pages]
    table_pages = [p for p in pages if re.search(r"\d{6}\.SH", p)]
    assert all("板块01" in p for p in table_pages)  # the segment is named on every page
    assert sum("板块01（续）" in p for p in table_pages) == len(table_pages) - 1


def test_the_fonts_name_each_missing_character_once_in_order_and_clean_the_rest():
    """What the bundled face cannot draw is named once each, in order of appearance; cleaning keeps
    text it can draw as it is, turns tabs into spaces, drops control characters and what only
    modifies a missing emoji (its variation selector), and draws □ for the rest."""
    from workbench.report.fonts import font_set

    fonts = font_set({})
    emoji, rare = "\U0001F600", "\U00020000"  # neither is in WenQuanYi Micro Hei
    text = f"周观点{rare}起飞{emoji}，{rare}再{emoji}见\n"
    assert fonts.missing(text) == [rare, emoji]
    assert fonts.missing("周观点，3400.14 点\n\t") == []
    assert fonts.clean("周观点，3400.14 点\n第二行") == "周观点，3400.14 点\n第二行"
    assert fonts.clean(f"a\tb\x00c\x7fd\x85e{emoji}\ufe0ff{rare}") == "a bcde□f□"
