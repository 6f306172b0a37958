"""The ``workbench`` command line: thin over the same core functions the app uses.

Heavy libraries (Qt, pandas, reportlab, sqlite-utils) are imported inside the commands
that need them, so ``workbench --version`` and ``--help`` stay instant.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from pathlib import Path

from workbench import __version__
from workbench.errors import WorkbenchError

EXIT_USER_ERROR = 1
EXIT_USAGE = 2
EXIT_BLOCKED = 3
EXIT_CANCELLED = 130
EXIT_CLOSED_PIPE = 141  # 128 + SIGPIPE, as `cat big | head` ends
EPILOG = """\
exit codes: 0 success; 1 a user error, nothing changed (also: the store is locked, read-only or
  the disk is full); 2 a usage error; 3 the preflight blocks; 130 cancelled; 141 the output pipe
  closed early (`workbench ... | head`), without a message.
No command writes over the store, its -wal/-shm/-journal files, another SQLite database or a folder.
environment: WORKBENCH_DB the store; WORKBENCH_BUSY_TIMEOUT_MS how long a writer waits for a busy
  store (milliseconds, default 10000).
"""


class UsageError(WorkbenchError):
    """The command was given wrong arguments (a missing -o, an output of the wrong kind): exit 2."""

    exit_code = EXIT_USAGE


def _db_arg(p: argparse.ArgumentParser, required: bool = True) -> None:
    p.add_argument("--db", type=Path, required=required and "WORKBENCH_DB" not in os.environ,
                   default=os.environ.get("WORKBENCH_DB"),
                   help="store file (env WORKBENCH_DB)")


def _top_parser() -> tuple[argparse.ArgumentParser, argparse._SubParsersAction]:
    parser = argparse.ArgumentParser(
        prog="workbench",
        description="分析师工作台 Analyst Workbench: the weekly sector report, offline, end to end.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"workbench {__version__}")
    parser.add_argument("--db", type=Path, default=None, dest="app_db", metavar="PATH",
                        help="store to open in the app (default: the user's data folder; env WORKBENCH_DB); "
                             "before a COMMAND, the store it works on, as its own --db")
    return parser, parser.add_subparsers(dest="command", metavar="COMMAND")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser; with ``only`` (one of ``COMMANDS``) just that command is set up.

    A command runs with the parser of its own arguments alone (the same arguments, usage, help and
    errors as in the full parser): setting up every other command, each an ArgumentParser with
    its translated help strings, is most of the command line's start-up cost.
    """
    parser, sub = _top_parser()
    for name, add in COMMANDS.items():
        if only is None or name == only:
            add(sub)
    if only is None:
        from workbench.desk.cli import add_commands as add_desk_commands

        add_desk_commands(sub, _db_arg)  # desk init|user|join|status|conflicts|resolve, sync
    return parser


def _add_demo(sub) -> None:
    p = sub.add_parser("demo", help="build a store holding the reference (demo) issue")
    _db_arg(p)
    p.add_argument("--force", action="store_true", help="replace a store that already holds data")


def _add_import(sub) -> None:
    p = sub.add_parser("import", help="import Wind/iFinD/Excel exports (.xlsx, .csv)")
    p.add_argument("files", nargs="+", type=Path)
    _db_arg(p)
    p.add_argument("--dry-run", action="store_true", help="report what would change, write nothing")
    p.add_argument("--amount-unit", default="元", metavar="UNIT",
                   help="unit of amount columns whose header names none: 元 (default), 万元, 亿元")
    p.add_argument("--as-of", default=None, metavar="DATE", help="as-of date of the data (default: from the file)")
    p.add_argument("--ratio-unit", default=None, choices=("percent", "fraction"),
                   help="how ratios (growth, YTD return, weekly change) are written in columns whose header states "
                        "no unit: percent (12.74 is 12.74%%) or fraction (0.1274); without it, such columns whose "
                        "numbers look like percentages stop the import and ask")
    p.add_argument("--new-index", action="append", default=[], metavar="NAME",
                   help="confirm that NAME is a new index, not a near match of a stored one (repeatable)")
    p.add_argument("--same-index", action="append", default=[], metavar="NAME=INDEX",
                   help="import the quotes of NAME into the stored INDEX (name or code); the summary names both "
                        "(repeatable; not with --new-index for the same NAME)")
    p.add_argument("--older", action="store_true",
                   help="apply values although the store holds them with a later as-of date")
    p.add_argument("--new-store", action="store_true",
                   help="create the store --db names when it does not exist yet (in an existing folder); "
                        "without it a store that is not found is refused")
    p.add_argument("--new-company", action="append", default=[], metavar="TICKER",
                   help="confirm that TICKER is a new company although another company has its name, "
                        "e.g. a second listing (repeatable)")
    p.add_argument("--rename", action="append", default=[], metavar="TICKER",
                   help="confirm the name a row gives the stored TICKER although it is not TICKER's stored name "
                        "(another stored company's, or one the store does not know): a rename, or the row is "
                        "TICKER's indeed (repeatable)")


