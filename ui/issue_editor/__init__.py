"""The issue editor: one weekly issue's metadata, text, themes, figures and table, with its lifecycle.

``editor.py``      IssueEditor, the coordinator: parts, layout, load / current_issue / save, status
``pages/``         the tabs, each owning its widgets: meta, text, themes, figures (+ table_spec), rows
                   (related reports), house
``side/``          the side tabs: notes_panel, preflight_panel, preview
``header.py``      status chip, headline, banner, error line
``actions.py``     the toolbar commands and when they are on
``autosave.py``    the autosave timer and the restore offer
``lifecycle.py``   review / final / correction, the exports, copy-forward
``jump.py``        a preflight field to its widget
``prompts.py``     the editor's own questions (tests replace them on that module)
``fields.py``      colours, date fields, small buttons, focus and read-only for a page
"""

from ui.issue_editor.editor import IssueEditor
from ui.issue_editor.lifecycle import new_issue_from_last_week
from ui.issue_editor.pages.figures import FiguresEditor
from ui.issue_editor.pages.rows import RelatedEditor, RowsEditor
from ui.issue_editor.pages.table_spec import TableSpecEditor
from ui.issue_editor.pages.text import SectionBox
from ui.issue_editor.pages.themes import ThemesEditor
from ui.issue_editor.prompts import (ask_confirm, ask_line, ask_overwrite_changes, ask_restore_autosave,
                                     ask_save_changes, restore_autosave_box, save_changes_box)
from ui.issue_editor.side.notes_panel import NotesPanel
from ui.issue_editor.side.preflight_panel import PreflightPanel

__all__ = ["IssueEditor", "new_issue_from_last_week", "NotesPanel", "PreflightPanel", "ThemesEditor",
           "FiguresEditor", "RelatedEditor", "RowsEditor", "TableSpecEditor", "SectionBox", "ask_confirm", "ask_line",
           "ask_overwrite_changes", "ask_restore_autosave", "ask_save_changes", "restore_autosave_box",
           "save_changes_box"]
