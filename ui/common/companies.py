"""The company helpers every picker shares, and who is working.

One label per company ("恒玄科技 688608.SH"), a completer that matches a name or a ticker anywhere
in it, the one company a typed text names, and the user's name for the change log.
"""

from __future__ import annotations

import getpass
import re

from PySide6.QtCore import QSettings, QStringListModel
from PySide6.QtWidgets import QCompleter

from workbench.errors import WorkbenchError

USER_SETTING = "user/name"


def current_user(settings: QSettings | None = None) -> str:
    """Who is working: the name set in the settings, else the operating-system user."""
    if settings is not None:
        name = str(settings.value(USER_SETTING) or "").strip()
        if name:  # a blank name in the settings is no name: the records need one
            return name
    try:
        return getpass.getuser()
    except Exception:  # no user database (some containers): still record something
        return "unknown"


def company_label(company: dict) -> str:
    """How a company is shown in pickers: short name and ticker."""
    return f"{company['name']} {company['ticker']}"


def ticker_of_label(text: str) -> str | None:
    """The ticker at the end of a picker label ("恒玄科技 688608.SH" -> "688608.SH")."""
    m = re.search(r"(\d{6}\.(?:SH|SZ|BJ))\s*$", (text or "").strip(), re.I)
    return m.group(1).upper() if m else None


def make_company_completer(companies: list[dict], parent) -> QCompleter:
    """A completer over "name ticker" labels that matches typed text anywhere, in any case."""
    from PySide6.QtCore import Qt

    model = QStringListModel([company_label(c) for c in companies], parent)
    completer = QCompleter(model, parent)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    completer.setMaxVisibleItems(12)
    return completer


def resolve_company(store, text: str, companies: list[dict] | None = None) -> dict | None:
    """The one company ``text`` names: a picker label, a ticker in any form, an exact or a unique partial name."""
    text = (text or "").strip()
    if not text:
        return None
    ticker = ticker_of_label(text)
    try:
        found = store.find_company(ticker or text)
    except WorkbenchError:
        found = None
    if found is not None:
        return found
    rows = companies if companies is not None else store.companies()
    needle = text.upper()
    matches = [c for c in rows if needle in c["name"].upper() or c["ticker"].startswith(needle)]
    return matches[0] if len(matches) == 1 else None


__all__ = ["USER_SETTING", "company_label", "current_user", "make_company_completer", "resolve_company",
           "ticker_of_label"]
