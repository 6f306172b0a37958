"""A PE kept beside a forecast revised after it is stale: the check says so, with the PE it implies.

A PE is price over a forecast (EPS, or net profit for the whole company); a file that revises the
forecast alone leaves the stored PE on the old forecast. The PE the new forecast gives at the same
price is recomputed here in decimal, never read from the check's output.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from workbench.report.preflight import preflight

TICKER, NAME, PERIOD = "300308.SZ", "中际旭创", "2025E"


def pe_warnings(store):
    return [f.message for f in preflight(store, "latest").warnings if f.code == "pe_as_of"]


def implied(pe: float, eps_then: float, eps_now: float) -> str:
    value = Decimal(repr(pe)) * Decimal(repr(eps_then)) / Decimal(repr(eps_now))
    return str(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def held_pe(store) -> float:
    return store.scalar("SELECT value FROM facts WHERE ticker = ? AND metric = 'pe' AND period = ?", [TICKER, PERIOD])


def test_a_forecast_revised_after_its_pe_is_flagged(demo_store):
    pe = held_pe(demo_store)
    demo_store.write_facts([(TICKER, "eps", PERIOD, 6.1), (TICKER, "pe", PERIOD, pe)], source="Wind",
                           as_of="2024-12-27")
    assert pe_warnings(demo_store) == []
    demo_store.write_facts([(TICKER, "eps", PERIOD, 6.4)], source="Wind", as_of="2024-12-29")  # the EPS alone
    assert held_pe(demo_store) == pe
    should = implied(pe, 6.1, 6.4)
    assert should != f"{pe:.1f}"
    texts = pe_warnings(demo_store)
    assert len(texts) == 1, texts
    text = texts[0]
    assert NAME in text and TICKER in text and "6.1" in text and "6.4" in text
    assert f"{pe:.1f}" in text and should in text and PERIOD in text


def test_a_forecast_and_pe_written_together_are_not_flagged(demo_store):
    pe = held_pe(demo_store)
    demo_store.write_facts([(TICKER, "eps", PERIOD, 6.1), (TICKER, "pe", PERIOD, pe)], source="Wind",
                           as_of="2024-12-27")
    demo_store.write_facts([(TICKER, "eps", PERIOD, 6.4), (TICKER, "pe", PERIOD, round(pe * 6.1 / 6.4, 2))],
                           source="Wind", as_of="2024-12-29")
    assert pe_warnings(demo_store) == []


def test_a_revision_that_moves_no_printed_pe_is_not_flagged(demo_store):
    pe = held_pe(demo_store)
    demo_store.write_facts([(TICKER, "eps", PERIOD, 6.1), (TICKER, "pe", PERIOD, pe)], source="Wind",
                           as_of="2024-12-27")
    demo_store.write_facts([(TICKER, "eps", PERIOD, 6.1001)], source="Wind", as_of="2024-12-29")
    assert implied(pe, 6.1, 6.1001) == f"{Decimal(repr(pe)).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}"
    assert pe_warnings(demo_store) == []


def test_a_forecast_first_given_after_its_pe_is_not_flagged(demo_store):
    """The demo's PEs came without a forecast: one given later is no revision of what the PE used."""
    demo_store.write_facts([(TICKER, "eps", PERIOD, 6.4)], source="Wind", as_of="2024-12-29")
    assert pe_warnings(demo_store) == []
