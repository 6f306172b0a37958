"""Plant a bug in each core rule and count the tests that catch it (a small mutation test).

    .venv/bin/python bench/mutation_check.py              # every mutant; a few minutes on 2 cores
    .venv/bin/python bench/mutation_check.py --only diff  # mutants whose name contains "diff"
    .venv/bin/python bench/mutation_check.py --fast       # stop each run at the first failing test (-x)

The check never touches the working tree it is started from: it checks the last commit (HEAD) out
into a temporary git worktree under /tmp, plants each bug there in turn, runs that rule's test
files with pytest, puts the file back, and removes the worktree at the end, also after Ctrl-C or
a failure. Uncommitted changes are not checked: commit first.

The tests run the worktree's code (PYTHONPATH) and its resources/ (WORKBENCH_RESOURCES, which
workbench.paths honours outside a bundle), so a planted bug in resources/ is seen too.

First the test files are run once unchanged (a test that already fails there is not counted as
catching anything). Then, for every mutant, the failing tests are listed. A rule is defended when
each of its mutants is caught by at least two test functions (parametrised cases of one function
count once). tests/README.md holds the latest result.
Exit code 0 when every mutant is caught by at least two test functions, 1 otherwise, 2 when a planted
snippet no longer matches the code (the list below needs updating).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PYTHON = REPO / ".venv" / "bin" / "python"


@dataclass(frozen=True)
class Mutant:
    name: str
    rule: str
    file: str
    original: str
    mutated: str
    tests: tuple[str, ...]


W = "tests/workbench/"
MUTANTS = [
    Mutant("demo-data-typo", "the demo holds the reference table as printed (乐鑫科技 2023 revenue 14.3 -> 41.3)",
           "resources/demo/companies.csv",
           "688018.SH,乐鑫科技,AIOT soc,14.3,", "688018.SH,乐鑫科技,AIOT soc,41.3,",
           (W + "test_demo.py", W + "test_golden_table.py", W + "test_report.py", W + "test_table_xlsx.py")),
    Mutant("amount-decimals", "amounts print in 亿元 with one decimal",
           "workbench/domain/metrics.py",
           "    d = st.decimals(kind)\n    if not math.isfinite(value):",
           '    d = st.decimals(kind) + (kind == "amount")\n    if not math.isfinite(value):',
           (W + "test_domain.py", W + "test_golden_table.py", W + "test_report.py", W + "test_report_robustness.py",
            W + "test_report_table.py", W + "test_report_numbers.py", W + "test_diff_threshold.py")),
    Mutant("thousands-separators", "amounts print without thousands separators (2319.1), as the reference",
           "workbench/domain/metrics.py",
           "    thousands: bool = False  # group", "    thousands: bool = True  # group",
           (W + "test_domain.py", W + "test_golden_table.py", W + "test_report.py", W + "test_report_robustness.py",
            W + "test_report_table.py", W + "test_report_numbers.py", W + "test_table_xlsx.py")),
    Mutant("ratio-decimals", "rates print as % with two decimals",
           "workbench/domain/metrics.py",
           "    d = st.decimals(kind)\n    if not math.isfinite(value):",
           '    d = st.decimals(kind) + (kind == "ratio")\n    if not math.isfinite(value):',
           (W + "test_domain.py", W + "test_golden_table.py", W + "test_report.py", W + "test_report_robustness.py",
            W + "test_report_table.py", W + "test_report_numbers.py", W + "test_diff_threshold.py")),
    Mutant("wan-yuan-factor", "万元 is 10,000 yuan at import",
           "workbench/domain/values.py",
           '"万元": 1e4', '"万元": 1e3',
           (W + "test_wan_yuan.py", W + "test_imports.py", W + "test_imports_headers.py", W + "test_domain.py")),
    Mutant("wide-unit-ignored", "a wide sheet's amount unit scales its values",
           "workbench/imports/layouts.py",
           "    return exact_scale(values, factor), pct & ~np.isnan(values)",
           "    return exact_scale(values, 1.0), pct & ~np.isnan(values)",
           (W + "test_wan_yuan.py", W + "test_imports.py", W + "test_imports_headers.py")),
    Mutant("long-unit-ignored", "a long sheet's unit column scales its values",
           "workbench/imports/layouts.py",
           "    factors = np.array([unit_factor(r.unit) if r.unit and r.error is None else 1.0 for r in resolved]",
           "    factors = np.array([1.0 for r in resolved]",
           (W + "test_wan_yuan.py", W + "test_imports.py", W + "test_imports_headers.py")),
    Mutant("import-not-atomic", "an import of several files lands whole or not at all",
           "workbench/imports/importer.py",
           "with (store.dry_run() if dry_run else store.transaction()):",
           'with (store.dry_run() if dry_run else __import__("contextlib").nullcontext()):',
           (W + "test_import_atomic.py", W + "test_imports.py", W + "test_imports_bad.py")),
    Mutant("dry-run-writes", "a dry run writes nothing",
           "workbench/imports/importer.py",
           "with (store.dry_run() if dry_run else store.transaction()):", "with store.transaction():",
           (W + "test_import_atomic.py", W + "test_imports.py", W + "test_imports_bad.py")),
    Mutant("output-not-atomic", "an export writes a temporary file and renames it, so a failure keeps the earlier file",
           "workbench/outputs.py",
           "tmp = _new_file(real.parent, real.name)", "tmp = real",
           (W + "test_report.py", W + "test_table_xlsx.py", W + "test_record.py")),
    Mutant("diff-raw-compare", "the week-over-week diff ignores changes below the printed rounding",
           "workbench/drafting/diff.py",
           "if format_value(kind, before) != format_value(kind, after):", "if before != after:",
           (W + "test_diff_threshold.py", W + "test_lifecycle.py")),
    Mutant("diff-missing-ignored", "a figure appearing or disappearing is a change",
           "workbench/drafting/diff.py",
           "if format_value(kind, before) != format_value(kind, after):",
           "if None not in (before, after) and format_value(kind, before) != format_value(kind, after):",
           (W + "test_diff_threshold.py", W + "test_lifecycle.py")),
    Mutant("trigger-update-allowed", "the database refuses to change a published version",
           "workbench/store/schema.py",
           'for event in ("UPDATE", "DELETE"):\n        db.execute(f"""CREATE TRIGGER issue_versions_no_',
           'for event in ("DELETE",):\n        db.execute(f"""CREATE TRIGGER issue_versions_no_',
           (W + "test_record_trigger.py", W + "test_lifecycle.py", W + "test_record.py", W + "test_store.py")),
    Mutant("trigger-log-always", "a never-published draft's status log is not frozen",
           "workbench/store/schema.py",
           "WHEN EXISTS (SELECT 1 FROM issue_versions WHERE issue_id = old.issue_id)", "WHEN 1",
           (W + "test_record_trigger.py", W + "test_lifecycle.py", W + "test_record.py", W + "test_store.py")),
    Mutant("tsv-not-padded", "ragged clipboard rows are padded to a rectangle",
           "ui/widgets/clipboard.py",
           'return [r + [""] * (width - len(r)) for r in rows]', "return rows",
           ("tests/ui/test_clipboard_tsv.py", "tests/ui/test_ui_table_view.py")),
    Mutant("review-tie-wins", "a tie with the benchmark is 与大盘持平, not 跑赢",
           "workbench/analysis/metrics.py",
           "    if sector == bench:\n        return LEVEL\n", "",
           (W + "test_review.py", W + "test_analysis.py")),
    Mutant("review-fixed-benchmark", "the market review compares with the house's chosen benchmark",
           "workbench/analysis/review.py",
           "bench = store.benchmark()", 'bench = store.index("沪深300")',
           (W + "test_review.py", W + "test_analysis.py")),
    Mutant("sac-12-digits", "an SAC number is S or A and 13 digits",
           "workbench/domain/compliance.py",
           r'SAC_RE = re.compile(r"^[SA]\d{13}$")', r'SAC_RE = re.compile(r"^[SA]\d{12,13}$")',
           (W + "test_domain.py", W + "test_compliance_rules.py", W + "test_preflight.py", "tests/e2e/test_cli.py")),
    Mutant("final-re-rendered", "a final issue exports its frozen PDF byte for byte",
           "workbench/drafting/lifecycle.py",
           'if issue.status == "final":\n        _refuse_over_a_refused_publication(store, issue.id, "导出 (export)")',
           'if False:\n        _refuse_over_a_refused_publication(store, issue.id, "导出 (export)")',
           (W + "test_lifecycle.py", W + "test_frozen_export.py", W + "test_record.py", "tests/e2e/test_cli.py")),
    Mutant("yoy-signed-base", "YoY against a loss uses the base's absolute value",
           "workbench/domain/growth.py",
           "return float((cur - prev) / abs(prev))", "return float((cur - prev) / prev)",
           (W + "test_analysis.py", W + "test_yoy_rules.py", W + "test_domain.py")),
    Mutant("percent-text", "'12.5%' in a cell is 0.125",
           "workbench/domain/values.py",
           "    if percent:  # the decimal written over 100, exactly: 12.745% is 0.12745, not 0.12744999999999998\n"
           "        value = float(Decimal(text).scaleb(-2))\n", "",
           (W + "test_domain.py", W + "test_imports.py", W + "test_wan_yuan.py")),
    Mutant("star-market-exchange", "688xxx codes are Shanghai (.SH)",
           "workbench/domain/tickers.py",
           '("600", "601", "603", "605", "688", "689", "900")', '("600", "601", "603", "605", "689", "900")',
           (W + "test_domain.py", W + "test_imports.py")),
    Mutant("trust-plausible-range-open", "values outside a metric's plausible range are refused (import, cell, preflight)",
           "workbench/domain/metrics.py",
           "    if not low <= number <= high:\n", "    if False:\n",
           (W + "test_plausible.py", W + "test_import_trust.py", W + "test_edits_plausible.py", W + "test_preflight.py")),
    Mutant("trust-bom-ignored", "a byte order mark decides the encoding of a CSV",
           "workbench/imports/readers.py",
           "    enc = bom_encoding(data)\n", "    enc = None\n",
           (W + "test_import_trust.py", W + "test_imports.py", W + "test_imports_bad.py")),
    Mutant("trust-hidden-sheet-read", "hidden and veryHidden sheets are never read",
           "workbench/imports/readers.py",
           'getattr(ws, "sheet_state", "visible") == "visible"', "True",
           (W + "test_import_trust.py", W + "test_imports.py")),
    Mutant("trust-other-database-overwritten", "no writer replaces another SQLite database",
           "workbench/outputs.py",
           "if head == SQLITE_MAGIC and not replace_database:", "if False:",
           (W + "test_outputs.py", "tests/e2e/test_cli_safety.py")),
    Mutant("trust-update-unlogged", "every changed fact value is written to the change log",
           "workbench/store/schema.py",
           "WHEN {same_key} AND old.value IS NOT new.value BEGIN", "WHEN 0 BEGIN",
           (W + "test_change_log.py",)),
    Mutant("trust-review-borrows-old-close", "the market review uses only quotes dated inside the week",
           "workbench/analysis/review.py",
           'store.quotes(idx["id"], period_start, period_end)', 'store.quotes(idx["id"], None, period_end)',
           (W + "test_review.py", W + "test_preflight.py", W + "test_copy_forward_dates.py")),
    Mutant("trust-run-entry-not-kept", "a new fact's run entry is written to the log before the fact first changes",
           "workbench/store/schema.py",
           "WHEN old.log_mark IS NOT NULL AND ({changed}) BEGIN", "WHEN 0 BEGIN",
           (W + "test_change_log.py", W + "test_records_forgery.py", "tests/e2e/test_cli_trace_verify.py")),
    Mutant("trust-deleted-run-entry-lost", "a deleted new fact keeps its run entry in the log",
           "workbench/store/schema.py",
           "f\"WHEN old.log_mark IS NOT NULL BEGIN {_keep_run_entry('old')} END\")",
           "f\"WHEN 0 BEGIN {_keep_run_entry('old')} END\")",
           (W + "test_change_log.py", W + "test_records_forgery.py", "tests/e2e/test_cli_trace_verify.py")),
    Mutant("trust-run-not-derived", "a run's entry is derived only for a fact no logged row covers",
           "workbench/store/reader.py",
           '"WHERE NOT EXISTS (SELECT 1 FROM change_log WHERE seq = f.log_mark) ")', '"WHERE 1 ")',
           (W + "test_change_log.py", W + "test_records_forgery.py", "tests/e2e/test_cli_trace_verify.py")),
    Mutant("trust-import-references-unchecked", "an import's references are checked once before it commits",
           "workbench/store/store.py",
           "        if broken:\n            raise sqlite3.IntegrityError",
           "        if False:\n            raise sqlite3.IntegrityError",
           (W + "test_import_atomic.py", W + "test_imports_bad.py", W + "test_change_log.py")),
    Mutant("desk-misses-run-facts", "a sync pushes the new facts recorded in runs",
           "workbench/store/sync_state.py",
           '        if origin != "sync":', "        if False:",
           (W + "test_change_log.py", "tests/desk/test_desk_sync.py", "tests/desk/test_desk_bulk_join.py")),
    Mutant("trust-unlogged-not-verified", "workbench verify names facts inserted or changed outside the workbench",
           "workbench/drafting/record.py",
           "found = find(limit=UNLOGGED_SHOWN + 1)", "found = []",
           (W + "test_records_forgery.py", "tests/e2e/test_cli_trace_verify.py", W + "test_change_log.py")),
    Mutant("trust-unmerge-overwrites-edits", "undoing an index merge refuses when a moved quote changed since",
           "workbench/store/store.py",
           "            if changed:\n                listed", "            if False:\n                listed",
           (W + "test_index_identity.py", W + "test_index_unmerge_command.py", "tests/ui/test_ui_index_identity.py")),
    Mutant("trust-unmerge-drops-copies", "undoing an index merge restores the removed index's copy of a shared date",
           "workbench/store/store.py",
           'if d not in moved_dates and q["close"] is not None]', "if False]",
           (W + "test_index_identity.py", W + "test_index_unmerge_command.py", "tests/ui/test_ui_index_identity.py")),
    Mutant("trust-review-vendor-first", "the weekly change is the closes', not the file's 涨跌幅",
           "workbench/analysis/review.py",
           'change = weekly_change(last["close"], base["close"]) if base is not None else None',
           'change = vendor if vendor is not None else (weekly_change(last["close"], base["close"]) '
           'if base is not None else None)',
           (W + "test_review_week_base.py", W + "test_review.py")),
    Mutant("trust-older-import-reverts", "an older file never silently reverts a newer stored value",
           "workbench/imports/importer.py",
           "    if not allow_older:\n        check_older_values(", "    if False:\n        check_older_values(",
           (W + "test_import_older.py", "tests/e2e/test_cli_import_questions.py")),
    Mutant("trust-stale-prices-silent", "price-based table figures dated before the issue's week are warned of",
           "workbench/report/freshness.py",
           "        limit = start if price else rule\n", "        limit = rule\n",
           (W + "test_preflight_freshness.py", "tests/e2e/test_cli_freshness.py")),
    Mutant("trust-blocked-export-exit-1", "an export the preflight blocks exits 3",
           "workbench/report/export.py",
           "    exit_code = 3  # workbench.cli.EXIT_BLOCKED", "    exit_code = 1",
           ("tests/e2e/test_cli_exit_codes.py", "tests/e2e/test_cli.py")),
    Mutant("desk-raw-insert-unpushed", "a fact another program inserted is pushed at the next sync, as 库外写入",
           "workbench/desk/sync.py",
           "                state.log_outside_inserts(store)", "                pass",
           ("tests/desk/test_desk_raw_insert.py",)),
    Mutant("trust-unstated-unit-silent", "an amount column with no unit whose figures are implausibly small in 元 is refused",
           "workbench/imports/layouts.py",
           "            if unit_factor(c.info.unit) == 1.0:",
           "            if False:",
           (W + "test_import_unstated_units.py", W + "test_imports.py", W + "test_imports_bad.py")),
    Mutant("trust-amount-evidence-ignored", "an amount column 10^2 or more off the store's own figures stops with the unit question",
           "workbench/imports/layouts.py",
           "            if ask_amount_unit(pf.problems, c.info.metric",
           "            if False and ask_amount_unit(pf.problems, c.info.metric",
           ("tests/imports/test_careless_amount_units.py", "tests/imports/test_careless_unit_statements.py")),
    Mutant("trust-ytd-year-from-clock", "a YTD figure's year comes from the data, never the file's time",
           "workbench/imports/layouts.py",
           "    ytd_as_of = dated or ytd_as_of\n", "    ytd_as_of = dated or ytd_as_of or sheet.modified\n",
           (W + "test_import_ytd_year.py", W + "test_imports.py")),
    Mutant("trust-names-normalised", "names and segments are stored as the file writes them",
           "workbench/imports/layouts.py",
           "    return cell_text(value).strip() or None", "    return normalise_text(cell_text(value)) or None",
           (W + "test_import_text_kept.py", W + "test_imports.py")),
    Mutant("trust-ticker-named-as-another", "a stored ticker's row named as another stored company is asked about",
           "workbench/imports/importer.py",
           "    check_ticker_names(parsed, stored_companies, set(renamed_companies))", "    pass",
           (W + "test_import_guard_names.py",)),
    Mutant("trust-undo-wipes-later-write", "undo and redo of a figure refuse when it changed since",
           "workbench/edits.py",
           "        if _fact_image(now) == _fact_image(expected):\n            return",
           "        if True:\n            return",
           (W + "test_trust_undo.py", "tests/ui/test_ui_undo_changed_since.py")),
    Mutant("trust-outside-figures-silent", "the preflight names table figures changed outside the workbench",
           "workbench/report/preflight.py",
           "             lambda: _outside_figures(store, issue, spec, r)]", "             lambda: None]",
           (W + "test_trust_preflight_outside.py",)),
    Mutant("trust-pick-missing-from-table", "a theme's stock missing from the comparison table is warned of",
           "workbench/report/preflight.py",
           "        for company in missing:\n            why = _why_not_in_table(issue, company)",
           "        for company in []:\n            why = _why_not_in_table(issue, company)",
           (W + "test_report_table_complete.py",)),
    Mutant("trust-restore-unverified", "a restore refuses a backup that fails verify",
           "workbench/drafting/record.py",
           "    report = verify_backup(backup, progress=progress)\n    if report is None or report.ok:\n        return []",
           "    report = verify_backup(backup, progress=progress)\n    if True:\n        return []",
           (W + "test_trust_records.py", "tests/ui/test_ui_desk_user.py")),
    # rules of the release of 2026-11-30
    Mutant("round-half-even", "figures round half away from zero on the decimal written (3.125% -> 3.13%)",
           "workbench/domain/metrics.py",
           "_PRINTED = Context(prec=400, rounding=ROUND_HALF_UP,", "_PRINTED = Context(prec=400, rounding=ROUND_HALF_EVEN,",
           ("tests/test_numbers_rounding.py", "tests/test_numbers_outputs.py", W + "test_domain.py")),
    Mutant("round-binary", "a figure a hair from a half-way point is rounded on the decimal written, not in binary",
           "workbench/domain/metrics.py",
           "    if abs(frac - 0.5) <= _TIE_MARGIN * max(1.0, units):\n        return None\n", "",
           ("tests/test_numbers_rounding.py", "tests/test_numbers_outputs.py", W + "test_domain.py")),
    Mutant("percent-cell-binary", "'12.745%' in a cell is the decimal over 100 exactly (0.12745)",
           "workbench/domain/values.py",
           "        value = float(Decimal(text).scaleb(-2))\n", "        value /= 100.0\n",
           ("tests/test_numbers_imports.py", W + "test_typed_as_written.py", W + "test_domain.py",
            "tests/test_mutants_imports.py")),
    Mutant("percent-unit-binary", "a ratio column in % stores the decimal written over 100 exactly",
           "workbench/imports/layouts.py",
           "return np.where(pct, values, exact_scale(values, PERCENT)), np.zeros(len(values), dtype=bool)",
           "return np.where(pct, values, values / 100.0), np.zeros(len(values), dtype=bool)",
           ("tests/test_numbers_imports.py", "tests/imports/test_careless_round_trip.py", W + "test_imports.py")),
    Mutant("same-figure-tolerance", "a figure imported again is unchanged only when one decimal at 15 significant digits",
           "workbench/imports/importer.py",
           "and written_decimal(old) == written_decimal(new)", "and abs(old - new) <= 1e-9 * abs(old)",
           ("tests/test_numbers_imports.py", W + "test_imports.py", W + "test_change_log.py", "tests/test_mutants_imports.py")),
    Mutant("ratio-unit-not-asked", "ratios stating no unit, most of a column beyond 100%, are asked about",
           "workbench/imports/questions.py",
           "TYPICAL_LIMIT, TYPICAL_COUNT = 1.0, 3", "TYPICAL_LIMIT, TYPICAL_COUNT = 10.0, 3",
           ("tests/imports/test_careless_ratio_units.py", "tests/ui/test_app_msgs_ratio.py", "tests/test_mutants_imports.py")),
    Mutant("unfamiliar-name-silent", "a stored ticker on a row naming a company the store does not know is asked about",
           "workbench/imports/questions.py",
           '                if same_company_name(name, own[ticker], full[ticker] or ""):\n                    continue',
           "                if True:\n                    continue",
           ("tests/imports/test_careless_names.py", W + "test_import_guard_names.py",
            "tests/ui/dialogs/test_import_questions.py")),
    Mutant("backup-force-other-store", "backup --force replaces only a copy of this store",
           "workbench/store/store.py",
           '            if not ident or ident[0] != self.get_setting("workstation_id"):',
           "            if not ident:",
           (W + "test_trust_backup_target.py", "tests/e2e/test_cli_safety.py", W + "test_record.py",
            "tests/test_mutants_records.py")),
    Mutant("unproven-import-batch-trusted", "a figure on an import batch no import recorded is changed outside",
           "workbench/store/store.py",
           "\"SELECT b.id, b.file FROM change_batches b WHERE b.origin = 'import' AND NOT EXISTS \"",
           "\"SELECT b.id, b.file FROM change_batches b WHERE 0 AND NOT EXISTS \"",
           (W + "test_trust2_preflight_unproven.py", W + "test_trust_verify_hidden.py", "tests/test_mutants_records.py")),
    Mutant("schema-drift-added-ignored", "verify names triggers added to the store",
           "workbench/store/store.py",
           '"added": sorted(n for n in have if n not in expected) + sorted(temp),', '"added": [],',
           (W + "test_trust_verify_hidden.py", W + "test_trust_records.py")),
    Mutant("snapshot-key-not-compared", "verify compares a snapshot's SHA-256 with the /SnapshotSHA256 its PDF records",
           "workbench/drafting/record.py",
           "    if mine == key:\n        return None", "    if True:\n        return None",
           (W + "test_verify_fast_snapshot.py", W + "test_verify_fast_key.py", W + "test_trust_records.py")),
    Mutant("new-issue-week-checked-outside", "new-issue checks the week is free inside its write transaction",
           "workbench/drafting/lifecycle.py",
           "        if not again:\n            _refuse_a_taken_week(store, new.series, new.period_start, new.period_end)\n",
           "",
           (W + "test_trust_new_issue_race.py", W + "test_lifecycle.py", "tests/test_mutants_new_issue_week.py")),
    Mutant("justify-wide-gap-only-at-spaces", "a justified line widens only the gaps beside a typed space (poppler reads no space after ，：)",
           "workbench/report/typeset.py",
           '    return (a == " " or b == " ") and _open_gap(a, b)', "    return _open_gap(a, b)",
           ("tests/report/test_pdf_search_justified.py", "tests/report/test_pdf_search_punct.py",
            W + "test_report_typeset_search.py", "tests/test_mutants_typeset.py")),
    Mutant("trace-entries-rounded", "trace gives each change as the file wrote it, not rounded like the table",
           "workbench/trace.py",
           "        fmt_pair = lambda old, new: values_written(kind, old, new)  # noqa: E731",
           "        fmt_pair = lambda old, new: (fmt(old), fmt(new))  # noqa: E731",
           (W + "test_trace_full_values.py", "tests/imports/test_careless_import_record.py",
            "tests/e2e/test_cli_trace_verify.py")),
    Mutant("benchmark-flag-open", "the desk leaves the benchmark flag to administrators",
           "workbench/desk/roles.py",
           '    return store.get_setting(SETTING_ROLE) in (None, "admin")\n\n\ndef benchmark_refusal',
           '    return True\n\n\ndef benchmark_refusal',
           ("tests/desk/test_desk_benchmark_admin_only.py", "tests/ui/test_ui_store_tools.py")),
    Mutant("split-rest-at-next-width", "a paragraph continued on the next page is split by the rest as that page sets it",
           "workbench/report/typeset.py",
           "        rest_measure = self._next_width(availWidth) - style.leftIndent - style.rightIndent",
           "        rest_measure = availWidth - style.leftIndent - style.rightIndent",
           ("tests/report/test_typeset_split_widow.py", "tests/report/test_typeset_split.py")),
    Mutant("latin-run-not-tracked", "a line of one Latin run keeps its own spacing (never letter-spaced to the margin)",
           "workbench/report/typeset.py",
           "    if gaps <= 0:  # nothing but one run: nothing to stretch\n        return line_units, 0",
           "    if gaps <= 0:  # nothing but one run: nothing to stretch\n        return line_units, len(printed) - 1",
           ("tests/report/test_typeset_latin_no_tracking.py", "tests/report/test_pdf_search_justified.py")),
    # rules of the release of 2026-12-01
    Mutant("correction-takes-newer", "a correction prints a figure dated after its issue's 截至 as published",
           "workbench/report/spec.py",
           "        if as_of is None or as_of <= stated or reported_before(*key, stated):",
           "        if as_of is None or as_of >= stated or reported_before(*key, stated):",
           ("tests/report/test_correction_as_published.py", W + "test_correction_final_published_changes.py",
            "tests/report/test_correction_editor_edits.py", W + "test_trust_correction_computed_yoy.py")),
    Mutant("hidden-restatement-as-printed", "a restated level that prints as before still warns when the growth it gives moves",
           "workbench/report/freshness.py",
           "        if (should != now_text or format_value(kind, cur_then, style=style) != format_value(kind, cur_now, style=style)) \\",
           "        if (format_value(kind, cur_then, style=style) != format_value(kind, cur_now, style=style)) \\",
           (W + "test_preflight_growth_hidden_restatement.py", W + "test_preflight_freshness.py",
            W + "test_trust_growth_same_date.py")),
    Mutant("diff-forecast-needs-both", "a PE that moved with its year's EPS or net profit forecast is a forecast revision, else a price move",
           "workbench/drafting/diff.py",
           '        return FORECAST if any(held) else PRICE if held else ""',
           '        return FORECAST if all(held) else PRICE if held else ""',
           (W + "test_diff_price_or_forecast.py", W + "test_changes_since_review_cause.py", W + "test_diff_threshold.py",
            W + "test_diff_one_forecast_of_two_revised.py")),
    Mutant("paste-fractions-not-asked", "figures all below 1 pasted into a % column ask 百分数还是小数？",
           "workbench/imports/questions.py",
           "    a = a[~np.isnan(a)]\n    if not len(a) or not a.any() or a.max() >= 1.0:",
           "    a = a[np.isnan(a)]\n    if not len(a) or not a.any() or a.max() >= 1.0:",
           ("tests/ui/test_ui_paste_ratio_unit.py", "tests/imports/test_fraction_like.py")),
    Mutant("desk-push-unstage-per-key", "a push takes dropped and set-apart facts out of its staging at once",
           "workbench/store/sync_state.py",
           '        store.db.execute("DELETE FROM temp.sync_push_facts WHERE key IN (SELECT value FROM json_each(?))",\n'
           '                         [json.dumps(keys, ensure_ascii=False)])',
           '        store.db.conn.executemany("DELETE FROM temp.sync_push_facts WHERE key = ?", [(k,) for k in keys])',
           ("tests/store/test_push_staging_scale.py",)),
    Mutant("desk-push-dropped-by-lines", "a dropped fact whose key holds a line break shifts no pushed revision",
           "workbench/store/sync_state.py",
           "        dropped = json.loads(dropped)\n",
           '        dropped = "\\n".join(json.loads(dropped)).split("\\n") if dropped != "[]" else []\n',
           ("tests/store/test_push_staging_text.py",)),
    Mutant("desk-pull-odd-figure-kept", "a station refuses a pulled figure that is not a number or is outside its range",
           "workbench/store/sync_state.py",
           "            ok = [r for r in ok if id(r) not in dropped]",
           "            [r for r in ok if id(r) not in dropped]",
           ("tests/desk/test_desk_forged_figures.py", "tests/desk/test_desk_pull_refusal_at_join.py")),
    Mutant("taken-record-update-allowed", "the desk's publication taken with keep theirs is a record the database refuses to change",
           "workbench/store/schema.py",
           'for event in ("UPDATE", "DELETE"):\n        db.execute(f"""CREATE TRIGGER taken_publications_no_',
           'for event in ("DELETE",):\n        db.execute(f"""CREATE TRIGGER taken_publications_no_',
           ("tests/desk/test_desk_taken_record_protected.py", "tests/desk/test_desk_rival_taken_everywhere.py",
            W + "test_taken_record_refuses_update.py")),
    Mutant("clock-dated-confirms", "a file nothing dates confirms none of the figures it repeats unchanged",
           "workbench/imports/importer.py",
           "        pf.facts = f.take(np.setdiff1d(np.arange(len(f)), same))\n        pf.left_as_stored += len(same)\n"
           "        if would_confirm:",
           "        pf.left_as_stored += len(same)\n        if would_confirm:",
           ("tests/imports/test_clock_dated_confirms_nothing.py", "tests/imports/test_clock_dated_block_unchanged.py",
            W + "test_imports.py")),
    Mutant("merge-leaves-draft-on-dropped", "an index merge makes the drafts naming the removed index name the kept one",
           "workbench/index_ops.py",
           "        return keep if value == drop else value",
           "        return keep if value == keep else value",
           (W + "test_index_merge_drafts.py", "tests/e2e/test_cli_index_merge_drafts.py",
            "tests/ui/test_ui_index_merge_drafts.py")),
    Mutant("correction-typed-stays-home", "a figure typed in a correction prints on every workstation it travels to",
           "workbench/report/spec.py",
           '    for item in _held_record(store, issue).get("typed") or []:',
           '    for item in []:',
           ("tests/desk/test_desk_correction_travels.py", W + "test_correction_settings_migrate.py")),
    Mutant("correction-supervisor-edit-leaks", "a workstation that did not open a correction counts only what the issue carries as typed",
           "workbench/report/spec.py",
           "    if store.get_setting(SETTING_URL):\n        return typed",
           "    if False:\n        return typed",
           ("tests/desk/test_desk_correction_travels.py",)),
    Mutant("correction-note-not-in-preview", "a correction's preview prints the 更正说明 its final will",
           "workbench/drafting/lifecycle.py",
           "    if (issue.version or 1) > 1 and issue.status != \"final\" and spec.corrections:",
           "    if False:",
           ("tests/report/test_correction_note_in_preview.py",)),
    Mutant("undo-merge-role-not-asked", "the app's Undo of a benchmark merge asks the desk role the store holds then",
           "ui/main_window/editing.py",
           "        edit = MergeIndices(keep[\"id\"], drop[\"id\"], refuse_undo=unmerge_refusal)",
           "        edit = MergeIndices(keep[\"id\"], drop[\"id\"])",
           ("tests/ui/test_ui_undo_merge_role_changed.py",)),
    Mutant("desk-conflict-under-colleague-ws", "the desk refuses a conflict listed under another user's workstation",
           "workbench/desk/schema.py",
           "    WITH CHECK (by = current_user AND (desk.own_ws(ws) OR desk.told(tbl, key, kind, mine, theirs, ws, theirs_by)));",
           "    WITH CHECK (by = current_user);",
           ("tests/desk/test_desk_forged_conflicts.py",)),
    Mutant("desk-lease-under-colleague-ws", "the desk refuses a lease taken under another user's workstation",
           "workbench/desk/schema.py",
           "ALTER POLICY leases_take ON desk.leases WITH CHECK (holder = current_user AND desk.own_ws(ws));",
           "ALTER POLICY leases_take ON desk.leases WITH CHECK (holder = current_user);",
           ("tests/desk/test_desk_forged_conflicts.py",)),
    Mutant("desk-push-record-under-colleague-ws", "the desk refuses a push record under another user's workstation",
           "workbench/desk/schema.py",
           "    WITH CHECK (by = session_user AND desk.own_ws(ws));\nGRANT SELECT ON desk.pushes",
           "    WITH CHECK (by = session_user);\nGRANT SELECT ON desk.pushes",
           ("tests/desk/test_desk_push_guard.py",)),
    Mutant("desk-version-outside-push", "the desk refuses a version no push record of its transaction covers",
           "workbench/desk/schema.py",
           "        CONTINUE WHEN owner OR EXISTS (\n"
           "            SELECT 1 FROM desk.pushes r WHERE r.ws = g.ws AND r.last_seq >= g.hi AND r.first_seq <= g.lo\n"
           "               AND r.by = session_user AND r.at = now());\n"
           "        -- (spread over several records, or a row sent again: each of the workstation's versions looked at)\n"
           "        SELECT a.seq INTO seq_of FROM added a WHERE a.ws = g.ws AND NOT desk.in_push(a.ws, a.seq) LIMIT 1;",
           "        CONTINUE WHEN true OR EXISTS (\n"
           "            SELECT 1 FROM desk.pushes r WHERE r.ws = g.ws AND r.last_seq >= g.hi AND r.first_seq <= g.lo\n"
           "               AND r.by = session_user AND r.at = now());\n"
           "        -- (spread over several records, or a row sent again: each of the workstation's versions looked at)\n"
           "        SELECT a.seq INTO seq_of FROM added a WHERE a.ws = g.ws AND NOT desk.in_push(a.ws, a.seq) LIMIT 1;",
           ("tests/desk/test_desk_feed_inside_push.py",)),
    Mutant("desk-rows-keep-key", "no desk role changes a row's table or key (schema v14)",
           "workbench/desk/schema.py",
           "    WHEN (NEW.tbl IS DISTINCT FROM OLD.tbl OR NEW.key IS DISTINCT FROM OLD.key) EXECUTE FUNCTION desk.keep_key();",
           "    WHEN (false) EXECUTE FUNCTION desk.keep_key();",
           ("tests/desk/test_desk_v14_keys_and_sql_names.py", "tests/desk/test_desk_benchmark_every_way.py")),
    Mutant("desk-sql-name-unclaimed", "no workstation takes the name sql:USER (schema v14)",
           "workbench/desk/schema.py",
           "ALTER POLICY ws_write ON desk.workstations WITH CHECK (by = session_user AND ws NOT LIKE 'sql:%%');",
           "ALTER POLICY ws_write ON desk.workstations WITH CHECK (by = session_user);",
           ("tests/desk/test_desk_v14_keys_and_sql_names.py", "tests/desk/test_desk_v14_rows_and_mark.py")),
    Mutant("desk-mark-moves-with-push", "a workstation's mark moves forward only in a transaction that recorded "
                                        "a push of it (schema v14)",
           "workbench/desk/schema.py",
           "    IF NEW.last_seq > was AND NOT EXISTS (",
           "    IF false AND NOT EXISTS (",
           ("tests/desk/test_desk_v14_rows_and_mark.py",)),
    Mutant("desk-rows-outside-push-remarked", "a row written outside a push under one's own workstation id is "
                                              "the user's own (sql:USER, schema v14)",
           "workbench/desk/schema.py",
           "       AND NOT desk.in_push(NEW.ws, NEW.seq) AND (desk.own_ws(NEW.ws) OR NEW.ws LIKE 'sql:%%') THEN",
           "       AND false THEN",
           ("tests/desk/test_desk_v14_rows_and_mark.py", "tests/desk/test_desk_feed_inside_push.py")),
    Mutant("desk-join-copy-keeps-id", "a copy joining under a workstation id the desk knows takes a new one",
           "workbench/desk/identity.py",
           "    if row is None:\n        return None\n    from workbench.domain.times import local_time\n",
           "    if True:\n        return None\n    from workbench.domain.times import local_time\n",
           ("tests/desk/test_desk_join_copies.py",)),
    Mutant("desk-refusal-raw-owner", "a push under another user's workstation id is refused naming it, its owner "
                                     "and `desk reidentify`",
           "workbench/desk/identity.py",
           "    if owner is not None and owner != user:\n",
           "    if False:\n",
           ("tests/desk/test_desk_refusals_in_words.py", "tests/desk/test_desk_copy_joined_as_another.py")),
    Mutant("desk-reidentified-from-anothers-id-sends-nothing", "a store re-identified from another user's id sends "
                                                               "all its rows again",
           "workbench/desk/identity.py",
           '    foreign = _anothers_former(store, conn, were[-1]["ws"])\n',
           "    foreign = None\n",
           ("tests/desk/test_desk_copy_joined_as_another.py",)),
    Mutant("desk-keep-mine-held-figure-silent", "keeping mine of a held figure still bad is refused in words",
           "workbench/desk/sync.py",
           "            if still:\n                raise _figure_still_refused(",
           "            if False:\n                raise _figure_still_refused(",
           ("tests/desk/test_desk_resolve_held_figure.py",)),
    Mutant("correction-point-take-ignored", "a dataset's chart point taken on purpose prints in the correction",
           "workbench/report/spec.py",
           "            return chosen(series, category) or restated_label((category, series, *texts), stated)",
           "            return restated_label((category, series, *texts), stated)",
           ("tests/report/test_correction_take_chart_point.py", "tests/ui/issue_editor/test_editor_take_chart_point.py")),
    Mutant("correction-point-take-dropped-on-review", "a chart point taken on purpose stays taken through review and final",
           "workbench/report/spec.py",
           "    points = correction_point_takes(store, issue) if points is None else points",
           "    points = set() if points is None else points",
           ("tests/report/test_correction_take_chart_point.py", "tests/desk/test_desk_correction_point_travels.py")),
    Mutant("correction-point-take-not-drawn", "a chart point take naming a dataset the issue does not draw is refused",
           "workbench/drafting/lifecycle.py",
           "    if not figures:\n        raise WorkbenchError(f\"第 {issue.id} 期的图表没有画数据集",
           "    if False:\n        raise WorkbenchError(f\"第 {issue.id} 期的图表没有画数据集",
           ("tests/report/test_correction_take_chart_point.py",)),
    Mutant("correction-note-chart-points-dropped", "a correction's 更正说明 counts the chart points it updated",
           "workbench/drafting/lifecycle.py",
           "    points = updated_chart_points(published)  # and the charts' points",
           "    points = []  # and the charts' points",
           ("tests/report/test_correction_note_chart_points.py",)),
    Mutant("correction-note-line-counted-once", "a line the final's list names once counts each of its points in the 更正说明",
           "workbench/drafting/lifecycle.py",
           "            counts[c.chart] = counts.get(c.chart, 0) + c.points",
           "            counts[c.chart] = counts.get(c.chart, 0) + 1",
           ("tests/report/test_correction_note_chart_points.py",)),
    Mutant("desk-rename-moves-no-note", "a company renamed on the desk moves every note naming its old ticker",
           "workbench/desk/schema.py",
           "     WHERE tbl = 'notes' AND data IS NOT NULL AND jsonb_typeof(data->'tickers') = 'array' AND data->'tickers' ? was;\n"
           "    PERFORM desk.relink_notes(was, NEW.key);",
           "     WHERE false AND tbl = 'notes' AND data IS NOT NULL AND jsonb_typeof(data->'tickers') = 'array' AND data->'tickers' ? was;\n"
           "    PERFORM desk.relink_notes(was, NEW.key);",
           ("tests/desk/test_desk_company_rename.py",)),
    Mutant("lost-push-agreeing-row-refused", "a lost push's row the desk already held alike is accounted for",
           "workbench/desk/sync.py",
           "        missing = self._not_held_alike(conn, missing, records)\n",
           "",
           ("tests/desk/test_desk_lost_ack_same_value.py",)),
    Mutant("desk-deletion-keeps-note-links", "a company's deletion on the desk drops it from every note naming it",
           "workbench/desk/schema.py",
           "        PERFORM desk.unlink_notes(NEW.key);\n",
           "",
           ("tests/desk/test_desk_company_deleted_notes.py",)),
    Mutant("desk-company-back-no-relink", "a company back on the desk is named again by the notes that named it",
           "workbench/desk/schema.py",
           "    PERFORM desk.relink_notes(NEW.key, NEW.key);  -- (a company back: the notes that named it)\n",
           "",
           ("tests/desk/test_desk_company_deleted_notes.py",)),
    Mutant("undo-delete-drops-note-links", "undoing a company's deletion gives its notes their link back",
           "workbench/store/store.py",
           "                    [(comp[\"ticker\"], uid) for uid in item.get(\"notes\", ())])",
           "                    [])",
           ("tests/workbench/test_store.py", "tests/desk/test_desk_company_deleted_notes.py")),
    Mutant("lost-push-listing-checked-on-fields-not-mine", "a lost push's listing need keep only the fields the station changed",
           "workbench/desk/sync.py",
           "               if desk.get(f) != here.get(f) and (agreed is None or here.get(f) != agreed.get(f)))",
           "               if desk.get(f) != here.get(f))",
           ("tests/desk/test_desk_lost_ack_same_value.py",)),
    Mutant("held-draft-keeps-renamed-ticker", "the lease holder's draft follows a rename its sync takes, as the holder's edit",
           "workbench/desk/sync.py",
           "    if renames is not None and _follow_renames_in_held_drafts(",
           "    if False and _follow_renames_in_held_drafts(",
           ("tests/desk/test_desk_rename_held_draft.py",)),
    Mutant("desk-late-note-keeps-old-ticker", "a note landing after a rename names the company's new ticker",
           "workbench/desk/schema.py",
           "    IF EXISTS (SELECT 1 FROM desk.renames r WHERE NEW.data->'tickers' ? r.old) THEN",
           "    IF false THEN",
           ("tests/desk/test_desk_company_rename.py",)),
    Mutant("pull-deletion-drops-renamed-note-link", "a pulled deletion of a renamed company moves this store's notes to its new ticker",
           "workbench/store/sync_state.py",
           "        if table == \"companies\" and (became := renamed_to(store, key)):",
           "        if False and table == \"companies\" and (became := renamed_to(store, key)):",
           ("tests/desk/test_desk_company_rename.py",)),
    Mutant("rename-leaves-drafts-on-old-ticker", "a company's ticker changed carries the open drafts' references along",
           "workbench/store/store.py",
           "            self.rename_in_open_issues(old, new_t)",
           "            pass",
           ("tests/workbench/test_rename_ticker_open_issues.py",)),
    Mutant("new-facts-groups-mixed", "a run of new facts with cells missing here and there keeps each value in its column",
           "workbench/store/store.py",
           "        group = rows if len(distinct) == 1 else list(compress(rows, map(eq, patterns, repeat(pattern))))",
           "        group = rows",
           ("tests/workbench/test_change_log.py",)),
    Mutant("pull-after-push-skips-notes", "the pull after a push reads the rows the feed pull reads",
           "workbench/desk/sync.py",
           "    \"WHERE o.id > %(after)s AND o.ws <> %(ws)s) \"),)",
           "    \"WHERE o.id > %(after)s AND o.ws <> %(ws)s AND o.tbl = 'facts') \"),)",
           ("tests/desk/test_desk_push_fast.py",)),
    Mutant("held-back-not-counted", "the changes the push holds back are counted beside those waiting",
           "workbench/store/sync_state.py",
           "        \"held\": held_count(store),",
           "        \"held\": 0,",
           ("tests/desk/test_desk_held_week_shown.py", "tests/ui/test_ui_desk.py")),
    Mutant("batch-entries-not-indexed", "a batch's entries are found by their batch, not by reading the whole log",
           "workbench/store/schema.py",
           "    db.execute(\"CREATE INDEX IF NOT EXISTS change_log_batch ON change_log(batch_id)\")",
           "    pass",
           ("tests/store/test_batch_lookup_scale.py",)),
    Mutant("desk-unrecorded-push-said-raw", "a push the desk took that the store cannot record is said in words naming the file",
           "workbench/desk/sync.py",
           "        why = access.explain(exc, store.path, unchanged=False)\n",
           "        why = exc\n",
           ("tests/desk/test_desk_store_busy.py",)),
    Mutant("desk-push-lock-one-snapshot", "a push that waited for the lock looks at what landed with a snapshot taken after it",
           "workbench/desk/sync.py",
           '        cur.execute("SELECT pg_advisory_xact_lock(%s); " + sql, [PUSH_LOCK, *params])\n        cur.nextset()\n',
           '        cur.execute("WITH lk AS MATERIALIZED (SELECT pg_advisory_xact_lock(%s)) SELECT q.* FROM lk, (" + sql + ") q",\n'
           '                    [PUSH_LOCK, *params])\n',
           ("tests/desk/test_desk_push_lock.py",)),
]


