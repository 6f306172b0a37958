"""The desk in the app, day to day: the File menu offers to connect a store that has not joined a
desk."""

from __future__ import annotations


def test_connect_is_enabled_for_a_store_without_a_desk(window):
    assert window.desk.session is not None
    assert not window.desk.configured
    action = window.desk.connect_action
    assert action.isVisible()
    assert action.isEnabled()  # File → 连接团队服务器… works for a store that has not joined
    file_menu = window.menuBar().actions()[0].menu()
    assert action in file_menu.actions()
