"""团队服务器 → 切换用户…: sync the open store as another desk user of the same desk (the core's
``switch_user``), then sync at once as that user, on a worker with a progress dialog.

The core refuses while the current user's changes are not all on the desk or conflicts are open
(they are never pushed under another name); its message is shown as the command line shows it.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QPushButton,
                               QVBoxLayout)

from workbench.errors import WorkbenchError


def _switch_job(url: str, password: str | None):
    """The worker's part: switch, then sync as the new user (a sync that cannot run now is reported,
    the switch stays: the next sync runs as the new user)."""

    def job(store, progress):
        from workbench.desk.config import DeskConfig, password_for
        from workbench.desk.errors import DeskError
        from workbench.desk.identity import switch_user
        from workbench.desk.sync import sync

        switched = switch_user(store, url, password)
        progress(1, 2, "")
        try:
            synced = sync(store, DeskConfig(switched.url, password or password_for(switched.url)))
        except DeskError as exc:
            synced = exc.message
        return switched, synced

    return job


class SwitchUserDialog(QDialog):
    """The desk user name and password to sync the open store as from now on."""

    switched = Signal(str)  # what was done, in words (the core's summary and the sync's)

    def __init__(self, store, db_path: str | Path, parent=None):
        super().__init__(parent)
        from workbench.store import sync_state

        self.db_path = Path(db_path)
        self.task = None
        self.current_url = store.get_setting(sync_state.SETTING_URL) or ""
        parts = urlsplit(self.current_url)
        self.current_user = parts.username or ""
        desk = urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[-1]))
        self.setWindowTitle(self.tr("Switch the desk user"))
        self.setMinimumWidth(520)
        self.intro = QLabel(self.tr("Desk: %1\nSyncing as: %2").replace("%1", desk)
                            .replace("%2", self.current_user or "—"), self)
        self.intro.setWordWrap(True)
        self.user_edit = QLineEdit(self)
        self.password_edit = QLineEdit(self)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(self.tr("leave empty to use the password file or keyring"))
        form = QFormLayout()
        form.addRow(self.tr("New &user:"), self.user_edit)
        form.addRow(self.tr("&Password:"), self.password_edit)
        self.hint = QLabel(self.tr("Changes not yet on the desk and open conflicts belong to the current user: "
                                   "sync and settle them first. The password is kept in the system keyring or "
                                   "libpq's password file, never in the store."), self)
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #666;")
        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #c62828;")
        self.error_label.hide()
        self.buttons = QDialogButtonBox(self)
        self.switch_button = QPushButton(self.tr("&Switch"), self)
        self.switch_button.setDefault(True)
        self.buttons.addButton(self.switch_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.start_switch)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def show_error(self, text: str) -> None:
        from ui.common.i18n import for_ui

        self.error_label.setText(for_ui(text))  # the core's words in the UI's language
        self.error_label.show()

    def start_switch(self):
        """Switch and sync on a worker; the dialog closes when the switch succeeded."""
        from ui.desk.connect_dialog import compose_url
        from ui.services.workers import run_store_task
        from workbench.desk.errors import DeskError

        if self.task is not None:
            return None
        user = self.user_edit.text().strip()
        if not user:
            self.show_error(self.tr("Enter the desk user name to sync as."))
            return None
        try:
            url, in_url = compose_url(self.current_url, user)
        except DeskError as exc:
            self.show_error(exc.message)
            return None
        password = self.password_edit.text() or in_url or None
        self.error_label.hide()
        self.switch_button.setEnabled(False)
        self.task = run_store_task(self, self.tr("Switching the desk user…"), self.db_path,
                                   _switch_job(url, password), on_finished=self._on_switch_finished,
                                   on_failed=self._on_switch_failed, detached=True)  # never holds up the exit
        return self.task

    def _on_switch_finished(self, outcome) -> None:
        self.task = None
        self.switch_button.setEnabled(True)
        from ui.common.i18n import for_ui
        from ui.desk.words import message, sync_summary

        switched, synced = outcome  # the sync's result in the app's words (or why it could not run now)
        synced = message(synced) if isinstance(synced, str) else sync_summary(synced)
        self.switched.emit(f"{for_ui(switched.summary())}\n{synced}")
        self.accept()

    def _on_switch_failed(self, exc) -> None:
        from workbench.desk.connection import LoginRefused

        self.task = None
        self.switch_button.setEnabled(True)
        if isinstance(exc, LoginRefused):  # the new user's password or name typed here: check them
            self.show_error(exc.on_first_join().message)
        elif isinstance(exc, WorkbenchError):
            self.show_error(exc.message)
        else:
            self.show_error(self.tr("Switching the user failed: %1").replace("%1", f"{type(exc).__name__}: {exc}"))
