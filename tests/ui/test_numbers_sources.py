"""The preview's 数据来源 names the source of a value the demo wrote, as ``workbench trace`` does."""

from __future__ import annotations

from ui.common.provenance import change_cells, source_line
from workbench.trace import trace_lines


def test_a_demo_close_names_its_source_file_as_the_command_line_does(session):
    store = session.store
    idx = store.index("沪深300")
    history = store.quote_history(idx, "2024-12-27", "close")
    source = history[-1]["source"]
    assert source and history[-1].get("file") in (None, "")
    line = source_line(history[-1], "price")
    assert source in line and "5" in line  # the file, then its row, as the command line says it
    assert change_cells(history[-1], "price")[3].startswith(source)
    # the command line names the same source for one of the demo's figures
    cli = "\n".join(trace_lines(store, "300493.SZ", "revenue", "2023A"))
    fact = store.history("300493.SZ", "revenue", "2023A")[-1]
    assert f"来源 source {fact['source']}" in cli and fact["source"] in source_line(fact, "amount")
