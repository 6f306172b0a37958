"""The SQLite store: the only code in the workbench that writes SQL."""

from workbench.store.store import Counts, Store, open_store

__all__ = ["Counts", "Store", "open_store"]
