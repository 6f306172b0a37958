"""The preflight panel confirms table figures changed outside the workbench, as the command line's
`workbench check ISSUE --confirm-outside` does: a button beside that finding, a confirmation naming
the figures, and then the check passes; a no keeps the finding."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.usefixtures("workbench_qapp")

TICKER, METRIC, PERIOD = "300493.SZ", "revenue", "2023A"  # 润欣科技 营业收入 2023, printed in the demo's table


@pytest.fixture
def changed_outside(demo_path):
    """The demo store with one printed figure changed by a raw UPDATE (no import, no edit): 21.6 亿 -> 32.4 亿."""
    import sqlite3

    conn = sqlite3.connect(demo_path)
    with conn:
        n = conn.execute("UPDATE facts SET value = 3240000000 WHERE ticker = ? AND metric = ? AND period = ?",
                         (TICKER, METRIC, PERIOD)).rowcount
    conn.close()
    assert n == 1
    return demo_path


def _codes(result) -> list[str]:
    return [f.code for f in result.blockers + result.warnings]


class Answers:
    def __init__(self, answer):
        self.answer, self.asked = answer, []

    def __call__(self, parent, title, text):
        self.asked.append((title, text))
        return self.answer


def test_confirming_the_figures_lets_the_check_pass(qtbot, make_editor, changed_outside, tmp_path):
    answers = Answers(True)
    editor = make_editor(1, confirm=answers)
    editor.show()
    panel = editor.preflight_panel
    assert panel.confirm_outside_button.isHidden()  # nothing checked yet
    result = editor.run_preflight()
    assert "outside_change" in _codes(result)
    assert not panel.confirm_outside_button.isHidden()
    editor.grab().save(str(tmp_path / "preflight.png"))
    panel.confirm_outside_button.click()
    ((title, text),) = answers.asked
    for part in ("润欣科技", TICKER, "32.4"):
        assert part in text, (part, text)
    from workbench.report import preflight

    assert "outside_change" not in _codes(preflight(editor.store, 1))  # the core agrees: confirmed
    assert "outside_change" not in _codes(panel.result)  # and the panel shows the check run again
    assert panel.confirm_outside_button.isHidden()


def test_declining_keeps_the_finding(qtbot, make_editor, changed_outside):
    answers = Answers(False)
    editor = make_editor(1, confirm=answers)
    editor.run_preflight()
    editor.preflight_panel.confirm_outside_button.click()
    assert len(answers.asked) == 1
    from workbench.report import preflight

    assert "outside_change" in _codes(preflight(editor.store, 1))
    assert not editor.preflight_panel.confirm_outside_button.isHidden()


def test_confirmed_figures_no_longer_block_review(qtbot, make_editor, changed_outside):
    from workbench.report import preflight

    editor = make_editor(1)
    assert editor.lifecycle.change_status("review")
    result = editor.run_preflight()
    assert "outside_change" in [f.code for f in result.blockers]  # in review it blocks
    editor.preflight_panel.confirm_outside_button.click()
    assert "outside_change" not in _codes(preflight(editor.store, 1))


def test_no_button_without_figures_changed_outside(qtbot, make_editor):
    editor = make_editor(1)
    result = editor.run_preflight()
    assert "outside_change" not in _codes(result)
    assert editor.preflight_panel.confirm_outside_button.isHidden()



def test_the_finding_names_the_figures_in_the_apps_words_and_the_commands_on_the_command_line(changed_outside):
    from ui.common.i18n import for_ui
    from workbench.report import preflight
    from workbench.store import Store

    with Store(changed_outside) as store:
        [finding] = [f for f in preflight(store, 1).warnings if f.code == "outside_change"]
    shown = for_ui(finding.message)  # what the Chinese UI's panel shows beside its 确认这些数值… button
    assert "润欣科技" in shown and "32.4" in shown
    assert "workbench" not in shown and "confirm" not in shown  # no command line, no English in the app
    assert "--confirm-outside" in finding.message and "workbench trace" in finding.message  # the CLI says how
