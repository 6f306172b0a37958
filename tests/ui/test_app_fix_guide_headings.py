"""The user guide's headings (and its opening line) are Chinese only: no English gloss in brackets such as
（Import） or （Preflight）; the guide window still shows every heading."""

from __future__ import annotations

import re

from workbench.paths import resource

GLOSS = re.compile(r"[（(][A-Za-z][A-Za-z ]*[）)]")


def guide_lines() -> list[str]:
    return resource("docs", "guide_zh.md").read_text(encoding="utf-8").splitlines()


def test_headings_have_no_english_gloss():
    lines = guide_lines()
    headings = [line for line in lines if line.startswith("#") or line.startswith("**")]
    assert headings
    assert [h for h in headings if GLOSS.search(h.split("**：")[0] if h.startswith("**") else h)] == []
    opening = next(line for line in lines if line and not line.startswith("#"))
    assert not GLOSS.search(opening)
    # a list item's lead word is not glossed either (删除（Delete）…)
    assert [line for line in lines if line.startswith("- ") and GLOSS.search(line[:12])] == []


def test_the_guide_window_shows_the_headings(qtbot):
    from ui.dialogs.small import UserGuideDialog

    dialog = UserGuideDialog()
    qtbot.addWidget(dialog)
    text = dialog.browser.toPlainText()
    for line in guide_lines():
        if line.startswith("#"):
            assert line.lstrip("#").strip() in text
