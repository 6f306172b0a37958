"""Index identity: codes identify indices, near-matching names stop an import, indices can be merged."""

from __future__ import annotations

import pytest

from workbench.domain.indices import name_key, near_match
from workbench.errors import ImportFailed, NotFound, ValidationError
from workbench.imports import IndexNearMatch, IndicesToConfirm, import_files

QUOTES = ["代码", "名称", "日期", "收盘价", "涨跌幅"]


@pytest.fixture
def codeless(store, write_csv):
    """A store holding 沪深300 without a code, with one quote."""
    import_files(store, [write_csv("old.csv", [QUOTES, ["", "沪深300", "2024-12-20", "3927.61", "-0.10%"]])])
    assert [(i["name"], i["code"]) for i in store.indices()] == [("沪深300", None)]
    return store


def refused(store, paths, snapshot, **options):
    before = snapshot(store)
    with pytest.raises(ImportFailed) as info:
        import_files(store, paths, **options)
    assert snapshot(store) == before
    return info.value


@pytest.mark.parametrize("a, b", [("沪深300", "沪深300指数"), ("CSI300", "沪深 300"), ("沪深３００", "沪深300"),
                                  ("创业板指", "创业板指数"), ("上证指数", "上证综指"), ("CSI 300 Index", "沪深300")])
def test_near_matching_names(a, b):
    assert near_match(a, b) and name_key(a) == name_key(b)


@pytest.mark.parametrize("a, b", [("上证指数", "上证50"), ("中证500", "中证1000"), ("沪深300", "沪深300"),
                                  ("深证成指", "深证100"), ("沪深300", "沪深300成长")])
def test_names_that_are_not_near_matches(a, b):
    assert not near_match(a, b)


@pytest.mark.parametrize("name, read_as", [("沪深300指数", "沪深300指数"), ("沪深 300", "沪深 300"), ("CSI300", "CSI300"),
                                           (" 沪深300指数 ", "沪深300指数"), ("ＣＳＩ３００", "ＣＳＩ３００")])
def test_a_near_match_of_a_codeless_index_stops_the_import(codeless, write_csv, snapshot, name, read_as):
    new = write_csv("new.csv", [QUOTES, ["", name, "2024-12-27", "3981.03", "1.36%"]])
    err = refused(codeless, [new], snapshot)
    assert isinstance(err, IndicesToConfirm)
    (p,) = err.near_matches
    assert isinstance(p, IndexNearMatch)
    assert (p.file, p.row, p.column) == ("new.csv", 2, "名称")
    assert (p.incoming, p.existing, p.existing_id) == (read_as, "沪深300", codeless.indices()[0]["id"])
    assert f"--new-index {read_as}" in str(p) and "沪深300" in str(p) and "near match" in str(p)


def test_a_full_width_spelling_of_the_same_name_lands_on_the_existing_index(codeless, write_csv):
    import_files(codeless, [write_csv("new.csv", [QUOTES, ["", "沪深３００", "2024-12-27", "3981.03", ""]])])
    assert [i["name"] for i in codeless.indices()] == ["沪深300"]
    assert len(codeless.all_quotes()) == 2


def test_a_near_match_with_a_code_suggests_giving_the_existing_index_its_code(codeless, write_csv, snapshot):
    new = write_csv("new.csv", [QUOTES, ["000300.SH", "沪深300指数", "2024-12-27", "3981.03", "1.36%"]])
    (p,) = refused(codeless, [new], snapshot).problems
    assert p.incoming_code == "000300.SH" and p.existing_code is None
    assert "workbench index code 沪深300 000300.SH" in p.message


def test_confirmed_new_index_is_created(codeless, write_csv):
    new = write_csv("new.csv", [QUOTES, ["", "沪深300指数", "2024-12-27", "3981.03", "1.36%"]])
    import_files(codeless, [new], confirm_new_indices={"沪深300指数"})
    assert sorted(i["name"] for i in codeless.indices()) == ["沪深300", "沪深300指数"]


def test_a_near_match_mapped_to_the_existing_index_lands_there(codeless, write_csv):
    new = write_csv("new.csv", [QUOTES, ["", "沪深300指数", "2024-12-27", "3981.03", "1.36%"]])
    (idx,) = codeless.indices()
    import_files(codeless, [new], map_indices={"沪深300指数": idx["id"]})
    assert [(i["name"], i["code"]) for i in codeless.indices()] == [("沪深300", None)]
    assert [q["close"] for q in codeless.quotes(idx["id"])] == [3927.61, 3981.03]


