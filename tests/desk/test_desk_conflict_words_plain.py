"""A conflict's side in words, never a store's raw form: a list said as its items, the house's rating
definitions as their grades, an empty object as 无; a row the other side lacks by the fields that
name it and how many more it holds; the desk role in words (编辑, never editor), the house profile as
机构信息; and whether keeping mine could ever be taken (a role the desk refuses it to)."""

from __future__ import annotations

import json

import pytest

from workbench.desk import roles
from workbench.store import Store
from workbench.store import sync_state as state

RATINGS = json.dumps({
    "horizon_stock": "报告发布日后 6 个月内", "horizon_industry": "报告发布日后 12 个月内",
    "stock": [{"name": n, "rule": "相对同期基准指数"} for n in ("买入", "增持", "中性", "减持", "无评级")],
    "industry": [{"name": n, "rule": "相对同期基准指数"} for n in ("增持", "中性", "减持")],
    "benchmarks": [{"market": "A 股", "index": "沪深 300 指数"}], "note": "说明"}, ensure_ascii=False)
HOUSE = {"name_zh": "星海证券", "name_en": "Xinghai Securities", "licence": "具备证券投资咨询业务资格。",
         "footer": "请务必阅读尾页重要声明", "series": '["先进科技主题周报", "半导体周报"]', "declaration": "作者声明",
         "disclaimer": "免责声明正文", "ratings": RATINGS, "fonts": "{}", "colour": "#9E1B32", "number_style": "{}"}
ISSUE = {"headline": "周观点：端侧 AI 与硬件创新接力", "series": "先进科技主题周报", "period_start": "2024-12-23",
         "period_end": "2024-12-29", "publish_date": "2025-01-03", "industry": "电子", "rating": "增持",
         "rating_action": "维持", "status": "draft", "content": "{}", "version": 1, "correction": None,
         "analysts": [], "search_text": "x", "updated_at": "2024-12-27T09:00:00+00:00"}
OLD_ROLE_REASON = ("你的团队库角色 editor 不能修改公司资料和分析师名册 (your desk role, editor, may not change the house "
                   "profile or the analyst register: only an administrator may)")


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "ws.sqlite")
    yield s
    s.close()


def _words(name, value, lang=state.ZH):
    return state.field_text("house", name, value, names=state.Names(), lang=lang)


def test_a_list_is_said_as_its_items_and_an_empty_object_as_none():
    assert _words("series", HOUSE["series"]) == "先进科技主题周报、半导体周报"
    assert _words("fonts", "{}") == "无"
    assert _words("number_style", "{}", state.EN) == "none"
    assert _words("series", "[]") == "无"


def test_the_rating_definitions_are_said_as_their_grades_never_json():
    text = _words("ratings", RATINGS)
    assert "股票 5 级" in text and "行业 3 级" in text and "买入" in text
    assert not any(ch in text for ch in '{}[]"') and "horizon" not in text and "rule" not in text
    assert "5 stock grades" in _words("ratings", RATINGS, state.EN)


def test_a_row_the_other_side_lacks_is_named_by_its_identifying_fields_and_a_count():
    house = state.brief_parts("house", HOUSE, names=state.Names(), lang=state.ZH)
    assert [(p.label, p.text) for p in house] == [("机构名称", "星海证券"), ("", "及其他 8 项")]  # fonts, style: empty
    issue = state.brief_parts("issues", ISSUE, names=state.Names(), lang=state.ZH)
    assert [p.label for p in issue[:-1]] == ["标题", "状态"]
    assert issue[1].text == "草稿" and issue[-1].text.startswith("及其他 ")
    analyst = state.brief_parts("analysts", {"name": "林思远", "sac_no": "S1", "contact": None},
                                names=state.Names(), lang=state.EN)
    assert [(p.label, p.text) for p in analyst] == [("name", "林思远"), ("SAC number", "S1")]  # nothing more held


def _house_refused(store, message=OLD_ROLE_REASON):
    with store.transaction():
        state.record_conflicts(store, [{
            "id": 4, "tbl": "house", "key": "house", "kind": "refused", "mine": HOUSE, "theirs": None,
            "by": "zhang_wei", "at": "2024-12-27T09:00:00+00:00", "theirs_by": None, "theirs_at": None,
            "message": message}])
    return state.conflicts(store)[-1]


def test_keeping_mine_of_a_row_the_role_may_not_write_is_known_refused_before_the_click(store):
    from workbench.desk.sync import keep_mine_refusal

    c = _house_refused(store)
    assert keep_mine_refusal(store, c) is None  # the role not known yet: the desk decides
    state.set_settings(store, {roles.SETTING_ROLE: "editor"})
    why = keep_mine_refusal(store, c)
    assert why and "编辑" in why and "机构信息" in why and "--keep theirs" in why
    assert "editor 不能" not in why and "公司资料" not in why
    state.set_settings(store, {roles.SETTING_ROLE: "admin"})
    assert keep_mine_refusal(store, c) is None


def test_a_stored_role_reason_is_read_with_the_role_in_words(store):
    _house_refused(store)
    text = state.described(store)[0]["message_text"]
    assert text.startswith("你的团队库角色是编辑，不能修改机构信息和分析师名册")
    assert "(your desk role, editor," in text  # the command line keeps its English
