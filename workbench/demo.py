"""Build the demo store: the reference weekly issue of 2024-12-23..29 with all its data."""

from __future__ import annotations

import csv
import json
import math
import random
from datetime import date, timedelta
from pathlib import Path

from workbench.domain.issue import Figure, Issue, RelatedReport, TableSpec, Theme, standard_table_columns
from workbench.errors import WorkbenchError
from workbench.outputs import database_in_use
from workbench.paths import resource
from workbench.progress import report
from workbench.store import Store

DEMO_AS_OF = "2024-12-29"
SAMPLE_SOURCE = "示意数据"

# Stocks the themes name that are not in the comparison table.
EXTRA_COMPANIES = [("300622.SZ", "博士眼镜"), ("300136.SZ", "信维通信")]


def demo_file(name: str) -> Path:
    return resource("demo", name)


def build_demo(path: str | Path, *, force: bool = False, progress=None) -> int:
    """Create a store at ``path`` holding the demo issue; returns the issue id.

    Refuses to touch an existing store that already holds data unless ``force``; with
    ``force`` the file is replaced.
    """
    path = Path(path)
    if path.exists():
        with Store(path) as existing:
            has_data = any(existing.counts().values())
            published = existing.published_issues()
        if published:  # the house's five-year record: never discarded, not even with --force
            named = "；".join(f"#{i['id']} {i['series']} {i['period_start']}..{i['period_end']}" for i in published)
            raise WorkbenchError(f"{path} 含已发布的周报，不能覆盖 (the store holds published issues; it cannot be "
                                 f"replaced, even with --force): {named}")
        if has_data and not force:
            raise WorkbenchError(f"{path} 已有数据；如需覆盖请加 --force (the store holds data; use --force)")
        if database_in_use(path):
            raise WorkbenchError(f"{path} 正被其他程序使用，不能覆盖 (the store is in use by another program)")
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    with Store(path) as store:
        with store.batch("demo"):
            issue_id = populate_demo(store, progress=progress)
    return issue_id


def populate_demo(store: Store, progress=None) -> int:
    spec = json.loads(demo_file("demo_issue.json").read_text(encoding="utf-8"))
    house = json.loads(resource("templates", "house_demo.json").read_text(encoding="utf-8"))
    steps = 6
    report(progress, 0, steps, "机构信息 house profile")
    store.update_house(**house)
    analyst_ids = [store.add_analyst(a["name"], a["sac_no"], a.get("contact")) for a in spec["analysts"]]

    report(progress, 1, steps, "公司与财务数据 companies and facts")
    _load_companies(store)

    report(progress, 2, steps, "指数行情 index quotes")
    _load_quotes(store)

    report(progress, 3, steps, "图表数据 chart data")
    _load_cloud_vendors(store, house["name_zh"])

    report(progress, 4, steps, "周报 issue")
    issue = Issue(
        series=spec["series"], headline=spec["headline"], period_start=spec["period_start"],
        period_end=spec["period_end"], publish_date=spec["publish_date"], industry=spec["industry"],
        rating=spec["rating"], rating_action=spec["rating_action"], analysts=analyst_ids,
        views=spec["views"], advice=spec["advice"],
        themes=[Theme(**t) for t in spec["themes"]], risks=spec["risks"],
        related=[RelatedReport(**r) for r in spec["related"]],
        figures=[Figure(**f) for f in spec["figures"]],
        table=TableSpec(title=spec["table"]["title"], segments=store.segments(),
                        columns=standard_table_columns(2024), as_of=spec["table"]["as_of"],
                        source=spec["table"]["source"]),
        review_indices=spec["review_indices"], sector_index=spec["sector_index"],
        cover_index=spec["cover_index"],
    )
    from workbench.drafting.review import draft_market_review

    issue.market_review = draft_market_review(store, issue)
    issue_id = store.save_issue(issue)

    report(progress, 5, steps, "周度笔记 weekly notes")
    for note in spec["notes"]:
        store.add_note(note["text"], date=note["date"], author=note["author"], tickers=note["tickers"],
                       tags=note["tags"], themes=note["themes"])
    report(progress, steps, steps, "完成 done")
    return issue_id


