"""``workbench index merge`` and ``unmerge``: the drafts naming a merged index follow it; undo a merge
from the store's change log."""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from workbench.errors import NotFound, ValidationError, WorkbenchError


def register_unmerge(index_subparsers, db_arg: Callable[[argparse.ArgumentParser], None]) -> argparse.ArgumentParser:
    """Add ``unmerge`` to the ``index`` command's actions (``db_arg`` adds the --db option)."""
    q = index_subparsers.add_parser(
        "unmerge", help="undo a merge: bring back the removed index and move back exactly its quotes",
        description="Undo an index merge: the removed index comes back with its name, code and flags, and "
                    "exactly the quotes that came from it move back (a copy the kept index already held on "
                    "the same date stays on it too). Refused, nothing changed, when a moved quote was "
                    "edited or deleted since the merge. Without --batch, the newest merge that removed "
                    "the index is undone; --list shows the merges.")
    q.add_argument("dropped", nargs="?", default=None, help="the removed index, by the name or code it had")
    q.add_argument("--batch", type=int, default=None, metavar="N",
                   help="the merge's change batch (see --list or `workbench trace`)")
    q.add_argument("--keep", default=None, metavar="INDEX",
                   help="the kept index (name, code or #id), if it was renamed since the merge")
    q.add_argument("--list", action="store_true", help="list the merges in the change log")
    db_arg(q)
    q.set_defaults(handler=cmd_unmerge)
    return q


def find_index(store, text: str) -> dict:
    """An index named by its name, its code or ``#id``; a bare six-digit code (000905) names the one
    stored index whose code is that number with an exchange suffix (000905.SH), as an import reads it."""
    from workbench.imports.indices import same_number

    text = text.strip()
    if text.startswith("#") and text[1:].isdigit():
        rows = [i for i in store.indices() if i["id"] == int(text[1:])]
        if rows:
            return rows[0]
    try:
        return store.index(text)
    except NotFound:
        candidates = same_number(text, store.indices())
        if len(candidates) == 1:
            return candidates[0]
        if candidates:
            listed = "、".join(f"“{i['name']}”（{i['code']}）" for i in candidates)
            raise ValidationError(f"代码 {text} 对应多个指数：{listed}，请写出带交易所后缀的代码 (the code {text} is the "
                                  f"number of several indices, {', '.join(i['code'] for i in candidates)}: give the "
                                  f"code with its exchange suffix)") from None
        raise


def recorded_by(store) -> str:
    """Who a merge or its undo made on the command line is recorded as: the store's own rule for a
    write naming nobody (``Store.default_author``: the desk user on a store that joined a desk, else
    USER or USERNAME), else the operating system's login name."""
    import getpass

    name = store.default_author()
    if name:
        return name
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in the environment nor in the system's user list
        return ""


def kept_name(store, batch_id: int) -> str:
    """The name of the index a merge kept: as it is now where the log still finds it, else as the
    merge's note named it, else --."""
    return store.merge_kept_name(batch_id) or "--"


def merge(store, keep: dict, drop: dict, *, by: str | None = None) -> tuple[int, list[dict]]:
    """Merge index ``drop`` into ``keep`` (``Store.merge_indices``) and make every draft and in-review
    issue naming ``drop`` name ``keep`` (``repoint_issues``), as one change batch, so that undoing the
    merge puts both back. Returns (quotes moved, issues re-pointed)."""
    note = f"合并指数 (index merge): “{drop['name']}” -> “{keep['name']}”"  # as Store.merge_indices writes it
    with store.batch("merge", by=by, note=note):
        moved = store.merge_indices(keep["id"], drop["id"], by=by)
        done = repoint_issues(store, drop["name"], keep["name"])
    return moved, done


