"""Translations: the compiled Chinese catalogue loads, is complete, and the UI follows the setting."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator

from ui.i18n import CHINESE, ENGLISH, SYSTEM, install_translations, is_chinese, resolve_language, translation_file
from workbench.paths import resource


def test_qm_loads_and_translates():
    translator = QTranslator()
    assert translator.load(str(translation_file(CHINESE)))
    assert translator.translate("MainWindow", "&File") == "文件(&F)"
    assert translator.translate("MainWindow", "Analyst Workbench") == "分析师工作台"
    assert translator.translate("FinancialsTableModel", "100m CNY") == "亿元"


def test_catalogue_is_complete():
    tree = ET.parse(resource("translations", "workbench_zh_CN.ts"))
    messages = tree.getroot().findall(".//message")
    assert len(messages) > 200
    unfinished = [m.find("source").text for m in messages
                  if m.find("translation").get("type") in ("unfinished", "vanished", "obsolete")
                  or not (m.find("translation").text or "").strip()]
    assert unfinished == []
    qm = translation_file(CHINESE)
    assert qm.stat().st_mtime >= resource("translations", "workbench_zh_CN.ts").stat().st_mtime - 5


def test_catalogue_records_where_the_strings_are_now():
    """lupdate was run over the current files: every location names a file that exists."""
    ts = resource("translations", "workbench_zh_CN.ts")
    locations = {loc.get("filename") for loc in ET.parse(ts).getroot().iter("location")}
    assert locations
    missing = sorted(name for name in locations if not (ts.parent / name).resolve().is_file())
    assert missing == []


def test_language_setting_resolution():
    assert resolve_language(None) == CHINESE  # Chinese by default
    assert resolve_language("zh_CN") == CHINESE
    assert resolve_language("en") == ENGLISH
    assert resolve_language("something else") == CHINESE
    assert resolve_language(SYSTEM) in (CHINESE, ENGLISH)


@pytest.fixture
def english(qapp):
    install_translations(qapp, ENGLISH)
    yield
    install_translations(qapp, CHINESE)


def test_english_ui(english, qtbot, demo_path, settings):
    from ui.main_window import MainWindow

    assert not is_chinese()
    assert QCoreApplication.translate("MainWindow", "&File") == "&File"
    w = MainWindow(settings=settings, confirm=lambda *a: True)
    qtbot.addWidget(w)
    w.open_store(demo_path)
    assert [a.text() for a in w.menuBar().actions()] == ["&File", "&Edit", "&View", "&Help"]
    header = w.financials_page.model.headerData(3, 1)
    assert header == "Revenue(100m CNY) 2023"  # metric names come from the core in English too


def test_chinese_ui_is_installed_for_the_session():
    assert is_chinese()
    assert QCoreApplication.translate("MainWindow", "&Edit") == "编辑(&E)"
