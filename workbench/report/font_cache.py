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
temporary file renamed over the target, so readers never see half a file; the folder keeps the
``MAX_FILES`` most recently used faces. ``WORKBENCH_CACHE_DIR`` names another folder; set to an
empty string it turns the cache off.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import struct
import sys
import tempfile
from array import array
from collections.abc import Sequence
from pathlib import Path
from struct import pack

import reportlab
from reportlab.pdfbase.ttfonts import (GF_ARG_1_AND_2_ARE_WORDS, GF_MORE_COMPONENTS, GF_WE_HAVE_A_SCALE,
                                       GF_WE_HAVE_A_TWO_BY_TWO, GF_WE_HAVE_AN_X_AND_Y_SCALE, TTFNameBytes,
                                       TTFontFace, TTFontMaker, _set_ushort)

from workbench.paths import APP_DIR_NAME

FORMAT = 2
MAGIC = b"WBFACE%d\n" % FORMAT
CACHE_ENV = "WORKBENCH_CACHE_DIR"
MAX_FILES = 8  # cached faces kept; the least recently used go first
_NAME_FIELDS = ("name", "familyName", "styleName", "fullName", "uniqueFontID")
_SKIPPED = ("_ttf_data", "_pdfScale", "filename", "_pos", "glyphToChar")
_REQUIRED = {"charToGlyph": dict, "charWidths": dict, "hmetrics": Sequence, "glyphPos": list,
             "table": dict, "numGlyphs": int, "unitsPerEm": int, "defaultWidth": (int, float), "subfontNameX": bytes}


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

    def makeSubset(self, subset):
        """reportlab's ``TTFontFile.makeSubset``, giving the same bytes, with the glyph data read in
        place: reportlab copies the whole glyf table (3.5 MB in the bundled face) for every subset
        of 256 characters and reads each composite glyph's parts through a method call per number."""
        data = self._ttf_data
        char_to_glyph = self.charToGlyph
        glyph_pos = self.glyphPos
        glyph_map = [0]  # new glyph index -> old glyph index
        glyph_set = {0: 0}  # old glyph index -> new glyph index
        code_to_glyph = {}
        for code in subset:
            old = char_to_glyph.get(code, 0)
            if old not in glyph_set:
                glyph_set[old] = len(glyph_map)
                glyph_map.append(old)
            code_to_glyph[code] = glyph_set[old]

        # the parts of composite glyphs too
        start = self.get_table_pos("glyf")[0]
        n = 0
        while n < len(glyph_map):
            old = glyph_map[n]
            pos = glyph_pos[old]
            n += 1
            if not glyph_pos[old + 1] - pos:
                continue
            at = start + pos
            if _SHORT.unpack_from(data, at)[0] < 0:
                at += 10
                flags = GF_MORE_COMPONENTS
                while flags & GF_MORE_COMPONENTS:
                    flags, part = _TWO_USHORTS.unpack_from(data, at)
                    at += 4
                    if part not in glyph_set:
                        glyph_set[part] = len(glyph_map)
                        glyph_map.append(part)
                    at += _component_args(flags)

        output = TTFontMaker()
        for tag in ("name", "OS/2", "cvt ", "fpgm", "prep"):
            try:
                output.add(tag, self.get_table(tag))
            except KeyError:
                pass  # cvt, fpgm and prep are optional
        post_at = self.get_table_pos("post")[0]
        output.add("post", b"\x00\x03\x00\x00" + data[post_at + 4:post_at + 16] + b"\x00" * 16)
        num_glyphs = len(glyph_map)

        hmtx = []
        for n in range(num_glyphs):
            aw, lsb = self.hmetrics[glyph_map[n]]
            hmtx.append(int(aw))
            hmtx.append(int(lsb))
        n = len(hmtx) - 2
        while n and hmtx[n] == hmtx[n - 2]:
            n -= 2
        n += 2
        number_of_hmetrics = n >> 1
        hmtx = hmtx[:n] + hmtx[n + 1::2]
        output.add("hmtx", pack(">%dH" % len(hmtx), *hmtx))
        output.add("hhea", _set_ushort(self.get_table("hhea"), 34, number_of_hmetrics))
        output.add("maxp", _set_ushort(self.get_table("maxp"), 4, num_glyphs))

        entries = len(subset)
        cmap = [0, 1, 1, 0, 0, 12, 6, 10 + entries * 2, 0, 0, entries] + list(map(code_to_glyph.get, subset))
        output.add("cmap", pack(">%dH" % len(cmap), *cmap))

        glyf_at = start
        offsets = []
        glyf = []
        pos = 0
        for n in range(num_glyphs):
            offsets.append(pos)
            old = glyph_map[n]
            at = glyph_pos[old]
            length = glyph_pos[old + 1] - at
            glyph = data[glyf_at + at:glyf_at + at + length]
            if length > 2 and _SHORT.unpack_from(glyph, 0)[0] < 0:  # composite: renumber its parts
                glyph = bytearray(glyph)
                at_part = 10
                flags = GF_MORE_COMPONENTS
                while flags & GF_MORE_COMPONENTS:
                    flags, part = _TWO_USHORTS.unpack_from(glyph, at_part)
                    _USHORT.pack_into(glyph, at_part + 2, glyph_set[part])
                    at_part += 4 + _component_args(flags)
                glyph = bytes(glyph)
            glyf.append(glyph)
            pos += length
            if pos % 4:
                padding = 4 - pos % 4
                glyf.append(b"\0" * padding)
                pos += padding
        offsets.append(pos)
        output.add("glyf", b"".join(glyf))
        if (pos + 1) >> 1 > 0xFFFF:
            index_to_loc_format = 1  # long offsets
            loca = pack(">%dL" % len(offsets), *offsets)
        else:
            index_to_loc_format = 0
            loca = pack(">%dH" % len(offsets), *(o >> 1 for o in offsets))
        output.add("loca", loca)
        output.add("head", _set_ushort(self.get_table("head"), 50, index_to_loc_format))
        return output.makeStream()


