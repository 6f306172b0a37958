"""A long headline takes one more line rather than break inside a word: when every layout in the
greedy fill's number of lines must cut between two hanzi of a word (算力基础|设施), and one more line
lets every break fall at a phrase boundary, the headline has that line. Read back from the PDF."""

from __future__ import annotations

import shutil
from dataclasses import replace

import pytest

from workbench.report import build_report_spec, render_pdf
from workbench.report.styles import MAIN_X

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")

HEADLINE_SIZE = 16.5
LONG = ("周观点：CES 2025 前瞻与年初调整共振，AI 端侧硬件、半导体设备国产替代与算力基础设施三条主线的布局窗口正在打开，"
        "建议逢低关注估值回落至历史中枢以下的龙头公司")
WORDS = ["基础设施", "算力", "国产替代", "半导体", "设备", "主线", "布局", "窗口", "打开", "估值", "回落", "历史", "中枢",
         "龙头", "公司", "前瞻", "调整", "共振", "硬件"]


@pytest.fixture(scope="module")
def demo_spec(tmp_path_factory, demo_store_template):
    from workbench.store import Store

    path = tmp_path_factory.mktemp("headline") / "demo.sqlite"
    shutil.copy(demo_store_template, path)
    with Store(path) as store:
        return build_report_spec(store, "latest")


def headline_lines(spec, headline: str, tmp_path) -> list[str]:
    from tests.workbench.test_report_layout import lines_of

    pdf = tmp_path / "h.pdf"
    pdf.write_bytes(render_pdf(replace(spec, headline=headline, status="final")))
    lines = [ln.text for ln in lines_of(pdf) if ln.page == 1 and ln.x0 >= MAIN_X - 1
             and abs(ln.size - HEADLINE_SIZE) < 0.3]
    assert "".join(lines) == headline.replace(" ", "")  # the whole headline, in order
    return lines


def test_a_long_headline_takes_a_fifth_line_rather_than_split_a_word(demo_spec, tmp_path):
    texts = headline_lines(demo_spec, LONG, tmp_path)
    assert len(texts) >= 4
    for a, b in zip(texts, texts[1:]):
        for w in WORDS:
            for k in range(1, len(w)):
                assert not (a.endswith(w[:k]) and b.startswith(w[k:])), (w, texts)


def test_a_headline_that_breaks_well_in_its_lines_keeps_their_number(demo_spec, tmp_path):
    headline = "海外云厂商资本开支保持高位增长，算力基础设施建设仍处上行周期；端侧 AI 新品密集发布，关注光模块"
    texts = headline_lines(demo_spec, headline, tmp_path)
    assert len(texts) == 3, texts
