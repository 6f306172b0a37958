"""A bar figure with more categories than its width can name never prints a cut number: the value
labels are printed whole or not at all (the axis carries the values), and the category names are
thinned (every 2nd, 3rd... bar named, from the first) rather than cut to nothing, each shown name
keeping at least two of its characters. No label runs into another.

The chart is drawn as the report draws a figure (a row of three or of two); every string's box is
measured from its anchor, its font's advance widths and its ascent and descent, and each category
label is matched to its bar by position."""

from __future__ import annotations

from itertools import combinations

import pytest
from reportlab.graphics.shapes import Rect, String
from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth

from workbench.charts import ChartSpec, Series
from workbench.report.charts import spec_to_drawing
from workbench.report.fonts import font_set
from workbench.report.styles import BODY_W

SIZES = {"third": (BODY_W / 3 - 14 * 2 / 3, 128.0), "half": (BODY_W / 2 - 14 / 2, 150.0)}
LONG = [f"超长类别名称第{i}号公司（含子公司）" for i in range(16)]
SHORT = ["中芯国际", "北方华创", "韦尔股份", "兆易创新", "澜起科技", "卓胜微", "圣邦股份", "紫光国微",
         "寒武纪", "海光信息", "沪电股份", "深南电路", "立讯精密", "工业富联", "长电科技", "通富微电"]


def drawn(drawing):
    """The strings drawn (text, anchor x, box) and the bars' centres, left to right."""
    texts, bars = [], []

    def walk(node):
        for c in getattr(node, "contents", []):
            if isinstance(c, String) and c.text:
                w = stringWidth(c.text, c.fontName, c.fontSize)
                left = {"start": c.x, "middle": c.x - w / 2, "end": c.x - w}[c.textAnchor]
                asc, desc = getAscentDescent(c.fontName, c.fontSize)
                texts.append((c.text, c.x, (left, c.y + desc, left + w, c.y + asc)))
            elif isinstance(c, Rect) and c.fillColor is not None:
                bars.append(c.x + c.width / 2)
            walk(c)
    walk(drawing)
    return texts, sorted(bars)


def overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("names", [LONG, SHORT, SHORT[:6], SHORT * 2],
                         ids=["16-long", "16-short", "6-short", "32-short"])
def test_many_bars_print_no_cut_number_and_name_their_bars(size, names):
    values = [(-1) ** i * (i * 137.5 + 0.4) for i in range(len(names))]
    written = {f"{v:.1f}" for v in values}  # each value as written, one decimal
    spec = ChartSpec("bars", "对比", tuple(names), (Series("值", tuple(values)),), unit="亿元")
    width, height = SIZES[size]
    texts, bars = drawn(spec_to_drawing(spec, width, height, font_set({}).body, font_size=6.8, show_unit=False))
    assert len(bars) == len(names)

    # a number is printed whole or not at all; the values all together or none of them
    shown = {t for t, _, _ in texts} & written
    assert shown in (set(), written), sorted(written - shown)
    named = {}
    for t, x, _ in texts:
        if t.endswith("…") or any(t == n for n in names):
            i = min(range(len(bars)), key=lambda k: abs(bars[k] - x))  # the bar it stands under
            named[i] = t
    for i, t in named.items():
        kept = t[:-1] if t.endswith("…") else t
        assert names[i].startswith(kept) and len(kept) >= min(2, len(names[i])), (i, t, names[i])
    for t, _, _ in texts:  # nothing else is cut: no "1…", no "-…"
        assert not t.endswith("…") or t in named.values(), t

    # the names are thinned evenly from the first bar, never dropped altogether
    assert 0 in named
    every = min(k for k in named if k) if len(named) > 1 else len(names)
    assert sorted(named) == list(range(0, len(names), every)), (sorted(named), every)
    if len(names) <= 6 and size == "half":
        assert sorted(named) == list(range(len(names)))  # a few bars are each named

    for (ta, _, a), (tb, _, b) in combinations(texts, 2):
        assert not overlap(a, b), f"{ta!r} {a} overlaps {tb!r} {b}"
    for t, _, (x0, y0, x1, y1) in texts:
        assert 0 <= x0 and x1 <= width and 0 <= y0 and y1 <= height, (t, (x0, y0, x1, y1))
