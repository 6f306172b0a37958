"""The store's change log: every changed value, from every write path, with where it came from.

Expected values are written out from the files the tests make (row numbers as Excel shows them,
header texts, file names), never read back from the code under test.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3

import pytest

from workbench.imports import import_files
from workbench.store import Store
from workbench.store.schema import migrations

MOUTAI = "600519.SH"
LONG_HEADER = ["ticker", "name", "period", "metric", "value"]


def summary(rows: list[dict]) -> list[tuple]:
    return [(r["origin"], r["op"], r["old"], r["new"]) for r in rows]


@pytest.fixture
def long_csv(write_csv):
    return write_csv("week1.csv", [LONG_HEADER,
                                   [MOUTAI, "贵州茅台", "2023A", "revenue", "150560000000"],
                                   [MOUTAI, "贵州茅台", "2023A", "net_profit", "74734000000"],
                                   ["000001.SZ", "平安银行", "2023A", "revenue", "164699000000"]])


# --------------------------------------------------------------------------- identity
def test_workstation_id_is_a_uuid_kept_across_reopening(tmp_path):
    with Store(tmp_path / "a.sqlite") as a:
        first = a.workstation_id()
    with Store(tmp_path / "a.sqlite") as a:
        assert a.workstation_id() == first
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", first)


def test_two_stores_have_different_workstation_ids(tmp_path):
    with Store(tmp_path / "a.sqlite") as a, Store(tmp_path / "b.sqlite") as b:
        assert a.workstation_id() != b.workstation_id()


# --------------------------------------------------------------------------- import
def test_import_logs_file_sheet_row_and_column_of_each_value(store, long_csv):
    import_files(store, [long_csv], as_of="2024-12-27")
    sha = hashlib.sha256(long_csv.read_bytes()).hexdigest()
    history = store.history(MOUTAI, "net_profit", "2023A")
    assert len(history) == 1
    h = history[0]
    assert (h["origin"], h["op"], h["old"], h["new"]) == ("import", "insert", None, 74734000000.0)
    assert (h["file"], h["sha256"], h["row"], h["col"], h["as_of"]) == ("week1.csv", sha, 3, "value", "2024-12-27")
    assert store.history("000001.SZ", "revenue", "2023A")[0]["row"] == 4


def test_wide_xlsx_import_names_the_sheet_and_header_of_each_value(store, write_xlsx):
    path = write_xlsx("wind.xlsx", [
        ["电子行业重点公司"],
        ["证券代码", "证券简称", "营业收入(亿元)2023年报", "归母净利润(亿元)2023年报"],
        [MOUTAI, "贵州茅台", 1505.6, 747.34],
        ["000001.SZ", "平安银行", 1646.99, 464.55],
    ], sheet_title="万得导出")
    import_files(store, [path])
    h = store.history("000001.SZ", "net_profit", "2023A")
    assert [(x["file"], x["sheet"], x["row"], x["col"], x["new"]) for x in h] == [
        ("wind.xlsx", "万得导出", 4, "归母净利润(亿元)2023年报", 46455000000.0)]
    h = store.history(MOUTAI, "revenue", "2023A")
    assert [(x["row"], x["col"]) for x in h] == [(3, "营业收入(亿元)2023年报")]


def test_reimporting_unchanged_values_logs_nothing(store, long_csv):
    import_files(store, [long_csv])
    seq = store.last_seq()
    import_files(store, [long_csv])
    assert store.last_seq() == seq
    assert store.changes_since(seq) == []


def test_reimport_with_a_changed_value_logs_old_and_new_of_that_value_only(store, long_csv, write_csv):
    import_files(store, [long_csv])
    seq = store.last_seq()
    week2 = write_csv("week2.csv", [LONG_HEADER,
                                    [MOUTAI, "贵州茅台", "2023A", "revenue", "150560000000"],
                                    [MOUTAI, "贵州茅台", "2023A", "net_profit", "74700000000"]])
    import_files(store, [week2])
    changes = store.changes_since(seq)
    assert [(c["key1"], c["key2"], c["op"], c["old"], c["new"], c["file"], c["row"]) for c in changes] == [
        (MOUTAI, "net_profit", "update", 74734000000.0, 74700000000.0, "week2.csv", 3)]
    assert summary(store.history(MOUTAI, "net_profit", "2023A")) == [
        ("import", "insert", None, 74734000000.0), ("import", "update", 74734000000.0, 74700000000.0)]


def test_each_file_of_an_import_is_its_own_batch_linked_from_the_import_log(store, long_csv, write_csv):
    other = write_csv("other.csv", [LONG_HEADER, ["000002.SZ", "万科A", "2023A", "revenue", "465739000000"]])
    import_files(store, [long_csv, other])
    a = store.history(MOUTAI, "revenue", "2023A")[0]
    b = store.history("000002.SZ", "revenue", "2023A")[0]
    assert (a["file"], b["file"]) == ("week1.csv", "other.csv")
    assert a["batch_id"] != b["batch_id"]
    assert [(r["file"], r["batch_id"]) for r in store.import_log()] == [("week1.csv", a["batch_id"]),
                                                                         ("other.csv", b["batch_id"])]


def test_dry_run_and_failed_import_log_nothing(store, long_csv, write_csv):
    import_files(store, [long_csv], dry_run=True)
    assert store.last_seq() == 0
    assert store.rows("SELECT * FROM change_batches") == []
    bad = write_csv("bad.csv", [LONG_HEADER, [MOUTAI, "贵州茅台", "2023A", "revenue", "abc"]])
    with pytest.raises(Exception):
        import_files(store, [long_csv, bad])
    assert store.last_seq() == 0
    assert store.rows("SELECT * FROM change_batches") == []
    assert store.rows("SELECT * FROM change_runs") == []


# --------------------------------------------------------------------------- the app's edits
@pytest.fixture
def one_fact(store):
    store.upsert_companies([{"ticker": MOUTAI, "name": "贵州茅台"}])
    store.write_facts([(MOUTAI, "revenue", "2023A", 1.0)], source="Wind", as_of="2024-12-27")
    return store


def test_hand_edit_logs_who_and_old_and_new(one_fact):
    with one_fact.batch("edit", by="zhang"):
        one_fact.set_fact(MOUTAI, "revenue", "2023A", 2.5)
    h = one_fact.history(MOUTAI, "revenue", "2023A")[-1]
    assert (h["origin"], h["by"], h["op"], h["old"], h["new"], h["row"], h["col"]) == (
        "edit", "zhang", "update", 1.0, 2.5, None, None)


def test_writing_the_same_value_again_logs_nothing(one_fact):
    seq = one_fact.last_seq()
    batches = one_fact.rows("SELECT id FROM change_batches")
    one_fact.set_fact(MOUTAI, "revenue", "2023A", 1.0)
    one_fact.write_facts([(MOUTAI, "revenue", "2023A", 1.0)])
    assert one_fact.last_seq() == seq
    assert one_fact.rows("SELECT id FROM change_batches") == batches  # no empty batch left behind


def test_delete_of_a_fact_is_logged_with_its_old_value(one_fact):
    with one_fact.batch("delete", by="li"):
        one_fact.set_fact(MOUTAI, "revenue", "2023A", None)
    assert summary(one_fact.history(MOUTAI, "revenue", "2023A"))[-1] == ("delete", "delete", 1.0, None)


def test_undo_and_redo_of_an_edit_record_are_logged_as_such(one_fact):
    from workbench.edits import SetFact, apply_edit, revert_edit

    edit = SetFact(MOUTAI, "revenue", "2023A", 3.0)
    apply_edit(one_fact, edit, origin="edit", by="wang")
    revert_edit(one_fact, edit, by="wang")
    apply_edit(one_fact, edit, origin="redo", by="wang")
    got = [(h["origin"], h["by"], h["old"], h["new"]) for h in one_fact.history(MOUTAI, "revenue", "2023A")]
    assert got[1:] == [("edit", "wang", 1.0, 3.0), ("undo", "wang", 3.0, 1.0), ("redo", "wang", 1.0, 3.0)]


def test_deleting_and_restoring_a_company_logs_its_facts_and_fields(one_fact):
    seq = one_fact.last_seq()
    removed = one_fact.delete_companies([MOUTAI])
    one_fact.restore_companies(removed)
    got = [(c["origin"], c["entity"], c["key2"], c["op"], c["old"], c["new"]) for c in one_fact.changes_since(seq)
           if c["entity"] in ("fact", "company")]
    assert sorted(got) == sorted([
        ("delete", "fact", "revenue", "delete", 1.0, None),
        ("delete", "company", "name", "delete", "贵州茅台", None),
        ("undo", "company", "name", "insert", None, "贵州茅台"),
        ("undo", "fact", "revenue", "insert", None, 1.0)])
    assert one_fact.fact(MOUTAI, "revenue", "2023A") == 1.0


def test_renaming_a_ticker_moves_the_history_to_the_new_key(one_fact):
    one_fact.rename_ticker(MOUTAI, "600520.SH")
    assert summary(one_fact.history(MOUTAI, "revenue", "2023A"))[-1][1:] == ("delete", 1.0, None)
    assert summary(one_fact.history("600520.SH", "revenue", "2023A")) == [("edit", "insert", None, 1.0)]


def test_company_field_edit_is_logged_per_field(one_fact):
    seq = one_fact.last_seq()
    one_fact.set_company_field(MOUTAI, "segment", "白酒")
    one_fact.set_company_field(MOUTAI, "name", "茅台")
    got = [(c["entity"], c["key1"], c["key2"], c["old"], c["new"]) for c in one_fact.changes_since(seq)
           if c["entity"] == "company"]
    assert got == [("company", MOUTAI, "segment", None, "白酒"), ("company", MOUTAI, "name", "贵州茅台", "茅台")]


def test_quote_close_and_change_are_logged_as_two_values(store):
    index_id = store.upsert_index("上证指数", "000001.SH")
    seq = store.last_seq()
    store.write_quotes([(index_id, "2024-12-27", 3400.14, 0.0095, "Wind")])
    store.set_quote(index_id, "2024-12-27", 3400.14, 0.0096)
    got = [(c["origin"], c["entity"], c["key1"], c["key2"], c["key3"], c["op"], c["old"], c["new"])
           for c in store.changes_since(seq) if c["entity"] == "quote"]
    assert got == [("system", "quote", "000001.SH", "2024-12-27", "close", "insert", None, 3400.14),
                   ("system", "quote", "000001.SH", "2024-12-27", "change", "insert", None, 0.0095),
                   ("edit", "quote", "000001.SH", "2024-12-27", "change", "update", 0.0095, 0.0096)]


def test_demo_build_is_logged_as_demo(demo_store):
    # 润欣科技's 2023 revenue, 21.6 亿元 in resources/demo/companies.csv
    h = demo_store.history("300493.SZ", "revenue", "2023A")
    assert [(x["origin"], x["op"], x["new"]) for x in h] == [("demo", "insert", 2160000000.0)]


# --------------------------------------------------------------------------- batches
def test_a_failed_batch_leaves_neither_the_change_nor_its_log(one_fact):
    seq = one_fact.last_seq()
    with pytest.raises(RuntimeError):
        with one_fact.batch("edit"):
            one_fact.set_fact(MOUTAI, "revenue", "2023A", 9.0)
            raise RuntimeError("boom")
    assert one_fact.fact(MOUTAI, "revenue", "2023A") == 1.0
    assert one_fact.last_seq() == seq
    assert one_fact.scalar("SELECT batch_id FROM change_context") is None


def test_a_nested_batch_joins_the_outer_one(one_fact):
    with one_fact.batch("paste", by="zhao") as outer:
        with one_fact.batch("edit") as inner:
            one_fact.set_fact(MOUTAI, "revenue", "2023A", 4.0)
        one_fact.set_fact(MOUTAI, "revenue", "2024A", 5.0)
    assert inner == outer
    assert {(h["origin"], h["by"]) for k in ("2023A", "2024A")
            for h in one_fact.history(MOUTAI, "revenue", k)[-1:]} == {("paste", "zhao")}


def test_unknown_origin_is_refused(store):
    with pytest.raises(Exception, match="origin"):
        with store.batch("whatever"):
            pass


def test_changes_since_is_in_seq_order_and_limited(store, long_csv):
    import_files(store, [long_csv])
    all_changes = store.changes_since(0)
    seqs = [c["seq"] for c in all_changes]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
    assert [c["seq"] for c in store.changes_since(seqs[1], limit=2)] == seqs[2:4]
    facts = [(c["key1"], c["key2"], c["new"]) for c in all_changes if c["entity"] == "fact"]
    assert sorted(facts) == sorted([("000001.SZ", "revenue", 164699000000.0),
                                    (MOUTAI, "net_profit", 74734000000.0), (MOUTAI, "revenue", 150560000000.0)])


# --------------------------------------------------------------------------- outside the app
def raw(path):
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA busy_timeout = 5000")
    return con


def test_a_raw_sql_update_or_delete_is_still_logged_as_external(tmp_path):
    path = tmp_path / "s.sqlite"
    with Store(path) as s:
        s.upsert_companies([{"ticker": MOUTAI, "name": "贵州茅台"}])
        s.write_facts([(MOUTAI, "revenue", "2023A", 1.0)])
    con = raw(path)
    con.execute("UPDATE facts SET value = 99 WHERE ticker = ?", [MOUTAI])
    con.execute("DELETE FROM facts WHERE ticker = ?", [MOUTAI])
    con.close()
    with Store(path) as s:
        assert summary(s.history(MOUTAI, "revenue", "2023A"))[1:] == [
            ("external", "update", 1.0, 99.0), ("external", "delete", 99.0, None)]


def test_a_raw_update_names_no_file_row_column_or_as_of_of_an_earlier_import(tmp_path, write_csv):
    path = tmp_path / "s.sqlite"
    with Store(path) as s:
        import_files(s, [write_csv("week1.csv", [LONG_HEADER, [MOUTAI, "贵州茅台", "2023A", "revenue", "5"]])],
                     as_of="2024-12-27")
    con = raw(path)
    con.execute("UPDATE facts SET value = value * 2 WHERE ticker = ?", [MOUTAI])
    con.close()
    with Store(path) as s:
        imported, external = s.history(MOUTAI, "revenue", "2023A")
        # the import keeps its cell; the raw write came from no file, row, column or as-of date
        assert (imported["file"], imported["row"], imported["col"], imported["as_of"]) == (
            "week1.csv", 2, "value", "2024-12-27")
        assert (external["origin"], external["old"], external["new"]) == ("external", 5.0, 10.0)
        assert (external["file"], external["sheet"], external["row"], external["col"], external["as_of"],
                external["source"]) == (None, None, None, None, None, None)


def test_facts_changed_outside_the_workbench_are_found(tmp_path, long_csv):
    path = tmp_path / "s.sqlite"
    with Store(path) as s:
        import_files(s, [long_csv])
        s.set_fact(MOUTAI, "net_profit", "2023A", 2.0)
        assert s.externally_changed_facts() == []
    con = raw(path)
    con.execute("UPDATE facts SET value = 3 WHERE ticker = '000001.SZ'")
    con.execute("UPDATE facts SET value = 4 WHERE ticker = ? AND metric = 'revenue'", [MOUTAI])
    con.close()
    with Store(path) as s:
        assert [(f["ticker"], f["metric"], f["period"], f["value"]) for f in s.externally_changed_facts()] == [
            ("000001.SZ", "revenue", "2023A", 3.0), (MOUTAI, "revenue", "2023A", 4.0)]
        assert s.externally_changed_facts((MOUTAI, "net_profit", "2023A")) == []
        assert len(s.externally_changed_facts(limit=1)) == 1
        s.set_fact(MOUTAI, "revenue", "2023A", 5.0)  # a later edit in the workbench accounts for the value again
        assert [f["ticker"] for f in s.externally_changed_facts()] == ["000001.SZ"]


@pytest.mark.parametrize("sql", ["UPDATE change_log SET new = 5", "DELETE FROM change_log",
                                 "UPDATE change_batches SET origin = 'edit'", "DELETE FROM change_batches",
                                 "UPDATE change_runs SET batch_id = 2", "DELETE FROM change_runs"])
def test_the_log_cannot_be_rewritten_with_raw_sql(tmp_path, sql):
    path = tmp_path / "s.sqlite"
    with Store(path) as s:
        s.upsert_companies([{"ticker": MOUTAI, "name": "贵州茅台"}])
        s.write_facts([(MOUTAI, "revenue", "2023A", 1.0)])
        before = s.changes_since(0)
    con = raw(path)
    with pytest.raises(sqlite3.DatabaseError, match="change log cannot be changed"):
        con.execute(sql)
    con.close()
    with Store(path) as s:
        assert s.changes_since(0) == before


# --------------------------------------------------------------------------- older stores
def test_an_older_store_gets_a_starting_entry_for_each_existing_fact(tmp_path):
    import sqlite_utils

    path = tmp_path / "old.sqlite"
    db = sqlite_utils.Database(path)
    migrations.apply(db, stop_before="m004_change_log")
    db.execute("INSERT INTO companies (ticker, name) VALUES (?, '贵州茅台')", [MOUTAI])
    db.execute("INSERT INTO facts (ticker, metric, period, value, source, as_of) "
               "VALUES (?, 'revenue', '2023A', 150560000000, 'Wind: old.xlsx', '2024-09-30')", [MOUTAI])
    db.conn.commit()
    db.close()
    with Store(path) as s:
        h = s.history(MOUTAI, "revenue", "2023A")
        assert [(x["origin"], x["op"], x["new"], x["source"], x["as_of"]) for x in h] == [
            ("system", "insert", 150560000000.0, "Wind: old.xlsx", "2024-09-30")]
        assert [(c["entity"], c["key2"], c["new"]) for c in s.changes_since(0) if c["entity"] == "company"] == [
            ("company", "name", "贵州茅台")]


# --------------------------------------------------------------------------- finding entries
def test_history_finds_every_value_of_a_big_import(store, write_csv):
    # 40 companies x 2 metrics x 5 years = 400 values, written in this order from row 2 on
    rows = [LONG_HEADER]
    for i in range(40):
        for metric in ("revenue", "net_profit"):
            for year in range(2019, 2024):
                rows.append([f"{600000 + i:06d}.SH", f"公司{i}", f"{year}A", metric, str(1000 * i + year)])
    path = write_csv("big.csv", rows)
    import_files(store, [path])
    # 600000.SH revenue 2019A is the first data row; 600039.SH net_profit 2023A the last (row 401);
    # 600017.SH: rows 2 + 17*10 = 172 .. 181, its net_profit 2021A is the 8th of them
    for ticker, metric, period, row, value in [("600000.SH", "revenue", "2019A", 2, 2019.0),
                                               ("600039.SH", "net_profit", "2023A", 401, 41023.0),
                                               ("600017.SH", "net_profit", "2021A", 179, 19021.0)]:
        h = store.history(ticker, metric, period)
        assert [(x["op"], x["row"], x["new"]) for x in h] == [("insert", row, value)], (ticker, metric, period)
    assert store.history("600040.SH", "revenue", "2019A") == []
    assert store.history("600000.SH", "revenue", "2018A") == []


def test_history_of_a_fact_deleted_and_imported_again_keeps_every_step(store, long_csv):
    import_files(store, [long_csv])
    with store.batch("delete", by="li"):
        store.set_fact(MOUTAI, "revenue", "2023A", None)
    import_files(store, [long_csv])
    assert summary(store.history(MOUTAI, "revenue", "2023A")) == [
        ("import", "insert", None, 150560000000.0), ("delete", "delete", 150560000000.0, None),
        ("import", "insert", None, 150560000000.0)]


def test_a_write_that_updates_and_inserts_logs_both_and_finds_both(one_fact):
    one_fact.write_facts([(MOUTAI, "revenue", "2023A", 2.0), (MOUTAI, "revenue", "2024A", 3.0)])
    assert summary(one_fact.history(MOUTAI, "revenue", "2023A"))[-1][1:] == ("update", 1.0, 2.0)
    assert summary(one_fact.history(MOUTAI, "revenue", "2024A"))[0][1:] == ("insert", None, 3.0)


def test_a_sync_write_that_updates_and_inserts_logs_both_and_finds_both(one_fact):
    # the desk synchronisation writes rows as the desk has them: one existed, one is new
    from workbench.store import sync_state

    with one_fact.batch("sync"):
        sync_state.apply_images(one_fact, {("facts", f"{MOUTAI}|revenue|2023A"): {"value": 7.0},
                                           ("facts", f"{MOUTAI}|eps|2023A"): {"value": 59.49}})
    assert summary(one_fact.history(MOUTAI, "revenue", "2023A"))[-1] == ("sync", "update", 1.0, 7.0)
    assert summary(one_fact.history(MOUTAI, "eps", "2023A")) == [("sync", "insert", None, 59.49)]


def test_imported_quotes_name_their_row_and_the_close_and_change_columns(store, write_csv):
    path = write_csv("quotes.csv", [["指数代码", "指数名称", "日期", "收盘价", "周涨跌幅"],
                                    ["000001.SH", "上证指数", "2024-12-27", "3400.14", "0.95%"],
                                    ["000300.SH", "沪深300", "2024-12-27", "3981.80", "1.36%"]])
    import_files(store, [path])
    got = [(c["key1"], c["key3"], c["op"], round(c["new"], 8), c["file"], c["row"], c["col"])
           for c in store.changes_since(0) if c["entity"] == "quote"]
    assert got == [("000001.SH", "close", "insert", 3400.14, "quotes.csv", 2, "收盘价"),
                   ("000001.SH", "change", "insert", 0.0095, "quotes.csv", 2, "周涨跌幅"),
                   ("000300.SH", "close", "insert", 3981.8, "quotes.csv", 3, "收盘价"),
                   ("000300.SH", "change", "insert", 0.0136, "quotes.csv", 3, "周涨跌幅")]
    seq = store.last_seq()
    index_id = store.index("000300.SH")["id"]
    store.set_quote(index_id, "2024-12-27", 3981.8, 0.0137)  # a hand edit names no cell
    [edit] = [c for c in store.changes_since(seq) if c["entity"] == "quote"]
    assert (edit["origin"], edit["key3"], round(edit["old"], 8), edit["new"], edit["row"], edit["col"]) == (
        "edit", "change", 0.0136, 0.0137, None, None)


def test_merging_two_indices_logs_the_moved_quotes_as_one_merge(store):
    keep = store.upsert_index("沪深300", "000300.SH")
    drop = store.upsert_index("沪深300指数")
    store.write_quotes([(drop, "2024-12-27", 3981.8, None, "Wind")])
    seq = store.last_seq()
    store.merge_indices(keep, drop)
    got = [(c["origin"], c["key1"], c["key3"], c["op"], c["old"], c["new"])
           for c in store.changes_since(seq) if c["entity"] == "quote"]
    assert got == [("merge", "沪深300指数", "close", "delete", 3981.8, None),
                   ("merge", "000300.SH", "close", "insert", None, 3981.8)]
    assert len({c["batch_id"] for c in store.changes_since(seq)}) == 1


# --------------------------------------------------------------------------- the house's number style
def test_a_changed_number_style_is_in_the_house_change_log_image(tmp_path):
    """The desk carries the house profile as the change log's row image: the number style,
    added to the house after the log's triggers, must be part of that image."""
    import json

    with Store(tmp_path / "h.sqlite") as store:
        mark = store.last_seq()
        store.update_house(number_style={"thousands": True, "amount_decimals": 2})
        house_rows = [r for r in store.changes_since(mark) if r["entity"] == "house"]
        assert house_rows, "changing the house profile wrote nothing to the change log"
        image = json.loads(house_rows[-1]["new"])
        assert json.loads(image["number_style"]) == {"thousands": True, "amount_decimals": 2,
                                                     "ratio_decimals": 2, "multiple_decimals": 1,
                                                     "price_decimals": 2}


