"""User text on its way into the PDF: length limits, escaping and the one markup allowed (bold)."""

from __future__ import annotations

import re

# Longest text (in characters) that fits where it is printed; longer text is cut with "…" and
# preflight warns. Free-flowing sections (views, review, risks, disclaimer) wrap over pages
# and have no limit.
LIMITS = {
    "headline": 100,
    "series": 60,
    "industry": 20,
    "related.title": 120,
    "theme.name": 40,
    "theme.rationale": 600,
    "figure.title": 80,
    "figure.unit": 20,
    "figure.source": 200,
    "figure.category": 24,
    "table.title": 120,
    "table.source": 300,
    "table.segment": 40,
    "table.name": 24,
    "table.ticker": 16,
    "table.label": 24,
    "table.group": 40,
    "house.name": 40,
}

ELLIPSIS = "…"
_BOLD = re.compile(r"\*\*(.+?)\*\*", re.S)


def cut(text: str | None, limit_key: str) -> str:
    """``text`` cut to its limit (the last kept character replaced by "…")."""
    text = text or ""
    limit = LIMITS[limit_key]
    if len(text) <= limit:
        return text
    return text[: limit - 1] + ELLIPSIS


def too_long(text: str | None, limit_key: str) -> bool:
    return len(text or "") > LIMITS[limit_key]


def escape(text: str) -> str:
    """``&``, ``<`` and ``>`` as entities, as ``xml.sax.saxutils.escape`` writes them (that module
    loads urllib, http and ssl, a noticeable share of an export's start-up)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def markup(text: str | None, *, bold: bool = True) -> str:
    """Paragraph markup for user text: escaped, ``**x**`` becomes <b>x</b>, newlines <br/>.

    Escaping comes first, so whatever the user typed (``<b>``, ``&``, ``]]>``) prints as typed.
    """
    out = escape(text or "")
    if bold:
        out = _BOLD.sub(lambda m: f"<b>{m.group(1)}</b>", out)
    return out.replace("\n", "<br/>")


def strip_bold(text: str | None) -> str:
    """Plain text with the ``**`` markers removed (metadata, outline, checks)."""
    return _BOLD.sub(lambda m: m.group(1), text or "")
