"""A login the desk does not accept, in the app: the join dialog (and 切换用户…) says the password or
user name typed was not accepted and to check them, never that a saved password was changed; where a
saved password stopped working (a sync), the Chinese UI names the menus in Chinese only (no English
menu names left in parentheses). Against a real PostgreSQL (the desk tests' cluster)."""

from __future__ import annotations


import pytest

from desk_testing import Desk, dbname

from workbench.desk.connection import LoginRefused

ENGLISH_MENUS = ("Switch User", "File →", "Connect to the Desk Server", "Desk Server →")


@pytest.fixture
def chinese(monkeypatch):
    import ui.common.i18n as i18n

    monkeypatch.setattr(i18n, "is_chinese", lambda: True)


@pytest.fixture
def window(qtbot, tmp_path, demo_path, settings):
    from ui.main_window import MainWindow

    w = MainWindow(settings=settings, confirm=lambda *a: True)
    qtbot.addWidget(w)
    w.show()
    assert w.open_store(demo_path)
    return w


@pytest.mark.usefixtures("private_password_file")
def test_the_join_dialog_says_the_password_typed_was_not_accepted(qtbot, pg_cluster, desk_db, window, chinese):
    desk = Desk(pg_cluster, desk_db)
    cfg = desk.user("analyst")
    dialog = window.desk.show_connect_dialog()
    dialog.url_edit.setText(f"postgresql://127.0.0.1:{pg_cluster.port}/{dbname(desk.super_url)}")
    dialog.user_edit.setText(cfg.user)
    dialog.password_edit.setText("wrong")
    dialog.join_button.click()
    qtbot.waitUntil(lambda: dialog.error_label.isVisible(), timeout=20000)
    text = dialog.error_label.text()
    assert f"{cfg.user} 的密码或用户名不被接受" in text and "请检查用户名和密码" in text
    assert "已更改" not in text and not any(m in text for m in ENGLISH_MENUS)


def test_a_saved_password_refused_names_the_menus_in_chinese_only(chinese):
    from ui.common.i18n import for_ui

    core = LoginRefused("li", 'password authentication failed for user "li"').message
    assert "Switch User" in core and "切换用户" in core  # the command line keeps both languages
    shown = for_ui(core)
    assert "团队服务器 → 切换用户…" in shown and "文件 → 连接团队服务器…" in shown
    assert not any(m in shown for m in ENGLISH_MENUS)
