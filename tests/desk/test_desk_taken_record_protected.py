"""The desk's publication a station takes over its own final of a version (two editors finalised v1
offline, the desk kept the other's; ``workbench desk resolve ID --keep theirs``) is a published
record of the house on that station: kept in its own append-only table (``taken_publications``),
written in the settlement's transaction, its rows refused UPDATE and DELETE by triggers and chained
by hash to this store's own version it was taken over. The settled listing (``sync_conflicts``) is
no longer where it is read from: a listing forged there changes nothing the station shows, and
``workbench verify`` names a taken record changed or deleted behind the triggers' back, and one
whose PDF is not its SHA-256. A store settled before this release gets its row when it upgrades.
Full-text search on issues matches a taken final by the desk's words, never this station's own.

Truth: the desk's own record read with psycopg (its PDF's bytes, who froze it, its snapshot), the
store file read and tampered with plain sqlite3, SHA-256 recomputed with hashlib."""

from __future__ import annotations

import base64
import hashlib
import json
import sqlite3

import psycopg  # noqa: E402  (a dependency: never skipped)
import pytest

from desk_testing import Desk  # noqa: E402

from workbench.cli import main  # noqa: E402
from workbench.desk.errors import DeskError  # noqa: E402
from workbench.desk.sync import resolve, sync  # noqa: E402
from workbench.drafting.lifecycle import change_status, update_issue  # noqa: E402
from workbench.store import Store, sync_state  # noqa: E402
from workbench.store.reader import open_reader  # noqa: E402

TICKER, METRIC, PERIOD = "002241.SZ", "revenue", "2023A"  # a figure the demo issue's table prints
OWN_HEADLINE = "周观点：本机定稿前改过的标题"
OWN_SENTENCE = "（本机定稿前补充的一句）"


@pytest.fixture(params=["whole"])
def taken(request, pg_cluster, desk_db, demo_path, tmp_path):
    """The demo on a desk; e1 (li) and e2 (wang) finalise v1 offline, e2 after retitling it, adding
    a sentence and changing a figure its table prints; e1 syncs first, so the desk publishes li's
    v1; e2 settles the listing with keep theirs. Yields the desk, the issue's uid and id, e2's own
    v1 row (read with sqlite3 before the sync), the desk's v1 (PDF decoded) and e2's path."""
    desk = Desk(pg_cluster, desk_db)
    ca = desk.user("admin")
    a = desk.join(demo_path, ca)
    c1, c2 = desk.user("editor"), desk.user("editor")
    e1, e2 = desk.join(tmp_path / "e1.sqlite", c1), desk.join(tmp_path / "e2.sqlite", c2)
    issue_id, uid = sync_state.issue_uid(e1, "latest")
    change_status(e1, issue_id, "review", by="li")
    change_status(e1, issue_id, "final", by="li")
    issue = e2.issue(issue_id)
    issue.headline = OWN_HEADLINE
    issue.market_review = issue.market_review + OWN_SENTENCE
    update_issue(e2, issue)
    e2.set_fact(TICKER, METRIC, PERIOD, 99_500_000_000)
    change_status(e2, issue_id, "review", by="wang")
    change_status(e2, issue_id, "final", by="wang")
    path = e2.path
    own = _sqlite_rows(path, "SELECT * FROM issue_versions WHERE issue_id = ? AND version = 1", [issue_id])[0]
    sync(e1, c1)
    sync(e2, c2)
    [c] = [c for c in sync_state.conflicts(e2) if c["tbl"] == "issue_versions"]
    if request.param == "damaged":  # the listing's PDF of the desk's publication not its SHA-256
        _damage_listed_pdf(e2, c["id"])
        with pytest.raises(DeskError, match="副本不能采用.*SHA-256"):
            resolve(e2, c["id"], "theirs")
        # nothing was settled nor taken: the listing stays open, the station's own v1 is the house's
        assert [x["id"] for x in sync_state.conflicts(e2) if x["tbl"] == "issue_versions"] == [c["id"]]
        assert e2.rows("SELECT * FROM taken_publications") == []
        assert e2.version_pdf(issue_id, 1) == own["pdf"]
        _damage_listed_pdf(e2, c["id"], undo=True)  # the listing as the desk sent it
    resolve(e2, c["id"], "theirs")
    assert sync_state.conflicts(e2) == []
    sync(e2, c2)
    with psycopg.connect(desk.super_url) as su:
        [desk_v1] = [d for (d,) in su.execute("SELECT data FROM desk.records WHERE tbl = 'issue_versions' "
                                              "AND data->>'issue' = %s", [uid])]
    desk_v1["pdf"] = base64.b64decode(desk_v1["pdf"]["$b64"])
    assert desk_v1["frozen_by"] == "li" and own["frozen_by"] == "wang" and desk_v1["pdf"] != own["pdf"]
    for s in (a, e1, e2):
        s.close()
    yield desk, uid, issue_id, own, desk_v1, path


