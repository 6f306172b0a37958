"""Old import path of ``ui.dialogs.importing`` (the import dialog).

Code that replaces a name for a test (``import_files``, ``ImportDialog``) patches it on
``ui.dialogs.importing``, where it is looked up.
"""

from ui.dialogs.importing import (ImportDialog, PreviewModel, ask_index, column_meaning,  # noqa: F401
                                  index_question_box, role_label)
