"""The editor's 保存: the fields go to the store as the issue's text, never over a write made elsewhere
unasked, never changing the status, and never with SQLite's raw error.

A write elsewhere (another window, ``workbench draft-review``, a status change) is told by the issue's
revision (the change log's, which tells apart two writes in the same second), checked again inside the
write's transaction. A busy or full store is said as the main window's edits say it; the text stays.
A store another program is writing is waited for only briefly (SAVE_WAIT_MS), never the store's own
busy wait: the window keeps painting and the line says at once that the store is busy.
"""

from __future__ import annotations

import re
import sqlite3
from contextlib import contextmanager
from datetime import datetime

from PySide6.QtCore import QCoreApplication

from ui.common.i18n import for_ui
from ui.issue_editor import prompts
from ui.issue_editor.autosave import store_error
from workbench.domain.issue import validate_issue
from workbench.errors import WorkbenchError

SAVE_WAIT_MS = 250  # how long 保存 waits for another program's write before saying the store is busy


@contextmanager
def _brief_wait(store):
    """The store waits for another writer at most SAVE_WAIT_MS inside the block, then as before."""
    waited = store.scalar("PRAGMA busy_timeout")
    store.db.execute(f"PRAGMA busy_timeout = {min(int(waited), SAVE_WAIT_MS)}")
    try:
        yield
    finally:
        store.db.execute(f"PRAGMA busy_timeout = {int(waited)}")


def not_saved_words(editor, exc: sqlite3.Error) -> str:
    """Why the store refused the save, as one sentence in the UI's punctuation: the store file in
    brackets and the sentence ended (the path never run into what follows); a busy store without the
    store's own wait, which the save did not sit out."""
    from ui.common.i18n import is_chinese

    error = store_error(editor, exc)
    text = for_ui(error.message).strip()
    path = str(editor.store_path or "")
    if path and text.endswith(path):
        text = re.sub(r"\s*[:：]\s*$", "", text[:-len(path)].rstrip())
    if error.reason == "locked":  # not waited for: no "等待 10 秒后仍未释放"
        text = re.sub(r"，等待 [\d.]+ 秒后仍未释放", "", text)
        text = re.sub(r";\s*waited [\d.]+ s", "", text)
    text = text.rstrip("。.；; ")
    if is_chinese():
        return text + (f"（{path}）" if path else "") + "。"
    return text + (f" ({path})" if path else "") + "."


def save(editor) -> bool:
    """Save ``editor``'s fields as its issue's text; False (with the reason on the error line) if not saved."""
    from workbench.store.store import IssueChangedElsewhere

    if editor.read_only:
        return False
    issue = editor.current_issue()
    revision = editor.base_revision
    try:
        validate_issue(issue)
        while True:
            agreed = may_overwrite(editor, revision)
            if agreed is None:
                editor.show_error(QCoreApplication.translate(
                    "IssueEditor", "Not saved: issue #%1 was saved elsewhere since you opened it. Your changes are "
                                   "still here.").replace("%1", str(issue.id)))
                return False
            try:
                with _brief_wait(editor.store), editor.store.transaction():  # the check, the write and the new base in one transaction
                    editor.store.save_issue(issue, keep_status=True, revision=agreed)
                    revision = editor.store.issue_revision(issue.id)
                    stored = editor.store.issue(issue.id)
                break
            except IssueChangedElsewhere:
                revision = agreed  # written again while the question was open: ask again about the newest
    except WorkbenchError as exc:
        editor.show_error(exc.message)
        return False
    except sqlite3.Error as exc:  # busy, full, read-only: as the main window's edits say it
        line = QCoreApplication.translate("IssueEditor", "Not saved: %1 Your changes are still here.") \
            .replace("%1", not_saved_words(editor, exc))
        editor.show_error(line.replace("。 ", "。"))  # a Chinese sentence ends without a space
        return False
    editor.autosave.forget()
    editor.autosave.discard_mine()
    before = (editor.issue.status, editor.issue.version)
    editor.issue, editor.base_revision = stored, revision
    if (stored.status, stored.version) != before:  # a lifecycle step made elsewhere: the chip and actions follow
        editor.update_status_ui()
    editor.header.clear_error()
    editor.set_dirty(False)
    editor.header.show_note(QCoreApplication.translate("IssueEditor", "Saved %1")
                            .replace("%1", datetime.now().strftime("%H:%M:%S")))
    editor._update_title()
    editor.message.emit(QCoreApplication.translate("IssueEditor", "Issue #%1 saved").replace("%1", str(issue.id)))
    editor.saved.emit(issue.id)
    return True


def may_overwrite(editor, revision: int) -> int | None:
    """The revision to write over: the current one if the issue was not written since ``revision``, or if
    the user agrees to overwrite what was written; None if the user does not."""
    from ui.models import IssueListModel

    current = editor.store.issue_revision(editor.issue.id)
    if current == revision:
        return current
    stored = editor.store.issue(editor.issue.id)
    ask = editor.ask_overwrite or prompts.ask_overwrite_changes
    when = (stored.updated_at or "")[:19].replace("T", " ")
    if stored.status != editor.issue.status:
        text = QCoreApplication.translate(
            "IssueEditor", "Issue #%1 was changed elsewhere at %2, after you opened it, and is now %3. Overwrite its "
                           "text with yours? It stays %3. Cancel keeps your changes here without saving.") \
            .replace("%3", IssueListModel.status_text(stored.status))
    else:
        text = QCoreApplication.translate(
            "IssueEditor", "Issue #%1 was saved elsewhere at %2, after you opened it. Overwrite that version with "
                           "yours? Cancel keeps your changes here without saving.")
    if ask(editor, QCoreApplication.translate("IssueEditor", "Issue #%1").replace("%1", str(editor.issue.id)),
           text.replace("%1", str(editor.issue.id)).replace("%2", when)):
        return current
    return None
