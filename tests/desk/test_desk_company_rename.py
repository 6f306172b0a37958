"""A company renamed on one workstation keeps every note naming it, on every workstation and on the
desk, whoever wrote the note (schema v15, the store's m040).

Before: the renaming store re-pointed a colleague's note, the desk refused that change (a note is its
writer's) and listed it; the desk kept the note naming the old ticker; the colleague's store dropped the
note's link when it pulled the old ticker's deletion. Three different notes, and a link lost.

Truths: the note's text and the ticker the company was renamed to, given by the test; the desk's rows read
with the superuser; the stores read back with plain SQL.
"""

from __future__ import annotations

import psycopg
import pytest
from desk_testing import desk_note, lose_acknowledgement, note_tickers, psql_session, same_everywhere, user_of

from workbench.desk.sync import sync
from workbench.store import sync_state as state

OLD, NEW, THIRD = "688608.SH", "688609.SH", "688610.SH"


def desk_renames(desk) -> dict[str, tuple[str, str]]:
    with psycopg.connect(desk.super_url) as conn:
        return {old: (new, by) for old, new, by in conn.execute("SELECT old, new, by FROM desk.renames")}


# (the desk takes a push's company versions in ticker order: a new ticker before the old one lands first)
@pytest.mark.parametrize("NEW", [NEW, "688600.SH"], ids=["after-old", "before-old"])
def test_a_colleagues_note_follows_the_renamed_company_on_every_store_and_the_desk(pair, NEW):
    desk, (a, admin), (b, analyst) = pair
    sync(b, analyst)
    b.add_note("B 关于恒玄的笔记", date="2024-12-27", tickers=[OLD])
    sync(b, analyst)
    sync(a, admin)
    assert note_tickers(a, "B 关于恒玄的笔记") == [OLD]

    a.rename_ticker(OLD, NEW)
    r = sync(a, admin)
    assert (r.refused, r.conflicts) == (0, 0)
    assert state.conflicts(a) == []
    r = sync(b, analyst)
    assert (r.refused, r.conflicts) == (0, 0)

    for store in (a, b):
        assert note_tickers(store, "B 关于恒玄的笔记") == [NEW]
        assert not store.has_company(OLD) and store.has_company(NEW)
    on_desk = desk_note(desk, "B 关于恒玄的笔记")
    assert on_desk["tickers"] == [NEW]
    # still the colleague's note; the feed says who re-pointed it, under a name every station pulls
    assert on_desk["owner"] == user_of(analyst)
    assert (on_desk["writer"], on_desk["ws"]) == (user_of(admin), f"sql:{user_of(admin)}")
    assert desk_renames(desk) == {OLD: (NEW, user_of(admin))}
    assert sync(a, admin).conflicts == 0 and sync(b, analyst).conflicts == 0
    same_everywhere(desk, a, b)


def test_a_note_made_offline_before_the_rename_reached_its_store_follows_the_company(pair):
    desk, (a, admin), (b, analyst) = pair
    sync(b, analyst)
    b.add_note("路演途中写的笔记", date="2024-12-28", tickers=[OLD, "002384.SZ"])  # not synced yet
    a.rename_ticker(OLD, NEW)
    assert sync(a, admin).refused == 0

    r = sync(b, analyst)  # pulls the rename (the old ticker's deletion), then pushes the note
    assert (r.refused, r.conflicts) == (0, 0)
    assert note_tickers(b, "路演途中写的笔记") == ["002384.SZ", NEW]
    assert desk_note(desk, "路演途中写的笔记")["tickers"] == ["002384.SZ", NEW]
    sync(a, admin)
    assert note_tickers(a, "路演途中写的笔记") == ["002384.SZ", NEW]
    same_everywhere(desk, a, b)


def test_renames_one_after_another_reach_a_store_that_missed_both(pair):
    desk, (a, admin), (b, analyst) = pair
    sync(b, analyst)
    b.add_note("出差前的笔记", date="2024-12-28", tickers=[OLD])
    a.rename_ticker(OLD, NEW)
    sync(a, admin)
    a.rename_ticker(NEW, THIRD)
    sync(a, admin)
    assert desk_renames(desk) == {OLD: (NEW, user_of(admin)), NEW: (THIRD, user_of(admin))}

    r = sync(b, analyst)
    assert (r.refused, r.conflicts) == (0, 0)
    assert note_tickers(b, "出差前的笔记") == [THIRD]
    sync(a, admin)
    same_everywhere(desk, a, b)


def test_a_note_landing_on_the_desk_after_the_rename_names_the_new_ticker(pair):
    """A note that reaches the desk naming the old ticker (made on a station that had not heard of the
    rename) is re-pointed as it lands: written here with psql under the analyst's own login."""
    desk, (a, admin), (b, analyst) = pair
    a.rename_ticker(OLD, NEW)
    sync(a, admin)
    with psycopg.connect(analyst.url, password=analyst.password, autocommit=True) as conn:
        me = user_of(analyst)
        conn.execute("INSERT INTO desk.rows (tbl, key, data, ws, seq) VALUES ('notes', 'late-note', %s, %s, 0)",
                     [psycopg.types.json.Jsonb({"text": "迟到的笔记", "date": "2024-12-28", "author": me,
                                                "tags": "", "themes": "", "created_at": "2024-12-28T09:00:00+08:00",
                                                "tickers": ["002384.SZ", OLD]}), f"sql:{me}"])
    assert desk_note(desk, "迟到的笔记")["tickers"] == ["002384.SZ", NEW]
    sync(b, analyst)
    assert note_tickers(b, "迟到的笔记") == ["002384.SZ", NEW]


