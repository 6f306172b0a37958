"""A row the local store refuses when it is pulled keeps the store's reason, is listed with it, and is
tried again at each sync: once the store accepts it, it is applied and its conflict closes by itself.
Against a real PostgreSQL desk and real stores."""

from __future__ import annotations

import sqlite3

import psycopg  # noqa: F401  (a dependency: never skipped)

from workbench.cli import main
from workbench.desk.sync import sync
from workbench.store import sync_state

REASON = "此笔记已锁定 (this note is held by a rule of this store)"


def _hold(path, uid):
    """A rule of the store's own (a trigger, as the store's protections are) refusing the note."""
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(f"CREATE TRIGGER hold_note BEFORE UPDATE ON notes WHEN old.uid = '{uid}' "
                     f"BEGIN SELECT RAISE(ABORT, '{REASON}'); END")
    conn.close()


def _release(path):
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("DROP TRIGGER hold_note")
    conn.close()


def _note(store, uid):
    return store.scalar("SELECT text FROM notes WHERE uid = ?", [uid])


def test_a_local_refusal_keeps_its_reason_and_settles_itself_once_accepted(pair, capsys):
    desk, (a, ca), (b, cb) = pair
    uid = a.scalar("SELECT uid FROM notes ORDER BY id LIMIT 1")
    old = _note(b, uid)
    assert old is not None
    _hold(b.path, uid)
    a.db.execute("UPDATE notes SET text = ? WHERE uid = ?", ["调研纪要：订单饱满", uid])
    sync(a, ca)
    first = sync(b, cb)
    assert first.refused == 1 and _note(b, uid) == old
    [c] = sync_state.conflicts(b)
    assert (c["kind"], c["tbl"], c["key"]) == ("local", "notes", uid)
    assert REASON in c["message"]
    capsys.readouterr()
    assert main(["desk", "conflicts", "--db", str(b.path)]) == 0
    assert REASON in capsys.readouterr().out

    # still refused: tried again, kept open once (not listed twice), the reason kept
    again = sync(b, cb)
    assert again.settled == 0
    [c] = sync_state.conflicts(b)
    assert REASON in c["message"] and _note(b, uid) == old

    _release(b.path)
    done = sync(b, cb)
    assert done.settled == 1 and "settled 1" in done.summary()
    assert _note(b, uid) == "调研纪要：订单饱满"
    assert sync_state.conflicts(b) == []
    [closed] = sync_state.conflicts(b, open_only=False)
    assert closed["resolution"] == "theirs"
    assert sync_state.pending(b).keys == {}  # taken from the desk: nothing to push back
    assert sync(b, cb).pushed == 0


def test_a_local_change_made_since_is_never_lost_to_the_retry(pair):
    desk, (a, ca), (b, cb) = pair
    uid = a.scalar("SELECT uid FROM notes ORDER BY id LIMIT 1")
    _hold(b.path, uid)
    a.db.execute("UPDATE notes SET text = ? WHERE uid = ?", ["A 的版本", uid])
    sync(a, ca)
    assert sync(b, cb).refused == 1
    _release(b.path)
    b.db.execute("UPDATE notes SET text = ? WHERE uid = ?", ["B 的版本", uid])
    sync(b, cb)
    # B's own text went to the push (where the desk decides: notes have one author); it is in the
    # store or listed as an open conflict with the desk's value, never silently replaced
    listed = [c for c in sync_state.conflicts(b) if (c["mine"] or {}).get("text") == "B 的版本"]
    assert _note(b, uid) == "B 的版本" or listed
    # and the refusal that no longer applies is closed, not listed beside it
    assert not [c for c in sync_state.conflicts(b) if c["kind"] == "local"]