def test_after_the_existing_index_gets_its_code_the_file_lands_on_it(codeless, write_csv):
    (idx,) = codeless.indices()
    assert codeless.set_index_code(idx["id"], "000300.sh") == "000300.SH"
    new = write_csv("new.csv", [QUOTES, ["000300.SH", "沪深300指数", "2024-12-27", "3981.03", "1.36%"]])
    import_files(codeless, [new])
    assert [(i["name"], i["code"]) for i in codeless.indices()] == [("沪深300", "000300.SH")]  # not renamed
    assert len(codeless.quotes(idx["id"])) == 2


def test_a_name_that_belongs_to_another_code_is_refused(store, write_csv, snapshot):
    import_files(store, [write_csv("a.csv", [QUOTES, ["000300.SH", "沪深300", "2024-12-20", "3927.61", ""]])])
    bad = write_csv("b.csv", [QUOTES, ["399300.SZ", "沪深300", "2024-12-27", "3981.03", ""]])
    (p,) = refused(store, [bad], snapshot).problems
    assert not isinstance(p, IndexNearMatch)
    assert p.row == 2 and "000300.SH" in p.message and "399300.SZ" in p.message


def test_two_new_near_matching_indices_in_one_import_stop_it(store, write_csv, snapshot):
    a = write_csv("a.csv", [QUOTES, ["", "中证500", "2024-12-27", "5800.1", ""]])
    b = write_csv("b.csv", [QUOTES, ["", "中证500指数", "2024-12-27", "5800.1", ""]])
    err = refused(store, [a, b], snapshot)
    (p,) = err.near_matches
    assert (p.file, p.incoming, p.existing, p.existing_id) == ("b.csv", "中证500指数", "中证500", None)


def test_different_indices_and_coded_indices_import_without_asking(store, write_csv):
    rows = [QUOTES, ["000300.SH", "沪深300", "2024-12-27", "3981.03", "1.36%"],
            ["000016.SH", "上证50", "2024-12-27", "2700.2", "0.5%"],
            ["000001.SH", "上证指数", "2024-12-27", "3400.14", "0.95%"],
            ["000905.SH", "中证500", "2024-12-27", "5800.1", ""]]
    import_files(store, [write_csv("q.csv", rows)])
    assert len(store.indices()) == 4


def test_conflicting_quotes_across_files_are_refused_naming_both(store, write_csv, snapshot):
    a = write_csv("a.csv", [QUOTES, ["000300.SH", "沪深300", "2024-12-27", "3981.03", "1.36%"]])
    b = write_csv("b.csv", [QUOTES, ["000300.SH", "沪深300", "2024-12-20", "3927.61", ""],
                            ["000300.SH", "沪深300", "2024-12-27", "3891.03", "1.36%"]])
    (p,) = refused(store, [a, b], snapshot).problems
    assert (p.file, p.row) == ("b.csv", 3)
    assert "a.csv 第 2 行" in p.message and "3981.03" in p.message and "3891.03" in p.message


def test_identical_quotes_across_files_are_fine(store, write_csv):
    a = write_csv("a.csv", [QUOTES, ["000300.SH", "沪深300", "2024-12-27", "3981.03", "1.36%"]])
    b = write_csv("b.csv", [QUOTES, ["000300.SH", "沪深300", "2024-12-27", "3981.03", "1.36%"]])
    import_files(store, [a, b])
    assert len(store.all_quotes()) == 1


# ------------------------------------------------------------------ store: codes and merges

def test_set_index_code_validates_and_keeps_codes_unique(codeless, store):
    (idx,) = codeless.indices()
    other = store.upsert_index("沪深300指数", "000300.SH")
    with pytest.raises(ValidationError) as err:
        store.set_index_code(idx["id"], "000300.SH")
    assert "沪深300指数" in str(err.value) and "merge" in str(err.value)
    with pytest.raises(ValidationError):
        store.set_index_code(idx["id"], "not a code!")
    with pytest.raises(NotFound):
        store.set_index_code(9999, "000905.SH")
    assert store.set_index_code(other, "") is None
    assert store.set_index_code(idx["id"], "000300.SH") == "000300.SH"


