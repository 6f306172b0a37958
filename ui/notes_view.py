"""Old import path of ``ui.views.notes`` (the Notes tab) and of the company helpers now in
``ui.common.companies``."""

from ui.common.companies import (USER_SETTING, company_label, current_user,  # noqa: F401
                                 make_company_completer, resolve_company, ticker_of_label)
from ui.views.notes import NewNoteDialog, NotesTableModel, NotesView, split_list, week_of  # noqa: F401