def _add_index(sub) -> None:
    p = sub.add_parser("index", help="list indices, give an index its code, merge two indices or undo a merge")
    ix_sub = p.add_subparsers(dest="index_command", metavar="ACTION", required=True)
    q = ix_sub.add_parser("list", help="list indices with their codes and quote counts")
    _db_arg(q)
    q = ix_sub.add_parser("code", help="give an index its code (e.g. 000300.SH); '' removes it")
    q.add_argument("index", help="index name, code or #id")
    q.add_argument("code")
    _db_arg(q)
    q = ix_sub.add_parser("merge", help="move the quotes of DROP into KEEP and remove DROP; drafts and issues in "
                                        "review naming DROP then name KEEP (a final stays as published)")
    q.add_argument("keep", help="index kept: name, code or #id")
    q.add_argument("drop", help="index removed: name, code or #id")
    _db_arg(q)
    from workbench.index_ops import register_unmerge

    register_unmerge(ix_sub, _db_arg).set_defaults(handler=_cmd_index_unmerge)


def _add_table(sub) -> None:
    p = sub.add_parser("table", help="write a table of the store as csv or xlsx")
    p.add_argument("name", choices=["companies", "financials", "quotes", "issues"])
    _db_arg(p)
    p.add_argument("--format", choices=["csv", "xlsx"], default=None)
    p.add_argument("-o", "--output", type=Path, default=None,
                   help="output file (csv to stdout when omitted); never the store or another database")


def _add_export(sub) -> None:
    p = sub.add_parser("export", help="an issue as PDF (after the compliance preflight), or its table as .xlsx")
    p.add_argument("issue", help="issue id or 'latest'")
    _db_arg(p)
    p.add_argument("-o", "--output", type=Path, required=True,
                   help="the .pdf or .xlsx to write; never the store, its -wal/-shm, or another database")


def _add_check(sub) -> None:
    p = sub.add_parser("check", help="compliance preflight of an issue")
    p.add_argument("issue", help="issue id or 'latest'")
    _db_arg(p)
    p.add_argument("--confirm-outside", action="store_true",
                   help="confirm the table's figures changed in the file outside the workbench, as they are now "
                        "(the preflight names them; unconfirmed, they block the issue from going final)")


_BY_HELP = ("who is recorded (default: the login name); with a desk joined, the desk user, this name "
            "shown beside it")


def _recorded_name(store, given: str | None, local: str | None = None) -> str:
    """The desk user on a store that joined a desk (see workbench.desk.roles.recorded_name), else the
    name given or the login name."""
    from workbench.store.sync_state import SETTING_URL

    if local is None:
        local = os.environ.get("USER") or os.environ.get("USERNAME") or "analyst"
    if not store.get_setting(SETTING_URL):
        return local if given is None else given
    from workbench.desk.roles import recorded_name

    return recorded_name(store, given, local)


def _add_new_issue(sub) -> None:
    p = sub.add_parser("new-issue", help="start next week's draft from an issue (copy-forward), or a first "
                                         "issue for a chosen week (--week)")
    first = p.add_mutually_exclusive_group(required=True)
    first.add_argument("--from", dest="source", help="issue id or 'latest'")
    first.add_argument("--week", metavar="DATE", help="a first issue: the week (Monday to Sunday) holding DATE "
                                                      "(YYYY-MM-DD), with the house's series and analysts")
    p.add_argument("--series", default=None, help="with --week: the series (default: the house's first)")
    _db_arg(p)
    p.add_argument("--by", default=None, help=_BY_HELP)
    p.add_argument("--again", action="store_true",
                   help="make another draft even if the series already has an issue for that week")


def _add_draft_review(sub) -> None:
    p = sub.add_parser("draft-review", help="write the market review from the index quotes dated in the issue's week")
    p.add_argument("issue", help="issue id or 'latest'")
    _db_arg(p)
    p.add_argument("--print", dest="print_only", action="store_true", help="print it, do not save")


def _add_status(sub) -> None:
    p = sub.add_parser("status", help="move an issue through draft -> review -> final")
    p.add_argument("issue")
    p.add_argument("status", choices=["draft", "review", "final"])
    _db_arg(p)
    p.add_argument("--by", default=None, help=_BY_HELP)
    p.add_argument("--reason", default=None)
    p.add_argument("--accept-changes", action="store_true",
                   help="final: freeze figures that changed since the issue went to review, that differ "
                        "from the published version a correction replaces, or that the desk holds changes to "
                        "this store has not pulled (named first)")


def _add_correct(sub) -> None:
    p = sub.add_parser("correct", help="open a correction (new version) of a final issue: it reprints the issue as of "
                                       "its date, with only the figures that correct that week")
    p.add_argument("issue")
    _db_arg(p)
    p.add_argument("--reason", default=None, help="why the issue is corrected (needed to open a correction)")
    p.add_argument("--by", default=None, help=_BY_HELP)
    p.add_argument("--take", action="append", default=[], metavar="TICKER[:METRIC[:PERIOD]]",
                   help="print a newer figure of the store although dated after the issue's date (a company's every "
                        "figure, a metric's, or one: 300493.SZ:pe:2024E); repeatable; also on an open correction")
    p.add_argument("--take-point", action="append", default=[], metavar="DATASET[:SERIES[:CATEGORY]]",
                   help="print a chart's newer point of a dataset that the correction keeps as published (a "
                        "forecast year's: 云厂商资本开支:资本开支:2025E; the dataset by its name or title, every point "
                        "of it or of a series); repeatable; also on an open correction")


def _add_record(sub) -> None:
    p = sub.add_parser("record", help="write an issue's publication record (PDFs, snapshots, status log)")
    p.add_argument("issue")
    _db_arg(p)
    p.add_argument("-o", "--output", type=Path, required=True, help="folder to write the record into")