def test_the_house_image_still_carries_the_name(tmp_path):
    import json

    with Store(tmp_path / "h.sqlite") as store:
        mark = store.last_seq()
        store.update_house(name_zh="示例证券", number_style={"thousands": False})
        image = json.loads([r for r in store.changes_since(mark) if r["entity"] == "house"][-1]["new"])
        assert image["name_zh"] == "示例证券"
        assert "number_style" in image


# --------------------------------------------------------------------------- runs of new facts
def grid_csv(write_csv, name, companies, value=lambda i, metric, year: 1000 * i + year):
    """companies x 2 metrics x 5 years, one value per row from row 2 on (as Excel numbers them)."""
    rows = [LONG_HEADER]
    for i in range(companies):
        for metric in ("revenue", "net_profit"):
            for year in range(2019, 2024):
                rows.append([f"{600000 + i:06d}.SH", f"公司{i}", f"{year}A", metric, str(value(i, metric, year))])
    return write_csv(name, rows)


def fact_rows_logged(store) -> int:
    return store.scalar("SELECT count(*) FROM change_log WHERE entity = 'fact'")


def test_a_fresh_import_is_recorded_per_batch_not_per_value(store, write_csv):
    # "provenance per import batch and per changed value": 30 new values, no log row for any of them
    import_files(store, [grid_csv(write_csv, "grid.csv", 3)])
    assert fact_rows_logged(store) == 0
    assert store.scalar("SELECT count(*) FROM change_runs") == 1
    inserts = [c for c in store.changes_since(0) if c["entity"] == "fact"]
    assert len(inserts) == 30 and {c["op"] for c in inserts} == {"insert"}
    assert {c["file"] for c in inserts} == {"grid.csv"}
    assert sorted(c["row"] for c in inserts) == list(range(2, 32))


