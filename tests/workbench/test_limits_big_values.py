"""A whole-number fact value beyond SQLite's 64-bit integers (``10**22`` given through the Python API or
an edit record) is stored as the double the REAL column keeps for any large number, never an
OverflowError; one beyond what a double can hold is refused naming the fact, with nothing written.
Values no report can print stay refused by the edit records' plausibility check, as before."""

from __future__ import annotations

import pytest

from workbench.domain.metrics import format_value
from workbench.edits import SetFact, apply_edit, revert_edit
from workbench.errors import ValidationError
from workbench.store.store import FactColumns
from workbench.trace import trace_lines

T = "600000.SH"
BIG = 10**22  # exactly the double 1e22 (2**22 * 5**22, and 5**22 < 2**53)
ODD = 2**64 + 1  # no double holds it: the nearest is 2**64


@pytest.fixture
def company(store):
    store.upsert_companies([{"ticker": T, "name": "浦发银行"}])
    return store


def _stored(store, metric, period):
    return store.db.execute("SELECT value, typeof(value) FROM facts WHERE ticker = ? AND metric = ? AND period = ?",
                            [T, metric, period]).fetchone()


def test_write_facts_stores_a_whole_number_beyond_64_bits_as_a_double(company):
    counts = company.write_facts([(T, "ebitda", "2024A", BIG), (T, "ebitda", "2025E", -BIG),
                                  (T, "ebitda", "2026E", ODD), (T, "ebitda", "2027E", 7)],
                                 source="script", as_of="2024-12-31")
    assert counts.added == 4
    assert _stored(company, "ebitda", "2024A") == (1e22, "real")
    assert _stored(company, "ebitda", "2025E") == (-1e22, "real")
    # the double nearest the whole number, as SQLite's REAL column makes of any integer it is given
    assert _stored(company, "ebitda", "2026E") == (float(2**64), "real")
    assert _stored(company, "ebitda", "2027E") == (7.0, "real")
    # the same figure as given as a double: one value, whichever way it came
    company.write_facts([(T, "ebitda", "2024A", 1e22)], source="script", as_of="2024-12-31")
    assert company.history(T, "ebitda", "2024A")[-1]["op"] == "insert"  # no second step: unchanged


def test_write_facts_updates_an_existing_fact_to_a_whole_number_beyond_64_bits(company):
    company.write_facts([(T, "ebitda", "2024A", 1.5)], source="a.xlsx", as_of="2024-12-01")
    counts = company.write_facts([(T, "ebitda", "2024A", BIG)], source="b.xlsx", as_of="2024-12-31")
    assert counts.updated == 1
    assert _stored(company, "ebitda", "2024A") == (1e22, "real")
    last = company.history(T, "ebitda", "2024A")[-1]
    assert (last["op"], last["old"], last["new"]) == ("update", 1.5, 1e22)


def test_write_facts_in_columns_and_shared_takes_big_whole_numbers(company):
    periods = ["2024A", "2025E", "2026E"]
    company.write_facts(FactColumns([T] * 3, ["ebitda"] * 3, periods, [BIG, 2.5, -3 * BIG], source="cols"))
    assert [_stored(company, "ebitda", p) for p in periods] == [(1e22, "real"), (2.5, "real"), (-3e22, "real")]
    company.write_facts(FactColumns([T] * 3, ["ebit"] * 3, periods, BIG, source="one value"))
    assert [_stored(company, "ebit", p) for p in periods] == [(1e22, "real")] * 3


def test_a_whole_number_no_double_can_hold_is_refused_naming_the_fact(company):
    company.write_facts([(T, "ebitda", "2023A", 2.0)], source="a.xlsx")
    before = company.facts(), company.last_seq()
    for rows in ([(T, "ebitda", "2024A", 1.0), (T, "ebitda", "2025E", 10**400)],
                 [(T, "ebitda", "2023A", -(10**400))]):
        with pytest.raises(ValidationError) as err:
            company.write_facts(rows, source="b.xlsx")
        message = str(err.value)
        assert rows[-1][2] in message and "ebitda" in message and T in message
        assert "value" in message  # the field, named in the English gloss too
    with pytest.raises(ValidationError):
        company.write_facts(FactColumns([T], ["ebitda"], ["2026E"], [10**400]))
    with pytest.raises(ValidationError):
        company.set_fact(T, "ebitda", "2026E", 10**400)
    assert (company.facts(), company.last_seq()) == before


def test_set_fact_stores_a_big_whole_number_as_a_double(company):
    company.set_fact(T, "ebitda", "2024A", BIG)
    assert _stored(company, "ebitda", "2024A") == (1e22, "real")
    company.set_fact(T, "ebitda", "2024A", -BIG)
    assert _stored(company, "ebitda", "2024A") == (-1e22, "real")


def test_the_edit_record_takes_a_big_whole_number_and_undoes_and_redoes_it(company):
    """An edit record (the app's and a script's way of editing) of a figure with no plausible range."""
    company.set_fact(T, "ebitda", "2024A", 3.0)
    edit = SetFact(T, "ebitda", "2024A", BIG)
    apply_edit(company, edit)
    assert _stored(company, "ebitda", "2024A") == (1e22, "real")
    revert_edit(company, edit)
    assert _stored(company, "ebitda", "2024A") == (3.0, "real")
    apply_edit(company, edit)  # redo
    assert _stored(company, "ebitda", "2024A") == (1e22, "real")


def test_the_edit_record_refuses_an_implausible_or_unholdable_figure_as_before(company):
    company.set_fact(T, "revenue", "2024A", 3.0e10)
    before = company.facts()
    for value in (BIG, 1e22, 10**400, -(10**400)):
        with pytest.raises(ValidationError) as err:
            apply_edit(company, SetFact(T, "revenue", "2024A", value))
        assert "营业收入" in str(err.value)  # the field is named
    with pytest.raises(ValidationError) as err:
        apply_edit(company, SetFact(T, "ebitda", "2024A", 10**400))
    assert "ebitda" in str(err.value) and "2024A" in str(err.value)
    assert company.facts() == before


def test_trace_prints_a_big_figure_given_as_a_whole_number(company):
    company.set_fact(T, "revenue", "2024A", 3.0e10)
    company.write_facts([(T, "revenue", "2024A", BIG)], source="script.py", as_of="2024-12-31")
    lines = trace_lines(company, T, "revenue", "2024A")
    shown = format_value("amount", 1e22)
    assert shown == "100000000000000.0"  # 1e22 元 is 1e14 亿元
    assert lines[0].endswith(f"{shown} 亿元")
    assert lines[-1].endswith(f"{format_value('amount', 3.0e10)} -> {shown}")


def test_a_revenue_of_1e22_given_through_the_api_blocks_the_report(demo_store):
    """write_facts takes what a script gives it (as it takes 1e22 as a double); the report's
    preflight then blocks the figure, naming it, as it blocks any value no report can print."""
    from workbench.report import preflight

    issue = demo_store.issue("latest")
    assert not [f for f in preflight(demo_store, issue).blockers if f.code == "outlier"]
    demo_store.write_facts([("300493.SZ", "revenue", "2023A", BIG)], source="script.py", as_of="2024-12-27")
    assert demo_store.fact("300493.SZ", "revenue", "2023A") == 1e22
    [finding] = [f for f in preflight(demo_store, issue).blockers if f.code == "outlier"]
    assert "300493.SZ" in finding.message and "营业收入" in finding.message and "2023A" in finding.message