def _add_backup(sub) -> None:
    p = sub.add_parser("backup", help="copy the store to a file while it is in use, or put a backup back "
                                      "(--restore)")
    _db_arg(p)
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("-o", "--output", type=Path, help="the backup file to write")
    what.add_argument("--restore", type=Path, metavar="FILE",
                      help="put the store in FILE (a backup) in place of --db; the replaced store is kept as "
                           "NAME.before-restore-TIME.sqlite, and a store that joined a desk syncs as a new "
                           "workstation")
    p.add_argument("--force", action="store_true",
                   help="replace an existing file; a store only when it is an older backup of this one (kept as "
                        "NAME.before-backup-TIME.sqlite); never the open store, a store in use, another store "
                        "or a copy holding published versions this one lacks")
    p.add_argument("--discard-newer", action="store_true",
                   help="with --restore: restore although the store holds what the backup lacks (published "
                        "versions; on a desk, changes never pushed): named, dropped from the store and kept only "
                        "in NAME.before-restore-TIME.sqlite (without it such a restore is refused, naming them)")
    p.add_argument("--unverified", action="store_true",
                   help="restore a backup whose only problems in `workbench verify` are figures changed or "
                        "written outside the workbench; never one whose published record fails (a broken chain, "
                        "a snapshot its PDF does not show, protection triggers removed, altered or added)")


def _add_diff(sub) -> None:
    p = sub.add_parser("diff", help="week-over-week changes between two issues")
    p.add_argument("issue_a")
    p.add_argument("issue_b")
    _db_arg(p)


def _add_analyst(sub) -> None:
    p = sub.add_parser("analyst", help="the house's analysts and their SAC registration numbers")
    an_sub = p.add_subparsers(dest="analyst_command", metavar="ACTION", required=True)
    q = an_sub.add_parser("add", help="register an analyst")
    q.add_argument("--name", required=True)
    q.add_argument("--sac", required=True, help="SAC registration number: S or A and 13 digits")
    q.add_argument("--contact", default=None)
    _db_arg(q)
    q = an_sub.add_parser("edit", help="change an analyst's name, SAC number or contact")
    q.add_argument("id", type=int)
    q.add_argument("--name", default=None)
    q.add_argument("--sac", default=None)
    q.add_argument("--contact", default=None)
    _db_arg(q)
    q = an_sub.add_parser("list", help="list analysts")
    _db_arg(q)


def _add_trace(sub) -> None:
    p = sub.add_parser("trace", help="where a figure came from: its value and every change (file, sheet, row, "
                                     "column; edits by whom and when)")
    p.add_argument("ticker", help="a company (ticker or name) or an index (code or name)")
    p.add_argument("metric", help="revenue, revenue_yoy, net_profit, net_profit_yoy, pe, eps, ytd_return, or as the "
                                  "PDF labels it (营业收入, 归母净利润, \"PE 2025E\"); an index: close, change")
    p.add_argument("period", nargs="?", default=None,
                   help="2023A, 2024E, 2024Q1-Q3, 2024YTD, or as printed (2023, 24Q1-Q3); a company's close, "
                        "market cap or shares: a date (default: the latest); an index: a date, a day of a week "
                        "without a close being that week's last close (default: its latest quote)")
    _db_arg(p)


def _add_verify(sub) -> None:
    p = sub.add_parser("verify", help="check every published PDF against its SHA-256 and the chain of "
                                      "published versions (exit 1 naming the first broken link)")
    _db_arg(p)


def _add_benchmark(sub) -> None:
    p = sub.add_parser("benchmark", help="show or set the benchmark index (default: CSI 300)")
    p.add_argument("index", nargs="?", default=None, help="index code or name")
    _db_arg(p)


def _add_note(sub) -> None:
    p = sub.add_parser("note", help="weekly notes")
    note_sub = p.add_subparsers(dest="note_command", metavar="ACTION", required=True)
    q = note_sub.add_parser("add", help="add a note")
    q.add_argument("--text", required=True)
    q.add_argument("--company", action="append", default=[], help="ticker (repeatable)")
    q.add_argument("--tag", action="append", default=[])
    q.add_argument("--theme", action="append", default=[])
    q.add_argument("--date", default=None)
    q.add_argument("--author", default=None, help=_BY_HELP)
    _db_arg(q)
    q = note_sub.add_parser("list", help="list or search notes")
    q.add_argument("--search", default=None)
    q.add_argument("--company", default=None)
    q.add_argument("--tag", default=None)
    _db_arg(q)


COMMANDS = {
    "demo": _add_demo,
    "import": _add_import,
    "index": _add_index,
    "table": _add_table,
    "export": _add_export,
    "check": _add_check,
    "new-issue": _add_new_issue,
    "draft-review": _add_draft_review,
    "status": _add_status,
    "correct": _add_correct,
    "record": _add_record,
    "backup": _add_backup,
    "diff": _add_diff,
    "analyst": _add_analyst,
    "trace": _add_trace,
    "verify": _add_verify,
    "benchmark": _add_benchmark,
    "note": _add_note,
}


