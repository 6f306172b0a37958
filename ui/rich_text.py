"""Old import path of ``ui.common.rich_text`` (the editor's bold-only text field)."""

from ui.common.rich_text import (LINE_SEPARATOR, OBJECT_REPLACEMENT, PARAGRAPH_SEPARATOR,  # noqa: F401
                                 MarkupTextEdit, parse_markup, runs_to_markup)