_LISTED: dict[int, str] = {}


def _damage_listed_pdf(store, conflict_id, undo: bool = False) -> None:
    """The listing's copy of the desk's PDF cut short (its SHA-256 left as the desk recorded it), or
    with ``undo`` the listing put back as it was."""
    con = sqlite3.connect(store.path)
    with con:
        if undo:
            con.execute("UPDATE sync_conflicts SET theirs = ? WHERE id = ?", [_LISTED.pop(conflict_id), conflict_id])
        else:
            text = con.execute("SELECT theirs FROM sync_conflicts WHERE id = ?", [conflict_id]).fetchone()[0]
            _LISTED[conflict_id] = text
            theirs = json.loads(text)
            pdf = base64.b64decode(theirs["pdf"]["$b64"])
            theirs["pdf"] = {"$b64": base64.b64encode(pdf[:-100]).decode("ascii")}
            con.execute("UPDATE sync_conflicts SET theirs = ? WHERE id = ?", [json.dumps(theirs), conflict_id])
    con.close()


def _sqlite_rows(path, sql, params=()) -> list[dict]:
    con = sqlite3.connect(path)
    con.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in con.execute(sql, params)]
    finally:
        con.close()


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _verify(capsys, path) -> tuple[int, str]:
    capsys.readouterr()
    rc = main(["verify", "--db", str(path)])
    out = capsys.readouterr()
    return rc, out.out + out.err


def _behind_the_triggers(path, statements: list[tuple[str, list]]) -> None:
    """Run ``statements`` on the file with plain sqlite3 with the taken record's guards dropped,
    then put the guards back exactly as they were (so the schema itself shows nothing amiss)."""
    con = sqlite3.connect(path)
    try:
        guards = con.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                             "AND tbl_name = 'taken_publications'").fetchall()
        assert guards, "the taken record has no guards to drop"
        with con:
            for name, _ in guards:
                con.execute(f"DROP TRIGGER {name}")
            for sql, params in statements:
                assert con.execute(sql, params).rowcount == 1, sql
            for _, sql in guards:
                con.execute(sql)
    finally:
        con.close()


# ---------------------------------------------------------------- the record itself
@pytest.mark.parametrize("taken", ["whole", "damaged"], indirect=True)
def test_the_settlement_writes_the_desks_publication_into_its_own_record(taken):
    desk, uid, issue_id, own, desk_v1, path = taken
    [row] = _sqlite_rows(path, "SELECT * FROM taken_publications")
    assert (row["issue_id"], row["version"]) == (issue_id, 1)
    assert (row["frozen_by"], row["frozen_at"], row["pdf_sha256"]) == (desk_v1["frozen_by"], desk_v1["frozen_at"],
                                                                      desk_v1["pdf_sha256"])
    assert row["pdf"] == desk_v1["pdf"] and _sha(row["pdf"]) == desk_v1["pdf_sha256"]
    assert json.loads(row["snapshot_json"]) == json.loads(desk_v1["snapshot_json"])
    assert json.loads(row["issue_json"]) == json.loads(desk_v1["issue_json"])
    # this station's own v1 stays in its own record, untouched
    [mine] = _sqlite_rows(path, "SELECT * FROM issue_versions WHERE issue_id = ? AND version = 1", [issue_id])
    assert mine == own
    # the taken record's hash: its fields, linked to the chain's record of this station's own v1
    # (recomputed here as the chain's own hash is: JSON of the previous hash and the fields)
    [link] = _sqlite_rows(path, "SELECT record_sha256 FROM version_chain WHERE issue_id = ? AND version = 1",
                          [issue_id])
    fields = [row[k] for k in ("issue_id", "version", "frozen_at", "frozen_by", "reason", "issue_json",
                               "snapshot_json", "pdf_sha256")]
    payload = json.dumps([None, "taken", link["record_sha256"], *fields], ensure_ascii=False, separators=(",", ":"))
    assert (row["over_sha256"], row["prev_sha256"]) == (link["record_sha256"], None)
    assert row["record_sha256"] == _sha(payload.encode("utf-8"))


