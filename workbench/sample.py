"""A synthetic store for trying the workbench at scale: many companies, a full issue over them.

The figures are random (seeded, so the same arguments give the same store); they exercise the
comparison table's page breaks, the app's grid and the benchmarks, and mean nothing.
"""

from __future__ import annotations

import json
import random

from workbench.domain.issue import Issue, TableSpec, Theme, standard_table_columns
from workbench.domain.metrics import YI
from workbench.paths import resource

MISSING_SHARE = 0.05  # about one value in twenty is missing, printed as --


def populate_sample(store, *, companies: int = 300, segments: int = 24, seed: int = 7) -> int:
    """Fill ``store`` with ``companies`` companies over ``segments`` segments and an issue
    showing them all (house profile, one analyst, one theme, a risk); returns the issue's id."""
    rng = random.Random(seed)
    with store.transaction():
        store.update_house(**json.loads(resource("templates", "house_demo.json").read_text(encoding="utf-8")))
        analyst = store.add_analyst("林思远", "S0990520080001", "lin@example.com")
        names = [f"板块{i + 1:02d}" for i in range(segments)]
        rows = [{"ticker": f"{600000 + i:06d}.SH", "name": f"公司{i + 1:03d}",
                 "segment": names[i * segments // companies]} for i in range(companies)]
        store.upsert_companies(rows)
        columns = standard_table_columns(2024)
        facts = []
        for r in rows:
            for c in columns:
                if rng.random() < MISSING_SHARE:
                    continue
                kind = {"revenue": "amount", "net_profit": "amount", "pe": "multiple"}.get(c.metric, "ratio")
                value = {"amount": rng.uniform(-5, 3000) * YI, "ratio": rng.uniform(-0.9, 4.0),
                         "multiple": rng.uniform(-80, 300)}[kind]
                facts.append((r["ticker"], c.metric, c.period, round(value, 4), "Wind", "2024-12-27"))
        store.write_facts(facts)
        issue = Issue(series="先进科技主题周报", headline=f"周观点：{companies} 家公司对比", period_start="2024-12-23",
                      period_end="2024-12-29", publish_date="2025-01-03", industry="电子", analysts=[analyst],
                      market_review="本周市场震荡。", views=["**观点**一"], advice="建议关注：",
                      themes=[Theme("主题", "理由", [rows[0]["ticker"]] if rows else [])],
                      risks=["需求不及预期"],
                      table=TableSpec(title="重点公司对比", columns=columns, as_of="2024-12-27",
                                      source="资料来源：Wind"))
        return store.save_issue(issue)
