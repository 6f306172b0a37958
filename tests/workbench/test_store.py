import sqlite3

import pytest

from workbench.domain.issue import Issue, Theme
from workbench.errors import NotFound, ReadOnlyIssue, ValidationError
from workbench.store import Store
from workbench.store.schema import migrations


def test_new_store_file_is_created_with_full_schema(tmp_path):
    path = tmp_path / "sub" / "new.sqlite"
    with Store(path) as s:
        assert path.exists()
        assert s.schema_versions() == [m.name for m in migrations._migrations]
        assert s.scalar("PRAGMA journal_mode") == "wal"
        assert s.scalar("PRAGMA foreign_keys") == 1
        assert s.scalar("PRAGMA busy_timeout") == 10000
        assert s.counts() == dict.fromkeys(s.counts(), 0)


def test_store_made_by_an_earlier_schema_is_migrated_on_open(tmp_path):
    path = tmp_path / "old.sqlite"
    import sqlite_utils

    db = sqlite_utils.Database(path)
    migrations.apply(db, stop_before="m002_import_log")
    db.execute("INSERT INTO segments (name, position) VALUES ('PCB', 0)")
    db.execute("INSERT INTO companies (ticker, name, segment_id) VALUES ('002384.SZ', '东山精密', 1)")
    db.conn.commit()
    assert "import_log" not in db.table_names()
    db.close()
    with Store(path) as s:
        assert "m002_import_log" in s.schema_versions()
        assert s.company("002384.SZ")["segment"] == "PCB"
        assert s.import_log() == []
    with Store(path) as s:  # opening again applies nothing twice
        assert s.schema_versions().count("m002_import_log") == 1


def test_not_a_store_is_refused_clearly(tmp_path):
    bad = tmp_path / "notes.sqlite"
    bad.write_bytes(b"this is not a database file at all" * 100)
    with pytest.raises(ValidationError, match="not a workbench store"):
        Store(bad)


def test_companies_and_facts_round_trip(store):
    counts = store.upsert_companies([{"ticker": "600519", "name": "贵州茅台", "segment": "白酒"},
                                     {"ticker": "000858.SZ", "name": "五粮液", "segment": "白酒"}])
    assert (counts.added, counts.updated) == (2, 0)
    assert [c["ticker"] for c in store.companies("白酒")] == ["600519.SH", "000858.SZ"]
    c = store.write_facts([("600519.SH", "revenue", "2023A", 1.5e11), ("600519.SH", "pe", "2024E", 25.0)],
                          source="Wind", as_of="2024-12-27")
    assert (c.added, c.updated, c.unchanged) == (2, 0, 0)
    c = store.write_facts([("600519.SH", "revenue", "2023A", 1.5e11), ("600519.SH", "pe", "2024E", 24.0)],
                          source="iFinD", as_of="2024-12-28")
    assert (c.added, c.updated, c.unchanged) == (0, 1, 1)
    assert store.fact_row("600519.SH", "pe", "2024E")["source"] == "iFinD"
    assert store.fact_row("600519.SH", "revenue", "2023A")["source"] == "Wind"  # unchanged keeps its source


def test_fact_for_unknown_company_is_refused_and_nothing_lands(store):
    store.upsert_companies([{"ticker": "600519", "name": "贵州茅台"}])
    with pytest.raises(sqlite3.IntegrityError):
        store.write_facts([("600519.SH", "pe", "2024E", 25.0), ("000001.SZ", "pe", "2024E", 5.0)])
    assert store.counts()["facts"] == 0


def test_missing_is_null_not_zero(store):
    store.upsert_companies([{"ticker": "600519", "name": "贵州茅台"}])
    store.set_fact("600519.SH", "pe", "2024E", 25.0)
    store.set_fact("600519.SH", "pe", "2024E", None)
    assert store.fact_row("600519.SH", "pe", "2024E") is None


def test_analyst_sac_is_validated(store):
    with pytest.raises(ValidationError):
        store.add_analyst("张三", "S123")
    aid = store.add_analyst("张三", "S0990520080001")
    assert store.analyst(aid)["sac_no"] == "S0990520080001"
    assert store.counts()["analysts"] == 1


