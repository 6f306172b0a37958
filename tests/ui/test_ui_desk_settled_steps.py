"""Which undo steps a settled desk conflict touched, read from the store's own change log: a quote, a
company field, a figure inside a paste; a step over another row is left alone; a touched step refuses
both ways naming the row and the value it holds now, and the store is unchanged."""

from __future__ import annotations

import pytest

from workbench.edits import Batch, ChangedSince, SetCompanyField, SetFact, SetQuote, apply_edit


def _settle_write(store, write):
    """``write`` as a settlement makes it (one logged batch); the change log's entries after it began."""
    before = store.last_seq() or 0
    with store.batch("edit", by="desk-user", note="解决冲突 #7: mine (settling a desk conflict)"):
        write()
    return store.changes_since(before)


def test_a_quote_a_settlement_wrote_is_found_and_its_step_refuses(demo_store):
    from ui.desk.settled_steps import SettledRows, SettledStep

    index = max(demo_store.indices(), key=lambda i: len(demo_store.quotes(i["id"])))
    quotes = demo_store.quotes(index["id"])
    assert len(quotes) >= 2
    day, other_day = quotes[-1]["date"], quotes[-2]["date"]
    mine = SetQuote(index["id"], day, quotes[-1]["close"] + 1.0, quotes[-1]["change"])
    apart = SetQuote(index["id"], other_day, quotes[-2]["close"] + 1.0, quotes[-2]["change"])
    apply_edit(demo_store, mine)
    apply_edit(demo_store, apart)
    settled_close = quotes[-1]["close"] + 5.0
    entries = _settle_write(demo_store, lambda: demo_store.set_quote(index["id"], day, settled_close,
                                                                     quotes[-1]["change"]))
    rows = SettledRows(7, entries)
    assert rows.touched_by(demo_store, mine) == [mine]
    assert rows.touched_by(demo_store, apart) == []
    step = SettledStep(mine, mine, 7)
    with pytest.raises(ChangedSince) as refused:
        step.revert(demo_store)
    assert refused.value.message.startswith("未撤销：") and index["name"] in refused.value.message
    assert "#7" in refused.value.message
    assert demo_store.quote_row(index["id"], day)["close"] == settled_close
    with pytest.raises(ChangedSince) as again:
        step.apply(demo_store)
    assert again.value.message.startswith("未重做：")


def test_a_company_field_and_a_figure_inside_a_paste(demo_store):
    from ui.desk.settled_steps import SettledRows

    ticker, other = [c["ticker"] for c in demo_store.companies()[:2]]
    rename = SetCompanyField(ticker, "name", "改过的名字")
    apply_edit(demo_store, rename)
    figure = SetFact(other, "revenue", "2023A", 12.3e8)
    paste = Batch([SetFact(ticker, "revenue", "2023A", 1.1e8), figure])
    apply_edit(demo_store, paste)
    entries = _settle_write(demo_store, lambda: (demo_store.set_company_field(ticker, "name", "冲突时的名字"),
                                                 demo_store.set_fact(other, "revenue", "2023A", 45.6e8)))
    rows = SettledRows(7, entries)
    assert rows.touched_by(demo_store, rename) == [rename]
    assert rows.touched_by(demo_store, paste) == [figure]
    assert rows.touched_by(demo_store, SetCompanyField(ticker, "segment", "AIOT soc")) == []
