"""The report canvas: bold from a stroked regular face, "第 X 页 / 共 Y 页", and deferred bookmarks.

Pages are kept until the document is complete, so each page can print the total page count in
one layout pass; bookmarks recorded while a page is laid out are attached when the page is
finally written.
"""

from __future__ import annotations

import time
from hashlib import md5
from itertools import groupby
from typing import Callable

from reportlab.lib.rl_accel import escapePDF
from reportlab.lib.utils import TimeStamp
from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFInfo, PDFString
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject

from workbench.report.fonts import is_bold_font
from workbench.report.pdf_numbers import fp_str

BOLD_STROKE = 0.035  # stroke width as a fraction of the font size


class BoldAwareText(PDFTextObject):
    """A text object that strokes glyphs (fill + stroke) while a bold alias font is current."""

    def __init__(self, canvas, x=0, y=0, direction=None):
        self._stroked = False
        self._used_bold = False
        super().__init__(canvas, x, y, direction=direction)
        self._apply_weight(self._fontname, self._fontsize)

    def _apply_weight(self, name: str, size: float) -> None:
        if is_bold_font(name):
            colour = getattr(self, "_fillColorObj", None) or self._canvas._fillColorObj
            if colour is not None:
                PDFTextObject.setStrokeColor(self, colour)
            self._code.append(f"{fp_str(size * BOLD_STROKE)} w")
            self.setTextRenderMode(2)
            self._stroked = self._used_bold = True
        elif self._stroked:
            self.setTextRenderMode(0)
            self._stroked = False

    def _setFont(self, psfontname, size):
        super()._setFont(psfontname, size)
        self._apply_weight(psfontname, size)

    def setFont(self, psfontname, size, leading=None):
        super().setFont(psfontname, size, leading)
        self._apply_weight(psfontname, size)

    def setFillColor(self, aColor, alpha=None):
        super().setFillColor(aColor, alpha)
        if self._used_bold:
            self.setStrokeColor(aColor)

    def _formatText(self, text):
        """reportlab's text operators for ``text``, the same string, without its per-character
        pass when every character already has its code in one subset of the embedded font."""
        fast = _subset_text(self, text)
        return fast if fast is not None else super()._formatText(text)

    def getCode(self):
        code = super().getCode()
        # stroke colour, line width and render mode are graphics state: keep them inside
        return f"q {code} Q" if self._used_bold else code


class _SubsetCodes:
    """The escaped one-byte code of each character a TrueType font has placed in a subset for one
    document: one translation table and one set of characters per subset, filled from the font's
    own assignments as characters are first seen."""

    __slots__ = ("font", "assignments", "known", "tables", "chars", "subset_of", "switches")

    def __init__(self, font, assignments: dict[int, int]):
        self.font = font
        self.assignments = assignments  # the font's state for this document: only ever grows
        self.known: set[str] = set()
        self.tables: list[dict[int, str]] = []
        self.chars: list[set[str]] = []
        self.subset_of: dict[str, int] = {}
        self.switches: dict[tuple, str] = {}  # (subset, size, leading) -> the operators selecting it

    def learn(self, new: set[str]) -> bool:
        """Add the characters ``new``; False when one has no code yet (reportlab assigns it)."""
        for ch in new:
            n = self.assignments.get(32 if ch == "\xa0" else ord(ch))  # a no-break space prints as a space
            if n is None:
                return False
            subset = n >> 8
            while len(self.tables) <= subset:
                self.tables.append({})
                self.chars.append(set())
            self.tables[subset][ord(ch)] = _ESCAPED[n & 0xFF]
            self.chars[subset].add(ch)
            self.subset_of[ch] = subset
            self.known.add(ch)
        return True


_ESCAPED = [escapePDF(bytes((code,))) for code in range(256)]  # a one-byte code as a PDF string holds it


def _subset_codes(canv, font_name: str) -> _SubsetCodes | None:
    font = getFont(font_name)
    if not getattr(font, "_dynamicFont", False) or not hasattr(font, "splitString"):
        return None
    state = font.state.get(canv._doc)
    if state is None:
        return None  # no character of this font drawn yet: reportlab sets up its state
    codes = canv._wb_subset_codes[font_name] = _SubsetCodes(font, state.assignments)
    return codes


def _subset_text(tx: PDFTextObject, text) -> str | None:
    """What ``PDFTextObject._formatText`` gives for ``text`` in a TrueType font when every character
    of it already has its code (the table's figures, most lines of a paragraph), else None."""
    if type(text) is not str or not text:  # (a ShapedStr is a subclass)
        return None
    canv = tx._canvas
    codes = canv._wb_subset_codes.get(tx._fontname) or _subset_codes(canv, tx._fontname)
    if codes is None:
        return None
    chars = set(text)
    if not chars <= codes.known and not codes.learn(chars - codes.known):
        return None
    for subset, members in enumerate(codes.chars):
        if chars <= members:
            body = f"({text.translate(codes.tables[subset])}) Tj"
            if subset == tx._curSubset:
                return body
            return f"{_switch_subset(tx, codes, subset)} {body}"
    # characters from several subsets: one run of operators per subset, as reportlab splits them
    out = []
    for subset, run in groupby(text, codes.subset_of.__getitem__):
        if subset != tx._curSubset:
            out.append(_switch_subset(tx, codes, subset))
        out.append(f"({''.join(run).translate(codes.tables[subset])}) Tj")
    return " ".join(out)


