"""Every column a desk shares (each table a sync sends, less the store's local ids) is named in the
analyst's words in a conflict (``sync_state.field_label``: 细分板块 segment), never shown as its raw
column name: read from the store's own schema, so a column a migration adds later is checked too (the
issues' ``correction`` record was shown as ``correction``)."""

from __future__ import annotations

from workbench.store import Store
from workbench.store import sync_state as state

# the columns that make a row's key: a conflict names the row by them (润欣科技 PE 2024E), not as fields
KEYS = {("companies", "ticker"), ("facts", "ticker"), ("facts", "metric"), ("facts", "period")}


def test_every_shared_column_has_words(tmp_path):
    store = Store(tmp_path / "s.sqlite")
    try:
        unnamed = []
        for table in state.TABLES:
            for column in state._own(store, table):
                if (table, column) not in KEYS and state.field_label(table, column, state.ZH) == column:
                    unnamed.append(f"{table}.{column}")
        assert unnamed == []
    finally:
        store.close()
