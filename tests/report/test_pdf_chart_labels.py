"""A company-bars figure labels its bars as the comparison table prints the same figures: the house
style's decimals for amounts (2319.1 亿元 by default), rounded as the table rounds, whatever other
value stands beside it (one small figure, -0.04 亿元, never forces 12345.60 on the rest)."""

from __future__ import annotations

import pytest
from reportlab.graphics.shapes import String

from workbench.charts import figure_spec
from workbench.domain.issue import Figure
from workbench.domain.metrics import NumberStyle, format_value
from workbench.report.charts import spec_to_drawing
from workbench.report.fonts import font_set

TICKER = "688608.SH"  # a demo company: its revenue and net profit of 2023A and 2024Q1-Q3 are replaced
FACTS = [(TICKER, "revenue", "2023A", 1234560000000.0), (TICKER, "net_profit", "2023A", -389920000000.0),
         (TICKER, "revenue", "2024Q1-Q3", 2319150000000.0), (TICKER, "net_profit", "2024Q1-Q3", -4000000.0)]


def strings(drawing) -> list[str]:
    out = []

    def walk(node):
        for c in getattr(node, "contents", []):
            if isinstance(c, String):
                out.append(c.text)
            walk(c)
    walk(drawing)
    return out


@pytest.mark.parametrize("style", [NumberStyle(), NumberStyle(amount_decimals=2, thousands=True),
                                   NumberStyle(amount_decimals=0)], ids=["reference", "two-grouped", "none"])
def test_company_bar_labels_print_as_the_table_does(demo_store, style):
    demo_store.write_facts(FACTS)
    spec = figure_spec(demo_store, Figure(kind="company_bars", title="", params={"ticker": TICKER}))
    labels = strings(spec_to_drawing(spec, 200, 150, font_set({}).body, numbers=style, thousands=style.thousands))
    stored = [v for *_, v in FACTS]
    table = [format_value("amount", v, style=style) for v in stored]  # as the comparison table prints each
    assert set(table) <= set(labels), (table, labels)
    assert "12345.60" not in labels or style.amount_decimals == 2
