"""The export's read-only store reader: the same answers as Store for every read the export makes,
the same PDF, nothing written, and a full Store whenever the file is not this release's store."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3

import pytest

from workbench.errors import NotFound
from workbench.report import export_pdf
from workbench.store import Store
from workbench.store.reader import MIGRATIONS, StoreReader, open_reader


def _both(path):
    store = Store(path)
    reader = open_reader(path)
    assert isinstance(reader, StoreReader)
    return store, reader


def _same(store, reader, name, *args):
    try:
        expected = getattr(store, name)(*args)
    except NotFound as exc:
        with pytest.raises(NotFound) as got:
            getattr(reader, name)(*args)
        assert str(got.value) == str(exc)
        return
    assert getattr(reader, name)(*args) == expected, (name, args)


@pytest.fixture
def final_demo(demo_path):
    """The demo store with its issue finalised (a frozen version with its PDF) and a second draft."""
    from workbench.drafting.lifecycle import change_status, copy_forward

    with Store(demo_path) as s:
        change_status(s, "latest", "review", by="t")
        change_status(s, "latest", "final", by="t")
        copy_forward(s, "latest", by="t")
    return demo_path


def test_the_reader_answers_every_export_read_as_the_store_does(final_demo):
    store, reader = _both(final_demo)
    with store, reader:
        companies = store.companies()
        tickers = [c["ticker"] for c in companies]
        segment = store.segments()[0]
        columns = sorted({(f["metric"], f["period"]) for f in store.facts()})[:12]
        indices = store.indices()
        issues = [i["id"] for i in store.issues()]
        assert len(issues) == 2 and len(companies) > 20 and columns and indices
        for args in [("house",), ("analysts",), ("segments",), ("companies",), ("companies", segment),
                     ("companies", "没有这个板块"), ("latest_as_of",), ("indices",), ("benchmark",), ("facts",),
                     ("facts", tickers[:3]), ("fact_matrix", columns), ("fact_matrix", columns, tickers[5:40]),
                     ("issue", "latest"), ("issue", "LATEST"), ("issue", 999), ("issue", "abc"), ("issue", 2 ** 70),
                     ("analyst", 1), ("analyst", 999), ("company", tickers[0]), ("company", "000001.SZ"),
                     ("find_company", tickers[1]), ("find_company", companies[2]["name"]),
                     ("find_company", "不存在的公司"), ("index", indices[0]["name"]), ("index", "没有的指数")]:
            _same(store, reader, *args)
        for i in issues:
            _same(store, reader, "issue", i)
            _same(store, reader, "versions", i)
            for v in store.versions(i):
                _same(store, reader, "version_pdf", i, v["version"])
        assert store.versions(issues[-1]) or store.versions(issues[0])  # one frozen version to compare
        for idx in indices:
            if idx["code"]:
                _same(store, reader, "index", idx["code"])
            _same(store, reader, "quotes", idx["id"])
            _same(store, reader, "quotes", idx["id"], "2024-12-01", "2024-12-31")
            _same(store, reader, "quote_on_or_before", idx["id"], "2024-12-20")
        for name in store.datasets():
            _same(store, reader, "dataset", name)
        _same(store, reader, "dataset", "没有的数据集")
        _same(store, reader, "scalar", "SELECT count(*) FROM facts WHERE value IS NOT NULL")


def test_the_reader_and_the_store_export_the_same_pdf(final_demo, tmp_path):
    with Store(final_demo) as store:
        draft = store.issues()[0]["id"]
        a = export_pdf(store, draft, tmp_path / "store.pdf")
    with open_reader(final_demo) as reader:
        b = export_pdf(reader, draft, tmp_path / "reader.pdf")
    assert a.sha256 == b.sha256 and a.pages == b.pages


def test_the_command_line_export_leaves_the_store_file_unchanged(demo_path, tmp_path):
    from workbench.cli import main

    before = hashlib.sha256(demo_path.read_bytes()).hexdigest()
    assert main(["export", "latest", "--db", str(demo_path), "-o", str(tmp_path / "out.pdf")]) == 0
    assert (tmp_path / "out.pdf").read_bytes().startswith(b"%PDF")
    assert hashlib.sha256(demo_path.read_bytes()).hexdigest() == before
    assert not (tmp_path / "out.pdf.tmp").exists()


def test_the_reader_refuses_to_write(demo_path):
    with open_reader(demo_path) as reader:
        with pytest.raises(sqlite3.OperationalError):
            reader.db.execute("DELETE FROM facts")
    with Store(demo_path) as store:
        assert store.scalar("SELECT count(*) FROM facts") > 0


def test_the_reader_knows_this_releases_schema_history():
    from workbench.store.schema import known_migrations

    assert set(known_migrations()) == MIGRATIONS, (
        "workbench/store/reader.py MIGRATIONS must list schema.py's migrations (a store of this release is "
        "otherwise exported through a full Store: correct, but slower)")


def _drop_migration(path, name):
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = ?", [name])
    conn.close()


def _add_migration(path, name):
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('workbench', ?, "
                     "'2030-01-01')", [name])
    conn.close()


def test_a_store_needing_an_upgrade_or_from_a_newer_release_gets_a_full_store(demo_path, tmp_path):
    old = tmp_path / "old.sqlite"
    shutil.copy(demo_path, old)
    _drop_migration(old, sorted(MIGRATIONS)[-1])
    assert open_reader(old) is None  # the Store upgrades it first
    newer = tmp_path / "newer.sqlite"
    shutil.copy(demo_path, newer)
    _add_migration(newer, "m999_from_the_future")
    assert open_reader(newer) is None  # the Store refuses it with its message
    from workbench.cli import main

    assert main(["export", "latest", "--db", str(newer), "-o", str(tmp_path / "n.pdf")]) == 1
    assert not (tmp_path / "n.pdf").exists()


def test_no_reader_for_a_missing_file_a_folder_or_another_programs_database(tmp_path):
    missing = tmp_path / "missing.sqlite"
    assert open_reader(missing) is None and not missing.exists()  # never created
    assert open_reader(tmp_path) is None
    other = tmp_path / "other.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    assert open_reader(other) is None
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not a database at all" * 100)
    assert open_reader(junk) is None


def test_the_reader_waits_as_long_as_the_store_does(monkeypatch):
    from workbench.store.access import busy_timeout_ms
    from workbench.store.reader import _busy_timeout_s

    for value in ("2500", "0", "nonsense", None):
        if value is None:
            monkeypatch.delenv("WORKBENCH_BUSY_TIMEOUT_MS", raising=False)
        else:
            monkeypatch.setenv("WORKBENCH_BUSY_TIMEOUT_MS", value)
        assert _busy_timeout_s() == busy_timeout_ms() / 1000, value


def test_the_reader_answers_the_first_screens_reads_as_the_store_does(final_demo):
    """The app's tables, charts and status bar read through the reader (``LazyStore``) until the
    full Store opens: every one of those reads gives the Store's answer."""
    from workbench.store.reader import READS

    with Store(final_demo) as s:  # a note, an imported setting and a removed fact to read back
        s.add_note("长电科技 先进封装 订单饱满", author="t", tickers=[s.companies()[0]["ticker"]], tags=["封装", "跟踪"])
        s.add_note("短", author="t", tags=["x"])
        s.set_setting("probe.key", "值")
        first = s.companies()[0]["ticker"]
        s.set_fact(first, "revenue", "2023A", None)
    store, reader = _both(final_demo)
    with store, reader:
        tickers = [c["ticker"] for c in store.companies()]
        columns = store.fact_columns()
        assert len(columns) > 5 and store.fact(first, "revenue", "2023A") is None
        calls = [("counts",), ("is_demo",), ("get_setting", "probe.key"), ("get_setting", "absent", "默认"),
                 ("get_setting", "absent"), ("fact_columns",), ("all_quotes",), ("datasets",),
                 ("issues",), ("has_company", tickers[0]), ("has_company", "999999.SH"),
                 ("fact", first, "revenue", "2023A"), ("fact_row", first, "revenue", "2023A"),
                 ("notes",)]
        for metric, period in columns:
            calls += [("fact_values", metric, period), ("fact", tickers[3], metric, period),
                      ("fact_row", tickers[3], metric, period)]
        for args in calls:
            _same(store, reader, *args)
        keyword = {"issues": [{"query": "半导体"}, {"query": "芯"}, {"status": "final"}, {"status": "draft"},
                              {"query": "不存在的词语", "status": "final"}],
                   "notes": [{"query": "先进封装"}, {"query": "短"}, {"ticker": first}, {"tag": "封装"},
                             {"start": "2000-01-01", "end": "2999-12-31"}, {"start": "2999-01-01"}]}
        for name, kwargs in keyword.items():
            for kw in kwargs:
                assert getattr(reader, name)(**kw) == getattr(store, name)(**kw), (name, kw)
        assert reader.issues(status="final") and reader.notes(query="先进封装") and reader.notes(tag="封装")
        for name in READS - {"fact_columns_sampled"}:  # every read the app takes from the reader is a Store read
            assert callable(getattr(store, name)) and callable(getattr(reader, name)), name


