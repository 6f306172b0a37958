"""Helpers shared by the UI tests."""

from __future__ import annotations

def snapshot(store) -> dict:
    """Everything an edit could touch, to compare before/after."""
    return {
        "companies": store.companies(),
        "facts": store.facts(),
        "quotes": store.all_quotes(),
    }


def find_column(model, key) -> int:
    return next(i for i, c in enumerate(model.columns) if c.key == key)
