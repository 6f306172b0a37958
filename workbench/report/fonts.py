"""The report's fonts: the bundled WenQuanYi Micro Hei or the house's TrueType files, registered once.

reportlab embeds TrueType (glyf) outlines only, as subsets. The bundled face has no bold, so
every face is registered twice: a regular name and a ``-Bold`` alias whose text the report
canvas draws with a thin stroke (fill + stroke render mode), which reads as bold on screen and
in print. The alias is the regular font under a second name (reportlab maps a second name of a
registered face to the same font), so bold text draws from the regular font's embedded subsets:
no second copy of its glyphs in the PDF, and no second subset to build.
"""

from __future__ import annotations

import copy
import hashlib
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from workbench.paths import resource
from workbench.report.font_cache import load_face

BUNDLED_FONT = ("fonts", "wqy-microhei.ttc")
FONT_SUFFIXES = (".ttf", ".ttc")
REPLACEMENT = "\u25a1"  # □, drawn in place of a character the font lacks
CJK_PROBE = "证券研究报告第页共"  # a report font must at least draw these

_lock = threading.Lock()
_faces: dict[tuple[str, int], tuple[str, str]] = {}  # (file key, index) -> (regular name, bold name)
_bold_names: set[str] = set()
_failures: dict[str, str] = {}  # path -> why it cannot be used
_cleaned: dict[tuple, str] = {}  # (font set, text) -> cleaned text: table cells and labels repeat


def bundled_font_path() -> Path:
    return resource(*BUNDLED_FONT)


def is_bold_font(name: str) -> bool:
    """True for the bold aliases registered here (drawn with a stroke by the report canvas)."""
    return name in _bold_names


def _file_key(path: str) -> str:
    """The path plus size and modification time, so a replaced font file is loaded again."""
    st = os.stat(path)
    return f"{path}#{st.st_size}#{st.st_mtime_ns}"


def _ttfont(name: str, face) -> TTFont:
    """A TTFont over an already parsed face, set up as ``TTFont(name, path)`` sets itself up."""
    from fnmatch import fnmatch
    from weakref import WeakKeyDictionary

    from reportlab import rl_config
    from reportlab.pdfbase.ttfonts import TTEncoding, unShapedFontGlob

    font = TTFont.__new__(TTFont)
    font.fontName = name
    font.face = face
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = not any(fnmatch(name, g) for g in unShapedFontGlob)
    return font


def _register(path: str, index: int = 0) -> tuple[str, str]:
    """Register ``path`` (regular + bold alias) once per process; returns the two font names."""
    key = (_file_key(path), index)
    with _lock:
        if key in _faces:
            return _faces[key]
        tag = hashlib.sha1(f"{key[0]}#{index}".encode("utf-8")).hexdigest()[:8]
        regular_name, bold_name = f"WB-{tag}", f"WB-{tag}-Bold"
        regular = _ttfont(regular_name, load_face(path, index))
        pdfmetrics.registerFont(regular)
        # the bold alias: the same face under another name, which reportlab registers as the
        # regular font itself (see the module docstring)
        bold = copy.copy(regular)
        bold.fontName = bold_name
        pdfmetrics.registerFont(bold)
        addMapping(regular_name, 0, 0, regular_name)
        addMapping(regular_name, 1, 0, bold_name)
        addMapping(regular_name, 0, 1, regular_name)
        addMapping(regular_name, 1, 1, bold_name)
        addMapping(bold_name, 0, 0, bold_name)
        addMapping(bold_name, 1, 0, bold_name)
        addMapping(bold_name, 0, 1, bold_name)
        addMapping(bold_name, 1, 1, bold_name)
        _bold_names.add(bold_name)
        _faces[key] = (regular_name, bold_name)
        return _faces[key]


