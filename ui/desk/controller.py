"""The main window's desk: menu actions, the status bar part, background syncs, the LISTEN thread,
the conflicts view and the editors' leases.

With a desk configured the store syncs when it opens, on demand (File → 立即同步), a few seconds
after a local change, at once when another workstation pushed (LISTEN/NOTIFY), and every few
minutes; always on a worker, one sync at a time. With no desk configured the actions to sync and
to see conflicts are hidden, the status bar part never shows and psycopg is never imported.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from shiboken6 import isValid

from ui.desk.status import CONNECTING, OFFLINE, ONLINE, REFUSED, WAITING, DeskStatusWidget
from ui.desk.sync_worker import LISTEN_POLL_MS, DeskListener, DeskQueue

ONLINE_INTERVAL_MS = 3 * 60 * 1000  # a sync every three minutes while the desk is reachable
OFFLINE_INTERVAL_MS = 60 * 1000  # and a new attempt every minute while it is not
PUSH_DELAY_MS = 5 * 1000  # a local change is pushed this long after the last one
SLOW_SYNC_MS = 15 * 1000  # a sync still running after this long: the status bar says it waits on the server


def _sync_job(store, progress):
    """Sync, then read the status figures; an unreachable or refusing desk is an outcome, not an error."""
    from workbench.desk.errors import DeskError, DeskOffline
    from workbench.desk.sync import desk_status, sync

    outcome, result = ONLINE, None
    try:
        result = sync(store)
    except DeskOffline as exc:
        outcome, result = OFFLINE, exc.message
    except DeskError as exc:
        outcome, result = REFUSED, exc.message
    return outcome, result, desk_status(store)


def _status_job(store, progress):
    """The status figures alone (pending changes after a local save), no network."""
    from workbench.desk.sync import desk_status

    return desk_status(store)


class DeskController(QObject):
    """Everything the app does with the desk server, for one main window."""

    status_changed = Signal(str)  # online, offline, refused or connecting
    synced = Signal(object)  # after each sync attempt: (outcome, SyncResult or message, status dict)
    pulled = Signal(object)  # a sync brought others' changes (the SyncResult); the views were reloaded

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.session = None
        self.db_path: Path | None = None
        self.url: str | None = None
        self.workstation: str | None = None
        self.online: bool | None = None  # None: not known yet
        self.queue = DeskQueue(self)
        self.listener: DeskListener | None = None
        self.leases: dict[int, object] = {}
        self.conflicts_view = None
        self.last_status: dict | None = None
        self._generation = 0
        self._syncing = False
        self._again = False
        self._counting = False
        self.status_widget: DeskStatusWidget | None = None

        self.connect_action = QAction(self.tr("Connect to the &Desk Server…"), window)
        self.connect_action.setStatusTip(self.tr("Join this store to the team's desk server, or connect it again"))
        self.connect_action.triggered.connect(lambda checked=False: self.show_connect_dialog())
        self.sync_action = QAction(self.tr("S&ync Now"), window)
        self.sync_action.setShortcuts([QKeySequence("F9")])
        self.sync_action.setStatusTip(self.tr("Send this store's changes to the desk and fetch everyone else's"))
        self.sync_action.triggered.connect(lambda checked=False: self.sync_now())
        # "&Desk Conflicts…": in the View menu, C is for Companies
        self.conflicts_action = QAction(self.tr("&Desk Conflicts…"), window)
        self.conflicts_action.setStatusTip(self.tr("Values the desk kept over this workstation's: settle them"))
        self.conflicts_action.triggered.connect(lambda checked=False: self.show_conflicts())
        self.switch_user_action = QAction(self.tr("S&witch User…"), window)
        self.switch_user_action.setShortcuts([QKeySequence("Ctrl+Alt+U")])
        self.switch_user_action.setStatusTip(self.tr("Sync this store as another desk user of the same desk"))
        self.switch_user_action.triggered.connect(lambda checked=False: self.show_switch_user_dialog())
        self.switch_user_dialog = None
        self.menu = None  # the menu bar's 团队服务器 menu (ui.main_window.menus), there with a desk only
        self._menu_before = None
        window.addAction(self.sync_action)  # the shortcut works wherever the focus is

        self.timer = QTimer(self)
        self.timer.setInterval(ONLINE_INTERVAL_MS)
        self.timer.timeout.connect(self.sync_now)
        self.push_timer = QTimer(self)
        self.push_timer.setSingleShot(True)
        self.push_timer.setInterval(PUSH_DELAY_MS)
        self.push_timer.timeout.connect(self.sync_now)
        self.listen_timer = QTimer(self)
        self.listen_timer.setInterval(LISTEN_POLL_MS)
        self.listen_timer.timeout.connect(self._on_listen_timer_timeout)
        self.slow_timer = QTimer(self)
        self.slow_timer.setSingleShot(True)
        self.slow_timer.timeout.connect(self._on_slow_timer_timeout)
        self._update_actions()

    # ------------------------------------------------------------------ attaching to a store
    @property
    def configured(self) -> bool:
        return self.url is not None

    def attach(self, session) -> None:
        """A store was opened in the window: if it belongs to a desk, show the status and sync."""
        from workbench.store import sync_state

        self.detach()
        self.session = session
        self.db_path = Path(session.path)
        self.url = session.store.get_setting(sync_state.SETTING_URL) or None
        session.changed.connect(self._on_session_changed)
        self._update_actions()
        if not self.configured:
            return
        self.workstation = session.store.workstation_id()
        self.online = None
        widget = self.ensure_status_widget()
        widget.set_state(CONNECTING)
        # pending changes are counted by the worker (after a big import that takes a moment)
        widget.set_figures(session.store.get_setting(sync_state.SETTING_LAST_SYNC), 0,
                           len(sync_state.conflicts(session.store)))
        widget.show()
        self.timer.start()
        self.start_listener()
        self.sync_now()

    def detach(self) -> None:
        """The store is being closed: stop listening and syncing; queued lease releases still run."""
        self._generation += 1
        self.timer.stop()
        self.push_timer.stop()
        self.slow_timer.stop()
        self.stop_listener()
        if self.conflicts_view is not None:
            self.conflicts_view.close()
            self.conflicts_view.deleteLater()
            self.conflicts_view = None
        if self.session is not None:
            try:
                self.session.changed.disconnect(self._on_session_changed)
            except (RuntimeError, TypeError):
                pass
        self.session = None
        self.url = None
        self.online = None
        self._syncing = self._again = self._counting = False
        if self.status_widget is not None:
            self.status_widget.hide()
        self._update_actions()

    def shutdown(self) -> None:
        """The window closes: detach, and start what is still queued (lease releases) at once."""
        self.detach()
        for lease in list(self.leases.values()):
            lease.give_back()  # the editors were closed; their deletion comes after the window's
        self.queue.flush()

    def ensure_status_widget(self) -> DeskStatusWidget:
        if self.status_widget is None:
            self.status_widget = DeskStatusWidget(self.window)
            self.status_widget.conflicts_clicked.connect(self.show_conflicts)
            self.window.statusBar().addPermanentWidget(self.status_widget)
        return self.status_widget

    def _update_actions(self) -> None:
        for action in (self.sync_action, self.conflicts_action, self.switch_user_action):
            action.setVisible(self.configured)
            action.setEnabled(self.configured)
        self.connect_action.setEnabled(self.session is not None)  # joining needs an open store
        if self.menu is not None:
            bar = self.window.menuBar()
            there = self.menu.menuAction() in bar.actions()
            if self.configured and not there:
                bar.insertMenu(self._menu_before, self.menu)
            elif not self.configured and there:
                bar.removeAction(self.menu.menuAction())

    def set_menu(self, menu, before) -> None:
        """The 团队服务器 menu, put into the menu bar before ``before`` while the store has a desk."""
        self.menu, self._menu_before = menu, before
        self._update_actions()

    # ------------------------------------------------------------------ syncing
    def sync_now(self) -> bool:
        """Start a sync on a worker (or one more after the running one); False when no desk is set."""
        if not self.configured:
            return False
        self.push_timer.stop()
        if self._syncing:
            self._again = True
            return True
        self._syncing = True
        generation = self._generation
        if self.status_widget is not None and self.online is None:
            self.status_widget.set_state(CONNECTING)
        self.queue.submit(self.db_path, _sync_job,
                          lambda outcome, g=generation: self._on_sync_finished(g, outcome),
                          lambda exc, g=generation: self._on_sync_failed(g, exc))
        self.slow_timer.start(SLOW_SYNC_MS)
        return True

    def _on_slow_timer_timeout(self) -> None:
        """The sync has waited long on the server: say so (it ends by the connection's own limits)."""
        if self._syncing and self.status_widget is not None:
            self.status_widget.set_state(WAITING)

    def _on_sync_finished(self, generation: int, outcome) -> None:
        if generation != self._generation:
            return  # the store was closed or switched meanwhile
        self._syncing = False
        self.slow_timer.stop()
        state, result, status = outcome
        self.last_status = status
        was_online = self.online
        self.online = state == ONLINE
        widget = self.ensure_status_widget()
        notes = list(getattr(result, "notes", None) or []) if state == ONLINE else []
        widget.set_state(state, "\n".join(notes) if state == ONLINE else str(result))
        if notes and hasattr(self.window, "_show_message"):
            self.window._show_message("; ".join(notes))  # re-identified, or everything pulled again
        widget.set_figures(status.get("last_sync"), status.get("pending") or 0, status.get("conflicts") or 0)
        self.timer.setInterval(ONLINE_INTERVAL_MS if self.online else OFFLINE_INTERVAL_MS)
        self.status_changed.emit(state)
        if state == ONLINE and (result.pulled or result.conflicts or result.refused or getattr(result, "settled", 0)):
            self._after_pull(result)
        if self.online:
            for lease in list(self.leases.values()):
                lease.retry()  # opened offline, or held by someone who may have given it back
        if self.online and was_online is not True and (self.listener is None or not self.listener.alive):
            self.start_listener()
        if self.conflicts_view is not None:
            self.conflicts_view.reload()
        self.synced.emit(outcome)
        if self._again:
            self._again = False
            self.sync_now()

    def _on_sync_failed(self, generation: int, exc) -> None:
        """A fault the core did not foresee: shown in the status bar's tooltip, the store untouched."""
        if generation != self._generation:
            return
        message = getattr(exc, "message", None) or f"{type(exc).__name__}: {exc}"
        self._on_sync_finished(generation, (REFUSED, message, self.last_status or {}))

    def _after_pull(self, result) -> None:
        """Others' changes arrived: reload the views (as after an import) and read-only editors."""
        if self.session is None:
            return
        # the undo history would revert values that came from the desk: it starts again
        self.session.notify_reloaded(clear_undo=True)
        for lease in list(self.leases.values()):
            editor = lease.editor
            if editor is not None and editor.desk_read_only and lease.state == "held":
                editor.reload()
        self.window._refresh_issue_views()
        notes = getattr(self.window, "notes_view", None)
        if notes is not None and isValid(notes):
            notes.refresh()
        self.pulled.emit(result)

    def _on_session_changed(self, *args) -> None:
        if self.configured:
            self.push_timer.start()
            self._count_pending()

    def _count_pending(self) -> None:
        """Count the changes waiting for the push now, not at the next sync (on a worker: after a big
        import that takes a moment)."""
        if self._counting:
            return
        self._counting = True
        generation = self._generation
        self.queue.submit(self.db_path, _status_job, lambda status, g=generation: self._on_counted(g, status),
                          lambda exc, g=generation: self._on_counted(g, None), lane="status")

    def _on_counted(self, generation: int, status) -> None:
        self._counting = False
        if generation != self._generation or status is None or self.status_widget is None:
            return
        self.status_widget.set_figures(status.get("last_sync"), status.get("pending") or 0,
                                       status.get("conflicts") or 0)

    def note_local_change(self) -> None:
        """An editor saved: push soon."""
        self._on_session_changed()

    # ------------------------------------------------------------------ listening
    def start_listener(self) -> None:
        self.stop_listener()
        if not self.configured:
            return
        self.listener = DeskListener(self.url)
        self.listener.start()
        self.listen_timer.start()

    def stop_listener(self) -> None:
        self.listen_timer.stop()
        if self.listener is not None:
            self.listener.stop()
            self.listener = None

    def _on_listen_timer_timeout(self) -> None:
        if self.listener is None:
            return
        notified = False
        for kind, value in self.listener.events():
            if kind == "connected":
                self._on_listener_connected(value)
            elif value != self.workstation:
                notified = True
        if notified:
            self.sync_now()  # another workstation pushed: fetch it now (several pushes, one sync)

    def _on_listener_connected(self, connected: bool) -> None:
        if connected and self.online is False:
            self.sync_now()  # the desk is back (while the first sync runs, it is not known to be away)
        elif not connected and self.online and self.status_widget is not None:
            self.online = False
            self.status_widget.set_state(OFFLINE)
            self.timer.setInterval(OFFLINE_INTERVAL_MS)
            self.status_changed.emit(OFFLINE)

    # ------------------------------------------------------------------ dialogs
    def show_connect_dialog(self):
        """File → 连接团队服务器…: join the open store to a desk (non-modal result: the window stays live)."""
        if self.session is None:
            return None
        from ui.desk.connect_dialog import ConnectDialog

        dialog = ConnectDialog(self.session.store, self.session.path, self.window)
        dialog.joined.connect(self._on_dialog_joined)
        dialog.join_failed.connect(self._on_dialog_join_failed)
        self.connect_dialog = dialog
        dialog.open()
        return dialog

    def _on_dialog_joined(self, result) -> None:
        session = self.session
        if session is None:
            return
        session.notify_reloaded(clear_undo=True)
        if hasattr(self.window, "_show_message"):
            self.window._show_message(self.tr("Joined the desk: %1").replace("%1", result.summary()))
        self.attach(session)

    def _on_dialog_join_failed(self, message: str) -> None:
        """Cancelled or cut off after the store was attached: it belongs to the desk now, and syncs."""
        from workbench.store import sync_state

        session = self.session
        if session is not None and not self.configured and session.store.get_setting(sync_state.SETTING_URL):
            session.notify_reloaded(clear_undo=True)
            self.attach(session)

    def show_switch_user_dialog(self):
        """团队服务器 → 切换用户…: sync the open store as another desk user (the switch and the first
        sync as that user run on a worker)."""
        if self.session is None or not self.configured:
            return None
        from ui.desk.switch_user_dialog import SwitchUserDialog

        dialog = SwitchUserDialog(self.session.store, self.session.path, self.window)
        dialog.switched.connect(self._on_user_switched)
        self.switch_user_dialog = dialog
        dialog.open()
        return dialog

    def _on_user_switched(self, summary: str) -> None:
        """The store syncs as the new user now: attach again (the listener logs in as that user)."""
        session = self.session
        if session is None:
            return
        session.notify_reloaded(clear_undo=True)
        if hasattr(self.window, "_show_message"):
            self.window._show_message(summary)
        self.attach(session)

    def show_conflicts(self):
        if self.session is None or not self.configured:
            return None
        from ui.desk.conflicts_view import ConflictsView

        if self.conflicts_view is None:
            self.conflicts_view = ConflictsView(self.session.store, self.resolve, self.window)
        else:
            self.conflicts_view.reload()
        self.conflicts_view.show()
        self.conflicts_view.raise_()
        self.conflicts_view.activateWindow()
        return self.conflicts_view

    def resolve(self, conflict_id: int, keep: str) -> str | None:
        """Settle one conflict in the local store (the core's resolve); mine is pushed by a sync at once."""
        from workbench.desk.sync import resolve
        from workbench.errors import WorkbenchError

        if self.session is None:
            return None
        try:
            resolve(self.session.store, conflict_id, keep)
        except WorkbenchError as exc:
            return exc.message
        self.session.notify_reloaded(clear_undo=True)
        if self.status_widget is not None:
            w = self.status_widget
            w.set_figures(w.last_sync, w.pending, max(0, w.conflicts - 1))
        self.sync_now()
        return None

    # ------------------------------------------------------------------ editors
    def attach_editor(self, editor):
        """An issue editor opened: take the draft's lease when a desk is configured."""
        if not self.configured or editor is None:
            return None
        from ui.desk.lease import EditorLease

        lease = EditorLease(self, editor)
        self.leases[editor.issue_id] = lease
        editor.saved.connect(lambda *_: self.note_local_change())
        lease.start(self.online)
        return lease

    def forget_lease(self, lease) -> None:
        if self.leases.get(lease.issue_id) is lease:
            del self.leases[lease.issue_id]
