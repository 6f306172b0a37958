"""A new company named like a stored one (a mistyped ticker, or a second listing such as A+H) is
asked about, never created silently."""

from __future__ import annotations

import pytest

from workbench.imports import ImportQuestions, SameNameCompany, import_files

WIDE = ["证券代码", "证券简称", "营业收入\n[报告期] 2024三季\n[单位] 亿元"]
COMPANIES = ["证券代码", "证券简称", "细分领域"]
YI = 1e8


@pytest.fixture
def stored(store, write_csv):
    import_files(store, [write_csv("seed.csv", [WIDE, ["002045.SZ", "国光电器", "57.0"],
                                                ["000100.SZ", "TCL科技", "1200.0"]])], as_of="2024-12-27")
    return store


def asked(store, paths, snapshot, **options) -> ImportQuestions:
    before = snapshot(store)
    for dry_run in (False, True):
        with pytest.raises(ImportQuestions) as info:
            import_files(store, paths, dry_run=dry_run, **options)
        assert snapshot(store) == before
    return info.value


def test_a_mistyped_ticker_is_asked_about_and_nothing_is_written(stored, write_csv, snapshot):
    typo = write_csv("typo.csv", [WIDE, ["002046.SZ", "国光电器", "58.3"]])
    err = asked(stored, [typo], snapshot)
    (p,) = err.same_name_companies
    assert isinstance(p, SameNameCompany)
    assert (p.file, p.row, p.column) == ("typo.csv", 2, "证券代码")
    assert (p.incoming, p.name, p.existing, p.existing_name) == ("002046.SZ", "国光电器", "002045.SZ", "国光电器")
    text = str(p)
    for part in ("002046.SZ", "002045.SZ", "国光电器", "--new-company 002046.SZ", "A+H"):
        assert part in text, part
    assert stored.fact("002045.SZ", "revenue", "2024Q1-Q3") == 57.0 * YI


@pytest.mark.parametrize("spelling", ["ＴＣＬ科技", "TCL 科技", " TCL科技 ", "tcl科技"])
def test_names_are_compared_as_index_names_are_full_and_half_width_and_spaces(stored, write_csv, snapshot,
                                                                              spelling):
    other = write_csv("other.csv", [WIDE, ["000101.SZ", spelling, "1.0"]])
    (p,) = asked(stored, [other], snapshot).same_name_companies
    assert (p.incoming, p.existing) == ("000101.SZ", "000100.SZ")


def test_a_second_listing_is_created_once_confirmed(stored, write_csv):
    h = write_csv("h.csv", [WIDE, ["002046.SZ", "国光电器", "58.3"]])
    report = import_files(stored, [h], new_companies=["002046.sz"])
    assert report.companies.added == 1
    assert sorted(c["ticker"] for c in stored.companies() if c["name"] == "国光电器") == ["002045.SZ", "002046.SZ"]


def test_two_new_companies_of_one_import_with_one_name_are_asked_about(store, write_csv, snapshot):
    both = write_csv("both.csv", [WIDE, ["002045.SZ", "国光电器", "57.0"], ["002046.SZ", "国光电器", "58.3"]])
    (p,) = asked(store, [both], snapshot).same_name_companies
    assert (p.row, p.incoming, p.existing) == (3, "002046.SZ", "002045.SZ")


def test_a_company_list_is_checked_too(stored, write_csv, snapshot):
    listing = write_csv("list.csv", [COMPANIES, ["002046.SZ", "国光电器", "消费电子"]])
    (p,) = asked(stored, [listing], snapshot).same_name_companies
    assert (p.file, p.incoming, p.existing) == ("list.csv", "002046.SZ", "002045.SZ")


def test_known_tickers_and_different_names_pass(stored, write_csv):
    ok = write_csv("ok.csv", [WIDE, ["002045.SZ", "国光电器", "58.3"], ["002047.SZ", "宝鹰股份", "3.0"]])
    report = import_files(stored, [ok], as_of="2025-01-03")
    assert report.companies.added == 1 and report.facts.updated == 1
