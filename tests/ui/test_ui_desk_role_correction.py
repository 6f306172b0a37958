"""An analyst of a team desk is offered neither 定稿 nor 更正 in the editor (the desk would refuse
both, as the command line now refuses them at once); an editor, or a store with no desk, is."""

from __future__ import annotations

import pytest

from workbench.drafting.lifecycle import change_status
from workbench.store import Store

pytestmark = pytest.mark.usefixtures("workbench_qapp")


@pytest.fixture
def final_demo(demo_path):
    with Store(demo_path) as store:
        change_status(store, "latest", "review", by="林思远")
        change_status(store, "latest", "final", by="编辑")
    return demo_path


def _as(path, role):
    with Store(path) as store:
        if role is not None:
            store.set_setting("desk.url", "postgresql://someone@desk.example/desk")
            store.set_setting("desk.role", role)


@pytest.mark.parametrize("role, offered", [(None, True), ("editor", True), ("admin", True), ("analyst", False)])
def test_correction_is_offered_to_the_roles_that_may_finalise(make_editor, final_demo, role, offered):
    _as(final_demo, role)
    editor = make_editor()
    assert editor.issue.status == "final"
    assert editor.commands.correction.isEnabled() is offered
    assert not editor.commands.finalise.isEnabled()  # already final: nothing to finalise