def test_merge_moves_quotes_and_keeps_the_benchmark(store):
    keep = store.upsert_index("沪深300", None)
    drop = store.upsert_index("沪深300指数", "000300.SH", "CSI 300 Index", is_benchmark=True)
    store.write_quotes([(keep, "2024-12-20", 3927.61, None, "Wind"), (drop, "2024-12-20", 3927.61, None, "Wind"),
                        (drop, "2024-12-27", 3981.03, 0.0136, "Wind")])
    assert store.merge_indices(keep, drop) == 1
    (idx,) = store.indices()
    assert (idx["id"], idx["name"], idx["code"], idx["name_en"], idx["is_benchmark"]) == (
        keep, "沪深300", "000300.SH", "CSI 300 Index", 1)
    assert [(q["date"], q["close"]) for q in store.quotes(keep)] == [("2024-12-20", 3927.61), ("2024-12-27", 3981.03)]


def test_merge_refuses_different_closes_on_the_same_date(store, snapshot):
    keep = store.upsert_index("沪深300", None)
    drop = store.upsert_index("沪深300指数", None)
    store.write_quotes([(keep, "2024-12-27", 3981.03, None, "Wind"), (drop, "2024-12-27", 3891.03, None, "Wind"),
                        (drop, "2024-12-20", 3927.61, None, "Wind")])
    before = snapshot(store)
    with pytest.raises(ValidationError) as err:
        store.merge_indices(keep, drop)
    assert "2024-12-27: 3981.03 / 3891.03" in str(err.value)
    assert snapshot(store) == before


def test_merge_refuses_itself_and_unknown_ids(store):
    keep = store.upsert_index("沪深300", None)
    with pytest.raises(ValidationError):
        store.merge_indices(keep, keep)
    with pytest.raises(NotFound):
        store.merge_indices(keep, 9999)


def test_every_demo_index_carries_its_code_where_one_is_known(demo_store):
    codes = {i["name"]: i["code"] for i in demo_store.indices()}
    assert codes == {"上证指数": "000001.SH", "深证成指": "399001.SZ", "创业板指": "399006.SZ", "沪深300": "000300.SH",
                     "中证人工智能指数": None, "申万电子": "801080.SI"}


# --------------------------------------------------------------------------- undoing a merge
def _state(path):
    """Indices (by uid) and quotes (by the index's uid) read straight from the SQLite file."""
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        indices = sorted(conn.execute("SELECT uid, code, name, name_en, is_benchmark, position, sample FROM indices"))
        quotes = sorted(conn.execute(
            "SELECT i.uid, q.date, q.close, q.change, q.source, q.src_row, q.src_close_col, q.src_change_col "
            "FROM quotes q JOIN indices i ON i.id = q.index_id"))
    finally:
        conn.close()
    return indices, quotes


@pytest.fixture
def twins(store):
    """沪深300 (code-less) and 沪深300指数 (coded, the benchmark): one date in common with the same
    values but another source, one date each of their own, one with a source cell."""
    keep = store.upsert_index("沪深300", None)
    drop = store.upsert_index("沪深300指数", "000300.SH", "CSI 300 Index", is_benchmark=True)
    store.write_quotes([(keep, "2024-12-13", 3933.18, -0.0096, "Wind"),
                        (keep, "2024-12-20", 3927.61, -0.0014, "Wind"),
                        (drop, "2024-12-20", 3927.61, -0.0014, "Choice"),
                        (drop, "2024-12-27", 3981.03, 0.0136, "Wind", 7, "收盘价", "涨跌幅")])
    return keep, drop


def test_a_merge_is_logged_with_the_removed_index_and_every_quote_it_held(store, twins):
    import json

    keep, drop = twins
    drop_uid = store.scalar("SELECT uid FROM indices WHERE id = ?", [drop])
    mark = store.last_seq()
    store.merge_indices(keep, drop)
    changes = store.changes_since(mark)
    assert {c["batch_id"] for c in changes} == {changes[0]["batch_id"]} and changes[0]["origin"] == "merge"
    removed = [c for c in changes if c["entity"] == "indices" and c["op"] == "delete"]
    assert [(c["key1"], json.loads(c["old"])["name"], json.loads(c["old"])["code"]) for c in removed] == [
        (drop_uid, "沪深300指数", "000300.SH")]
    deleted = sorted((c["key1"], c["key2"], c["key3"], c["old"], c["source"]) for c in changes
                     if c["entity"] == "quote" and c["op"] == "delete")
    assert deleted == [("000300.SH", "2024-12-20", "change", -0.0014, "Choice"),
                       ("000300.SH", "2024-12-20", "close", 3927.61, "Choice"),
                       ("000300.SH", "2024-12-27", "change", 0.0136, "Wind"),
                       ("000300.SH", "2024-12-27", "close", 3981.03, "Wind")]
    assert "沪深300指数" in changes[0]["note"] and "沪深300" in changes[0]["note"]
    assert [m["dropped"]["name"] for m in store.index_merges("000300.SH")] == ["沪深300指数"]