# a run's rows are written in groups by which of their values are missing (None is bound as NULL in
# the statement): every value must still land in its own column, and the run's seqs stay one run
MIXED_CELLS = [  # (ticker, metric, period, value, source, as_of, src_row, src_col)
    (MOUTAI, "revenue", "2021A", 1.5, "a.xlsx", "2024-12-27", 7, "营业收入"),
    (MOUTAI, "revenue", "2022A", 2.5, "a.xlsx", "2024-12-27", None, None),
    (MOUTAI, "revenue", "2023A", 3.5, "a.xlsx", None, 9, None),
    (MOUTAI, "net_profit", "2021A", None, None, "2024-12-27", None, "净利润"),
    (MOUTAI, "net_profit", "2022A", 4.5, "b.csv", "2024-12-28", 11, "净利润"),
    (MOUTAI, "net_profit", "2023A", 5.5, "a.xlsx", "2024-12-27", None, None),
]


def stored_cells(store) -> list[tuple]:
    return [tuple(r.values()) for r in store.rows(
        "SELECT ticker, metric, period, value, source, as_of, src_row, src_col FROM facts ORDER BY metric DESC, period")]


@pytest.mark.parametrize("as_columns", [False, True], ids=["tuples", "columns"])
def test_a_run_with_cells_missing_here_and_there_keeps_each_value_in_its_column(store, as_columns):
    from workbench.store.store import FactColumns

    store.upsert_companies([{"ticker": MOUTAI, "name": "贵州茅台"}])
    before = store.last_seq()
    cols = [list(c) for c in zip(*MIXED_CELLS)]
    rows = MIXED_CELLS if not as_columns else FactColumns(*cols[:4], source=cols[4], as_of=cols[5],
                                                          src_row=cols[6], src_col=cols[7])
    counts = store.write_facts(rows, origin="import")
    assert counts.added == len(MIXED_CELLS)
    assert stored_cells(store) == MIXED_CELLS
    # one run, and each new fact marked with its own seq inside it
    assert store.rows("SELECT first_seq, last_seq FROM change_runs") == [
        {"first_seq": before + 1, "last_seq": before + len(MIXED_CELLS)}]
    marks = [r["log_mark"] for r in store.rows("SELECT log_mark FROM facts")]
    assert sorted(marks) == list(range(before + 1, before + len(MIXED_CELLS) + 1))
    # the record says what each fact came from, cell by cell
    inserts = {(c["key2"], c["key3"]): (c["new"], c["row"], c["col"]) for c in store.changes_since(before)
               if c["entity"] == "fact"}
    assert inserts == {(m, p): (v, r, c) for _, m, p, v, _, _, r, c in MIXED_CELLS}
    assert store.last_seq() == before + len(MIXED_CELLS)


