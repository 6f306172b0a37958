"""Autosave: the fields go to the store's autosave slot a pause after each change, and come back after a crash.

An autosave is dropped only by the user (丢弃, 不保存) or by the save of the editor that wrote it; one
made before the issue was changed elsewhere is offered all the same, saying what changed since.
"""

from __future__ import annotations

import difflib
import sqlite3
from datetime import datetime

from PySide6.QtCore import QCoreApplication, QObject, QTimer

from ui.common.i18n import for_ui
from ui.issue_editor import prompts
from workbench.errors import WorkbenchError
from workbench.index_ops import merged_names, repoint_merged

DEFAULT_AUTOSAVE_MS = 3000
RETRY_MS = 5000  # a busy or full store: the autosave tries again after this, without holding up typing
SAME_FIELDS = ("headline", "series", "period_start", "period_end", "publish_date", "industry", "rating",
               "rating_action", "analysts")


def _parse_time(text: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(text) if text else None
    except ValueError:
        return None


def _second(text: str | None) -> str:
    return (text or "")[:19].replace("T", " ")


def store_error(editor, exc: sqlite3.Error) -> WorkbenchError:
    """SQLite's error as the main window's edits say it (磁盘已满 naming the folder, 正被其他程序使用)."""
    from ui.services.session import explain

    return explain(exc, editor.store_path)


def same_text(a, b) -> bool:
    """Whether two issues hold the same fields (content and heading), whatever their status."""
    return a.content_json() == b.content_json() and all(getattr(a, k) == getattr(b, k) for k in SAME_FIELDS)


def _field_text(issue, key: str, analyst_names: dict | None = None) -> str:
    value = getattr(issue, key) if key in SAME_FIELDS else issue.content().get(key)
    if key == "analysts":  # by name, one a line, as the editor's ticks list them
        return "\n".join(str((analyst_names or {}).get(a, a)) for a in value or [])
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "\n".join(f"{n}. {v}" for n, v in enumerate(value, 1))
    return "" if value is None else str(value)


def _diff(label: str, before: str, after: str) -> str:
    lines = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=1)
    return f"【{label}】\n" + "\n".join(line for line in list(lines)[2:] if not line.startswith("@@"))


def comparison(saved, stored, analyst_names: dict | None = None, store=None) -> str:
    """The fields the autosave holds otherwise than the stored issue, each as a line diff (- stored, + autosave):
    the heading's fields by their labels (the analysts by name), the body part by part as the issue editor
    and the desk's conflicts name them (主题 1「name」, 图表 1…), each as its text, never as JSON
    (``store``: whose names a figure's dataset and a theme's companies are given by)."""
    from ui.common.i18n import is_chinese
    from workbench.report.preflight import field_label
    from workbench.store import sync_state

    parts = []
    for key in SAME_FIELDS:
        before, after = _field_text(stored, key, analyst_names), _field_text(saved, key, analyst_names)
        if before != after:
            parts.append(_diff(field_label(key), before, after))
    lang = sync_state.ZH if is_chinese() else sync_state.EN
    names = sync_state.Names(store)
    old = sync_state._issue_parts(stored.content_json(), names, lang) or {}
    new = sync_state._issue_parts(saved.content_json(), names, lang) or {}
    for part in [*old, *(p for p in new if p not in old)]:
        a, b = old.get(part), new.get(part)
        if a is not None and b is not None and a[2] == b[2]:
            continue  # unchanged
        label = (b or a)[0] if a is None or b is None or a[0] == b[0] else f"{a[0]} → {b[0]}"
        before, after = (a[1] if a else ""), (b[1] if b else "")
        if before == after:
            continue  # differs only in what the editor does not show as text
        parts.append(_diff(label, before, after))
    if not parts:
        return ""
    return QCoreApplication.translate("IssueEditor", "Lines marked - are in the issue as stored now; lines marked + "
                                                     "are in the autosave.") + "\n\n" + "\n\n".join(parts)


