"""The demo issue's PDF: content against the store, fonts, metadata, outline, determinism, atomic write."""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from pypdf import PdfReader

from workbench.charts.spec import KINDS, ChartSpec, Series
from workbench.progress import Cancelled
from workbench.report import (ExportResult, PreflightFailed, ReportSpec, build_report_spec, export_pdf,
                              export_spec_pdf, render_pdf, write_pdf_bytes)

ROOT = Path(__file__).resolve().parents[2]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def demo(tmp_path_factory, demo_store_template):
    """The demo store (private copy), its spec and its exported PDF, built once for this module."""
    from workbench.store import Store

    folder = tmp_path_factory.mktemp("report")
    with Store(demo_store_template) as s:
        s.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    path = folder / "demo.sqlite"
    shutil.copy(demo_store_template, path)
    store = Store(path)
    result = export_pdf(store, "latest", folder / "demo.pdf")
    data = result.path.read_bytes()
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    yield {"store": store, "result": result, "data": data, "reader": reader, "text": text,
           "flat": squash(text), "spec": build_report_spec(store, "latest"), "folder": folder}
    store.close()


# ---------------------------------------------------------------------- spec
def test_spec_resolves_the_issue(demo):
    spec = demo["spec"]
    store = demo["store"]
    issue = store.issue("latest")
    assert spec.headline == issue.headline
    assert spec.house.name_zh == "星海证券"
    assert [a.sac_no for a in spec.analysts] == ["S0990520080001", "S0990523070002"]
    assert spec.themes[0].names == ["恒玄科技", "思特威", "博士眼镜"]
    assert len(spec.figures) == 3 and all(f.chart is not None and f.chart.kind == "bars" for f in spec.figures)
    assert spec.cover_chart is not None and spec.cover_chart.kind == "line" and spec.cover_chart.sample
    assert len(spec.table.rows) == 64
    assert len({r.segment for r in spec.table.rows}) == 15
    assert [c.label for c in spec.table.columns][:2] == ["2023", "2023 YoY"]
    first = spec.table.rows[0]
    assert first.values[0] == store.fact(first.ticker, "revenue", "2023A")
    assert spec.table.unit_note == "单位：亿元"


def test_spec_round_trips_through_json(demo):
    spec = demo["spec"]
    text = spec.to_json()
    again = ReportSpec.from_json(text)
    assert again == spec
    assert again.to_json() == text
    assert isinstance(again.cover_chart, ChartSpec) and isinstance(again.cover_chart.x, tuple)


def test_spec_json_is_deterministic(demo):
    store = demo["store"]
    assert build_report_spec(store, "latest").to_json() == build_report_spec(store, "latest").to_json()


# ---------------------------------------------------------------------- PDF content
def test_table_rows_print_as_the_reference(demo):
    """Rows written out as the reference issue prints them (the whole table: test_golden_table.py)."""
    flat = demo["flat"]
    for row in [
        "300493.SZ润欣科技21.62.80%19.223.97%0.4-34.15%0.415.66%128.391.9225.21%",
        "688458.SH美芯晟4.77.06%2.9-8.08%0.3-42.67%-0.3-637.48%0.00.0-39.52%",  # no forecast: PE 0.0
        "688206.SH概伦电子3.318.07%2.825.74%-0.6-225.46%-0.6-99.34%-175.4-411.4-6.93%",  # losses, negative PE
        "688521.SH芯原股份23.4-12.73%16.5-6.50%-3.0-501.64%-4.0-194.94%-89.81338.617.49%",  # PE of four digits
    ]:
        assert row in flat, row


def test_table_values_come_from_the_store(demo_store):
    # read through the store: a new 2023 revenue of 31.4 亿元 for 润欣科技 is what the table prints
    demo_store.write_facts([("300493.SZ", "revenue", "2023A", 31.4e8)], source="Wind", as_of="2024-12-29")
    spec = build_report_spec(demo_store, "latest")
    assert spec.table.rows[0].values[0] == 31.4e8
    text = squash("".join(p.extract_text() for p in PdfReader(io.BytesIO(render_pdf(spec))).pages))
    assert "300493.SZ润欣科技31.42.80%19.2" in text
    assert "300493.SZ润欣科技21.6" not in text


def test_every_index_close_of_the_review_is_printed(demo):
    store, flat = demo["store"], demo["flat"]
    issue = store.issue("latest")
    for name in issue.review_indices:
        idx = store.index(name)
        close = store.quote_on_or_before(idx["id"], issue.period_end)["close"]
        assert f"{name}报收{close:.2f}点" in flat