def test_a_sample_of_the_fact_columns_is_part_of_them(final_demo):
    with open_reader(final_demo) as reader:
        every = reader.fact_columns()
        assert reader.fact_columns_sampled(10**9) == every
        few = reader.fact_columns_sampled(3)
        assert 1 <= len(few) <= 3 and set(few) <= set(every)
        assert reader.fact_columns_sampled(0) == []


def test_the_preflight_s_and_the_chart_s_reads_answer_as_the_store_does(final_demo):
    """The reads the preflight's freshness checks, its theme check and the cover chart make: the
    reader gives the Store's answers, and those answers are the facts and quotes the file holds."""
    with Store(final_demo) as s:
        tickers = [c["ticker"] for c in s.companies()]
        first, empty = tickers[0], tickers[1]
        s.set_fact(first, "revenue", "2023A", 123.0, as_of="2030-01-02")  # a logged update with its date
        sector = s.index("申万电子")
        s.write_quotes([(sector["id"], "2030-01-03", 1.0, None, "probe.csv")])
    raw = sqlite3.connect(final_demo)  # the file as plain SQL sees it: the truth to check against
    with raw:  # a company whose facts are all missing
        assert raw.execute("UPDATE facts SET value = NULL WHERE ticker = ?", [empty]).rowcount > 0
    store, reader = _both(final_demo)
    with store, reader:
        for args in [("fact_dates", tickers[:5]), ("fact_dates", []), ("fact_dates", ["999999.SH"]),
                     ("fact_revisions", first, "revenue", "2023A"), ("fact_revisions", first, "pe", "1999A"),
                     ("fact_writes", tickers[:5], ["revenue", "revenue_yoy"]), ("fact_writes", tickers[:5], []),
                     ("fact_writes", [], ["revenue"]), ("fact_writes", ["999999.SH"], ["revenue"]),
                     ("has_fact_values", first), ("has_fact_values", empty), ("has_fact_values", "999999.SH")]:
            _same(store, reader, *args)
        for source in ("probe.csv", "示意数据", "none"):
            for span in (("2030-01-03", "2030-01-03"), ("2030-01-04", "2031-01-01"), ("2000-01-01", "2999-01-01")):
                _same(store, reader, "has_quotes_from", source, [sector["id"]], *span)
        assert sorted(reader.fact_dates(tickers[:5])) == sorted(raw.execute(
            "SELECT ticker, metric, period, value, as_of FROM facts WHERE ticker IN (?, ?, ?, ?, ?)",
            tickers[:5]).fetchall())
        assert len(reader.fact_dates(tickers)) == raw.execute("SELECT count(*) FROM facts").fetchone()[0]
        last = reader.fact_revisions(first, "revenue", "2023A")[-1]
        assert last[1] == 123.0 and last[2][:10] == "2030-01-02"
        # each fact's writes, oldest first, end at the value the file holds (the raw UPDATE included,
        # logged with no batch); the edit is the newest write of its fact, in its own batch
        writes = reader.fact_writes(tickers[:5], ["revenue", "revenue_yoy"])
        assert [w[3] for w in writes] == sorted(w[3] for w in writes) and len({w[3] for w in writes}) == len(writes)
        held = {(t, m, p): v for t, m, p, v in raw.execute(
            "SELECT ticker, metric, period, value FROM facts WHERE ticker IN (?, ?, ?, ?, ?) "
            "AND metric IN ('revenue', 'revenue_yoy')", tickers[:5])}
        newest = {(t, m, p): (seq, batch, new) for t, m, p, seq, batch, _op, _old, new in writes}
        assert set(newest) == set(held) and all(newest[k][2] == held[k] for k in held)
        edit = newest[(first, "revenue", "2023A")]
        assert edit[2] == 123.0 and raw.execute("SELECT origin FROM change_batches WHERE id = ?",
                                                [edit[1]]).fetchone() == ("edit",)
        emptied = [k for k in held if k[0] == empty]
        assert emptied and all(held[k] is None and newest[k][1] is None for k in emptied)
        assert reader.has_fact_values(first) and not reader.has_fact_values(empty)
        assert not reader.has_fact_values("999999.SH")
        assert reader.has_quotes_from("probe.csv", [sector["id"]], "2030-01-03", "2030-01-03")
        assert not reader.has_quotes_from("probe.csv", [sector["id"]], "2030-01-04", "2031-01-01")
        assert not reader.has_quotes_from("probe.csv", [store.benchmark()["id"]], "2000-01-01", "2999-01-01")
        assert not reader.has_quotes_from("probe.csv", [], "2000-01-01", "2999-01-01")
    raw.close()


