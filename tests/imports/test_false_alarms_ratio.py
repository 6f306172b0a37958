"""Ratios written without a unit: real files that are plainly fractions ask nothing. One real
outlier (寒武纪-U's revenue growth of +4347.82%) among ordinary fractions, the seed's own segments
and picks (some growth above 100%), the workbench's own headers, and a big week of index moves
that the file's own closes prove."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.imports import ImportQuestions, import_files

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo"
SEED = DEMO / "companies.csv"
CAMBRICON = "688256.SH,寒武纪-U,AI芯片,28.81,43.4782,28.81,43.4782,10.38,-2.9,10.38,-2.9,500.0,200.0,0.35"
# the seed's headers as an analyst's own sheet writes them (no metric codes, no unit)
ZH_HEADERS = ("证券代码,证券简称,细分板块,营业收入 2023 (亿元),营业收入同比 2023,营业收入 2024Q3 (亿元),"
              "营业收入同比 2024Q3,归母净利润 2023 (亿元),归母净利润同比 2023,归母净利润 2024Q3 (亿元),"
              "归母净利润同比 2024Q3,PE 2024E,PE 2025E,年初至今涨跌幅 2024")


def _seed_lines() -> list[str]:
    return SEED.read_text(encoding="utf-8-sig").splitlines()


def _seed_rows(*tickers: str) -> list[str]:
    return [line for line in _seed_lines()[1:] if line.split(",")[0] in tickers]


def _seed_value(ticker: str, column: str) -> float:
    header = _seed_lines()[0].split(",")
    (row,) = _seed_rows(ticker)
    return float(row.split(",")[header.index(column)])


def test_seed_plus_one_real_outlier_asks_nothing_and_keeps_the_fractions(demo_store, write_text):
    """The QA's file: the seed's 64 companies and 寒武纪-U, written by the workbench's own headers."""
    path = write_text("seed_plus_cambricon.csv", *_seed_lines(), CAMBRICON)
    import_files(demo_store, [path], as_of="2024-12-29", default_amount_unit="亿元", new_companies=["688256.SH"])
    assert demo_store.fact("300493.SZ", "revenue_yoy", "2023A") == pytest.approx(
        _seed_value("300493.SZ", "revenue_2023_yoy"))
    assert demo_store.fact("688256.SH", "revenue_yoy", "2023A") == pytest.approx(43.4782)


def test_one_outlier_under_plain_headers_asks_nothing(demo_store, write_text):
    """Judged on the column's bulk (median ~0.2), not on its largest cell."""
    path = write_text("camb_zh.csv", ZH_HEADERS, *_seed_lines()[1:], CAMBRICON)
    import_files(demo_store, [path], as_of="2024-12-29", default_amount_unit="亿元", new_companies=["688256.SH"])
    assert demo_store.fact("688018.SH", "revenue_yoy", "2023A") == pytest.approx(
        _seed_value("688018.SH", "revenue_2023_yoy"))
    assert demo_store.fact("688256.SH", "revenue_yoy", "2023A") == pytest.approx(43.4782)


