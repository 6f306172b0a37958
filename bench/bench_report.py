"""PDF export speed and size: the demo issue, and a 300-company comparison table against bare reportlab.

    .venv/bin/python bench/bench_report.py   # prints the table, writes bench/RESULTS-report.md

Measured:
  * the demo issue's export (spec + preflight + render + atomic write) in a warm process (the
    TrueType font already registered: median of --runs) and in a fresh process (interpreter
    start to exit, and the export itself timed inside that process including imports and the
    font load), with the PDF's size;
  * a 300-company table (~10 pages): this package's table path (the ComparisonTable flowable
    built from the spec's rows, split per page with repeated header and spanned segments)
    against reportlab building the same cells alone (one Table, repeatRows, SPAN per segment,
    same font) in a bare SimpleDocTemplate; both run alternately in one process, median of --runs;
  * the whole 300-company issue exported;
  * the demo export as a user runs it (``python -m workbench export``, interpreter start to exit)
    against a bare Python process that imports reportlab, registers the bundled font and writes a
    one-page PDF: alternating, median of --runs; target <= 1.5x. Wall time and CPU time (user +
    system, from the children's resource usage) are both given, since other work on the machine
    stretches wall time; the export runs once more with the parsed-font cache turned off.
    The child processes get a bytecode cache (PYTHONPYCACHEPREFIX, PYTHONDONTWRITEBYTECODE
    dropped), as an installed package has, and one unmeasured warm-up round;
  * where an export's CPU time goes, stage by stage, in a fresh process.
  * optionally (``--accel DIR``, a folder holding ReportLab's C accelerator ``_rl_accel``, e.g.
    ``pip install --target DIR rl-accel``) the same two processes again with the accelerator on
    their path, interleaved with the others, to weigh adding ``rl-accel`` as a dependency.
Options: --runs N (default 7), --no-write, --accel DIR.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "RESULTS-report.md"


def median_time(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def make_big_store(path: Path, companies: int = 300, segments: int = 24, seed: int = 7) -> int:
    """A store holding ``companies`` companies in ``segments`` segments and an issue using them all."""
    from workbench.sample import populate_sample
    from workbench.store import Store

    with Store(path) as store:
        return populate_sample(store, companies=companies, segments=segments, seed=seed)


# ---------------------------------------------------------------------- the two table paths
def our_table_pdf(entry) -> tuple[bytes, int]:
    """This package's table path: ComparisonTable flowable (per-page chunks) in a bare document."""
    from reportlab.platypus import SimpleDocTemplate

    from workbench.report.fonts import font_set
    from workbench.report.styles import BODY_W, house_colour, tint
    from workbench.report.table import TableLook, build_table

    fonts = font_set({})
    colour = house_colour("#9E1B32")
    look = TableLook(fonts.body, fonts.body_bold, colour, tint(colour, 0.07), clean=fonts.clean)
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, leftMargin=42, rightMargin=42, topMargin=60, bottomMargin=50, invariant=1,
                            initialFontName=fonts.body)
    assert abs(doc.width - BODY_W) < 1
    doc.build([build_table(entry, BODY_W, look)])
    return buf.getvalue(), doc.page


