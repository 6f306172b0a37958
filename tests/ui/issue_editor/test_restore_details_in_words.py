"""显示详情 of the restore question (an autosave made before the issue was saved elsewhere): each part that
differs is named as the issue editor names it (主题 1「name」, 图表 1, 署名分析师 by name) and shown as its
text, never as JSON with English keys; and the details pane is tall and wide enough to read several parts
without scrolling."""

from __future__ import annotations

import json
import re

from PySide6.QtWidgets import QTextEdit


def _autosave_and_stored(demo_path):
    from workbench.store import Store

    with Store(demo_path) as s:
        base = s.issue_revision(1)
        saved = s.issue(1)
        saved.themes[0].rationale = "自动保存里改过的主题理由。"
        saved.figures[0].title = "自动保存里改过的图题"
        saved.analysts = saved.analysts[:1]
        s.autosave(saved, base_revision=base)
        other = s.issue(1)
        other.industry = "半导体"
        s.save_issue(other)
        names = {a["id"]: a["name"] for a in s.analysts()}
        return s.autosaved(1), s.issue(1), names


def test_the_details_name_each_part_and_show_its_text(demo_path, qapp):
    from ui.issue_editor.autosave import comparison

    saved, stored, names = _autosave_and_stored(demo_path)
    text = comparison(saved, stored, analyst_names=names)
    # no JSON: no quoted English keys, no braces or brackets of a dump
    assert not re.search(r'"[a-z_]+"\s*:', text), text
    assert "{" not in text and "[" not in text, text
    # the theme by its number and name, its old and new rationale on - and + lines
    theme = stored.themes[0]
    assert f"主题 1「{theme.name}」" in text
    lines = text.splitlines()
    assert any(line.startswith("-") and theme.rationale in line for line in lines)
    assert any(line.startswith("+") and "自动保存里改过的主题理由。" in line for line in lines)
    # the figure by its number, with both titles
    assert "图表 1" in text
    assert any(line.startswith("-") and stored.figures[0].title in line for line in lines)
    assert any(line.startswith("+") and "自动保存里改过的图题" in line for line in lines)
    # the analysts by name: the one dropped from the autosave is on a - line
    dropped = names[stored.analysts[1]]
    assert any(line.startswith("-") and dropped in line for line in lines)
    # parts that did not change are not listed
    assert "市场回顾" not in text and json.dumps(stored.views[0], ensure_ascii=False)[1:9] not in text


def test_the_details_pane_is_big_enough_to_read(demo_path, qtbot):
    from ui.issue_editor import prompts
    from ui.issue_editor.autosave import comparison

    saved, stored, names = _autosave_and_stored(demo_path)
    details = comparison(saved, stored, analyst_names=names)
    box = prompts.restore_changed_box(None, "恢复未保存的修改？", "周报 #1 有自动保存的修改。", details)
    qtbot.addWidget(box)
    box.show()
    for b in box.buttons():  # 显示详情
        if box.buttonRole(b) == box.ButtonRole.ActionRole:
            b.click()
    qtbot.wait(50)
    pane = box.findChild(QTextEdit)
    assert pane is not None and pane.isVisible()
    line = pane.fontMetrics().lineSpacing()
    assert pane.viewport().height() >= 12 * line, (pane.viewport().height(), line)
    assert pane.viewport().width() >= 40 * pane.fontMetrics().horizontalAdvance("中")
