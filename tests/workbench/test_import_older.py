"""The as-of date of imported values: an older file never silently reverts a newer value, an
unchanged value re-imported with a newer date is confirmed (and says so), a future date is refused."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from workbench.errors import ImportFailed
from workbench.imports import ImportQuestions, OlderValue, import_files

WIDE = ["证券代码", "证券简称", "营业收入\n[报告期] 2024三季\n[单位] 亿元", "PE 2024E"]
REV = "营业收入 [报告期] 2024三季 [单位] 亿元"
YI = 1e8


def history(store, metric="revenue", period="2024Q1-Q3", ticker="002045.SZ"):
    return store.history(ticker, metric, period)


@pytest.fixture
def newer(store, write_csv):
    """A store holding this week's figures (as of 2025-01-03): revenue 58.3 亿, PE 20.0."""
    import_files(store, [write_csv("wind_20250103.csv", [WIDE, ["002045.SZ", "国光电器", "58.3", "20.0"]])],
                 as_of="2025-01-03")
    return store


def test_an_older_file_that_would_change_a_value_is_refused_naming_both(newer, write_csv, snapshot):
    old = write_csv("wind_20241227.csv", [WIDE, ["002045.SZ", "国光电器", "57.0", "20.0"]])
    before = snapshot(newer)
    for dry_run in (False, True):
        with pytest.raises(ImportQuestions) as info:
            import_files(newer, [old], as_of="2024-12-27", dry_run=dry_run)
        assert snapshot(newer) == before
    (p,) = info.value.older_values  # the PE is the same value: nothing to ask about it
    assert isinstance(p, OlderValue)
    assert (p.file, p.row, p.column) == ("wind_20241227.csv", 2, REV)
    assert (p.ticker, p.metric, p.period) == ("002045.SZ", "revenue", "2024Q1-Q3")
    assert (p.stored, p.stored_as_of, p.incoming, p.incoming_as_of) == (58.3 * YI, "2025-01-03", 57.0 * YI,
                                                                        "2024-12-27")
    text = str(p)
    for part in ("wind_20241227.csv", "第 2 行", REV, "58.3 亿元", "57 亿元", "2025-01-03", "2024-12-27", "--older"):
        assert part in text, part
    assert newer.fact("002045.SZ", "revenue", "2024Q1-Q3") == 58.3 * YI


def test_an_older_file_applied_deliberately_is_written_and_logged(newer, write_csv):
    old = write_csv("wind_20241227.csv", [WIDE, ["002045.SZ", "国光电器", "57.0", "20.0"]])
    report = import_files(newer, [old], as_of="2024-12-27", allow_older=True)
    assert (report.facts.updated, report.facts.unchanged) == (1, 1)
    row = newer.fact_row("002045.SZ", "revenue", "2024Q1-Q3")
    assert (row["value"], row["as_of"]) == (57.0 * YI, "2024-12-27")
    last = history(newer)[-1]
    assert (last["op"], last["old"], last["new"], last["file"], last["as_of"]) == (
        "update", 58.3 * YI, 57.0 * YI, "wind_20241227.csv", "2024-12-27")
    # the unchanged PE keeps its newer date: an older file confirms nothing
    assert newer.fact_row("002045.SZ", "pe", "2024E")["as_of"] == "2025-01-03"


def test_older_values_that_are_new_or_equal_or_undated_pass(newer, write_csv):
    rows = [WIDE, ["002045.SZ", "国光电器", "58.3", "20.0"], ["300493.SZ", "润欣科技", "12.5", "40.0"]]
    report = import_files(newer, [write_csv("old.csv", rows)], as_of="2024-12-27")
    assert (report.facts.added, report.facts.updated, report.facts.unchanged) == (2, 0, 2)
    assert newer.fact_row("002045.SZ", "revenue", "2024Q1-Q3")["as_of"] == "2025-01-03"


def test_the_same_date_with_another_value_is_a_plain_revision(newer, write_csv):
    fix = write_csv("fix.csv", [WIDE, ["002045.SZ", "国光电器", "58.4", "20.0"]])
    report = import_files(newer, [fix], as_of="2025-01-03")
    assert report.facts.updated == 1 and newer.fact("002045.SZ", "revenue", "2024Q1-Q3") == 58.4 * YI


