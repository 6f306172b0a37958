"""Two editors finalise v1 of the same issue offline; the desk keeps the first pushed, and the other
station settles the listing with ``--keep theirs``. From then on the desk's publication is the
house's v1 everywhere on that station: the store's reads (``versions``, ``version_pdf``, the issue's
text), the frozen snapshot, ``workbench record`` (the desk's v1.pdf and manifest, this station's own
final listed beside it as the kept rival, labelled), ``workbench verify`` (the desk's snapshot checked
against the desk's PDF), exports, and a correction (v2 starts from the desk's text, compares with
the desk's figures and reaches the desk after the desk's v1). The same after the store is opened
again, and for two finals of the same text.

Truth: the desk's own record read with psycopg (its PDF's bytes, who froze it and when, its
snapshot), the record folder's files read back and hashed, pypdf on the PDFs."""

from __future__ import annotations

import base64
import hashlib
import io
import json

import pypdf
import pytest

import psycopg  # noqa: E402  (a dependency: never skipped)

from desk_testing import Desk  # noqa: E402

from workbench.cli import main  # noqa: E402
from workbench.desk.sync import resolve, sync  # noqa: E402
from workbench.drafting.record import verify_store  # noqa: E402
from workbench.drafting.lifecycle import (FiguresChanged, change_status, export_issue,  # noqa: E402
                                          open_correction, update_issue)
from workbench.report.snapshot import frozen_spec, issue_snapshot  # noqa: E402
from workbench.store import Store, sync_state  # noqa: E402
from workbench.store.reader import LazyStore, open_reader  # noqa: E402

TICKER, METRIC, PERIOD = "002241.SZ", "revenue", "2023A"  # a figure the demo issue's table prints
RIVAL_LABEL = "本机另一份定稿，未被团队库采用"


@pytest.fixture(params=["different", "identical"])
def taken(request, pg_cluster, desk_db, demo_path, tmp_path):
    """The demo on a desk; two editors finalise v1 offline (e2 first retitles it and changes a figure
    its table prints, or both finalise it unchanged); e1 syncs first, so the desk publishes e1's v1;
    e2 settles the listing with keep theirs."""
    desk = Desk(pg_cluster, desk_db)
    ca = desk.user("admin")
    a = desk.join(demo_path, ca)
    c1, c2 = desk.user("editor"), desk.user("editor")
    e1, e2 = desk.join(tmp_path / "e1.sqlite", c1), desk.join(tmp_path / "e2.sqlite", c2)
    issue_id, uid = sync_state.issue_uid(e1, "latest")
    change_status(e1, issue_id, "review", by="li")
    change_status(e1, issue_id, "final", by="li")
    if request.param == "different":
        issue = e2.issue(issue_id)
        issue.headline = "周观点：本机定稿前改过的标题"
        issue.market_review = issue.market_review + "（本机定稿前补充的一句）"
        update_issue(e2, issue)
        e2.set_fact(TICKER, METRIC, PERIOD, 99_500_000_000)
    change_status(e2, issue_id, "review", by="wang")
    change_status(e2, issue_id, "final", by="wang")
    own = dict(e2.rows("SELECT * FROM issue_versions WHERE issue_id = ? AND version = 1", [issue_id])[0])
    sync(e1, c1)
    sync(e2, c2)
    listed = [c for c in sync_state.conflicts(e2) if c["tbl"] == "issue_versions"]
    if listed:
        [c] = listed
        resolve(e2, c["id"], "theirs")
    assert sync_state.conflicts(e2) == []
    sync(e2, c2)
    desk_v1 = _desk_versions(desk, uid)[0]
    assert desk_v1["frozen_by"] == "li" and own["frozen_by"] == "wang"
    yield request.param, desk, uid, issue_id, own, desk_v1, (a, ca), (e1, c1), (e2, c2)
    for s in (a, e1, e2):
        s.close()


def _desk_versions(desk, uid) -> list[dict]:
    """The desk's published versions of the issue, each with its PDF's bytes (``pdf``)."""
    with psycopg.connect(desk.super_url) as su:
        rows = [d for (d,) in su.execute("SELECT data FROM desk.records WHERE tbl = 'issue_versions' "
                                         "AND data->>'issue' = %s ORDER BY (data->>'version')::int", [uid])]
    for d in rows:
        d["pdf"] = base64.b64decode(d["pdf"]["$b64"])
    return rows