def test_a_company_made_again_under_the_old_ticker_ends_the_rename(pair):
    desk, (a, admin), (b, analyst) = pair
    a.rename_ticker(OLD, NEW)
    sync(a, admin)
    a.upsert_companies([{"ticker": OLD, "name": "新上市公司", "segment": a.company(NEW)["segment"]}])
    sync(a, admin)
    assert OLD not in desk_renames(desk)
    sync(b, analyst)
    b.add_note("关于新公司的笔记", date="2024-12-29", tickers=[OLD])
    sync(b, analyst)
    assert desk_note(desk, "关于新公司的笔记")["tickers"] == [OLD]
    sync(a, admin)
    assert note_tickers(a, "关于新公司的笔记") == [OLD]
    same_everywhere(desk, a, b)


@pytest.mark.parametrize("role", ["analyst", "editor", "admin"])
def test_no_desk_role_writes_the_renames(pair, role):
    desk, (a, admin), _ = pair
    a.rename_ticker(OLD, NEW)
    sync(a, admin)
    conn, _ws = psql_session(desk, role)
    with conn:
        assert conn.execute("SELECT count(*) FROM desk.renames").fetchone()[0] == 1  # (every role reads them)
        for sql in ("INSERT INTO desk.renames (old, new, by) VALUES ('600000.SH', '002384.SZ', current_user)",
                    "UPDATE desk.renames SET new = '002384.SZ'", "DELETE FROM desk.renames"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(sql)
    assert desk_renames(desk) == {OLD: (NEW, user_of(admin))}


def test_a_version_naming_a_live_company_as_its_former_ticker_moves_no_note(pair):
    """``formerly`` moves notes only off a ticker that is no company on the desk: a company that names a
    live one (written by hand, or by a store that renamed while someone made the old ticker again) moves
    nothing."""
    desk, (a, admin), (b, analyst) = pair
    sync(b, analyst)
    b.add_note("关于 PCB 的笔记", date="2024-12-27", tickers=["002384.SZ"])
    sync(b, analyst)
    sync(a, admin)
    a.db.execute("UPDATE companies SET formerly = '002384.SZ' WHERE ticker = ?", [OLD])
    a.set_company_field(OLD, "industry", "电子")  # (a change of the company, so that it is pushed)
    sync(a, admin)
    assert desk_renames(desk) == {}
    assert desk_note(desk, "关于 PCB 的笔记")["tickers"] == ["002384.SZ"]


def test_a_note_pushed_just_after_the_rename_landed_ends_the_same_everywhere(pair, monkeypatch):
    """The station's pull ran just before the rename landed, its push just after: the note it pushes
    names the old ticker. The desk moves it as it lands; the station's next pull moves its own copy."""
    from workbench.desk import sync as desk_sync

    desk, (a, admin), (b, analyst) = pair
    sync(b, analyst)
    b.add_note("同一时刻的笔记", date="2024-12-28", tickers=[OLD])
    a.rename_ticker(OLD, NEW)
    sync(a, admin)
    real, calls = desk_sync._pull, []

    def before_the_rename(*args, **kw):  # (the first pull of the sync saw the desk as it was)
        calls.append(1)
        return None if len(calls) == 1 else real(*args, **kw)

    monkeypatch.setattr(desk_sync, "_pull", before_the_rename)
    sync(b, analyst)
    monkeypatch.setattr(desk_sync, "_pull", real)
    assert desk_note(desk, "同一时刻的笔记")["tickers"] == [NEW]
    r = sync(b, analyst)
    assert (r.refused, r.conflicts) == (0, 0)
    assert note_tickers(b, "同一时刻的笔记") == [NEW]
    sync(a, admin)
    assert note_tickers(a, "同一时刻的笔记") == [NEW]
    same_everywhere(desk, a, b)


def test_a_rename_whose_acknowledgement_was_lost_is_taken_as_landed(pair, monkeypatch):
    """The desk committed the rename's push (and moved the notes), the connection dropped before the
    store recorded it: the retry finds the desk holding what it pushed, the notes moved by the desk
    included, and lists nothing."""
    desk, (a, admin), (b, analyst) = pair
    sync(b, analyst)
    b.add_note("掉线前的笔记", date="2024-12-27", tickers=[OLD])
    sync(b, analyst)
    sync(a, admin)
    a.rename_ticker(OLD, NEW)
    lose_acknowledgement(monkeypatch, a, admin)
    r = sync(a, admin)
    assert (r.refused, r.conflicts, r.pushed) == (0, 0, 0)
    assert state.conflicts(a) == [] and state.pending_count(a) == 0
    sync(b, analyst)
    assert note_tickers(b, "掉线前的笔记") == note_tickers(a, "掉线前的笔记") == [NEW]
    same_everywhere(desk, a, b)


def test_a_rename_to_a_lower_ticker_is_no_deletion_for_the_notes_naming_it(pair):
    """Renamed to a ticker that sorts first, the new version lands before the old ticker's deletion: the
    rename moves the notes then, so the deletion finds none, and the desk remembers no note as having
    lost a deleted company (nothing waits to be linked back)."""
    desk, (a, admin), (b, analyst) = pair
    lower = "688600.SH"
    sync(b, analyst)
    b.add_note("B 关于恒玄的另一条笔记", date="2024-12-27", tickers=[OLD, "300493.SZ"])
    sync(b, analyst)
    sync(a, admin)
    a.rename_ticker(OLD, lower)
    sync(a, admin)
    assert desk_note(desk, "B 关于恒玄的另一条笔记")["tickers"] == ["300493.SZ", lower]
    with psycopg.connect(desk.super_url) as conn:
        assert conn.execute("SELECT count(*) FROM desk.unlinked WHERE ticker = %s", [OLD]).fetchone()[0] == 0
