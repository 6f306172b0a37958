"""A change pulled from the desk keeps the time it was made where it was made, with its maker and
file: another workstation's history and trace show that time (the pull's own time only as the
sync's), and the desk's value taken over this workstation's in a conflict is credited to its
writer, file and sheet like any pulled fact. Against a real PostgreSQL desk."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import psycopg  # noqa: F401  (a dependency: never skipped)
import pytest

from desk_testing import long_workbook, trace_output
from workbench.cli import main
from workbench.desk.sync import sync
from workbench.domain.times import local_time
from workbench.store import store as store_module
from workbench.trace import trace_lines

T = "688608.SH"  # 恒玄科技 in the demo store
# when the import is made on the first workstation: twenty minutes ago, in another zone (a clock set
# back by days would make the store's batches run backwards, which verify names as changed outside)
MADE = (datetime.now(timezone.utc) - timedelta(minutes=20)).astimezone(timezone(timedelta(hours=8))).isoformat(
    timespec="seconds")


@pytest.fixture
def made_at(monkeypatch):
    """The store's clock stopped at a past moment while a change is made, then running again."""
    def run(fn):
        monkeypatch.setattr(store_module, "now_iso", lambda: MADE)
        try:
            return fn()
        finally:
            monkeypatch.undo()
    return run


def _when(text: str) -> datetime:
    """An ISO time, or a local time as trace prints it (no offset: this workstation's zone)."""
    when = datetime.fromisoformat(text)
    return when if when.tzinfo is not None else when.astimezone()


def test_a_pulled_import_is_dated_when_it_was_made_not_when_it_was_pulled(pair, tmp_path, capsys, made_at):
    desk, (a, ca), (b, cb) = pair
    book = long_workbook(tmp_path / "weekly.xlsx", [[T, "恒玄科技", "2031E", "revenue", 9000000000]])
    made_at(lambda: main(["import", str(book), "--db", str(a.path), "--as-of", "2025-01-03"]))
    made = a.history(T, "revenue", "2031E")[-1]
    assert made["at"] == MADE and made["origin"] == "import"
    sync(a, ca)
    before = datetime.now().astimezone().replace(microsecond=0)
    assert sync(b, cb).pulled == 1
    after = datetime.now().astimezone()
    pulled = b.history(T, "revenue", "2031E")[-1]
    assert pulled["origin"] == "sync" and pulled["new"] == 9e9
    assert _when(pulled["at"]) == _when(MADE)  # the time it was made on the first workstation
    assert (pulled["by"], pulled["file"], pulled["sheet"]) == (ca.user, "weekly.xlsx", "盈利预测")
    line = trace_output(capsys, b.path, T, "revenue", "2031E")[-1]
    assert line.strip().startswith(local_time(MADE)), line
    assert "weekly.xlsx" in line and f" {ca.user} " in line
    # the pull's own time is shown as the sync's, and is the time the sync ran
    assert "同步于 synced " in line, line
    synced = _when(line.split("同步于 synced ", 1)[1].split(")", 1)[0])
    assert before <= synced <= after


def test_a_later_local_change_still_follows_the_pulled_one(pair, tmp_path, made_at):
    """The history keeps the order the values were taken in (old -> new chains), whatever the times say."""
    desk, (a, ca), (b, cb) = pair
    book = long_workbook(tmp_path / "weekly.xlsx", [[T, "恒玄科技", "2031E", "revenue", 9000000000]])
    made_at(lambda: main(["import", str(book), "--db", str(a.path), "--as-of", "2025-01-03"]))
    sync(a, ca)
    sync(b, cb)
    b.set_fact(T, "revenue", "2031E", 8e9)
    history = b.history(T, "revenue", "2031E")
    assert [(h["origin"], h["old"], h["new"]) for h in history[-2:]] == [("sync", None, 9e9), ("edit", 9e9, 8e9)]
    lines = trace_lines(b, T, "revenue", "2031E")
    assert lines[-2].strip().startswith(local_time(MADE)) and "手工修改 edit" in lines[-1]