def test_sqlite_refuses_to_change_delete_or_slip_in_a_taken_record(taken):
    desk, uid, issue_id, own, desk_v1, path = taken
    con = sqlite3.connect(path)
    try:
        for sql in ("UPDATE taken_publications SET frozen_by = 'wang'",
                    "UPDATE taken_publications SET pdf = X'00'",
                    "DELETE FROM taken_publications"):
            with pytest.raises(sqlite3.IntegrityError, match="发布记录不可修改或删除"):
                con.execute(sql)
            con.rollback()
        # a second record of the version, or one of a version never taken: refused (the guards
        # need the store's own functions, which a program writing the file directly has not)
        cols = [r[1] for r in con.execute("PRAGMA table_info(taken_publications)")]
        fields = [c for c in cols if c != "seq"]
        for version in (1, 2):
            with pytest.raises(sqlite3.Error):
                con.execute(f"INSERT INTO taken_publications ({', '.join(fields)}) SELECT "
                            + ", ".join("?" if c == "version" else c for c in fields)
                            + " FROM taken_publications", [version])
            con.rollback()
        assert con.execute("SELECT count(*) FROM taken_publications").fetchone()[0] == 1
    finally:
        con.close()


def test_a_listing_forged_in_sync_conflicts_changes_nothing_the_house_published(taken, capsys):
    """The settled listing's "theirs" rewritten to this station's own final (its PDF, SHA-256 and
    snapshot agreeing with each other): the house's v1 on the station is still the desk's."""
    desk, uid, issue_id, own, desk_v1, path = taken
    [c] = _sqlite_rows(path, "SELECT id, theirs FROM sync_conflicts WHERE tbl = 'issue_versions' "
                             "AND resolution = 'theirs'")
    theirs = json.loads(c["theirs"])
    theirs.update({k: own[k] for k in ("frozen_at", "frozen_by", "reason", "issue_json", "snapshot_json",
                                       "pdf_sha256")})
    theirs["pdf"] = {"$b64": base64.b64encode(own["pdf"]).decode("ascii")}
    con = sqlite3.connect(path)
    with con:
        con.execute("UPDATE sync_conflicts SET theirs = ? WHERE id = ?", [json.dumps(theirs), c["id"]])
    con.close()
    with Store(path) as store:
        [v] = store.versions(issue_id)
        assert (v["frozen_by"], v["pdf_sha256"]) == ("li", desk_v1["pdf_sha256"])
        assert store.version_pdf(issue_id, 1) == desk_v1["pdf"]
        assert store.issue(issue_id).headline == json.loads(desk_v1["snapshot_json"])["headline"]
    with open_reader(path) as reader:  # the export's read-only reader
        assert reader.version_pdf(issue_id, 1) == desk_v1["pdf"]
    rc, text = _verify(capsys, path)
    assert rc == 0, text


def test_verify_and_the_record_print_the_taken_records_chain_head(taken, capsys, tmp_path):
    """The head to keep outside the store, as the version chain's is kept."""
    desk, uid, issue_id, own, desk_v1, path = taken
    [row] = _sqlite_rows(path, "SELECT record_sha256 FROM taken_publications")
    rc, text = _verify(capsys, path)
    assert rc == 0 and row["record_sha256"] in text, text
    (tmp_path / "out").mkdir()
    assert main(["record", str(issue_id), "--db", str(path), "-o", str(tmp_path / "out")]) == 0
    [folder] = [p for p in (tmp_path / "out").iterdir() if p.is_dir()]
    assert row["record_sha256"] in (folder / "MANIFEST.txt").read_text("utf-8")


