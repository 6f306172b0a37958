"""What a PDF export loads: none of the heavy libraries it never uses (pandas, openpyxl, the import
machinery's encoding detection, the test tools, the network stack), checked in a fresh interpreter."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path
from xml.sax.saxutils import escape as stdlib_escape

from workbench.report.text import escape

ROOT = Path(__file__).resolve().parents[2]
NEVER_ON_THE_EXPORT_PATH = ("pandas", "numpy", "openpyxl", "charset_normalizer", "hypothesis", "PySide6",
                            "pyqtgraph", "xml.sax.saxutils", "urllib.request", "http.client", "ssl", "psycopg", "sqlite_utils",
                            "workbench.desk.cli",  # the export sets up its own command's parser only
                            "calendar")  # the PDF's date is computed without it


def test_a_pdf_export_loads_none_of_the_libraries_it_does_not_use(demo_path, tmp_path):
    script = ("import json, sys\nfrom workbench.cli import main\n"
              "code = main(['export', 'latest', '--db', sys.argv[1], '-o', sys.argv[2]])\n"
              "print(json.dumps([code, sorted(sys.modules)]))\n")
    env = {**os.environ, "LANG": "C.UTF-8"}
    done = subprocess.run([sys.executable, "-c", script, str(demo_path), str(tmp_path / "out.pdf")], cwd=ROOT,
                          env=env, capture_output=True, text=True, check=True)
    code, modules = json.loads(done.stdout.strip().splitlines()[-1])
    assert code == 0 and (tmp_path / "out.pdf").stat().st_size > 10_000
    loaded = set(modules)
    assert "reportlab.platypus" in loaded  # the check sees the modules the export did load
    assert sorted(m for m in NEVER_ON_THE_EXPORT_PATH if m in loaded) == []


def test_a_corrections_export_loads_none_of_them_either(demo_path, tmp_path):
    # a correction's PDF reads the issue's status log for its 更正说明: through the plain reader too
    from workbench.drafting.lifecycle import change_status, open_correction
    from workbench.store import Store

    with Store(demo_path) as store:
        issue_id = store.issue("latest").id
        change_status(store, issue_id, "review", by="林思远")
        change_status(store, issue_id, "final", by="王编辑")
        open_correction(store, issue_id, reason="更正数据", by="王编辑")
    script = ("import json, sys\nfrom workbench.cli import main\n"
              "code = main(['export', 'latest', '--db', sys.argv[1], '-o', sys.argv[2]])\n"
              "print(json.dumps([code, sorted(sys.modules)]))\n")
    env = {**os.environ, "LANG": "C.UTF-8"}
    done = subprocess.run([sys.executable, "-c", script, str(demo_path), str(tmp_path / "v2.pdf")], cwd=ROOT,
                          env=env, capture_output=True, text=True, check=True)
    code, modules = json.loads(done.stdout.strip().splitlines()[-1])
    assert code == 0 and b"/ReportVersion" in (tmp_path / "v2.pdf").read_bytes()
    assert sorted(m for m in NEVER_ON_THE_EXPORT_PATH if m in set(modules)) == []


def test_the_reports_escaping_is_the_standard_librarys():
    rng = random.Random(5)
    alphabet = "&<>\"'ab中文；;# \n\t&amp;"
    texts = ["", "a&b<c>d", "&amp;&lt;", "<b>粗体</b>"] + [
        "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40))) for _ in range(300)]
    for text in texts:
        assert escape(text) == stdlib_escape(text), text


URIS = ["http://example.com/a?b=c", "https://user:pw@192.168.0.1:8080/path#x", "ftp://[::1]/f",
        "https://中文.公司/路径", "http://localhost", "not a uri", "http://-bad-.com", "mailto:a@b.c",
        "https://a.b.c.d.e.f.g.h.example.org/" + "x" * 300]


def test_an_export_never_compiles_reportlabs_uri_pattern_and_it_still_matches(demo_path, tmp_path):
    """reportlab compiles its URI pattern at import (a tenth of an export's start-up); the report
    loads it deferred: an export never compiles it, and a caller that uses it gets the real matches."""
    script = ("import json, re, sys\nreal = re.compile\nfrom workbench.cli import main\n"
              "code = main(['export', 'latest', '--db', sys.argv[1], '-o', sys.argv[2]])\n"
              "from reportlab.platypus import paragraph\nfrom reportlab.lib import textsplit\n"
              "never = [type(p).__name__ != 'Pattern' and p._compiled is None for p in (paragraph.uri_pat, textsplit.rx)]\n"
              "uris = json.loads(sys.argv[3])\n"
              "spans = [[None if m is None else list(m.span()) for m in map(paragraph.uri_pat.match, uris)],\n"
              "         textsplit.rx.sub(r'\\1|', '中文ab，字')]\n"
              "print(json.dumps([code, never, re.compile is real, spans, paragraph.uri_pat.pattern, paragraph.uri_pat.flags]))\n")
    env = {**os.environ, "LANG": "C.UTF-8"}
    done = subprocess.run([sys.executable, "-c", script, str(demo_path), str(tmp_path / "out.pdf"), json.dumps(URIS)],
                          cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    code, never, restored, spans, pattern, flags = json.loads(done.stdout.strip().splitlines()[-1])
    assert code == 0 and never == [True, True] and restored
    # the truth: the same pattern compiled by re itself, here
    import re

    real = re.compile(pattern, flags)
    assert spans[0] == [None if m is None else list(m.span()) for m in map(real.match, URIS)]
    assert spans[0][0] == [0, len(URIS[0])] and spans[0][5] is None
    assert spans[1] == "中|文|ab，|字|"


def test_only_reportlabs_two_costly_patterns_are_deferred():
    from workbench.report.lazy_patterns import LazyPattern, deferred

    assert deferred("(^(?:[a-z0-9\\.\\-\\+]*)://)(?:\\S+)", 2) and deferred("([\u2e80-\uffff])")
    assert not any(deferred(p) for p in ("([\u2e80-\uffff])+", r"\d+", b"(^(?:[a-z0-9\\.\\-\\+]*)://)", "://"))
    lazy = LazyPattern(r"(\d+)-(\d+)", 0)
    assert lazy._compiled is None
    assert lazy.sub(r"\2-\1", "a 12-345 b") == "a 345-12 b" and lazy.split("1-2") == ["", "1", "2", ""]
    assert lazy.pattern == r"(\d+)-(\d+)" and lazy._compiled is not None


# ---------------------------------------------------------------------- the command line's parser
CLI_SAMPLES = [
    ["export", "latest", "--db", "s.sqlite", "-o", "x.pdf"], ["export", "7", "--db", "s", "--output", "t.xlsx"],
    ["export", "latest", "--db", "s"], ["export"], ["export", "--help"], ["export", "1", "-o", "x", "--bogus"],
    ["demo", "--db", "d", "--force"], ["import", "a.csv", "b.xlsx", "--db", "d", "--dry-run", "--new-index", "N",
                                       "--same-index", "A=B", "--amount-unit", "万元"],
    ["index", "merge", "a", "b", "--db", "d"], ["index", "--db", "d"], ["table", "companies", "--db", "d"],
    ["table", "nope", "--db", "d"], ["status", "1", "final", "--db", "d", "--by", "x"], ["status", "1", "done"],
    ["analyst", "edit", "3", "--sac", "S0990520080001", "--db", "d"], ["analyst", "edit", "x", "--db", "d"],
    ["note", "add", "--text", "t", "--tag", "a", "--tag", "b", "--db", "d"], ["trace", "600519.SH", "pe", "2024E"],
    ["new-issue", "--from", "latest", "--db", "d"], ["draft-review", "latest", "--print", "--db", "d"],
    ["benchmark", "--db", "d"], ["benchmark", "000300.SH", "--db", "d"], ["verify", "--db", "d"],
]


def _outcome(parser, argv, capsys):
    try:
        result = ("ok", vars(parser.parse_args(argv)))
    except SystemExit as exc:
        result = ("exit", exc.code)
    out, err = capsys.readouterr()
    return result, out, err


def test_a_commands_own_parser_parses_helps_and_refuses_as_the_full_one(capsys, monkeypatch):
    from workbench.cli import COMMANDS, build_parser

    monkeypatch.delenv("WORKBENCH_DB", raising=False)
    monkeypatch.setenv("USER", "analyst1")
    monkeypatch.setenv("COLUMNS", "100")
    full = build_parser()
    names = full._subparsers._group_actions[0].choices
    assert set(COMMANDS) < set(names) and {"desk", "sync"} <= set(names)  # the desk's commands: full parser only
    for argv in CLI_SAMPLES:
        mine = build_parser(argv[0])
        assert list(mine._subparsers._group_actions[0].choices) == [argv[0]]
        assert _outcome(mine, argv, capsys) == _outcome(full, argv, capsys), argv
    for name in COMMANDS:
        one = build_parser(name)._subparsers._group_actions[0].choices[name]
        assert one.format_help() == names[name].format_help(), name
        assert one.prog == names[name].prog == f"workbench {name}"


def test_the_command_line_picks_the_full_parser_for_anything_but_a_command_first(capsys):
    from workbench.cli import main

    for argv, shown in ((["--help"], "new-issue"), (["nope"], "invalid choice"), (["--version"], "workbench ")):
        try:
            main(argv)
        except SystemExit:
            pass
        out, err = capsys.readouterr()
        assert shown in out + err, argv


def test_the_remembered_number_formatting_is_reportlabs_own():
    """fp_str (every coordinate and colour on a page) answers from a dict after the first time;
    for any numbers, ints or floats, one or many, a list or a tuple, the answer is reportlab's."""
    import reportlab.pdfgen.canvas
    import reportlab.pdfgen.textobject

    from workbench.report import pdf_numbers  # importing workbench.report installs it

    original = pdf_numbers._original
    assert reportlab.pdfgen.textobject.fp_str is pdf_numbers.fp_str
    assert reportlab.pdfgen.canvas.fp_str is pdf_numbers.fp_str
    rng = random.Random(11)
    values = [0, 1, -1, 1.0, True, 0.5, -0.5, 1e-8, -1e-8, 1e-7, 0.1 + 0.2, 1000, 999.9999995, 1e6, 123456.789,
              -0.0000004, 3400.14, 2 ** 40, 0.30000000000000004]
    values += [rng.uniform(-1000, 1000) for _ in range(2000)] + [rng.uniform(-1, 1) for _ in range(500)]
    values += [round(rng.uniform(0, 600), rng.randint(0, 6)) for _ in range(2000)]
    for _ in range(2):  # the second round answers from the dict
        for v in values:
            assert pdf_numbers.fp_str(v) == original(v), v
        for i in range(0, len(values) - 3, 3):
            a, b, c = values[i:i + 3]
            assert pdf_numbers.fp_str(a, b, c) == original(a, b, c)
            assert pdf_numbers.fp_str([a, b]) == original([a, b])
            assert pdf_numbers.fp_str((a, b)) == original((a, b))
