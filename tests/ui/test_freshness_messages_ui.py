"""The freshness warnings of a copied-forward week read in Chinese only in the Chinese UI."""

from __future__ import annotations

import re

from ui.common.i18n import strip_glosses
from workbench.domain.issue import TableColumn
from workbench.drafting.lifecycle import copy_forward
from workbench.report.preflight import preflight

CODES = {"stale_facts", "ytd_year", "empty_column", "growth_as_of", "same_as_last_week"}


def test_every_freshness_warning_loses_its_english_gloss(demo_store):
    new = copy_forward(demo_store, demo_store.issue("latest").id, by="编辑")
    demo_store.set_fact("002045.SZ", "revenue", "2024Q1-Q3", 58.3e8, as_of="2025-01-03")  # beside its old YoY
    demo_store.set_fact("300493.SZ", "revenue", "2023A", 19.0e8, as_of="2024-12-01")  # past the rule
    as_last_year = [*new.table.columns[:-1], TableColumn("ytd_return", "2024YTD", "估值", "年初至今")]
    found = []
    for columns in (new.table.columns, as_last_year):
        new.table.columns = columns
        found += [f for f in preflight(demo_store, new).warnings if f.code in CODES]
    assert {f.code for f in found} == CODES
    for f in found:
        shown = strip_glosses(f.message)
        assert not re.search(r"\([^)]*[a-z]{3,}[^)]*\)", shown), shown  # no English words left in brackets
        assert re.search(r"[a-z]{3,}", f.message)  # the command line keeps the English
