"""A join with a store that holds data says before the user agrees what the desk will not take from
their role: an analyst's or editor's house profile and analyst register (only an administrator's),
listed as refused after the join, and an issue signed by analysts the desk lacks, held back. An
administrator's plan says nothing of it, nor does a store with neither. Against a real PostgreSQL
desk; the plan as the join hands it to its confirmation (the command line prints it)."""

from __future__ import annotations

import pytest

from desk_testing import Desk

from workbench.desk.sync import join
from workbench.store import Store

pytestmark = pytest.mark.usefixtures("private_password_file")

NOTE = "你的团队库角色是"


def _plan_seen(desk, path, role):
    seen = []
    config = desk.user(role)
    with Store(path) as store:
        join(store, config.url, password=config.password, confirm=lambda plan: seen.append(plan) or True)
    [plan] = seen
    return plan


@pytest.mark.parametrize("role, words", [("analyst", "分析师"), ("editor", "编辑")])
def test_a_role_that_may_not_send_the_house_profile_is_told_before_joining(pg_cluster, desk_db, demo_path, role,
                                                                           words):
    plan = _plan_seen(Desk(pg_cluster, desk_db), demo_path, role)
    assert plan.role == role
    text = plan.summary()
    assert f"{NOTE}{words}，机构信息和分析师名册只有管理员可以修改" in text
    assert "held back until an administrator registers them" in text


def test_an_administrators_plan_says_nothing_of_it(pg_cluster, desk_db, demo_path):
    plan = _plan_seen(Desk(pg_cluster, desk_db), demo_path, "admin")
    assert plan.role == "admin" and NOTE not in plan.summary()
    assert plan.counts["house"] == 1 and plan.counts["analysts"]  # (the same store as the others)


def test_a_store_with_no_house_profile_and_no_analysts_says_nothing_of_it(pg_cluster, desk_db, tmp_path):
    with Store(tmp_path / "facts.sqlite") as s:
        s.upsert_companies([{"ticker": "688608.SH", "name": "恒玄科技"}])
    plan = _plan_seen(Desk(pg_cluster, desk_db), tmp_path / "facts.sqlite", "analyst")
    assert plan.role == "analyst" and not plan.empty and NOTE not in plan.summary()
