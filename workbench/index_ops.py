"""``workbench index unmerge``: undo an index merge from the store's change log."""

from __future__ import annotations

import argparse
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
        done = store.unmerge_indices(batch, keep_id=keep_id, by=recorded_by(store))
    print(f"已撤销合并 (merge undone): “{done['name']}” (#{done['index_id']}) 已恢复 restored, "
          f"移回行情 quotes moved back {done['moved']}, 恢复副本 copies restored {done['copied']}")
    return 0