class Autosave(QObject):
    """The editor's autosave: a single-shot timer restarted by the first change after each write.

    Works on the editor it is given (its store, fields, header and signals); it never saves the issue.
    ``mine`` is the time of the autosave this editor wrote (or restored): the only one its save drops.
    """

    def __init__(self, editor, interval_ms: int = DEFAULT_AUTOSAVE_MS):
        super().__init__(editor)
        self.editor = editor
        self.pending = False  # the fields hold changes the autosave slot does not
        self.mine: str | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.save_now)
        self.retry = QTimer(self)  # after a busy or full store: the next try, whatever the typing does
        self.retry.setSingleShot(True)
        self.retry.setInterval(RETRY_MS)
        self.retry.timeout.connect(self.save_now)

    def changed(self) -> None:
        """A field changed: autosave after the interval (counted from the first change since the last write)."""
        self.pending = True
        if not self.timer.isActive():
            self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        self.retry.stop()

    def forget(self) -> None:
        """The fields now match what is stored (saved, reloaded or discarded): nothing to autosave."""
        self.stop()
        self.pending = False

    def discard_mine(self) -> None:
        """Drop the autosave this editor wrote (its save or the user's 不保存); another window's stays."""
        editor = self.editor
        if self.mine is None or editor.store is None:
            return
        try:
            editor.store.discard_autosave(editor.issue.id, saved_at=self.mine)
        except (WorkbenchError, sqlite3.Error):
            return  # kept: the next editor finds it holds the saved text and drops it then, or offers it
        self.mine = None

    def save_now(self, *, wait: bool = False) -> bool:
        """Write the current fields to the store's autosave slot (not the issue itself).

        A store another program is writing is not waited for (``wait`` False, the timer's case):
        the note says so and the autosave tries again shortly; a full disk likewise."""
        editor = self.editor
        self.stop()
        if not self.pending or editor.read_only or editor.store is None:
            return False
        try:
            self.mine = editor.store.autosave(editor.current_issue(), base_revision=editor.base_revision,
                                              wait=wait)
        except sqlite3.Error as exc:
            error = store_error(editor, exc)  # said whole in the note's tooltip (the disk's folder, the file)
            if error.reason == "locked":
                note = QCoreApplication.translate("IssueEditor", "Not autosaved yet: another program is writing to "
                                                                 "the store. Trying again shortly.")
            elif error.reason == "full":
                note = QCoreApplication.translate("IssueEditor", "Not autosaved: the disk is full. Trying again "
                                                                 "shortly.")
            else:
                note = QCoreApplication.translate("IssueEditor", "Not autosaved: the store cannot be written. "
                                                                 "Trying again shortly.")
            editor.header.show_note(note)
            editor.autosave_label.setToolTip(for_ui(error.message))
            self.retry.start(RETRY_MS)
            return False
        except WorkbenchError as exc:
            editor.header.show_note(exc.message)
            return False
        self.pending = False
        editor.autosave_label.setToolTip("")
        editor.header.show_note(QCoreApplication.translate("IssueEditor", "Autosaved %1")
                                .replace("%1", datetime.now().strftime("%H:%M:%S")))
        editor.autosaved.emit()
        return True

    def _changes_since(self, saved, base: int | None) -> str:
        """What was written to the issue elsewhere after the autosaved text was loaded, in words ('' if nothing)."""
        editor = self.editor
        store, issue = editor.store, editor.issue
        if base is None:  # an autosave from before revisions were recorded: its time tells
            newer, stored = _parse_time(saved.updated_at), _parse_time(issue.updated_at)
            if newer is None or stored is None or newer >= stored:
                return ""
            return QCoreApplication.translate("IssueEditor", "its text was saved elsewhere at %1") \
                .replace("%1", _second(issue.updated_at))
        if editor.base_revision == base:
            return ""
        from ui.models import IssueListModel

        changes = store.issue_changes_since(issue.id, base)
        said = []
        first = changes[0]["old"] if changes and changes[0]["old"] else None
        if first is not None and first.get("status") != issue.status:
            log = [e for e in store.issue_log(issue.id) if e["to_status"] == issue.status]
            entry = log[-1] if log else {}
            said.append(QCoreApplication.translate("IssueEditor", "its status changed from %1 to %2 (by %3 at %4)")
                        .replace("%1", IssueListModel.status_text(first.get("status")))
                        .replace("%2", IssueListModel.status_text(issue.status))
                        .replace("%3", entry.get("by") or "—").replace("%4", _second(entry.get("at"))))
        texts = [c for c in changes if c["old"] is None or any(
            c["old"].get(k) != c["new"].get(k) for k in ("content", *SAME_FIELDS) if k != "analysts")]
        if texts or not said:
            said.append(QCoreApplication.translate("IssueEditor", "its text was saved elsewhere at %1")
                        .replace("%1", _second(issue.updated_at)))
        from ui.common.i18n import is_chinese

        return ("；" if is_chinese() else "; ").join(said)

    def offer(self) -> None:
        """An autosave the stored issue does not hold (the editor was not saved, or the app crashed): offer it,
        saying what changed since if the issue was written after the autosaved text was loaded."""
        editor = self.editor
        store, issue = editor.store, editor.issue
        saved = store.autosaved(issue.id)
        if saved is None:
            return
        renames = merged_names(store, saved)  # indices merged since it was written: offered re-pointed
        repoint_merged(saved, renames)
        when = _second(saved.updated_at)
        if same_text(saved, issue):
            store.discard_autosave(issue.id)  # it holds nothing the issue does not: nothing is lost
            return
        if issue.status == "final":  # a final issue takes no text: kept for a correction's editor
            editor.header.show_note(QCoreApplication.translate(
                "IssueEditor", "Unsaved changes autosaved at %1 are kept: this issue is final; they are offered when "
                               "its correction is opened.").replace("%1", when))
            return
        since = self._changes_since(saved, store.autosave_base(issue.id))
        text = QCoreApplication.translate(
            "IssueEditor", "Issue #%1 has changes autosaved at %2 that were never saved. Restore them?") \
            .replace("%1", str(issue.id)).replace("%2", when)
        if since:
            text = QCoreApplication.translate(
                "IssueEditor", "Issue #%1 has changes autosaved at %2 that were never saved. Since then %3. Restore "
                               "puts the autosaved text in the editor (the status stays as it is now); saving it "
                               "replaces the text stored now. Discard drops the autosave.") \
                .replace("%1", str(issue.id)).replace("%2", when).replace("%3", since)
        if renames:
            text += " " + QCoreApplication.translate(
                "IssueEditor", "The autosave names indices merged since; restoring names the index each was merged "
                               "into: %1.") \
                .replace("%1", "、".join(f"{drop} → {keep}" for drop, keep in renames.items()))
        title = QCoreApplication.translate("IssueEditor", "Restore unsaved changes?")
        if editor.ask_restore is not None:
            restore = editor.ask_restore(editor, title, text)
        elif since:
            names = {a["id"]: a["name"] for a in store.analysts()}
            restore = prompts.ask_restore_changed(editor, title, text, comparison(saved, issue, names, store))
        else:
            restore = prompts.ask_restore_autosave(editor, title, text)
        if restore:
            saved.id, saved.status, saved.version = issue.id, issue.status, issue.version
            saved.updated_at = issue.updated_at
            editor.load(saved)
            editor.issue = issue  # the stored issue stays the base; the fields hold the restored text
            editor.restored_autosave = True
            self.mine = store.autosaved(issue.id).updated_at  # restored here: this editor's save drops it
            editor.set_dirty(True)
            editor.header.show_note(QCoreApplication.translate("IssueEditor", "Restored the autosave of %1 — not "
                                                                              "saved yet").replace("%1", when))
        else:
            store.discard_autosave(issue.id)
