"""Every QAction of the main window, declared in one place, and the one function that enables them.

The actions are set as attributes of the window (``window.export_action``...), the names the menus,
the toolbar, the context menus and the tests use. Their slots are the window's public methods.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QApplication

from ui.common.icons import NEW_NOTE_PATHS, NEXT_WEEK_PATHS, NOTES_PATHS, icon, line_icon

translate = QCoreApplication.translate


def _action(window, text: str, slot, shortcut=None, icon_name: str | None = None, tip: str | None = None,
            icon_text: str | None = None) -> QAction:
    action = QAction(text, window)
    if icon_text:
        action.setIconText(icon_text)  # toolbar text without the menu's mnemonic
    if icon_name:
        action.setIcon(icon(icon_name))
    if isinstance(shortcut, QKeySequence.StandardKey):
        action.setShortcuts(shortcut)  # every platform binding of the standard key
    elif shortcut is not None:
        action.setShortcuts([QKeySequence(shortcut)])  # (setShortcut() would build PySide's Qt enums)
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(tip)
    action.triggered.connect(lambda checked=False: slot())
    return action


def create_actions(w) -> None:
    """Create every action of the main window ``w`` as its attribute."""
    K = QKeySequence.StandardKey
    w.new_action = _action(w, translate("MainWindow", "&New Store…"), w.new_store, K.New, "new",
                           translate("MainWindow", "Create an empty store file"))
    w.open_action = _action(w, translate("MainWindow", "&Open Store…"), w.open_store_dialog, K.Open, "open",
                            translate("MainWindow", "Open a store file"), translate("MainWindow", "Open"))
    w.import_action = _action(w, translate("MainWindow", "&Import…"), w.import_files, "Ctrl+I", "import",
                              translate("MainWindow", "Import Wind/iFinD/Excel/CSV files"),
                              translate("MainWindow", "Import"))
    w.export_action = _action(w, translate("MainWindow", "&Export PDF…"), w.export_pdf, "Ctrl+Shift+E", "export-pdf",
                              translate("MainWindow", "Export the selected (or latest) issue as PDF"),
                              translate("MainWindow", "Export PDF"))
    w.new_issue_action = _action(
        w, translate("MainWindow", "New Issue from Last &Week"), w.new_issue_from_last_week, "Ctrl+Alt+W",
        tip=translate("MainWindow", "Copy the latest issue forward a week as a new draft and open it in the editor"),
        icon_text=translate("MainWindow", "New Issue from Last Week"))
    w.first_issue_action = _action(
        w, translate("MainWindow", "New Iss&ue…"), lambda: w.windows.new_first_issue(), "Ctrl+Alt+I",
        tip=translate("MainWindow", "Draft an issue for a week you choose, with the house's series and analysts: "
                                    "the first issue of a new store or series"))
    w.record_action = _action(
        w, translate("MainWindow", "Export Publication &Record…"), w.export_record, "Ctrl+Shift+R",
        tip=translate("MainWindow", "Write the selected issue's publication record (every published PDF, its data "
                                    "snapshot and text, the status log, a SHA-256 manifest) into a folder"))
    w.backup_action = _action(w, translate("MainWindow", "&Back Up Store…"), w.backup_store, "Ctrl+Shift+B",
                              tip=translate("MainWindow", "Copy the whole store to another file while it stays open"))
    w.restore_action = _action(
        w, translate("MainWindow", "Res&tore from Backup…"), w.restore_store, "Ctrl+Alt+B",
        tip=translate("MainWindow", "Put a backup in place of the open store; the store replaced is kept beside it"))
    w.quit_action = _action(w, translate("MainWindow", "&Quit"), w.close, "Ctrl+Q")  # K.Quit is empty on Windows
    w.quit_action.setMenuRole(QAction.MenuRole.QuitRole)

    w.undo_action = w.undo_group.createUndoAction(w, translate("MainWindow", "&Undo"))
    w.undo_action.setShortcuts(K.Undo)
    w.undo_action.setIcon(icon("undo"))
    w.undo_action.setIconText(translate("MainWindow", "Undo"))
    w.redo_action = w.undo_group.createRedoAction(w, translate("MainWindow", "&Redo"))
    w.redo_action.setShortcuts(K.Redo)
    w.redo_action.setIcon(icon("redo"))
    w.redo_action.setIconText(translate("MainWindow", "Redo"))
    w.cut_action = _action(w, translate("MainWindow", "Cu&t"), w.cut, K.Cut, "cut")
    w.copy_action = _action(w, translate("MainWindow", "&Copy"), w.copy, K.Copy, "copy",
                            translate("MainWindow", "Copy the selected cells as tab-separated text, as Excel does"))
    w.copy_with_headers_action = _action(
        w, translate("MainWindow", "Cop&y with Headers"), w.copy_with_headers, "Ctrl+Shift+C",
        tip=translate("MainWindow", "Copy the selected cells with their column headers as the first row"))
    w.paste_action = _action(w, translate("MainWindow", "&Paste"), w.paste, K.Paste, "paste",
                             translate("MainWindow", "Paste tab-separated text from Excel or WPS over the selection"))
    w.delete_action = _action(w, translate("MainWindow", "&Delete"), w.delete, K.Delete, "delete",
                              translate("MainWindow", "Delete the selected companies, values or quotes"))
    w.add_company_action = _action(w, translate("MainWindow", "&Add Company…"), w.add_company_dialog, "Ctrl+Shift+N",
                                   "add-company", translate("MainWindow", "Add a company to the store"),
                                   translate("MainWindow", "Add Company"))
    w.provenance_action = _action(
        w, translate("MainWindow", "&Where Is This From…"), w.show_provenance, "Ctrl+Shift+Y",
        tip=translate("MainWindow", "Where the selected figure came from: the file, sheet, row and column it was "
                                    "imported from, or who edited it and when, with every earlier value"))
    w.find_action = _action(w, translate("MainWindow", "&Find"), w.find, K.Find, "find",
                            translate("MainWindow", "Filter the current table"))
    w.show_notes_action = _action(
        w, translate("MainWindow", "Show &Notes"), w.show_notes, "Ctrl+Shift+O",
        tip=translate("MainWindow", "Show the notes about the selected company in the Notes tab"),
        icon_text=translate("MainWindow", "Show Notes"))
    w.new_note_action = _action(w, translate("MainWindow", "New Note for This C&ompany…"), w.new_note_for_company,
                                "Ctrl+Alt+N",
                                tip=translate("MainWindow", "Write a note about the selected company"))
    w.house_action = _action(w, translate("MainWindow", "&House Profile…"), w.show_house_profile, "Ctrl+Alt+H",
                             tip=translate("MainWindow", "The house's name, licence, ratings and report texts"))
    w.settings_action = _action(w, translate("MainWindow", "&Settings…"), w.show_settings, "Ctrl+,", "settings")
    w.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)

    w.view_group = QActionGroup(w)
    w.view_actions = []
    names = (translate("MainWindow", "&Companies"), translate("MainWindow", "&Financials"),
             translate("MainWindow", "Index &Quotes"), translate("MainWindow", "&Issues"),
             translate("MainWindow", "&Notes"))
    for i, name in enumerate(names):
        action = _action(w, name, lambda i=i: w.tabs.setCurrentIndex(i), f"Ctrl+{i + 1}")
        action.setCheckable(True)
        w.view_group.addAction(action)
        w.view_actions.append(action)
    w.view_actions[0].setChecked(True)
    w.charts_action = _action(w, translate("MainWindow", "C&harts"), w.on_charts_toggled, "Ctrl+Shift+H",
                              tip=translate("MainWindow", "Show or hide the charts"))
    w.charts_action.setCheckable(True)
    w.charts_action.setChecked(w.settings.value("window/charts", True, type=bool))
    w.charts_action.setText(translate("MainWindow", "C&harts"))
    w.charts_action.setIconText(translate("MainWindow", "Charts"))
    w.charts_action.setIcon(icon("chart"))
    w.all_columns_action = _action(w, translate("MainWindow", "All &Metric Columns"), w.on_all_columns_toggled,
                                   "Ctrl+Alt+M")
    w.all_columns_action.setCheckable(True)
    w.all_columns_action.setChecked(w.settings.value("financials/all_columns", False, type=bool))
    w.report_order_action = _action(w, translate("MainWindow", "&Report Order"), w.report_order, "Ctrl+0",
                                    tip=translate("MainWindow", "Sort the table back into the report's order"))
    w.reload_action = _action(w, translate("MainWindow", "Re&load"), w.reload, K.Refresh, "reload",
                              translate("MainWindow", "Read everything again from the store"))
    w.set_benchmark_action = _action(
        w, translate("MainWindow", "Set as &Benchmark"), w.set_benchmark,
        tip=translate("MainWindow", "Make this row's index the benchmark the cover chart and the market review "
                                    "compare with"))
    w.set_index_code_action = _action(
        w, translate("MainWindow", "Set Index &Code"), w.edit_index_code,
        tip=translate("MainWindow", "Give this row's index its code (e.g. 000300.SH): the code, not the name, "
                                    "identifies an index"))
    w.merge_index_action = _action(
        w, translate("MainWindow", "&Merge Into Another Index…"), w.merge_index,
        tip=translate("MainWindow", "Move this index's quotes to another index that is the same index under another "
                                    "name, and remove it"))
    w.guide_action = _action(w, translate("MainWindow", "&User Guide"), w.show_user_guide, K.HelpContents,
                             tip=translate("MainWindow", "How the workbench produces the weekly report, step by step"))
    w.show_welcome_action = _action(w, translate("MainWindow", "&Welcome"), lambda: w.welcome_panel.show_again(),
                                    "Shift+F1",
                                    tip=translate("MainWindow", "The weekly routine and where to start"))
    w.about_action = _action(w, translate("MainWindow", "&About Analyst Workbench"), w.show_about)
    w.about_action.setMenuRole(QAction.MenuRole.AboutRole)
    w.about_qt_action = _action(w, translate("MainWindow", "About &Qt"), QApplication.aboutQt)
    w.about_qt_action.setMenuRole(QAction.MenuRole.AboutQtRole)


def update_enabled(w) -> None:
    """Enable the actions for what is open: no store, a writable store, or a read-only one."""
    has = w.session is not None
    for action in (w.import_action, w.export_action, w.cut_action, w.copy_action, w.copy_with_headers_action,
                   w.paste_action, w.delete_action, w.add_company_action, w.find_action, w.reload_action,
                   w.report_order_action, w.house_action, w.backup_action, w.restore_action, w.record_action):
        action.setEnabled(has)
    read_only = has and w.session.read_only  # a store this user may not write: view and export
    w.read_only_label.setVisible(read_only)
    if read_only:
        for action in (w.import_action, w.cut_action, w.paste_action, w.delete_action, w.add_company_action,
                       w.report_order_action, w.house_action):
            action.setEnabled(False)
    update_new_issue_action(w)
    update_company_actions(w)
    update_benchmark_actions(w)


def update_new_issue_action(w) -> None:
    """Copy-forward needs last week's issue (the status bar's latest counts) and a store it may write."""
    issues = (getattr(w, "counts", None) or {}).get("issues", 0)
    w.new_issue_action.setEnabled(w.session is not None and not w.session.read_only and issues > 0)
    w.first_issue_action.setEnabled(w.session is not None and not w.session.read_only)


def update_company_actions(w) -> None:
    """Show notes / new note need a company row: the Companies or Financials tab with a current row."""
    on = w.current_company() is not None
    w.show_notes_action.setEnabled(on)
    w.new_note_action.setEnabled(on and not (w.session is not None and w.session.read_only))


def update_benchmark_actions(w) -> None:
    """Set as benchmark needs an index row that is not the benchmark yet; both need a writable store."""
    index = w.editing.current_quote_index() if w.session is not None else None
    writable = w.session is not None and not w.session.read_only
    w.set_benchmark_action.setEnabled(index is not None and not index["is_benchmark"] and writable)
    w.merge_index_action.setEnabled(writable)


def set_drawn_icons(w) -> None:
    """Icons for the drafting actions, drawn in the toolbar icons' line style (after the first paint)."""
    w.new_issue_action.setIcon(line_icon(NEXT_WEEK_PATHS))
    w.show_notes_action.setIcon(line_icon(NOTES_PATHS))
    w.new_note_action.setIcon(line_icon(NEW_NOTE_PATHS))
    if w.issues_page is not None:
        w.issues_page.new_action.setIcon(w.new_issue_action.icon())
        w.issues_page.new_button.setIcon(w.new_issue_action.icon())


__all__ = ["create_actions", "set_drawn_icons", "update_benchmark_actions", "update_company_actions",
           "update_enabled", "update_new_issue_action"]
