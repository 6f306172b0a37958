"""A row with one stored company's ticker and another stored company's name (a ticker typed from
the row above) is asked about, never written to the ticker's company silently; an index code named
as another stored index the same. A rename the user means stays possible."""

from __future__ import annotations

import pytest

from workbench.imports import ImportQuestions, import_files
from workbench.imports.questions import NameOfAnotherCompany
from workbench.imports.indices import IndexNamedAsAnother

COMPANIES = ["ticker", "name", "segment"]
WIDE = ["ticker", "name", "segment", "营业收入(亿元)2023年报"]
LONG = ["ticker", "name", "period", "metric", "value"]
QUOTES = ["index_code", "index_name", "week_end", "close", "weekly_change"]
YI = 1e8


@pytest.fixture
def stored(store, write_csv):
    import_files(store, [write_csv("seed.csv", [WIDE, ["600584.SH", "长电科技", "封测", "296.6"],
                                                ["600745.SH", "闻泰科技", "消费电子 ODM", "612.1"]])],
                 as_of="2024-12-20")
    return store


def asked(store, paths, snapshot, **options) -> ImportQuestions:
    before = snapshot(store)
    for dry_run in (False, True):
        with pytest.raises(ImportQuestions) as info:
            import_files(store, paths, dry_run=dry_run, as_of="2024-12-27", **options)
        assert snapshot(store) == before
    return info.value


def test_a_wide_row_with_another_companys_name_is_asked_about(stored, write_csv, snapshot):
    typo = write_csv("ticker_typo.csv", [WIDE, ["600584.SH", "闻泰科技", "消费电子 ODM", "700.0"]])
    err = asked(stored, [typo], snapshot)
    (p,) = [p for p in err.problems if isinstance(p, NameOfAnotherCompany)]
    assert (p.file, p.row, p.column, p.value) == ("ticker_typo.csv", 2, "name", "闻泰科技")
    assert (p.ticker, p.name, p.stored_name, p.other, p.other_name) == (
        "600584.SH", "闻泰科技", "长电科技", "600745.SH", "闻泰科技")
    text = str(p)
    for part in ("600584.SH", "长电科技", "600745.SH", "闻泰科技", "--rename 600584.SH"):
        assert part in text, part
    assert err.names_of_other_companies == [p]
    assert stored.fact("600584.SH", "revenue", "2023A") == pytest.approx(296.6 * YI)


def test_a_long_row_is_checked_too(stored, write_csv, snapshot):
    typo = write_csv("typo_long.csv", [LONG, ["600584.SH", "闻泰科技", "2023A", "revenue", "61210000000"]])
    (p,) = asked(stored, [typo], snapshot).problems
    assert isinstance(p, NameOfAnotherCompany)
    assert (p.row, p.ticker, p.other) == (2, "600584.SH", "600745.SH")


def test_a_company_list_row_is_checked_too(stored, write_csv, snapshot):
    typo = write_csv("list.csv", [COMPANIES, ["600584.SH", "闻泰科技", "封测"]])
    (p,) = asked(stored, [typo], snapshot).problems
    assert isinstance(p, NameOfAnotherCompany)
    assert (p.file, p.row, p.ticker, p.other) == ("list.csv", 2, "600584.SH", "600745.SH")


@pytest.mark.parametrize("spelling", ["闻泰 科技", "闻泰科技 "])
def test_names_are_compared_as_spelt_alike(stored, write_csv, snapshot, spelling):
    typo = write_csv("typo.csv", [WIDE, ["600584.SH", spelling, "封测", "300.0"]])
    (p,) = asked(stored, [typo], snapshot).problems
    assert isinstance(p, NameOfAnotherCompany)


def test_the_companys_own_name_and_a_name_no_one_has_pass(stored, write_csv):
    ok = write_csv("ok.csv", [WIDE, ["600584.SH", "长电科技", "封测", "300.0"],
                              ["600745.SH", "闻泰", "消费电子 ODM", "613.0"]])
    report = import_files(stored, [ok], as_of="2024-12-27")
    assert report.facts.updated == 2


def test_a_meant_rename_goes_through_when_confirmed(stored, write_csv):
    listing = write_csv("list.csv", [COMPANIES, ["600584.SH", "闻泰科技", "封测"]])
    import_files(stored, [listing], renamed_companies=["600584.sh"])
    names = {c["ticker"]: c["name"] for c in stored.companies()}
    assert names == {"600584.SH": "闻泰科技", "600745.SH": "闻泰科技"}