def main(argv: list[str] | None = None, open_app=None) -> int:
    """Run the command line. ``open_app(path) -> int`` starts the desktop app; the ``workbench``
    console script (``ui.launcher``) passes it, so the core never imports the Qt layer."""
    argv = sys.argv[1:] if argv is None else list(argv)
    first = _leading_store(argv)
    parser = build_parser(argv[first] if first < len(argv) and argv[first] in COMMANDS else None)
    args = parser.parse_args(_store_after_command(parser, argv))
    try:
        if args.command is None:
            return _cmd_app(args, open_app)
        handler = getattr(args, "handler", None) or globals()["_cmd_" + args.command.replace("-", "_")]
        code = handler(args) or 0
        if sys.stdout is not None:  # a closed pipe shows here, not in the interpreter's last flush
            sys.stdout.flush()
        return code
    except BrokenPipeError:
        return _closed_pipe()
    except WorkbenchError as exc:
        print(f"错误 error: {exc}", file=sys.stderr)
        return getattr(exc, "exit_code", EXIT_USER_ERROR)
    except KeyboardInterrupt:
        print("已取消 cancelled", file=sys.stderr)
        return EXIT_CANCELLED
    except sqlite3.Error as exc:  # the store locked, read-only or full: the user's to fix, not a crash
        from workbench.store.access import explain

        print(f"错误 error: {explain(exc, getattr(args, 'db', None))}", file=sys.stderr)
        return EXIT_USER_ERROR
    except OverflowError:  # a number beyond what the store can hold, e.g. an id of 20 digits
        print("错误 error: 数字超出范围 (a number on the command line is out of range)", file=sys.stderr)
        return EXIT_USER_ERROR
    except OSError as exc:  # a locked, read-only or full target: the user's to fix, not a crash
        where = f": {exc.filename}" if exc.filename else ""
        print(f"错误 error: 无法读写文件 (cannot read or write the file){where}: {exc.strerror or exc}",
              file=sys.stderr)
        return EXIT_USER_ERROR
    except Exception as exc:  # the CLI never shows a traceback for a user's file
        from workbench.progress import Cancelled

        if isinstance(exc, Cancelled):
            print("已取消 cancelled; 数据未改变 (store unchanged)", file=sys.stderr)
            return EXIT_CANCELLED
        raise


def _leading_store(argv: list[str]) -> int:
    """How many of the first words of ``argv`` give the store (``--db PATH`` or ``--db=PATH``)."""
    i = 0
    while i < len(argv):
        if argv[i] == "--db" and i + 1 < len(argv):
            i += 2
        elif argv[i].startswith("--db="):
            i += 1
        else:
            break
    return i


def _store_after_command(parser: argparse.ArgumentParser, argv: list[str]) -> list[str]:
    """``workbench --db PATH COMMAND ...`` read as ``workbench COMMAND --db PATH ...``: the store
    written before a command (and its action: ``index list``) is the store that command works on,
    when it takes --db; a --db written after the command still wins, as the later option. Without
    a command, --db stays the store the app opens."""
    given = _leading_store(argv)
    if given == 0:
        return argv
    at, current = given, parser
    while at < len(argv):
        commands = [a for a in current._actions if isinstance(a, argparse._SubParsersAction)]
        if not commands or argv[at] not in commands[0].choices:
            break
        current, at = commands[0].choices[argv[at]], at + 1
    if current is parser or "--db" not in current._option_string_actions:
        return argv
    return argv[given:at] + argv[:given] + argv[at:]


