"""Smaller careless-file cases: error cells in a CSV, a figure column without a header, a future
modification time, contradictory or implausible index answers, files that are no regular file."""

from __future__ import annotations

import os
import threading
import time

import pytest

from workbench.errors import ImportFailed
from workbench.imports import import_files, preview

WIDE = "证券代码,证券简称,营业收入(亿元)2023年报,归母净利润(亿元)2023年报"


def test_csv_error_cells_are_counted_and_named_as_for_xlsx(demo_store, write_text):
    path = write_text("err.csv", WIDE, "300493.SZ,润欣科技,#DIV/0!,N/A", "688018.SH,乐鑫科技,#N/A,#VALUE!")
    result = import_files(demo_store, [path], as_of="2024-12-29")
    (w,) = [w for w in result.files[0].warnings if "按缺失处理" in w]
    assert "4 个错误值" in w
    for cell, text in (("C2", "#DIV/0!"), ("D2", "N/A"), ("C3", "#N/A"), ("D3", "#VALUE!")):
        assert cell in w and text in w


def test_a_figure_column_without_a_header_is_listed_as_ignored(demo_store, write_text):
    path = write_text("h.csv", "证券代码,证券简称,营业收入(亿元)2023年报,", "300493.SZ,润欣科技,21.7,0.41")
    result = import_files(demo_store, [path], as_of="2024-12-29")
    (w,) = [w for w in result.files[0].warnings if w.startswith("忽略的列")]
    assert "D 列" in w
    assert any(w.startswith("忽略的列") and "D 列" in w for w in preview(path, as_of="2024-12-29").warnings)


def test_an_empty_column_without_a_header_is_not_listed(demo_store, write_text):
    path = write_text("h.csv", "证券代码,证券简称,营业收入(亿元)2023年报,", "300493.SZ,润欣科技,21.7,")
    result = import_files(demo_store, [path], as_of="2024-12-29")
    assert not [w for w in result.files[0].warnings if w.startswith("忽略的列")]


def test_a_future_modification_time_is_not_called_a_date_found_in_the_file(demo_store, write_text):
    path = write_text("f.csv", "证券代码,证券简称,营业收入(亿元)2023年报", "300493.SZ,润欣科技,21.7")
    future = time.time() + 400 * 86400
    os.utime(path, (future, future))
    with pytest.raises(ImportFailed) as info:
        import_files(demo_store, [path])
    (p,) = info.value.problems
    assert "修改时间" in p.message and "modification time" in p.message
    assert "文件中的截至日期" not in p.message


QUOTE = ("index_code,index_name,week_end,close,weekly_change", ",沪深300指数,2025-01-03,3900.1,-0.02")


def test_same_index_and_new_index_for_one_name_are_refused(demo_store, write_text, dump):
    hs300 = next(i["id"] for i in demo_store.indices() if i["name"] == "沪深300")
    before = dump(demo_store)
    with pytest.raises(ImportFailed) as info:
        import_files(demo_store, [write_text("q.csv", *QUOTE)], as_of="2025-01-03",
                     map_indices={"沪深300指数": hs300}, confirm_new_indices={"沪深300指数"})
    assert "沪深300指数" in str(info.value.problems[0].message)
    assert "--same-index" in info.value.problems[0].message and "--new-index" in info.value.problems[0].message
    assert dump(demo_store) == before


def test_same_index_naming_an_unlike_index_is_taken_and_said(demo_store, write_text):
    """The user's explicit answer is taken (an unlike name was refused before); the summary names
    both indices, so a mistyped answer shows."""
    sse = next(i["id"] for i in demo_store.indices() if i["name"] == "上证指数")
    result = import_files(demo_store, [write_text("q.csv", *QUOTE)], as_of="2025-01-03",
                          map_indices={"沪深300指数": sse})
    assert [q["close"] for q in demo_store.all_quotes() if q["index_id"] == sse and q["date"] == "2025-01-03"
            ] == [3900.1]
    assert "沪深300指数" in result.summary() and "上证指数" in result.summary()


def test_same_index_naming_a_like_index_imports(demo_store, write_text):
    hs300 = next(i for i in demo_store.indices() if i["name"] == "沪深300")
    import_files(demo_store, [write_text("q.csv", *QUOTE)], as_of="2025-01-03", map_indices={"沪深300指数": hs300["id"]})
    assert [q["close"] for q in demo_store.all_quotes() if q["index_id"] == hs300["id"] and q["date"] == "2025-01-03"
            ] == [3900.1]


def test_a_named_pipe_is_refused_without_waiting(tmp_path):
    from workbench.store import Store

    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    out: dict = {}

    def run():  # a store of the thread's own: a connection serves the thread that opened it
        with Store(tmp_path / "s.sqlite") as store:
            try:
                import_files(store, [fifo])
            except ImportFailed as exc:
                out["problems"] = exc.problems

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(20)
    if t.is_alive():  # unblock the reader so the test run can end
        with open(fifo, "wb"):
            pass
        pytest.fail("the import waited on the pipe")
    (p,) = out["problems"]
    assert p.file == "pipe.csv" and "不是普通文件" in p.message


def test_a_device_is_refused_as_no_regular_file(store):
    with pytest.raises(ImportFailed) as info:
        import_files(store, ["/dev/zero"])
    (p,) = info.value.problems
    assert p.file == "zero" and "不是普通文件" in p.message and "文件为空" not in p.message
