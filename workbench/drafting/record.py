"""The publication record of an issue: what a house keeps for five years, written to a folder.

For every frozen version: the PDF as published, its data snapshot and its text; the status
log (who moved the issue, when and why); and a manifest with each file's SHA-256.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import os
import re
import shutil
import threading
from pathlib import Path

from workbench.errors import NotFound, WorkbenchError
from workbench.store.schema import RECORD_FIELDS
from workbench.outputs import check_folder_target, child_path, display_text, inert_csv, new_folder, safe_name


def record_folder_name(issue) -> str:
    start = issue.period_start.replace("-", "")
    end = issue.period_end.replace("-", "")
    # one safe name: a series holding "/", "..", control or reserved characters stays inside the folder
    return safe_name(f"{issue.series}_{start}-{end}_#{issue.id}")


def write_record(store, issue_id, out_dir: str | Path, *, progress=None) -> Path:
    """Write the issue's publication record into a new folder under ``out_dir``; returns it.

    The folder appears whole or not at all (written beside it, then renamed). ``progress`` hears the
    versions whose snapshots are rendered again to be checked (``verify_store``).
    """
    issue = store.issue(issue_id)
    versions = store.versions(issue.id)
    if not versions:
        raise NotFound(f"第 {issue.id} 期尚未定稿，没有发布记录 (issue #{issue.id} has no published version yet)")
    # a record certifies only what the chain still vouches for, and snapshots that are what their PDFs show
    check = verify_store(store, facts=False, snapshots={issue.id}, progress=progress)
    if not check.ok:
        raise WorkbenchError("发布记录未写出：数据文件未通过校验 (no record written: the store fails `workbench "
                             "verify`):\n" + "\n".join(f"  - {p}" for p in check.problems))
    out_dir = check_folder_target(out_dir, getattr(store, "path", None))  # not a folder, the store, missing
    target = child_path(out_dir, record_folder_name(issue))
    if target.exists():
        raise WorkbenchError(f"记录已存在 (the record folder already exists): {target}")
    taken = store.taken_versions(issue.id)
    rivals = [v for v in store.own_versions(issue.id) if v["version"] in taken]
    work = new_folder(out_dir, ".record.")
    try:
        files: dict[str, bytes] = {}
        for v in versions:  # the house's publications: the desk's where this store took it over its own
            n = v["version"]
            files[f"v{n}.pdf"] = store.version_pdf(issue.id, n) or b""
            files[f"v{n}_snapshot.json"] = _pretty(v["snapshot_json"])
            files[f"v{n}_text.json"] = _pretty(v["issue_json"])
        for v in rivals:  # this store's own final of such a version, kept as a record beside it
            n = v["version"]
            files[f"v{n}_{RIVAL_FILE}.pdf"] = store.own_version_pdf(issue.id, n) or b""
            files[f"v{n}_{RIVAL_FILE}_snapshot.json"] = _pretty(v["snapshot_json"])
            files[f"v{n}_{RIVAL_FILE}_text.json"] = _pretty(v["issue_json"])
        files["status_log.csv"] = _log_csv(store.issue_log(issue.id))
        for name, data in files.items():
            (work / name).write_bytes(data)
        (work / "MANIFEST.txt").write_text(_manifest(store, issue, versions, files, rivals), encoding="utf-8")
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


#: A version's own final on this station, kept as a record where the desk's publication was taken
#: over it: how the record names it, and its files.
RIVAL_LABEL = "本机另一份定稿，未被团队库采用 (this station's own final of v{n}, not taken by the desk)"
RIVAL_FILE = "rival_this_station"


def _manifest(store, issue, versions: list[dict], files: dict[str, bytes], rivals: list[dict] = ()) -> str:
    # the house, analysts and title exactly as published: from the latest version's frozen snapshot,
    # never from what is registered today (an analyst renamed or a house renamed since)
    published = json.loads(versions[-1]["snapshot_json"])
    house = published.get("house") or {}
    analysts = published.get("analysts") or []
    lines = [
        f"{house.get('name_zh', '')} · 证券研究报告发布记录 (publication record)",
        f"期号 issue: #{issue.id}  系列 series: {published.get('series', issue.series)}",
        f"标题 headline: {published.get('headline', issue.headline)}",
        f"报告期 period: {published.get('period_start')} .. {published.get('period_end')}  "
        f"发布日 published: {published.get('publish_date')}",
        f"评级 rating: {published.get('rating')}（{published.get('rating_action')}）  "
        f"行业 industry: {published.get('industry')}",
        "分析师 analysts: " + "；".join(f"{a.get('name')} 执业证书编号 {a.get('sac_no')}" for a in analysts),
        "",
        "版本 versions (各版本的机构与分析师见其数据快照 house and analysts of each version: its snapshot):",
    ]
    taken = {v["version"] for v in rivals}
    for v in versions:
        snap = json.loads(v["snapshot_json"])
        names = "；".join(f"{a.get('name')} {a.get('sac_no')}" for a in snap.get("analysts") or [])
        lines.append(f"  v{v['version']}  定稿 frozen {v['frozen_at']} by {v['frozen_by']}"
                     + ("  团队库发布 (the desk's publication)" if v["version"] in taken else "")
                     + (f"  原因 reason: {v['reason']}" if v["reason"] else "")
                     + f"  PDF SHA-256 {v['pdf_sha256']}  分析师 analysts: {names}")
    if rivals:
        lines += ["", "本机保留的记录 (kept on this station as a record; not published by the house):"]
    for v in rivals:
        n = v["version"]
        lines.append(f"  v{n}  {RIVAL_LABEL.format(n=n)}  定稿 frozen {v['frozen_at']} by {v['frozen_by']}"
                     f"  PDF SHA-256 {v['pdf_sha256']}  文件 files: v{n}_{RIVAL_FILE}.pdf")
    lines += ["", "状态记录 status log:"]
    rival = store.rival_log_ids(issue.id) if rivals else set()
    lines += [f"  {r['at']}  {r['by']}  {r['from_status'] or '-'} -> {r['to_status']}  v{r['version']}"
              + (f"  {r['reason']}" if r["reason"] else "")
              + (f"  [{RIVAL_LABEL.format(n=r['version'])}]" if r["id"] in rival else "")
              for r in store.issue_log(issue.id)]
    chain = store.version_chain()
    if chain:
        lines += ["", f"版本链末端 chain head (全部已发布版本 all published versions, as of this record): "
                      f"{chain[-1]['record_sha256']}"]
    taken = sorted(store.taken_publications(), key=lambda t: t["seq"])
    if taken:
        lines += [f"团队库发布版本的采用记录链末端 chain head of the desk's publications taken here (as of this "
                  f"record): {taken[-1]['record_sha256']}"]
    lines += ["", "文件 files (SHA-256):"]
    lines += [f"  {hashlib.sha256(data).hexdigest()}  {name}" for name, data in sorted(files.items())]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- verification

class VerifyReport:
    """What ``verify_store`` found: every published version checked, the first broken link named."""

    def __init__(self) -> None:
        self.checked = 0
        self.taken: list[str] = []  # the desk's publications taken over this store's own, checked as well
        self.head: str | None = None  # the chain's last record hash, to keep outside the store
        self.taken_head: str | None = None  # the last taken desk publication's record hash, likewise
        self.problems: list[str] = []
        # the problems of the published record itself (triggers, chain, snapshots), not of figures
        self.record_problems: list[str] = []
        # what the check found that is no problem but worth knowing (an earlier release's typesetting)
        self.notes: list[str] = []

    @property
    def ok(self) -> bool:
        return not self.problems

    def text(self) -> str:
        if self.ok:
            text = f"校验通过 (verified): {self.checked} 个发布版本，PDF 与 SHA-256 一致，版本链完整，数据快照与 PDF 相符 " \
                   f"({self.checked} published versions; every PDF matches its SHA-256; the chain is whole; every " \
                   f"data snapshot is what its PDF shows)"
            if self.taken:
                names = "、".join(self.taken)
                text += (f"\n团队库的发布版本 {names} 取代本机的同版本定稿，其 PDF 与数据快照也已核对；本机的定稿保留为记录 "
                         f"(the desk's publication of {names}, taken over this store's own final of that version: "
                         f"its PDF and snapshot checked too; this store's own stays as a record)")
            if self.head:
                text += (f"\n版本链末端 (chain head): {self.head}\n  请在数据文件之外另存此值，日后对照：改写后重算的版本链末端"
                         f"会不同 (keep this value outside the store and compare it later: a chain recomputed after a "
                         f"rewrite ends differently)")
            if self.taken_head:
                text += (f"\n团队库发布版本的采用记录链末端 (chain head of the desk's publications taken here): "
                         f"{self.taken_head}\n  请与版本链末端一同另存 (keep it outside the store with the chain head)")
            return text + self._notes_text()
        return "\n".join(["校验失败 (verification failed):"] + [f"  - {p}" for p in self.problems]) + self._notes_text()

    def _notes_text(self) -> str:
        if not self.notes:
            return ""
        return "\n".join(["", "说明 (notes):"] + [f"  - {n}" for n in self.notes])


UNLOGGED_SHOWN = 10


def verify_store(store, *, facts: bool = True, snapshots: bool | set = True, progress=None) -> VerifyReport:
    """Check every stored PDF against its recorded SHA-256 and the hash chain of published versions,
    and that the change log accounts for every fact's current value.

    The chain is walked in publication order; the first version whose link does not hold is
    named (a changed, removed or inserted version breaks the link at that point). A fact that no
    change-log entry explains was inserted into the file outside the workbench, and a fact whose
    latest logged change was a raw UPDATE of the file was changed outside it: neither figure has
    provenance, so both are named too (the first few of each, with the count); ``facts=False``
    leaves them out (a publication record, which holds the frozen snapshots only). The triggers
    that keep published versions, the chain and the change log from being altered must all be
    there as this release's schema history makes them: one removed or replaced is named.

    Each published version's data snapshot must be what its frozen PDF shows (``snapshots``:
    all versions, none, or the versions of the issue ids given): the chain's hash has no key, so
    one who rewrites a snapshot can recompute it, but not the PDF whose SHA-256 went out with
    the report. A PDF this release wrote carries the SHA-256 of the snapshot it was rendered from
    (/SnapshotSHA256, inside the PDF whose SHA-256 the chain holds): the stored snapshot must have
    it. A PDF of an earlier release, without that key, is checked by rendering the snapshot again
    (``snapshot_check``): the same bytes or the same text pass; otherwise every number the snapshot
    prints (the comparison table's figures, the market review's closes and changes) and its headline
    must be what the frozen PDF prints, and every other difference of the two texts must be one an
    earlier release's typesetting explains (``_text_disagreements``): then it is a note
    (``VerifyReport.notes``), not a problem; any other difference is named. ``progress`` hears those
    renderings, version by version (a callback returning False stops the check: ``Cancelled``).
    """
    report = VerifyReport()
    report.problems += protection_problems(store)
    _verify_chain(store, report)
    if snapshots and report.ok:  # only PDFs whose SHA-256 the chain holds: their key is as published
        _verify_snapshots(store, report, None if snapshots is True else set(snapshots), progress)
    _verify_taken(store, report, set(snapshots) if snapshots and snapshots is not True else None, bool(snapshots),
                  progress)
    report.record_problems = list(report.problems)
    for find, what, gloss, count_what, count_gloss in (
            (store.unlogged_facts, "库外写入，变更记录中没有来源",
             "written into the file outside the workbench: no change-log entry accounts for it",
             "库外写入的数值", "facts written outside the workbench"),
            (store.externally_changed_facts, "库外修改，当前值不是工作台写入的",
             "changed in the file outside the workbench: its current value comes from no import or edit",
             "库外修改的数值", "facts changed outside the workbench")) if facts else ():
        found = find(limit=UNLOGGED_SHOWN + 1)
        for fact in found[:UNLOGGED_SHOWN]:
            key = display_text(f"{fact['ticker']} {fact['metric']} {fact['period']}")
            report.problems.append(f"{key} = {fact['value']!r}: {what} ({gloss}; `workbench trace {key}`)")
        if len(found) > UNLOGGED_SHOWN:
            more = len(find()) - UNLOGGED_SHOWN
            report.problems.append(f"……另有 {more} 个{count_what} (and {more} more {count_gloss})")
    if facts:
        _verify_batches(store, report)
    return report


def _verify_batches(store, report: VerifyReport) -> None:
    """Batches the workbench cannot have written (``Store.unproven_batches``), each named, and the
    figures resting on them named as changed outside the workbench (库外修改)."""
    unproven = store.unproven_batches()
    if not unproven:
        return
    for batch_id, why in sorted(unproven.items()):
        report.problems.append(f"变更批次 #{batch_id} 不是工作台写入的 (change batch #{batch_id} was not written "
                               f"by the workbench): {display_text(why)}")
    found = store.facts_on_batches(unproven, limit=UNLOGGED_SHOWN + 1)
    for fact in found[:UNLOGGED_SHOWN]:
        key = display_text(f"{fact['ticker']} {fact['metric']} {fact['period']}")
        report.problems.append(f"{key} = {fact['value']!r}: 库外修改，所依据的变更批次 #{fact['batch_id']} 不是工作台"
                               f"写入的 (changed in the file outside the workbench: the change batch it rests "
                               f"on was not written by the workbench; `workbench trace {key}`)")
    if len(found) > UNLOGGED_SHOWN:
        more = len(store.facts_on_batches(unproven)) - UNLOGGED_SHOWN
        report.problems.append(f"……另有 {more} 个库外修改的数值 (and {more} more facts changed outside the "
                               f"workbench)")


def schema_triggers() -> dict[str, str]:
    """Name -> SQL of every trigger this release's schema history makes (``Store``'s own list)."""
    from workbench.store.store import schema_triggers as of_the_schema

    return of_the_schema()


_PROTECTION_MARK = "保护触发器已被"


def protection_problems_in(report: VerifyReport) -> list[str]:
    """The problems of ``report`` that are removed or altered protection triggers."""
    return [p for p in report.problems if p.startswith(_PROTECTION_MARK)]


def protection_problems(store) -> list[str]:
    """The schema's triggers (they refuse changes to published versions and the chain, and log every
    change of a figure) that were removed from the store or replaced, each named."""
    drift = store.schema_drift()
    missing, changed, added, views = drift["missing"], drift["altered"], drift["added"], drift["views"]
    problems = []
    if missing:
        problems.append(f"{_PROTECTION_MARK}删除 (protection triggers were removed from the file): {', '.join(missing)}"
                        f"；发布记录和数据可被改动而不留痕迹 (records and figures can be changed unnoticed)")
    if changed:
        problems.append(f"{_PROTECTION_MARK}改动 (protection triggers were altered in the file): {', '.join(changed)}")
    if added:  # a trigger can drop the log's entries or rewrite a write: as grave as one removed
        problems.append(f"{_PROTECTION_MARK}绕过：数据文件中有本版本不建立的触发器 (protection bypassed: triggers "
                        f"this release does not make were added to the file; they can silence the change log or "
                        f"alter writes): {display_text(', '.join(added))}")
    if views:  # the schema makes none; one is a way to write behind the tables' names (INSTEAD OF triggers)
        problems.append(f"数据文件中有本版本不建立的视图 (views this release does not make were added to the "
                        f"file): {display_text(', '.join(views))}")
    return problems


def _verify_chain(store, report: VerifyReport) -> None:
    from workbench.store.schema import version_record_sha256

    versions = {(v["issue_id"], v["version"]): v for v in store.published_versions()}
    chain = store.version_chain()
    prev = None
    for link in chain:
        key = (link["issue_id"], link["version"])
        name = f"第 {key[0]} 期 v{key[1]} (issue #{key[0]} v{key[1]})"
        v = versions.pop(key, None)
        if v is None:
            report.problems.append(f"{name}: 版本链中有此版本，但发布记录中没有 (the chain names a version the "
                                   f"store no longer holds) — 第一处断链 first broken link")
            return
        if link["prev_sha256"] != prev:
            report.problems.append(f"{name}: 与前一版本的链接不符 (its link to the previous version does not "
                                   f"hold) — 第一处断链 first broken link")
            return
        record = version_record_sha256(prev, *(v[f] for f in RECORD_FIELDS))
        if record != link["record_sha256"]:
            report.problems.append(f"{name}: 发布记录内容与链上哈希不符 (the version's record was changed "
                                   f"after publication) — 第一处断链 first broken link")
            return
        pdf = store.own_version_pdf(*key)
        if pdf is not None and hashlib.sha256(pdf).hexdigest() != v["pdf_sha256"]:
            report.problems.append(f"{name}: PDF 与其 SHA-256 不符 (the stored PDF does not match its SHA-256) "
                                   f"— 第一处断链 first broken link")
            return
        report.checked += 1
        prev = report.head = link["record_sha256"]
    for key in versions:
        report.problems.append(f"第 {key[0]} 期 v{key[1]} (issue #{key[0]} v{key[1]}): 不在版本链中 (a published "
                               f"version outside the chain: slipped in behind the app's back)")


def _verify_snapshots(store, report: VerifyReport, issues: set | None, progress=None) -> None:
    """Name each published version whose data snapshot is not the one its frozen PDF was rendered
    from: by the PDF's /SnapshotSHA256 (``snapshot_key_differs``), or, for a PDF without it, rendered
    again (``snapshot_check``, version by version with ``progress``); a PDF an earlier release typeset
    otherwise, every difference explained by that typesetting, is a note."""
    from workbench.progress import report as tell

    found: dict[tuple, str] = {}
    notes: dict[tuple, str] = {}
    again: list[tuple[dict, bytes]] = []
    for v in store.published_versions():
        if issues is not None and v["issue_id"] not in issues:
            continue
        pdf = store.own_version_pdf(v["issue_id"], v["version"])
        if not pdf:
            continue  # nothing to compare with (a version stored without its PDF)
        why = snapshot_key_differs(v["snapshot_json"], pdf)
        if why is _NO_KEY:
            again.append((v, pdf))
        elif why:
            found[(v["issue_id"], v["version"])] = why
    for done, (v, pdf) in enumerate(again):
        tell(progress, done, len(again), f"#{v['issue_id']} v{v['version']} 快照核对 (snapshot check)")
        why, note = snapshot_check(v["snapshot_json"], pdf, v["pdf_sha256"])
        if why:
            found[(v["issue_id"], v["version"])] = why
        elif note:
            notes[(v["issue_id"], v["version"])] = note
    if again:
        tell(progress, len(again), len(again), "快照核对完毕 (snapshots checked)")
    for key, why in sorted(found.items()):
        report.problems.append(f"第 {key[0]} 期 v{key[1]} (issue #{key[0]} v{key[1]}): 数据快照与定稿 PDF 不符，"
                               f"快照在发布后被改写 (the data snapshot does not match the frozen PDF: it was "
                               f"rewritten after publication): {why}")
    for key, note in sorted(notes.items()):
        report.notes.append(f"第 {key[0]} 期 v{key[1]} 的 PDF 由早期版本排版，文字与本版本排出的不同，数字一致 "
                            f"(issue #{key[0]} v{key[1]}: its PDF was typeset by an earlier release; its text "
                            f"differs from what this release prints, its numbers agree): {note}")


def _verify_taken(store, report: VerifyReport, issues: set | None, snapshots: bool, progress=None) -> None:
    """The desk's publications this store took over its own (``taken_publications``; exports, the
    record and the preview read them as the house's): their chain must hold (each record as taken,
    linked to the one taken before it and to this store's own version in the chain), a settled
    listing that took one must still have its record, each PDF must match its SHA-256 and, with
    ``snapshots``, its data snapshot be the one the PDF was rendered from, as a version of the chain."""
    from workbench.progress import report as tell
    from workbench.store.schema import settled_taken, taken_record_sha256

    def named(issue_id, version) -> str:
        return (f"第 {issue_id} 期 v{version} 团队库的发布版本 (issue #{issue_id} v{version}: the desk's publication "
                f"taken here)")

    records = store.taken_publications()
    chain = {(link["issue_id"], link["version"]): link["record_sha256"] for link in store.version_chain()}
    prev = None
    for t in sorted(records, key=lambda r: r["seq"]):  # their own chain, in the order they were taken
        key, name = (t["issue_id"], t["version"]), named(t["issue_id"], t["version"])
        if t["prev_sha256"] != prev:
            report.problems.append(f"{name}: 与前一条采用记录的链接不符，之前的采用记录被改动或删除 (its link to the "
                                   f"record taken before it does not hold: that one was changed or deleted)")
        elif taken_record_sha256(prev, t["over_sha256"], *(t[f] for f in RECORD_FIELDS)) != t["record_sha256"]:
            report.problems.append(f"{name}: 记录在采用后被改动 (the record was changed after it was taken)")
        elif t["over_sha256"] != chain.get(key):
            report.problems.append(f"{name}: 与本机该版本的链上记录不符 (it is not linked to this store's own "
                                   f"record of the version in the chain)")
        prev = t["record_sha256"]
    report.taken_head = prev
    held = {(t["issue_id"], t["version"]) for t in records}
    for t in settled_taken(store.rows):  # a settlement that took it, its record gone
        if (t["issue_id"], t["version"]) not in held and (issues is None or t["issue_id"] in issues):
            report.problems.append(f"{named(t['issue_id'], t['version'])}: 已结清采用，但其发布记录缺失（被删除）"
                                   f"(settled as taken, but its published record is missing: deleted)")
    for t in records:
        if issues is not None and t["issue_id"] not in issues:
            continue
        name = named(t["issue_id"], t["version"])
        pdf = t["pdf"]
        if not pdf or hashlib.sha256(pdf).hexdigest() != t["pdf_sha256"]:
            report.problems.append(f"{name}: PDF 缺失或与其 SHA-256 不符 (its PDF is missing or does not match "
                                   f"its SHA-256)")
            continue
        if snapshots:
            why = snapshot_key_differs(t["snapshot_json"], pdf)
            if why is _NO_KEY:
                tell(progress, 0, 1, f"#{t['issue_id']} v{t['version']} 快照核对 (snapshot check)")
                why = snapshot_check(t["snapshot_json"], pdf, t["pdf_sha256"])[0]
            if why:
                report.problems.append(f"{name}: 数据快照与其 PDF 不符 (the data snapshot does not match its "
                                       f"PDF): {why}")
                continue
        report.taken.append(f"#{t['issue_id']} v{t['version']}")


_NO_KEY = "no key"  # a PDF an earlier release wrote: it names no snapshot


_TRAILER = re.compile(rb"trailer\s*<<(.*?)>>\s*startxref\s+(\d+)\s+%%EOF\s*$", re.S)
_XREF = re.compile(rb"xref\s*?\r?\n0 (\d+)\s*?\r?\n")  # one subsection from object 0, as reportlab writes it
_KEY = re.compile(rb"/SnapshotSHA256\s*\(([0-9a-f]{64})\)")  # in a string a "(" is escaped: "\(" never matches


def pdf_snapshot_key(pdf: bytes) -> str | None:
    """The /SnapshotSHA256 of a PDF's document information (64 hex digits), or None: a PDF an earlier
    release wrote has none, and one not laid out as this release writes them names none (both are
    checked by rendering again).

    Read without a PDF library, in bounded steps: the trailer at the end names the information
    dictionary's object, the cross-reference table gives its offset, and the key must be there
    exactly once (no pdfium: it is not thread-safe, and an issue editor's preview may be using it)."""
    tail = _TRAILER.search(pdf[-4096:])
    info = tail and re.search(rb"/Info\s+(\d+)\s+0\s+R", tail.group(1))
    if not info:
        return None
    number, xref = int(info.group(1)), int(tail.group(2))
    table = _XREF.match(pdf, xref, xref + 64)
    if not table or number >= int(table.group(1)):
        return None
    at = table.end() + 20 * number
    entry = re.fullmatch(rb"(\d{10}) 00000 n[ \r][\r\n]", pdf[at:at + 20])
    if not entry:
        return None
    start = int(entry.group(1))
    body = re.compile(rb"%d 0 obj\s*<<(.*?)>>\s*endobj" % number, re.S).match(pdf, start, start + 65536)
    keys = _KEY.findall(body.group(1)) if body else []
    return keys[0].decode("ascii") if len(keys) == 1 else None


def snapshot_key_differs(snapshot_json: str, pdf: bytes) -> str | None:
    """Why ``snapshot_json`` is not the snapshot ``pdf`` records it was rendered from (its
    /SnapshotSHA256), None when it is, ``_NO_KEY`` when the PDF records none (an earlier release's)."""
    from workbench.report.render import SNAPSHOT_KEY, snapshot_sha256

    key = pdf_snapshot_key(pdf)
    if key is None:
        return _NO_KEY
    try:
        mine = snapshot_sha256(snapshot_json)
    except (ValueError, RecursionError) as exc:  # no JSON (JSONDecodeError), or nested past reading
        return f"快照不是有效的 JSON (the snapshot is no valid JSON): {display_text(exc)}"
    if mine == key:
        return None
    return (f"快照的 SHA-256 为 {mine}，定稿 PDF 记录的是 {key} (the snapshot's SHA-256 is not the one its frozen "
            f"PDF records in /{SNAPSHOT_KEY})")


# pdfium is not thread-safe: one caller at a time in the process (a restore's check runs on a worker
# while an issue editor's preview may rasterise pages on another)
PDFIUM_LOCK = threading.Lock()


def pdf_text(pdf: bytes, *, blanks: bool = False) -> str:
    """The text of a PDF, all pages, with every blank removed (a layout's spacing aside); ``blanks``
    keeps the blanks and line ends between words (a table's figures stay apart)."""
    import pypdfium2

    with PDFIUM_LOCK:
        doc = pypdfium2.PdfDocument(pdf)
        try:
            text = "".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
        finally:
            doc.close()
    return text if blanks else _squash(text)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def snapshot_differs(snapshot_json: str, pdf: bytes | None, pdf_sha256: str | None) -> str | None:
    """Why the frozen ``pdf`` (one without /SnapshotSHA256, an earlier release's) was not rendered from
    ``snapshot_json``, or None when it was (``snapshot_check`` without its note)."""
    return snapshot_check(snapshot_json, pdf, pdf_sha256)[0]


def snapshot_check(snapshot_json: str, pdf: bytes | None, pdf_sha256: str | None) -> tuple[str | None, str | None]:
    """(why the frozen ``pdf``, one without /SnapshotSHA256, an earlier release's, was not rendered from
    ``snapshot_json``, or None; a note, or None).

    The snapshot rendered again without the key, as that release did: the same bytes, or the same
    text (a release that lays pages out otherwise), pass. A text that differs is an earlier
    release's typesetting (another line in the declaration, a name cut shorter, a caption's 截至, a
    figure rounded the other way at an exact half) as long as what the snapshot's numbers print
    agrees: each comparison-table figure and each close and change of the market review within half
    a unit of the last digit the frozen PDF prints, and the headline there as written, and every
    other difference of the two texts one of those typesettings (``_text_disagreements``); then the
    note names the first words that differ. A number, headline or text that disagrees is named."""
    from workbench.report import render_pdf
    from workbench.report.spec import ReportSpec

    if not pdf:
        return None, None  # nothing to compare with (a version stored without its PDF)
    try:
        spec = ReportSpec.from_json(snapshot_json)
        again = render_pdf(spec, snapshot_key=False)
    except Exception as exc:  # noqa: BLE001 - a snapshot this release cannot render is named, not raised
        return f"快照无法重新生成 PDF (the snapshot cannot be rendered): {display_text(exc)}", None
    if hashlib.sha256(again).hexdigest() == (pdf_sha256 or hashlib.sha256(pdf).hexdigest()):
        return None, None
    try:
        mine_words, words = pdf_text(again, blanks=True), pdf_text(pdf, blanks=True)
    except Exception as exc:  # noqa: BLE001 - an unreadable PDF is a finding, not a crash
        return f"PDF 无法读取 (the PDF cannot be read): {display_text(exc)}", None
    mine, frozen = _squash(mine_words), _squash(words)
    if mine == frozen:
        return None, None
    wrong = _printed_disagreements(spec, words.split(), frozen, mine)
    wrong += _text_disagreements(snapshot_json, mine_words, words)
    if wrong:
        more = len(wrong) - DISAGREEMENTS_SHOWN
        return "；".join(wrong[:DISAGREEMENTS_SHOWN]) + (f"；……另有 {more} 处 (and {more} more)" if more > 0 else ""), None
    at = next((i for i, (a, b) in enumerate(zip(mine, frozen)) if a != b), min(len(mine), len(frozen)))
    return None, (f"本版本排出“{_words_at(mine_words, at)}”，定稿 PDF 为“{_words_at(words, at)}” (this release "
                  f"prints other words than the frozen PDF there)")


# a token of a PDF's text: a number (a sign where no letter or digit comes before it, digits grouped
# by "," in threes, decimals) or any other character that is no blank
_TOKEN = re.compile(r"(?:(?<![0-9A-Za-z.])[+\-−－])?\d+(?:,\d{3}(?!\d))*(?:\.\d+)?|\S")
_NUMBER_TOKEN = re.compile(r"[+\-−－]?\d+(?:,\d{3})*(?:\.\d+)?")
_PAGE_NUMBER = re.compile(r"第\s*\d+\s*页\s*/\s*共\s*\d+\s*页")  # a page's number: a count of pages, no data
_SIGNING_LINE = re.compile(r"本报告署名分析师：[^。]*。")  # the declaration's line this release adds
_CUTOFF_TEXT = re.compile(r"（截至[^（）]*）")  # a chart's cutoff note in its caption, which this release keeps
ELLIPSIS = "…"  # where a name too long for its place was cut (``workbench.report.text.cut``)
TEXT_CONTEXT = 8  # tokens of the text before a difference, to say where it is


def _text_disagreements(snapshot_json: str, mine_words: str, words: str) -> list[str]:
    """Each place where this release's text of the snapshot (``mine_words``) and the frozen PDF's
    (``words``) differ otherwise than an earlier release typeset the same snapshot: the declaration
    without the signing analysts' line, a caption without its （截至…）, a name cut with "…" that this
    release prints in full (or cut later), a figure rounded the other way at an exact half of a value
    the snapshot holds, digits grouped otherwise (1000 / 1,000). Blanks and page numbers aside."""
    frozen, mine, ops = _token_opcodes(words, mine_words)
    if frozen == mine:
        return []
    said, halves, captions = _snapshot_facts(snapshot_json)
    wrong: list[str] = []
    moved = _moved_over_a_page_break(ops, frozen, mine)
    for k, (tag, i1, i2, j1, j2) in enumerate(ops):
        if tag == "equal" or k in moved or _typeset_so(frozen, mine, i1, i2, j1, j2, said, halves, captions):
            continue
        lead = mine[max(0, j1 - TEXT_CONTEXT):j1]
        ours = _shown(lead + _clip(mine[j1:j2]) + mine[j2:j2 + TEXT_CONTEXT // 2])
        theirs = _shown(lead + _clip(frozen[i1:i2]) + frozen[i2:i2 + TEXT_CONTEXT // 2])
        wrong.append(f"文字不同，不是早期版本的排版所致：本版本排出“{display_text(ours)}”，定稿 PDF 为"
                      f"“{display_text(theirs)}” (the text differs from the frozen PDF otherwise than an earlier "
                      f"release typeset it)")
    return wrong


def _token_opcodes(words: str, mine_words: str) -> tuple[list[str], list[str], list[tuple]]:
    """The tokens of both texts (page numbers aside) and ``difflib`` opcodes turning the frozen PDF's
    into this release's. Line by line first, then token by token within the lines that differ: a
    long table's text has thousands of "%" and "." a token-wide match would try one by one."""
    import difflib

    def lines(text: str) -> list[list[str]]:
        return [t for t in (_TOKEN.findall(line) for line in _PAGE_NUMBER.sub(" ", text).splitlines()) if t]

    old, new = lines(words), lines(mine_words)
    frozen = [t for line in old for t in line]
    mine = [t for line in new for t in line]
    at_old = [0]
    for line in old:
        at_old.append(at_old[-1] + len(line))
    at_new = [0]
    for line in new:
        at_new.append(at_new[-1] + len(line))
    ops: list[tuple] = []

    def add(tag, i1, i2, j1, j2):
        if ops and tag == "equal" and ops[-1][0] == "equal":
            ops[-1] = ("equal", ops[-1][1], i2, ops[-1][3], j2)
        elif i1 < i2 or j1 < j2:
            ops.append((tag, i1, i2, j1, j2))

    by_line = difflib.SequenceMatcher(None, ["".join(x) for x in old], ["".join(x) for x in new], autojunk=False)
    for tag, a1, a2, b1, b2 in by_line.get_opcodes():
        i1, i2, j1, j2 = at_old[a1], at_old[a2], at_new[b1], at_new[b2]
        if tag == "equal" or i1 == i2 or j1 == j2:
            add(tag, i1, i2, j1, j2)
            continue
        for t, c1, c2, d1, d2 in difflib.SequenceMatcher(None, frozen[i1:i2], mine[j1:j2],
                                                         autojunk=False).get_opcodes():
            add(t, i1 + c1, i1 + c2, j1 + d1, j1 + d2)
    return frozen, mine, ops


CONTINUED = "（续）"  # the caption of a table's rest on a later page (``workbench.report.table``)
REPEATED_LEAST = 4  # the fewest characters of a page's furniture found again elsewhere in the text
REPEATED_MOST = 2000  # the most characters of furniture between two pages' text (header, footer, a table's head)


def _moved_over_a_page_break(ops: list[tuple], frozen: list[str], mine: list[str]) -> set[int]:
    """The opcodes (their indexes) of text that is the same in both PDFs but on the other side of a
    page break: a block deleted on one side of an equal run and inserted on its other side, the run
    being only what every page or a table's every page repeats (running header and footer, a table's
    caption with （续） and its column headings). A release whose text above is a line longer or
    shorter breaks its pages elsewhere; the content and its order are the same."""
    text = "".join(mine).replace(CONTINUED, "")
    moved: set[int] = set()
    for k in range(len(ops) - 2):
        (t1, a1, a2, b1, b2), (t2, c1, c2, _, _), (t3, e1, e2, f1, f2) = ops[k:k + 3]
        if t2 != "equal" or {t1, t3} != {"delete", "insert"}:
            continue
        first = frozen[a1:a2] if t1 == "delete" else mine[b1:b2]
        second = frozen[e1:e2] if t3 == "delete" else mine[f1:f2]
        if first == second and _repeated("".join(frozen[c1:c2]).replace(CONTINUED, ""), text):
            moved |= {k, k + 2}
    return moved


def _repeated(run: str, text: str) -> bool:
    """Whether ``run`` is made wholly of pieces (each ``REPEATED_LEAST`` characters or more) that
    ``text`` holds at least twice: furniture every page repeats, no content of its own."""
    if not REPEATED_LEAST <= len(run) <= REPEATED_MOST:
        return False
    at = 0
    while at < len(run):
        at = max(0, min(at, len(run) - REPEATED_LEAST))  # a short tail: the last few characters
        end = at + REPEATED_LEAST
        if not _twice(run[at:end], text):
            return False
        while end < len(run) and _twice(run[at:end + 1], text):
            end += 1
        at = end
    return True


def _twice(piece: str, text: str) -> bool:
    first = text.find(piece)
    return first >= 0 and text.find(piece, first + 1) >= 0


def _clip(tokens: list[str], most: int = 40) -> list[str]:
    return tokens if len(tokens) <= most else tokens[:most] + ["……"]


def _shown(tokens: list[str]) -> str:
    """Tokens as words: a blank between two that would otherwise run together (21.6 2.80%)."""
    out = ""
    for t in tokens:
        if out and re.match(r"[0-9%]", out[-1]) and re.match(r"[+\-−－]?[0-9]", t):
            out += " "
        out += t
    return out


def _snapshot_facts(snapshot_json: str) -> tuple[list[str], set, list[str]]:
    """The snapshot's texts (without blanks), the magnitudes of its numbers as any part of the report
    may print them (亿元 of yuan, % of a fraction, as stored) and its figures' titles (without blanks)."""
    from decimal import Decimal

    from workbench.domain.metrics import written_decimal

    texts: list[str] = []
    numbers: set[Decimal] = set()
    data = json.loads(snapshot_json)
    figures = data.get("figures") if isinstance(data, dict) else None
    captions = [_squash(str(f.get("title") or "")) for f in figures or [] if isinstance(f, dict)]
    todo = [data]
    while todo:
        item = todo.pop()
        if isinstance(item, dict):
            todo += item.values()
        elif isinstance(item, list):
            todo += item
        elif isinstance(item, str):
            texts.append(_squash(item))
        elif isinstance(item, (int, float)) and not isinstance(item, bool) and math.isfinite(item):
            for power in (-8, 0, 2):
                numbers.add(abs(written_decimal(item).scaleb(power)))
    return texts, numbers, captions


def _typeset_so(frozen: list[str], mine: list[str], i1: int, i2: int, j1: int, j2: int,
                said: list[str], halves: set, captions: list[str]) -> bool:
    """Whether ``frozen[i1:i2]`` printed where this release prints ``mine[j1:j2]`` is how an earlier
    release typeset the same snapshot (``_text_disagreements``)."""
    old, new = frozen[i1:i2], mine[j1:j2]
    was, now = "".join(old), "".join(new)
    if was == now:
        return True  # the same characters, read in other pieces
    if not old:
        if _SIGNING_LINE.fullmatch(now) or _CUTOFF_TEXT.fullmatch(now) and any(now in t for t in captions):
            return True
        # a name the earlier release cut shorter, this release cuts later: "ABC…" / "ABCDE…"
        return (i1 < len(frozen) and frozen[i1] == ELLIPSIS and j2 < len(mine) and mine[j2] == ELLIPSIS
                and any(_squash("".join(mine[max(0, j1 - 1):j2])) in t for t in said))
    if was.endswith(ELLIPSIS) and now.startswith(was[:-1]) and len(now) >= len(was):
        # a name the earlier release cut with "…", printed in full (or cut later) now
        full = "".join(mine[max(0, j1 - 1):j2]).removesuffix(ELLIPSIS)
        return any(full in t for t in said)
    return len(old) == len(new) and all(a == b or _rounded_otherwise(a, b, halves) for a, b in zip(old, new))


def _number(token: str):
    from decimal import Decimal

    return Decimal(token.replace(",", "").replace("−", "-").replace("－", "-"))


def _rounded_otherwise(was: str, now: str, halves: set) -> bool:
    """Whether the number ``was`` printed where this release prints ``now`` is the same figure: its
    digits grouped otherwise (1000 / 1,000), a zero signed otherwise (-0.0 / 0.0), or rounded the other way at an exact half of a value the
    snapshot holds (``halves``), to as many decimals."""
    from decimal import Decimal

    if not (_NUMBER_TOKEN.fullmatch(was) and _NUMBER_TOKEN.fullmatch(now)):
        return False
    decimals = [len(t.split(".")[1]) if "." in t else 0 for t in (was, now)]
    if decimals[0] != decimals[1]:
        return False
    a, b = _number(was), _number(now)
    if a == b:
        return True  # grouped otherwise (1,000 / 1000), or a zero signed otherwise (-0.0 / 0.0)
    return abs(a - b) == Decimal(1).scaleb(-decimals[0]) and abs(a + b) / 2 in halves


def _words_at(text: str, at: int, around: int = 12) -> str:
    """The words of ``text`` around its ``at``-th character that is no blank, blanks kept (one space)."""
    marks = [m.start() for m in re.finditer(r"\S", text)]
    if not marks:
        return ""
    start = marks[max(0, min(at - around, len(marks) - 1))]
    end = marks[min(at + around, len(marks)) - 1] + 1
    return display_text(re.sub(r"\s+", " ", text[start:end]).strip())


DISAGREEMENTS_SHOWN = 8
_FIGURE = re.compile(r"--|[+\-]?\d[\d,]*(?:\.\d+)?%?")  # a table cell as ``format_value`` prints it
# a ticker as ``normalize_ticker`` writes it: a row of the frozen table the snapshot may lack
_TICKER = re.compile(r"\d{6}\.(?:SH|SZ|BJ)|\d{5}\.HK|[A-Z][A-Z0-9.\-]{0,9}\.(?:O|N|A|US)")
NAME_WORDS = 8  # the most words a company's name (wrapped, cut) prints between its ticker and figures
_REVIEW_NUMBER = re.compile(r"([+\-−－]?)(\d[\d,]*(?:\.\d+)?)(点|%|％)")  # a close (… 点) or a change (…%)
_REVIEW_CONTEXT = 6  # characters either side of a review's number that find it in the frozen text


def _printed_disagreements(spec, words: list[str], frozen: str, mine: str) -> list[str]:
    """Where the frozen PDF (``words``: its text in words; ``frozen``: without blanks) prints other
    numbers than the snapshot ``spec`` holds, or not its headline (``mine``: this release's text)."""
    from workbench.report.text import cut, strip_bold

    wrong = _table_disagreements(spec, words) + _review_disagreements(spec.market_review, frozen)
    headline = _squash(strip_bold(cut(spec.headline, "headline")))
    if headline and headline in mine and headline not in frozen:
        wrong.insert(0, f"标题“{display_text(spec.headline)}”不在定稿 PDF 中 (the headline is not the frozen PDF's)")
    return wrong


def _printed_rows(words: list[str], columns: int, names: dict[str, str]) -> dict[str, list[list[str]]]:
    """The comparison-table rows of the frozen PDF's text: a ticker, its name's words, then as many
    figures as the table has columns (each ticker's rows, in the order printed). ``names``: the
    snapshot's name of each ticker, whose words are skipped whole (a name may hold a number)."""
    rows: dict[str, list[list[str]]] = {}
    for i, word in enumerate(words):
        if word not in names and not _TICKER.fullmatch(word):
            continue
        j, name, said = i + 1, _squash(names.get(word, "")), ""
        while j < len(words) and name and (name.startswith(said + words[j])
                                           or words[j].endswith("…") and name.startswith(said + words[j][:-1])):
            said += words[j]  # the name as printed, cut with "…" where it was too long
            j += 1
        while j < len(words) and j - i <= NAME_WORDS and not _FIGURE.fullmatch(words[j]):
            j += 1
        figures = words[j:j + columns]
        if len(figures) == columns and all(_FIGURE.fullmatch(f) for f in figures):
            rows.setdefault(word, []).append(figures)
    return rows


def _agrees(kind: str, value, printed: str) -> bool:
    """Whether ``printed`` is ``value`` rounded to the digits printed, either way at an exact half."""
    import math
    from decimal import Decimal, InvalidOperation

    from workbench.domain.metrics import display_decimal, format_value

    if value is None or (isinstance(value, float) and math.isnan(value)):
        return printed == "--"
    if printed == "--":
        return False
    if not isinstance(value, (int, float)) or not math.isfinite(value):
        return printed == format_value(kind, value)
    number = printed.rstrip("%").replace(",", "")
    decimals = len(number.split(".")[1]) if "." in number else 0
    try:
        shown = Decimal(number)
    except InvalidOperation:
        return False
    exact = display_decimal(kind, value, decimals=decimals + 9)
    return abs(shown - exact) <= Decimal(5).scaleb(-decimals - 1) + Decimal(1).scaleb(-decimals - 6)


def _table_disagreements(spec, words: list[str]) -> list[str]:
    """Each comparison-table figure of the snapshot the frozen PDF prints otherwise, each row it lacks,
    and each row it prints that the snapshot lacks."""
    from workbench.domain.metrics import NumberStyle, format_value

    table = spec.table
    if not table.columns:
        return []
    style = NumberStyle.lenient(spec.house.number_style)
    tickers = {r.ticker: r.name for r in table.rows}
    printed = _printed_rows(words, len(table.columns), tickers)
    wrong: list[str] = []
    for row in table.rows:
        name = display_text(f"{row.ticker} {row.name}")
        found = printed.get(row.ticker)
        if not found:
            wrong.append(f"比较表 {name}：定稿 PDF 的比较表中没有这一行 (the frozen PDF's table has no row for it)")
            continue
        # the row that agrees best (a ticker printed twice: the table's, not a stray one)
        cells = min(found, key=lambda f: sum(not _agrees(c.kind, v, p)
                                             for c, v, p in zip(table.columns, row.values, f)))
        for col, value, shown in zip(table.columns, row.values, cells):
            if not _agrees(col.kind, value, shown):
                column = display_text(" ".join(x for x in (col.group, col.label) if x))
                wrong.append(f"比较表 {name} {column}：快照为 {format_value(col.kind, value, style=style)}，定稿 PDF 为 "
                             f"{display_text(shown)} (the snapshot's figure is not the frozen PDF's)")
    for ticker in printed:
        if ticker not in tickers:
            wrong.append(f"比较表 {display_text(ticker)}：定稿 PDF 的比较表有这一行，快照中没有 (the frozen PDF's table "
                         f"has a row the snapshot lacks)")
    return wrong


def _review_disagreements(review: str, frozen: str) -> list[str]:
    """Each close (… 点) and change (…%) of the snapshot's market review that the frozen PDF's text
    (``frozen``, without blanks) prints otherwise, found by the words either side of it."""
    from workbench.report.text import strip_bold

    text = _squash(strip_bold(review or ""))
    found = list(_REVIEW_NUMBER.finditer(text))
    wrong: list[str] = []
    for k, m in enumerate(found):
        start = found[k - 1].end() if k else 0
        stop = found[k + 1].start() if k + 1 < len(found) else len(text)
        before = text[max(start, m.start() - _REVIEW_CONTEXT):m.start()]
        after = text[m.end():min(stop, m.end() + _REVIEW_CONTEXT)]
        number = r"([+\-−－]?)(\d[\d,]*(?:\.\d+)?)" + re.escape(m.group(3))
        hits: list[re.Match] = []
        for pattern in (re.escape(before) + number + re.escape(after), re.escape(before) + number,
                        number + re.escape(after)):
            hits = list(re.finditer(pattern, frozen))
            if hits:
                break
        value = _signed(m.group(1), m.group(2))
        if any(_review_agrees(value, h.group(1), h.group(2)) for h in hits):
            continue
        clause = re.split(r"[；;。\n]", text[:m.start()])[-1][-30:]  # the index it is said of
        said = display_text(f"{clause}{m.group(0)}")
        if hits:
            wrong.append(f"市场回顾“{said}”：定稿 PDF 为 {display_text(hits[0].group(1) + hits[0].group(2))}"
                         f"{m.group(3)} (the review's number is not the frozen PDF's)")
        else:
            wrong.append(f"市场回顾“{said}”：定稿 PDF 中没有 (the frozen PDF does not print it)")
    return wrong


def _signed(sign: str, digits: str):
    from decimal import Decimal

    number = Decimal(digits.replace(",", ""))
    return -number if sign in ("-", "−", "－") else number


def _review_agrees(value, sign: str, digits: str) -> bool:
    from decimal import Decimal

    decimals = len(digits.split(".")[1]) if "." in digits else 0
    return abs(_signed(sign, digits) - value) <= Decimal(5).scaleb(-decimals - 1) + Decimal(1).scaleb(-decimals - 6)


def check_backup_to_restore(backup: str | Path, *, unverified: bool = False, progress=None) -> list[str]:
    """Refuse (WorkbenchError) a backup that fails ``workbench verify``, unless ``unverified`` and
    its only problems are figures changed or written outside the workbench. A backup whose
    published record fails (a protection trigger removed, altered or added; a broken chain; a
    snapshot its PDF does not show) is never restored: the house's record would be replaced by
    one that cannot be vouched for (the file itself can still be opened with ``--db``). Returns
    the problems a restore goes ahead with (only with ``unverified``); ``progress`` as ``verify_store``'s."""
    report = verify_backup(backup, progress=progress)
    if report is None or report.ok:
        return []
    record = report.record_problems
    if record or not unverified:
        hint = ("；发布记录未通过校验的备份不能恢复，可用 --db 直接打开该文件查看 (a backup whose published record "
                "fails is never restored; open the file itself with --db to look into it)" if record else
                "；确认仍要恢复请加 --unverified (to restore it all the same add --unverified)")
        raise WorkbenchError(f"备份未通过校验，未恢复 (the backup fails `workbench verify`; nothing was "
                             f"restored){hint}: {backup}\n" + "\n".join(f"  - {p}" for p in report.problems))
    return list(report.problems)


def verify_backup(backup: str | Path, *, progress=None) -> VerifyReport | None:
    """``verify_store`` of the store in the file ``backup`` before it is restored, on a copy in a
    temporary folder (the file itself is only read); None when it is no store this release opens
    (the restore refuses it with its own reason). ``progress`` as ``verify_store``'s."""
    import sqlite3
    import tempfile

    from workbench.store import Store

    backup = Path(backup)
    if not backup.is_file():
        return None
    immutable = "" if Path(f"{backup}-wal").exists() else "&immutable=1"  # leave no -wal/-shm beside it
    with tempfile.TemporaryDirectory(prefix="workbench-verify-") as folder:
        copy = Path(folder) / "backup.sqlite"
        try:
            source = sqlite3.connect(backup.resolve().as_uri() + "?mode=ro" + immutable, uri=True)
            try:
                dest = sqlite3.connect(copy)
                try:
                    source.backup(dest)
                finally:
                    dest.close()
            finally:
                source.close()
            with Store(copy) as store:
                return verify_store(store, progress=progress)
        except (sqlite3.Error, WorkbenchError):
            return None
