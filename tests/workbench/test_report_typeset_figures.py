"""Figures set in one row line up: a two-line title or a missing unit line does not push its chart
lower than its neighbours' (read back from the PDF with ``pdftotext -bbox``)."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest

from workbench.report import build_report_spec, render_pdf
from workbench.store import Store

NS = "{http://www.w3.org/1999/xhtml}"
LONG = "我自己写的很长很长的图题：芯原股份与其同业公司的营业收入与归母净利润对比（亏损）"


@pytest.fixture(scope="module")
def demo_spec(tmp_path_factory, demo_store_template):
    path = tmp_path_factory.mktemp("figures") / "demo.sqlite"
    shutil.copy(demo_store_template, path)
    with Store(path) as store:
        spec = build_report_spec(store, "latest")
    assert len(spec.figures) == 3  # one row of three
    return replace(spec, status="final")


def lines_by_start(pdf: bytes, start: str) -> list[tuple[float, float]]:
    """(x, top) of every text line starting with ``start`` on the page of the figures, top first."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    for page in ET.fromstring(xml).iter(f"{NS}page"):
        words = "".join(w.text or "" for w in page.iter(f"{NS}word"))
        if "图1" not in words and "图 1" not in words:
            continue
        out = []
        for line in page.iter(f"{NS}line"):
            text = "".join(w.text or "" for w in line.iter(f"{NS}word"))
            if text.startswith(start):
                out.append((float(line.get("xMin")), float(line.get("yMin"))))
        return sorted(out, key=lambda p: (p[1], p[0]))
    raise AssertionError("no page with the figures")


@pytest.mark.parametrize("long_at", [0, 1, 2])
def test_a_rows_charts_and_sources_line_up_when_one_title_takes_two_lines(demo_spec, long_at):
    figs = list(demo_spec.figures)
    figs[long_at] = replace(figs[long_at], title=LONG)
    pdf = render_pdf(replace(demo_spec, figures=figs))
    sources = lines_by_start(pdf, "资料来源")[:3]
    units = lines_by_start(pdf, "单位")[:3]
    assert len(sources) == 3 and len(units) == 3
    assert max(y for _, y in sources) - min(y for _, y in sources) < 0.5, sources
    assert max(y for _, y in units) - min(y for _, y in units) < 0.5, units


def test_a_figure_without_a_unit_line_keeps_its_chart_level_with_the_others(demo_spec):
    figs = list(demo_spec.figures)
    figs[1] = replace(figs[1], unit="")
    pdf = render_pdf(replace(demo_spec, figures=figs))
    sources = lines_by_start(pdf, "资料来源")[:3]
    assert len(sources) == 3
    assert max(y for _, y in sources) - min(y for _, y in sources) < 0.5, sources
