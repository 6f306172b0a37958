"""The main window's package keeps its shape: small classes, parts that never reach for the window
module, every action declared in actions.py, texts in the catalogue's MainWindow context, and the
parts a first paint does not need left unloaded until they are used."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from workbench.paths import resource

ROOT = Path(__file__).resolve().parents[3]
UI = ROOT / "ui"
PACKAGE = UI / "main_window"
MY_PACKAGES = ("main_window", "dialogs", "views", "services", "common")


def _modules(*packages: str) -> list[Path]:
    found = sorted(p for name in packages for p in (UI / name).rglob("*.py"))
    assert found, packages
    return found


def _imports(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
            names += [f"{node.module}.{a.name}" for a in node.names]
    return names


def test_no_class_in_these_packages_is_over_400_lines():
    sizes = {}
    for path in _modules(*MY_PACKAGES):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                sizes[f"{path.relative_to(UI)}:{node.name}"] = node.end_lineno - node.lineno + 1
    assert "main_window/window.py:MainWindow" in sizes and "dialogs/importing.py:ImportDialog" in sizes
    assert {name: n for name, n in sizes.items() if n > 400} == {}


def test_the_parts_never_import_the_window_module_or_the_app():
    found = []
    for path in _modules("main_window"):
        if path.name in ("window.py", "__init__.py"):
            continue
        found += [(path.name, n) for n in _imports(path)
                  if n in ("ui.main_window.window", "ui.app", "ui.main_window.MainWindow")
                  or n.startswith(("ui.main_window.window.", "ui.app."))]
    assert found == []


PARTS = {"pages.py": "pages", "editing.py": "editing", "chart_sync.py": "chart_sync", "exports.py": "exports",
         "windows.py": "windows"}


def test_a_part_never_reaches_into_another_part():
    """Parts talk up (the window's public methods, their own signals), never sideways to a sibling part."""
    found = []
    for path in _modules("main_window"):
        if path.name not in PARTS:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in PARTS.values() and node.attr != PARTS[path.name]:
                found.append((path.name, node.attr, node.lineno))
    assert found == []


def test_every_action_of_the_window_is_declared_in_actions_py():
    """QAction and QActionGroup are constructed in actions.py only (the desk's own actions live in ui/desk)."""
    makers = {}
    for path in _modules("main_window"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                    and node.func.id in ("QAction", "QActionGroup"):
                makers.setdefault(path.name, 0)
                makers[path.name] += 1
    assert set(makers) == {"actions.py"}


def _catalogue() -> set[tuple[str, str]]:
    tree = ET.parse(resource("translations", "workbench_zh_CN.ts"))
    return {(c.find("name").text, m.find("source").text)
            for c in tree.getroot().findall("context") for m in c.findall("message")}


def _texts(path: Path) -> list[tuple[str, str, int]]:
    """(context, source, line) of every translatable literal: translate("C", "s") and self.tr("s") in class C."""
    out = []

    def visit(node, cls):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                visit(child, child.name)
                continue
            if isinstance(child, ast.Call):
                f, args = child.func, child.args
                if isinstance(f, ast.Attribute) and f.attr == "tr" and args and isinstance(args[0], ast.Constant) \
                        and isinstance(f.value, ast.Name) and f.value.id == "self":
                    out.append((cls, args[0].value, child.lineno))
                is_translate = (isinstance(f, ast.Name) and f.id == "translate") or \
                    (isinstance(f, ast.Attribute) and f.attr == "translate")
                if is_translate and len(args) >= 2 and all(isinstance(a, ast.Constant) for a in args[:2]):
                    out.append((args[0].value, args[1].value, child.lineno))
            visit(child, cls)

    visit(ast.parse(path.read_text(encoding="utf-8")), None)
    return out


@pytest.mark.parametrize("package", MY_PACKAGES)
def test_every_text_is_in_the_catalogue_under_its_context(package):
    """Code moved out of a class keeps that class's translation context, so no text falls back to English."""
    catalogue = _catalogue()
    texts = [(str(p.relative_to(UI)), line, ctx, src) for p in _modules(package) for ctx, src, line in _texts(p)]
    if package != "services":
        assert texts, package
    assert [t for t in texts if (t[2], t[3]) not in catalogue] == []


def test_the_window_parts_keep_the_main_window_context():
    texts = [(p.name, ctx) for p in _modules("main_window") if p.name not in ("welcome.py",)
             for ctx, _, _ in _texts(p)]
    assert len(texts) > 150
    assert {ctx for _, ctx in texts} == {"MainWindow"}


def _python(code: str, tmp_path) -> list[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LANG="C.UTF-8",
               XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"))
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.split()


LATE = ("ui.main_window.editing", "ui.main_window.exports", "ui.main_window.windows", "ui.main_window.chart_sync",
        "ui.dialogs", "ui.views", "ui.models", "ui.issue_editor", "ui.widgets", "sqlite_utils", "pandas",
        "pyqtgraph", "reportlab")


def test_the_first_paint_loads_none_of_the_later_parts(tmp_path):
    out = _python(
        "import sys\n"
        "from ui.app import create_application, show_main_window\n"
        "app = create_application([])\n"
        "window = show_main_window(None)\n"
        f"late = {LATE!r}\n"
        "def painted():\n"
        "    print('painted', *sorted(m for m in sys.modules if m.startswith(late)))\n"
        "    app.quit()\n"
        "window.first_painted.connect(painted)\n"
        "app.exec()\n", tmp_path)
    assert out == ["painted"]


def test_a_part_loads_when_first_used(tmp_path):
    out = _python(
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from ui.main_window import MainWindow\n"
        "app = QApplication([])\n"
        "window = MainWindow()\n"
        "print('ui.main_window.exports' in sys.modules, window.export_pdf() is None,\n"
        "      'ui.main_window.exports' in sys.modules, window.exports is window.exports)\n", tmp_path)
    assert out == ["False", "True", "True", "True"]