def test_the_desks_value_taken_over_mine_names_its_file_sheet_and_time(pair, tmp_path, capsys, made_at):
    desk, (a, ca), (b, cb) = pair
    book = long_workbook(tmp_path / "a_weekly.xlsx", [[T, "恒玄科技", "2023A", "revenue", 2234000000]])
    made_at(lambda: main(["import", str(book), "--db", str(a.path), "--as-of", "2025-01-03"]))
    b.set_fact(T, "revenue", "2023A", 2.5e9)
    sync(a, ca)
    assert sync(b, cb).conflicts == 1
    assert b.fact(T, "revenue", "2023A") == 2234000000  # the desk's value stays
    last = b.history(T, "revenue", "2023A")[-1]
    assert (last["origin"], last["by"], last["new"]) == ("sync", ca.user, 2234000000)
    assert (last["file"], last["sheet"]) == ("a_weekly.xlsx", "盈利预测")
    assert _when(last["at"]) == _when(MADE)
    line = trace_output(capsys, b.path, T, "revenue", "2023A")[-1]
    assert "文件 file a_weekly.xlsx" in line and "工作表 sheet 盈利预测" in line and f" {ca.user} " in line, line


def test_a_value_settled_for_theirs_on_the_other_side_keeps_its_file(pair, tmp_path, made_at):
    """The conflict seen from the workstation whose push came second, after the first pulls the
    second's merge: every value either store holds is credited to the import it came from."""
    desk, (a, ca), (b, cb) = pair
    book_a = long_workbook(tmp_path / "a_weekly.xlsx", [[T, "恒玄科技", "2023A", "revenue", 2234000000]])
    book_b = long_workbook(tmp_path / "b_weekly.xlsx", [[T, "恒玄科技", "2023A", "revenue", 2500000000]])
    made_at(lambda: main(["import", str(book_a), "--db", str(a.path), "--as-of", "2025-01-03"]))
    assert main(["import", str(book_b), "--db", str(b.path), "--as-of", "2025-01-03"]) == 0
    sync(b, cb)
    sync(a, ca)  # a's import meets b's on the desk: b's stays, a's is a conflict
    a_last = a.history(T, "revenue", "2023A")[-1]
    assert (a_last["new"], a_last["file"], a_last["by"]) == (2500000000, "b_weekly.xlsx", cb.user)


def test_a_batch_dated_elsewhere_needs_a_time_with_its_offset(tmp_path):
    from workbench.errors import ValidationError
    from workbench.store import Store

    store = Store(tmp_path / "s.sqlite")
    try:
        store.upsert_companies([{"ticker": T, "name": "恒玄科技"}])
        before = store.last_seq()
        for bad in ("yesterday", "2025-01-03T10:00:00"):  # no time, no offset
            with pytest.raises(ValidationError, match="ISO 8601"):
                with store.batch("sync", by="x", at=bad):
                    store.set_fact(T, "revenue", "2031E", 1.0)
        assert store.last_seq() == before and store.fact(T, "revenue", "2031E") is None
        with store.batch("sync", by="x", at=MADE):
            store.set_fact(T, "revenue", "2031E", 1.0)
        [h] = store.history(T, "revenue", "2031E")
        assert h["at"] == MADE and h["by"] == "x"
        assert _when(store_module.synced_at(h["note"])) >= _when(MADE)
    finally:
        store.close()


QUOTES = ("代码,名称,日期,收盘价,涨跌幅(%)\n"
          "000300.SH,沪深300,2025-01-02,3820.00,-4.04\n"
          "000300.SH,沪深300,2025-01-03,3775.16,-5.17\n")


def test_pulled_quotes_and_companies_name_the_import_they_came_from(pair, tmp_path, capsys, made_at):
    desk, (a, ca), (b, cb) = pair
    src = tmp_path / "ifind_quotes_20250103.csv"
    src.write_text(QUOTES, encoding="gbk")
    made_at(lambda: main(["import", str(src), "--db", str(a.path), "--as-of", "2025-01-03"]))
    book = long_workbook(tmp_path / "weekly.xlsx", [["301999.SZ", "新公司", "2024A", "revenue", 1000000000]])
    made_at(lambda: main(["import", str(book), "--db", str(a.path), "--as-of", "2025-01-03"]))
    sync(a, ca)
    sync(b, cb)
    line = trace_output(capsys, b.path, "000300.SH", "close", "2025-01-03")[-1]
    assert line.strip().startswith(local_time(MADE)) and "同步 sync" in line, line
    assert "文件 file ifind_quotes_20250103.csv" in line and f" {ca.user} " in line, line
    [company] = b.rows("SELECT b.at, b.by, b.file FROM change_log l JOIN change_batches b ON b.id = l.batch_id "
                       "WHERE l.entity = 'company' AND l.key1 = '301999.SZ' AND l.key2 = 'name'")
    assert company == {"at": MADE, "by": ca.user, "file": "weekly.xlsx"}
    assert b.fact("301999.SZ", "revenue", "2024A") == 1e9


