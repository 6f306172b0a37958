"""File → 连接团队服务器…: the desk's address, user and password, what joining will push (the core's
join plan), then the join itself on a worker with a progress dialog that can cancel it.

The password goes where the core keeps it (the OS keyring, else libpq's password file, owner-only),
never into the store or the app's settings; an empty password lets libpq find it itself.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
                               QPushButton, QVBoxLayout)

from workbench.errors import WorkbenchError


class JoinCancelled(WorkbenchError):
    """The user cancelled the join between two of its steps."""


def compose_url(url: str, user: str) -> tuple[str, str | None]:
    """The desk URL with ``user`` as its login (when given) and without a password, and the password
    the URL carried (None when none). Raises DeskError for an address that is not postgresql://."""
    from workbench.desk.config import split_password

    url = url.strip()
    clean, in_url = split_password(url)
    user = user.strip()
    if user:
        parts = urlsplit(clean)
        host = parts.netloc.rsplit("@", 1)[-1]
        clean = urlunsplit(parts._replace(netloc=f"{quote(user, safe='')}@{host}"))
    return clean, in_url


class ConnectDialog(QDialog):
    """Join the open store to a desk server (or re-enter the password of the desk it belongs to)."""

    joined = Signal(object)  # the core's SyncResult
    join_failed = Signal(str)  # the message shown (the store may have joined before a cancel or a cut)
    #: the desk named the user's role, and the role withholds part of the store: the plan shown again
    #: with what the desk will not take, for the user to agree to (nothing was sent)
    role_noted = Signal(str)

    def __init__(self, store, db_path: str | Path, parent=None):
        super().__init__(parent)
        from workbench.desk.sync import join_plan
        from workbench.store import sync_state

        self.db_path = Path(db_path)
        self.task = None
        self.result_summary = ""
        #: the desk role whose note the user has seen (the next join with that role goes ahead)
        self.agreed_role: str | None = None
        self._job: dict = {}  # what the last join's worker left for the dialog (see ``start_join``)
        self.setWindowTitle(self.tr("Connect to the desk server"))
        self.setMinimumWidth(560)
        current = store.get_setting(sync_state.SETTING_URL)
        self.url_edit = QLineEdit(self)
        self.url_edit.setPlaceholderText("postgresql://server:5432/desk")
        self.user_edit = QLineEdit(self)
        self.password_edit = QLineEdit(self)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(self.tr("leave empty to use the password file or keyring"))
        if current:
            parts = urlsplit(current)
            self.user_edit.setText(parts.username or "")
            host = parts.netloc.rsplit("@", 1)[-1]
            self.url_edit.setText(urlunsplit(parts._replace(netloc=host)))
        form = QFormLayout()
        form.addRow(self.tr("Server &address:"), self.url_edit)
        form.addRow(self.tr("&User:"), self.user_edit)
        form.addRow(self.tr("&Password:"), self.password_edit)
        self.hint = QLabel(self.tr("For TLS add it to the address, e.g. ?sslmode=verify-full&sslrootcert=FILE. "
                                   "The password is kept in the system keyring or libpq's password file "
                                   "(readable only by you), never in the store or the settings."), self)
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #666;")
        self.plan = join_plan(store)
        if current:
            plan = self.tr("This store already belongs to this desk: connecting synchronises it.")
        else:
            plan = self.plan_text(self.plan)
        self.plan_label = QLabel(plan, self)
        self.plan_label.setWordWrap(True)
        self.plan_label.setStyleSheet("background: #f3f6fa; border: 1px solid #c9d6e6; padding: 6px 8px;")
        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #c62828;")
        self.error_label.hide()
        # offered once the desk turned the join down for an issue of a week it already has
        self.keep_both_box = QCheckBox(self.tr("Keep both issues: the local one goes to the desk as a second issue "
                                               "of that week (nothing is merged or lost)"), self)
        self.keep_both_box.hide()
        self.buttons = QDialogButtonBox(self)
        self.join_button = QPushButton(self.tr("&Join") if not current else self.tr("&Connect"), self)
        self.join_button.setDefault(True)
        self.buttons.addButton(self.join_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.start_join)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(self.plan_label)
        layout.addWidget(self.error_label)
        layout.addWidget(self.keep_both_box)
        layout.addWidget(self.buttons)

    def plan_text(self, plan) -> str:
        """The core's join plan in words."""
        if plan.empty:
            return self.tr("This store is empty: joining fills it with the desk's data.")
        names = self.table_names()
        parts = [f"{names.get(t, t)} {n:,}" for t, n in plan.counts.items() if n]
        return self.tr("This store holds data: joining pushes it to the desk, where it meets the desk's rows "
                       "like any other change: %1").replace("%1", "、".join(parts))

    def show_role_note(self, plan, keep_error: bool = False) -> None:
        """The plan again, with what the user's desk role will not send, and the button to go ahead."""
        role = {"analyst": self.tr("analyst"), "editor": self.tr("editor")}.get(plan.role, plan.role)
        note = self.tr("Your desk role is %1. Only an administrator may change the house profile and the analyst "
                       "register: what this store holds of them that the desk lacks or holds otherwise will be "
                       "listed as refused, and an issue signed by analysts the desk lacks is held back until an "
                       "administrator registers them. Nothing has been sent yet.").replace("%1", role)
        self.plan_label.setText(self.plan_text(plan) + "\n\n" + note)
        self.plan_label.setStyleSheet("background: #fff6e0; border: 1px solid #e0b050; padding: 6px 8px;")
        self.join_button.setText(self.tr("&Join anyway"))
        self.join_button.setFocus()
        if not keep_error:
            self.error_label.hide()
        self.fit_height()
        self.role_noted.emit(self.plan_label.text())

    def table_names(self) -> dict[str, str]:
        return {"house": self.tr("house profile"), "analysts": self.tr("analysts"), "segments": self.tr("segments"),
                "indices": self.tr("indices"), "companies": self.tr("companies"), "facts": self.tr("facts"),
                "quotes": self.tr("quotes"), "datasets": self.tr("chart datasets"), "notes": self.tr("notes"),
                "issues": self.tr("issues"), "issue_log": self.tr("status log entries"),
                "issue_versions": self.tr("published versions")}

    def show_error(self, text: str, own: bool = False) -> None:
        """The core's message in the app's words, the server's own text only in the tooltip (``own``:
        the dialog's words, shown as they are)."""
        from ui.desk.words import split_message

        words, detail = (text, "") if own else split_message(text)
        self.error_label.setText(words)
        self.error_label.setToolTip(self.tr("Details: %1").replace("%1", detail) if detail else "")
        self.error_label.show()
        self.fit_height()

    def fit_height(self) -> None:
        """Grow (within the screen) to show every wrapped line: a message shown after the dialog
        opened must not squeeze the fields above it."""
        layout = self.layout()
        layout.activate()
        width = self.width()
        needed = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else layout.totalSizeHint().height()
        needed = max(needed, layout.totalMinimumSize().height())
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        frame = self.frameGeometry().height() - self.geometry().height()
        if screen is not None:
            needed = min(needed, screen.height() - max(frame, 0))
        self.setMinimumHeight(needed)
        if self.height() < needed:
            self.resize(width, needed)
            if screen is not None and self.frameGeometry().bottom() > screen.bottom():  # kept on the screen
                self.move(self.x(), max(screen.top(), screen.bottom() - self.frameGeometry().height()))

    def start_join(self):
        """Join on a worker with a progress dialog; the dialog closes when it succeeded."""
        from ui.services.workers import run_store_task
        from workbench.desk.errors import DeskError

        if self.task is not None:
            return None
        try:
            url, in_url = compose_url(self.url_edit.text(), self.user_edit.text())
        except DeskError as exc:
            self.show_error(exc.message)
            return None
        password = self.password_edit.text() or in_url or None
        keep_both = not self.keep_both_box.isHidden() and self.keep_both_box.isChecked()
        agreed = self.agreed_role
        self.error_label.hide()
        self.join_button.setEnabled(False)
        holder: dict = {}  # the password kept; the plan the user has still to agree to
        self._job = holder
        cancelled = self.tr("Joining was cancelled; what was synchronised so far is kept, and the next sync "
                            "completes it.")

        def job(store, progress):
            from workbench.desk.config import remember_password
            from workbench.desk.sync import join

            def step(done: int, total: int, label: str) -> None:
                # the first step comes after the login succeeded: only a password that worked is kept
                if password is not None and "kept" not in holder:
                    holder["kept"] = remember_password(url, password)
                if not progress(done, total, label):
                    raise JoinCancelled(cancelled)

            def confirm(plan) -> bool:
                # the plan shown before connecting could not know the role: one that withholds part
                # of the store is shown to the user first (the join stops here, nothing sent)
                if plan.role_withholds and plan.role != agreed:
                    holder["plan"] = plan
                    return False
                return True

            return join(store, url, confirm=confirm, progress=step, password=password, keep_both=keep_both)

        self.task = run_store_task(self, self.tr("Joining the desk…"), self.db_path, job,
                                   on_finished=self._on_join_finished, on_failed=self._on_join_failed,
                                   cancel_text=self.tr("Cancel"), detached=True)  # never holds up the exit
        return self.task

    def _on_join_finished(self, result) -> None:
        self.task = None
        self.join_button.setEnabled(True)
        from ui.desk.words import sync_summary

        self.result_summary = sync_summary(result)
        self.joined.emit(result)
        self.accept()

    def _on_join_failed(self, exc) -> None:
        self.task = None
        self.join_button.setEnabled(True)
        from ui.desk.words import no_saved_password
        from workbench.desk.connection import LoginRefused
        from workbench.desk.sync import IssueTaken

        plan = self._job.pop("plan", None)
        if plan is not None:
            self.agreed_role = plan.role
            self.show_role_note(plan)
            return
        if isinstance(exc, IssueTaken):
            from ui.desk.words import taken_issue

            if exc.plan is not None and exc.plan.role_withholds:  # (told at the same stop, agreed with the next join)
                self.agreed_role = exc.plan.role
                self.show_role_note(exc.plan, keep_error=True)
            self.keep_both_box.show()
            self.show_error(self.tr("The desk already has an issue for the same series and week: %1. Joining "
                                    "would make a second one. Delete or re-date the local one first, or tick "
                                    "“Keep both issues” and join again. The store is unchanged.")
                            .replace("%1", "；".join(taken_issue(i) for i in exc.issues)), own=True)
        elif isinstance(exc, LoginRefused):  # the password or user name typed here: check them (no saved one)
            self.show_error(exc.on_first_join().message)
        elif isinstance(exc, WorkbenchError) and no_saved_password(exc.message):  # left empty, none saved
            self.show_error(self.tr("No password is saved on this workstation for this desk user. Type the "
                                    "password above and join again."), own=True)
            self.password_edit.setFocus()
        elif isinstance(exc, JoinCancelled):
            self.show_error(exc.message, own=True)
        elif isinstance(exc, WorkbenchError):
            self.show_error(exc.message)
        else:
            self.show_error(self.tr("Joining failed: %1").replace("%1", f"{type(exc).__name__}: {exc}"), own=True)
        self.join_failed.emit(self.error_label.text())