def test_the_pdf_shows_the_required_parts(demo):
    flat, spec = demo["flat"], demo["spec"]
    for words in ["证券研究报告", "星海证券", "增持（维持）", "执业证书编号：S0990520080001", "发布日期：2025年01月03日",
                  "最近一年行业指数与沪深300比较", "示意数据", "相关报告", "主要观点", "【市场回顾】", "【科技行业观点】",
                  "【投资建议】", "1）AI新消费场景", "关注标的：【恒玄科技】【思特威】【博士眼镜】",
                  "■风险提示：下游需求不及预期；AI商业化进展不及预期；政策变化风险；宏观经济不及预期。",
                  "图1：海外云厂商CY2024Q3营业收入", "单位：亿美元", "资料来源：Wind，星海证券研究所",
                  "表1：科技重点公司对比（截至12月29日）", "营业收入", "归母净利润", "估值", "PE2024E", "年初至今",
                  "资料来源：Wind，iFinD一致预期，星海证券研究所", "分析师声明", "公司业务资格说明",
                  "投资评级体系与评级定义", "免责声明", "请务必阅读尾页重要声明", "——先进科技主题周报20241223-20241229"]:
        assert squash(words) in flat, words
    assert squash(spec.headline) in flat
    for rating in ("买入", "增持", "中性", "减持", "无评级"):
        assert rating in flat
    assert "相对同期基准指数涨幅在20%以上" in flat


def test_bold_markup_is_not_printed(demo):
    assert "**" not in demo["text"]
    assert "<b>" not in demo["text"]


def test_page_numbers_know_the_total(demo):
    reader = demo["reader"]
    n = len(reader.pages)
    assert demo["result"].pages == n
    for i, page in enumerate(reader.pages, 1):
        assert f"第{i}页/共{n}页" in squash(page.extract_text())


def test_page_count_is_reasonable(demo):
    assert 3 <= demo["result"].pages <= 6


def test_table_header_repeats_on_every_table_page(demo):
    pages = [squash(p.extract_text()) for p in demo["reader"].pages]
    table_pages = [p for p in pages if re.search(r"\d{6}\.S[HZ]", p)]
    assert len(table_pages) >= 2
    for p in table_pages:
        assert "细分板块代码公司" in p
    # the caption comes again, marked 续, on each later page; no segment label is (the demo's
    # table breaks between segments)
    assert "（续）" not in table_pages[0]
    for p in table_pages[1:]:
        assert p.count("（续）") == 1
        assert re.search(r"表1：[^（]*（截至12月29日）（续）单位：亿元", p), p[:120]


