"""The status bar's desk part: online or offline, the last sync, changes waiting, open conflicts."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

from ui.common.times import local_time, short_time

ONLINE, OFFLINE, REFUSED, CONNECTING = "online", "offline", "refused", "connecting"
WAITING = "waiting"  # a sync has gone on long without an answer from the server
SYNCING = "syncing"  # a sync the user started (F9, the menu) is running

_COLOURS = {ONLINE: "#2e7d32", OFFLINE: "#757575", REFUSED: "#c62828", CONNECTING: "#8a5a00",
            WAITING: "#8a5a00", SYNCING: "#2f4f7f"}


class FittingLabel(QLabel):
    """A label that shows its whole text when it fits, else its short form, else that elided at its
    start with "…": never a text cut off mid-character in a narrow window (the caller's tooltip holds it whole).
    Its size hint is the whole text's, its minimum the short form's."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._texts = ("", "")

    def set_texts(self, whole: str, short: str | None = None) -> None:
        self._texts = (whole, short or whole)
        self.setText(whole)
        if self.isVisible():
            self._fit()
        self.updateGeometry()

    def whole_text(self) -> str:
        return self._texts[0]

    def _width(self, text: str) -> int:
        m = self.contentsMargins()
        return self.fontMetrics().horizontalAdvance(text) + m.left() + m.right() + 2 * self.margin() + 2

    def sizeHint(self) -> QSize:
        return QSize(self._width(self._texts[0]), super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        return QSize(self._width(self._texts[1]), super().minimumSizeHint().height())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        room = self.contentsRect().width() - 2 * self.margin()
        advance = self.fontMetrics().horizontalAdvance
        for text in self._texts:
            if advance(text) <= room:
                if self.text() != text:
                    self.setText(text)
                return
        # the end kept (a time's hour and minute tell more than its date)
        self.setText(self.fontMetrics().elidedText(self._texts[1], Qt.TextElideMode.ElideLeft, max(room, 0)))


class DeskStatusWidget(QWidget):
    """``● 在线 · 上次同步 11-30 07:05 · 待推送 3 · [冲突 2]``; the conflicts button opens the view. A store
    refused as a copy of another desk user's workstation says so, with a button that makes it one of its own."""

    conflicts_clicked = Signal()
    reidentify_clicked = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("desk_status")
        self.state_label = QLabel(self)
        self.sync_label = FittingLabel(self)
        self.pending_label = QLabel(self)
        self.clock_label = QLabel(self)  # a clock off from the server's, as the last sync found it
        self.clock_label.setObjectName("desk_clock")
        self.clock_label.hide()
        self.conflicts_button = QToolButton(self)
        self.conflicts_button.setAutoRaise(True)
        self.conflicts_button.clicked.connect(self._on_conflicts_button_clicked)
        # shown only while the desk refuses this store as a copy of another user's workstation
        self.reidentify_button = QToolButton(self)
        self.reidentify_button.setObjectName("desk_reidentify")
        self.reidentify_button.setText(self.tr("Make a New Workstation…"))
        self.reidentify_button.setStyleSheet("color: #c62828; font-weight: bold;")
        self.reidentify_button.clicked.connect(self._on_reidentify_button_clicked)
        self.reidentify_button.hide()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 0, 8, 0)
        layout.setSpacing(10)
        for w in (self.state_label, self.reidentify_button, self.sync_label, self.clock_label, self.pending_label,
                  self.conflicts_button):
            layout.addWidget(w)
        self.state = CONNECTING
        self.detail = ""
        self.copy_of: str | None = None  # the desk user whose workstation this store copies (refused)
        self.user: str | None = None  # the desk user this store syncs as
        self.pending = 0
        self.held = 0
        self.conflicts = 0
        self.last_sync: str | None = None
        self.set_state(CONNECTING)
        self.set_figures(None, 0, 0)

    def set_state(self, state: str, detail: str = "") -> None:
        """Show online, offline, refused (login or schema) or connecting; ``detail`` goes in the tooltip."""
        self.state, self.detail = state, detail
        text = {ONLINE: self.tr("Online"), OFFLINE: self.tr("Offline"), REFUSED: self.tr("Desk refused"),
                CONNECTING: self.tr("Connecting…"), WAITING: self.tr("Waiting for the desk…"),
                SYNCING: self.tr("Synchronising…")}[state]
        self.state_label.setText(f"<span style='color:{_COLOURS[state]}'>●</span> {text}")
        tips = {ONLINE: self.tr("Connected to the desk server: changes are synchronised"),
                OFFLINE: self.tr("The desk server cannot be reached: work continues locally and is synchronised "
                                 "when it is back"),
                REFUSED: self.tr("The desk server refused this workstation"),
                CONNECTING: self.tr("Synchronising with the desk server…"),
                SYNCING: self.tr("Synchronising with the desk server…"),
                WAITING: self.tr("The desk server has not answered yet (busy, or another session holds what the sync "
                                 "needs): work continues locally; the sync gives up by itself and is tried again "
                                 "later")}
        from ui.desk.words import message

        words = message(detail) if detail else ""  # the core's message in the app's words: no server text
        copy = state == REFUSED and self.copy_of is not None
        if self.user and state != REFUSED:  # who this workstation syncs as (the title bar does not say)
            words = self.tr("Desk user: %1").replace("%1", self.user) + (f"\n{words}" if words else "")
        if copy:  # what the refusal is, in a few words; the button beside it is the way on
            text = self.tr("Copy of %1's workstation").replace("%1", self.copy_of)
            self.state_label.setText(f"<span style='color:{_COLOURS[state]}'>●</span> {text}")
            tip = self.tr("The desk refuses this store's syncs: its workstation id is %1's (this store is a copy of "
                          "their workstation's file). Make it a workstation of its own (Desk Server → Make a New "
                          "Workstation…); nothing in it is lost").replace("%1", self.copy_of)
            self.state_label.setToolTip(tip + (f"\n{words}" if words else ""))
        else:
            self.state_label.setToolTip(tips[state] + (f"\n{words}" if words else ""))
        self.reidentify_button.setToolTip(self.tr("Give this store a workstation id of its own, then sync (asked "
                                                  "first)"))
        self.reidentify_button.setVisible(copy)

    def set_user(self, user: str | None) -> None:
        """The desk user this store syncs as, named in the status's tooltip."""
        if user != self.user:
            self.user = user
            self.set_state(self.state, self.detail)

    def set_copy_of(self, owner: str | None) -> None:
        """The desk refuses this store as a copy of ``owner``'s workstation (None: it does not): shown
        while the state is refused, with the button that makes it a workstation of its own."""
        if owner != self.copy_of:
            self.copy_of = owner
            self.set_state(self.state, self.detail)

    def set_figures(self, last_sync: str | None, pending: int, conflicts: int, held: int = 0) -> None:
        """The last sync, the changes waiting to be pushed, the open conflicts, and ``held``: this
        store's changes the push holds back (listed among the conflicts), which are neither waiting
        nor on the desk, so the count of those waiting never reads as "all sent" while some are."""
        self.last_sync, self.pending, self.conflicts, self.held = last_sync, pending, conflicts, held
        # in a narrow window the time alone, else elided: the tooltip holds it whole, to the second
        whole = (self.tr("Last sync %1").replace("%1", short_time(last_sync)) if last_sync
                 else self.tr("Never synchronised"))
        self.sync_label.set_texts(whole, short_time(last_sync) if last_sync else None)
        self.sync_label.setToolTip(f"{whole}\n{local_time(last_sync)}" if last_sync else whole)
        waiting = self.tr("%1 to push").replace("%1", str(pending))
        tip = self.tr("Local changes waiting for the next sync")
        if held:
            waiting += " · " + self.tr("%1 held back").replace("%1", str(held))
            tip += "\n" + self.tr("%1 of this workstation's changes are held back: the desk does not take them yet "
                                   "(see the conflicts: each says why and what settles it)").replace("%1", str(held))
        self.pending_label.setText(waiting)
        self.pending_label.setToolTip(tip)
        self.conflicts_button.setText(self.tr("%1 conflicts").replace("%1", str(conflicts)))
        self.conflicts_button.setToolTip(self.tr("Values the desk kept over this workstation's: click to settle "
                                                 "them"))
        self.conflicts_button.setStyleSheet("color: #c62828; font-weight: bold;" if conflicts else "")

    def set_clock(self, note: str | None) -> None:
        """Show that this computer's clock differs from the desk server's (``note``: the core's
        warning, from the last sync), or nothing: the times it records would be wrong."""
        if not note:
            self.clock_label.clear()
            self.clock_label.hide()
            return
        from ui.desk.words import message

        self.clock_label.setText("<span style='color:#c62828'>⚠</span> " + self.tr("Clock off"))
        self.clock_label.setToolTip(message(note))
        self.clock_label.show()

    def text(self) -> str:
        """Everything the widget shows, as one line (for tests and the smoke check)."""
        import re

        state = re.sub("<[^>]+>", "", self.state_label.text())
        clock = [re.sub("<[^>]+>", "", self.clock_label.text())] if not self.clock_label.isHidden() else []
        way = [self.reidentify_button.text()] if not self.reidentify_button.isHidden() else []
        return " · ".join([state, *way, self.sync_label.whole_text(), *clock, self.pending_label.text(),
                           self.conflicts_button.text()])

    def _on_conflicts_button_clicked(self) -> None:
        self.conflicts_clicked.emit()

    def _on_reidentify_button_clicked(self) -> None:
        self.reidentify_clicked.emit()
