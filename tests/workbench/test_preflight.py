"""Preflight: each rule passes on the demo issue and fails when its part of the issue is broken."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.domain.issue import Theme
from workbench.report import Finding, PreflightResult, preflight


def codes(result: PreflightResult, kind: str = "blockers") -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for f in getattr(result, kind):
        out.setdefault(f.code, []).append(f.field)
    return out


@pytest.fixture
def issue(demo_store):
    return demo_store.issue("latest")


@pytest.fixture
def demo_result(demo_store, issue):
    return preflight(demo_store, issue)


def test_demo_issue_passes(demo_result):
    assert demo_result.ok
    assert demo_result.blockers == []
    assert all(isinstance(f, Finding) and f.message and f.field for f in demo_result.warnings)


def test_preflight_accepts_id_latest_or_issue(demo_store, issue):
    assert preflight(demo_store, issue.id).ok
    assert preflight(demo_store, "latest").ok


def test_findings_are_bilingual(demo_store, issue):
    issue.risks = []
    result = preflight(demo_store, issue)
    message = next(f.message for f in result.blockers if f.code == "risks")
    assert "风险提示" in message and "(" in message and "risk" in message


# ---------------------------------------------------------------------- blockers
def _page_one(store, issue, tmp_path) -> str:
    from pypdf import PdfReader

    from workbench.report import export_pdf

    result = export_pdf(store, issue, tmp_path / "issue.pdf")
    return "".join(PdfReader(str(result.path)).pages[0].extract_text().split())


def test_required_words_are_printed_beside_the_house_name(demo_store, issue, tmp_path):
    page = _page_one(demo_store, issue, tmp_path)
    assert "星海证券" in page and "证券研究报告" in page


def test_a_house_font_that_cannot_draw_the_required_words_is_not_used(demo_store, issue, tmp_path):
    import reportlab

    latin_only = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"  # no Chinese glyphs
    demo_store.update_house(fonts={"body": str(latin_only), "heading": str(latin_only)})
    result = preflight(demo_store, issue)
    assert result.ok
    assert codes(result, "warnings")["font_file"] == ["house.fonts.body", "house.fonts.heading"]
    assert "证券研究报告" in _page_one(demo_store, issue, tmp_path)


def test_house_name_rule(demo_store, issue, demo_result):
    assert "house_name" not in codes(demo_result)
    demo_store.update_house(name_zh="  ")
    assert codes(preflight(demo_store, issue))["house_name"] == ["house.name_zh"]


def test_licence_rule(demo_store, issue, demo_result):
    assert "licence" not in codes(demo_result)
    demo_store.update_house(licence="")
    assert codes(preflight(demo_store, issue))["licence"] == ["house.licence"]


def test_licence_wording_warning(demo_store, issue, demo_result):
    assert "licence_wording" not in codes(demo_result, "warnings")
    demo_store.update_house(licence="本公司经批准开展业务。")
    result = preflight(demo_store, issue)
    assert result.ok
    assert codes(result, "warnings")["licence_wording"] == ["house.licence"]


def test_at_least_one_analyst_rule(demo_store, issue, demo_result):
    assert "analysts" not in codes(demo_result)
    issue.analysts = []
    assert codes(preflight(demo_store, issue))["analysts"] == ["analysts"]


def test_sac_number_rule(demo_store, issue, demo_result):
    assert "sac_no" not in codes(demo_result)
    # a number stored before validation existed (the store refuses new ones)
    demo_store.db.execute("UPDATE analysts SET sac_no = 'S09905' WHERE id = ?", [issue.analysts[1]])
    result = preflight(demo_store, issue)
    assert codes(result)["sac_no"] == ["analysts[1].sac_no"]
    assert "S09905" in result.blockers[0].message


def test_missing_analyst_rule(demo_store, issue, demo_result):
    assert "analyst_missing" not in codes(demo_result)
    issue.analysts = [issue.analysts[0], 999]
    assert codes(preflight(demo_store, issue))["analyst_missing"] == ["analysts[1]"]


@pytest.mark.parametrize("value", ["", "2025-13-03", "下周五", "2025/01/03"])
def test_publish_date_rule(demo_store, issue, demo_result, value):
    assert "publish_date" not in codes(demo_result)
    issue.publish_date = value
    assert codes(preflight(demo_store, issue))["publish_date"] == ["publish_date"]


def test_period_rule(demo_store, issue, demo_result):
    assert "period" not in codes(demo_result)
    issue.period_end = "2024-12-32"
    assert codes(preflight(demo_store, issue))["period"] == ["period_end"]


def test_figure_source_rule(demo_store, issue, demo_result):
    assert "figure_source" not in codes(demo_result)
    issue.figures[1].source = " "
    assert codes(preflight(demo_store, issue))["figure_source"] == ["figures[1].source"]


def test_figure_data_rule(demo_store, issue, demo_result):
    assert "figure_data" not in codes(demo_result)
    issue.figures[2].dataset = "no_such_dataset"
    assert codes(preflight(demo_store, issue))["figure_data"] == ["figures[2]"]


def test_table_source_rule(demo_store, issue, demo_result):
    assert "table_source" not in codes(demo_result)
    issue.table.source = ""
    assert codes(preflight(demo_store, issue))["table_source"] == ["table.source"]


@pytest.mark.parametrize("risks", [[], ["", "   "]])
def test_risk_warning_rule(demo_store, issue, demo_result, risks):
    assert "risks" not in codes(demo_result)
    issue.risks = risks
    assert codes(preflight(demo_store, issue))["risks"] == ["risks"]


@pytest.mark.parametrize("ratings", [{}, {"stock": [{"name": "买入", "rule": "x"}]},
                                     {"stock": [{"name": "买入"}], "industry": []}, {"stock": "买入", "industry": "增持"}])
def test_rating_definitions_rule(demo_store, issue, demo_result, ratings):
    assert "ratings" not in codes(demo_result)
    demo_store.update_house(ratings=ratings)
    assert codes(preflight(demo_store, issue))["ratings"] == ["house.ratings"]


def test_disclaimer_rule(demo_store, issue, demo_result):
    assert "disclaimer" not in codes(demo_result)
    demo_store.update_house(disclaimer="")
    assert codes(preflight(demo_store, issue))["disclaimer"] == ["house.disclaimer"]


def test_every_blocker_is_reported_at_once(demo_store, issue):
    demo_store.update_house(name_zh="", licence="", disclaimer="")
    issue.risks = []
    issue.table.source = ""
    found = codes(preflight(demo_store, issue))
    assert {"house_name", "licence", "disclaimer", "risks", "table_source"} <= set(found)


# ---------------------------------------------------------------------- warnings
def test_declaration_warning(demo_store, issue, demo_result):
    assert "declaration" not in codes(demo_result, "warnings")
    demo_store.update_house(declaration="")
    result = preflight(demo_store, issue)
    assert result.ok and codes(result, "warnings")["declaration"] == ["house.declaration"]


def test_stale_table_as_of_warning(demo_store, issue, demo_result):
    assert "stale_table" not in codes(demo_result, "warnings")
    issue.table.as_of = "2024-11-29"
    result = preflight(demo_store, issue)
    assert result.ok and codes(result, "warnings")["stale_table"] == ["table.as_of"]


def test_table_as_of_within_a_week_is_fine(demo_store, issue):
    issue.table.as_of = "2024-12-20"  # period starts 2024-12-23
    assert "stale_table" not in codes(preflight(demo_store, issue), "warnings")


def test_stale_facts_warning(demo_store, issue, demo_result):
    assert "stale_facts" not in codes(demo_result, "warnings")
    demo_store.set_fact("688608.SH", "pe", "2024E", 99.0, as_of="2024-09-30")
    result = preflight(demo_store, issue)
    assert codes(result, "warnings")["stale_facts"] == ["table"]
    assert "688608.SH" in next(f.message for f in result.warnings if f.code == "stale_facts")


def test_theme_ticker_not_in_store_warning(demo_store, issue, demo_result):
    assert "theme_ticker" not in codes(demo_result, "warnings")
    issue.themes.append(Theme("新主题", "理由", ["688999.SH"]))
    result = preflight(demo_store, issue)
    assert codes(result, "warnings")["theme_ticker"] == [f"themes[{len(issue.themes) - 1}].tickers"]


def test_theme_stock_without_data_warning(demo_store, issue, demo_result):
    found = codes(demo_result, "warnings")["theme_no_data"]
    assert found == ["themes[0].tickers", "themes[3].tickers"]  # 博士眼镜, 信维通信 have no facts
    for t in issue.themes:
        t.tickers = [x for x in t.tickers if x not in ("300622.SZ", "300136.SZ")]
    assert "theme_no_data" not in codes(preflight(demo_store, issue), "warnings")


def test_review_numbers_that_no_longer_match_the_weeks_quotes_block(demo_store, issue, demo_result):
    assert "stale_review" not in codes(demo_result)
    idx = demo_store.index("上证指数")
    demo_store.set_quote(idx["id"], "2024-12-27", 3388.88, 0.0061)  # the vendor corrected the close
    result = preflight(demo_store, issue)
    assert codes(result)["stale_review"] == ["market_review", "market_review"]
    messages = " ".join(f.message for f in result.blockers if f.code == "stale_review")
    assert "上证指数的收盘 3400.14 点与本周行情 3388.88 点不符" in messages
    assert "上证指数的周涨跌幅 +0.95% 与本周行情 +0.61% 不符" in messages


def test_a_review_figure_edited_by_hand_blocks(demo_store, issue):
    issue.market_review = issue.market_review.replace("创业板指报收 2204.90 点，周涨跌幅为-0.22%",
                                                      "创业板指报收 2204.90 点，周涨跌幅为+0.22%")
    result = preflight(demo_store, issue)
    assert codes(result)["stale_review"] == ["market_review"]
    assert "创业板指的周涨跌幅 +0.22% 与本周行情 -0.22% 不符" in result.blockers[0].message


def test_a_review_naming_an_index_without_a_quote_that_week_blocks(demo_store, issue, demo_result):
    assert "review_no_quote" not in codes(demo_result)
    idx = demo_store.index("创业板指")
    demo_store.set_quote(idx["id"], "2024-12-27", None, None)  # the week's only quote is withdrawn
    result = preflight(demo_store, issue)
    assert codes(result)["review_no_quote"] == ["market_review"]
    message = next(f.message for f in result.blockers if f.code == "review_no_quote")
    assert "创业板指" in message and "2024-12-23 至 2024-12-29" in message


def test_a_review_with_the_drafts_no_quote_wording_still_blocks(demo_store, issue):
    # the draft names the gap ("本周无行情"); it may not be published that way
    issue.market_review = "本周上证指数报收 3400.14 点，周涨跌幅为+0.95%；恒生科技本周无行情。"
    demo_store.upsert_index("恒生科技", "HSTECH.HI")
    assert codes(preflight(demo_store, issue))["review_no_quote"] == ["market_review"]


def test_a_reviewed_index_the_store_does_not_know_blocks(demo_store, issue):
    issue.review_indices = [*issue.review_indices, "恒生科技"]
    from workbench.analysis.review import draft_market_review

    drafted = draft_market_review(demo_store, issue)
    assert "恒生科技本周无行情" in drafted
    issue.market_review = drafted
    message = next(f.message for f in preflight(demo_store, issue).blockers if f.code == "review_no_quote")
    assert "市场回顾提到恒生科技" in message


def test_a_verdict_the_quotes_do_not_give_blocks(demo_store, issue):
    issue.market_review = issue.market_review.replace("跑输大盘", "跑赢大盘")
    result = preflight(demo_store, issue)
    assert codes(result)["stale_review"] == ["market_review"]
    assert "“跑赢大盘”" in result.blockers[0].message and "“跑输大盘”" in result.blockers[0].message


def test_a_verdict_without_the_sectors_quote_blocks(demo_store, issue):
    idx = demo_store.index("中证人工智能指数")
    demo_store.set_quote(idx["id"], "2024-12-27", None, None)
    issue.market_review = "本周上证指数报收 3400.14 点，周涨跌幅为+0.95%，电子板块与大盘持平。"
    result = preflight(demo_store, issue)
    message = next(f.message for f in result.blockers if f.code == "stale_review")
    assert "“与大盘持平”" in message and "无法判断跑赢或跑输" in message


def test_other_numbers_and_worded_signs_in_a_review_do_not_block(demo_store, issue):
    issue.market_review = ("本周两市成交额约 1.2 万亿元，AI 硬件龙头估值约 30 倍；上证指数收于 3400 点，上涨0.95%；"
                           "中证人工智能指数下跌0.57%，跑输大盘。")
    result = preflight(demo_store, issue)
    assert "stale_review" not in codes(result) and "review_no_quote" not in codes(result)
    issue.market_review = "本周中证人工智能指数上涨0.57%，跑输大盘。"  # the index fell 0.57%
    assert codes(preflight(demo_store, issue))["stale_review"] == ["market_review"]


def test_a_move_in_points_is_not_read_as_a_close(demo_store, issue):
    issue.market_review = "本周上证指数上涨 32 点，报收 3400.14 点；创业板指下跌5点，收于 2204.90 点。"
    assert "stale_review" not in codes(preflight(demo_store, issue))
    issue.market_review = "本周上证指数上涨 32 点，报收 3432.14 点。"
    assert codes(preflight(demo_store, issue))["stale_review"] == ["market_review"]


def test_a_final_issues_review_is_judged_by_its_frozen_snapshot(demo_store, issue):
    from workbench.drafting.lifecycle import change_status

    change_status(demo_store, issue.id, "review", by="林思远")
    change_status(demo_store, issue.id, "final", by="王编辑")
    idx = demo_store.index("上证指数")
    demo_store.set_quote(idx["id"], "2024-12-27", 3388.88, 0.0061)  # corrected after publication
    final = demo_store.issue(issue.id)
    found = codes(preflight(demo_store, final))
    assert "stale_review" not in found and "review_no_quote" not in found
    # the same correction blocks the issue while it is still a draft
    draft = demo_store.issue(issue.id)
    draft.status = "draft"
    assert "stale_review" in codes(preflight(demo_store, draft))


def test_a_final_issue_stands_when_an_index_quote_is_withdrawn_later(demo_store, issue):
    from workbench.drafting.lifecycle import change_status

    change_status(demo_store, issue.id, "review", by="林思远")
    change_status(demo_store, issue.id, "final", by="王编辑")
    demo_store.set_quote(demo_store.index("创业板指")["id"], "2024-12-27", None, None)
    assert "review_no_quote" not in codes(preflight(demo_store, issue.id))
    correction = demo_store.issue(issue.id)
    correction.status, correction.version = "draft", 2  # reopened: judged against today's quotes again
    assert codes(preflight(demo_store, correction))["review_no_quote"] == ["market_review"]


def test_undrawable_character_warning(demo_store, issue, demo_result):
    assert "glyph" not in codes(demo_result, "warnings")
    issue.views[0] = "表情 😀 与 \U00020000"
    result = preflight(demo_store, issue)
    assert result.ok
    found = [f for f in result.warnings if f.code == "glyph"]
    assert [f.field for f in found] == ["views[0]"]
    assert "'😀' (U+1F600)" in found[0].message
    assert "(U+20000)" in found[0].message


def test_undrawable_character_in_store_data_names_the_row(demo_store, issue):
    demo_store.set_company_field("688608.SH", "name", "恒玄科技✨")
    found = [f for f in preflight(demo_store, issue).warnings if f.code == "glyph"]
    assert any(f.field.startswith("table.rows[") and f.field.endswith("].name") for f in found)
    assert any(f.field == "themes[0].tickers" for f in found)


def test_text_cut_warning(demo_store, issue, demo_result):
    assert "text_cut" not in codes(demo_result, "warnings")
    issue.headline = "长" * 5000
    result = preflight(demo_store, issue)
    assert codes(result, "warnings")["text_cut"] == ["headline"]


def test_sample_data_warning(demo_store, issue, demo_result):
    assert codes(demo_result, "warnings")["sample_data"] == ["cover_index"]
    demo_store.upsert_index("沪深300", "000300.SH", sample=False)
    demo_store.upsert_index("申万电子", "801080.SI", sample=False)
    assert "sample_data" not in codes(preflight(demo_store, issue), "warnings")


def test_cover_chart_warning(demo_store, issue, demo_result):
    assert "cover_chart" not in codes(demo_result, "warnings")
    issue.cover_index = "不存在的指数"
    assert codes(preflight(demo_store, issue), "warnings")["cover_chart"] == ["cover_index"]


def test_an_implausible_table_value_blocks_naming_company_metric_and_period(demo_store, issue, demo_result):
    assert "outlier" not in codes(demo_result)
    # a store written before values were range-checked: 1e300 亿元 of revenue
    demo_store.db.execute("UPDATE facts SET value = 1e308 WHERE ticker = '300493.SZ' AND metric = 'revenue' "
                          "AND period = '2023A'")
    result = preflight(demo_store, issue)
    [finding] = [f for f in result.blockers if f.code == "outlier"]
    assert "300493.SZ" in finding.message and "营业收入" in finding.message and "2023A" in finding.message
    assert finding.field.startswith("table.rows[") and finding.field.endswith("].values[0]")


def test_a_non_finite_table_value_blocks(demo_store, issue):
    demo_store.db.execute("UPDATE facts SET value = 9e999 WHERE ticker = '688608.SH' AND metric = 'pe' "
                          "AND period = '2024E'")  # SQLite reads 9e999 as infinity
    found = [f for f in preflight(demo_store, issue).blockers if f.code == "outlier"]
    assert len(found) == 1
    assert "688608.SH" in found[0].message and "市盈率" in found[0].message and "2024E" in found[0].message


def test_a_growth_rate_beyond_the_plausible_range_blocks_and_one_inside_does_not(demo_store, issue):
    demo_store.set_fact("300308.SZ", "net_profit_yoy", "2023A", 500.0, as_of="2024-12-27")  # +50000%
    found = [f for f in preflight(demo_store, issue).blockers if f.code == "outlier"]
    assert [("300308.SZ" in f.message, "归母净利润同比" in f.message) for f in found] == [(True, True)]
    demo_store.set_fact("300308.SZ", "net_profit_yoy", "2023A", 99.0, as_of="2024-12-27")  # +9900%: possible
    assert "outlier" not in codes(preflight(demo_store, issue))


def test_preflight_does_not_change_the_store(demo_store, issue):
    before = demo_store.counts()
    content = demo_store.issue(issue.id).content_json()
    preflight(demo_store, issue)
    assert demo_store.counts() == before
    assert demo_store.issue(issue.id).content_json() == content


@pytest.mark.parametrize("review", ["", "  \n "])
@pytest.mark.parametrize("status", ["review", "final"])
def test_market_review_rule(demo_store, issue, demo_result, review, status):
    assert "market_review" not in codes(demo_result) and "market_review" not in codes(demo_result, "warnings")
    issue.market_review = review
    issue.status = status
    result = preflight(demo_store, issue)
    assert not result.ok
    assert codes(result)["market_review"] == ["market_review"]
    finding = next(f for f in result.blockers if f.code == "market_review")
    assert finding.label == "市场回顾" and "市场回顾" in finding.message and "(" in finding.message


def test_an_empty_market_review_only_warns_on_a_draft(demo_store, issue):
    """A draft copied forward before the week's quotes arrive can still be previewed."""
    assert issue.status == "draft"
    issue.market_review = ""
    result = preflight(demo_store, issue)
    assert "market_review" not in codes(result)
    assert codes(result, "warnings")["market_review"] == ["market_review"]
