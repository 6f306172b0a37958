"""The parsed-face cache: the same face as reportlab's own parse, the same PDF bytes, and a damaged,
foreign or unwritable cache never stops an export."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

from workbench.report import font_cache
from workbench.report.fonts import _ttfont, bundled_font_path

FONT = str(bundled_font_path().resolve())
ROOT = Path(__file__).resolve().parents[2]
# Hanzi, CJK punctuation, Latin and digits: the subset the report's pages draw from.
SAMPLE = "证券研究报告行业周报，关注消费电子新接力（）【】《》2319.1 3499.30% AI终端创新持续"


@pytest.fixture(scope="module")
def parsed() -> TTFontFace:
    """reportlab's own parse of the bundled face: the truth the cached face is compared with."""
    return TTFontFace(FONT, subfontIndex=0)


def _cache_files(folder: Path) -> list[Path]:
    return sorted((folder / "fonts").glob("*.face"))


def _same_face(face, truth) -> None:
    for name in ("charToGlyph", "charWidths", "hmetrics", "glyphPos", "numGlyphs", "unitsPerEm", "defaultWidth",
                 "ascent", "descent", "capHeight", "bbox", "flags", "italicAngle", "stemV", "subfontNameX",
                 "table", "name", "familyName"):
        assert getattr(face, name) == getattr(truth, name), name
    assert face.name.ustr == truth.name.ustr
    assert face._pdfScale(2048) == truth._pdfScale(2048)
    subset = [ord(ch) for ch in dict.fromkeys(SAMPLE) if ord(ch) in truth.charToGlyph] or sorted(truth.charToGlyph)[:40]
    assert face.makeSubset(subset) == truth.makeSubset(subset)  # the embedded font program itself


def test_a_cold_and_a_warm_cache_give_reportlabs_own_face(tmp_path, monkeypatch, parsed):
    monkeypatch.setenv(font_cache.CACHE_ENV, str(tmp_path))
    cold = font_cache.load_face(FONT)
    assert len(_cache_files(tmp_path)) == 1
    warm = font_cache.load_face(FONT)
    assert isinstance(warm, font_cache.CachedFace)  # really read back from the cache
    _same_face(cold, parsed)
    _same_face(warm, parsed)
    assert set(warm.glyphToChar[warm.charToGlyph[ord("证")]]) >= {ord("证")}
    # the metrics are decoded per glyph: each one, a slice and the ends read as reportlab's list
    assert len(warm.hmetrics) == len(parsed.hmetrics)
    assert warm.hmetrics[-1] == parsed.hmetrics[-1] and warm.hmetrics[100:140] == parsed.hmetrics[100:140]
    assert [type(a) for a, _ in warm.hmetrics] == [type(a) for a, _ in parsed.hmetrics]


