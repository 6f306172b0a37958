"""A bar figure's category names are set in one size along the axis: when some names must shrink to fit
their room, all of them shrink alike (never the first at full size and the rest smaller). Drawn as the
report draws a figure (a row of three or of two) with many bars of mixed name lengths, and read back
from the drawing: every string under the bars that names a category."""

from __future__ import annotations

import pytest
from reportlab.graphics.shapes import String
from reportlab.pdfbase.pdfmetrics import stringWidth

from workbench.charts import ChartSpec, Series
from workbench.report.charts import spec_to_drawing
from workbench.report.fonts import font_set
from workbench.report.styles import BODY_W

SIZES = {"third": (BODY_W / 3 - 14 * 2 / 3, 128.0), "half": (BODY_W / 2 - 14 / 2, 150.0)}
VENDORS = ["微软", "亚马逊", "谷歌", "Meta", "甲骨文", "阿里云", "腾讯云", "百度智能云", "华为云", "Salesforce",
           "CoreWeave", "DigitalOcean", "IBM", "SAP", "金山云", "京东云", "字节火山引擎", "Snowflake"]


def _strings(drawing):
    out = []

    def walk(node):
        for c in getattr(node, "contents", []):
            if isinstance(c, String) and c.text:
                out.append(c)
            walk(c)
    walk(drawing)
    return out


def _names(strings, cats):
    """The strings that name a category (whole, or cut with …)."""
    def names_one(t):
        kept = t[:-1] if t.endswith("…") else t
        return any(c == t or (t.endswith("…") and c.startswith(kept) and kept) for c in cats)

    return [s for s in strings if names_one(s.text)]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("cats", [VENDORS, VENDORS[:8], ["微软"] + [f"{v}（含子公司）" for v in VENDORS[1:12]]],
                         ids=["18-vendors", "8-vendors", "long-after-short"])
def test_the_names_under_the_bars_share_one_size(size, cats):
    values = [(-1) ** i * (i * 91.5 + 3.2) for i in range(len(cats))]
    spec = ChartSpec("bars", "对比", tuple(cats), (Series("净利润", tuple(values)),), unit="亿元")
    width, height = SIZES[size]
    drawing = spec_to_drawing(spec, width, height, font_set({}).body, font_size=7.0, show_unit=False)
    names = _names(_strings(drawing), cats)
    assert names and names[0].text.rstrip("…") and cats[0].startswith(names[0].text.rstrip("…"))
    sizes = {round(s.fontSize, 2) for s in names}
    assert len(sizes) == 1, sorted((s.text, s.fontSize) for s in names)
    # the one size still fits each name in its room: no two names touch
    boxes = sorted((s.x - stringWidth(s.text, s.fontName, s.fontSize) / 2,
                    s.x + stringWidth(s.text, s.fontName, s.fontSize) / 2) for s in names)
    for (a0, a1), (b0, b1) in zip(boxes, boxes[1:]):
        assert a1 <= b0, (boxes,)
    assert max(sizes) <= 7.0
