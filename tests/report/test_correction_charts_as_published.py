"""A correction (更正) reprints its charts and market review as of its issue's week, as it does its table.

The demo issue (20241223-20241229) is published; then the next week's quotes arrive (closes of
2024-12-30 to 2025-01-03, and a corrected 沪深300 close of 2024-12-27, inside the issue's week) and
the 海外云厂商 CY2024Q3 dataset changes (微软's CY2024Q3 revenue restated, a vendor added). Issue 1
is corrected. Its v2 must draw the cover chart to the week's end only, with the corrected close of
the week; the dataset's figure with the restated point of the quarter it printed and without the
vendor added since; name the corrected close and the restated point in the final's list as it names
a table figure; keep the editor's review text until it is redrafted, and draft-review must draft
from the week's quotes, never next week's.

A dataset whose categories are periods keeps a forecast year's point changed since as published
(a point of a period not ended by the issue's 截至 is no correction of that week), and takes a
restated quarter's; a company's bars add no period reported since and take a restated actual.

Truth is independent of the code under test: the closes read from the store file with plain
sqlite3 and rebased here; both PDFs read back with pypdf; v1's frozen snapshot.
"""

from __future__ import annotations

import json
import re
import sqlite3
from decimal import ROUND_HALF_UP, Decimal

import pypdf

from workbench.cli import main

CSI300_CODE, SECTOR_CODE = "000300.SH", "801080.SI"
CORRECTED_CLOSE = "3990.00"  # 沪深300 on 2024-12-27, inside the issue's week
LATER = [("000300.SH", "沪深300", "2024-12-30", "4010.11"), ("000300.SH", "沪深300", "2025-01-03", "3775.16"),
         ("801080.SI", "申万电子", "2024-12-30", "4400.00"), ("801080.SI", "申万电子", "2025-01-03", "4100.00"),
         ("000001.SH", "上证指数", "2025-01-03", "3211.43")]
DATASET = "cloud_vendors_cy2024q3"
RESTATED = ("微软", "营业收入", 700.1)  # CY2024Q3, a quarter ended before the issue's 截至
ADDED_VENDOR = "甲骨文"


def _run(capsys, *args) -> tuple[int, str]:
    capsys.readouterr()
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out + out.err


def _snapshot(db, version: int) -> dict:
    with sqlite3.connect(db) as conn:
        row = conn.execute("SELECT snapshot_json FROM issue_versions WHERE issue_id = 1 AND version = ?",
                           [version]).fetchone()
    return json.loads(row[0])


def _closes(db, code: str) -> dict[str, float]:
    with sqlite3.connect(db) as conn:
        return dict(conn.execute("SELECT q.date, q.close FROM quotes q JOIN indices i ON i.id = q.index_id "
                                 "WHERE i.code = ? ORDER BY q.date", [code]).fetchall())


def _bar_labels(pdf_path) -> dict[str, dict[str, str]]:
    """Each figure's bars as printed: caption -> {category: value label}."""
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(str(pdf_path)).pages)
    out = {}
    for m in re.finditer(r"图 \d+：(\S+ \S+ \S+)\n单位：\S+\n(.*?)资料来源", text, re.S):
        lines = [ln.strip() for ln in m.group(2).splitlines() if ln.strip()]
        pairs = {}
        for name, value in zip(lines, lines[1:]):
            if not re.fullmatch(r"-?[\d,.]+", name) and re.fullmatch(r"-?[\d,]+\.\d", value):
                pairs[name] = value
        out[m.group(1)] = pairs
    return out


def _publish_then_next_week(db, tmp_path, capsys):
    assert _run(capsys, "status", "1", "review", "--db", db, "--by", "审阅人")[0] == 0
    assert _run(capsys, "status", "1", "final", "--db", db, "--by", "编辑")[0] == 0
    v1 = tmp_path / "v1.pdf"
    assert _run(capsys, "export", "1", "--db", db, "-o", v1)[0] == 0
    quotes = tmp_path / "quotes_20250103.csv"
    rows = [(CSI300_CODE, "沪深300", "2024-12-27", CORRECTED_CLOSE), *LATER]
    quotes.write_text("代码,名称,日期,收盘价\n" + "".join(",".join(r) + "\n" for r in rows), encoding="utf-8")
    code, out = _run(capsys, "import", quotes, "--db", db)
    assert code == 0, out
    with sqlite3.connect(db) as conn:  # the dataset changed after publication
        cats, series = conn.execute("SELECT categories, series FROM datasets WHERE name = ?", [DATASET]).fetchone()
        cats, series = json.loads(cats), json.loads(series)
        series[RESTATED[1]][cats.index(RESTATED[0])] = RESTATED[2]
        cats.append(ADDED_VENDOR)
        for values in series.values():
            values.append(99.0)
        conn.execute("UPDATE datasets SET categories = ?, series = ? WHERE name = ?",
                     [json.dumps(cats, ensure_ascii=False), json.dumps(series, ensure_ascii=False), DATASET])
    return v1


