"""Published records cannot be forged: raw SQL on the store file, REPLACE, tampered PDFs, renamed
analysts, newer stores. Each attack is made the way another program would make it (a plain
sqlite3 connection on the file) and the store is shown unchanged or the tampering detected.
"""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

from workbench.drafting.lifecycle import change_status, export_issue, open_correction
from workbench.drafting.record import verify_store, write_record
from workbench.errors import ValidationError, WorkbenchError
from workbench.store import Store

REFUSED = "cannot be changed"


def raw(path):
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA busy_timeout = 5000")
    return con


def publish(store: Store, issue_id: int) -> None:
    change_status(store, issue_id, "review", by="林思远")
    change_status(store, issue_id, "final", by="合规 王审核")


@pytest.fixture
def published(demo_path):
    """The demo issue published twice (v1, then a correction v2), the store closed."""
    with Store(demo_path) as store:
        publish(store, 1)
        open_correction(store, 1, reason="更正数据来源", by="林思远")
        publish(store, 1)
    return demo_path


def dump(path) -> dict:
    con = raw(path)
    try:
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall()
                for t in ("issues", "issue_log", "issue_versions", "version_chain")}
    finally:
        con.close()


# --------------------------------------------------------------------------- REPLACE
def test_replace_into_a_published_version_is_refused(published):
    before = dump(published)
    con = raw(published)  # another program cannot even prepare an insert of a version
    with pytest.raises(sqlite3.DatabaseError):
        con.execute("INSERT OR REPLACE INTO issue_versions SELECT * FROM issue_versions WHERE version = 2")
    con.close()
    with Store(published) as store:  # nor can the store's own connection, which can compute hashes
        for sql in ("REPLACE INTO issue_versions (issue_id, version, frozen_at, frozen_by, issue_json, "
                    "snapshot_json, pdf, pdf_sha256) VALUES (1, 1, 'x', 'forger', '{}', '{}', NULL, NULL)",
                    "INSERT OR REPLACE INTO issue_versions SELECT * FROM issue_versions WHERE version = 2"):
            with pytest.raises(sqlite3.DatabaseError, match=REFUSED):
                store.db.execute(sql)
    assert dump(published) == before


def test_replace_into_a_published_issues_status_log_is_refused(published):
    before = dump(published)
    con = raw(published)
    first = con.execute("SELECT id FROM issue_log WHERE issue_id = 1 ORDER BY id").fetchone()[0]
    with pytest.raises(sqlite3.DatabaseError, match=REFUSED):
        con.execute("INSERT OR REPLACE INTO issue_log (id, issue_id, at, by, to_status, version) "
                    "VALUES (?, 1, 'x', 'forger', 'final', 1)", [first])
    con.close()
    assert dump(published) == before


def test_a_never_published_drafts_log_stays_free(demo_path):
    from workbench.drafting.lifecycle import copy_forward

    with Store(demo_path) as store:
        draft = copy_forward(store, 1, by="林思远")
        log_id = store.issue_log(draft.id)[0]["id"]
    con = raw(demo_path)
    con.execute("INSERT OR REPLACE INTO issue_log (id, issue_id, at, by, to_status, version) "
                "VALUES (?, ?, 'x', 'someone', 'draft', 1)", [log_id, draft.id])
    assert con.execute("SELECT by FROM issue_log WHERE id = ?", [log_id]).fetchone() == ("someone",)
    con.close()


# --------------------------------------------------------------------------- the issue's own row
@pytest.mark.parametrize("sql", [
    "UPDATE issues SET headline = '伪造的标题' WHERE id = 1",
    "UPDATE issues SET series = '另一个系列' WHERE id = 1",
    "UPDATE issues SET status = 'draft' WHERE id = 1",                        # unpublish without a version
    "UPDATE issues SET status = 'draft', version = 3, headline = 'x' WHERE id = 1",  # a correction that renames
    "DELETE FROM issues WHERE id = 1",
    "REPLACE INTO issues (id, series, headline, period_start, period_end, publish_date) "
    "VALUES (1, 's', 'h', '2024-12-23', '2024-12-29', '2025-01-03')",
])
def test_a_final_issues_row_cannot_be_changed_or_removed_behind_the_apps_back(published, sql):
    before = dump(published)
    con = raw(published)
    with pytest.raises(sqlite3.DatabaseError, match=REFUSED):
        con.execute(sql)
    con.close()
    assert dump(published) == before


def test_a_published_issue_in_correction_cannot_be_deleted(published):
    with Store(published) as store:
        open_correction(store, 1, reason="再次更正", by="林思远")
    con = raw(published)
    with pytest.raises(sqlite3.DatabaseError, match=REFUSED):
        con.execute("DELETE FROM issues WHERE id = 1")
    con.close()


def test_corrections_through_the_lifecycle_still_work(published):
    with Store(published) as store:
        issue = open_correction(store, 1, reason="更正标题", by="林思远")
        assert (issue.status, issue.version) == ("draft", 3)
        issue.headline = "周观点：更正后的标题"
        store.save_issue(issue)
        publish(store, 1)
        assert [v["version"] for v in store.versions(1)] == [1, 2, 3]
        assert store.issue(1).headline == "周观点：更正后的标题"
        assert verify_store(store).ok


