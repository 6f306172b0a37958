"""Every menu's access keys (the letter after "&") are unique within that menu, in both languages."""

from __future__ import annotations

import re

import pytest

from ui.common.i18n import CHINESE, ENGLISH, install_translations


def access_key(text: str) -> str | None:
    """The letter after a single "&" ("&&" is a literal ampersand), upper-cased."""
    m = re.search(r"(?<!&)&([^&\s])", text.replace("&&", ""))
    return m.group(1).upper() if m else None


def menus_of(window):
    """(title, menu) for the menu bar and every menu and submenu in it, opened as the user opens them."""
    found = [("menu bar", window.menuBar())]
    todo = [a.menu() for a in window.menuBar().actions() if a.menu()]
    while todo:
        menu = todo.pop(0)
        menu.aboutToShow.emit()  # menus filled when they open (recent stores)
        found.append((menu.title(), menu))
        todo.extend(a.menu() for a in menu.actions() if a.menu())
    return found


def clashes(window) -> list[str]:
    out = []
    for title, menu in menus_of(window):
        seen: dict[str, str] = {}
        for action in menu.actions():
            if action.isSeparator():  # hidden ones too: the desk's appear once a desk is set up
                continue
            key = access_key(action.text())
            if key is None:
                continue
            if key in seen:
                out.append(f"{title}: {seen[key]!r} and {action.text()!r} share &{key}")
            else:
                seen[key] = action.text()
    return out


def test_the_access_key_of_a_text():
    assert access_key("数据来源(&F)") == "F"
    assert access_key("Copy with &Headers") == "H"
    assert access_key("R&&D") is None
    assert access_key("Undo") is None


def test_access_keys_are_unique_in_every_menu_in_chinese(window):
    assert len(menus_of(window)) >= 5
    found = clashes(window)
    assert not found, "\n".join(found)


@pytest.fixture
def english_window(qtbot, demo_path, settings, confirmations, workbench_qapp):
    from ui.main_window import MainWindow

    install_translations(workbench_qapp, ENGLISH)
    try:
        w = MainWindow(settings=settings, confirm=confirmations)
        qtbot.addWidget(w)
        assert w.open_store(demo_path)
        yield w
    finally:
        install_translations(workbench_qapp, CHINESE)


def test_access_keys_are_unique_in_every_menu_in_english(english_window):
    assert english_window.menuBar().actions()[0].text() == "&File"
    found = clashes(english_window)
    assert not found, "\n".join(found)
