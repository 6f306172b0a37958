"""Tab-separated text as Excel and WPS put on the clipboard (quoted cells may hold tabs/newlines)."""

from __future__ import annotations

import csv
import io


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