def test_data_for_the_ticker_goes_through_when_confirmed(stored, write_csv):
    typo = write_csv("typo.csv", [WIDE, ["600584.SH", "闻泰科技", "封测", "300.0"]])
    import_files(stored, [typo], as_of="2024-12-27", renamed_companies=["600584.SH"])
    assert stored.fact("600584.SH", "revenue", "2023A") == pytest.approx(300.0 * YI)
    assert stored.fact("600745.SH", "revenue", "2023A") == pytest.approx(612.1 * YI)


# --------------------------------------------------------------------------- indices

@pytest.fixture
def indices(store, write_csv):
    import_files(store, [write_csv("q.csv", [QUOTES, ["000300.SH", "沪深300", "2024-12-20", "3927.61", "-0.001"],
                                             ["000001.SH", "上证指数", "2024-12-20", "3368.07", "-0.007"]])])
    return store


def _close(store, code, day):
    idx = next(i for i in store.indices() if i["code"] == code)
    return next((q["close"] for q in store.all_quotes() if q["index_id"] == idx["id"] and q["date"] == day), None)


def test_an_index_code_named_as_another_index_is_asked_about(indices, write_csv, snapshot):
    typo = write_csv("idx_typo.csv", [QUOTES, ["000300.SH", "上证指数", "2024-12-27", "3400.14", "0.0095"]])
    err = asked(indices, [typo], snapshot)
    (p,) = err.problems
    assert isinstance(p, IndexNamedAsAnother)
    assert (p.file, p.row, p.column, p.value) == ("idx_typo.csv", 2, "index_name", "上证指数")
    assert (p.code, p.name, p.stored_name, p.other_code, p.other_name) == (
        "000300.SH", "上证指数", "沪深300", "000001.SH", "上证指数")
    assert p.stored_id == next(i["id"] for i in indices.indices() if i["code"] == "000300.SH")
    text = str(p)
    for part in ("000300.SH", "沪深300", "000001.SH", "上证指数", "--same-index 上证指数=000300.SH"):
        assert part in text, part
    assert _close(indices, "000300.SH", "2024-12-27") is None


def test_an_index_code_with_its_own_name_or_an_alias_passes(indices, write_csv):
    ok = write_csv("ok.csv", [QUOTES, ["000300.SH", "沪深300指数", "2024-12-27", "3981.03", "0.0136"]])
    import_files(indices, [ok])
    assert _close(indices, "000300.SH", "2024-12-27") == pytest.approx(3981.03)


def test_the_quotes_go_to_the_code_when_the_user_says_so(indices, write_csv):
    typo = write_csv("idx_typo.csv", [QUOTES, ["000300.SH", "上证指数", "2024-12-27", "3400.14", "0.0095"]])
    hs300 = next(i["id"] for i in indices.indices() if i["code"] == "000300.SH")
    import_files(indices, [typo], map_indices={"上证指数": hs300})
    assert _close(indices, "000300.SH", "2024-12-27") == pytest.approx(3400.14)
    assert _close(indices, "000001.SH", "2024-12-27") is None
    assert {i["code"]: i["name"] for i in indices.indices()} == {"000300.SH": "沪深300", "000001.SH": "上证指数"}


def test_the_command_line_refuses_naming_the_file_row_column_and_both_names(stored, write_csv, snapshot, capsys):
    from workbench.cli import main

    typo = write_csv("ticker_typo.csv", [WIDE, ["600584.SH", "闻泰科技", "消费电子 ODM", "700.0"]])
    before = snapshot(stored)
    assert main(["import", str(typo), "--db", str(stored.path), "--as-of", "2024-12-27"]) == 1
    err = capsys.readouterr().err
    for part in ("ticker_typo.csv", "row 2", "“name”", "600584.SH", "长电科技", "600745.SH", "闻泰科技"):
        assert part in err, part
    assert "Traceback" not in err
    assert snapshot(stored) == before


def test_the_command_line_takes_the_rename_the_refusal_names(stored, write_csv, capsys):
    from workbench.cli import main

    typo = write_csv("ticker_typo.csv", [WIDE, ["600584.SH", "闻泰科技", "消费电子 ODM", "700.0"]])
    assert main(["import", str(typo), "--db", str(stored.path), "--as-of", "2024-12-27"]) == 1
    hint = capsys.readouterr().err
    assert "--rename 600584.SH" in hint
    stored.close()  # the command opens the file itself
    assert main(["import", str(typo), "--db", str(stored.path), "--as-of", "2024-12-27", "--rename", "600584.SH"]) == 0
    from workbench.store import Store

    with Store(stored.path) as again:
        assert again.fact("600584.SH", "revenue", "2023A") == pytest.approx(700.0 * YI)
        assert again.fact("600745.SH", "revenue", "2023A") == pytest.approx(612.1 * YI)