def test_a_pulled_deletion_is_dated_when_it_was_made(pair, made_at):
    desk, (a, ca), (b, cb) = pair
    assert b.fact(T, "revenue", "2023A") is not None
    made_at(lambda: a.set_fact(T, "revenue", "2023A", None))
    sync(a, ca)
    sync(b, cb)
    assert b.fact(T, "revenue", "2023A") is None
    last = b.history(T, "revenue", "2023A")[-1]
    assert (last["op"], last["origin"], last["by"]) == ("delete", "sync", ca.user)
    assert _when(last["at"]) == _when(MADE)


def test_facts_of_several_imports_pulled_together_keep_each_its_own_import(pair, capsys):
    """The new facts of several write operations go into the store in one pass: each is still
    logged under the operation it came from (its time, maker and file), beside the facts that
    operation changed, and the store's log accounts for every value (verify passes)."""
    desk, (a, ca), (b, cb) = pair
    rows = {"one.xlsx": [(T, "revenue", "2031E", 9e9), (T, "revenue", "2033E", 9.3e9),
                         (T, "revenue", "2023A", 2.3e9)],  # (one the stores hold: an update)
            "two.xlsx": [(T, "revenue", "2032E", 9.2e9), (T, "revenue", "2034E", 9.4e9),
                         (T, "net_profit", "2023A", 1.8e8)]}
    made = {}
    for name in rows:  # two write operations, each from its own file
        with a.batch("edit", file=name, sheet="盈利预测"):
            a.write_facts(rows[name], source=name, as_of="2025-01-03")
        made[name] = a.history(*rows[name][0][:3])[-1]["at"]
    sync(a, ca)
    assert sync(b, cb).pulled == 6
    for name, at in made.items():
        for _, metric, period, value in rows[name]:
            last = b.history(T, metric, period)[-1]
            assert (last["origin"], last["new"], last["file"], last["by"]) == ("sync", value, name, ca.user), last
            assert _when(last["at"]) == _when(at)
    lines = trace_output(capsys, b.path, T, "revenue", "2032E")
    assert "two.xlsx" in lines[-1] and f" {ca.user} " in lines[-1] and "同步于 synced " in lines[-1], lines[-1]
    capsys.readouterr()
    assert main(["verify", "--db", str(b.path)]) == 0, capsys.readouterr().out
    b.set_fact(T, "revenue", "2031E", 8e9)  # a later local change follows the pulled one
    assert [(h["origin"], h["old"], h["new"]) for h in b.history(T, "revenue", "2031E")[-2:]] == \
        [("sync", None, 9e9), ("edit", 9e9, 8e9)]


def test_a_whole_number_beyond_64_bits_pulled_with_another_imports_facts_is_stored_as_its_double(pair):
    """The facts of several write operations pulled together take the same care as one's: a double
    of 2**63 or more, which the desk's JSON writes as a whole number, is stored as that double."""
    desk, (a, ca), (b, cb) = pair
    # (a figure b holds already, of a metric with no plausible range of its own: a revenue of 2**63 元
    # is one the desk refuses)
    a.write_facts([(T, "huge", "2023A", 1.5)], source="zero.py", origin="import")
    sync(a, ca), sync(b, cb)
    assert b.fact(T, "huge", "2023A") == 1.5
    with a.batch("edit", file="one.py"):
        a.write_facts([(T, "huge", "2040A", 10**22)], source="one.py")
    with a.batch("edit", file="two.py"):
        a.write_facts([(T, "huge", "2041A", 2.5), (T, "huge", "2023A", 2.0**63)], source="two.py")
    sync(a, ca)
    result = sync(b, cb)
    assert (result.pulled, result.refused) == (3, 0)
    assert [b.fact(T, "huge", "2040A"), b.fact(T, "huge", "2041A"), b.fact(T, "huge", "2023A")] == \
        [1e22, 2.5, 2.0**63]
    assert [h["file"] for h in (b.history(T, "huge", "2040A")[-1], b.history(T, "huge", "2041A")[-1])] == \
        ["one.py", "two.py"]