def test_percent_column_is_still_asked_with_a_typical_cell_as_example(demo_store, write_text):
    """The seed's growth written in percent (x100), for a year the store holds none of, stays a
    question; its example is a typical cell (the median), never the one outlier."""
    rows = ["证券代码,证券简称,营业收入同比 2022"]
    values = {}
    for line in _seed_lines()[1:]:
        cells = line.split(",")
        values[cells[0]] = round(float(cells[4]) * 100, 2)
        rows.append(f"{cells[0]},{cells[1]},{values[cells[0]]:g}")
    rows.append("688256.SH,寒武纪-U,4347.82")
    with pytest.raises(ImportQuestions) as info:
        import_files(demo_store, [write_text("pct.csv", *rows)], as_of="2024-12-29", new_companies=["688256.SH"])
    (q,) = info.value.ratio_units
    ordered = sorted(abs(v) for v in values.values()) + [4347.82]
    assert abs(q.example) != 4347.82
    assert sorted(ordered)[len(ordered) // 4] <= abs(q.example) <= sorted(ordered)[3 * len(ordered) // 4]


@pytest.mark.parametrize("tickers", [
    ("300308.SZ", "300502.SZ", "300394.SZ"),                                   # 光模块
    ("688535.SH", "688521.SH", "688627.SH", "603283.SH", "688403.SH", "688525.SH", "688766.SH"),  # HBM
    ("688608.SH", "688213.SH", "603501.SH", "002156.SZ", "603160.SH", "688183.SH", "300870.SZ",
     "002130.SZ"),                                                              # picks
])
def test_seed_segments_and_picks_ask_nothing_again_and_again(demo_store, write_text, tickers):
    """Exact seed rows (net-profit growth above 100% for most): fractions, as the codes say."""
    path = write_text("seg.csv", _seed_lines()[0], *_seed_rows(*tickers))
    for _ in range(2):
        import_files(demo_store, [path], as_of="2024-12-29", default_amount_unit="亿元")
    for t in tickers:
        assert demo_store.fact(t, "net_profit_yoy", "2024Q1-Q3") == pytest.approx(_seed_value(t, "netprofit_24q1q3_yoy"))


RALLY = ("000001.SH,上证指数,2024-09-27,3087.53,{}", "399001.SZ,深证成指,2024-09-27,9514.86,{}",
         "399006.SZ,创业板指,2024-09-27,1931.40,{}", "000300.SH,沪深300,2024-09-27,3703.68,{}")
PREVIOUS = ("000001.SH,上证指数,2024-09-20,2736.81,-0.0015", "399001.SZ,深证成指,2024-09-20,8079.05,-0.0016",
            "399006.SZ,创业板指,2024-09-20,1573.87,-0.0114", "000300.SH,沪深300,2024-09-20,3201.05,0.0032")
RALLY_FRACTIONS = (0.1281, 0.1776, 0.2271, 0.1570)  # the week of 2024-09-27, as fractions


def _changes(store, day) -> dict:
    codes = {i["id"]: i["code"] for i in store.indices()}
    return {codes[q["index_id"]]: q["change"] for q in store.all_quotes() if q["date"] == day}


def test_own_quotes_headers_are_fractions(store, write_text):
    """The seed's weekly_change and the export's change name the workbench's own fractions."""
    for header, name in (("index_code,index_name,week_end,close,weekly_change", "rally.csv"),
                         ("index_code,name,date,close,change", "export.csv")):
        lines = [r.format(f) for r, f in zip(RALLY, RALLY_FRACTIONS)]
        import_files(store, [write_text(name, header, *lines)])
        assert _changes(store, "2024-09-27")["399006.SZ"] == pytest.approx(0.2271)


@pytest.mark.parametrize("scale", [1, 100])
def test_the_files_own_closes_decide_the_unit(store, write_text, scale):
    """Two weeks under a bare 涨跌幅: close / previous close - 1 matches one reading only."""
    lines = [r.format(f"{f * scale:.4g}") for r, f in zip(RALLY, RALLY_FRACTIONS)]
    prev = [p.rsplit(",", 1)[0] + f",{float(p.rsplit(',', 1)[1]) * scale:.4g}" for p in PREVIOUS]
    import_files(store, [write_text("two_weeks.csv", "指数代码,指数名称,日期,收盘价,涨跌幅", *prev, *lines)])
    got = _changes(store, "2024-09-27")
    assert got == pytest.approx(dict(zip(("000001.SH", "399001.SZ", "399006.SZ", "000300.SH"), RALLY_FRACTIONS)))


def test_a_single_week_in_percent_under_a_bare_header_is_still_asked(store, write_text):
    lines = [r.format(f"{f * 100:.2f}") for r, f in zip(RALLY, RALLY_FRACTIONS)]
    with pytest.raises(ImportQuestions):
        import_files(store, [write_text("pct.csv", "指数代码,指数名称,日期,收盘价,涨跌幅", *lines)])


def _growth_2023(scale: float) -> list[str]:
    rows = ["证券代码,证券简称,营业收入同比 2023"]
    for line in _seed_lines()[1:]:
        cells = line.split(",")
        rows.append(f"{cells[0]},{cells[1]},{round(float(cells[4]) * scale, 4):g}")
    return rows


@pytest.mark.parametrize("scale", [1, 100])
def test_the_figures_the_store_holds_decide_the_unit(demo_store, write_text, scale):
    """The seed's 2023 revenue growth, written as fractions or in percent with one company up
    ten-fold: the store's own figures for the same companies and year settle it, no question, and
    no stored figure moves 100x."""
    rows = _growth_2023(scale)
    rows[1] = "300493.SZ,润欣科技," + ("12.74" if scale == 1 else "1274")  # 润欣科技 now +1274%
    import_files(demo_store, [write_text("g.csv", *rows)], as_of="2024-12-29")
    for t in ("688018.SH", "603501.SH", "002241.SZ"):
        assert demo_store.fact(t, "revenue_yoy", "2023A") == pytest.approx(_seed_value(t, "revenue_2023_yoy"))
    assert demo_store.fact("300493.SZ", "revenue_yoy", "2023A") == pytest.approx(12.74)


def test_stored_figures_matching_both_readings_in_turn_are_no_proof(demo_store, write_text):
    """Some rows match the store as fractions, others as percentages: still a question."""
    rows = _growth_2023(100)
    rows[1:6] = _growth_2023(1)[1:6]
    rows[7] = rows[7].rsplit(",", 1)[0] + ",250"  # and enough beyond 100% to look like percentages
    with pytest.raises(ImportQuestions) as info:
        import_files(demo_store, [write_text("mixed.csv", *rows)], as_of="2024-12-29")
    (q,) = info.value.ratio_units
    # and the question says what each answer does to the figures the store holds
    assert (q.held_as_fraction, q.held_as_percent) == (5, len(rows) - 1 - 5 - 1)
    assert "1/100" in q.message and "100 倍" in q.message and "100 times smaller" in q.message


@pytest.mark.parametrize("scale", [1, 100])
def test_a_long_file_is_settled_by_the_stored_figures_too(demo_store, write_text, scale):
    """The seed's 2024 Q1-Q3 net-profit growth (most beyond 100%) in a long file, as fractions or
    in percent: the store's own figures settle it."""
    header = _seed_lines()[0].split(",")
    lines = ["证券代码,证券简称,报告期,指标,数值"]
    tickers = ("300308.SZ", "300502.SZ", "300394.SZ", "688213.SH")
    for t in tickers:
        v = _seed_value(t, "netprofit_24q1q3_yoy")
        name = _seed_rows(t)[0].split(",")[header.index("name")]
        lines.append(f"{t},{name},2024三季报,归母净利润同比,{round(v * scale, 4):g}")
    import_files(demo_store, [write_text("long.csv", *lines)], as_of="2024-12-29")
    for t in tickers:
        assert demo_store.fact(t, "net_profit_yoy", "2024Q1-Q3") == pytest.approx(
            _seed_value(t, "netprofit_24q1q3_yoy"))