# --------------------------------------------------------------------------- versions and their PDFs
def test_a_program_writing_the_file_directly_cannot_add_a_version(published):
    before = dump(published)
    con = raw(published)
    with pytest.raises(sqlite3.DatabaseError):
        con.execute("INSERT INTO issue_versions (issue_id, version, frozen_at, frozen_by, issue_json, "
                    "snapshot_json) VALUES (1, 9, 'x', 'forger', '{}', '{}')")
    con.close()
    assert dump(published) == before


def test_a_version_whose_pdf_does_not_match_its_hash_is_refused_even_by_the_store(demo_store):
    with pytest.raises(sqlite3.DatabaseError, match="does not match its SHA-256"):
        demo_store.save_version(1, 1, "forger", None, "{}", "{}", b"%PDF-1.4 forged",
                                hashlib.sha256(b"%PDF-1.4 genuine").hexdigest())
    assert demo_store.versions(1) == []


def tamper(path, sql: str, params=()) -> None:
    """What a determined forger does: lift the guards, change the record, put the guards back."""
    con = raw(path)
    guards = con.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND "
                         "tbl_name IN ('issue_versions', 'version_chain')").fetchall()
    con.execute("BEGIN")
    for name, _ in guards:
        con.execute(f"DROP TRIGGER {name}")
    con.execute(sql, params)
    for _, text in guards:
        con.execute(text)
    con.execute("COMMIT")
    con.close()


def test_verify_passes_on_an_untouched_store(published):
    with Store(published) as store:
        report = verify_store(store)
    assert report.ok and report.checked == 2
    assert "2" in report.text()


def test_verify_names_a_changed_pdf(published):
    tamper(published, "UPDATE issue_versions SET pdf = ? WHERE issue_id = 1 AND version = 1", [b"%PDF-1.4 forged"])
    with Store(published) as store:
        report = verify_store(store)
    assert not report.ok
    assert "第 1 期 v1" in report.problems[0] and "SHA-256" in report.problems[0]


def test_verify_names_a_rewritten_record_even_when_pdf_and_hash_were_both_replaced(published):
    forged = b"%PDF-1.4 forged"
    tamper(published, "UPDATE issue_versions SET pdf = ?, pdf_sha256 = ? WHERE issue_id = 1 AND version = 2",
           [forged, hashlib.sha256(forged).hexdigest()])
    with Store(published) as store:
        report = verify_store(store)
    assert not report.ok
    assert "第 1 期 v2" in report.problems[0] and "changed after publication" in report.problems[0]


def test_verify_names_a_removed_version(published):
    tamper(published, "DELETE FROM issue_versions WHERE issue_id = 1 AND version = 1")
    with Store(published) as store:
        report = verify_store(store)
    assert not report.ok and "第 1 期 v1" in report.problems[0] and "no longer holds" in report.problems[0]


def test_export_of_a_final_issue_refuses_a_tampered_pdf_and_writes_nothing(published, tmp_path):
    out = tmp_path / "out.pdf"
    with Store(published) as store:
        result = export_issue(store, 1, out)
        assert hashlib.sha256(out.read_bytes()).hexdigest() == store.versions(1)[-1]["pdf_sha256"]
    out.unlink()
    tamper(published, "UPDATE issue_versions SET pdf = ? WHERE issue_id = 1 AND version = 2", [b"%PDF-1.4 forged"])
    with Store(published) as store:
        with pytest.raises(WorkbenchError, match="does not match the SHA-256"):
            export_issue(store, 1, out)
    assert not out.exists()
    assert result.pages > 0


# --------------------------------------------------------------------------- record and analysts
def test_the_record_names_analysts_and_house_as_published_not_as_registered_today(published, tmp_path):
    with Store(published) as store:
        first = store.analysts()[0]
        assert (first["name"], first["sac_no"]) == ("林思远", "S0990520080001")
        store.update_analyst(first["id"], name="改名后", sac_no="S0990520089999")
        store.update_house(name_zh="改名证券")
        folder = write_record(store, 1, tmp_path)
    manifest = (folder / "MANIFEST.txt").read_text(encoding="utf-8")
    assert "林思远 执业证书编号 S0990520080001" in manifest and "周雨桐 执业证书编号 S0990523070002" in manifest
    assert manifest.startswith("星海证券 ·")
    assert "改名后" not in manifest and "S0990520089999" not in manifest and "改名证券" not in manifest


def test_analyst_add_with_a_registered_sac_number_is_refused_not_a_rename(store):
    first = store.add_analyst("林思远", "S0990520080001")
    with pytest.raises(ValidationError, match="already registered"):
        store.add_analyst("王冒名", "S0990520080001")
    assert [(a["id"], a["name"]) for a in store.analysts()] == [(first, "林思远")]


def test_analyst_edit_still_renames(store):
    first = store.add_analyst("林思远", "S0990520080001")
    store.update_analyst(first, name="林思源")
    assert store.analyst(first)["name"] == "林思源"


# --------------------------------------------------------------------------- newer stores
def test_a_store_written_by_a_newer_release_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "newer.sqlite"
    Store(path).close()
    con = raw(path)
    con.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                "VALUES ('workbench', 'm999_from_the_future', '2030-01-01')")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    before = path.read_bytes()
    with pytest.raises(WorkbenchError, match="newer release") as err:
        Store(path)
    assert "m999_from_the_future" in str(err.value)
    assert path.read_bytes() == before


def test_a_store_of_this_release_opens(tmp_path):
    path = tmp_path / "same.sqlite"
    Store(path).close()
    with Store(path) as store:
        assert "m006_unforgeable_records" in store.schema_versions()
