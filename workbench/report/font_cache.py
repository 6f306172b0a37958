"""A cache of parsed TrueType faces, so an export does not parse the 5 MB bundled font every time.

reportlab's TrueType parser reads the whole cmap, the metrics and the glyph locations of the
face on every start (about 50 ms for WenQuanYi Micro Hei, a tenth of an export). What it
extracts is plain data (numbers, dicts, lists), so it is kept in the user's cache folder with
``marshal`` (which rebuilds data only and never runs code) and the font file's own bytes are read
again on load, so subsetting works on the real file.

Robustness: the cache file is named by the font file's SHA-256, the face index, the reportlab
and Python versions and this format's version, and carries the SHA-256 of its own payload. A
missing, truncated, corrupted, foreign or unreadable cache file (or an unwritable folder) is
never an error: the face is parsed as before and the cache written again when possible, by a
temporary file renamed over the target, so readers never see half a file. ``WORKBENCH_CACHE_DIR``
names another folder; set to an empty string it turns the cache off.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import tempfile
from pathlib import Path

import reportlab
from reportlab.pdfbase.ttfonts import TTFNameBytes, TTFontFace

from workbench.paths import APP_DIR_NAME

FORMAT = 1
MAGIC = b"WBFACE%d\n" % FORMAT
CACHE_ENV = "WORKBENCH_CACHE_DIR"
_NAME_FIELDS = ("name", "familyName", "styleName", "fullName", "uniqueFontID")
_SKIPPED = ("_ttf_data", "_pdfScale", "filename", "_pos", "glyphToChar")
_REQUIRED = {"charToGlyph": dict, "charWidths": dict, "hmetrics": list, "glyphPos": list,
             "table": dict, "numGlyphs": int, "unitsPerEm": int, "defaultWidth": float, "subfontNameX": bytes}


class CachedFace(TTFontFace):
    """A face restored from the cache. ``glyphToChar``, which reportlab needs only while parsing,
    is rebuilt from the cmap on first use instead of being stored."""

    def __getattr__(self, name):
        if name == "glyphToChar":
            inverse: dict[int, list[int]] = {}
            for code, glyph in self.__dict__["charToGlyph"].items():
                inverse.setdefault(glyph, []).append(code)
            self.glyphToChar = inverse
            return inverse
        raise AttributeError(name)


def cache_dir() -> Path | None:
    """The per-user cache folder for parsed faces, or None when caching is turned off."""
    env = os.environ.get(CACHE_ENV)
    if env is not None:
        return Path(env) / "fonts" if env.strip() else None
    if sys.platform.startswith("win"):
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local") / APP_DIR_NAME / "Cache"
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches" / APP_DIR_NAME
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / APP_DIR_NAME
    return base / "fonts"


def cache_file(data: bytes, index: int, folder: Path) -> Path:
    """Where the parsed face of these font bytes (face ``index``) is cached."""
    digest = hashlib.sha256(data).hexdigest()
    py = "%d%d" % sys.version_info[:2]
    return folder / f"{digest}-{index}-rl{reportlab.Version}-py{py}-f{FORMAT}.face"


def _scale(units_per_em: int):
    """reportlab's font-unit to 1000-unit scale, as its parser builds it."""
    if units_per_em == 1000:
        return lambda x: x
    factor = 1000 / units_per_em
    return lambda x: x * factor


def _dump(face: TTFontFace) -> bytes:
    state = {k: v for k, v in face.__dict__.items() if k not in _SKIPPED}
    for k in _NAME_FIELDS:
        value = state.get(k)
        if isinstance(value, TTFNameBytes):
            state[k] = ("TTFNameBytes", bytes(value), value.ustr)
    payload = marshal.dumps(state)
    return MAGIC + hashlib.sha256(payload).digest() + payload


def _load(blob: bytes, data: bytes, path: str) -> CachedFace:
    """The face stored in ``blob`` over the font bytes ``data``; raises ValueError when it is not one."""
    if not blob.startswith(MAGIC):
        raise ValueError("not a face cache")
    digest, payload = blob[len(MAGIC):len(MAGIC) + 32], blob[len(MAGIC) + 32:]
    if hashlib.sha256(payload).digest() != digest:
        raise ValueError("damaged face cache")
    state = marshal.loads(payload)
    if not isinstance(state, dict):
        raise ValueError("not a face cache")
    for key, kind in _REQUIRED.items():
        if not isinstance(state.get(key), kind):
            raise ValueError(f"face cache lacks {key}")
    if len(state["glyphPos"]) != state["numGlyphs"] + 1:
        raise ValueError("face cache does not match the font")
    for k in _NAME_FIELDS:
        value = state.get(k)
        if isinstance(value, tuple) and len(value) == 3 and value[0] == "TTFNameBytes":
            name = TTFNameBytes(value[1])
            name.ustr = value[2]
            state[k] = name
    face = CachedFace.__new__(CachedFace)
    face.__dict__.update(state)
    face._ttf_data = data
    face.filename = path
    face._pos = 0
    face._pdfScale = _scale(state["unitsPerEm"])
    return face


def _store(target: Path, blob: bytes) -> None:
    """Write ``blob`` to ``target`` through a temporary file in the same folder (atomic rename)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".face-", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(blob)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def load_face(path: str, index: int = 0) -> TTFontFace:
    """The parsed face ``index`` of the TrueType file ``path``: from the cache when it holds it."""
    folder = cache_dir()
    if folder is None:
        return TTFontFace(path, subfontIndex=index)
    with open(path, "rb") as fh:
        data = fh.read()
    target = cache_file(data, index, folder)
    try:
        return _load(target.read_bytes(), data, path)
    except (OSError, ValueError, EOFError, TypeError, KeyError, IndexError):
        pass  # no cache yet, or one that cannot be used: parse and write it again
    face = TTFontFace(path, subfontIndex=index)
    try:
        _store(target, _dump(face))
    except (OSError, ValueError):
        pass  # a read-only or full cache folder only costs the parse next time
    return face