def test_index_benchmark_is_unique(store):
    a = store.upsert_index("沪深300", "000300.SH", is_benchmark=True)
    b = store.upsert_index("上证50", "000016.SH", is_benchmark=True)
    assert store.benchmark()["id"] == b and a != b
    c = store.write_quotes([(a, "2024-12-27", 3981.03, 0.0136, "Wind")])
    assert c.added == 1
    assert store.write_quotes([(a, "2024-12-27", 3981.03, 0.0136, "Wind")]).unchanged == 1


def _issue(**kw) -> Issue:
    base = dict(series="先进科技主题周报", headline="周观点：测试", period_start="2024-12-23",
                period_end="2024-12-29", publish_date="2025-01-03", views=["**万卡集群**加速建设"],
                themes=[Theme("PCB", "需求旺盛", ["002384.SZ"])], risks=["需求不及预期"])
    base.update(kw)
    return Issue(**base)


def test_issue_round_trip_and_search(store):
    issue_id = store.save_issue(_issue())
    loaded = store.issue(issue_id)
    assert loaded.views == ["**万卡集群**加速建设"]
    assert loaded.themes[0].tickers == ["002384.SZ"]
    assert store.issue("latest").id == issue_id
    assert [i["id"] for i in store.issues(query="万卡集群")] == [issue_id]
    assert [i["id"] for i in store.issues(query="需求")] == [issue_id]  # two characters: LIKE path
    assert store.issues(query="不存在的短语") == []
    with pytest.raises(NotFound):
        store.issue(999)


def test_final_issue_is_read_only(store):
    issue_id = store.save_issue(_issue())
    store.set_issue_status(issue_id, "final")
    issue = store.issue(issue_id)
    issue.headline = "改动"
    with pytest.raises(ReadOnlyIssue):
        store.save_issue(issue)
    assert store.issue(issue_id).headline == "周观点：测试"


def test_autosave_restores_unsaved_edits(tmp_path):
    path = tmp_path / "s.sqlite"
    with Store(path) as s:
        issue_id = s.save_issue(_issue())
        issue = s.issue(issue_id)
        issue.headline = "周观点：尚未保存的修改"
        s.autosave(issue)
    with Store(path) as s:  # "after a crash": a new connection finds the autosave
        restored = s.autosaved(issue_id)
        assert restored.headline == "周观点：尚未保存的修改"
        assert s.issue(issue_id).headline == "周观点：测试"
        s.save_issue(restored)
        assert s.autosaved(issue_id) is None


def test_notes_full_text_search(store):
    store.upsert_companies([{"ticker": "688608", "name": "恒玄科技"}])
    n1 = store.add_note("小米人车家全生态合作伙伴大会召开", date="2024-12-27", tickers=["688608.SH"],
                        tags=["小米", "会议"])
    store.add_note("PCB 渠道调研：订单饱满", date="2024-12-24", tags=["PCB"])
    assert [n["id"] for n in store.notes(query="合作伙伴大会")] == [n1]
    assert [n["id"] for n in store.notes(ticker="688608")] == [n1]
    assert len(store.notes(tag="PCB")) == 1
    assert len(store.notes(start="2024-12-25", end="2024-12-31")) == 1
    with pytest.raises(NotFound):
        store.add_note("x", tickers=["600000.SH"])


def test_dry_run_rolls_back(store):
    store.upsert_companies([{"ticker": "600519", "name": "贵州茅台"}])
    with store.dry_run():
        store.write_facts([("600519.SH", "pe", "2024E", 25.0)])
        assert store.counts()["facts"] == 1
    assert store.counts()["facts"] == 0


def test_delete_and_restore_company(store):
    store.upsert_companies([{"ticker": "600519", "name": "贵州茅台", "segment": "白酒"}])
    store.write_facts([("600519.SH", "pe", "2024E", 25.0)])
    removed = store.delete_companies(["600519.SH"])
    assert store.counts()["companies"] == 0 and store.counts()["facts"] == 0
    store.restore_companies(removed)
    assert store.fact("600519.SH", "pe", "2024E") == 25.0
    assert store.company("600519.SH")["segment"] == "白酒"


