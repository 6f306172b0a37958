"""trace prints an index's close and weekly change exactly as the market review prints them: two
decimals, half away from zero on the decimal written (Wind's and Excel's rule), so a close of 3927.615
reads 3927.62 in both, never the 3927.61 of binary rounding."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from workbench.analysis.review import printed_close
from workbench.trace import trace


def half_up(text: str, places: int = 2) -> str:
    return str(Decimal(text).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def test_a_half_way_close_is_traced_as_the_review_prints_it(demo_store):
    index = demo_store.rows("SELECT id, name FROM indices WHERE code = '000300.SH'")[0]
    day = demo_store.rows("SELECT max(date) AS d FROM quotes WHERE index_id = ?", [index["id"]])[0]["d"]
    written = "3927.615"
    assert f"{float(written):.2f}" == "3927.61"  # binary rounding would print this
    demo_store.write_quotes([(index["id"], day, float(written), None, "test")])
    lines = "\n".join(trace(demo_store, "000300.SH", "close", day))
    assert half_up(written) == "3927.62" == printed_close(float(written))
    assert "3927.62" in lines and "3927.61" not in lines