# ---------------------------------------------------------------------- the Store's own reads of the change log
def test_an_index_s_quote_history_follows_it_through_a_change_of_code(demo_store):
    """A close written while the index had its old code is still the close's history under the new one
    (the trace and the review's sources read it), and no other index's entries come with it."""
    sector = demo_store.index("申万电子")
    old_code = sector["code"]
    demo_store.write_quotes([(sector["id"], "2030-01-03", 1.5, None, "probe.csv")])
    demo_store.set_index_code(sector["id"], "801081.SI")
    demo_store.write_quotes([(sector["id"], "2030-01-03", 2.5, None, "probe2.csv")])
    now = demo_store.index("801081.SI")
    keys = demo_store.index_log_keys(now)
    assert {old_code, "801081.SI", "申万电子", f"#{now['id']}"} <= set(keys)
    entries = demo_store.quote_history(now, "2030-01-03", "close")
    assert [(e["op"], e["old"], e["new"]) for e in entries] == [("insert", None, 1.5), ("update", 1.5, 2.5)]
    assert [e["source"] for e in entries] == ["probe.csv", "probe2.csv"]
    assert demo_store.quote_history(now, "2030-01-03", "change") == []
    assert demo_store.quote_history(demo_store.benchmark(), "2030-01-03", "close") == []