def _switch_subset(tx: PDFTextObject, codes: _SubsetCodes, subset: int) -> str:
    tx._curSubset = subset
    key = (subset, tx._fontsize, tx._leading)
    text = codes.switches.get(key)
    if text is None:  # (the subset's name is the font's for this document from its first use on)
        text = codes.switches[key] = (f"{codes.font.getSubsetInternalName(subset, tx._canvas._doc)} "
                                      f"{fp_str(tx._fontsize)} Tf {fp_str(tx._leading)} TL")
    return text


class ReportInfo(PDFInfo):
    """The document information dictionary with the report's own keys added (e.g. /ReportStatus)."""

    extra: dict[str, str] = {}

    def format(self, document):
        base = PDFInfo.format(self, document)
        if not self.extra:
            return base
        # PDFInfo.format builds its dictionary inline: add our keys by formatting our own
        extra = PDFDictionary({k: PDFString(v) for k, v in self.extra.items()}).format(document)
        return base[:-2].rstrip() + b"\n" + extra[2:].lstrip()


class ReportCanvas(Canvas):
    """Canvas used for every report page (see module docstring)."""

    decorate: Callable[["ReportCanvas", int, int], None] | None = None
    epoch: int = 946684800  # the document's creation date (seconds, UTC); the report sets its publish date
    info_extra: dict[str, str] = {}  # custom document information keys, e.g. {"ReportStatus": "draft"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._fix_timestamp(self.epoch)
        if self.info_extra:
            info = ReportInfo()
            info.__dict__.update(self._doc.info.__dict__)
            info.extra = dict(self.info_extra)
            self._doc.info = info
        self._held_pages: list[dict] = []
        self._marks: dict[int, list[tuple[str, float]]] = {}
        self._outline: list[tuple[str, str, int]] = []
        self._wb_subset_codes: dict[str, _SubsetCodes] = {}  # font name -> its codes in this document

    def _fix_timestamp(self, epoch: int) -> None:
        """Date the PDF (and seed its ID) from ``epoch``, ignoring the clock and SOURCE_DATE_EPOCH."""
        ts = TimeStamp(invariant=1)
        ts.t = epoch
        ts.lt = time.gmtime(epoch)
        ts.YMDhms = tuple(ts.lt)[:6]
        ts.dhh = ts.dmm = 0
        ts.tzname = "UTC"
        doc = self._doc
        doc._timeStamp = ts
        sig = doc.signature = md5(usedforsecurity=False)
        sig.update(b"a reportlab document")
        sig.update(ascii(epoch).encode("ascii"))

    def beginText(self, x=0, y=0, direction=None):
        return BoldAwareText(self, x, y, direction=direction)

    # -------------------------------------------------------------- bookmarks
    def mark(self, key: str, title: str, level: int, y: float = 0.0) -> None:
        """Bookmark height ``y`` above the current origin and add an outline entry for it."""
        _, top = self.absolutePosition(0, y)
        self._marks.setdefault(len(self._held_pages), []).append((key, top))
        self._outline.append((title, key, level))

    @property
    def page_number(self) -> int:
        return len(self._held_pages) + 1

    # -------------------------------------------------------------- pages
    def showPage(self):
        self._held_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._held_pages)
        for i, state in enumerate(self._held_pages):
            self.__dict__.update(state)
            if self.decorate is not None:
                self.decorate(self, i + 1, total)
            for key, top in self._marks.get(i, []):
                self.bookmarkPage(key, fit="XYZ", left=0, top=round(top + 8, 2))
            Canvas.showPage(self)
        level = -1
        for title, key, wanted in self._outline:
            level = min(wanted, level + 1)
            self.addOutlineEntry(title, key, level=level, closed=False)
        if self._outline:
            self.showOutline()
        Canvas.save(self)


def canvas_class(decorate: Callable[[ReportCanvas, int, int], None], epoch: int | None = None,
                 info: dict[str, str] | None = None) -> type[ReportCanvas]:
    """A ReportCanvas subclass stamping each page with ``decorate(canvas, page, total)``, dated ``epoch``,
    with the custom document information keys ``info``."""
    attrs = {"decorate": staticmethod(decorate)}
    if epoch is not None:
        attrs["epoch"] = epoch
    if info:
        attrs["info_extra"] = dict(info)
    return type("BoundReportCanvas", (ReportCanvas,), attrs)
