"""Saving an issue never loses another writer's work: an autosave stays until its own editor or the
user drops it, any write since a given revision is seen (not only one in another second), and a text
save keeps the status a lifecycle step gave the issue."""

from __future__ import annotations

import pytest

from workbench.domain.issue import Issue
from workbench.errors import WorkbenchError
from workbench.store import Store


def _issue() -> Issue:
    return Issue(series="先进科技主题周报", headline="周观点：测试", period_start="2024-12-23",
                 period_end="2024-12-29", publish_date="2025-01-03", views=["万卡集群加速建设"],
                 risks=["需求不及预期"])


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "s.sqlite") as s:
        yield s


def test_a_save_elsewhere_keeps_an_autosave_that_holds_other_text(store):
    issue_id = store.save_issue(_issue())
    typed = store.issue(issue_id)
    typed.views = ["编辑器里打了但没保存的观点"]
    store.autosave(typed)
    other = store.issue(issue_id)  # a script (draft-review) saves other text over the issue
    other.market_review = "本周上证指数报收 3400.14 点"
    store.save_issue(other)
    kept = store.autosaved(issue_id)
    assert kept is not None and kept.views == ["编辑器里打了但没保存的观点"]


def test_an_autosave_whose_text_is_now_saved_goes_with_the_save(store):
    issue_id = store.save_issue(_issue())
    typed = store.issue(issue_id)
    typed.views = ["恢复后保存的观点"]
    store.autosave(typed)
    store.save_issue(store.autosaved(issue_id))  # restored, then saved: nothing of it is left unsaved
    assert store.autosaved(issue_id) is None


def test_an_editor_drops_only_the_autosave_it_wrote(store):
    issue_id = store.save_issue(_issue())
    mine = store.issue(issue_id)
    mine.views = ["甲"]
    stamp = store.autosave(mine)
    theirs = store.issue(issue_id)
    theirs.views = ["乙"]  # another window autosaves over the same slot
    store.autosave(theirs)
    store.discard_autosave(issue_id, saved_at=stamp)
    assert store.autosaved(issue_id).views == ["乙"]
    store.discard_autosave(issue_id)  # the user's choice drops it whoever wrote it
    assert store.autosaved(issue_id) is None


def test_every_write_moves_the_revision_even_within_one_second(store):
    issue_id = store.save_issue(_issue())
    seen = [store.issue_revision(issue_id)]
    for _ in range(3):  # three saves in the same second: each one is seen
        issue = store.issue(issue_id)
        issue.views = [f"第 {len(seen)} 次"]
        store.save_issue(issue)
        seen.append(store.issue_revision(issue_id))
    store.set_issue_status(issue_id, "review")
    seen.append(store.issue_revision(issue_id))
    assert len(set(seen)) == len(seen) and seen == sorted(seen)


def test_a_save_against_an_old_revision_is_refused_and_changes_nothing(store):
    issue_id = store.save_issue(_issue())
    base = store.issue_revision(issue_id)
    other = store.issue(issue_id)
    other.market_review = "别处保存的市场回顾"
    store.save_issue(other)
    mine = store.issue(issue_id)
    mine.market_review = ""
    with pytest.raises(WorkbenchError):
        store.save_issue(mine, revision=base)
    assert store.issue(issue_id).market_review == "别处保存的市场回顾"
    store.save_issue(mine, revision=store.issue_revision(issue_id))  # the current one is accepted
    assert store.issue(issue_id).market_review == ""


def test_a_text_save_keeps_the_stored_status_and_version(store):
    issue_id = store.save_issue(_issue())
    stale = store.issue(issue_id)  # loaded as a draft
    store.set_issue_status(issue_id, "review")
    stale.views = ["审核中也可改的文字"]
    store.save_issue(stale, keep_status=True)
    saved = store.issue(issue_id)
    assert (saved.status, saved.version, saved.views) == ("review", 1, ["审核中也可改的文字"])
    assert (stale.status, stale.version) == ("review", 1)  # the saved object says what is stored
