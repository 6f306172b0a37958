"""A restated level whose change hides below its own printed precision still warns of its stale growth.

润欣科技's FY2023 net profit restated 0.4 -> 0.3512 亿元 prints 0.4 either way, but the stored YoY
(-34.15%) was reckoned on 0.4: on 0.3512 the same base gives about -42.2%. The expected growth is
recomputed here in decimal arithmetic from the stored YoY read with plain SQL (the base year's level
the stored pair implies, then the new level over it), never taken from the preflight's output.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from workbench.imports import import_files
from workbench.report.preflight import preflight

TICKER, NAME = "300493.SZ", "润欣科技"
HEADER = ["证券代码", "证券简称", "归母净利润(亿元)2023年报"]


def growth_warnings(store, issue="latest"):
    return [f.message for f in preflight(store, issue).warnings if f.code == "growth_as_of"]


def stored(store, metric: str) -> float:
    return store.scalar("SELECT value FROM facts WHERE ticker = ? AND metric = ? AND period = '2023A'",
                        [TICKER, metric])


def implied_growth(level_then: float, level_now: float, growth: float) -> str:
    """The YoY the new level gives over the base year's level the old pair implies, printed as the table
    prints a ratio (two decimals of a percent, half away from zero)."""
    then, now, g = (Decimal(repr(v)) for v in (level_then, level_now, growth))
    base = then / (1 + g)  # a profit both years: level = base x (1 + growth)
    value = (now / base - 1) * 100
    return f"{value.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)}%"


def test_a_restatement_that_prints_alike_is_flagged_with_the_growth_it_implies(demo_store, write_csv):
    before, growth = stored(demo_store, "net_profit"), stored(demo_store, "net_profit_yoy")
    assert f"{before / 1e8:.1f}" == f"{0.3512:.1f}"  # the level prints 0.4 before and after
    assert growth_warnings(demo_store) == []
    import_files(demo_store, [write_csv("restate.csv", [HEADER, [TICKER, NAME, "0.3512"]], encoding="gbk")],
                 as_of="2025-01-03")
    assert stored(demo_store, "net_profit") == 0.3512e8
    assert stored(demo_store, "net_profit_yoy") == growth  # the growth was left as it was
    texts = growth_warnings(demo_store)
    assert len(texts) == 1, texts
    text = texts[0]
    should = implied_growth(before, 0.3512e8, growth)
    assert should == "-42.18%"  # the arithmetic above, checked by hand: 0.6585 x 0.878 - 1
    assert NAME in text and TICKER in text and "归母净利润" in text
    assert "0.4" in text and "0.3512" in text and "-34.15%" in text and should in text


def test_a_change_that_moves_no_printed_growth_is_not_flagged(demo_store):
    before, growth = stored(demo_store, "net_profit"), stored(demo_store, "net_profit_yoy")
    after = 0.40000004e8  # moves the growth by 0.0000066 percentage points
    assert implied_growth(before, after, growth) == implied_growth(before, before, growth)
    demo_store.set_fact(TICKER, "net_profit", "2023A", after, as_of="2025-01-03")
    assert stored(demo_store, "net_profit") == after
    assert growth_warnings(demo_store) == []


def test_a_hidden_change_of_a_loss_makers_level_is_flagged(demo_store):
    """A loss both years (688343.SH: -3.8 亿元, YoY +14.31% on a larger loss a year before): the base is
    negative, level = base x (1 - growth); a change printing alike at one decimal still moves the YoY."""
    ticker = "688343.SH"
    level = demo_store.scalar("SELECT value FROM facts WHERE ticker = ? AND metric = 'net_profit' "
                              "AND period = '2023A'", [ticker])
    growth = demo_store.scalar("SELECT value FROM facts WHERE ticker = ? AND metric = 'net_profit_yoy' "
                               "AND period = '2023A'", [ticker])
    assert level < 0 and 0 < growth < 1  # a smaller loss than the year before
    after = level * 1.012  # -3.8 -> -3.8456 亿元: prints -3.8 either way
    assert f"{level / 1e8:.1f}" == f"{after / 1e8:.1f}"
    then, now, g = (Decimal(repr(v)) for v in (level, after, growth))
    base = then / (1 - g)
    should = ((now - base) / abs(base) * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert f"{should}%" != f"{Decimal(repr(growth)) * 100:.2f}%"
    demo_store.set_fact(ticker, "net_profit", "2023A", after, as_of="2025-01-03")
    texts = growth_warnings(demo_store)
    assert len(texts) == 1 and ticker in texts[0] and f"{should}%" in texts[0], texts


def test_a_hidden_change_moving_a_computed_yoy_is_a_change_since_review(demo_store):
    """A YoY the table computes from the two stored levels moves with a level change that prints alike:
    going final lists it as changed since review (the printed YoY differs), recomputed here in decimal."""
    from workbench.drafting.lifecycle import change_status, final_check

    base = 0.6e8
    demo_store.set_fact(TICKER, "net_profit_yoy", "2023A", None)  # no YoY stored: the table computes it
    demo_store.set_fact(TICKER, "net_profit", "2022A", base, as_of="2024-12-29")
    issue = demo_store.issue("latest")
    change_status(demo_store, issue.id, "review", by="analyst")
    before = stored(demo_store, "net_profit")
    demo_store.set_fact(TICKER, "net_profit", "2023A", 0.3512e8, as_of="2024-12-29")
    assert f"{before / 1e8:.1f}" == f"{0.3512:.1f}"

    def printed(level):
        value = (Decimal(repr(level)) / Decimal(repr(base)) - 1) * 100
        return f"{value.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)}%"

    changes = final_check(demo_store, demo_store.issue(issue.id)).changes
    assert [(c.ticker, c.metric) for c in changes] == [(TICKER, "net_profit_yoy")]
    assert changes[0].describe().endswith(f"{printed(before)} → {printed(0.3512e8)}")
