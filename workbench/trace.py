"""Where a stored figure came from, as text: its current value and every change in the change log."""

from __future__ import annotations

from workbench.domain.metrics import format_value, metric
from workbench.errors import NotFound
from workbench.store import Store
from workbench.store.sync_state import OUTSIDE_CHANGED, OUTSIDE_WRITTEN

ORIGIN_WORDS = {
    "import": "导入 import",
    "edit": "手工修改 edit",
    "paste": "粘贴 paste",
    "delete": "删除 delete",
    "undo": "撤销 undo",
    "redo": "重做 redo",
    "demo": "演示数据 demo",
    "sync": "同步 sync",
    "merge": "合并 merge",
    "system": "系统 system",
    "external": "库外写入 written outside the workbench",
}


def _where(change: dict) -> str:
    parts = []
    if change.get("file"):
        parts.append(f"文件 file {change['file']}")
    if change.get("sheet"):
        parts.append(f"工作表 sheet {change['sheet']}")
    if change.get("row") is not None:
        parts.append(f"行 row {change['row']}")
    if change.get("col"):
        parts.append(f"列 column {change['col']}")
    if change.get("source") and not change.get("file"):
        # a value another program wrote, as the desk passes it on, says so itself
        outside = change["source"].startswith((OUTSIDE_CHANGED, OUTSIDE_WRITTEN))
        parts.append(change["source"] if outside else f"来源 source {change['source']}")
    if change.get("as_of"):
        parts.append(f"截至 as of {change['as_of']}")
    return ", ".join(parts)


def trace_lines(store: Store, ticker: str, metric_code: str, period: str) -> list[str]:
    """The figure's current value in the report's unit, then each change oldest first.

    Raises NotFound for a company, metric or period the store knows nothing of.
    """
    company = store.company(ticker)  # NotFound names an unknown ticker
    m = metric(metric_code)  # ValidationError names an unknown metric
    history = store.history(company["ticker"], m.code, period)
    current = store.fact(company["ticker"], m.code, period)
    if current is None and not history:
        raise NotFound(f"没有该数据 (no such figure): {company['ticker']} {m.code} {period}")
    unit = m.display_unit()
    lines = [f"{company['ticker']} {company['name']} {m.zh} ({m.code}) {period}: "
             f"{format_value(m.kind, current)} {unit if current is not None else ''}".rstrip()]
    if not history:
        lines.append("  (变更记录中没有该数据的条目 no entry in the change log)")
    unlogged = current is not None and store.unlogged_facts((company["ticker"], m.code, period))
    for h in history:
        who = f" {h['by']}" if h.get("by") else ""
        when = h.get("at") or "?"
        where = _where(h)
        lines.append(f"  {when}{who} {ORIGIN_WORDS.get(h['origin'], h['origin'])}"
                     f"{': ' + where if where else ''}: "
                     f"{format_value(m.kind, h['old'])} -> {format_value(m.kind, h['new'])}")
    if unlogged:  # a raw INSERT into the file: no entry accounts for the value the store holds
        lines.append(f"  ? {ORIGIN_WORDS['external']}: 变更记录中没有当前值的来源 (no change-log entry accounts "
                     f"for the current value): -> {format_value(m.kind, current)}")
    return lines