def run(cmd, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def _tree_env(tree: Path) -> dict[str, str]:
    """The worktree's code and resources first: an editable install resolves ``workbench._resources``
    to the main checkout, so the resources folder is named through WORKBENCH_RESOURCES."""
    return {**os.environ, "PYTHONPATH": str(tree), "WORKBENCH_RESOURCES": str(tree / "resources")}


def pytest_failures(tree: Path, files, *, fast: bool, report: Path) -> tuple[set[str], int, str]:
    """Run ``files`` in the worktree; returns the failing test ids, the count run and pytest's tail."""
    env = {**_tree_env(tree), "LANG": "C.UTF-8", "QT_QPA_PLATFORM": "offscreen", "PYTHONDONTWRITEBYTECODE": "1"}
    cmd = [str(PYTHON), "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--junitxml={report}", *files]
    if fast:
        cmd.insert(4, "-x")
    done = run(cmd, cwd=tree, env=env)
    failed, total = set(), 0
    if report.exists():
        for case in ET.parse(report).getroot().iter("testcase"):
            total += 1
            if case.find("failure") is not None or case.find("error") is not None:
                failed.add(f"{case.get('classname', '').split('.')[-1]}::{case.get('name')}")
        report.unlink()
    return failed, total, (done.stdout + done.stderr)[-1500:]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="run the mutants whose name contains this text")
    parser.add_argument("--fast", action="store_true", help="stop each run at the first failure (-x)")
    args = parser.parse_args(argv)
    mutants = [m for m in MUTANTS if not args.only or args.only in m.name]
    if not mutants:
        print(f"no mutant matches {args.only!r}", file=sys.stderr)
        return 2

    # SIGTERM behaves like Ctrl-C, so the finally blocks below always run
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    tree = Path(tempfile.mkdtemp(prefix="workbench-mutation-")) / "tree"
    head = run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"]).stdout.strip()
    added = run(["git", "-C", str(REPO), "worktree", "add", "--detach", str(tree), "HEAD"])
    if added.returncode != 0:
        print(added.stderr, file=sys.stderr)
        return 2
    report = tree.parent / "report.xml"
    results = []
    stale = []
    try:
        check = run([str(PYTHON), "-c", "import workbench, ui; from workbench.paths import resource; "
                     "print(workbench.__file__, ui.__file__, resource('demo', 'companies.csv'))"],
                    cwd=tree, env=_tree_env(tree)).stdout
        assert check.startswith(str(tree)) and check.count(f" {tree}") == 2, \
            f"the tests would not run the worktree's code and resources: {check}"
        files = sorted({f for m in mutants for f in m.tests})
        print(f"Mutation check of {head}: {len(mutants)} mutants; baseline run of {len(files)} test files ...",
              flush=True)
        started = time.monotonic()
        baseline, total, tail = pytest_failures(tree, files, fast=False, report=report)
        print(f"  baseline: {total} tests, {len(baseline)} failing ({time.monotonic() - started:.0f} s)", flush=True)
        if total == 0:
            print(tail, file=sys.stderr)
            return 2
        for name in sorted(baseline):
            print(f"  ! failing before any mutation (not counted): {name}")
        for m in mutants:
            path = tree / m.file
            text = path.read_text(encoding="utf-8")
            if text.count(m.original) != 1:
                stale.append(m)
                print(f"  ? {m.name}: the snippet is not in {m.file} exactly once; update the list", flush=True)
                continue
            started = time.monotonic()
            try:
                path.write_text(text.replace(m.original, m.mutated), encoding="utf-8")
                failed, total, tail = pytest_failures(tree, m.tests, fast=args.fast, report=report)
            finally:
                path.write_text(text, encoding="utf-8")
            caught = sorted(failed - baseline)
            results.append((m, caught, total))
            functions = {c.split("[", 1)[0] for c in caught}
            mark = "ok" if len(functions) >= 2 else ("WEAK" if caught else "MISSED")
            print(f"  {mark:6} {m.name}: caught by {len(caught)} of {total} tests ({len(functions)} test functions) "
                  f"({time.monotonic() - started:.0f} s)", flush=True)
    except KeyboardInterrupt:
        print("interrupted: the worktree is removed, the working tree was never touched", file=sys.stderr)
        return 130
    finally:
        run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(tree)])
        run(["git", "-C", str(REPO), "worktree", "prune"])
        shutil.rmtree(tree.parent, ignore_errors=True)

    print()
    print("| rule | planted bug | failing tests (functions) | the tests that fail |")
    print("|---|---|---:|---|")
    for m, caught, total in results:
        functions: dict[str, int] = {}
        for c in caught:  # parametrised cases of one test function are listed once, with their count
            key = c.split("[", 1)[0]
            functions[key] = functions.get(key, 0) + 1
        names = ", ".join(f"`{f}`" + (f" ×{n}" if n > 1 else "") for f, n in functions.items())
        print(f"| {m.rule} | `{m.name}` in {m.file} | {len(caught)} ({len(functions)}) | {names or '**none**'} |")
    if stale:
        return 2
    return 0 if all(len({c.split("[", 1)[0] for c in caught}) >= 2 for _, caught, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