def test_a_run_whose_first_fact_misses_cells_keeps_the_cells_of_the_others(store):
    """The groups are by each row's own missing cells, not the first row's: a run that starts with a
    fact missing its source cell still records the cells of the facts that have theirs."""
    store.upsert_companies([{"ticker": MOUTAI, "name": "贵州茅台"}])
    rows = sorted(MIXED_CELLS, key=lambda r: (r[6] is not None, r[7] is not None))  # the bare ones first
    assert rows[0][6] is None and rows[0][7] is None and rows[-1][6] is not None
    store.write_facts(rows, origin="import")
    assert stored_cells(store) == MIXED_CELLS


def test_a_run_with_cells_missing_skips_facts_stored_already_in_every_group(store):
    store.upsert_companies([{"ticker": MOUTAI, "name": "贵州茅台"}])
    store.write_facts(MIXED_CELLS[1::2], origin="import")  # one of each kind of missing cells, stored first
    before = store.last_seq()
    with store.batch("import"):
        added = store._insert_new_facts(
            ("ticker", "metric", "period", "value", "source", "as_of", "src_row", "src_col"),
            [(*r[:3], 99.0, *r[4:]) if r in MIXED_CELLS[1::2] else r for r in MIXED_CELLS])
    assert added == 3
    assert stored_cells(store) == MIXED_CELLS  # (the stored three kept their values)
    assert [r["log_mark"] for r in store.rows("SELECT log_mark FROM facts WHERE log_mark > ? ORDER BY 1", [before])] \
        == [before + 1, before + 2, before + 3]
    assert store.last_seq() == before + 3