def bare_table_pdf(entry) -> tuple[bytes, int]:
    """reportlab alone: one Table of the same cells (header rows, spans, font), split by reportlab."""
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    from workbench.domain.metrics import format_value
    from workbench.report.fonts import font_set
    from workbench.report.styles import BODY_W

    fonts = font_set({})
    head = ParagraphStyle("h", fontName=fonts.body_bold, fontSize=7, leading=8.75, textColor=colors.white,
                          alignment=1, wordWrap="CJK")
    cols = entry.columns
    top = [Paragraph(t, head) for t in ("细分板块", "代码", "公司")]
    sub = ["", "", ""]
    cmds = [("FONTNAME", (0, 0), (-1, -1), fonts.body), ("FONTSIZE", (0, 0), (-1, -1), 7),
            ("LEADING", (0, 0), (-1, -1), 8.75), ("LEFTPADDING", (0, 0), (-1, -1), 2),
            ("RIGHTPADDING", (0, 0), (-1, -1), 2), ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ("ALIGN", (3, 2), (-1, -1), "RIGHT"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("BACKGROUND", (0, 0), (-1, 1), colors.HexColor("#9E1B32")),
            ("LINEBELOW", (0, 2), (-1, -1), 0.25, colors.lightgrey)]
    cmds += [("SPAN", (i, 0), (i, 1)) for i in range(3)]
    i = 0
    while i < len(cols):
        j = i
        while j + 1 < len(cols) and cols[j + 1].group == cols[i].group:
            j += 1
        top += [Paragraph(cols[i].group, head)] + [""] * (j - i)
        sub += [Paragraph(cols[k].label, head) for k in range(i, j + 1)]
        cmds.append(("SPAN", (3 + i, 0), (3 + j, 0)))
        i = j + 1
    data = [top, sub]
    start = 2
    for n, row in enumerate(entry.rows):
        r = 2 + n
        first = n == 0 or entry.rows[n - 1].segment != row.segment
        if first:
            start = r
        data.append([row.segment if first else "", row.ticker, row.name]
                    + [format_value(c.kind, v) for c, v in zip(cols, row.values)])
        if n == len(entry.rows) - 1 or entry.rows[n + 1].segment != row.segment:
            if r > start:
                cmds.append(("SPAN", (0, start), (0, r)))
    widths = [54.0, 44.0, 44.0] + [(BODY_W - 142.0) / len(cols)] * len(cols)
    table = Table(data, colWidths=widths, repeatRows=2)
    table.setStyle(TableStyle(cmds))
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, leftMargin=42, rightMargin=42, topMargin=60, bottomMargin=50, invariant=1,
                            initialFontName=fonts.body)
    doc.build([table])
    return buf.getvalue(), doc.page


# ---------------------------------------------------------------------- fresh process
FRESH = """
import sys, time
t0 = time.perf_counter()
from workbench.store import Store
from workbench.report import export_pdf
with Store(sys.argv[1]) as s:
    r = export_pdf(s, "latest", sys.argv[2])
print(time.perf_counter() - t0, r.sha256)
"""


def fresh_process(db: Path, out: Path, env: dict) -> tuple[float, float, str]:
    t = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", FRESH, str(db), str(out)], cwd=ROOT, capture_output=True,
                          text=True, check=True, env=env)
    wall = time.perf_counter() - t
    inner, sha = done.stdout.split()
    return wall, float(inner), sha


BARE = """
import sys
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
pdfmetrics.registerFont(TTFont("WQY", sys.argv[1], subfontIndex=0))
c = Canvas(sys.argv[2], invariant=1)
c.setFont("WQY", 12)
c.drawString(72, 720, "星海证券 行业周报 2319.1 3499.30%")
c.showPage()
c.save()
"""


def child_env(tmp: Path, **extra: str) -> dict:
    """The environment of a measured child process: a bytecode cache, as an installed package has."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(LANG="C.UTF-8", PYTHONPYCACHEPREFIX=str(tmp / "pycache"), WORKBENCH_CACHE_DIR=str(tmp / "cache"))
    env.update(extra)
    return env


def timed_child(cmd: list[str], env: dict) -> tuple[float, float]:
    """(wall, cpu) seconds of one child process, start to exit; cpu is user + system."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, capture_output=True, check=True, env=env)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


STAGES = """
import sys, time
laps = []
def lap(name, _t=[time.process_time()]):
    t = time.process_time(); laps.append((name, t - _t[0])); _t[0] = t
import workbench.cli; lap("command line (argparse, errors)")
from workbench.store.reader import open_reader; lap("store reader (plain sqlite3)")
import reportlab.pdfgen.canvas, reportlab.pdfbase.ttfonts; lap("reportlab canvas and fonts (the bare process loads these too)")
import importlib.util as iu  # the report's loader alone (importing workbench.report would load it all)
_s = iu.spec_from_file_location("lazy_patterns", "workbench/report/lazy_patterns.py"); _m = iu.module_from_spec(_s)
_s.loader.exec_module(_m); _m.load_paragraph_modules()
import reportlab.platypus; lap("reportlab.platypus (paragraphs, tables), as the report loads it")
from workbench.drafting.lifecycle import export_issue; from workbench.report import export_pdf; lap("workbench report modules")
workbench.cli.build_parser("export"); lap("building the command line parser (the export command's)")
store = open_reader(sys.argv[1]); lap("opening the store")
from workbench.report.spec import build_report_spec, resolve_issue
issue = resolve_issue(store, "latest"); spec = build_report_spec(store, issue); lap("report spec from the store")
from workbench.report.fonts import font_set
font_set({}); lap("bundled font (parsed-face cache)")
from workbench.report.preflight import check
check(store, issue, spec); lap("preflight")
from workbench.report.render import render_with_pages
render_with_pages(spec); lap("render (layout, drawing, PDF bytes)")
for name, t in laps: print(f"{t:.6f}\t{name}")
"""