def test_fonts_are_embedded_truetype(demo):
    reader = demo["reader"]
    seen = 0
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            seen += 1
            assert font["/Subtype"] != "/Type3"
            assert font["/Subtype"] == "/TrueType"
            descriptor = font["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor
    assert seen > 0


def test_bold_text_draws_from_the_regular_fonts_embedded_glyphs(demo):
    """Bold (a stroked regular face) embeds no second copy of the glyphs: one family of subsets."""
    names, stroked = set(), 0
    for page in demo["reader"].pages:
        for ref in page["/Resources"].get_object().get("/Font", {}).values():
            names.add(str(ref.get_object()["/BaseFont"]))
        stroked += zlib.decompress(page["/Contents"].get_object()._data).count(b" 2 Tr")
    assert names and all(n.split("+", 1)[1] == "WenQuanYiMicroHei-0" for n in names)
    assert len(names) == len({n.split("+", 1)[0] for n in names})  # AAAAAA+, AAAAAB+, ...: distinct subsets
    assert stroked >= 10  # the bold labels, headings and table header are still drawn stroked


def test_metadata(demo):
    meta = demo["reader"].metadata
    spec = demo["spec"]
    assert meta.title == "【草稿】" + spec.headline  # the demo issue is a draft
    assert meta.author == "林思远、周雨桐"
    assert meta.subject == "先进科技主题周报 20241223-20241229（草稿，不得对外发布 not for release）"
    assert "星海证券" in meta["/Keywords"] and "AI 新消费场景" in meta["/Keywords"]
    assert meta["/CreationDate"].startswith("D:20250103")  # dated by the publication date, not the clock


def test_outline_points_at_the_right_pages(demo):
    reader = demo["reader"]

    def flatten(items):
        for item in items:
            if isinstance(item, list):
                yield from flatten(item)
            else:
                yield item

    entries = {e.title: reader.get_destination_page_number(e) for e in flatten(reader.outline)}
    last = len(reader.pages) - 1
    assert entries["主要观点"] == 0
    assert entries[demo["spec"].headline] == 0
    assert entries["图 1：海外云厂商 CY2024Q3 营业收入"] >= 1
    assert "表 1：科技重点公司对比（截至12月29日）" in entries
    assert entries["重点公司对比"] >= 1
    assert entries["免责声明"] == last
    assert entries["分析师声明"] >= entries["重点公司对比"]


def test_size_is_small(demo):
    assert len(demo["data"]) < 1_500_000


def test_export_result(demo):
    result = demo["result"]
    assert isinstance(result, ExportResult)
    assert result.sha256 == hashlib.sha256(demo["data"]).hexdigest()
    assert demo["data"].startswith(b"%PDF")
    codes = {w.code for w in result.warnings}
    assert "theme_no_data" in codes  # 博士眼镜 and 信维通信 have no facts in the demo


# ---------------------------------------------------------------------- determinism
def test_re_export_is_byte_identical(demo, tmp_path):
    again = export_pdf(demo["store"], "latest", tmp_path / "again.pdf")
    assert again.sha256 == demo["result"].sha256


def test_render_from_json_snapshot_gives_the_same_bytes(demo):
    spec = demo["spec"]
    assert render_pdf(ReportSpec.from_json(spec.to_json())) == demo["data"]


def _fresh_process_sha256(demo, tmp_path, **env) -> str:
    """SHA-256 of the demo's PDF rendered from its snapshot in a fresh interpreter, with ``env`` set."""
    snapshot = tmp_path / "spec.json"
    snapshot.write_text(demo["spec"].to_json(), encoding="utf-8")
    code = ("import sys, hashlib; from workbench.report import ReportSpec, render_pdf; "
            "spec = ReportSpec.from_json(open(sys.argv[1], encoding='utf-8').read()); "
            "print(hashlib.sha256(render_pdf(spec)).hexdigest())")
    out = subprocess.run([sys.executable, "-c", code, str(snapshot)], cwd=ROOT, capture_output=True, text=True,
                         check=True, env={**os.environ, "LANG": "C.UTF-8", **env})
    return out.stdout.strip()


def test_fresh_process_renders_the_same_bytes(demo, tmp_path):
    # a build environment's SOURCE_DATE_EPOCH must not change the bytes either
    assert _fresh_process_sha256(demo, tmp_path, SOURCE_DATE_EPOCH="1700000000") == demo["result"].sha256


def test_page_streams_are_flate_compressed_only_whatever_reportlab_is_set_to(demo, tmp_path):
    """No ASCII85 layer over the page streams (a quarter larger), even where reportlab's own
    setting (RL_useA85) asks for it: the bytes stay the same."""
    assert b"ASCII85Decode" not in demo["data"]
    for page in demo["reader"].pages:
        stream = page["/Contents"].get_object()
        assert stream["/Filter"] in ("/FlateDecode", ["/FlateDecode"])
        assert b" Tf" in zlib.decompress(stream._data)  # Flate alone gives the page's text operators
    assert _fresh_process_sha256(demo, tmp_path, RL_useA85="1") == demo["result"].sha256


def test_export_spec_pdf_matches_export(demo, tmp_path):
    result = export_spec_pdf(ReportSpec.from_json(demo["spec"].to_json()), tmp_path / "frozen.pdf")
    assert result.sha256 == demo["result"].sha256
    assert result.pages == demo["result"].pages


def test_write_pdf_bytes(demo, tmp_path):
    result = write_pdf_bytes(demo["data"], tmp_path / "stored.pdf")
    assert result.path.read_bytes() == demo["data"]
    assert result.pages == demo["result"].pages


# ---------------------------------------------------------------------- atomic write
def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.fixture
def out(tmp_path):
    """An empty output folder (the demo store lives in tmp_path itself)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def test_failed_render_keeps_the_earlier_file(demo_store, out, monkeypatch):
    target = out / "weekly.pdf"
    target.write_bytes(b"earlier export")
    import workbench.report.export as export_module

    def broken(spec, progress=None):
        raise RuntimeError("renderer failed")

    monkeypatch.setattr(export_module, "render_with_pages", broken)
    with pytest.raises(RuntimeError):
        export_pdf(demo_store, "latest", target)
    assert target.read_bytes() == b"earlier export"
    assert _listing(out) == ["weekly.pdf"]


def test_failed_write_leaves_no_temp_file(demo_store, out, monkeypatch):
    target = out / "weekly.pdf"
    target.write_bytes(b"earlier export")
    written = []

    def broken_replace(src, dst):
        written.append(Path(src).read_bytes()[:5])
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)  # wherever the export does its final rename
    from workbench.errors import WorkbenchError

    with pytest.raises(WorkbenchError):
        export_pdf(demo_store, "latest", target)
    assert written == [b"%PDF-"]  # the PDF went to a temporary file first
    assert target.read_bytes() == b"earlier export"
    assert _listing(out) == ["weekly.pdf"]


def test_blocked_export_writes_nothing(demo_store, out):
    target = out / "weekly.pdf"
    target.write_bytes(b"earlier export")
    demo_store.update_house(disclaimer="")
    with pytest.raises(PreflightFailed) as info:
        export_pdf(demo_store, "latest", target)
    assert "[免责声明]" in str(info.value)
    assert [f.field for f in info.value.blockers] == ["house.disclaimer"]
    assert target.read_bytes() == b"earlier export"
    assert _listing(out) == ["weekly.pdf"]


def test_blocked_export_creates_no_file(demo_store, out):
    demo_store.update_house(licence="", disclaimer="")
    with pytest.raises(PreflightFailed) as info:
        export_pdf(demo_store, "latest", out / "weekly.pdf")
    message = str(info.value)
    assert "[业务资格说明]" in message and "[免责声明]" in message  # every blocker is listed
    assert _listing(out) == []


def test_cancelled_export_writes_nothing(demo_store, out):
    calls = []

    def progress(done, total, message):
        calls.append(message)
        return len(calls) < 4  # cancel while laying out

    with pytest.raises(Cancelled):
        export_pdf(demo_store, "latest", out / "weekly.pdf", progress=progress)
    assert any("页" in m for m in calls)
    assert _listing(out) == []


def test_progress_reaches_the_end(demo_store, tmp_path):
    seen = []
    export_pdf(demo_store, "latest", tmp_path / "weekly.pdf", progress=lambda d, t, m: seen.append((d, t)))
    assert seen[0] == (0, 4) and seen[-1] == (4, 4)
    assert all(d <= t for d, t in seen)


def test_missing_folder_is_a_clear_error(demo_store, tmp_path):
    from workbench.errors import WorkbenchError

    with pytest.raises(WorkbenchError, match="不存在"):
        export_pdf(demo_store, "latest", tmp_path / "nope" / "weekly.pdf")


# ---------------------------------------------------------------------- charts
@pytest.mark.parametrize("kind", KINDS)
def test_chart_renderer_draws_every_kind(kind, tmp_path):
    from reportlab.graphics import renderPDF
    from reportlab.graphics.shapes import String

    from workbench.report.charts import spec_to_drawing
    from workbench.report.fonts import font_set

    fonts = font_set({})
    if kind == "line":
        spec = ChartSpec(kind, "走势", ("2024-01-02", "2024-02-01", "2024-03-01", "2024-04-01"),
                         (Series("申万电子", (100.0, 104.0, None, 110.0)), Series("沪深300", (100.0, 99.0, 98.5, 101.0))),
                         unit="以起点为100", sample=True)
        expected = {"申万电子", "沪深300", "24-02", "示意数据"}
    else:
        spec = ChartSpec(kind, "营收", ("微软", "谷歌", "亚马逊"),
                         (Series("营业收入", (655.9, -12.5, None)), Series("净利润", (246.7, 10.0, 152.5))), unit="亿美元")
        expected = {"微软", "亚马逊", "655.9", "-12.5", "营业收入", "净利润", "单位：亿美元"}
    drawing = spec_to_drawing(spec, 240, 150, fonts.body, clean=fonts.clean)
    texts = set()

    def walk(node):
        for child in getattr(node, "contents", []):
            if isinstance(child, String):
                texts.add(child.text)
            walk(child)

    walk(drawing)
    assert expected <= texts
    renderPDF.drawToFile(drawing, str(tmp_path / "chart.pdf"))
    assert (tmp_path / "chart.pdf").stat().st_size > 0


def test_chart_without_values_says_so():
    from workbench.report.charts import spec_to_drawing
    from workbench.report.fonts import font_set

    fonts = font_set({})
    d = spec_to_drawing(ChartSpec("bars", "空", ("a",), (Series("s", (None,)),)), 200, 100, fonts.body)
    assert any("暂无数据" in getattr(c, "text", "") for c in d.contents)


@pytest.mark.parametrize("kind", KINDS)
def test_chart_ignores_nan_and_infinity(kind, tmp_path):
    from reportlab.graphics import renderPDF

    from workbench.report.charts import spec_to_drawing
    from workbench.report.fonts import font_set

    fonts = font_set({})
    x = ("2024-01-02", "2024-01-03", "2024-01-04") if kind == "line" else ("a", "b", "c")
    spec = ChartSpec(kind, "t", x, (Series("s", (1.0, float("nan"), float("inf"))),))
    renderPDF.drawToFile(spec_to_drawing(spec, 200, 120, fonts.body), str(tmp_path / "c.pdf"))
    data = (tmp_path / "c.pdf").read_bytes()
    assert b"nan" not in data.lower() and b"inf " not in data


def test_nice_ticks():
    from workbench.report.charts import nice_ticks

    assert nice_ticks(0, 1588.8, 5) == [0, 500, 1000, 1500, 2000]
    assert nice_ticks(0, 263, 5) == [0, 100, 200, 300]
    assert nice_ticks(-2.25, 3.0, 5) == [-4, -2, 0, 2, 4]  # steps of 2 cover both ends


def test_nice_ticks_of_a_flat_series_start_at_its_value():
    from workbench.report.charts import nice_ticks

    # a flat series gets a span of a tenth of its value (or 1 at zero) above it, in round steps
    assert nice_ticks(5, 5) == pytest.approx([5.0, 5.1, 5.2, 5.3, 5.4, 5.5])
    assert nice_ticks(0, 0) == pytest.approx([0.0, 0.2, 0.4, 0.6, 0.8, 1.0])
    assert nice_ticks(-3, -3) == pytest.approx([-3.0, -2.9, -2.8, -2.7])


# ---------------------------------------------------------------------- house fonts
def test_house_font_is_used_when_it_exists(demo_store, tmp_path):
    from workbench.report.fonts import bundled_font_path

    house_font = tmp_path / "house-hei.ttc"
    shutil.copy(bundled_font_path(), house_font)
    demo_store.update_house(fonts={"body": str(house_font), "heading": str(tmp_path / "missing.ttf")})
    result = export_pdf(demo_store, "latest", tmp_path / "weekly.pdf")
    assert any(w.field == "house.fonts.heading" for w in result.warnings)
    from workbench.report.fonts import font_set

    fonts = font_set({"body": str(house_font)})
    assert fonts.body != font_set({}).body
    reader = PdfReader(str(result.path))
    assert "证券研究报告" in squash(reader.pages[0].extract_text())


@pytest.mark.parametrize("name", ["Vera.ttf", "missing.ttf", "notes.txt", "broken.ttf"])
def test_unusable_house_font_falls_back_with_a_warning(demo_store, tmp_path, name):
    import reportlab

    from workbench.report.fonts import font_set

    path = tmp_path / name
    if name == "Vera.ttf":  # a real TrueType font without Chinese glyphs
        shutil.copy(Path(reportlab.__file__).parent / "fonts" / "Vera.ttf", path)
    elif name != "missing.ttf":
        path.write_bytes(b"not a font")
    demo_store.update_house(fonts={"body": str(path)})
    out = tmp_path / "out"
    out.mkdir()
    result = export_pdf(demo_store, "latest", out / "weekly.pdf")
    assert [w.field for w in result.warnings if w.code == "font_file"] == ["house.fonts.body"]
    assert font_set({"body": str(path)}) == font_set({})
    assert "证券研究报告" in squash(PdfReader(str(result.path)).pages[0].extract_text())


def test_cover_chart_names_the_benchmark(demo_store):
    from workbench.report import build_report_spec

    assert build_report_spec(demo_store, 1).cover_chart.title == "最近一年行业指数与沪深300比较"
    demo_store.upsert_index("上证指数", "000001.SH", is_benchmark=True)
    spec = build_report_spec(demo_store, 1)
    assert spec.cover_chart.title == "最近一年行业指数与上证指数比较"
    assert [s.name for s in spec.cover_chart.series] == ["申万电子", "上证指数"]


def test_the_table_caption_comes_before_its_rows_and_the_source_after(demo):
    """Copy-paste and screen readers get the text in content order: caption, rows, source line."""
    pages = [squash(p.extract_text()) for p in demo["reader"].pages]
    first = next(p for p in pages if "300493.SZ" in p)
    assert first.index("表1：科技重点公司对比") < first.index("细分板块代码公司") < first.index("300493.SZ")
    last = next(p for p in reversed(pages) if "600845.SH" in p)
    assert last.index("600845.SH") < last.index("资料来源：Wind，iFinD一致预期")
