"""The work a store call does, counted in SQLite's virtual machine steps: the same on any machine,
whatever else it runs (a test of how work grows, never of seconds)."""

from __future__ import annotations


def steps(store, fn, per_call: int = 100):
    """What ``fn`` returns and how many times SQLite called back, once per ``per_call`` steps."""
    calls = [0]

    def count():
        calls[0] += 1
        return 0

    store.db.conn.set_progress_handler(count, per_call)
    try:
        out = fn()
    finally:
        store.db.conn.set_progress_handler(None, per_call)
    return out, calls[0]
