"""Draft leases in the issue editor: opening a draft takes its lease on the desk (on a worker), a
draft someone else holds opens read-only naming who holds it until when, and the lease is given
back when the editor closes. Offline the draft stays editable, and the banner says that the core
brings the work back as a conflict copy if someone else held it meanwhile.

The app's lease is short and renewed while the editor is open, so the lease of an app that crashed
or lost power runs out within minutes, not hours. A read-only draft opens for editing as soon as
its holder gives it back (the desk announces a release, and the app syncs at once) or the lease runs
out; a desk editor may take it over from the banner, after a confirmation naming the holder. A lease
is given back after the sync that sends the holder's last save, so the next holder starts from it."""

from __future__ import annotations

from datetime import datetime, timezone

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

from ui.common.times import short_time

MINE, HELD, OFFLINE, PENDING, ERROR = "mine", "held", "offline", "pending", "error"
RELEASING = "releasing"  # the editor closed: the lease goes back after the sync that sends its last save
LEASE_MINUTES = 20  # the app's lease: an app that crashed holds a draft this long at most
RENEW_MS = 5 * 60 * 1000  # an open editor renews it every five minutes (a few renewals may fail)
RELEASE_WAIT_MS = 30 * 1000  # the longest a closed editor's lease waits for that sync
EXPIRY_SLACK_MS = 5 * 1000  # a held lease is asked for again this long after it runs out
LANE = "lease"  # the desk queue's lane for leases: in order among themselves, never behind a sync

_STYLES = {
    MINE: "background: #eef6ee; border: 1px solid #9cc79c; color: #1b5e20;",
    HELD: "background: #fff4dc; border: 1px solid #e0b860; color: #6b4500;",
    OFFLINE: "background: #f1f1f1; border: 1px solid #c4c4c4; color: #444;",
    PENDING: "background: #f3f6fa; border: 1px solid #c9d6e6; color: #2f4f7f;",
    ERROR: "background: #fdecea; border: 1px solid #f2b8b5; color: #b3261e;",
}


def run_box(box: QMessageBox):
    """Ask a question box (modal) and return the button clicked (tests answer in its place)."""
    box.exec()
    return box.clickedButton()


def _take_job(issue_id: int):
    """Take the lease; report who holds it when someone else does. Runs on a worker."""

    def job(store, progress):
        from workbench.desk.errors import DeskError, DeskOffline
        from workbench.desk.leases import lease_of, take_lease

        try:
            return MINE, take_lease(store, issue_id, hours=LEASE_MINUTES / 60)
        except DeskOffline as exc:
            return OFFLINE, exc.message
        except DeskError as exc:
            try:
                held = lease_of(store, issue_id)
            except DeskOffline as again:
                return OFFLINE, again.message
            except DeskError:
                held = None
            if held is not None and not held.mine:
                return HELD, held
            return ERROR, exc.message

    return job


def _take_over_job(issue_id: int):
    """Break the holder's lease (a desk editor may), then take it. Runs on a worker."""
    take = _take_job(issue_id)

    def job(store, progress):
        from workbench.desk.errors import DeskError, DeskOffline
        from workbench.desk.leases import release_lease

        try:
            release_lease(store, issue_id)
        except DeskOffline as exc:
            return OFFLINE, exc.message
        except DeskError as exc:
            return ERROR, exc.message
        return take(store, progress)

    return job


def _release_job(issue_id: int):
    def job(store, progress):
        from workbench.desk.errors import DeskError
        from workbench.desk.leases import release_lease

        try:  # this user's own lease only: an editor's never ends one someone took over since
            return release_lease(store, issue_id, mine_only=True)
        except DeskError:  # offline or already gone: the lease runs out by itself
            return False

    return job