def usable_font_file(path: str | None) -> str | None:
    """Why a configured house font cannot be used, or None when it can."""
    if not path:
        return "未配置 (not configured)"
    p = Path(path)
    if p.suffix.lower() not in FONT_SUFFIXES:
        return f"不是 TrueType 字体文件 (not a .ttf/.ttc file): {path}"
    if not p.is_file():
        return f"字体文件不存在 (font file not found): {path}"
    key = _file_key(str(p.resolve()))
    if key in _failures:
        return _failures[key]
    try:
        regular, _ = _register(str(p.resolve()))
    except Exception as exc:  # reportlab refuses CFF outlines, broken files, ...
        _failures[key] = f"字体无法嵌入 (font cannot be embedded): {path}: {exc}"
        return _failures[key]
    cmap = pdfmetrics.getFont(regular).face.charToGlyph
    if any(ord(ch) not in cmap for ch in CJK_PROBE):
        _failures[key] = f"字体缺少中文字形 (the font has no Chinese glyphs): {path}"
        return _failures[key]
    return None


@dataclass(frozen=True)
class FontSet:
    """The registered names the report draws with, and the faces whose cmaps must cover the text."""

    body: str
    body_bold: str
    heading: str
    heading_bold: str

    def faces(self) -> list[TTFont]:
        names = dict.fromkeys((self.body, self.heading))
        return [pdfmetrics.getFont(n) for n in names]

    def can_draw(self, ch: str) -> bool:
        cp = ord(ch)
        return all(cp in f.face.charToGlyph for f in self.faces())

    def missing(self, text: str) -> list[str]:
        """Distinct characters of ``text`` that some face cannot draw, in order of appearance."""
        if not text:
            return []
        maps = [f.face.charToGlyph for f in self.faces()]
        # each distinct character looked up once (a report's text repeats a few hundred of them)
        lacking = [ch for ch in set(text) if ch not in "\n\t" and any(ord(ch) not in m for m in maps)]
        return sorted(lacking, key=text.index) if len(lacking) > 1 else lacking

    def clean(self, text: str) -> str:
        """``text`` with every character the fonts cannot draw replaced by □ (tabs become spaces)."""
        if not text:
            return ""
        key = (self, text)
        done = _cleaned.get(key)
        if done is None:
            if len(_cleaned) > 20_000:
                _cleaned.clear()
            done = _cleaned[key] = self._clean(text)
        return done

    def _clean(self, text: str) -> str:
        maps = [f.face.charToGlyph for f in self.faces()]
        if all(_prints_as_is(ch, maps) for ch in set(text)):
            return text  # the usual case, decided once per distinct character
        repl = REPLACEMENT if all(ord(REPLACEMENT) in m for m in maps) else "?"
        out = []
        for ch in text:
            if ch == "\n":
                out.append(ch)
                continue
            if ch == "\t":
                out.append(" ")
                continue
            cp = ord(ch)
            if cp < 32 or 0x7F <= cp < 0xA0:
                continue  # control characters: nothing to draw
            if all(cp in m for m in maps):
                out.append(ch)
            elif 0xFE00 <= cp <= 0xFE0F or cp == 0x200D:
                continue  # emoji variation selectors and joiners have no glyph of their own
            else:
                out.append(repl)
        return "".join(out)


def _prints_as_is(ch: str, maps: list[dict]) -> bool:
    """True when ``FontSet._clean`` keeps ``ch`` unchanged: a newline, or a drawable character that
    is neither a tab nor a control character."""
    if ch == "\n":
        return True
    cp = ord(ch)
    if cp < 32 or 0x7F <= cp < 0xA0:
        return False
    return all(cp in m for m in maps)


def font_set(fonts: dict | None = None) -> FontSet:
    """Fonts for a house's ``fonts`` setting ({"body": path, "heading": path}); bundled fallback."""
    fonts = fonts or {}
    bundled = _register(str(bundled_font_path().resolve()))

    def pick(role: str) -> tuple[str, str]:
        path = fonts.get(role)
        if isinstance(path, str) and usable_font_file(path) is None:
            return _register(str(Path(path).resolve()))
        return bundled

    body = pick("body")
    heading = pick("heading") if fonts.get("heading") else body
    return FontSet(body[0], body[1], heading[0], heading[1])