def test_a_merge_names_the_index_it_kept_as_it_is_now_else_as_its_note_did(demo_store):
    keep = demo_store.index("深证成指")
    drop = demo_store.upsert_index("深证成指旧", "399002.SZ")
    demo_store.write_quotes([(drop, "2024-11-01", 9000.0, None, "old.csv")])
    demo_store.merge_indices(keep["id"], drop)
    batch = demo_store.index_merges("深证成指旧")[0]["batch_id"]
    assert demo_store.merge_kept_name(batch) == "深证成指"
    demo_store.upsert_index("深证成份指数", keep["code"])  # renamed since: the log finds it by its code
    assert demo_store.merge_kept_name(batch) == "深证成份指数"
    demo_store.set_index_code(keep["id"], "399009.SZ")  # nothing in the log finds it now: the note's name
    assert demo_store.merge_kept_name(batch) == "深证成指"
    assert demo_store.merge_kept_name(batch + 1000) is None


def test_an_index_s_weekly_change_is_traced_as_the_review_reckons_it(demo_store):
    from workbench.trace import trace

    bench = demo_store.benchmark()
    closes = {q["date"]: q["close"] for q in demo_store.quotes(bench["id"], "2024-12-16", "2024-12-27")}
    change = closes["2024-12-27"] / closes["2024-12-20"] - 1  # this week's last close over last week's
    lines = trace(demo_store, bench["code"], "change", "2024-12-27")
    assert lines[0].endswith(f"{change * 100:+.2f}%") and "由收盘价计算" in lines[1]