def test_a_changed_value_adds_its_own_entries_only(store, write_csv):
    import_files(store, [grid_csv(write_csv, "grid.csv", 3)])
    changed = grid_csv(write_csv, "grid2.csv", 3, lambda i, m, y: 7 if (i, m, y) == (1, "net_profit", 2021) else
                       1000 * i + y)
    import_files(store, [changed])
    # the changed value's insert entry, kept as it was imported, and its update: nothing else
    assert store.rows("SELECT key1, key2, key3, op, old, new, src_row FROM change_log WHERE entity = 'fact' "
                      "ORDER BY seq") == [
        {"key1": "600001.SH", "key2": "net_profit", "key3": "2021A", "op": "insert", "old": None,
         "new": 3021.0, "src_row": 19},
        {"key1": "600001.SH", "key2": "net_profit", "key3": "2021A", "op": "update", "old": 3021.0,
         "new": 7.0, "src_row": 19}]
    facts = [c for c in store.changes_since(0) if c["entity"] == "fact"]
    assert len(facts) == 31  # 30 inserts, each once, and the update


def test_an_imported_value_keeps_its_source_cell_after_it_is_edited(store, long_csv):
    import_files(store, [long_csv], as_of="2024-12-27")
    with store.batch("edit", by="zhang"):
        store.set_fact(MOUTAI, "net_profit", "2023A", 1.0)
    first, edit = store.history(MOUTAI, "net_profit", "2023A")
    assert (first["op"], first["new"], first["file"], first["row"], first["col"], first["source"],
            first["as_of"]) == ("insert", 74734000000.0, "week1.csv", 3, "value", "week1.csv", "2024-12-27")
    assert (edit["op"], edit["old"], edit["new"], edit["by"], edit["row"]) == ("update", 74734000000.0, 1.0,
                                                                              "zhang", None)
    assert first["seq"] < edit["seq"]


