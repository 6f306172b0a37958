"""The TSV clipboard helpers moved to ``ui.widgets.clipboard``; this name stays importable."""

from ui.widgets.clipboard import from_clipboard_cell, parse_tsv, same_header, to_clipboard_cell, to_tsv

__all__ = ["from_clipboard_cell", "parse_tsv", "same_header", "to_clipboard_cell", "to_tsv"]