def _desk_row(desk, uid) -> dict:
    with psycopg.connect(desk.super_url) as su:
        return su.execute("SELECT data FROM desk.rows WHERE tbl = 'issues' AND key = %s", [uid]).fetchone()[0]


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _canonical(text: str) -> dict:
    return json.loads(text)


def _pdf_text(data: bytes) -> str:
    return "".join("".join(p.extract_text().split()) for p in pypdf.PdfReader(io.BytesIO(data)).pages)


def _printed(snapshot: dict, ticker: str, metric: str, period: str):
    """The stored value a snapshot's table prints for a figure (read from the snapshot itself)."""
    table = snapshot["table"]
    for row in table["rows"]:
        if row["ticker"] == ticker:
            for col, value in zip(table["columns"], row["values"]):
                if col["metric"] == metric and col["period"] == period:
                    return value
    raise AssertionError(f"{ticker} {metric} {period} is not printed")


def _verify(capsys, path) -> tuple[int, str]:
    capsys.readouterr()
    rc = main(["verify", "--db", str(path)])
    out = capsys.readouterr()
    return rc, out.out + out.err


def _reads_are_the_desks(store, issue_id, desk_v1, own) -> None:
    """Every read of v1 a reader makes gives the desk's publication, never this station's own."""
    [v] = store.versions(issue_id)
    for k in ("frozen_by", "frozen_at", "pdf_sha256", "reason"):
        assert v[k] == desk_v1[k], k
    assert _canonical(v["snapshot_json"]) == _canonical(desk_v1["snapshot_json"])
    assert _canonical(v["issue_json"]) == _canonical(desk_v1["issue_json"])
    assert store.version_pdf(issue_id, 1) == desk_v1["pdf"]
    # the issue's text as the house published it: the desk's headline and body
    issue = store.issue(issue_id)
    snapshot = json.loads(desk_v1["snapshot_json"])
    assert (issue.status, issue.version) == ("final", 1)
    assert issue.headline == snapshot["headline"]
    assert json.loads(issue.content_json()) == json.loads(desk_v1["issue_json"])
    [listed] = [i for i in store.issues() if i["id"] == issue_id]  # the issues list
    assert listed["headline"] == snapshot["headline"]
    # this station's own final stays in its record, whole
    [mine] = store.own_versions(issue_id)
    assert (mine["frozen_by"], mine["frozen_at"], mine["pdf_sha256"]) == (own["frozen_by"], own["frozen_at"],
                                                                         own["pdf_sha256"])
    assert store.own_version_pdf(issue_id, 1) == own["pdf"]


# ---------------------------------------------------------------- the store's reads
def test_the_stores_reads_give_the_desks_publication_and_keep_the_own_one_apart(taken, tmp_path):
    kind, desk, uid, issue_id, own, desk_v1, _, _, (e2, c2) = taken
    _reads_are_the_desks(e2, issue_id, desk_v1, own)
    taken = sync_state.desk_publication(e2, uid, 1)  # (the desk side's name for the same read)
    assert (taken["frozen_by"], taken["pdf"]) == (desk_v1["frozen_by"], desk_v1["pdf"])
    assert json.loads(frozen_spec(e2, issue_id).to_json()) == json.loads(desk_v1["snapshot_json"])
    assert issue_snapshot(e2, issue_id) == json.loads(desk_v1["snapshot_json"])
    if kind == "different":  # the desk's figure and headline, not this station's
        snap = json.loads(desk_v1["snapshot_json"])
        assert _printed(snap, TICKER, METRIC, PERIOD) != 99_500_000_000
        assert "本机定稿前改过的标题" not in _pdf_text(e2.version_pdf(issue_id, 1))
    out = tmp_path / "e2.pdf"
    export_issue(e2, issue_id, out)
    assert out.read_bytes() == desk_v1["pdf"]
    # the command line's export (it reads through the store's read-only reader)
    out = tmp_path / "cli.pdf"
    assert main(["export", str(issue_id), "--db", str(e2.path), "-o", str(out)]) == 0
    assert out.read_bytes() == desk_v1["pdf"]


