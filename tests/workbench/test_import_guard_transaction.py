"""An import's checks and its write are one transaction: another import (another connection, as a
second process would have) cannot land between them, so an older file never overwrites a newer
value that arrived meanwhile, and a new ticker is never renamed by a second import."""

from __future__ import annotations

import pytest

from workbench.errors import ImportFailed
from workbench.imports import import_files
from workbench.store import Store

WIDE = ["证券代码", "证券简称", "营业收入\n[报告期] 2024三季\n[单位] 亿元"]
YI = 1e8


def _meanwhile(store: Store, method: str, other_import) -> dict:
    """Run ``other_import(second_store)`` through a second connection the moment ``store``'s
    import reads ``method`` for its checks; returns what happened to it."""
    outcome: dict = {}
    original = getattr(store, method)

    def reading(*args, **kwargs):
        result = original(*args, **kwargs)
        if "ok" not in outcome:
            second = Store(store.path)
            second.db.conn.execute("PRAGMA busy_timeout = 0")  # do not wait for the lock: say it was held
            try:
                other_import(second)
                outcome["ok"] = True
            except ImportFailed as exc:
                outcome["ok"], outcome["error"] = False, str(exc)
            finally:
                second.close()
        return result

    setattr(store, method, reading)
    return outcome


def test_a_newer_value_written_during_the_checks_is_never_overwritten_by_an_older_file(store, write_csv):
    import_files(store, [write_csv("seed.csv", [WIDE, ["002045.SZ", "国光电器", "50.0"]])], as_of="2024-12-20")
    older = write_csv("older.csv", [WIDE, ["002045.SZ", "国光电器", "57.0"]])
    newer = write_csv("newer.csv", [WIDE, ["002045.SZ", "国光电器", "58.3"]])
    outcome = _meanwhile(store, "facts_dated_after",
                         lambda other: import_files(other, [newer], as_of="2024-12-30"))
    try:
        import_files(store, [older], as_of="2024-12-27")
        older_written = True
    except ImportFailed:
        older_written = False
    assert "ok" in outcome  # the other import really ran while the checks did
    value = store.fact("002045.SZ", "revenue", "2024Q1-Q3")
    if outcome["ok"]:  # the newer file landed first: the older one must not have replaced it
        assert value == pytest.approx(58.3 * YI) and not older_written
    else:               # the checks held the write lock: the newer import waits (here: gives up)
        assert "locked" in outcome["error"] or "锁" in outcome["error"]
        assert older_written and value == pytest.approx(57.0 * YI)
    assert outcome["ok"] is False  # the checks run under the write lock


def test_a_new_ticker_created_during_the_checks_is_not_renamed(store, write_csv):
    import_files(store, [write_csv("seed.csv", [WIDE, ["002045.SZ", "国光电器", "50.0"]])], as_of="2024-12-20")
    first = write_csv("first.csv", [WIDE, ["688001.SH", "华兴源创", "10.0"]])
    second = write_csv("second.csv", [WIDE, ["688001.SH", "华兴新创", "10.0"]])
    outcome = _meanwhile(store, "companies", lambda other: import_files(other, [second], as_of="2024-12-27"))
    try:
        import_files(store, [first], as_of="2024-12-27")
    except ImportFailed:
        pass
    assert "ok" in outcome
    name = {c["ticker"]: c["name"] for c in store.companies()}.get("688001.SH")
    # whichever import wrote the new company first named it; the other never renames it silently
    assert name == ("华兴新创" if outcome["ok"] else "华兴源创")
