"""The exported PDF read by poppler (pdffonts, pdftotext, pdftoppm), as a reader's viewer sees it."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest



@pytest.fixture(autouse=True)
def poppler():
    """These checks never skip: set-up installs poppler-utils, and a machine without it fails here."""
    missing = [t for t in ("pdffonts", "pdftotext", "pdftoppm") if not shutil.which(t)]
    if missing:
        pytest.fail(f"poppler-utils is missing ({', '.join(missing)}): run `bash scripts/setup.sh` "
                    "as root or `sudo apt-get install poppler-utils`")


@pytest.fixture
def exported(cli, demo_path, tmp_path):
    out = tmp_path / "weekly.pdf"
    done = cli("export", "latest", "--db", demo_path, "-o", out)
    assert done.returncode == 0, done.stderr
    return out


def test_every_font_is_embedded_and_none_is_type3(exported):
    lines = subprocess.run(["pdffonts", str(exported)], capture_output=True, text=True, check=True).stdout.splitlines()
    fonts = lines[2:]
    assert fonts
    for line in fonts:
        cols = line.split()
        assert "Type 3" not in line
        assert cols[-5] == "yes", line  # emb
        assert "WenQuanYi" in cols[0]


def test_pdftotext_reads_the_chinese(exported):
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(exported), "-"], capture_output=True, text=True,
                          check=True).stdout
    flat = re.sub(r"\s+", "", text)
    for words in ("证券研究报告", "执业证书编号：S0990520080001", "上证指数报收3400.14点", "请务必阅读尾页重要声明",
                  "300493.SZ润欣科技21.6", "免责声明"):
        assert words in flat


def test_pages_render(exported, tmp_path):
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(exported), str(tmp_path / "page")], check=True,
                   capture_output=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 3
    assert all(p.stat().st_size > 1000 for p in pages)
