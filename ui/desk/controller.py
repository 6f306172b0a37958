"""The main window's desk: menu actions, the status bar part, background syncs, the LISTEN thread,
the conflicts view, the editors' leases, and making a copied store a workstation of its own.

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

from ui.desk.status import CONNECTING, OFFLINE, ONLINE, REFUSED, SYNCING, WAITING, DeskStatusWidget
from ui.desk.sync_worker import LISTEN_POLL_MS, DeskListener, DeskQueue

ONLINE_INTERVAL_MS = 3 * 60 * 1000  # a sync every three minutes while the desk is reachable
OFFLINE_INTERVAL_MS = 60 * 1000  # and a new attempt every minute while it is not
PUSH_DELAY_MS = 5 * 1000  # a local change is pushed this long after the last one
SLOW_SYNC_MS = 15 * 1000  # a sync still running after this long: the status bar says it waits on the server
HOLD_POLL_MS = 300  # while a pull's refresh waits for a cell editor to close, it looks this often
PULL_ROWS_LIMIT = 20_000  # a pull changing more than this reloads the views whole (as an import does)


def _last_seq(store) -> int:
    try:
        return int(store.last_seq() or 0)
    except Exception:  # no change log to read (a store that cannot be read now): everything is new
        return 0


class _Place:
    """Where the user is in one table: the current cell, the selected cells and the scroll, by row key
    and column key, so a reload that resets the table puts them back."""

    MAX_SELECTED = 5000  # a bigger selection (a whole column) keeps its current cell only

    def __init__(self, page):
        self.page = page
        view = page.view
        self.current = self._key(view.currentIndex())
        selection = view.selectionModel()
        ranges = selection.selection() if selection is not None else []
        cells = sum(r.width() * r.height() for r in ranges)
        picked = selection.selectedIndexes() if ranges and cells <= self.MAX_SELECTED else []
        self.selected = [k for k in map(self._key, picked) if k is not None]
        self.scroll = (view.horizontalScrollBar().value(), view.verticalScrollBar().value())

    def _key(self, proxy_index):
        if not proxy_index.isValid():
            return None
        page = self.page
        source = page.proxy.mapToSource(proxy_index)
        model = page.model
        if not source.isValid() or source.row() >= model.rowCount() or source.column() >= len(model.columns):
            return None
        return model.key_at(source.row()), model.columns[source.column()].key

    def _index(self, key):
        page = self.page
        model = page.model
        row = model.row_of(key[0])
        column = next((c for c, col in enumerate(model.columns) if col.key == key[1]), None)
        if row is None or column is None:
            return None
        index = page.proxy.mapFromSource(model.index(row, column))
        return index if index.isValid() else None

    def restore(self) -> None:
        """Put the place back when a reset lost it (a table refreshed cell by cell kept it)."""
        from PySide6.QtCore import QItemSelection, QItemSelectionModel

        page = self.page
        if not isValid(page.view) or self.current is None or self._key(page.view.currentIndex()) == self.current:
            return
        view = page.view
        selection = view.selectionModel()
        current = self._index(self.current)
        if selection is None or current is None:
            return
        flags = QItemSelectionModel.SelectionFlag
        picked = QItemSelection()
        for key in self.selected:
            index = self._index(key)
            if index is not None:
                picked.select(index, index)
        selection.setCurrentIndex(current, flags.NoUpdate)
        selection.select(picked, flags.ClearAndSelect)
        view.horizontalScrollBar().setValue(self.scroll[0])
        view.verticalScrollBar().setValue(self.scroll[1])


def _sync_job(store, progress):
    """Sync, then read the status figures; an unreachable or refusing desk is an outcome, not an error.
    A refusal also tells whose workstation this store's id is when it is another desk user's
    (``copy_of``: a copy of their workstation's file, which the app offers to make one of its own)."""
    from ui.desk.reidentify import copy_owner
    from workbench.desk.connection import LoginRefused, NoPassword
    from workbench.desk.errors import DeskError, DeskOffline
    from workbench.desk.sync import desk_status, known_clock_note, sync

    outcome, result, copy_of = ONLINE, None, None
    try:
        result = sync(store)
    except DeskOffline as exc:
        outcome, result = OFFLINE, exc.message
    except (LoginRefused, NoPassword) as exc:  # (not logged in: nothing to ask the desk, no second try)
        outcome, result = REFUSED, exc.message
    except DeskError as exc:
        outcome, result = REFUSED, exc.message
        copy_of = copy_owner(store)
    # a clock off from the server's, as the last sync that reached it found it: the status bar says so
    return outcome, result, {**desk_status(store), "clock": known_clock_note(store), "copy_of": copy_of}


def _status_job(store, progress):
    """The status figures alone (pending changes after a local save), no network."""
    from workbench.desk.sync import desk_status

    return desk_status(store)


class DeskController(QObject):
    """Everything the app does with the desk server, for one main window."""

    status_changed = Signal(str)  # online, offline, refused or connecting
    synced = Signal(object)  # after each sync attempt: (outcome, SyncResult or message, status dict)
    # 设为新的工作站… ended: the core's Reidentified; None when the store is no copy (nothing changed);
    # the message when the desk could not be asked (nothing changed)
    reidentify_done = Signal(object)
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
        self._again_shown = False  # a user's sync asked while one runs: the one after it says so too
        self._shown_run = False  # the running sync is one the user asked for (its failure is said)
        self._again = False
        self._counting = False
        self._held_pulls: list = []  # pulls whose views' refresh waits for a cell editor to close
        self._settled_unshown = False  # a settlement's writes wait to be shown (as a held pull does)
        self._watched: list = []  # the item delegates whose closeEditor ends the wait
        self._refreshing = False
        self._seen_seq = 0  # the change log up to here is shown in the views
        self._datasets_pulled = False
        self.status_widget: DeskStatusWidget | None = None
        self.copy_owner: str | None = None  # the desk refuses this store as a copy of this user's workstation
        self._copy_told: str | None = None  # (said once for each store opened)
        self.copy_box = None  # the box that said it
        self._told_box = None  # the last answer of 设为新的工作站…
        self._reidentifying = False

        self.connect_action = QAction(self.tr("Connect to the &Desk Server…"), window)
        self.connect_action.setStatusTip(self.tr("Join this store to the team's desk server, or connect it again"))
        self.connect_action.triggered.connect(lambda checked=False: self.show_connect_dialog())
        self.sync_action = QAction(self.tr("S&ync Now"), window)
        self.sync_action.setShortcuts([QKeySequence("F9")])
        self.sync_action.setStatusTip(self.tr("Send this store's changes to the desk and fetch everyone else's"))
        self.sync_action.triggered.connect(lambda checked=False: self.sync_now(shown=True))
        # "&Desk Conflicts…": in the View menu, C is for Companies
        self.conflicts_action = QAction(self.tr("&Desk Conflicts…"), window)
        self.conflicts_action.setStatusTip(self.tr("Values the desk kept over this workstation's: settle them"))
        self.conflicts_action.triggered.connect(lambda checked=False: self.show_conflicts())
        self.switch_user_action = QAction(self.tr("S&witch User…"), window)
        self.switch_user_action.setShortcuts([QKeySequence("Ctrl+Alt+U")])
        self.switch_user_action.setStatusTip(self.tr("Sync this store as another desk user of the same desk"))
        self.switch_user_action.triggered.connect(lambda checked=False: self.show_switch_user_dialog())
        self.switch_user_dialog = None
        self.reidentify_action = QAction(self.tr("Make a &New Workstation…"), window)
        self.reidentify_action.setShortcuts([QKeySequence("Ctrl+Alt+R")])
        self.reidentify_action.setStatusTip(self.tr("Give this store, a copy of another workstation's file, a "
                                                    "workstation id of its own, then sync"))
        self.reidentify_action.triggered.connect(lambda checked=False: self.reidentify())
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
        self.hold_timer = QTimer(self)
        self.hold_timer.setInterval(HOLD_POLL_MS)
        self.hold_timer.timeout.connect(self._on_hold_timer_timeout)
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
        self._copy_told = None
        self._seen_seq = _last_seq(session.store)  # the views show the store as it is now
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
        self._stop_holding()
        self._held_pulls = []
        self._settled_unshown = False
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
        self._syncing = self._again = self._again_shown = self._counting = self._reidentifying = False
        self._shown_run = False
        self.copy_owner = None
        if self.copy_box is not None and isValid(self.copy_box):
            self.copy_box.close()  # (it spoke of the store closed)
        self.copy_box = None
        if self.status_widget is not None:
            self.status_widget.set_copy_of(None)
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
            self.status_widget.reidentify_clicked.connect(self.reidentify_action.trigger)
            self.window.statusBar().addPermanentWidget(self.status_widget)
        return self.status_widget

    def _update_actions(self) -> None:
        for action in (self.sync_action, self.conflicts_action, self.switch_user_action, self.reidentify_action):
            action.setVisible(self.configured)
            action.setEnabled(self.configured)
        if self._reidentifying:
            self.reidentify_action.setEnabled(False)  # (one at a time)
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
        if self.reidentify_action not in menu.actions():
            menu.addAction(self.reidentify_action)
        self._update_actions()

    # ------------------------------------------------------------------ syncing
    def sync_now(self, shown: bool = False) -> bool:
        """Start a sync on a worker (or one more after the running one); False when no desk is set.
        ``shown``: the user asked for it (F9, the menu), so the status bar says 正在同步… at once until
        its result, however short; the automatic syncs leave the status bar still."""
        if not self.configured:
            return False
        self.push_timer.stop()
        if shown and self.status_widget is not None and self.status_widget.state != WAITING:
            self.status_widget.set_state(SYNCING)
        if self._syncing:
            self._again = True
            self._again_shown = self._again_shown or shown
            return True
        self._syncing = True
        self._shown_run = shown
        generation = self._generation
        if self.status_widget is not None and self.online is None and not shown:
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
        shown_run, self._shown_run = self._shown_run, False
        self.slow_timer.stop()
        state, result, status = outcome
        self.last_status = status
        was_online = self.online
        self.online = state == ONLINE
        widget = self.ensure_status_widget()
        if state == ONLINE:
            self.copy_owner = None
        elif state == REFUSED and "copy_of" in status:
            self.copy_owner = status["copy_of"]  # (a fault the core did not foresee leaves it as it was)
        notes = list(getattr(result, "notes", None) or []) if state == ONLINE else []
        widget.set_state(state, "\n".join(notes) if state == ONLINE else str(result))
        widget.set_copy_of(self.copy_owner)
        widget.set_user(status.get("user"))
        self._tell_copy()
        if notes and hasattr(self.window, "_show_message"):  # re-identified, or everything pulled again
            from ui.desk.words import status_line

            self.window._show_message(status_line(notes))
        elif shown_run and state != ONLINE and hasattr(self.window, "_show_message"):
            # a sync the user asked for that could not reach the desk, or was refused: said, not only a dot
            from ui.desk.words import message

            said = self.tr("Not synchronised: %1").replace("%1", message(str(result)))
            if state == OFFLINE:
                said += self.tr(" (changes are kept here and synchronised when the desk is back)")
            self.window._show_message(said)
        widget.set_figures(status.get("last_sync"), status.get("pending") or 0, status.get("conflicts") or 0,
                           status.get("held") or 0)
        widget.set_clock(status.get("clock"))
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
            shown, self._again, self._again_shown = self._again_shown, False, False
            self.sync_now(shown=shown)

    def _on_sync_failed(self, generation: int, exc) -> None:
        """A fault the core did not foresee: shown in the status bar's tooltip, the store untouched."""
        if generation != self._generation:
            return
        message = getattr(exc, "message", None) or f"{type(exc).__name__}: {exc}"
        self._on_sync_finished(generation, (REFUSED, message, self.last_status or {}))

    def _after_pull(self, result) -> None:
        """Others' changes arrived: refresh what they touched in the views and read-only editors,
        keeping the user's place; while a cell is being typed in, once its editor is closed."""
        if self.session is None:
            return
        self._held_pulls.append(result)
        if self._editing_views():
            self._hold_pull()
            return
        self._apply_pulls()

    def _editing_views(self) -> list:
        """The window's tables with a cell editor open (a value being typed)."""
        from PySide6.QtWidgets import QAbstractItemView

        pages = self.window.table_pages() if hasattr(self.window, "table_pages") else []
        return [page.view for page in pages if isValid(page.view)
                and page.view.state() == QAbstractItemView.State.EditingState]

    def _hold_pull(self) -> None:
        """Refresh the views once the cell editor is closed (committed or cancelled): a refresh now
        would close it and lose the typed value (the pulled rows are in the store already)."""
        for view in self._editing_views():
            delegate = view.itemDelegate()
            if delegate is not None and delegate not in self._watched:
                delegate.closeEditor.connect(self._on_delegate_close_editor)
                self._watched.append(delegate)
        self.hold_timer.start()  # an editor the view closes by itself (no delegate signal) is noticed too

    def _on_delegate_close_editor(self, *args) -> None:
        # the view commits and closes the editor after this signal: look once it has
        QTimer.singleShot(0, self._on_editor_closed)

    def _on_editor_closed(self, *args) -> None:
        if (self._held_pulls or self._settled_unshown) and self.session is not None and not self._editing_views():
            self._apply_pulls()

    def _on_hold_timer_timeout(self) -> None:
        self._on_editor_closed()

    def _stop_holding(self) -> None:
        self.hold_timer.stop()
        for delegate in self._watched:
            try:
                delegate.closeEditor.disconnect(self._on_delegate_close_editor)
            except (RuntimeError, TypeError):
                pass
        self._watched = []

    def _apply_pulls(self) -> None:
        """Refresh the views for every pull held so far: the rows and cells the pulls changed, with no
        reset where a table can take them one by one; the current cell, selection and scroll stay."""
        self._stop_holding()
        results, self._held_pulls = self._held_pulls, []
        settled, self._settled_unshown = self._settled_unshown, False
        if self.session is None or not (results or settled):
            return
        self._refresh_views(self._read_pulled_changes())  # a settlement's writes are in the log too
        for result in results:
            self.pulled.emit(result)

    def _refresh_views(self, changes) -> None:
        """Show ``changes`` written behind the views' back (a pull, a settlement) in the tables, the
        issue views, read-only editors and notes, keeping the user's place and the undo history
        (``StoreSession.notify_pulled``)."""
        session = self.session
        places = [_Place(page) for page in self._pages()]
        self._refreshing = True
        try:
            session.notify_pulled(changes)
            if changes is None or self._datasets_pulled:
                self.window.mark_charts_stale("all")  # new indices or datasets may have arrived
            for lease in list(self.leases.values()):
                editor = lease.editor
                if editor is not None and editor.desk_read_only and lease.state == "held":
                    editor.reload()
            self.window._refresh_issue_views()
            notes = getattr(self.window, "notes_view", None)
            if notes is not None and isValid(notes):
                notes.refresh()  # the note being read stays selected
        finally:
            self._refreshing = False
        for place in places:
            place.restore()

    def _pages(self) -> list:
        pages = self.window.table_pages() if hasattr(self.window, "table_pages") else []
        return [page for page in pages if isValid(page.view) and page.model is not None]

    def _read_pulled_changes(self):
        """What the pulls wrote since the last look at the change log, as an edit's changes for the
        table models; None when the views must reload whole (the house's number style, segments,
        the grid's columns, or more changes than a refresh row by row is worth)."""
        store = self.session.store
        self._datasets_pulled = False
        try:
            entries = store.changes_since(self._seen_seq, limit=PULL_ROWS_LIMIT + 1)
        except Exception:  # the log cannot be read: reload the views whole, as after an import
            self._seen_seq = _last_seq(store)
            return None
        if len(entries) > PULL_ROWS_LIMIT:
            self._seen_seq = _last_seq(store)
            return None
        if entries:
            self._seen_seq = max(self._seen_seq, max(e["seq"] for e in entries))
        return self._changes_of(entries)

    def _changes_of(self, entries: list[dict]):
        """Change-log entries as an edit's changes for the table models; None when the views must
        reload whole (the house's number style, segments, or the grid's columns changed)."""
        from workbench.edits import Changes

        self._datasets_pulled = False
        changes, whole, issues = Changes(), False, False
        for e in entries:
            entity = e["entity"]
            if entity == "fact":
                changes.facts.add((e["key1"], e["key2"], e["key3"]))
            elif entity == "company":
                if e["op"] == "update":
                    changes.companies.add(e["key1"])
                else:  # a company added, removed or re-keyed
                    changes.rows = True
            elif entity in ("quote", "indices"):
                changes.quotes = True
            elif entity in ("house", "segments"):
                whole = True  # the number style, or the segments' names and order, the grids show
            elif entity == "datasets":
                self._datasets_pulled = True
            elif entity in ("issues", "issue_versions"):
                issues = True
        if issues and not whole:
            financials = getattr(self.window, "financials_page", None)
            model = getattr(financials, "model", None)
            if model is not None and hasattr(model, "default_columns_moved") and model.default_columns_moved():
                whole = True  # the latest issue's table has other columns: the grid shows them
        return None if whole else changes

    def _on_session_changed(self, *args) -> None:
        if self._refreshing:
            return  # the views taking in a pull: nothing of this workstation's to push
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
                                       status.get("conflicts") or 0, status.get("held") or 0)

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
            from ui.desk.words import sync_summary  # what the join did, in the UI's words

            self.window._show_message(self.tr("Joined the desk: %1").replace("%1", sync_summary(result)))
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
        before = _last_seq(self.session.store)
        try:
            resolve(self.session.store, conflict_id, keep)
        except WorkbenchError as exc:
            return exc.message
        self._after_settle(conflict_id, before)
        if self.status_widget is not None:
            w = self.status_widget
            w.set_figures(w.last_sync, w.pending, max(0, w.conflicts - 1), w.held)
        self.sync_now()
        return None

    def _after_settle(self, conflict_id: int, before: int) -> None:
        """A settlement wrote here what the change log holds after ``before``: the views show it as
        after a pull, keeping the user's place, the cell being typed in and the undo history; a step
        over a row it wrote refuses when undone or redone, naming the row (``ui.desk.settled_steps``)."""
        from ui.desk.settled_steps import SettledRows, guard_settled_steps

        session = self.session
        try:
            entries = session.store.changes_since(before, limit=PULL_ROWS_LIMIT + 1)
        except Exception:  # the log cannot be read: nothing tells which steps it touched
            session.notify_reloaded(clear_undo=True)
            return
        if len(entries) > PULL_ROWS_LIMIT:
            session.notify_reloaded(clear_undo=True)
            return
        guard_settled_steps(session.store, session.undo_stack, SettledRows(conflict_id, entries))
        # shown as a pull is (the change log holds the settlement's writes): at once, or once the
        # cell being typed in is closed
        self._settled_unshown = True
        if self._editing_views():
            self._hold_pull()
        else:
            self._apply_pulls()

    # ------------------------------------------------------------------ a copy of another workstation
    def _tell_copy(self) -> None:
        """Say once (for each store opened), in a box that leaves the window usable, that the desk refuses
        this store as a copy of another user's workstation, and offer the way on; the status bar's part
        keeps showing it, with its button, until a sync goes through."""
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QMessageBox

        owner = self.copy_owner
        if owner is None or owner == self._copy_told:
            return
        self._copy_told = owner
        if self.copy_box is not None and isValid(self.copy_box):
            self.copy_box.close()
        title = self.tr("Copy of Another Workstation")
        box = QMessageBox(QMessageBox.Icon.Warning, title,
                          self.tr("The desk refuses to sync this store: its workstation id is %1's. This store is a "
                                  "copy of %1's workstation file.").replace("%1", owner),
                          QMessageBox.StandardButton.NoButton, self.window)
        box.setInformativeText(self.tr("Make it a workstation of its own (Desk Server → Make a New "
                                       "Workstation…): it gets a new workstation id, and the next sync sends the "
                                       "changes the desk has not confirmed. Nothing in this store is lost. Until then "
                                       "the work here goes on, and nothing is synced."))
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        make = box.addButton(self.tr("Make a New Workstation…"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("Later"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(make)
        box.setWindowModality(Qt.WindowModality.NonModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(lambda button, b=make: button is b and self.reidentify_action.trigger())
        self.copy_box = box
        box.show()

    def reidentify(self):
        """团队服务器 → 设为新的工作站…: ask the desk whether the store is a copy of another
        workstation's file (on a worker: it connects); if it is, ask the user, give it a new workstation
        id (``identity.reidentify``), sync, and show what was done. A store that is no copy is left as it is."""
        if self.session is None or not self.configured or self._reidentifying:
            return None
        from ui.desk.reidentify import check_job

        self._reidentifying = True
        self._update_actions()
        generation = self._generation
        # in the syncs' lane: never beside a sync of the same store
        return self.queue.submit(self.db_path, check_job,
                                 lambda reason, g=generation: self._on_copy_checked(g, reason),
                                 lambda exc, g=generation: self._on_reidentify_failed(g, exc))

    def _on_copy_checked(self, generation: int, reason: str | None) -> None:
        if generation != self._generation:
            return
        if reason is None:
            self._not_a_copy()
            return
        from ui.desk.words import message

        title = self.tr("Make a New Workstation")
        question = (self.tr("This store is a copy of another workstation's file: %1.").replace("%1", message(reason))
                    + "\n\n" + self.tr("Make it a workstation of its own? It gets a new workstation id, and the "
                                        "desk takes its syncs again. The changes the desk has not confirmed are sent "
                                        "by the next sync, under the new id; a value someone changed since on the "
                                        "desk is listed as a conflict. Nothing in this store is lost: its data stays "
                                        "as it is."))
        if not self._ask(title, question):
            self._reidentifying = False
            self._update_actions()
            return
        from ui.desk.reidentify import reidentify_job

        self.queue.submit(self.db_path, reidentify_job,
                          lambda done, g=generation: self._on_reidentified(g, done),
                          lambda exc, g=generation: self._on_reidentify_failed(g, exc))

    def _ask(self, title: str, text: str) -> bool:
        """The window's own Yes/No question (injectable), else Qt's."""
        confirm = getattr(self.window, "confirm", None)
        if callable(confirm):
            return bool(confirm(self.window, title, text))
        from ui.common.prompts import ask_confirm

        return ask_confirm(self.window, title, text)

    def _tell(self, icon, title: str, text: str, informative: str = "") -> None:
        """What 设为新的工作站… did, in a box that replaces the one it opened before (tried twice offline,
        the user reads one answer, not two alike)."""
        if self._told_box is not None and isValid(self._told_box):
            self._told_box.close()
        if hasattr(self.window, "message_box"):
            box = self.window.message_box(icon, title, text, informative)  # (opened, not run: the window stays live)
        else:
            from ui.common.i18n import for_ui
            from ui.common.prompts import message_box

            box = message_box(self.window, icon, title, for_ui(text), for_ui(informative))
        self._told_box = box

    def _not_a_copy(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        self._reidentifying = False
        self._update_actions()
        ws = self.session.store.workstation_id() if self.session is not None else ""
        # (a copy the sync made a workstation of its own already reads the same: the id is in the details)
        self._tell(QMessageBox.Icon.Information, self.tr("Make a New Workstation"),
                   self.tr("This store is a workstation of its own: it is not a copy of another workstation's file, "
                           "or a sync has made it one already. Nothing was changed."),
                   self.tr("Workstation id: %1").replace("%1", ws))
        self.reidentify_done.emit(None)

    def _on_reidentified(self, generation: int, done) -> None:
        if generation != self._generation:
            return
        if done is None:  # no copy by now (asked again before the change)
            self._not_a_copy()
            return
        from PySide6.QtWidgets import QMessageBox

        self._reidentifying = False
        self.workstation = done.new  # (the listener's notes of its own pushes come under it now)
        self.copy_owner = None
        if self.status_widget is not None:
            self.status_widget.set_copy_of(None)
        self._update_actions()
        self._tell(QMessageBox.Icon.Information, self.tr("Make a New Workstation"),
                   self.tr("This store is a workstation of its own now; it syncs at once."), done.summary())
        self.sync_now(shown=True)
        self.reidentify_done.emit(done)

    def _on_reidentify_failed(self, generation: int, exc) -> None:
        """The desk could not be asked (unreachable, or refused the question): nothing was changed."""
        if generation != self._generation:
            return
        from PySide6.QtWidgets import QMessageBox

        from ui.desk.words import message

        self._reidentifying = False
        self._update_actions()
        from workbench.desk.errors import DeskOffline

        text = getattr(exc, "message", None) or f"{type(exc).__name__}: {exc}"
        said = self.tr("The desk could not be asked whether this store is a copy of another workstation's file: "
                       "nothing was changed.")
        if isinstance(exc, DeskOffline):  # (else the reason below says what to do: a password, a privilege…)
            said += " " + self.tr("Try again when the desk can be reached.")
        self._tell(QMessageBox.Icon.Warning, self.tr("Make a New Workstation"), said, message(text))
        self.reidentify_done.emit(text)

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