def test_a_raw_change_of_a_facts_source_cell_does_not_rewrite_its_history(tmp_path, write_csv):
    path = tmp_path / "s.sqlite"
    with Store(path) as s:
        import_files(s, [write_csv("week1.csv", [LONG_HEADER, [MOUTAI, "贵州茅台", "2023A", "revenue", "5"]])])
    con = raw(path)
    con.execute("UPDATE facts SET source = 'forged', src_row = 99, src_col = 'x' WHERE ticker = ?", [MOUTAI])
    con.close()
    with Store(path) as s:
        [h] = s.history(MOUTAI, "revenue", "2023A")  # the value did not change: still one entry
        assert (h["origin"], h["file"], h["row"], h["col"], h["source"], h["new"]) == (
            "import", "week1.csv", 2, "value", "week1.csv", 5.0)


def test_a_deleted_fact_keeps_the_file_and_row_it_was_imported_from(store, long_csv):
    import_files(store, [long_csv])
    store.delete_companies(["000001.SZ"])
    h = store.history("000001.SZ", "revenue", "2023A")
    assert [(x["origin"], x["op"], x["file"], x["row"], x["new"]) for x in h] == [
        ("import", "insert", "week1.csv", 4, 164699000000.0), ("delete", "delete", None, None, None)]