def test_an_unchanged_value_reimported_with_a_newer_date_is_confirmed(store, write_csv):
    first = write_csv("w1.csv", [WIDE, ["002045.SZ", "国光电器", "57.0", "20.0"]])
    import_files(store, [first], as_of="2024-12-27")
    # the next week's file: the same figures, in other cells
    second = write_csv("w2.csv", [["证券代码", "证券简称", "PE 2024E", WIDE[2]], ["300493.SZ", "润欣科技", "40.0", "12.5"],
                                  ["002045.SZ", "国光电器", "20.0", "57.0"]])
    report = import_files(store, [second], as_of="2025-01-03")
    assert (report.facts.added, report.facts.updated, report.facts.unchanged) == (2, 0, 2)
    assert report.facts.confirmed == 2
    assert "确认 confirmed 2" in report.summary()
    row = store.fact_row("002045.SZ", "revenue", "2024Q1-Q3")
    assert row["value"] == 57.0 * YI and row["as_of"] == "2025-01-03"
    assert row["source"].endswith("w1.csv")  # who first gave the value is kept
    assert store.latest_as_of() == "2025-01-03"
    entries = history(store)
    assert [(e["op"], e["file"], e["row"], e["col"], e["as_of"], e["old"], e["new"]) for e in entries] == [
        ("insert", "w1.csv", 2, REV, "2024-12-27", None, 57.0 * YI),
        ("update", "w2.csv", 3, REV, "2025-01-03", 57.0 * YI, 57.0 * YI)]
    # the change log stays honest: the confirmation is a logged change, nothing reads as written outside
    assert store.unlogged_facts() == [] and store.externally_changed_facts() == []
    confirm = [c for c in store.changes_since(0) if c["key1"] == "002045.SZ" and c["key2"] == "revenue"][-1]
    assert (confirm["op"], confirm["file"], confirm["as_of"]) == ("update", "w2.csv", "2025-01-03")


def test_a_value_reimported_with_the_same_or_an_older_date_logs_nothing(store, write_csv):
    path = write_csv("w1.csv", [WIDE, ["002045.SZ", "国光电器", "57.0", "20.0"]])
    import_files(store, [path], as_of="2025-01-03")
    seq = store.last_seq()
    for as_of in ("2025-01-03", "2024-12-27"):
        report = import_files(store, [path], as_of=as_of)
        assert report.facts.confirmed == 0 and report.facts.unchanged == 2
    assert [c for c in store.changes_since(seq) if c["entity"] == "fact"] == []
    assert store.fact_row("002045.SZ", "revenue", "2024Q1-Q3")["as_of"] == "2025-01-03"


def test_a_confirmation_in_a_dry_run_is_counted_not_written(store, write_csv):
    path = write_csv("w1.csv", [WIDE, ["002045.SZ", "国光电器", "57.0", "20.0"]])
    import_files(store, [path], as_of="2024-12-27")
    report = import_files(store, [path], as_of="2025-01-03", dry_run=True)
    assert report.facts.confirmed == 2
    assert store.fact_row("002045.SZ", "revenue", "2024Q1-Q3")["as_of"] == "2024-12-27"


def test_a_future_as_of_date_is_refused(store, write_csv, snapshot):
    path = write_csv("w.csv", [WIDE, ["002045.SZ", "国光电器", "57.0", "20.0"]])
    before = snapshot(store)
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    for as_of in ("2030-01-01", tomorrow):
        with pytest.raises(ImportFailed) as info:
            import_files(store, [path], as_of=as_of)
        assert as_of in str(info.value) and "future" in str(info.value)
        assert snapshot(store) == before
    today = date.today().isoformat()
    import_files(store, [path], as_of=today)
    assert store.fact_row("002045.SZ", "revenue", "2024Q1-Q3")["as_of"] == today


def test_a_future_date_found_in_the_file_is_refused_naming_the_file(store, write_csv, snapshot):
    path = write_csv("w.csv", [["数据截至 2030-01-01"], WIDE, ["002045.SZ", "国光电器", "57.0", "20.0"]])
    before = snapshot(store)
    with pytest.raises(ImportFailed) as info:
        import_files(store, [path])
    assert snapshot(store) == before
    (p,) = info.value.problems
    assert p.file == "w.csv" and "2030-01-01" in str(p) and "--as-of" in str(p)


def test_older_values_past_the_problem_cap_are_still_a_question_and_counted(store, write_csv):
    from workbench.imports.layouts import MAX_PROBLEMS

    n = MAX_PROBLEMS + 20
    rows = [["证券代码", "证券简称", WIDE[2]]] + [[f"6{i:05d}.SH", f"公司{i}", "10.0"] for i in range(n)]
    import_files(store, [write_csv("new.csv", rows)], as_of="2025-01-03")
    older = [rows[0]] + [[t, name, "9.0"] for t, name, _ in rows[1:]]
    with pytest.raises(ImportQuestions) as info:
        import_files(store, [write_csv("old.csv", older)], as_of="2024-12-27")
    assert len(info.value.older_values) == MAX_PROBLEMS
    assert info.value.older_count == n
    assert f"{n - MAX_PROBLEMS}" in str(info.value.problems[-1])  # the rest are counted, not listed


def test_trace_calls_a_confirmation_a_confirmation_not_a_change(store, write_csv):
    from workbench.trace import trace_lines

    import_files(store, [write_csv("w1.csv", [WIDE, ["002045.SZ", "国光电器", "57.0", "20.0"]])], as_of="2024-12-27")
    import_files(store, [write_csv("w2.csv", [WIDE, ["002045.SZ", "国光电器", "57.0", "20.0"]])], as_of="2025-01-03")
    lines = trace_lines(store, "002045.SZ", "revenue", "2024Q1-Q3")
    confirm = [line for line in lines if "w2.csv" in line]
    assert len(confirm) == 1 and "确认 confirmed" in confirm[0] and "值未变 unchanged" in confirm[0]
    assert "->" not in confirm[0] and "2025-01-03" in confirm[0]
    assert any("w1.csv" in line and "->" in line for line in lines)  # the first import stays a change
