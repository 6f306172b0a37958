"""The PDF tests read exports with poppler (pdftotext, pdffonts, pdftoppm): set-up installs it
(scripts/setup.sh, package poppler-utils), and a machine without it fails here instead of
quietly skipping the PDF checks."""

from __future__ import annotations

import shutil
import subprocess

import pytest

TOOLS = ("pdftotext", "pdffonts", "pdftoppm")


def test_poppler_tools_are_installed():
    missing = [t for t in TOOLS if shutil.which(t) is None]
    assert not missing, (f"poppler is missing ({', '.join(missing)}): the PDF tests cannot read the exports. "
                         "Run `bash scripts/setup.sh` as root or `sudo apt-get install poppler-utils`.")


@pytest.mark.parametrize("tool", TOOLS)
def test_poppler_tool_runs(tool):
    if shutil.which(tool) is None:
        pytest.fail(f"{tool} not found: install poppler-utils (scripts/setup.sh does)")
    done = subprocess.run([tool, "-v"], capture_output=True, text=True, timeout=30)
    assert done.returncode in (0, 99) and "poppler" in (done.stdout + done.stderr).lower(), done.stderr
