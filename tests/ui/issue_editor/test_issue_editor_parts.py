"""The issue editor's parts (ui/issue_editor/): each page gives back the issue it shows, every text
keeps its Chinese translation, every field the preflight names has a widget to jump to, and the
package stays small parts that never reach up to a window."""

from __future__ import annotations

import ast
import dataclasses
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QAbstractButton, QApplication, QGroupBox, QLabel, QLineEdit, QTableWidget, QTabWidget,
                               QTextEdit, QTreeWidget, QWidget)

from workbench.paths import resource

PACKAGE = Path(__file__).resolve().parents[3] / "ui" / "issue_editor"


def stored(demo_path, issue_id="latest"):
    from workbench.store import Store

    with Store(demo_path) as s:
        return s.issue(issue_id)


# ---------------------------------------------------------------------- pages bind to the Issue
def test_the_pages_give_back_the_stored_issue_field_for_field(make_editor, demo_path):
    editor = make_editor()
    truth = stored(demo_path)
    shown = editor.current_issue()
    for f in dataclasses.fields(truth):
        assert getattr(shown, f.name) == getattr(truth, f.name), f.name
    assert shown.content_json() == truth.content_json()


def test_each_page_writes_only_its_own_fields(make_editor, demo_path):
    """Applied to a blank issue, a page fills the fields it shows with the stored values and leaves
    the rest blank; no two pages write the same field, and together they write every field."""
    from workbench.domain.issue import Issue

    editor = make_editor()
    truth = stored(demo_path)
    empty = Issue("", "", "", "", "")
    names = [f.name for f in dataclasses.fields(Issue) if f.name not in ("id", "status", "version", "updated_at")]
    written: dict[str, str] = {}
    for page in editor.pages:
        blank = Issue("", "", "", "", "")
        page.apply(blank)
        for name in names:
            value = getattr(blank, name)
            if value != getattr(empty, name):
                assert value == getattr(truth, name), (type(page).__name__, name)
                assert name not in written, (name, written.get(name), type(page).__name__)
                written[name] = type(page).__name__
    assert set(written.values()) >= {"MetaPage", "TextPage", "ThemesPage", "FiguresPage", "RelatedPage"}
    missing = [n for n in names if n not in written and getattr(truth, n) != getattr(empty, n)]
    assert missing == []


# ---------------------------------------------------------------------- translations
def english_sources() -> set[str]:
    """Every source text of the catalogue whose Chinese differs from it: shown as is, it is untranslated."""
    tree = ET.parse(resource("translations", "workbench_zh_CN.ts"))
    out = set()
    for message in tree.getroot().iter("message"):
        source, translation = message.findtext("source"), message.findtext("translation")
        if source and translation and source != translation:
            out.add(source)
            out.add(source.replace("&", ""))
    return out


def shown_texts(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) for the texts, tooltips, placeholders, titles and headers under ``root``."""
    out: list[tuple[str, str]] = []
    for w in [root, *root.findChildren(QWidget)]:
        kind = type(w).__name__
        out.append((f"{kind} tooltip", w.toolTip()))
        if isinstance(w, (QLabel, QAbstractButton)):
            out.append((kind, w.text()))
        if isinstance(w, (QLineEdit, QTextEdit)):
            out.append((f"{kind} placeholder", w.placeholderText()))
        if isinstance(w, QGroupBox):
            out.append((kind, w.title()))
        if isinstance(w, QTabWidget):
            out += [(f"{kind} tab", w.tabText(i)) for i in range(w.count())]
        if isinstance(w, QTableWidget):
            out += [(f"{kind} header", w.horizontalHeaderItem(i).text()) for i in range(w.columnCount())]
        if isinstance(w, QTreeWidget):
            out += [(f"{kind} header", w.headerItem().text(i)) for i in range(w.columnCount())]
    for a in root.findChildren(QAction):
        out += [("action", a.text()), ("action tooltip", a.toolTip())]
    return [(where, text) for where, text in out if text]


@pytest.mark.parametrize("status", ["draft", "final"])
def test_every_text_the_editor_shows_is_translated(make_editor, demo_path, status, qtbot):
    """Code moved out of IssueEditor keeps its translation context: no English source text is shown."""
    from workbench.drafting.lifecycle import change_status
    from workbench.store import Store

    if status == "final":
        with Store(demo_path) as s:
            change_status(s, 1, "review", by="tester")
            change_status(s, 1, "final", by="tester")
    editor = make_editor(1)
    assert editor.issue.status == status
    sources = english_sources()
    texts = shown_texts(editor)
    assert len(texts) > 100  # the walk reached the pages, the side tabs and the toolbar
    untranslated = sorted({(where, text) for where, text in texts
                           if text in sources or text.split(" (")[0] in sources})
    assert untranslated == []


# ---------------------------------------------------------------------- jumping
def preflight_fields() -> list[str]:
    """Every field path the core's preflight puts into words (workbench/report/preflight.py)."""
    import importlib

    core = importlib.import_module("workbench.report.preflight")

    fields = list(core._FIELD_WORDS)
    for head, (_, parts) in core._ITEM_WORDS.items():
        fields.append(f"{head}[0]")
        fields += [f"{head}[0].{part}" for part in parts]
    return fields


def test_every_field_the_preflight_names_has_a_widget(make_editor, qtbot):
    editor = make_editor()
    with qtbot.waitActive(editor):
        editor.show()
    fields = preflight_fields()
    assert len(fields) > 40
    for field in fields:
        editor.tabs.setCurrentIndex(5 if editor.tabs.currentIndex() != 5 else 0)  # start elsewhere
        assert editor.jump_to_field(field), field
        focused = QApplication.focusWidget()
        assert focused is not None, field
        page = editor.tabs.currentWidget()
        assert page.isAncestorOf(focused), (field, editor.tabs.tabText(editor.tabs.currentIndex()))
    assert not editor.jump_to_field("no_such_field")


# ---------------------------------------------------------------------- the package's shape
def modules() -> list[Path]:
    found = sorted(PACKAGE.rglob("*.py"))
    assert PACKAGE / "editor.py" in found
    return found


def test_no_class_in_the_editor_is_over_400_lines():
    sizes = {}
    for path in modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                sizes[f"{path.relative_to(PACKAGE)}:{node.name}"] = node.end_lineno - node.lineno + 1
    assert "editor.py:IssueEditor" in sizes
    assert {name: n for name, n in sizes.items() if n > 400} == {}


def test_the_editor_parts_never_import_a_window_or_a_view():
    """Parts talk up through signals and the editor they are given; none imports the coordinator, and
    nothing reaches above the editor."""
    above = ("ui.app", "ui.main_window", "ui.views", "ui.issues_view", "ui.notes_view", "ui.diff_view",
             "ui.desk", "ui.launcher", "ui.welcome")
    found = []
    for path in modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            found += [(path.name, n) for n in names if n == "ui" or n.startswith(above)]
            if path.name != "__init__.py" or path.parent != PACKAGE:  # parts never reach the coordinator
                found += [(path.name, n) for n in names if n == "ui.issue_editor.editor"]
    assert found == []
