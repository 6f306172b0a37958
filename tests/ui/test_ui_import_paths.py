"""The modules ui/ had before it was laid out by screen still import, and give the very objects of
their new homes (so code and tests written against the old paths keep working, and a test that
replaces a name on the new module replaces what the app uses)."""

from __future__ import annotations

import importlib

import pytest

# old module -> {new module: names the old module offered}
MOVES = {
    "ui.app": {"ui.common.settings": ["settings", "ORGANISATION", "APPLICATION"]},
    "ui.i18n": {"ui.common.i18n": ["CHINESE", "ENGLISH", "SYSTEM", "SETTING_KEY", "install_translations",
                                   "is_chinese", "resolve_language", "translation_file", "current_language"]},
    "ui.geometry": {"ui.common.geometry": ["fit_to_screen", "remember_geometry", "reveal", "scroll_page"]},
    "ui.rich_text": {"ui.common.rich_text": ["MarkupTextEdit", "parse_markup", "runs_to_markup"]},
    "ui.session": {"ui.services.session": ["StoreSession", "EditCommand"]},
    "ui.workers": {"ui.services.workers": ["StoreTask", "run_store_task"]},
    "ui.dialogs": {"ui.dialogs.small": ["SettingsDialog", "AboutDialog", "UserGuideDialog", "AddCompanyDialog"]},
    "ui.house_dialog": {"ui.dialogs.house": ["HouseDialog"]},
    "ui.import_dialog": {"ui.dialogs.importing": ["ImportDialog", "PreviewModel", "index_question_box",
                                                  "ask_index"]},
    "ui.issues_view": {"ui.views.issues": ["IssuesPage"]},
    "ui.notes_view": {"ui.views.notes": ["NotesView", "NewNoteDialog", "NotesTableModel", "week_of"],
                      "ui.common.companies": ["current_user", "company_label", "ticker_of_label",
                                              "make_company_completer", "resolve_company"]},
    "ui.diff_view": {"ui.views.diff": ["DiffView", "DiffTableModel"]},
    "ui.welcome": {"ui.main_window.welcome": ["WelcomePanel"]},
    "ui.provenance": {"ui.dialogs.provenance": ["FactHistoryDialog", "HistoryTable", "TableSourcesPanel"],
                      "ui.common.provenance": ["origin_text", "source_line", "where_text", "metric_kind"]},
    "ui.main_window": {"ui.main_window.window": ["MainWindow"], "ui.common.icons": ["icon", "line_icon"]},
}

CASES = [(old, new, name) for old, homes in MOVES.items() for new, names in homes.items() for name in names]


@pytest.mark.parametrize("old, new, name", CASES, ids=[f"{o}.{n}" for o, _, n in CASES])
def test_the_old_path_gives_the_object_of_its_new_home(old, new, name):
    assert getattr(importlib.import_module(old), name) is getattr(importlib.import_module(new), name)


def test_the_old_main_window_constants_keep_their_values():
    import ui.main_window as old

    assert (old.MAX_RECENT, old.STORE_FILTER, old.MIN_CHART_QUOTES) == (8, "*.sqlite *.db", 20)


def test_a_name_the_old_modules_never_had_is_an_error():
    import ui.main_window
    import ui.provenance

    with pytest.raises(AttributeError):
        ui.provenance.NoSuchWidget  # noqa: B018
    with pytest.raises(AttributeError):
        ui.main_window.NO_SUCH_CONSTANT  # noqa: B018