def test_a_correction_draws_its_charts_as_of_its_week(demo_path, tmp_path, capsys):
    db = str(demo_path)
    v1 = _publish_then_next_week(db, tmp_path, capsys)
    published = _snapshot(db, 1)
    code, out = _run(capsys, "correct", "1", "--db", db, "--by", "编辑", "--reason", "沪深300 12月27日收盘更正")
    assert code == 0, out

    # the review text is the editor's: kept as published until redrafted
    with sqlite3.connect(db) as conn:
        kept_review = json.loads(conn.execute("SELECT content FROM issues WHERE id = 1").fetchone()[0])["market_review"]
    assert kept_review == published["market_review"]
    # draft-review drafts from the week's quotes: the corrected close, never next week's
    closes = _closes(db, CSI300_CODE)
    base = max(d for d in closes if d < "2024-12-23")
    change = (Decimal(CORRECTED_CLOSE) / Decimal(str(closes[base])) - 1) * 100
    code, drafted = _run(capsys, "draft-review", "1", "--db", db)
    assert code == 0, drafted
    assert f"沪深300报收 {CORRECTED_CLOSE} 点，周涨跌幅为+{change.quantize(Decimal('0.01'), ROUND_HALF_UP)}%" in drafted
    for _code, _name, _day, close in LATER:
        assert close not in drafted, drafted

    assert _run(capsys, "status", "1", "review", "--db", db, "--by", "审阅人")[0] == 0
    code, refused = _run(capsys, "status", "1", "final", "--db", db, "--by", "编辑")
    assert code == 3, refused
    listed = [line for line in refused.splitlines() if re.match(r"\s+- ", line)]
    # the corrected close of the week and the restated point are named like a table figure; nothing
    # of next week's, nor the vendor added since
    assert any("沪深300" in line and "12月27日" in line for line in listed), refused
    assert any(RESTATED[0] in line and RESTATED[1] in line and str(RESTATED[2]) in line for line in listed), refused
    assert not any(ADDED_VENDOR in line or "12月30日" in line or "1月3日" in line for line in listed), refused
    code, out = _run(capsys, "status", "1", "final", "--db", db, "--by", "编辑", "--accept-changes")
    assert code == 0, out
    v2 = tmp_path / "v2.pdf"
    assert _run(capsys, "export", "1", "--db", db, "-o", v2)[0] == 0
    corrected = _snapshot(db, 2)

    # the cover chart: v1's dates (none after the week), v1's points but the corrected close's
    was, now = published["cover_chart"], corrected["cover_chart"]
    assert now["x"] == was["x"] and max(now["x"]) <= "2024-12-29"
    first = was["x"][0]
    for s_was, s_now in zip(was["series"], now["series"]):
        assert s_now["name"] == s_was["name"]
        for day, before, after in zip(was["x"], s_was["values"], s_now["values"]):
            if s_now["name"] == "沪深300" and day == "2024-12-27":
                assert after != before
                assert abs(after - float(CORRECTED_CLOSE) / closes[first] * 100) < 1e-9
            else:
                assert after == before, (s_now["name"], day)

    # the dataset's figures: v1's bars, the restated point taken, the vendor added since left out
    bars_was, bars_now = _bar_labels(v1), _bar_labels(v2)
    assert bars_was and set(bars_now) == set(bars_was)
    for caption, labels in bars_was.items():
        expected = dict(labels)
        if RESTATED[1] in caption:
            expected[RESTATED[0]] = f"{RESTATED[2]:.1f}"
            assert expected != labels
        assert bars_now[caption] == expected, caption
    assert ADDED_VENDOR not in "".join(p.extract_text() for p in pypdf.PdfReader(str(v2)).pages)
    # the review printed is the week's, as drafted
    assert corrected["market_review"] != published["market_review"]
    assert f"沪深300报收 {CORRECTED_CLOSE} 点" in corrected["market_review"]


