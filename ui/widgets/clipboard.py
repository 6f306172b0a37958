"""Tab-separated text as Excel and WPS put on the clipboard (quoted cells may hold tabs/newlines).

Text that a spreadsheet would run as a formula goes to the clipboard inert, as the .csv writer
writes it (``workbench.outputs.inert_csv``: a leading ``'``); pasting it back into the app drops
that ``'`` again, so a copy and paste gives back the original text.
"""

from __future__ import annotations

import csv
import io

from workbench.outputs import inert_csv, is_formula_text


def to_clipboard_cell(text: str) -> str:
    """A text cell as it goes to the clipboard: formula-like text (``=``, ``+``, ``-``, ``@``, tab,
    CR, and not a number) gets the leading ``'`` that makes a spreadsheet keep it as text."""
    return inert_csv(text)


def from_clipboard_cell(text: str) -> str:
    """A pasted cell without the ``'`` that ``to_clipboard_cell`` put before formula-like text."""
    if text.startswith("'") and is_formula_text(text[1:]):
        return text[1:]
    return text


def to_tsv(rows: list[list[str]]) -> str:
    """Rows of cell texts as TSV with CRLF line ends, quoting cells that need it (Excel style)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", quotechar='"', lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerows(rows)
    return out.getvalue()


def parse_tsv(text: str) -> list[list[str]]:
    """Clipboard TSV as rows of cells; the trailing line end Excel adds makes no empty row."""
    if not text:
        return []
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.endswith("\n"):
        text = text[:-1]
    rows = list(csv.reader(io.StringIO(text), delimiter="\t", quotechar='"'))
    width = max((len(r) for r in rows), default=0)
    return [r + [""] * (width - len(r)) for r in rows]


def same_header(cells: list[str], headers: list[str]) -> bool:
    """True when a pasted first row repeats the target columns' headers (a copy with headers)."""
    def norm(s: str) -> str:
        return "".join(str(s).split()).casefold()
    return len(cells) == len(headers) and all(norm(a) == norm(b) for a, b in zip(cells, headers)) \
        and any(norm(h) for h in headers)
