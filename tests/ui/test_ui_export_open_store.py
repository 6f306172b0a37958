"""Exporting an issue's PDF onto the open store is refused as the open store (as the command line says),
for a final issue's frozen PDF as for a draft rendered now; the store is unchanged."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.usefixtures("workbench_qapp")


def _finalise(path) -> None:
    from workbench.drafting.lifecycle import change_status
    from workbench.store import Store

    with Store(path) as s:
        change_status(s, 1, "review", by="林思远")
        change_status(s, 1, "final", by="王编辑")
        s.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


@pytest.mark.parametrize("final", [False, True])
def test_the_core_export_names_the_open_store(demo_path, final):
    from workbench.drafting.lifecycle import export_issue
    from workbench.errors import WorkbenchError
    from workbench.store import Store

    if final:
        _finalise(demo_path)
    with Store(demo_path) as s:
        with pytest.raises(WorkbenchError) as refused:
            export_issue(s, 1, demo_path)
        assert s.issue(1).status == ("final" if final else "draft")
    assert "the target is the open store" in refused.value.message
    assert "不能覆盖正在使用的数据文件" in refused.value.message


def test_the_app_s_export_of_a_final_issue_onto_the_open_store_says_it_is_the_open_store(qtbot, demo_path, window):
    _finalise(demo_path)
    before = window.session.store.versions(1)
    with qtbot.waitSignal(window.export_done, timeout=60000) as done:
        window.export_pdf(1, out_path=str(demo_path))
    result = done.args[0]
    assert isinstance(result, Exception), result
    assert "不能覆盖正在使用的数据文件" in window.last_message_box.text()
    assert "可能是其他数据文件" not in window.last_message_box.text()
    assert window.session.store.versions(1) == before and window.session.store.issue(1).status == "final"
