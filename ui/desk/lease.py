"""Draft leases in the issue editor: opening a draft takes its lease on the desk (on a worker), a
draft someone else holds opens read-only naming who holds it until when, and the lease is given
back when the editor closes. Offline the draft stays editable, and the banner says that the core
brings the work back as a conflict copy if someone else held it meanwhile."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel

from ui.common.times import short_time

MINE, HELD, OFFLINE, PENDING, ERROR = "mine", "held", "offline", "pending", "error"
RENEW_MS = 60 * 60 * 1000  # a lease lasts 8 hours; an open editor renews it every hour
LANE = "lease"  # the desk queue's lane for leases: in order among themselves, never behind a sync

_STYLES = {
    MINE: "background: #eef6ee; border: 1px solid #9cc79c; color: #1b5e20;",
    HELD: "background: #fff4dc; border: 1px solid #e0b860; color: #6b4500;",
    OFFLINE: "background: #f1f1f1; border: 1px solid #c4c4c4; color: #444;",
    PENDING: "background: #f3f6fa; border: 1px solid #c9d6e6; color: #2f4f7f;",
    ERROR: "background: #fdecea; border: 1px solid #f2b8b5; color: #b3261e;",
}


def _take_job(issue_id: int):
    """Take the lease; report who holds it when someone else does. Runs on a worker."""

    def job(store, progress):
        from workbench.desk.errors import DeskError, DeskOffline
        from workbench.desk.leases import lease_of, take_lease

        try:
            return MINE, take_lease(store, issue_id)
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


def _release_job(issue_id: int):
    def job(store, progress):
        from workbench.desk.errors import DeskError
        from workbench.desk.leases import release_lease

        try:
            return release_lease(store, issue_id)
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
        self.banner = QLabel(editor)
        self.banner.setObjectName("desk_lease_banner")
        self.banner.setWordWrap(True)
        self.banner.hide()
        layout = editor.layout()
        layout.insertWidget(max(0, layout.indexOf(editor.banner)) + 1, self.banner)
        self.renew_timer = QTimer(self)
        self.renew_timer.setInterval(RENEW_MS)
        self.renew_timer.timeout.connect(self.renew)
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
        """After a sync: take the lease now if the editor opened offline, or if the holder gave it back."""
        if self.state in (OFFLINE, ERROR, HELD) and not self._asking:
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
            if outcome[0] == MINE:
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
            if was in (OFFLINE, ERROR) and self.editor.has_unsaved_changes():
                self._show(HELD, "unsaved")  # keep the user's text on screen; it comes back as a conflict copy
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
        self.banner.show()
        self.changed.emit(state)

    # ------------------------------------------------------------------ giving back
    def give_back(self) -> None:
        """Release the lease (once) on a worker."""
        self.renew_timer.stop()
        if self.state == MINE:
            self.state = None
            self.controller.queue.submit(self.db_path, _release_job(self.issue_id),
                                         self._on_released, self._on_released, lane=LANE)

    def _on_editor_destroyed(self, *args) -> None:
        self.editor = None
        self.give_back()
        self.controller.forget_lease(self)

    def _on_released(self, *args) -> None:
        self.state = None