def cmd_unmerge(args, refuse: Callable | None = None) -> int:
    """The ``index unmerge`` handler: prints what came back; a refusal raises WorkbenchError.
    ``refuse(store, merge, keep_id)`` may refuse the undo of ``merge`` (an ``index_merges`` entry)
    before anything is written (the command line's check of what the desk would refuse)."""
    from workbench.domain.times import local_time
    from workbench.store import Store

    if args.db is None or not Path(args.db).exists():
        raise WorkbenchError(f"数据文件不存在 (store not found): {args.db}")
    with Store(args.db) as store:
        if args.list:
            merges = store.index_merges(args.dropped)
            if not merges:
                print("没有合并记录 (no merges)" + (f": {args.dropped}" if args.dropped else ""))
                return 0
            print("批次 batch\t时间 at\t操作人 by\t代码 code\t合并掉 removed\t保留 kept\t已撤销 undone")
            for m in merges:
                d = m["dropped"]
                undone = m.get("undone")
                when = "" if undone is None else (
                    f"\t已撤销 undone {local_time(undone['at']) or ''} {undone['by'] or ''}".rstrip())
                print(f"批次 batch {m['batch_id']}\t{local_time(m['at'])}\t{m['by'] or '--'}\t{d.get('code') or '--'}"
                      f"\t{d['name']}\t{kept_name(store, m['batch_id'])}{when}")
            return 0
        batch = args.batch
        if batch is None:
            if not args.dropped:
                raise WorkbenchError("请指明被合并掉的指数或 --batch (name the removed index, or give --batch N)")
            merges = store.index_merges(args.dropped)
            if not merges:
                raise NotFound(f"变更记录中没有合并掉“{args.dropped}”的操作 (no merge in the change log removed "
                               f"an index named {args.dropped}; see --list)")
            batch = merges[0]["batch_id"]
        keep_id = find_index(store, args.keep)["id"] if args.keep else None
        if refuse is not None:
            for merge in store.index_merges():
                if merge["batch_id"] == batch:
                    refuse(store, merge, keep_id)
        by = recorded_by(store)
        merged = [m for m in store.index_merges() if m["batch_id"] == batch]
        note = f"撤销合并 (index unmerge): “{merged[0]['dropped']['name']}” (批次 batch {batch})" if merged else None
        with store.batch("undo", by=by, note=note):  # (as Store.unmerge_indices names it)
            done = store.unmerge_indices(batch, keep_id=keep_id, by=by)
            restored = restore_issue_references(store, batch)  # the drafts the merge re-pointed
    print(f"已撤销合并 (merge undone): “{done['name']}” (#{done['index_id']}) 已恢复 restored, "
          f"移回行情 quotes moved back {done['moved']}, 恢复副本 copies restored {done['copied']}")
    for line in restored:
        print(line)
    return 0


# ---------------------------------------------------------------- issues naming a merged index
# Issues name indices by name (回顾的指数, 行业指数, 封面图指数, a figure's index): a merge that removes an
# index leaves a draft naming it looking for quotes that now live under the kept index's name.
_SLOT_WORDS = {"review_indices": ("回顾的指数", "indices reviewed"), "sector_index": ("行业指数", "sector index"),
               "cover_index": ("封面图指数", "cover chart index")}
_OPEN = ("draft", "review")  # a final is the published record: frozen; a correction draft is a draft
_MISSING = object()


def _slots(content: dict) -> list:
    """The places an issue's content names an index: its three fields, then ("figure", i) for each figure."""
    return [*_SLOT_WORDS, *(("figure", i) for i in range(len(content.get("figures") or [])))]


def _slot_get(content: dict, slot):
    if isinstance(slot, tuple):
        figures = content.get("figures") or []
        if slot[1] >= len(figures):
            return _MISSING
        return (figures[slot[1]].get("params") or {}).get("index", _MISSING)
    if slot == "review_indices":
        return list(content.get(slot) or [])
    return content.get(slot, "")


def _slot_set(issue, slot, value) -> None:
    if isinstance(slot, tuple):
        figure = issue.figures[slot[1]]
        figure.params = {**figure.params, "index": value}
    elif slot == "review_indices":
        issue.review_indices = list(value)
    else:
        setattr(issue, slot, value)