def _load_companies(store: Store) -> None:
    """The comparison table's companies and figures, through the importer (amounts in 亿元)."""
    from workbench.imports import import_files

    import_files(store, [demo_file("companies.csv")], default_amount_unit="亿元", as_of=DEMO_AS_OF)
    store.upsert_companies([{"ticker": c["ticker"], "industry": "电子"} for c in store.companies()])
    store.upsert_companies({"ticker": t, "name": n, "industry": "电子"} for t, n in EXTRA_COMPANIES)


def _load_quotes(store: Store) -> None:
    """The week's five index quotes (through the importer), then the cover chart's history."""
    from workbench.imports import import_files

    import_files(store, [demo_file("index_quotes.csv")])
    with demo_file("index_quotes.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    # A year of daily closes for the cover chart. No real history is available offline, so
    # the series are generated (deterministically) and marked as sample data.
    csi = next(r for r in rows if r["index_code"] == "000300.SH")
    bench_id = store.upsert_index("沪深300", "000300.SH", is_benchmark=True, sample=True)
    sector_id = store.upsert_index("申万电子", "801080.SI", "SW Electronics Index", sample=True)
    end = date.fromisoformat(csi["week_end"])
    store.write_quotes(sample_history(bench_id, end, float(csi["close"]), float(csi["weekly_change"]),
                                      start_level=3431.0, seed=300))
    store.write_quotes(sample_history(sector_id, end, 4310.52, 0.0208, start_level=3640.0, seed=801080))


def sample_history(index_id: int, end: date, close: float, weekly_change: float, *,
                   start_level: float, seed: int, days: int = 372) -> list[tuple]:
    """Deterministic weekday closes over ``days`` ending at ``close`` with the given last-week change.

    The series ends exactly at ``close``, and the close a week before equals
    ``close / (1 + weekly_change)``, so derived weekly changes agree with the stored one.
    """
    rng = random.Random(seed)
    start = end - timedelta(days=days)
    dates = [start + timedelta(days=i) for i in range(days + 1)]
    dates = [d for d in dates if d.weekday() < 5]
    week_ago = end - timedelta(days=7)
    prev_close = close / (1 + weekly_change)
    # random walk in log space, then bent so both anchors are hit exactly
    steps = [rng.gauss(0, 0.012) for _ in dates]
    walk, level = [], math.log(start_level)
    for s in steps:
        level += s
        walk.append(level)
    i_prev = max(i for i, d in enumerate(dates) if d <= week_ago)
    n = len(dates) - 1
    fix_prev = math.log(prev_close) - walk[i_prev]
    out = []
    for i, d in enumerate(dates):
        if i <= i_prev:
            adj = fix_prev * (i / i_prev)
        else:
            fix_end = math.log(close) - walk[n]
            adj = fix_prev + (fix_end - fix_prev) * (i - i_prev) / (n - i_prev)
        value = round(math.exp(walk[i] + adj), 2)
        out.append((index_id, d.isoformat(), value, None, SAMPLE_SOURCE))
    out[i_prev] = (index_id, dates[i_prev].isoformat(), round(prev_close, 2), None, SAMPLE_SOURCE)
    out[-1] = (index_id, end.isoformat(), close, weekly_change, "Wind")
    return out


def _load_cloud_vendors(store: Store, house_name: str) -> None:
    with demo_file("cloud_vendors_cy2024q3.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    store.put_dataset(
        "cloud_vendors_cy2024q3", "海外云厂商 CY2024Q3 经营数据", "亿美元",
        f"资料来源：Wind，{house_name}研究所",
        [r["vendor_zh"] for r in rows],
        {"营业收入": [float(r["revenue_100m_usd"]) for r in rows],
         "净利润": [float(r["net_profit_100m_usd"]) for r in rows],
         "资本开支": [float(r["capex_100m_usd"]) for r in rows]})