def test_the_same_after_the_store_is_opened_again(taken):
    """A restart of the app: a new Store, the export's read-only reader and the app's LazyStore."""
    kind, desk, uid, issue_id, own, desk_v1, _, _, (e2, c2) = taken
    path = e2.path
    e2.close()
    with Store(path) as again:
        _reads_are_the_desks(again, issue_id, desk_v1, own)
    reader = open_reader(path)
    assert reader is not None
    with reader:
        _reads_are_the_desks(reader, issue_id, desk_v1, own)
    with LazyStore.open(path) as lazy:
        _reads_are_the_desks(lazy, issue_id, desk_v1, own)
        assert not lazy.is_open  # answered by the reader, no full Store opened for it


# ---------------------------------------------------------------- record and verify
def test_record_writes_the_desks_v1_and_lists_the_own_final_as_the_kept_rival(taken, tmp_path, capsys):
    kind, desk, uid, issue_id, own, desk_v1, _, _, (e2, c2) = taken
    capsys.readouterr()
    assert main(["record", str(issue_id), "--db", str(e2.path), "-o", str(tmp_path)]) == 0
    [folder] = [p for p in tmp_path.iterdir() if p.is_dir()]
    assert (folder / "v1.pdf").read_bytes() == desk_v1["pdf"]
    assert json.loads((folder / "v1_snapshot.json").read_text("utf-8")) == json.loads(desk_v1["snapshot_json"])
    assert json.loads((folder / "v1_text.json").read_text("utf-8")) == json.loads(desk_v1["issue_json"])
    manifest = (folder / "MANIFEST.txt").read_text("utf-8")
    snapshot = json.loads(desk_v1["snapshot_json"])
    assert f"标题 headline: {snapshot['headline']}" in manifest
    [line] = [x for x in manifest.splitlines() if x.strip().startswith("v1 ") and RIVAL_LABEL not in x]
    assert "by li" in line and desk_v1["frozen_at"] in line and desk_v1["pdf_sha256"] in line
    # this station's own final of v1: listed, labelled, its files kept beside the desk's
    [rival] = [x for x in manifest.splitlines() if RIVAL_LABEL in x and x.strip().startswith("v1 ")]
    assert own["pdf_sha256"] in rival and "by wang" in rival and own["frozen_at"] in rival
    kept = [p for p in folder.iterdir() if p.name.startswith("v1_") and p.suffix == ".pdf"]
    assert [p.read_bytes() for p in kept] == [own["pdf"]]
    # its status-log entries (the desk refused them) are labelled too; the desk's are not
    steps = manifest.split("状态记录 status log:")[1].split("\n\n")[0].splitlines()[1:]
    assert [" wang " in x for x in steps if RIVAL_LABEL in x] == [True, True]
    assert [" li " in x for x in steps if RIVAL_LABEL not in x] == [True, True]
    # the manifest's list of files holds every file written, with its SHA-256
    listed = dict(reversed(x.split()) for x in manifest.split("文件 files (SHA-256):")[1].splitlines() if x.strip())
    assert listed == {p.name: _sha(p.read_bytes()) for p in folder.iterdir() if p.name != "MANIFEST.txt"}


def test_verify_checks_the_desks_snapshot_against_the_desks_pdf(taken, capsys):
    kind, desk, uid, issue_id, own, desk_v1, _, _, (e2, c2) = taken
    rc, text = _verify(capsys, e2.path)
    assert rc == 0, text
    assert "团队库" in text and "v1" in text  # it says it checked the desk's publication taken here
    # the desk's snapshot rewritten in this store's record of it (a figure its PDF does not print):
    # named (the record's guards dropped for the edit and put back)
    if not e2.taken_publications(issue_id):
        pytest.skip("two finals the same bytes and record: nothing was listed to take")
    snap = json.loads(desk_v1["snapshot_json"])
    snap["headline"] = "改写过的标题"
    _behind_the_guards(e2, "UPDATE taken_publications SET snapshot_json = ?",
                       [json.dumps(snap, ensure_ascii=False, sort_keys=True, separators=(",", ":"))])
    rc, text = _verify(capsys, e2.path)
    assert rc != 0 and "团队库" in text and "v1" in text, text
    # and its PDF rewritten: named as not matching its SHA-256
    _behind_the_guards(e2, "UPDATE taken_publications SET pdf = ?", [desk_v1["pdf"][:-10] + b"%%EOF\n"])
    rc, text = _verify(capsys, e2.path)
    assert rc != 0 and "SHA-256" in text, text
    # also when snapshots are not rendered again (a PDF against its SHA-256 is always checked)
    report = verify_store(e2, facts=False, snapshots=False)
    assert any("团队库" in p and "SHA-256" in p for p in report.problems), report.problems