# ---------------------------------------------------------------- verify
@pytest.mark.parametrize("tamper", ["snapshot", "frozen_by", "pdf", "delete"])
def test_verify_names_a_taken_record_changed_behind_the_triggers(taken, capsys, tamper):
    desk, uid, issue_id, own, desk_v1, path = taken
    assert _verify(capsys, path)[0] == 0
    if tamper == "snapshot":  # a figure the PDF does not print, the row's hash left as it was
        snap = json.loads(desk_v1["snapshot_json"])
        snap["headline"] = "改写过的标题"
        edit = ("UPDATE taken_publications SET snapshot_json = ?", [json.dumps(snap, ensure_ascii=False)])
    elif tamper == "frozen_by":
        edit = ("UPDATE taken_publications SET frozen_by = 'wang'", [])
    elif tamper == "pdf":  # a PDF that is not the desk's SHA-256
        edit = ("UPDATE taken_publications SET pdf = ?", [own["pdf"]])
    else:
        edit = ("DELETE FROM taken_publications", [])
    _behind_the_triggers(path, [edit])
    rc, text = _verify(capsys, path)
    assert rc != 0, text
    named = [line for line in text.splitlines() if f"第 {issue_id} 期 v1" in line and "团队库" in line]
    assert named, text
    if tamper == "pdf":
        assert any("SHA-256" in line for line in named), text
    if tamper == "delete":
        assert any("缺失" in line or "删除" in line for line in named), text
    if tamper in ("snapshot", "frozen_by"):
        assert any("改" in line for line in named), text


# ---------------------------------------------------------------- upgrade
def test_a_store_settled_before_the_upgrade_gets_its_taken_record(taken, capsys):
    """The store as the release before kept it (the settled listing only, no taken record and no
    migration that makes it): opening it upgrades it in place and writes the desk's record."""
    desk, uid, issue_id, own, desk_v1, path = taken
    from workbench.store.schema import known_migrations

    [new] = [m for m in known_migrations() if m.endswith("_taken_publications")]  # (later migrations stay)
    con = sqlite3.connect(path)
    with con:
        made = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                          "AND name LIKE 'taken_publications%' AND name NOT LIKE '%\\_fts\\_%' "
                                          "ESCAPE '\\'")]
        for name in sorted(made, key=len, reverse=True):
            con.execute(f"DROP TABLE {name}")
        con.execute("DELETE FROM _sqlite_migrations WHERE name = ?", [new])
    con.close()
    assert not _sqlite_rows(path, "SELECT name FROM sqlite_master WHERE name LIKE 'taken%'")
    with Store(path) as store:
        [row] = store.rows("SELECT * FROM taken_publications")
        assert (row["issue_id"], row["version"], row["frozen_by"]) == (issue_id, 1, "li")
        assert row["pdf"] == desk_v1["pdf"] and row["pdf_sha256"] == _sha(desk_v1["pdf"])
        assert store.version_pdf(issue_id, 1) == desk_v1["pdf"]
    rc, text = _verify(capsys, path)
    assert rc == 0, text
    # and the upgraded record is as protected as one written by a settlement
    con = sqlite3.connect(path)
    with pytest.raises(sqlite3.IntegrityError):
        con.execute("DELETE FROM taken_publications")
    con.close()


# ---------------------------------------------------------------- search
def _words_only_in(text: str, other: str, n: int) -> str:
    """A run of ``n`` characters of ``text`` (no spaces or punctuation) that ``other`` does not hold."""
    for i in range(len(text) - n + 1):
        piece = text[i:i + n]
        if piece.isalnum() and piece not in other:
            return piece
    raise AssertionError(f"no {n}-character run of {text!r} outside the other text")


def test_search_finds_a_taken_final_by_the_desks_words_never_the_stations_own(taken):
    desk, uid, issue_id, own, desk_v1, path = taken
    desk_text = json.loads(desk_v1["issue_json"])
    desk_headline = json.loads(desk_v1["snapshot_json"])["headline"]
    own_words = OWN_HEADLINE + json.dumps(json.loads(own["issue_json"]), ensure_ascii=False)
    desk_words = desk_headline + json.dumps(desk_text, ensure_ascii=False)
    assert OWN_SENTENCE not in desk_words and OWN_HEADLINE != desk_headline
    with Store(path) as store:
        for reads in (store, open_reader(path)):
            def found(q):
                return issue_id in [i["id"] for i in reads.issues(query=q)]

            # this station's own headline and sentence (the FTS path and the short LIKE path)
            assert not found("本机定稿前改过")
            assert not found(_words_only_in(OWN_HEADLINE, desk_words, 2))
            assert not found("本机定稿前补充")
            # the desk's headline, whole and a two-character piece of it this station never wrote
            assert found(desk_headline)
            assert found(_words_only_in(desk_headline, own_words, 3))
            assert found(_words_only_in(desk_headline, own_words, 2))
            assert found(desk_headline) and [i for i in reads.issues(query=desk_headline)
                                             if i["id"] == issue_id][0]["headline"] == desk_headline
            if reads is not store:
                reads.close()