@pytest.mark.parametrize("damage", ["truncated", "flipped", "foreign", "empty", "a folder"])
def test_a_damaged_cache_is_parsed_again_and_rewritten(tmp_path, monkeypatch, parsed, damage):
    monkeypatch.setenv(font_cache.CACHE_ENV, str(tmp_path))
    font_cache.load_face(FONT)
    [cached] = _cache_files(tmp_path)
    good = cached.read_bytes()
    if damage == "truncated":
        cached.write_bytes(good[: len(good) // 2])
    elif damage == "flipped":  # one byte changed inside the payload: its SHA-256 no longer matches
        cached.write_bytes(good[:-100] + bytes([good[-100] ^ 0xFF]) + good[-99:])
    elif damage == "foreign":
        cached.write_bytes(b"\x80\x04\x95" + os.urandom(4000))
    elif damage == "empty":
        cached.write_bytes(b"")
    else:
        cached.unlink()
        cached.mkdir()
    face = font_cache.load_face(FONT)
    assert not isinstance(face, font_cache.CachedFace)  # parsed, not read from the damaged file
    _same_face(face, parsed)
    if damage != "a folder":
        assert cached.read_bytes() == good  # written again, whole
        _same_face(font_cache.load_face(FONT), parsed)


def test_an_unwritable_cache_folder_only_costs_the_parse(tmp_path, monkeypatch, parsed):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv(font_cache.CACHE_ENV, str(blocker))
    _same_face(font_cache.load_face(FONT), parsed)


def test_an_empty_setting_turns_the_cache_off(tmp_path, monkeypatch, parsed):
    monkeypatch.setenv(font_cache.CACHE_ENV, "")
    assert font_cache.cache_dir() is None
    face = font_cache.load_face(FONT)
    assert type(face) is TTFontFace
    _same_face(face, parsed)


def test_a_changed_font_file_is_not_served_from_the_old_cache(tmp_path, monkeypatch):
    monkeypatch.setenv(font_cache.CACHE_ENV, str(tmp_path))
    data = Path(FONT).read_bytes()
    a = font_cache.cache_file(data, 0, tmp_path)
    b = font_cache.cache_file(data[:-1] + b"\0", 0, tmp_path)
    assert a != b and font_cache.cache_file(data, 1, tmp_path) != a
    assert hashlib.sha256(data).hexdigest() in a.name


def test_a_font_over_a_cached_face_is_set_up_as_reportlab_sets_it_up(parsed):
    """Guards the TTFont built around a restored face against a reportlab release that adds state."""
    ours = _ttfont("WB-test", parsed)
    theirs = TTFont("WB-test", FONT, subfontIndex=0)
    assert set(vars(ours)) == set(vars(theirs))
    for name in vars(theirs):
        if name not in ("face", "state", "encoding"):
            assert getattr(ours, name) == getattr(theirs, name), name
    assert ours.stringWidth(SAMPLE, 10) == theirs.stringWidth(SAMPLE, 10)


def test_the_exported_pdf_is_the_same_bytes_with_the_cache_cold_warm_and_off(tmp_path, demo_path):
    """Three fresh processes (no face registered yet in any): cold cache, warm cache, no cache."""
    script = ("import sys\nfrom workbench.store import Store\nfrom workbench.report import export_pdf\n"
              "with Store(sys.argv[1]) as s:\n    print(export_pdf(s, 'latest', sys.argv[2]).sha256)\n")
    shas = []
    for i, cache in enumerate([str(tmp_path / "cache"), str(tmp_path / "cache"), ""]):
        env = {**os.environ, "LANG": "C.UTF-8", font_cache.CACHE_ENV: cache}
        out = subprocess.run([sys.executable, "-c", script, str(demo_path), str(tmp_path / f"{i}.pdf")],
                             cwd=ROOT, env=env, capture_output=True, text=True, check=True).stdout.split()[-1]
        shas.append(out)
        assert hashlib.sha256((tmp_path / f"{i}.pdf").read_bytes()).hexdigest() == out
    assert len(_cache_files(tmp_path / "cache")) == 1
    assert len(set(shas)) == 1


def test_the_cache_keeps_only_the_most_recently_used_faces(tmp_path, monkeypatch, parsed):
    """Stale faces (other font files, older releases) are pruned; the one in use stays."""
    monkeypatch.setenv(font_cache.CACHE_ENV, str(tmp_path))
    folder = tmp_path / "fonts"
    folder.mkdir()
    for i in range(font_cache.MAX_FILES + 3):
        stale = folder / f"{i:064x}-0-rl0-py00-f{font_cache.FORMAT}.face"
        stale.write_bytes(b"old")
        os.utime(stale, (1_000_000 + i, 1_000_000 + i))
    font_cache.load_face(FONT)
    left = _cache_files(tmp_path)
    assert len(left) == font_cache.MAX_FILES
    [current] = [f for f in left if hashlib.sha256(Path(FONT).read_bytes()).hexdigest() in f.name]
    oldest_kept = min(int(f.name.split("-")[0], 16) for f in left if f != current)
    assert oldest_kept == font_cache.MAX_FILES + 3 - (font_cache.MAX_FILES - 1)  # the newest stale ones stay
    _same_face(font_cache.load_face(FONT), parsed)


def test_other_truetype_files_come_back_as_reportlabs_own_faces(tmp_path, monkeypatch):
    """A plain .ttf, one with whole-number widths (1000 units per em): cold and warm, the same face."""
    import reportlab

    fonts = Path(reportlab.__file__).parent / "fonts"
    monkeypatch.setenv(font_cache.CACHE_ENV, str(tmp_path))
    for name in ("Vera.ttf", "hb-test.ttf"):
        path = str(fonts / name)
        truth = TTFontFace(path)
        cold = font_cache.load_face(path)
        warm = font_cache.load_face(path)
        assert isinstance(warm, font_cache.CachedFace), name
        _same_face(cold, truth)
        _same_face(warm, truth)
    assert TTFontFace(str(fonts / "hb-test.ttf")).unitsPerEm == 1000


def test_a_cached_face_subsets_to_reportlabs_own_bytes(tmp_path, monkeypatch, parsed):
    """The cached face builds each embedded subset itself (reading glyphs in place); for any set of
    characters, composite glyphs among them, and characters the face lacks, the bytes are reportlab's."""
    import random
    import struct

    from reportlab.pdfbase.ttfonts import TTFontFile

    monkeypatch.setenv(font_cache.CACHE_ENV, str(tmp_path))
    font_cache.load_face(FONT, 0)  # cold: parsed by reportlab, and cached
    face = font_cache.load_face(FONT, 0)
    assert isinstance(face, font_cache.CachedFace)
    rng = random.Random(8)
    codes = sorted(parsed.charToGlyph)
    subsets = [[ord(c) for c in dict.fromkeys(SAMPLE)], [32, 0x10FFFF, 0xE000] + rng.sample(codes, 200)]
    subsets += [rng.sample(codes, 256) for _ in range(12)]
    glyf = parsed.get_table_pos("glyf")[0]
    composites = 0
    for subset in subsets:
        assert face.makeSubset(subset) == TTFontFile.makeSubset(parsed, subset)
        for code in subset:
            g = parsed.charToGlyph.get(code, 0)
            if parsed.glyphPos[g + 1] > parsed.glyphPos[g]:
                at = glyf + parsed.glyphPos[g]
                composites += struct.unpack(">h", parsed._ttf_data[at:at + 2])[0] < 0
    assert composites > 50  # the renumbering of composite glyphs' parts was exercised
