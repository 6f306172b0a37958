"""Preflight: each rule passes on the demo issue and fails when its part of the issue is broken."""

from __future__ import annotations

import importlib

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
def test_required_words_rule(demo_store, issue, demo_result, monkeypatch):
    assert "required_words" not in codes(demo_result)
    # the words the report template prints on page 1 (the package re-exports the preflight function
    # under the module's name, so patch the module object itself)
    module = importlib.import_module("workbench.report.preflight")
    monkeypatch.setattr(module, "REQUIRED_WORDS", "研究报告")
    assert codes(preflight(demo_store, issue))["required_words"] == ["house.name_zh"]


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


def test_stale_review_numbers_warning(demo_store, issue, demo_result):
    assert "stale_review" not in codes(demo_result, "warnings")
    idx = demo_store.index("上证指数")
    demo_store.set_quote(idx["id"], "2024-12-27", 3388.88, 0.0061)
    result = preflight(demo_store, issue)
    assert codes(result, "warnings")["stale_review"] == ["market_review"]
    assert "3400.14" in next(f.message for f in result.warnings if f.code == "stale_review")


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


def test_preflight_does_not_change_the_store(demo_store, issue):
    before = demo_store.counts()
    content = demo_store.issue(issue.id).content_json()
    preflight(demo_store, issue)
    assert demo_store.counts() == before
    assert demo_store.issue(issue.id).content_json() == content