def test_undoing_a_company_deletion_gives_its_notes_their_link_back(store):
    store.upsert_companies([{"ticker": "600519", "name": "贵州茅台", "segment": "白酒"},
                            {"ticker": "000858", "name": "五粮液", "segment": "白酒"}])
    both = store.add_note("茅台与五粮液提价", tickers=["600519.SH", "000858.SZ"])
    gone = store.add_note("茅台渠道调研", tickers=["600519.SH"])
    removed = store.delete_companies(["600519.SH"])
    store.db.execute("DELETE FROM notes WHERE id = ?", [gone])  # (a note deleted meanwhile stays deleted)
    linked = "SELECT ticker FROM note_companies WHERE note_id = ? ORDER BY ticker"
    assert [r[0] for r in store.db.execute(linked, [both])] == ["000858.SZ"]
    store.restore_companies(removed)
    assert [r[0] for r in store.db.execute(linked, [both])] == ["000858.SZ", "600519.SH"]
    assert store.db.execute("SELECT count(*) FROM notes WHERE id = ?", [gone]).fetchone()[0] == 0


def test_the_apps_undo_of_a_company_deletion_gives_its_notes_their_link_back(store):
    from workbench.edits import DeleteCompanies, apply_edit

    store.upsert_companies([{"ticker": "600519", "name": "贵州茅台", "segment": "白酒"}])
    note = store.add_note("茅台渠道调研", tickers=["600519.SH"])
    edit = DeleteCompanies(["600519.SH"])
    apply_edit(store, edit, origin="edit", by="li")
    assert store.notes(ticker="600519.SH") == []
    edit.revert(store)  # (撤销)
    assert [n["id"] for n in store.notes(ticker="600519.SH")] == [note]


@pytest.mark.parametrize("change", [{"period_start": "2024-13-01"}, {"publish_date": "下周五"},
                                    {"period_start": "2024-12-30"}, {"rating": "强烈推荐"},
                                    {"rating_action": "调整"}, {"series": " "}, {"status": "published"}])
def test_invalid_issue_metadata_is_refused(store, change):
    with pytest.raises(ValidationError):
        store.save_issue(_issue(**change))
    assert store.counts()["issues"] == 0


def test_note_themes_with_spaces_come_back_whole(store):
    store.add_note("端侧 AI 新品密集发布", tags=["AI 眼镜", "新品"], themes=["AI 新消费场景"])
    note = store.notes()[0]
    assert note["themes"] == ["AI 新消费场景"] and note["tags"] == ["AI 眼镜", "新品"]
    assert [n["id"] for n in store.notes(tag="AI 眼镜")] == [note["id"]]
    assert store.notes(tag="AI") == []


def test_update_and_delete_analysts(store):
    a = store.add_analyst("张三", "S0990520080001")
    b = store.add_analyst("李四", "S0990520080002")
    store.update_analyst(a, name="张三丰", contact="zs@example.com")
    assert store.analyst(a)["name"] == "张三丰" and store.analyst(a)["contact"] == "zs@example.com"
    with pytest.raises(ValidationError, match="already registered"):
        store.update_analyst(a, sac_no="S0990520080002")
    with pytest.raises(ValidationError):
        store.update_analyst(a, sac_no="S1")
    assert store.analyst(a)["sac_no"] == "S0990520080001"
    issue_id = store.save_issue(_issue(analysts=[b]))
    with pytest.raises(ValidationError, match="signs"):
        store.delete_analyst(b)
    store.delete_analyst(a)
    assert [x["id"] for x in store.analysts()] == [b] and store.issue(issue_id).analysts == [b]


def test_csi_300_becomes_the_benchmark_when_none_is_set(store):
    sse = store.upsert_index("上证指数", "000001.SH")
    csi = store.upsert_index("沪深300", "000300.SH")
    assert store.benchmark()["id"] == csi
    store.upsert_index("上证指数", "000001.SH", is_benchmark=True)
    store.upsert_index("沪深300", "000300.SH")  # seen again: the house's choice stands
    assert store.benchmark()["id"] == sse


def test_set_benchmark_marks_exactly_one(store):
    a = store.upsert_index("沪深300", "000300.SH")
    b = store.upsert_index("恒生指数", "HSI.HI")
    store.set_benchmark(b)
    assert store.benchmark()["id"] == b
    assert store.scalar("SELECT count(*) FROM indices WHERE is_benchmark = 1") == 1
    store.set_benchmark(None)
    assert store.benchmark() is None
    with pytest.raises(NotFound):
        store.set_benchmark(999)
    assert store.benchmark() is None and a