def _slot_words(slots) -> tuple[str, str]:
    zh, en = [], []
    for slot in slots:
        if isinstance(slot, tuple):
            zh.append(f"图 {slot[1] + 1}")
            en.append(f"figure {slot[1] + 1}")
        else:
            zh.append(_SLOT_WORDS[slot][0])
            en.append(_SLOT_WORDS[slot][1])
    return "、".join(zh), ", ".join(en)


def _repointed_value(slot, value, drop: str, keep: str):
    """``value`` of ``slot`` naming ``keep`` where it named ``drop`` (a reviewed index named twice once)."""
    if slot != "review_indices":
        return keep if value == drop else value
    out = []
    for name in value:
        name = keep if name == drop else name
        if name == keep and keep in out:
            continue
        out.append(name)
    return out if drop in value else value


def _issue_words(issue_id: int, status: str) -> tuple[str, str]:
    if status == "review":
        return f"第 {issue_id} 期审核稿", f"the draft in review of issue #{issue_id}"
    return f"第 {issue_id} 期草稿", f"the draft of issue #{issue_id}"


def issues_naming(store, name: str) -> list[int]:
    """The draft and in-review issues whose content names the index ``name`` (not finals: frozen)."""
    out = []
    for row in sorted(store.issues(), key=lambda r: r["id"]):
        if row["status"] not in _OPEN:
            continue
        content = store.issue(row["id"]).content()
        if any(_repointed_value(s, _slot_get(content, s), name, "\0") != _slot_get(content, s) for s in _slots(content)):
            out.append(row["id"])
    return out


def repoint_issues(store, drop: str, keep: str) -> list[dict]:
    """Every draft and in-review issue naming the index ``drop`` names ``keep`` instead (a final is
    frozen); call it inside the merge's change batch, so that undoing the merge finds the change.
    Returns, per issue changed: id, status, slots (what changed), before and after (slot -> value)
    and message (what the user reads)."""
    done = []
    for issue_id in issues_naming(store, drop):
        issue = store.issue(issue_id)
        before, after = _repoint(issue, drop, keep)
        store.save_issue(issue, keep_status=True)
        done.append({"id": issue_id, "status": issue.status, "slots": list(after), "before": before, "after": after,
                     "message": _repointed_message(issue, drop, keep, list(after))})
    return done


def _repoint(issue, drop: str, keep: str) -> tuple[dict, dict]:
    """Make ``issue`` (not saved) name ``keep`` wherever it names ``drop``; returns (before, after):
    slot -> value of each reference changed."""
    content = issue.content()
    before, after = {}, {}
    for slot in _slots(content):
        value = _slot_get(content, slot)
        new = _repointed_value(slot, value, drop, keep)
        if new != value:
            before[slot], after[slot] = value, new
            _slot_set(issue, slot, new)
    return before, after


def merged_names(store, issue) -> dict[str, str]:
    """The index names ``issue`` holds (回顾的指数, 行业指数, 封面图指数, a figure's index) that name no index
    in the store now because a merge not undone removed them, each to the name of the index that merge
    kept (followed through a later merge of that one): an autosave written before the merge names them."""
    present = {i["name"] for i in store.indices()}
    content = issue.content()
    named = set()
    for slot in _slots(content):
        value = _slot_get(content, slot)
        named |= set(value) if isinstance(value, list) else {value} if isinstance(value, str) else set()
    out = {}
    for name in sorted(n for n in named if n and n not in present):
        seen, kept = {name}, name
        while kept not in present:
            merges = [m for m in store.index_merges(kept) if m["undone"] is None]
            follow = store.merge_kept_name(merges[0]["batch_id"]) if merges else None
            if not follow or follow in seen:
                break
            seen.add(follow)
            kept = follow
        if kept in present:
            out[name] = kept
    return out


def repoint_merged(issue, renames: dict[str, str]) -> None:
    """Make ``issue`` (not saved) name each kept index where it names one merged into it
    (``merged_names``), as the merge re-pointed the stored drafts (a reviewed index named twice is
    named once)."""
    for drop, keep in renames.items():
        _repoint(issue, drop, keep)


