"""The SQLite store: the only code in the workbench that writes SQL.

``Store`` (and sqlite-utils with it) loads on first use, so a command that only reads through
``workbench.store.reader`` (``workbench export``) never imports sqlite-utils or pandas.
"""

__all__ = ["Counts", "Store", "open_store"]


def __getattr__(name):
    if name in __all__:
        from workbench.store import store

        return getattr(store, name)
    raise AttributeError(f"module 'workbench.store' has no attribute {name!r}")