def test_unmerge_restores_the_index_and_exactly_its_quotes(store, twins):
    keep, drop = twins
    before = _state(store.path)
    store.merge_indices(keep, drop)
    store.write_quotes([(keep, "2025-01-03", 3775.16, -0.0517, "Wind")])  # a quote of the kept index's own
    [merge] = store.index_merges("沪深300指数")
    done = store.unmerge_indices(merge["batch_id"])
    assert (done["name"], done["moved"], done["copied"]) == ("沪深300指数", 1, 1)
    indices, quotes = _state(store.path)
    assert indices == before[0]  # code, English name and the benchmark flag went back to their owner
    keep_uid = store.scalar("SELECT uid FROM indices WHERE id = ?", [keep])
    assert quotes == sorted(before[1] + [(keep_uid, "2025-01-03", 3775.16, -0.0517, "Wind", None, None, None)])
    assert [b["name"] for b in [store.benchmark()]] == ["沪深300指数"]
    # the unmerge is itself logged: the quote moved back under the restored index's code
    back = [c for c in store.changes_since(0) if c["batch_id"] == store.scalar("SELECT max(id) FROM change_batches")]
    assert back[0]["origin"] == "undo" and ("000300.SH", "2024-12-27", "close", "insert") in [
        (c["key1"], c["key2"], c["key3"], c["op"]) for c in back]


def test_unmerge_refuses_when_a_moved_quote_changed_since(store, twins, snapshot):
    keep, drop = twins
    store.merge_indices(keep, drop)
    store.set_quote(keep, "2024-12-27", 3999.0, 0.0136)
    [merge] = store.index_merges("沪深300指数")
    before, dumped = _state(store.path), snapshot(store)
    with pytest.raises(ValidationError) as err:
        store.unmerge_indices(merge["batch_id"])
    assert "2024-12-27" in str(err.value) and "nothing was undone" in str(err.value)
    assert _state(store.path) == before and snapshot(store) == dumped
    store.set_quote(keep, "2024-12-27", None, None)  # deleted since: refused the same way
    with pytest.raises(ValidationError, match="2024-12-27"):
        store.unmerge_indices(merge["batch_id"])


def test_unmerge_refuses_a_name_taken_since_an_older_merge_twice_and_no_merge(store, twins):
    keep, drop = twins
    store.merge_indices(keep, drop)
    [first] = store.index_merges("沪深300指数")
    other = store.upsert_index("沪深300指数", None)  # an import made the name again
    before = _state(store.path)
    with pytest.raises(ValidationError, match="now belongs"):
        store.unmerge_indices(first["batch_id"])
    assert _state(store.path) == before
    store.merge_indices(keep, other)
    store.unmerge_indices(first["batch_id"])  # the name is free again
    drop = store.index("沪深300指数")["id"]
    store.merge_indices(keep, drop)  # the same index merged a second time
    before = _state(store.path)
    with pytest.raises(ValidationError, match="again later"):
        store.unmerge_indices(first["batch_id"])
    assert _state(store.path) == before
    newest = store.index_merges("沪深300指数")[0]["batch_id"]
    store.unmerge_indices(newest)
    with pytest.raises(ValidationError, match="already restored"):
        store.unmerge_indices(newest)
    with pytest.raises(NotFound):
        store.unmerge_indices(9999)


def test_the_merge_edit_reverts_and_reapplies(store, twins):
    from workbench.edits import MergeIndices, apply_edit, revert_edit

    keep, drop = twins
    before = _state(store.path)
    edit = MergeIndices(keep, drop)
    apply_edit(store, edit, origin="merge")
    assert edit.moved == 1 and len(store.indices()) == 1
    revert_edit(store, edit)
    assert _state(store.path) == before
    apply_edit(store, edit, origin="redo")  # the redo's batch is a merge too
    assert len(store.indices()) == 1
    revert_edit(store, edit)
    assert _state(store.path) == before