def test_period_points_and_company_bars_follow_the_tables_rule(demo_store):
    """A forecast year's point changed since stays as published, a restated quarter's is taken; a
    company's bars gain no period reported since and take a restated actual."""
    from dataclasses import replace

    from workbench.domain.issue import Figure
    from workbench.drafting.lifecycle import change_status, open_correction
    from workbench.report import build_report_spec

    store = demo_store
    store.put_dataset("capex_guide", "云厂商资本开支", "亿美元", "资料来源：公司公告",
                      ["2024Q3", "2025E"], {"资本开支": [200.0, 900.0]})
    issue = store.issue(1)
    issue = replace(issue, figures=[*issue.figures,
                                    Figure("dataset_bars", "云厂商资本开支", "亿美元", "资料来源：公司公告", "capex_guide",
                                           "资本开支"),
                                    Figure("company_bars", "润欣科技营收与利润", source="资料来源：Wind",
                                           params={"ticker": "300493.SZ"})])
    store.save_issue(issue, keep_status=True)
    change_status(store, 1, "review", by="审阅人")
    change_status(store, 1, "final", by="编辑")
    published = json.loads(store.versions(1)[-1]["snapshot_json"])
    was_guide, was_company = published["figures"][3]["chart"], published["figures"][4]["chart"]

    # after publication: the quarter restated, the forecast year raised; the company's FY2023 revenue
    # restated (a period ended before the issue) and its 2024 annual revenue reported (after it)
    store.put_dataset("capex_guide", "云厂商资本开支", "亿美元", "资料来源：公司公告",
                      ["2024Q3", "2025E", "2026E"], {"资本开支": [210.0, 1000.0, 1100.0]})
    with sqlite3.connect(store.path) as conn:
        conn.execute("UPDATE facts SET value = 2300000000.0, as_of = '2025-03-28' WHERE ticker = '300493.SZ' "
                     "AND metric = 'revenue' AND period = '2023A'")
        conn.execute("INSERT INTO facts (ticker, metric, period, value, as_of) "
                     "VALUES ('300493.SZ', 'revenue', '2024A', 2600000000.0, '2025-03-28')")
    open_correction(store, 1, reason="更正", by="编辑")
    spec = build_report_spec(store, 1)
    guide, company = spec.figures[3].chart, spec.figures[4].chart

    assert list(guide.x) == was_guide["x"] == ["2024Q3", "2025E"]
    assert list(guide.series[0].values) == [210.0, was_guide["series"][0]["values"][1]]
    assert list(company.x) == was_company["x"] and "2024" not in company.x
    index = company.x.index("2023")
    for s_now, s_was in zip(company.series, was_company["series"]):
        for k, (after, before) in enumerate(zip(s_now.values, s_was["values"])):
            if s_now.name == "营业收入" and k == index:
                assert abs(after - 23.0) < 1e-9 and before != after
            else:
                assert after == before


def test_a_line_redrawn_over_many_days_is_named_once():
    """A close corrected before the chart's points (its base) redraws the whole line: the final's list
    names that series once, with how many points and its last point, not a line a day."""
    from workbench.drafting.lifecycle import CHART_POINTS_NAMED, chart_changes

    days = [f"2024-12-{d:02d}" for d in range(2, 28)]
    before = {"cover_chart": {"kind": "line", "title": "走势", "unit": "", "x": days,
                              "series": [{"name": "沪深300", "values": [100.0 + k for k in range(len(days))]},
                                         {"name": "申万电子", "values": [100.0] * len(days)}]}}
    after = json.loads(json.dumps(before))
    after["cover_chart"]["series"][0]["values"] = [v * 1.01 for v in before["cover_chart"]["series"][0]["values"]]
    after["cover_chart"]["series"][1]["values"][-1] = 101.0
    changes = chart_changes(before, after)
    assert len(days) > CHART_POINTS_NAMED
    lines = [c.describe() for c in changes]
    assert len(lines) == 2, lines
    last = before["cover_chart"]["series"][0]["values"][-1]
    def shown(v):  # two decimals, trailing zeros dropped
        return f"{v:.2f}".rstrip("0").rstrip(".")

    assert f"沪深300 {len(days)} 个点" in lines[0] and f"12月27日 {shown(last)} → 12月27日 {shown(last * 1.01)}" in lines[0]
    assert "申万电子 12月27日" in lines[1] and lines[1].endswith("100 → 101"), lines[1]


def test_a_dataset_deleted_since_publication_stays_as_published(demo_store):
    """Like a company deleted since, a dataset deleted after publication keeps its published bars in
    the correction instead of printing 暂无数据."""
    from workbench.drafting.lifecycle import change_status, open_correction
    from workbench.report import build_report_spec

    store = demo_store
    change_status(store, 1, "review", by="审阅人")
    change_status(store, 1, "final", by="编辑")
    published = json.loads(store.versions(1)[-1]["snapshot_json"])["figures"]
    with sqlite3.connect(store.path) as conn:
        conn.execute("DELETE FROM datasets WHERE name = ?", [DATASET])
    open_correction(store, 1, reason="更正", by="编辑")
    spec = build_report_spec(store, 1)
    for was, now in zip(published, spec.figures):
        assert now.error == "" and now.chart is not None
        assert list(now.chart.x) == was["chart"]["x"]
        assert [list(s.values) for s in now.chart.series] == [s["values"] for s in was["chart"]["series"]]
        assert now.title == was["title"]