def _behind_the_guards(store, sql, params) -> None:
    """An edit of the store's record of taken publications with its triggers dropped and put back."""
    conn = store.db.conn
    guards = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                          "AND tbl_name = 'taken_publications'").fetchall()
    with conn:
        for name, _ in guards:
            conn.execute(f"DROP TRIGGER {name}")
        conn.execute(sql, params)
        for _, trigger in guards:
            conn.execute(trigger)


# ---------------------------------------------------------------- a correction
def test_a_correction_starts_from_the_desks_text_and_reaches_the_desk_after_its_v1(taken, tmp_path, capsys):
    kind, desk, uid, issue_id, own, desk_v1, (a, ca), (e1, c1), (e2, c2) = taken
    snapshot = json.loads(desk_v1["snapshot_json"])
    issue = open_correction(e2, issue_id, reason="更正一处数字", by="wang")
    assert (issue.status, issue.version) == ("draft", 2)
    assert issue.headline == snapshot["headline"]
    assert json.loads(issue.content_json()) == json.loads(desk_v1["issue_json"])
    change_status(e2, issue_id, "review", by="wang")
    if kind == "different":
        # compared with the desk's published figure, never this station's own v1
        with pytest.raises(FiguresChanged) as err:
            change_status(e2, issue_id, "final", by="wang")
        assert err.value.published_version == 1
        changed = [c for c in err.value.published_changes if getattr(c, "ticker", None) == TICKER]
        assert changed and changed[0].before == _printed(snapshot, TICKER, METRIC, PERIOD)
    change_status(e2, issue_id, "final", by="wang", accept_changes=True)
    r = sync(e2, c2)
    assert (r.conflicts, r.refused) == (0, 0), sync_state.conflicts(e2)
    versions = _desk_versions(desk, uid)
    assert [(int(v["version"]), v["frozen_by"]) for v in versions] == [(1, "li"), (2, "wang")]
    assert versions[0]["pdf"] == desk_v1["pdf"]  # the desk's v1 untouched
    v2 = versions[1]
    assert json.loads(v2["snapshot_json"])["headline"] == snapshot["headline"]
    assert json.loads(v2["issue_json"]) == json.loads(desk_v1["issue_json"])
    row = _desk_row(desk, uid)
    assert (row["status"], int(row["version"]), row["headline"]) == ("final", 2, snapshot["headline"])
    # this station: the desk's v1 then its own v2; verify passes; the export is the desk's v2
    assert [(v["version"], v["frozen_by"]) for v in e2.versions(issue_id)] == [(1, "li"), (2, "wang")]
    assert e2.version_pdf(issue_id, 2) == v2["pdf"]
    rc, text = _verify(capsys, e2.path)
    assert rc == 0, text
    export_issue(e2, issue_id, tmp_path / "v2.pdf")
    assert (tmp_path / "v2.pdf").read_bytes() == v2["pdf"]
    # the other station pulls v2 on top of the v1 it published
    sync(e1, c1)
    assert [(v["version"], v["frozen_by"]) for v in e1.versions(issue_id)] == [(1, "li"), (2, "wang")]
    assert e1.version_pdf(issue_id, 2) == v2["pdf"]
    assert _verify(capsys, e1.path)[0] == 0
    # and the record lists both of the house's versions and the kept rival of v1
    capsys.readouterr()
    assert main(["record", str(issue_id), "--db", str(e2.path), "-o", str(tmp_path)]) == 0
    [folder] = [p for p in tmp_path.iterdir() if p.is_dir()]
    assert (folder / "v1.pdf").read_bytes() == desk_v1["pdf"] and (folder / "v2.pdf").read_bytes() == v2["pdf"]