_SHORT = struct.Struct(">h")
_USHORT = struct.Struct(">H")
_TWO_USHORTS = struct.Struct(">HH")


def _component_args(flags: int) -> int:
    """Bytes after a composite glyph's component index: its offsets, then its scale."""
    size = 4 if flags & GF_ARG_1_AND_2_ARE_WORDS else 2
    if flags & GF_WE_HAVE_A_SCALE:
        size += 2
    elif flags & GF_WE_HAVE_AN_X_AND_Y_SCALE:
        size += 4
    elif flags & GF_WE_HAVE_A_TWO_BY_TWO:
        size += 8
    return size


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


class Metrics(Sequence):
    """The face's (advance, left side bearing) per glyph, decoded one glyph at a time: reportlab
    reads it only for the glyphs it embeds, so the cache never builds 50,000 tuples."""

    __slots__ = ("_aw", "_is_int", "_lsb")

    def __init__(self, aw: array, is_int: bytes, lsb: array):
        self._aw, self._is_int, self._lsb = aw, is_int, lsb

    def __len__(self) -> int:
        return len(self._lsb)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        aw = self._aw[i]
        return (int(aw) if self._is_int[i] else aw, self._lsb[i])

    def __eq__(self, other) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)


def _columns(value):
    """``value`` as arrays when it is one of the face's big tables of numbers, else None."""
    if isinstance(value, dict) and value and all(type(k) is int for k in value):
        vals = list(value.values())
        for code, kind in (("q", int), ("d", float)):
            if all(type(v) is kind for v in vals):
                return ("dict", code, array("q", value.keys()).tobytes(), array(code, vals).tobytes())
    if isinstance(value, list) and value and all(type(v) is int for v in value):
        return ("list", "q", array("q", value).tobytes())
    if (isinstance(value, list) and value and all(type(v) is tuple and len(v) == 2 for v in value)
            and all(type(a) in (int, float) and type(b) is int for a, b in value)):
        return ("pairs", array("d", (a for a, _ in value)).tobytes(), bytes(type(a) is int for a, _ in value),
                array("q", (b for _, b in value)).tobytes())
    return None


def _from_columns(packed):
    def arr(code, raw):
        a = array(code)
        a.frombytes(raw)
        return a

    kind = packed[0]
    if kind == "dict":
        return dict(zip(arr("q", packed[2]).tolist(), arr(packed[1], packed[3]).tolist()))
    if kind == "list":
        return arr(packed[1], packed[2]).tolist()
    if kind == "pairs":
        aw, lsb = arr("d", packed[1]), arr("q", packed[3])
        if not len(aw) == len(packed[2]) == len(lsb):
            raise ValueError("damaged face cache")
        return Metrics(aw, packed[2], lsb)
    raise ValueError("not a face cache")


def _dump(face: TTFontFace) -> bytes:
    state = {k: v for k, v in face.__dict__.items() if k not in _SKIPPED}
    columns = {}
    for k in ("charToGlyph", "charWidths", "hmetrics", "glyphPos"):
        packed = _columns(state.get(k))
        if packed is not None:
            columns[k] = packed
            del state[k]
    state["_columns"] = columns
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
    if not isinstance(state, dict) or not isinstance(state.get("_columns"), dict):
        raise ValueError("not a face cache")
    for key, packed in state.pop("_columns").items():
        state[key] = _from_columns(packed)
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
        face = _load(target.read_bytes(), data, path)
    except (OSError, ValueError, EOFError, TypeError, KeyError, IndexError):
        pass  # no cache yet, or one that cannot be used: parse and write it again
    else:
        try:
            os.utime(target)  # recently used: kept when the folder is pruned
        except OSError:
            pass
        return face
    face = TTFontFace(path, subfontIndex=index)
    try:
        _store(target, _dump(face))
        _prune(folder, keep=target)
    except (OSError, ValueError):
        pass  # a read-only or full cache folder only costs the parse next time
    return face


def _prune(folder: Path, keep: Path) -> None:
    """Keep the ``MAX_FILES`` most recently used faces (house fonts change, releases move on)."""
    files = []
    for f in folder.glob("*.face"):
        try:
            files.append((f.stat().st_mtime, f))
        except OSError:
            continue
    files.sort(reverse=True)
    for _, f in files[MAX_FILES:]:
        if f != keep:
            try:
                f.unlink()
            except OSError:
                pass
