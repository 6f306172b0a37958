"""The 投资建议 lead-in ("…建议关注以下方向：") never ends a page while its numbered themes begin the
next: its last lines go over with theme 1, or the whole of it does when it cannot split.

The views grow step by step so that the page break passes through the advice and its list; each
PDF is read back with pypdf, page by page."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from workbench.report import export_pdf

FILLER = ("我们认为，AI 硬件产业链景气度有望在 2025 年继续上行，其中 PCB（高多层板）、光模块（800G/1.6T）与“铜连接”"
          "环节弹性最大；建议关注：龙头公司的订单兑现节奏、产能扩张进度与毛利率变化。") * 10
LONG_ADVICE = ("我们认为，2025 年 AI 行情有望由软件向硬件接力：算力基础设施的资本开支仍在上行，端侧 AI 新品密集发布，"
               "消费电子有望迎来换机周期，PCB、光模块与卫星互联网等环节的订单能见度较好，AI 硬件龙头的估值有望修复至 "
               "30 倍 PE 左右。建议关注以下方向：")


def squash(text: str) -> str:
    return "".join(text.split())


def pages_of(store, issue, path) -> list[str]:
    export_pdf(store, issue, path)
    return [squash(page.extract_text()) for page in PdfReader(str(path)).pages]


def page_with(pages: list[str], text: str) -> int:
    return next(k for k, t in enumerate(pages) if squash(text) in t)


@pytest.mark.parametrize("advice", [None, LONG_ADVICE], ids=["demo-advice", "four-line-advice"])
def test_the_lead_in_shares_a_page_with_the_first_theme(demo_store, tmp_path, advice):
    issue = demo_store.issue("latest")
    views = list(issue.views)
    if advice is not None:
        issue.advice = advice
    lead_end = issue.advice[-12:]  # the lead-in's last words, as the editor typed them
    first = f"1）{issue.themes[0].name}"
    last = f"{len(issue.themes)}）{issue.themes[-1].name}"
    straddled = 0
    for extra in range(440, 680, 24):
        issue.views = views + ["**加长测试。**" + FILLER[:extra]]
        demo_store.save_issue(issue)
        pages = pages_of(demo_store, issue, tmp_path / f"advice_{extra}.pdf")
        assert page_with(pages, lead_end) == page_with(pages, first), f"{extra} characters more"
        straddled += page_with(pages, "【投资建议】") < page_with(pages, last)
    # the break did fall inside the advice and its list for some lengths (the case is exercised)
    assert straddled
