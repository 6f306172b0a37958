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
                                           (" 沪深300指数 ", "沪深300指数"), ("ＣＳＩ３００", "CSI300")])
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
