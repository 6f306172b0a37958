"""The publication record of an issue: what a house keeps for five years, written to a folder.

For every frozen version: the PDF as published, its data snapshot and its text; the status
log (who moved the issue, when and why); and a manifest with each file's SHA-256.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
from pathlib import Path

from workbench.errors import NotFound, WorkbenchError
from workbench.outputs import child_path, inert_csv, new_folder, safe_name


def record_folder_name(issue) -> str:
    start = issue.period_start.replace("-", "")
    end = issue.period_end.replace("-", "")
    # one safe name: a series holding "/", "..", control or reserved characters stays inside the folder
    return safe_name(f"{issue.series}_{start}-{end}_#{issue.id}")


def write_record(store, issue_id, out_dir: str | Path) -> Path:
    """Write the issue's publication record into a new folder under ``out_dir``; returns it.

    The folder appears whole or not at all (written beside it, then renamed).
    """
    issue = store.issue(issue_id)
    versions = store.versions(issue.id)
    if not versions:
        raise NotFound(f"第 {issue.id} 期尚未定稿，没有发布记录 (issue #{issue.id} has no published version yet)")
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        raise WorkbenchError(f"目标文件夹不存在 (the target folder does not exist): {out_dir}")
    target = child_path(out_dir, record_folder_name(issue))
    if target.exists():
        raise WorkbenchError(f"记录已存在 (the record folder already exists): {target}")
    work = new_folder(out_dir, ".record.")
    try:
        files: dict[str, bytes] = {}
        for v in versions:
            n = v["version"]
            files[f"v{n}.pdf"] = store.version_pdf(issue.id, n) or b""
            files[f"v{n}_snapshot.json"] = _pretty(v["snapshot_json"])
            files[f"v{n}_text.json"] = _pretty(v["issue_json"])
        files["status_log.csv"] = _log_csv(store.issue_log(issue.id))
        for name, data in files.items():
            (work / name).write_bytes(data)
        (work / "MANIFEST.txt").write_text(_manifest(store, issue, versions, files), encoding="utf-8")
        os.replace(work, target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return target


def _pretty(text: str) -> bytes:
    return json.dumps(json.loads(text), ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")


def _log_csv(rows: list[dict]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")  # a CR or LF inside a cell is quoted, never a new row
    w.writerow(["at", "by", "from_status", "to_status", "version", "reason"])
    for r in rows:
        w.writerow([inert_csv(v) for v in (r["at"], r["by"], r["from_status"], r["to_status"], r["version"],
                                            r["reason"])])
    return buf.getvalue().encode("utf-8-sig")


def _manifest(store, issue, versions: list[dict], files: dict[str, bytes]) -> str:
    house = store.house()
    analysts = [store.analyst(a) for a in issue.analysts]
    lines = [
        f"{house['name_zh']} · 证券研究报告发布记录 (publication record)",
        f"期号 issue: #{issue.id}  系列 series: {issue.series}",
        f"标题 headline: {issue.headline}",
        f"报告期 period: {issue.period_start} .. {issue.period_end}  发布日 published: {issue.publish_date}",
        f"评级 rating: {issue.rating}（{issue.rating_action}）  行业 industry: {issue.industry}",
        "分析师 analysts: " + "；".join(f"{a['name']} 执业证书编号 {a['sac_no']}" for a in analysts),
        "",
        "版本 versions:",
    ]
    for v in versions:
        lines.append(f"  v{v['version']}  定稿 frozen {v['frozen_at']} by {v['frozen_by']}"
                     + (f"  原因 reason: {v['reason']}" if v["reason"] else "")
                     + f"  PDF SHA-256 {v['pdf_sha256']}")
    lines += ["", "状态记录 status log:"]
    lines += [f"  {r['at']}  {r['by']}  {r['from_status'] or '-'} -> {r['to_status']}  v{r['version']}"
              + (f"  {r['reason']}" if r["reason"] else "") for r in store.issue_log(issue.id)]
    lines += ["", "文件 files (SHA-256):"]
    lines += [f"  {hashlib.sha256(data).hexdigest()}  {name}" for name, data in sorted(files.items())]
    return "\n".join(lines) + "\n"