class EditorLease(QObject):
    """The lease of one open issue editor, with the banner that explains it."""

    changed = Signal(str)  # the new state

    def __init__(self, controller, editor):
        super().__init__(controller)
        self.controller = controller
        self.editor = editor
        self.issue_id = editor.issue_id
        self.db_path = controller.db_path  # the store may be switched before the editor is gone
        self.state: str | None = None
        self.lease = None
        self._asking = False
        self._awaiting_sync = False  # a closed editor's lease waits for the sync that sends its last save
        # the banner, and beside it what a desk editor may do about a draft someone else holds
        self.bar = QWidget(editor)
        self.bar.setObjectName("desk_lease_bar")
        self.banner = QLabel(self.bar)
        self.banner.setObjectName("desk_lease_banner")
        self.banner.setWordWrap(True)
        self.take_over_button = QPushButton(self.tr("Take Over…"), self.bar)
        self.take_over_button.setToolTip(self.tr("End the holder's lease and edit this draft here (a desk editor "
                                                 "may)"))
        self.take_over_button.clicked.connect(self.take_over)
        self.take_over_button.hide()
        bar_layout = QHBoxLayout(self.bar)
        bar_layout.setContentsMargins(0, 0, 0, 0)
        bar_layout.addWidget(self.banner, 1)
        bar_layout.addWidget(self.take_over_button)
        self.bar.hide()
        layout = editor.layout()
        layout.insertWidget(max(0, layout.indexOf(editor.banner)) + 1, self.bar)
        self.renew_timer = QTimer(self)
        self.renew_timer.setInterval(RENEW_MS)
        self.renew_timer.timeout.connect(self.renew)
        self.expiry_timer = QTimer(self)  # a held lease that runs out: ask for it then
        self.expiry_timer.setSingleShot(True)
        self.expiry_timer.timeout.connect(self.retry)
        self.release_timer = QTimer(self)  # a closed editor's lease never waits long for the sync
        self.release_timer.setSingleShot(True)
        self.release_timer.setInterval(RELEASE_WAIT_MS)
        self.release_timer.timeout.connect(self._release_now)
        editor.destroyed.connect(self._on_editor_destroyed)

    # ------------------------------------------------------------------ taking
    def start(self, online: bool | None) -> None:
        """Take the lease (known offline: editable at once, with the offline banner)."""
        if self.editor.issue.status == "final":
            return  # a final issue is read-only anyway and takes no lease
        if online is False:
            self._show(OFFLINE, "")
            return
        self._show(PENDING, "")
        self._lock(True)
        self._submit()

    def retry(self) -> None:
        """After a sync (one the desk's notice of a release starts at once), or when a held lease runs
        out: take the lease now if the editor opened offline, or if the holder gave it back; renew
        one held here (an editor may have taken the draft over meanwhile)."""
        if self.state in (OFFLINE, ERROR, HELD, MINE) and not self._asking and self.editor is not None:
            self._submit()

    def renew(self) -> None:
        if self.state == MINE:
            self._submit()

    def _submit(self) -> None:
        self._asking = True
        self.controller.queue.submit(self.db_path, _take_job(self.issue_id),
                                     self._on_take_finished, self._on_take_failed, lane=LANE)

    def _on_take_finished(self, outcome) -> None:
        self._asking = False
        if self.editor is None:  # closed meanwhile: give back what was just taken
            if outcome[0] == MINE and self.state != RELEASING:
                self.controller.queue.submit(self.db_path, _release_job(self.issue_id),
                                             lambda *_: None, lambda *_: None, lane=LANE)
            return
        state, value = outcome
        was = self.state
        if state == MINE:
            self.lease = value
            if was == HELD:
                self.editor.reload()  # the holder's last text, now editable here
            self._lock(False)
            self.renew_timer.start()
            self._show(MINE, "")
        elif state == HELD:
            if was == HELD and self.lease is not None and (value.holder, value.expires) == \
                    (self.lease.holder, self.lease.expires):
                return  # still held as before: nothing to redraw
            self.lease = value
            self.renew_timer.stop()
            if was in (OFFLINE, ERROR, MINE) and self.editor.has_unsaved_changes():
                # (offline meanwhile, or an editor took the draft over): keep the user's text on
                # screen; it comes back as a conflict copy
                self._show(HELD, "unsaved")
            else:
                self._lock(True)
                if self.editor.has_unsaved_changes():
                    self.editor.reload()  # show the holder's draft, not a restored autosave
                self._show(HELD, "")
        elif state == OFFLINE:
            if was == MINE:
                return  # a renewal that could not reach the desk: the lease still runs
            self._lock(False)
            self._show(OFFLINE, value)
        else:
            self._lock(False)
            self._show(ERROR, value)

    def _on_take_failed(self, exc) -> None:
        self._on_take_finished((ERROR, getattr(exc, "message", str(exc))))

    # ------------------------------------------------------------------ taking over
    def may_take_over(self) -> bool:
        """Whether this desk user may break someone else's lease (an editor or administrator, as the
        desk said at the last sync)."""
        from workbench.desk.roles import SETTING_ROLE

        session = getattr(self.controller, "session", None)
        if session is None:
            return False
        return session.store.get_setting(SETTING_ROLE) in ("editor", "admin")

    def take_over(self) -> bool:
        """Banner → 接手编辑…: after a confirmation naming the holder, end their lease and take it."""
        if self.state != HELD or self.lease is None or self._asking or self.editor is None:
            return False
        lease = self.lease
        text = (self.tr("%1 holds this draft (since %2, until %3). Take it over and edit it here?\n\n"
                        "%1's lease ends now. What %1 saves from now on, and any save of theirs not yet "
                        "synchronised, is refused by the desk at their next sync: it stays on their workstation, "
                        "listed as a conflict, and never replaces your text while you hold the draft. Once you "
                        "close the draft, their next sync sends it again: a change to text you did not change "
                        "lands then; where you changed the same text, yours stays and theirs stays listed as a "
                        "conflict for them to settle.")
                .replace("%1", lease.holder).replace("%2", short_time(lease.at))
                .replace("%3", short_time(lease.expires)))
        title = self.tr("Take Over the Draft")
        confirm = getattr(self.controller.window, "confirm", None)
        if callable(confirm) and not getattr(confirm, "plain_box", False):
            taken = confirm(self.editor, title, text)  # the window's own answers (injected)
        else:
            taken = self._ask_take_over(title, text)
        if not taken:
            return False
        self._asking = True
        self.take_over_button.setEnabled(False)
        self.controller.queue.submit(self.db_path, _take_over_job(self.issue_id),
                                     self._on_take_over_finished, self._on_take_failed, lane=LANE)
        return True

    def _ask_take_over(self, title: str, text: str) -> bool:
        """The take-over question with its buttons named for what they do (接手编辑 / 取消), 取消 the
        default and Esc: a draft is taken from its holder only by a deliberate click."""
        box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, self.editor)
        take = box.addButton(self.take_over_button.text().rstrip("…."), QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        return run_box(box) is take

    def _on_take_over_finished(self, outcome) -> None:
        if outcome[0] in (MINE, HELD) or self.editor is None:
            self._on_take_finished(outcome)
            return
        self._asking = False  # not taken (offline, or refused): the draft stays as it was, and says why
        self.take_over_button.setEnabled(True)
        from ui.common.i18n import for_ui

        self.banner.setToolTip(for_ui(outcome[1]))
        window = self.controller.window
        if hasattr(window, "_show_message"):
            window._show_message(self.tr("The draft could not be taken over: %1").replace("%1", for_ui(outcome[1])))

    def _watch_expiry(self) -> None:
        """Ask for a held lease again when it runs out (an app that crashed never gives it back)."""
        self.expiry_timer.stop()
        try:
            expires = datetime.fromisoformat(str(self.lease.expires).strip())
        except (AttributeError, ValueError):
            return
        if expires.tzinfo is None:
            expires = expires.replace(tzinfo=timezone.utc)
        left = (expires - datetime.now(timezone.utc)).total_seconds() * 1000 + EXPIRY_SLACK_MS
        self.expiry_timer.start(int(min(max(left, EXPIRY_SLACK_MS), 24 * 3600 * 1000)))

    def _lock(self, locked: bool) -> None:
        if self.editor is None:
            return
        if self.editor.desk_read_only != locked:
            self.editor.desk_read_only = locked
            self.editor._update_status_ui()

    def _show(self, state: str, detail: str) -> None:
        from ui.common.i18n import for_ui

        self.state = state
        detail = for_ui(detail)  # the core's words in the UI's language
        if state == MINE:
            text = self.tr("You are editing this draft: others can only read it until you close it (lease until "
                           "%1).").replace("%1", short_time(self.lease.expires))
        elif state == HELD and detail == "unsaved":
            text = self.tr("%1 now holds this draft (since %2, until %3). Your changes here are kept, and the next "
                           "sync brings them back to you as a conflict copy; they never replace %1's text.")
        elif state == HELD:
            text = self.tr("Read-only: %1 is editing this draft (since %2, until %3). It opens for editing when "
                           "they close it.")
        elif state == OFFLINE:
            text = self.tr("Offline: the desk server cannot be reached, so this draft's lease could not be taken. "
                           "You can edit; if someone else holds the draft meanwhile, the next sync brings your "
                           "work back as a conflict copy instead of writing over theirs.")
        elif state == PENDING:
            text = self.tr("Asking the desk server whether someone else is editing this draft…")
        else:
            text = self.tr("The draft's lease could not be taken: %1. You can edit; work that the desk refuses "
                           "comes back as a conflict copy.").replace("%1", detail)
        if state == HELD:
            text = (text.replace("%1", self.lease.holder).replace("%2", short_time(self.lease.at))
                    .replace("%3", short_time(self.lease.expires)))
        self.banner.setText(text)
        self.banner.setToolTip(detail if state in (OFFLINE, ERROR) else "")
        self.banner.setStyleSheet(_STYLES[state] + "padding: 6px 10px; border-radius: 3px;")
        offer = state == HELD and detail != "unsaved" and self.may_take_over()
        self.take_over_button.setVisible(offer)
        self.take_over_button.setEnabled(offer)
        if state == HELD:
            self._watch_expiry()
        else:
            self.expiry_timer.stop()
        self.banner.show()
        self.bar.show()
        self.changed.emit(state)

    # ------------------------------------------------------------------ giving back
    def give_back(self) -> None:
        """Release the lease (once) on a worker; while a save of this workstation waits for its
        push, after the sync that sends it (so the next holder starts from the last text, and the
        push is not refused for their lease). The window closing releases it at once."""
        self.renew_timer.stop()
        self.expiry_timer.stop()
        if self.state == RELEASING and not self.controller.configured:
            self._release_now()  # the store is closing: no sync comes now
            return
        if self.state != MINE:
            return
        self.state = RELEASING
        controller = self.controller
        push_timer = getattr(controller, "push_timer", None)
        unsent = (push_timer is not None and push_timer.isActive()) or getattr(controller, "_syncing", False)
        if not (controller.configured and unsent):
            self._release_now()
            return
        controller.synced.connect(self._on_synced_before_release)
        self._awaiting_sync = True
        self.release_timer.start()
        controller.sync_now()

    def _on_synced_before_release(self, *args) -> None:
        controller = self.controller
        push_timer = getattr(controller, "push_timer", None)
        if getattr(controller, "_again", False) or (push_timer is not None and push_timer.isActive()):
            return  # another sync follows, with what was saved meanwhile
        self._release_now()

    def _release_now(self) -> None:
        self.release_timer.stop()
        if self._awaiting_sync:
            self._awaiting_sync = False
            try:
                self.controller.synced.disconnect(self._on_synced_before_release)
            except (RuntimeError, TypeError):
                pass
        if self.state != RELEASING:
            return
        self.state = None
        again = self.controller.leases.get(self.issue_id)
        if again is None or again is self or again.state not in (MINE, PENDING):
            self.controller.queue.submit(self.db_path, _release_job(self.issue_id),
                                         self._on_released, self._on_released, lane=LANE)
        # (else the draft was opened again meanwhile, and its new editor holds the lease)
        if self.editor is None:
            self.controller.forget_lease(self)

    def _on_editor_destroyed(self, *args) -> None:
        self.editor = None
        self.give_back()
        if self.state != RELEASING:
            self.controller.forget_lease(self)

    def _on_released(self, *args) -> None:
        self.state = None