def export_stages(db: Path, env: dict, runs: int) -> list[tuple[str, float]]:
    """CPU time of each stage of an export in a fresh process (median of ``runs``)."""
    results: dict[str, list[float]] = {}
    order: list[str] = []
    for _ in range(runs):
        done = subprocess.run([sys.executable, "-c", STAGES, str(db)], cwd=ROOT, capture_output=True, text=True,
                              check=True, env=env)
        for line in done.stdout.splitlines():
            t, name = line.split("\t", 1)
            if name not in results:
                order.append(name)
            results.setdefault(name, []).append(float(t))
    return [(name, statistics.median(results[name])) for name in order]


def whole_process_export(db: Path, out: Path, env: dict) -> tuple[float, float]:
    """The demo export as a user runs it: interpreter start to exit."""
    return timed_child([sys.executable, "-m", "workbench", "export", "latest", "--db", str(db), "-o", str(out)], env)


def bare_reportlab_process(out: Path, env: dict) -> tuple[float, float]:
    """A bare Python process: import reportlab, register the bundled font, write one page."""
    from workbench.paths import resource

    font = resource("fonts", "wqy-microhei.ttc")
    return timed_child([sys.executable, "-c", BARE, str(font), str(out)], env)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--accel", type=Path, default=None,
                        help="folder holding _rl_accel (pip install --target DIR rl-accel): measured too")
    args = parser.parse_args()

    from workbench.demo import build_demo
    from workbench.report import build_report_spec, export_pdf
    from workbench.store import Store

    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        demo_db = tmp / "demo.sqlite"
        build_demo(demo_db)
        with Store(demo_db) as s:
            s.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

        # fresh processes first (nothing cached in this one either); one unmeasured warm-up
        env = child_env(tmp)
        fresh_process(demo_db, tmp / "warmup.pdf", env)
        fresh = [fresh_process(demo_db, tmp / f"fresh{i}.pdf", env) for i in range(3)]
        wall = statistics.median(f[0] for f in fresh)
        inner = statistics.median(f[1] for f in fresh)

        with Store(demo_db) as store:
            t = time.perf_counter()
            first = export_pdf(store, "latest", tmp / "first.pdf")
            first_s = time.perf_counter() - t
            warm = median_time(lambda: export_pdf(store, "latest", tmp / "warm.pdf"), args.runs)
            again = export_pdf(store, "latest", tmp / "again.pdf")
        size = first.path.stat().st_size
        identical = len({first.sha256, again.sha256, *(f[2] for f in fresh)}) == 1
        rows += [
            ("Demo issue export, warm process (median)", f"{warm:.3f} s", "target < 1.5 s"),
            ("Demo issue export, first in this process", f"{first_s:.3f} s", "includes the font load"),
            ("Demo issue export, fresh process: imports + export", f"{inner:.3f} s", "median of 3"),
            ("Demo issue export, fresh process: start to exit", f"{wall:.3f} s", "median of 3"),
            ("Demo PDF size", f"{size / 1e6:.3f} MB ({first.pages} pages)", "target < 1.5 MB"),
            ("Same bytes in every run and process", "yes" if identical else "NO", "SHA-256 compared"),
        ]

        no_cache = child_env(tmp, WORKBENCH_CACHE_DIR="")
        accel = child_env(tmp, PYTHONPATH=str(args.accel.resolve())) if args.accel else None
        exports, bares, uncached, accel_exports, accel_bares = [], [], [], [], []
        shas, accel_shas = set(), set()
        for i in range(args.runs + 1):  # alternate, so all of them see the same machine state
            e = whole_process_export(demo_db, tmp / f"cli{i}.pdf", env)
            b = bare_reportlab_process(tmp / f"bare{i}.pdf", env)
            u = whole_process_export(demo_db, tmp / f"nocache{i}.pdf", no_cache)
            shas |= {hashlib.sha256((tmp / f"{name}{i}.pdf").read_bytes()).hexdigest() for name in ("cli", "nocache")}
            if accel is not None:
                ae = whole_process_export(demo_db, tmp / f"accel{i}.pdf", accel)
                ab = bare_reportlab_process(tmp / f"accelbare{i}.pdf", accel)
                accel_shas.add(hashlib.sha256((tmp / f"accel{i}.pdf").read_bytes()).hexdigest())
            if i:  # round 0 compiles the bytecode and fills the font cache
                exports.append(e)
                bares.append(b)
                uncached.append(u)
                if accel is not None:
                    accel_exports.append(ae)
                    accel_bares.append(ab)

        def med(runs, k):
            return statistics.median(r[k] for r in runs)

        ex_w, ex_c, bare_w, bare_c = med(exports, 0), med(exports, 1), med(bares, 0), med(bares, 1)
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        rows += [
            ("Demo export, whole process (`python -m workbench export`)", f"{ex_w:.3f} s (CPU {ex_c:.3f} s)",
             "median, alternating"),
            ("Same, font cache off (`WORKBENCH_CACHE_DIR=`)", f"{med(uncached, 0):.3f} s (CPU {med(uncached, 1):.3f} s)",
             "median, alternating"),
            ("Bare Python: import reportlab, bundled font, one page", f"{bare_w:.3f} s (CPU {bare_c:.3f} s)",
             "median, alternating"),
            ("Ratio export / bare reportlab process", f"{ex_w / bare_w:.2f}x wall, {ex_c / bare_c:.2f}x CPU",
             f"target <= 1.5x; load average {load:.1f} at the end"),
            ("Same PDF with the font cache on and off", "yes" if len(shas) == 1 else "NO", "SHA-256 compared"),
        ]
        if accel is not None:
            aw, ac, abw, abc = med(accel_exports, 0), med(accel_exports, 1), med(accel_bares, 0), med(accel_bares, 1)
            rows += [
                ("With rl-accel: demo export, whole process", f"{aw:.3f} s (CPU {ac:.3f} s)",
                 f"{ac / ex_c - 1:+.0%} CPU against the export without it"),
                ("With rl-accel: bare reportlab process", f"{abw:.3f} s (CPU {abc:.3f} s)", "median, alternating"),
                ("With rl-accel: ratio export / bare", f"{aw / abw:.2f}x wall, {ac / abc:.2f}x CPU",
                 "both processes with the accelerator"),
                ("With rl-accel: same bytes in every run", "yes" if len(accel_shas) == 1 else "NO",
                 "differ from the pure-Python bytes (C number formatting)"
                 if accel_shas and accel_shas != shas else "SHA-256 compared"),
            ]
        stages = export_stages(demo_db, env, max(3, args.runs // 2))
        total = sum(t for _, t in stages)
        rows += [(f"CPU in a fresh export process: {name}", f"{t * 1000:.0f} ms", f"{t / total:.0%} of the stages")
                 for name, t in stages]

        big_db = tmp / "big.sqlite"
        issue_id = make_big_store(big_db)
        with Store(big_db) as store:
            entry = build_report_spec(store, issue_id).table
            ours_pdf, ours_pages = our_table_pdf(entry)
            bare_pdf, bare_pages = bare_table_pdf(entry)
            ours, bare = [], []
            for _ in range(args.runs):  # alternate, so both see the same machine state
                t = time.perf_counter()
                our_table_pdf(entry)
                ours.append(time.perf_counter() - t)
                t = time.perf_counter()
                bare_table_pdf(entry)
                bare.append(time.perf_counter() - t)
            ours_t, bare_t = statistics.median(ours), statistics.median(bare)
            full = median_time(lambda: export_pdf(store, issue_id, tmp / "big.pdf"), max(3, args.runs // 2))
            big = export_pdf(store, issue_id, tmp / "big.pdf")
        rows += [
            (f"300-company table, this package ({ours_pages} pages)", f"{ours_t:.3f} s", "median, alternating"),
            (f"300-company table, bare reportlab Table ({bare_pages} pages)", f"{bare_t:.3f} s", "same cells and font"),
            ("Ratio package / bare reportlab", f"{ours_t / bare_t:.2f}x", "target <= 1.5x"),
            (f"300-company issue, full export ({big.pages} pages)", f"{full:.3f} s",
             f"{big.path.stat().st_size / 1e6:.3f} MB"),
        ]

    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'value':>24}  note")
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:>24}  {note}")
    if not args.no_write:
        cpu = platform.processor() or platform.machine()
        lines = ["# PDF export benchmark", "",
                 f"Run {date.today().isoformat()} on {platform.system()} {platform.release()}, {cpu}, "
                 f"{os.cpu_count()} cores, Python {platform.python_version()}. "
                 f"`.venv/bin/python bench/bench_report.py --runs {args.runs}`", "",
                 "| measure | value | note |", "|---|---|---|"]
        lines += [f"| {a} | {b} | {c} |" for a, b, c in rows]
        lines += ["", "Notes:", "",
                  "- The export reads the store through `workbench.store.reader` (plain sqlite3) and never "
                  "loads sqlite-utils.",
                  "- The bare process loads only reportlab's canvas and font modules; the export also needs "
                  "`reportlab.platypus` (paragraphs, tables, frames), loaded without compiling at import the "
                  "two patterns it never uses (`workbench/report/lazy_patterns.py`).",
                  "- The stages run one after the other in one fresh process, each timed with "
                  "`time.process_time`; median per stage over the runs. They do not include the interpreter's "
                  "own start (about 15-20 ms, the same in both processes).",
                  "- Wall times stretch with the machine's load (given in the ratio row); the CPU times "
                  "(user + system of the child process) are the steadier comparison.",
                  "- rl-accel rows (``--accel DIR``): ReportLab's C accelerator replaces the pure-Python "
                  "number formatting, string widths and escaping that reportlab itself uses; it formats some "
                  "numbers differently, so the PDF's bytes differ from the pure-Python ones (still the same "
                  "in every run, and the report tests pass with it). Adding it is a dependency decision "
                  "(pyproject.toml, the bundle).",
                  "- Drawing costs that repeat are paid once, with the same bytes: UAX #14 break opportunities "
                  "asked of uniseg only for the pieces of text not between two hanzi (cached by piece), "
                  "reportlab's number formatting `fp_str` remembered per arguments "
                  "(`workbench/report/pdf_numbers.py`), the embedded font subsets built reading the glyphs in "
                  "place, each table figure measured once, text cleaned once per distinct character.",
                  "- Drawing work reportlab does per character or per cell, done in bulk with the same bytes "
                  "(`tests/workbench/test_render_*.py` compare each with reportlab's own): a text's PDF string "
                  "written from the canvas's table of each character's subset code (`str.translate`) once "
                  "every character has its code, TrueType widths summed through `map`, each number "
                  "formatted once, a paragraph without markup given the parser's fragment for its style "
                  "without a parse, and the comparison table's cells given their font, paddings and "
                  "alignment by style classes instead of range commands applied cell by cell."]
        RESULTS.write_text("\n".join(lines) + "\n" + _earlier_runs(), encoding="utf-8")
        print(f"\nwritten: {RESULTS.relative_to(ROOT)}")
    return 0


def _earlier_runs() -> str:
    """The results file's earlier runs, kept under the new one (newest first)."""
    if not RESULTS.exists():
        return ""
    old = RESULTS.read_text(encoding="utf-8")
    head, marker = "# PDF export benchmark\n", "\n## Earlier runs\n"
    if old.startswith(head):
        old = old[len(head):]
    if marker in old:  # the last run, then the ones before it
        latest, before = old.split(marker, 1)
    else:
        latest, before = old, ""
    return marker + "\n### " + latest.strip() + "\n" + before


if __name__ == "__main__":
    raise SystemExit(main())
