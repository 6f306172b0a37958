"""The comparison .xlsx of a draft or review issue is marked as the PDF of the same issue is: the
title reads 【草稿】/【审阅稿】, the sheet's name and its printed header say so, and a final issue's
table is clean. The workbench still imports such a file back without changing a figure.

The truth: the mark the PDF of the same issue prints (read back with pypdf), the workbook read with
openpyxl, and the store's facts read with sqlite3 before and after the import.
"""

from __future__ import annotations

import sqlite3

import openpyxl
import pytest
from pypdf import PdfReader

from workbench.drafting.lifecycle import change_status
from workbench.imports import import_files
from workbench.report import export_pdf
from workbench.report.table_xlsx import export_table_xlsx

TITLE = "科技重点公司对比（截至2024年12月29日）"  # the demo table's title, its 截至 date with the year (the workbook travels alone)


def facts(path) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT * FROM facts ORDER BY ticker, metric, period").fetchall()
    finally:
        con.close()


def pdf_mark(store, tmp_path) -> str | None:
    """The not-for-release line the PDF's first page prints (草稿 · 未经审核，不得对外发布), or None."""
    path = export_pdf(store, 1, tmp_path / "issue.pdf").path
    text = PdfReader(path).pages[0].extract_text()
    line = next((ln.strip() for ln in text.splitlines() if "不得对外发布" in ln), None)
    return line


@pytest.mark.parametrize("status, word", [("draft", "草稿"), ("review", "审阅稿")])
def test_a_draft_or_review_table_is_marked_as_its_pdf(demo_store, tmp_path, status, word):
    if status == "review":
        change_status(demo_store, 1, "review", by="analyst")
    line = pdf_mark(demo_store, tmp_path)
    assert line is not None and line.startswith(word)
    book = openpyxl.load_workbook(export_table_xlsx(demo_store, 1, tmp_path / "t.xlsx"))
    ws = book.active
    assert ws["A1"].value == f"【{word}】{TITLE}"
    assert word in ws.title
    assert ws.oddHeader.center.text == line          # printed on every page, in the PDF's words
    assert book.properties.title == f"【{word}】{TITLE}"


def test_a_final_table_is_clean(demo_store, tmp_path):
    change_status(demo_store, 1, "review", by="analyst")
    change_status(demo_store, 1, "final", by="editor")
    assert pdf_mark(demo_store, tmp_path) is None
    book = openpyxl.load_workbook(export_table_xlsx(demo_store, 1, tmp_path / "t.xlsx"))
    ws = book.active
    assert ws["A1"].value == TITLE
    assert ws.title == "重点公司对比"
    assert not ws.oddHeader.center.text
    assert book.properties.title == TITLE


def test_a_marked_table_imports_back_changing_nothing(demo_store, tmp_path):
    before = facts(demo_store.path)
    path = export_table_xlsx(demo_store, 1, tmp_path / "t.xlsx")
    assert openpyxl.load_workbook(path).active["A1"].value.startswith("【草稿】")
    result = import_files(demo_store, [path], as_of="2024-12-29")
    assert (result.facts.added, result.facts.updated) == (0, 0) and result.facts.unchanged > 600
    assert facts(demo_store.path) == before