def _closed_pipe() -> int:
    """The reader of the output went away (``workbench ... | head``): not an error, so no message.

    Exits as POSIX tools do when SIGPIPE ends them (128 + 13), so a script can still tell the
    output was cut short; what is left unwritten goes nowhere instead of failing again at exit.
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # no real file descriptor (a test's captured stdout)
        pass
    return EXIT_CLOSED_PIPE


def _open(args):
    from workbench.store import Store

    return Store(args.db)


def _open_existing(args):
    _refuse_no_store_file(args.db)
    if not Path(args.db).exists():
        raise WorkbenchError(f"数据文件不存在 (store not found): {args.db}")
    return _open(args)


def _refuse_no_store_file(db, *, new_store: bool = False) -> None:
    from workbench.store.reader import check_store_path  # (light: an export never loads sqlite-utils)

    check_store_path(db, new_store=new_store)


def _bar():
    from workbench.progress import TextProgressBar

    return TextProgressBar()


def _end_bar(bar, done: bool = False) -> None:
    """End the line of a bar left short on the terminal (what follows starts a line of its own):
    full when the work is ``done``."""
    if not bar.enabled or bar._last in (-1, 100):
        return
    if done:
        bar(1, 1, "完成 (done)")
    else:
        bar.stream.write("\n")
        bar.stream.flush()
        bar._last = -1


def _cmd_app(args, open_app) -> int:
    from workbench.paths import default_store_path

    if open_app is None:
        raise WorkbenchError("桌面程序请用 workbench 命令启动 (start the desktop app with the `workbench` "
                             "command; `python -m workbench` runs the headless commands only)")
    problem = getattr(open_app, "check", lambda: None)()
    if problem:  # e.g. no display: say so before the demo store is created
        raise WorkbenchError(problem)
    path = Path(args.app_db) if args.app_db else default_store_path()
    if not path.exists():
        from workbench.demo import build_demo

        print(f"首次运行：创建演示数据 (first run: creating the demo store) {path}", file=sys.stderr)
        build_demo(path)
    return open_app(path)


def _cmd_demo(args) -> int:
    from workbench.demo import build_demo

    issue_id = build_demo(args.db, force=args.force, progress=_bar())
    print(f"演示数据已生成 (demo store built): {args.db} (issue {issue_id})")
    return 0


def _cmd_import(args) -> int:
    from workbench.imports import import_files

    for f in args.files:
        if not f.exists():
            raise WorkbenchError(f"文件不存在 (file not found): {f}")
    with _open_import_target(args) as opened:
        store = opened
        if opened.read_only:
            if not args.dry_run:  # refused before any file is read, as every command that writes
                from workbench.store.access import explain

                raise explain(sqlite3.OperationalError("attempt to write a readonly database"), args.db)
            store = _memory_copy(opened)  # a dry run writes and rolls back: on a copy, the file is only read
        try:
            same = {}
            for pair in args.same_index:
                name, sep, target = pair.partition("=")
                if not sep or not name.strip() or not target.strip():
                    raise WorkbenchError(f"--same-index 的格式为 NAME=INDEX (use --same-index NAME=INDEX): {pair}")
                same[name.strip()] = _find_index(store, target)["id"]
            result = import_files(store, args.files, dry_run=args.dry_run, progress=_bar(),
                                  default_amount_unit=args.amount_unit, as_of=args.as_of,
                                  confirm_new_indices=set(args.new_index), map_indices=same,
                                  allow_older=args.older, new_companies=args.new_company,
                                  renamed_companies=args.rename, ratio_unit=args.ratio_unit)
        finally:
            if store is not opened:
                store.close()
    prefix = "试运行，未写入 (dry run, nothing written)\n" if args.dry_run else ""
    print(prefix + result.summary())
    return 0


def _memory_copy(store):
    """A writable copy in memory of a store opened read-only (SQLite's online backup of its pages)."""
    from workbench.store import Store

    copy = Store(":memory:")
    store.db.conn.backup(copy.db.conn)
    return copy


def _open_import_target(args):
    """The store an import writes to: one that exists; a new one only when asked (--new-store), in a
    folder that exists. A mistyped --db makes no folder and no empty store; a dry run none at all
    (with --new-store it imports into a store in memory, to show what a new store would get)."""
    _refuse_no_store_file(args.db, new_store=args.new_store)
    path = Path(args.db)
    if path.exists() or not args.new_store:
        if not path.exists():
            raise WorkbenchError(f"数据文件不存在 (store not found): {args.db}；新建数据文件请加 --new-store "
                                 f"(to create a new store add --new-store)")
        return _open(args)
    if not path.parent.is_dir():
        raise WorkbenchError(f"文件夹不存在 (folder not found): {path.parent}")
    from workbench.store import Store

    return Store(":memory:") if args.dry_run else Store(path)


def _find_index(store, text: str) -> dict:
    from workbench.index_ops import find_index

    return find_index(store, text)


def _cmd_index(args) -> int:
    with _open_existing(args) as store:
        if args.index_command == "code":
            idx = _find_index(store, args.index)
            code = store.set_index_code(idx["id"], args.code)
            print(f"#{idx['id']} {idx['name']}: 代码 code {code or '（无 none）'}")
        elif args.index_command == "merge":
            keep, drop = _find_index(store, args.keep), _find_index(store, args.drop)
            from workbench.desk.errors import DeskError
            from workbench.desk.roles import merge_refusal  # (the benchmark is the house's, on a desk)

            why = merge_refusal(store, drop, keep)
            if why:
                raise DeskError(why)
            from workbench.index_ops import merge, recorded_by

            moved, repointed = merge(store, keep, drop, by=recorded_by(store))  # the drafts naming DROP follow
            print(f"已合并 (merged): “{drop['name']}” -> “{keep['name']}” (#{keep['id']}), "
                  f"移入行情 quotes moved {moved}")
            for issue in repointed:
                print(issue["message"])
        else:
            counts = {}
            for q in store.all_quotes():
                counts[q["index_id"]] = counts.get(q["index_id"], 0) + 1
            for i in store.indices():
                flags = " 基准 benchmark" if i["is_benchmark"] else ""
                flags += " 示意 sample" if i["sample"] else ""
                print(f"#{i['id']}\t{i['code'] or '--'}\t{i['name']}\t{counts.get(i['id'], 0)}{flags}")
    return 0


def _cmd_index_unmerge(args) -> int:
    from workbench.index_ops import cmd_unmerge

    return cmd_unmerge(args, refuse=_unmerge_refusal)


def _unmerge_refusal(store, merge: dict, keep_id: int | None) -> None:
    from workbench.desk.errors import DeskError
    from workbench.desk.roles import unmerge_refusal  # (the benchmark is the house's, on a desk)

    why = unmerge_refusal(store, merge, keep_id)
    if why:
        raise DeskError(why)


def _cmd_table(args) -> int:
    from workbench.tables import table_rows, to_csv, write_table

    fmt = args.format or (args.output.suffix.lstrip(".").lower() if args.output else "csv")
    if fmt not in ("csv", "xlsx"):
        raise UsageError(f"未知格式 (unknown format): {fmt}; 用 --format csv|xlsx")
    if args.output is None and fmt == "xlsx":
        raise UsageError("xlsx 需要 -o 输出文件 (xlsx needs -o OUT)")
    bar = _bar() if args.output is not None else None  # on a terminal; never beside CSV sent to stdout
    if bar is not None:
        bar(0, 1, "读取 (reading)")
    with _open_existing(args) as store:
        header, rows = table_rows(store, args.name)
    if args.output is None:
        _write_stdout(to_csv(header, rows))
        return 0
    write_table(header, _RowsWritten(rows, bar), args.output, fmt, store_path=args.db)
    if bar is not None:
        bar(1, 1, "写入 (writing)")
    print(f"{len(rows)} 行已写入 (rows written): {args.output}", file=sys.stderr)
    return 0


class _RowsWritten:
    """A table's rows handed to its writer, reporting on ``progress`` how many it has taken (an .xlsx
    of a big desk's 190,000 figures takes half a minute); the bar ends when the file is written."""

    def __init__(self, rows: list, progress):
        self.rows, self.progress = rows, progress

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self):
        total = len(self.rows) + 1  # the last step is saving the file
        step = max(1, total // 200)
        for done, row in enumerate(self.rows):
            if self.progress is not None and done % step == 0:
                self.progress(done, total, "写入 (writing)")
            yield row


def _write_stdout(text: str) -> None:
    """Text exactly as given (CRLF rows stay CRLF on every system)."""
    out = sys.stdout
    if hasattr(out, "buffer"):
        out.flush()
        out.buffer.write(text.encode(out.encoding or "utf-8", errors="replace"))
        out.buffer.flush()
    else:
        out.write(text)


def _print_findings(result) -> None:
    for f in result.blockers:
        print(f"  ✗ 阻止 BLOCK [{f.label}] {f.message}")
    _print_warnings(result.warnings)


def _print_warnings(warnings, file=None) -> None:
    """The preflight's warnings, one a line, as `check`, `export` and `status … final` print them."""
    for f in warnings:
        print(f"  ! 警告 WARN  [{f.label}] {f.message}", file=file)


def _cmd_check(args) -> int:
    from workbench.report.preflight import preflight

    with _open_existing(args) as store:
        issue = store.issue(args.issue)
        if args.confirm_outside:
            from workbench.report.preflight import confirm_outside_figures

            confirmed = confirm_outside_figures(store, issue)
            print("已确认库外修改的数值 (confirmed as they are, figures changed outside the workbench): "
                  + ("、".join(confirmed) if confirmed else "没有需要确认的数值 (none to confirm)"))
        bar = _bar()
        try:
            result = preflight(store, issue, progress=bar)
        except BaseException:  # Ctrl-C: the message starts a line of its own
            _end_bar(bar)
            raise
        # a final's figures corrected since it was published, named (warnings: the exit code stays)
        from workbench.drafting.printed import printed_otherwise_warnings

        result.warnings += printed_otherwise_warnings(store, issue)
    _print_findings(result)
    if result.blockers:
        print(f"预检未通过：{len(result.blockers)} 项阻止导出 (preflight failed: {len(result.blockers)} blocking)")
        return EXIT_BLOCKED
    print(f"预检通过 (preflight passed), {len(result.warnings)} 项警告 (warnings)")
    return 0


def _open_for_reading(args):
    """The store for a command that only reads (export): the light sqlite3 reader when the store is
    this release's, else a full Store (which upgrades, refuses or explains as usual)."""
    from workbench.store.reader import open_reader

    if args.db is not None:
        _refuse_no_store_file(args.db)
    reader = open_reader(args.db) if args.db is not None else None
    return reader if reader is not None else _open_existing(args)


def _export_target(args) -> str:
    """The kind of file ``export -o`` asks for, ".pdf" or ".xlsx"; a target that would lose data is
    refused first (exit 1), then one that is neither (a usage error, exit 2)."""
    from workbench.outputs import check_target

    if str(args.output) in ("", "."):
        raise UsageError("没有指定输出文件 (no output file given): -o OUT.pdf 或 (or) -o OUT.xlsx")
    check_target(args.output, args.db)
    suffix = args.output.suffix.lower()
    if suffix not in (".pdf", ".xlsx"):
        raise UsageError(f"导出文件须为 .pdf 或 .xlsx (the output must be a .pdf or an .xlsx file): "
                         f"{args.output}")
    return suffix


def _cmd_export(args) -> int:
    from workbench.drafting.lifecycle import export_issue

    if _export_target(args) == ".xlsx":  # the comparison table alone, as printed
        from workbench.report.table_xlsx import export_table_xlsx

        with _open_existing(args) as store:
            path = export_table_xlsx(store, args.issue, args.output, progress=_bar())
        print(f"已导出对比表 (comparison table exported) {path}")
        return 0
    with _open_for_reading(args) as store:
        result = export_issue(store, args.issue, args.output, progress=_bar())
        # the published PDF, byte for byte: a figure corrected since it was published is named
        from workbench.drafting.printed import printed_otherwise_warnings

        later = printed_otherwise_warnings(store, store.issue(args.issue))
    _print_warnings(list(result.warnings) + later, file=sys.stderr)
    print(f"已导出 (exported) {result.path}: {result.pages} 页 pages, SHA-256 {result.sha256}")
    return 0


def _cmd_new_issue(args) -> int:
    from workbench.drafting.first import first_issue
    from workbench.drafting.lifecycle import copy_forward

    if args.series is not None and args.week is None:
        print("--series 只用于 --week (--series goes with --week)", file=sys.stderr)
        return EXIT_USAGE
    with _open_existing(args) as store:
        if args.week is not None:
            issue = first_issue(store, args.week, by=_recorded_name(store, args.by), series=args.series,
                                again=args.again)
        else:
            issue = copy_forward(store, args.source, by=_recorded_name(store, args.by), again=args.again)
    print(f"新草稿 (new draft) #{issue.id}: {issue.series} {issue.period_start}..{issue.period_end}")
    return 0


def _cmd_draft_review(args) -> int:
    from workbench.analysis.review import draft_market_review_result
    from workbench.store.store import IssueChangedElsewhere

    with _open_existing(args) as store:
        issue_id = store.issue(args.issue).id
        # saved only over the issue as read here: a save made meanwhile (the app, a desk pull) stands
        revision = store.issue_revision(issue_id)
        issue = store.issue(issue_id)
        if not args.print_only:
            from workbench.desk.cli import refuse_if_leased

            refuse_if_leased(store, issue)  # a draft a colleague holds on the desk is theirs to change
        drafted = draft_market_review_result(store, issue)
        text = drafted.text
        if not args.print_only:
            issue.market_review = text
            try:
                store.save_issue(issue, revision=revision)  # (update_issue, with the revision read)
            except IssueChangedElsewhere as exc:
                raise IssueChangedElsewhere(
                    f"{exc.message}；市场回顾未写入，请重新运行 `workbench draft-review {issue.id}` (the market review "
                    f"was not written; run `workbench draft-review {issue.id}` again)") from None
    for note in drafted.notes:  # what the draft left out: the preflight blocks it until resolved
        print(f"  ! 注意 NOTE  {note}", file=sys.stderr)
    print(text)
    return 0


def _cmd_status(args) -> int:
    from workbench.desk.roles import refuse_unless_may_finalise
    from workbench.drafting.lifecycle import FiguresChanged, change_status

    accepted, desk_accepted, desk_note = [], [], None

    def shown(check):  # before anything is frozen: what the editor should see, as `export` shows it
        _end_bar(bar)
        _print_warnings(check.warnings, file=sys.stderr)
        if args.accept_changes:
            accepted[:] = [f"送审后变动，已按新值定稿 (changed since review, frozen as now): {c.describe()}"
                           for c in check.changes]
            v = check.published_version
            accepted.extend(f"与已发布的 v{v} 不同，已按新值定稿 (differs from the published v{v}, frozen as now): "
                            f"{c.describe()}" for c in check.published_changes)

    bar = _bar()
    with _open_existing(args) as store:
        if store.get_setting("desk.url"):  # a clock the last sync found off: the log's time would be wrong
            from workbench.desk.sync import known_clock_note

            clock = known_clock_note(store)
            if clock:
                print(f"  ! 警告 WARN  {clock}", file=sys.stderr)
        if args.status == "final":  # an analyst's store on a desk: refused as the app does
            refuse_unless_may_finalise(store, "final")
            if store.issue(args.issue).status == "review":  # (only a final that can happen asks the desk)
                from workbench.desk.cli import check_before_final

                # the desk holding changes this store has not pulled to what the issue prints stops
                # it (exit 3) unless accepted; a desk out of reach is a warning naming the last sync
                # (what it found goes into the final's status-log entry: the changes accepted, or offline)
                desk_accepted[:], desk_note = check_before_final(store, args.issue, accept=args.accept_changes)
        bar(0, 1, "预检 (checking)")  # the preflight first; a final then lays out and freezes the PDF
        try:
            issue = change_status(store, args.issue, args.status, by=_recorded_name(store, args.by),
                                  reason=args.reason, accept_changes=args.accept_changes, shown=shown,
                                  progress=bar, desk_note=desk_note)
            _end_bar(bar, done=True)
        except FiguresChanged as exc:
            _end_bar(bar)
            print(f"错误 error: {exc}\n请核对；确认按新值定稿请加 --accept-changes (check them; to freeze the new "
                  f"values add --accept-changes)", file=sys.stderr)
            return EXIT_BLOCKED
        except BaseException:  # refused, or Ctrl-C: the message starts a line of its own
            _end_bar(bar)
            raise
        log = store.issue_log(issue.id)[-1]
        ver = store.versions(issue.id)[-1] if issue.status == "final" else None
    for line in accepted + desk_accepted:
        print(f"  ! {line}", file=sys.stderr)
    from workbench.domain.times import local_time

    # the log's time as the rest of the command line shows times: this workstation's, to the second
    print(f"#{issue.id} v{issue.version}: {log['from_status']} -> {log['to_status']} ({log['by']}, {local_time(log['at'])})")
    if ver is not None:
        print(f"已冻结 (frozen) v{ver['version']}, PDF SHA-256 {ver['pdf_sha256']}")
    return 0


def _cmd_correct(args) -> int:
    from workbench.desk.roles import refuse_unless_may_finalise
    from workbench.drafting.lifecycle import open_correction

    with _open_existing(args) as store:
        refuse_unless_may_finalise(store, "correct")
        if (args.take or args.take_point) and store.issue(args.issue).status != "final":  # an open correction
            from workbench.drafting.lifecycle import take_newer_figures
            from workbench.report.spec import correction_point_takes, point_words

            issue = store.issue(args.issue)
            taken = [":".join(p for p in t if p) for t in take_newer_figures(store, issue.id, args.take,
                                                                            points=args.take_point)]
            taken += sorted(point_words(store, t) for t in correction_point_takes(store, issue))
            print(f"#{issue.id} 更正版本 v{issue.version} 采用较新的数据 (the correction takes newer figures): "
                  + "、".join(taken))
            return 0
        if not (args.reason or "").strip():
            raise WorkbenchError("更正需要说明原因：--reason (a correction needs a reason: --reason)")
        issue = open_correction(store, args.issue, reason=args.reason, by=_recorded_name(store, args.by),
                                take=args.take, points=args.take_point)
    print(f"#{issue.id} 更正版本 (correction) v{issue.version} 已创建为草稿 (is now a draft)")
    return 0


def _cmd_record(args) -> int:
    from workbench.drafting.record import write_record
    from workbench.outputs import check_folder_target

    check_folder_target(args.output, args.db)
    with _open_existing(args) as store:
        folder = write_record(store, args.issue, args.output, progress=_bar())
    print(f"发布记录已写入 (publication record written): {folder}")
    return 0


def _cmd_backup(args) -> int:
    if args.restore is not None:
        from workbench.desk.identity import restore

        def warn(problems):
            print("  ! 警告 WARN  备份未通过校验，按 --unverified 恢复 (the backup fails verify; restored as "
                  "--unverified asks):\n" + "\n".join(f"  - {p}" for p in problems), file=sys.stderr)
        restored, again = restore(args.restore, args.db, progress=_bar(), unverified=args.unverified, warn=warn,
                                  discard_newer=args.discard_newer)
        print(restored.summary())
        if again is not None:
            print(again.summary())
        return 0
    with _open_existing(args) as store:
        saved = []
        target = store.backup(args.output, progress=_bar(), replace=args.force, kept=saved.append)
    print(f"已备份 (backed up) {args.db} -> {target}")
    for path in saved:
        print(f"被替换的旧备份保留为 (the older backup replaced is kept as): {path}")
    return 0


def _cmd_diff(args) -> int:
    from workbench.drafting.diff import diff_issues

    with _open_existing(args) as store:
        result = diff_issues(store, args.issue_a, args.issue_b)
    print(result.to_text())
    return 0


def _cmd_analyst(args) -> int:
    with _open_existing(args) as store:
        if args.analyst_command == "add":
            analyst_id = store.add_analyst(args.name, args.sac, args.contact)
            print(f"分析师已登记 (analyst registered) #{analyst_id}: {args.name} {args.sac.strip().upper()}")
            return 0
        if args.analyst_command == "edit":
            store.update_analyst(args.id, name=args.name, sac_no=args.sac, contact=args.contact)
            a = store.analyst(args.id)
            print(f"#{a['id']} {a['name']} {a['sac_no']} {a['contact'] or ''}".rstrip())
            return 0
        for a in store.analysts():
            print(f"#{a['id']} {a['name']} 执业证书编号 {a['sac_no']} {a['contact'] or ''}".rstrip())
    return 0


def _cmd_trace(args) -> int:
    from workbench.analysis.review import index_week
    from workbench.trace import trace

    with _open_existing(args) as store:
        print("\n".join(trace(store, args.ticker, args.metric, args.period, index_week=index_week)))
    return 0


def _cmd_verify(args) -> int:
    from workbench.drafting.record import verify_store

    with _open_existing(args) as store:
        report = verify_store(store, progress=_bar())  # a bar only while PDFs of earlier releases render
        _verify_against_desk(store, report)
    print(report.text())
    return 0 if report.ok else EXIT_USER_ERROR


def _verify_against_desk(store, report) -> None:
    """On a store that joined a desk: its publication record entries the desk refused or holds
    differently (open conflicts of published versions and status-log entries) are problems."""
    from workbench.store import sync_state

    if not store.get_setting(sync_state.SETTING_URL):
        return
    for c in sync_state.conflicts(store):
        if c["tbl"] not in sync_state.RECORDS:
            continue
        image = c["mine"] or c["theirs"] or {}
        what = (f"v{image.get('version')}" + (f" {image.get('from_status') or '-'} -> {image.get('to_status')}"
                                              if c["tbl"] == "issue_log" else ""))
        why = ("团队库拒绝了本工作站的发布记录 (the desk refused this workstation's record)" if c["kind"] != "local"
               else "本工作站的发布记录与团队库不同 (this workstation's record differs from the desk's)")
        report.problems.append(f"{c['tbl']} {c['key']} {what}: {why}; 见 see `workbench desk conflicts` "
                               f"#{c['id']}")


def _cmd_benchmark(args) -> int:
    with _open_existing(args) as store:
        if args.index:
            from workbench.desk.roles import refuse_unless_may_set_benchmark  # (no desk driver loaded)

            refuse_unless_may_set_benchmark(store)
            idx = store.index(args.index)
            store.upsert_index(idx["name"], idx["code"], is_benchmark=True)
        bench = store.benchmark()
    print(f"基准指数 (benchmark): {bench['name']} {bench['code'] or ''}".rstrip() if bench
          else "未设置基准指数 (no benchmark set)")
    return 0


def _cmd_note(args) -> int:
    with _open_existing(args) as store:
        if args.note_command == "add":
            note_id = store.add_note(args.text, date=args.date, author=_recorded_name(store, args.author, os.environ.get("USER") or ""),
                                     tickers=args.company,
                                     tags=args.tag, themes=args.theme)
            print(f"笔记已添加 (note added) #{note_id}")
            return 0
        for n in store.notes(query=args.search, ticker=args.company, tag=args.tag):
            tickers = f" [{n['tickers']}]" if n["tickers"] else ""
            tags = f" #{' #'.join(n['tags'])}" if n["tags"] else ""
            print(f"#{n['id']} {n['date']} {n['author']}{tickers}{tags}\n    {n['text']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
