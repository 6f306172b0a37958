"""The closing pages carry the compliance text the reference carries; the demo house says it is fictional."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from workbench.report import export_pdf
from workbench.report.preflight import preflight


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture
def pages(demo_store, tmp_path):
    reader = PdfReader(str(export_pdf(demo_store, "latest", tmp_path / "a.pdf").path))
    return [squash(p.extract_text()) for p in reader.pages]


def closing(pages: list[str]) -> str:
    """The text of the closing pages, from the analyst declaration on (footers and marks removed)."""
    first = next(i for i, t in enumerate(pages) if "分析师声明" in t)
    text = "".join(pages[first:])
    return re.sub(r"星海证券\|先进科技主题周报行业周报演示样本：.*?请务必阅读尾页重要声明|第\d+页/共\d+页|草稿·未经审核，不得对外发布|草稿",
                  "", text)


def test_the_closing_page_carries_the_risk_and_past_performance_sentences(pages):
    last = closing(pages)
    assert "市场有风险，投资需谨慎。" in last
    assert "过往业绩不代表未来表现" in last


def test_the_rating_explanation_names_every_rating_and_the_benchmark(pages):
    last = closing(pages)
    start = last.index("投资评级说明：")
    note = last[start:start + 600]
    assert "股票投资评级：买入：相对同期基准指数涨幅在20%以上；增持：" in note
    assert "行业投资评级：增持：相对同期基准指数涨幅在10%以上；中性：" in note
    assert "评级基准：A股市场以沪深300指数为基准；港股市场以恒生指数为基准" in note
    assert "报告发布日后6个月内（个股）或12个月内（行业）" in note


def test_every_demo_page_says_the_house_is_fictional(pages):
    assert len(pages) >= 4
    for text in pages:
        assert "演示样本：机构、分析师及执业证书编号均为虚构示例" in text


def test_the_demo_disclaimer_says_house_analysts_and_numbers_are_examples(pages):
    assert "星海证券、署名分析师及其执业证书编号均为虚构示例" in closing(pages)
    assert "XinghaiSecurities(fictional)" in pages[0]


def test_a_disclaimer_without_the_risk_sentence_blocks(demo_store):
    assert "risk_sentence" not in [f.code for f in preflight(demo_store, "latest").blockers]
    house = demo_store.house()
    demo_store.update_house(disclaimer=house["disclaimer"].replace("市场有风险，投资需谨慎。", ""))
    found = [f for f in preflight(demo_store, "latest").blockers if f.code == "risk_sentence"]
    assert [f.field for f in found] == ["house.disclaimer"]
    assert "市场有风险，投资需谨慎" in found[0].message


def test_the_risk_sentence_may_wrap_or_use_an_ascii_comma(demo_store):
    demo_store.update_house(disclaimer="本报告仅供客户使用。\n\n市场有风险,\n投资需谨慎。")
    assert "risk_sentence" not in [f.code for f in preflight(demo_store, "latest").blockers]
    demo_store.update_house(disclaimer="本报告仅供客户使用。市场有风险。")
    assert "risk_sentence" in [f.code for f in preflight(demo_store, "latest").blockers]
