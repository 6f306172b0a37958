"""Undo and redo never wipe a later write: a figure changed since the edit (an import by another
process, a raw write) is left as it is, and the refusal says what changed it."""

from __future__ import annotations

import sqlite3

import pytest

from workbench.edits import SetFact, apply_edit, revert_edit
from workbench.errors import ValidationError
from workbench.imports import import_files
from workbench.store import Store

KEY = ("600584.SH", "revenue", "2023A")


def dump(path) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def import_newer(path, tmp_path, value="300.0", as_of="2024-12-30"):
    """Another process (its own connection) imports a newer value of the figure."""
    csv = tmp_path / "newer.csv"
    csv.write_text(f"ticker,name,营业收入(亿元)2023年报\n600584.SH,长电科技,{value}\n", encoding="utf-8")
    with Store(path) as other:
        import_files(other, [csv], as_of=as_of, allow_older=True)
    return csv


def test_undo_refuses_over_a_later_import_and_names_it(demo_store, demo_path, tmp_path):
    before_edit = demo_store.fact(*KEY)
    edit = SetFact(*KEY, 290.0e8)
    apply_edit(demo_store, edit, by="alice")
    import_newer(demo_path, tmp_path)
    assert demo_store.fact(*KEY) == pytest.approx(300.0e8)
    before = dump(demo_path)
    with pytest.raises(ValidationError) as err:
        revert_edit(demo_store, edit, by="alice")
    assert dump(demo_path) == before  # the import is kept, nothing logged
    assert demo_store.fact(*KEY) == pytest.approx(300.0e8) != before_edit
    message = str(err.value)
    assert "newer.csv" in message and "300.0" in message and "导入" in message


def test_undo_refuses_over_a_raw_write_outside_the_workbench(demo_store, demo_path):
    edit = SetFact(*KEY, 290.0e8)
    apply_edit(demo_store, edit)
    conn = sqlite3.connect(demo_path)
    conn.execute("UPDATE facts SET value = 1.0e10 WHERE ticker = ? AND metric = ? AND period = ?", KEY)
    conn.commit()
    conn.close()
    before = dump(demo_path)
    with pytest.raises(ValidationError) as err:
        revert_edit(demo_store, edit)
    assert dump(demo_path) == before
    assert "库外" in str(err.value)


def test_redo_refuses_over_a_change_made_after_the_undo(demo_store, demo_path, tmp_path):
    edit = SetFact(*KEY, 290.0e8)
    apply_edit(demo_store, edit)
    revert_edit(demo_store, edit)  # nothing changed in between: the undo goes through
    import_newer(demo_path, tmp_path, value="301.0")
    before = dump(demo_path)
    with pytest.raises(ValidationError) as err:
        apply_edit(demo_store, edit, origin="redo")
    assert dump(demo_path) == before
    assert demo_store.fact(*KEY) == pytest.approx(301.0e8)
    assert "newer.csv" in str(err.value)


def test_undo_and_redo_of_an_untouched_edit_still_work(demo_store):
    original = demo_store.fact_row(*KEY)
    edit = SetFact(*KEY, 290.0e8)
    apply_edit(demo_store, edit)
    revert_edit(demo_store, edit)
    assert demo_store.fact_row(*KEY)["value"] == original["value"]
    assert demo_store.fact_row(*KEY)["as_of"] == original["as_of"]
    apply_edit(demo_store, edit, origin="redo")
    assert demo_store.fact(*KEY) == pytest.approx(290.0e8)


def test_undo_of_a_new_figure_refuses_when_it_was_imported_again(demo_store, demo_path, tmp_path):
    demo_store.set_fact(*KEY, None)  # the figure is absent; the edit creates it
    edit = SetFact(*KEY, 290.0e8)
    apply_edit(demo_store, edit)
    import_newer(demo_path, tmp_path)
    with pytest.raises(ValidationError):
        revert_edit(demo_store, edit)
    assert demo_store.fact(*KEY) == pytest.approx(300.0e8)


def test_undo_of_a_quote_edit_refuses_over_a_later_write(demo_store, demo_path):
    from workbench.edits import SetQuote

    index = demo_store.benchmark()
    day = demo_store.quotes(index["id"])[-1]["date"]
    edit = SetQuote(index["id"], day, 3333.33, 0.01)
    apply_edit(demo_store, edit)
    with Store(demo_path) as other:  # another window or process writes the same quote
        with other.batch("import", by="bob", file="week.csv"):
            other.set_quote(index["id"], day, 3444.44, 0.02)
    before = dump(demo_path)
    with pytest.raises(ValidationError) as err:
        revert_edit(demo_store, edit)
    assert dump(demo_path) == before
    assert "3444.44" in str(err.value) and "bob" in str(err.value)


def test_undo_of_a_quote_delete_refuses_when_it_was_written_again(demo_store, demo_path):
    from workbench.edits import DeleteQuotes

    index = demo_store.benchmark()
    day = demo_store.quotes(index["id"])[-1]["date"]
    edit = DeleteQuotes([(index["id"], day)])
    apply_edit(demo_store, edit, origin="delete")
    with Store(demo_path) as other:
        other.set_quote(index["id"], day, 3555.55, 0.03)
    before = dump(demo_path)
    with pytest.raises(ValidationError) as err:
        revert_edit(demo_store, edit)
    assert dump(demo_path) == before
    assert day in str(err.value)


def test_undo_of_a_company_field_refuses_over_a_later_change(demo_store, demo_path):
    from workbench.edits import SetCompanyField

    edit = SetCompanyField("600584.SH", "segment", "封测")
    apply_edit(demo_store, edit)
    with Store(demo_path) as other:
        other.set_company_field("600584.SH", "segment", "先进封装")
    before = dump(demo_path)
    with pytest.raises(ValidationError) as err:
        revert_edit(demo_store, edit)
    assert dump(demo_path) == before and "先进封装" in str(err.value)


def test_undo_of_an_added_company_keeps_figures_imported_for_it_since(demo_store, demo_path, tmp_path):
    from workbench.edits import AddCompany

    edit = AddCompany("688001.SH", "华兴源创", "测试设备")
    apply_edit(demo_store, edit)
    csv = tmp_path / "new.csv"
    csv.write_text("ticker,name,营业收入(亿元)2023年报\n688001.SH,华兴源创,18.2\n", encoding="utf-8")
    with Store(demo_path) as other:
        import_files(other, [csv], as_of="2024-12-30")
    before = dump(demo_path)
    with pytest.raises(ValidationError) as err:
        revert_edit(demo_store, edit)
    assert dump(demo_path) == before and "688001.SH" in str(err.value)
    assert demo_store.fact("688001.SH", "revenue", "2023A") == pytest.approx(18.2e8)


def test_undo_of_an_added_company_with_no_figures_removes_it(demo_store):
    from workbench.edits import AddCompany

    edit = AddCompany("688001.SH", "华兴源创", "测试设备")
    apply_edit(demo_store, edit)
    revert_edit(demo_store, edit)
    assert not demo_store.has_company("688001.SH")