def test_seqs_stay_unique_across_runs_edits_and_later_runs(store, long_csv, write_csv):
    import_files(store, [long_csv])
    store.set_fact(MOUTAI, "revenue", "2023A", 2.0)
    import_files(store, [write_csv("w2.csv", [LONG_HEADER, ["000002.SZ", "万科A", "2023A", "revenue", "3"]])])
    store.set_fact("000002.SZ", "revenue", "2024A", 4.0)
    changes = store.changes_since(0)
    seqs = [c["seq"] for c in changes]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
    facts = [(c["key1"], c["key2"], c["key3"], c["op"], c["new"]) for c in changes if c["entity"] == "fact"]
    assert [f[:3] for f in facts[:3]] == [(MOUTAI, "revenue", "2023A"), (MOUTAI, "net_profit", "2023A"),
                                          ("000001.SZ", "revenue", "2023A")]  # a run in the file's row order
    assert sorted(facts) == sorted([
        ("000001.SZ", "revenue", "2023A", "insert", 164699000000.0),
        (MOUTAI, "net_profit", "2023A", "insert", 74734000000.0),
        (MOUTAI, "revenue", "2023A", "insert", 150560000000.0),
        (MOUTAI, "revenue", "2023A", "update", 2.0),
        ("000002.SZ", "revenue", "2023A", "insert", 3.0),
        ("000002.SZ", "revenue", "2024A", "insert", 4.0)])
    assert store.last_seq() == seqs[-1]
    after = [c["seq"] for c in store.changes_since(seqs[2], limit=3)]
    assert after == seqs[3:6]


def test_the_desk_sees_every_new_fact_of_a_run_as_pending(store, long_csv):
    from workbench.store import sync_state

    import_files(store, [long_csv])
    pending = sync_state.pending(store)
    facts = {k: seq for k, seq in pending.keys.items() if k[0] == "facts"}
    assert set(facts) == {("facts", f"{MOUTAI}|revenue|2023A"), ("facts", f"{MOUTAI}|net_profit|2023A"),
                          ("facts", "000001.SZ|revenue|2023A")}
    by_key = {("facts", f"{c['key1']}|{c['key2']}|{c['key3']}"): c["seq"] for c in store.changes_since(0)
              if c["entity"] == "fact"}
    assert facts == by_key
    assert pending.upto == store.last_seq()
    # what was pushed is not pending again; a later run is
    sync_state.set_settings(store, {sync_state.SETTING_PUSHED: pending.upto})
    assert sync_state.pending(store).keys == {}
    store.set_fact(MOUTAI, "eps", "2023A", 59.49)
    assert list(sync_state.pending(store).keys) == [("facts", f"{MOUTAI}|eps|2023A")]


def test_new_facts_written_by_the_desk_are_not_pending_again(one_fact):
    from workbench.store import sync_state

    sync_state.set_settings(one_fact, {sync_state.SETTING_PUSHED: one_fact.last_seq()})
    with one_fact.batch("sync"):
        sync_state.apply_images(one_fact, {("facts", f"{MOUTAI}|eps|2023A"): {"value": 59.49}})
    assert one_fact.fact(MOUTAI, "eps", "2023A") == 59.49
    assert sync_state.pending(one_fact).keys == {}


def test_an_older_store_keeps_finding_the_insert_entries_it_logged_per_value(tmp_path):
    """A store whose imports logged a row per new value (a run of rows sorted by key, marked in
    facts.log_mark) is upgraded: every entry is found by its key, and a change logs only itself."""
    import sqlite_utils

    path = tmp_path / "old.sqlite"
    db = sqlite_utils.Database(path)
    migrations.apply(db, stop_before="m033_new_fact_runs")
    db.execute("INSERT INTO companies (ticker, name) VALUES (?, '贵州茅台')", [MOUTAI])
    db.execute("INSERT INTO change_batches (id, at, origin, file, source) VALUES (7, '2026-11-01T10:00:00+08:00', "
               "'import', 'old.csv', 'old.csv')")
    db.execute("UPDATE change_context SET batch_id = 7")
    start = db.execute("SELECT coalesce(max(seq), 0) + 1 FROM change_log").fetchone()[0]
    for i, (metric, value, row) in enumerate([("net_profit", 74.0, 3), ("revenue", 150.0, 2)]):
        db.execute("INSERT INTO facts (ticker, metric, period, value, source, as_of, src_row, src_col, log_mark) "
                   "VALUES (?, ?, '2023A', ?, 'old.csv', '2024-09-30', ?, 'value', ?)", [MOUTAI, metric, value, row,
                                                                                          start])
        db.execute("INSERT INTO change_log (seq, batch_id, entity, key1, key2, key3, op, new, src_row, src_col, run) "
                   "VALUES (?, 7, 'fact', ?, ?, '2023A', 'insert', ?, ?, 'value', ?)",
                   [start + i, MOUTAI, metric, value, row, start])
    db.execute("UPDATE change_context SET batch_id = NULL")
    db.conn.commit()
    db.close()
    with Store(path) as s:
        for metric, value, row in [("net_profit", 74.0, 3), ("revenue", 150.0, 2)]:
            assert [(h["file"], h["op"], h["new"], h["row"]) for h in s.history(MOUTAI, metric, "2023A")] == [
                ("old.csv", "insert", value, row)]
        s.set_fact(MOUTAI, "revenue", "2023A", 151.0)
        assert [(h["origin"], h["op"], h["new"]) for h in s.history(MOUTAI, "revenue", "2023A")] == [
            ("import", "insert", 150.0), ("edit", "update", 151.0)]
        facts = [(c["key2"], c["op"]) for c in s.changes_since(0) if c["entity"] == "fact"]
        assert sorted(facts) == [("net_profit", "insert"), ("revenue", "insert"), ("revenue", "update")]