def _repointed_message(issue, drop: str, keep: str, slots) -> str:
    zh, en = _issue_words(issue.id, issue.status)
    where_zh, where_en = _slot_words(slots)
    text = (f"{zh}改为引用“{keep}”，原为“{drop}”（{where_zh}）({en} now names {keep} instead of {drop}: "
            f"{where_en})")
    if drop in (issue.market_review or ""):
        text += (f"；其市场回顾的文字仍写着“{drop}”，请重新生成：workbench draft-review {issue.id}（应用中为“生成市场回顾”）"
                 f"(its market review still says {drop}: draft it again)")
    return text


def restore_issue_references(store, batch_id: int) -> list[str]:
    """After undoing the merge logged as change batch ``batch_id``: each reference that merge re-pointed
    in an issue still open (draft, in review) and still as the merge left it names the removed index
    again; a reference changed since stays, and is named. Returns what the user reads."""
    lines = []
    for uid, before, after in _logged_issue_images(store, batch_id):
        rows = store.rows("SELECT id, status FROM issues WHERE uid = ?", [uid])
        if not rows or rows[0]["status"] not in _OPEN:
            continue
        changed = {}
        for slot in _slots(after):
            was, now = _slot_get(before, slot), _slot_get(after, slot)
            if was != now and _MISSING not in (was, now):
                changed[slot] = (was, now)
        lines += _restore(store, store.issue(rows[0]["id"]), changed)
    return lines


def _logged_issue_images(store, batch_id: int) -> list[tuple[str, dict, dict]]:
    """(uid, content before, content after) of each issue the change batch wrote: its first image
    before and its last after."""
    images: dict[str, list] = {}
    for r in store.rows("SELECT key1, old, new FROM change_log WHERE batch_id = ? AND entity = 'issues' "
                        "AND op = 'update' AND old IS NOT NULL AND new IS NOT NULL ORDER BY seq", [batch_id]):
        old, new = json.loads(r["old"]), json.loads(r["new"])  # (an entry for the issue's analysts has neither)
        if "content" not in old or "content" not in new:
            continue
        was = images.setdefault(r["key1"], [json.loads(old.get("content") or "{}"), None])
        was[1] = json.loads(new.get("content") or "{}")
    return [(uid, old, new) for uid, (old, new) in images.items()]


def _restore(store, issue, changed: dict) -> list[str]:
    """Put back in ``issue`` each reference ``changed`` (slot -> (before, after)) names that it still
    holds as the merge left it; the others are named as changed since."""
    if issue.status not in _OPEN or not changed:
        return []
    content = issue.content()
    back, kept = [], []
    for slot, (was, now) in changed.items():
        if _slot_get(content, slot) == now:
            _slot_set(issue, slot, was)
            back.append(slot)
        else:
            kept.append(slot)
    zh, en = _issue_words(issue.id, issue.status)
    lines = []
    if back:
        store.save_issue(issue, keep_status=True)
        where_zh, where_en = _slot_words(back)
        lines.append(f"{zh}恢复引用合并前的指数（{where_zh}）({en} names the index it named before the merge "
                     f"again: {where_en})")
    if kept:
        where_zh, where_en = _slot_words(kept)
        lines.append(f"{zh}的{where_zh}在合并后已修改，保持不变 ({en}: {where_en} changed since the merge; "
                     f"left as it is)")
    return lines


@dataclass
class RepointIssues:
    """The app's undo step beside a merge: the open issues naming index ``drop`` name ``keep``;
    revert puts back each reference still as the merge left it."""

    drop: str
    keep: str
    label: str = "草稿改为引用保留的指数 re-point drafts"
    done: list = field(default_factory=list)  # repoint_issues' answer, of the last apply
    restored: list = field(default_factory=list)  # what the last revert said

    def apply(self, store):
        from workbench.edits import Changes

        self.done = repoint_issues(store, self.drop, self.keep)
        return Changes()

    def revert(self, store):
        from workbench.edits import Changes

        self.restored = []
        for d in self.done:
            try:
                issue = store.issue(d["id"])
            except NotFound:
                continue
            self.restored += _restore(store, issue, {s: (d["before"][s], d["after"][s]) for s in d["after"]})
        return Changes()
