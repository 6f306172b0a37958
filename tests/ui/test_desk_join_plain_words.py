"""The join dialog's refusals a user can act on, in words: a server with no desk or an older desk asks
the user to have the desk's administrator set it up or upgrade it (no command to type, no backticks), and
a join with the password left empty where none is saved asks for the password in the dialog itself
(never "connect with the password: 文件 → 连接团队服务器…", the dialog the user is in). The core's
real refusals are used (a connection that answers as such a server does), in both UI languages."""

from __future__ import annotations

import pytest

from workbench.desk.errors import DeskError

COMMAND_MARKS = ("`", "workbench desk", "desk init", "--db", " URL")


class _Server:
    """A connection that answers the desk's schema check as a server with ``version`` does (None: no desk)."""

    def __init__(self, version):
        self.answers = [("desk.meta",), (str(version),)] if version is not None else [(None,)]

    def execute(self, sql, *args):
        answer = self.answers.pop(0)
        return type("Row", (), {"fetchone": lambda self: answer})()


def _refusal(version) -> str:
    from workbench.desk.schema import check_compatible

    with pytest.raises(DeskError) as caught:
        check_compatible(_Server(version))
    return caught.value.message


def _no_password() -> str:
    from workbench.desk import connection

    return connection._no_password("postgresql://analyst@127.0.0.1:5432/desk")


@pytest.fixture
def dialog(qtbot, session, demo_path):
    from ui.desk.connect_dialog import ConnectDialog

    d = ConnectDialog(session.store, demo_path)
    qtbot.addWidget(d)
    d.url_edit.setText("postgresql://127.0.0.1:5432/desk")
    d.user_edit.setText("analyst")
    d.show()
    return d


@pytest.fixture(params=["zh_CN", "en"])
def language(request, qapp):
    from ui.i18n import CHINESE, install_translations

    install_translations(qapp, request.param)
    yield request.param
    install_translations(qapp, CHINESE)


def _shown(dialog) -> str:
    assert dialog.error_label.isVisibleTo(dialog)
    return dialog.error_label.text()


@pytest.mark.parametrize("version", [None, 1])
def test_no_desk_or_an_older_desk_asks_for_the_administrator_without_a_command(dialog, language, version):
    from workbench.desk.schema import LATEST

    if version is not None and LATEST <= version:
        pytest.skip("no older desk schema in this release")
    core = _refusal(version)
    assert "`" in core  # the command line's recipe, which the app must not show
    dialog._on_join_failed(DeskError(core))
    text = _shown(dialog)
    assert not any(mark in text for mark in COMMAND_MARKS), text
    if language == "en":
        assert "administrator" in text
    else:
        assert "管理员" in text or "administrator" in text  # the lead's translation gives the Chinese


def test_an_empty_password_with_none_saved_asks_for_it_in_the_dialog(dialog, language):
    core = _no_password()
    dialog.password_edit.setText("")
    dialog._on_join_failed(DeskError(core))
    text = _shown(dialog)
    assert not any(mark in text for mark in COMMAND_MARKS), text
    assert "连接团队服务器" not in text and "Connect to the Desk Server" not in text  # not the dialog it is in
    assert dialog.password_edit.hasFocus() or dialog.focusWidget() is dialog.password_edit
    if language == "en":
        assert "password" in text.lower() and "above" in text