# --------------------------------------------------------------------------- raw inserts
def test_facts_inserted_outside_the_workbench_are_found_as_unlogged(tmp_path, long_csv):
    path = tmp_path / "s.sqlite"
    with Store(path) as s:
        import_files(s, [long_csv])
        s.set_fact(MOUTAI, "revenue", "2023A", 2.0)  # logged edits, deletes and undos leave nothing unexplained
        removed = s.delete_companies(["000001.SZ"])
        s.restore_companies(removed)
        assert s.unlogged_facts() == []
    con = raw(path)
    con.execute("INSERT INTO facts (ticker, metric, period, value) VALUES (?, 'eps', '2023A', 59.49)", [MOUTAI])
    con.execute("INSERT OR REPLACE INTO facts (ticker, metric, period, value) VALUES (?, 'net_profit', '2023A', 1)",
                [MOUTAI])
    con.execute("UPDATE facts SET value = 3 WHERE ticker = '000001.SZ'")  # an update is logged (external)
    con.close()
    with Store(path) as s:
        assert [(f["ticker"], f["metric"], f["period"], f["value"]) for f in s.unlogged_facts()] == [
            (MOUTAI, "eps", "2023A", 59.49), (MOUTAI, "net_profit", "2023A", 1.0)]
        assert s.unlogged_facts((MOUTAI, "revenue", "2023A")) == []
        assert len(s.unlogged_facts(limit=1)) == 1


def test_joining_a_desk_does_not_make_facts_look_unlogged(store, long_csv):
    from workbench.store import sync_state

    import_files(store, [long_csv])
    store.set_fact(MOUTAI, "revenue", "2023A", 2.0)
    sync_state.mark_all_pending(store)  # names every fact in the log, without its value
    assert store.unlogged_facts() == []
    store.db.execute("INSERT INTO facts (ticker, metric, period, value) VALUES (?, 'eps', '2023A', 1)", [MOUTAI])
    assert [f["metric"] for f in store.unlogged_facts()] == ["eps"]


# --------------------------------------------------------------------------- bulk writes as columns
def test_values_shared_by_a_bulk_write_are_stored_exactly_as_given(store, write_csv):
    """A file name with a quote, and shared values the store writes into its statement once."""
    from workbench.store.store import FactColumns

    week1 = write_csv("O'Brien 周报 -- 1.csv", [LONG_HEADER, [MOUTAI, "贵州茅台", "2023A", "revenue", "5"],
                                              [MOUTAI, "贵州茅台", "2023A", "eps", "1"]])
    import_files(store, [week1], as_of="2024-12-27")
    week2 = write_csv("O'Brien 周报 -- 2.csv", [LONG_HEADER, [MOUTAI, "贵州茅台", "2023A", "revenue", "6"],
                                              [MOUTAI, "贵州茅台", "2023A", "eps", "1"]])
    import_files(store, [week2], as_of="2024-12-28")
    row = store.fact_row(MOUTAI, "revenue", "2023A")
    assert (row["value"], row["source"], row["as_of"], row["src_row"], row["src_col"]) == (
        6.0, "O'Brien 周报 -- 2.csv", "2024-12-28", 2, "value")
    eps = store.fact_row(MOUTAI, "eps", "2023A")  # unchanged: keeps the first file, confirmed as of week 2
    assert (eps["source"], eps["as_of"], eps["src_row"]) == ("O'Brien 周报 -- 1.csv", "2024-12-28", 3)
    assert [(h["file"], h["new"]) for h in store.history(MOUTAI, "revenue", "2023A")] == [
        ("O'Brien 周报 -- 1.csv", 5.0), ("O'Brien 周报 -- 2.csv", 6.0)]
    tricky = "a'b\x00c'); DROP TABLE facts; --"
    with store.batch("import"):
        counts = store.write_facts(FactColumns([MOUTAI, MOUTAI], ["pe", "revenue"], ["2024E", "2023A"], [20.0, 7.0],
                                               source=tricky, as_of=None, src_row=[9, 10], src_col="x'y"))
    assert (counts.added, counts.updated) == (1, 1)
    for metric, period, value, src_row in [("pe", "2024E", 20.0, 9), ("revenue", "2023A", 7.0, 10)]:
        row = store.fact_row(MOUTAI, metric, period)
        assert (row["value"], row["source"], row["as_of"], row["src_row"], row["src_col"]) == (
            value, tricky, None, src_row, "x'y")


def test_the_desk_status_counts_each_imported_row_as_one_pending_change(store, long_csv, write_csv):
    from workbench.store import sync_state

    store.set_setting(sync_state.SETTING_URL, "postgresql://desk.example/workbench")
    import_files(store, [long_csv])
    # week1.csv: 2 companies, 3 values
    assert sync_state.status(store)["pending"] == 5
    sync_state.set_settings(store, {sync_state.SETTING_PUSHED: store.last_seq()})
    assert sync_state.status(store)["pending"] == 0
    import_files(store, [write_csv("w2.csv", [LONG_HEADER, [MOUTAI, "贵州茅台", "2024A", "revenue", "1"],
                                              [MOUTAI, "贵州茅台", "2023A", "revenue", "2"]])])
    assert sync_state.status(store)["pending"] == 2  # a new value and a changed one


def test_a_limited_read_of_the_log_is_a_slice_of_the_whole(store, write_csv):
    # two runs of new facts with logged changes around and between them
    import_files(store, [grid_csv(write_csv, "a.csv", 2)])
    store.set_fact("600000.SH", "revenue", "2019A", 1.0)
    store.set_company_field("600001.SH", "name", "乙")
    import_files(store, [grid_csv(write_csv, "b.csv", 4)], renamed_companies={"600001.SH"})  # 20 new, 20 unchanged; 乙 named 公司1 again
    store.set_fact("600003.SH", "net_profit", "2023A", None)
    whole = store.changes_since(0)
    # 20 + 20 inserts, the edit, b.csv putting the edited value back, the delete
    assert len([c for c in whole if c["entity"] == "fact"]) == 40 + 1 + 1 + 1
    seqs = [c["seq"] for c in whole]
    for start in (0, *seqs[:: 7], seqs[-1]):
        after = [c for c in whole if c["seq"] > start]
        for limit in (0, 1, 2, 5, 13, 100):
            assert store.changes_since(start, limit=limit) == after[:limit], (start, limit)
