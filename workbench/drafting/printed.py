"""A published issue against the store now: the figures its published version prints that the store
now holds otherwise, as a correction of it would print them. ``workbench check`` and ``export`` of a
final, and the issue editor's preflight of a final, name them as warnings (a figure fixed after
publication, not next week's PE); the published PDF stays as it is."""

from __future__ import annotations

from workbench.drafting.lifecycle import published_changes, updated_figures


def printed_otherwise(store, issue) -> tuple[int | None, list]:
    """For a published issue: the version the house published and the comparison table's figures it
    prints that the store now holds otherwise (``ValueChange``: printed before, the store's value
    after), as a correction of it would print them (``published_changes`` on that correction: a
    market figure or forecast dated after the issue keeps its published value there, so is not
    named). (None, []) for an issue not final, or a store holding none of its versions."""
    if issue.status != "final" or issue.id is None:
        return None, []
    versions = store.versions(issue.id)
    if not versions:
        return None, []
    from dataclasses import replace

    from workbench.report import build_report_spec

    correction = replace(issue, status="draft", version=max(v["version"] for v in versions) + 1)
    version, changes = published_changes(store, correction, build_report_spec(store, correction))
    return version, updated_figures(changes)


def printed_otherwise_lines(issue_id: int, version: int | None, changes: list) -> list[str]:
    """One warning a figure of ``printed_otherwise``: the company, metric and period, the value the
    published version prints and the store's now with every digit, and how to correct it."""
    from workbench.domain.metrics import METRICS, format_value, values_written

    NAMED = 20  # figures named one by one; more are counted

    lines = []
    for c in changes[:NAMED]:
        m = METRICS.get(c.metric)
        unit = m.display_unit() if m and c.kind in ("amount", "price", "per_share") else ""
        now = f"{values_written(c.kind, c.before, c.after)[1]} {unit}".rstrip() if c.after is not None else "--"
        printed = format_value(c.kind, c.before)
        lines.append(f"第 {issue_id} 期 v{version} 印的 {c.name}（{c.ticker}）{c.label} 是 {printed}，库中现为 {now}；"
                     f"如需更正：workbench correct {issue_id} (issue #{issue_id} v{version} printed {printed} for "
                     f"{c.ticker} {c.metric} {c.period}; the store now holds {now.replace('亿元', '(100m CNY)')}; to correct it: "
                     f"workbench correct {issue_id})")
    if len(changes) > NAMED:
        lines.append(f"另有 {len(changes) - NAMED} 个数值与第 {issue_id} 期 v{version} 所印不同 ({len(changes) - NAMED} "
                     f"more figure(s) differ from what issue #{issue_id} v{version} printed)")
    return lines


def printed_otherwise_warnings(store, issue) -> list:
    """For a final issue, the figures it printed that the store now holds otherwise, as preflight
    warnings (``check`` and ``export`` print them; the exit code stays); none for another issue."""
    from workbench.report.preflight import Finding

    if issue.status != "final":
        return []
    return [Finding("printed_otherwise", line, "table")
            for line in printed_otherwise_lines(issue.id, *printed_otherwise(store, issue))]


def preflight_with_published(store, issue):
    """The preflight of ``issue``, with a final's figures printed otherwise added as warnings."""
    from workbench.report import preflight

    result = preflight(store, issue)
    result.warnings += printed_otherwise_warnings(store, issue)
    return result
