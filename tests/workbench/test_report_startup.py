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
                            "pyqtgraph", "xml.sax.saxutils", "urllib.request", "http.client", "ssl", "psycopg", "sqlite_utils")


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


def test_the_reports_escaping_is_the_standard_librarys():
    rng = random.Random(5)
    alphabet = "&<>\"'ab中文；;# \n\t&amp;"
    texts = ["", "a&b<c>d", "&amp;&lt;", "<b>粗体</b>"] + [
        "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40))) for _ in range(300)]
    for text in texts:
        assert escape(text) == stdlib_escape(text), text
