"""Chinese line breaking and justification for the report's paragraphs.

Break opportunities come from the Unicode line-breaking algorithm (UAX #14, ``uniseg``), which
already carries the Chinese 禁则 (no 。，、；：？！）】」》 at a line start, no （【「《 at a line end,
no break inside a number such as 6,500 / -0.57% / 600519.SH or a Latin word). On top of it the
report keeps together what a research editor expects to stay whole: a 【stock name】, a range
such as 20241209-20241215 or 24Q1-Q3, and a number with the unit after it (3400.14 点).

``CJKParagraph`` is reportlab's Paragraph with its CJK line splitter (``cjkFragSplit``, which
breaks between any two characters) replaced by one that breaks only at those opportunities,
never lets a character pass the right margin, pulls a lone short tail back into a fuller last
line, and justifies by spreading the spare width over the gaps between characters (reportlab's
own justification only widens ASCII spaces, which Chinese text hardly has).

Headlines and titles (``DisplayParagraph``: the headline, its subtitle, figure and table
captions, section titles, the sidebar's chart and related-report titles) keep the greedy fill's
number of lines (the headline takes one more when that spares it a break inside a word) but
choose the breaks that balance the lines and fall at phrase boundaries:
after ，、；：。！？ and closing brackets (best), before an opening bracket or a word that starts a
recommendation (关注, 建议, 看好, …), at a change between hanzi and Latin (AI|终端), after 的 or
before 与/和/及 or after a number (沪深300|比较); a break between two hanzi, which may split a word
(硬|件), and one between hanzi and the digits of a name or a date (沪深|300, 中证|1000, 截至|1月,
2025|年) are the last resort.
No dictionary is loaded (jieba's would cost more start-up time than the whole export), so a
title with none of these boundaries within a line's reach is balanced without knowing its words.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from copy import copy
from functools import lru_cache

from reportlab import rl_config
from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.abag import ABag
from reportlab.lib.rl_accel import sameFrag
from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth
from reportlab.platypus.paragraph import (FragLine, Paragraph, ParaLines, _handleBulletWidth, cjkU, imgNormV,
                                          imgVRange, textTransformFrags)
from reportlab.platypus.paraparser import ParaParser
from uniseg.linebreak import line_break, line_break_breakables

FUZZ = 1e-6
HYPHENS = "-‐‑–~～"
OPEN_NAME, CLOSE_NAME = "【", "】"
EMPTY_UNIT = "\u200b"  # stands for an image, anchor or <br/> unit in the break analysis


def _is_cjk(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F") and unicodedata.category(ch).startswith("L")


def _alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


@lru_cache(maxsize=4096)
def _opportunities(text: str) -> tuple[bool, ...]:
    return tuple(_compute_opportunities(text))


def break_opportunities(text: str) -> list[bool]:
    """``allowed[i]`` is True when a line may start at ``text[i]`` (never at 0).

    Cached: platypus wraps a paragraph several times (frames, KeepInFrame, table cells)."""
    return list(_opportunities(text))


# CJK Unified Ideographs: every code point of the block has the line-breaking class ID, and UAX #14
# allows a break between two of them whatever comes before (the rules that look further back, LB8
# and LB14-LB17, do so only across spaces). So the text is cut between neighbouring hanzi and only
# the pieces with anything else in them go through uniseg: the same answer for a fraction of the work.
_HAN_RUN = re.compile("[\u4e00-\u9fff]+")


def uax14_breaks(text: str) -> list[bool]:
    """``line_break_breakables(text)`` as booleans, computed piecewise (see ``_HAN_RUN``)."""
    n = len(text)
    allowed = [False] * n
    start = 0  # the piece from here (a hanzi, or the text's start) to the next run of hanzi
    for m in _HAN_RUN.finditer(text):
        s, e = m.span()
        if s > start:
            _piece(text, start, s + 1, allowed)
        allowed[s + 1:e] = [True] * (e - s - 1)
        start = e - 1
    if n - start > 1:
        _piece(text, start, n, allowed)
    return allowed


def _piece(text: str, start: int, end: int, allowed: list[bool]) -> None:
    """uniseg's answers for ``text[start:end]`` from its second position on (its first is the
    piece before's, or the text's start). A hanzi at either end counts only by its class, so it
    is replaced by 一 for the cache: the pieces between hanzi (，、 （ AI …) repeat all through a report."""
    piece = text[start:end]
    if "\u4e00" <= piece[0] <= "\u9fff":
        piece = "\u4e00" + piece[1:]
    if "\u4e00" <= piece[-1] <= "\u9fff":
        piece = piece[:-1] + "\u4e00"
    allowed[start + 1:end] = _piece_breaks(piece)


@lru_cache(maxsize=4096)
def _piece_breaks(piece: str) -> list[bool]:
    flags = line_break_breakables(piece)
    next(flags)
    return [bool(b) for b in flags]


def _compute_opportunities(text: str) -> list[bool]:
    n = len(text)
    if not n:
        return []
    allowed = uax14_breaks(text)
    allowed[0] = False
    # only the few places next to a bracket, a hyphen or a space are looked at (text.find and
    # regular expressions instead of a Python loop over every character)
    if OPEN_NAME in text:
        depth, since = 0, 0
        for m in _NAME_BRACKET.finditer(text):
            i = m.start()
            if text[i] == OPEN_NAME:
                if depth == 0:
                    since = i + 1
                depth += 1
            elif depth > 0:
                depth -= 1
                if depth == 0:
                    allowed[since:i + 1] = [False] * (i + 1 - since)  # inside 【...】, the closing one too
        if depth > 0:
            allowed[since:] = [False] * (n - since)
    i = text.find("-", 1)
    while 0 < i < n - 1:
        if text[i + 1].isdigit() and _is_cjk(text[i - 1]) and depth_free(text, i):
            allowed[i] = True  # a minus sign after Chinese text (跌幅为-0.57%) may start a line, as + may
        i = text.find("-", i + 1)
    for m in _JOINER.finditer(text, 1):
        i = m.end()
        if i < 2 or i >= n:
            continue
        before, prev, ch = text[i - 2], text[i - 1], text[i]
        if prev in HYPHENS and _alnum(before) and _alnum(ch):
            allowed[i] = False  # 20241209-20241215, 24Q1-Q3
        elif prev in HYPHENS and _is_cjk(before) and ch.isascii() and ch.isalpha():
            allowed[i] = False  # a share-class suffix stays with its name: 中芯国际集成电路制造-U, 九号公司-WD
        elif prev == " " and _is_cjk(ch) and _ends_a_number(text, i - 1):
            allowed[i] = False  # 3400.14 点, 6,500 张, 30 倍 (but CY2024Q3 资本 may break)
    return allowed


_NAME_BRACKET = re.compile(f"[{OPEN_NAME}{CLOSE_NAME}]")
_JOINER = re.compile("[" + re.escape(HYPHENS + " ") + "]")


def depth_free(text: str, i: int) -> bool:
    """True when position ``i`` is not inside a 【stock name】."""
    return text.rfind(OPEN_NAME, 0, i) <= text.rfind(CLOSE_NAME, 0, i)


def _ends_a_number(text: str, end: int) -> bool:
    """True when ``text[:end]`` ends with a number (digits, separators, %), not a word like CY2024Q3."""
    j = end
    while j > 0 and (text[j - 1].isdigit() or text[j - 1] in ".,%％"):
        j -= 1
    return j < end and any(c.isdigit() for c in text[j:end]) and not (j > 0 and _alnum(text[j - 1]))


# classes that may not start a line / may not end one (UAX #14), for a run that must be cut anyway
_NO_START = {"CL", "CP", "NS", "EX", "IS", "SY", "PO"}
_NO_END = {"OP", "PR"}


URL_SEPARATORS = "/_-.&?=#"  # a run cut to fit is best cut after one of these (…ABC.|pdf)


def emergency_break(text: str, start: int, end: int) -> int:
    """Where to cut a run wider than the measure (``start`` < result <= ``end``): the last place
    that neither starts a line with closing punctuation (after the spaces a line start drops: no
    line starts with the ，of ``….pdf ，``) nor ends one with opening punctuation; after a URL's
    separator when there is one in the last third of the run."""
    floor = start + 2 * (end - start) // 3
    for j in range(end, floor, -1):
        if text[j - 1] in URL_SEPARATORS and _may_cut(text, j):
            return j
    for j in range(end, start, -1):
        if _may_cut(text, j):
            return j
    return end


def _may_cut(text: str, j: int) -> bool:
    if str(line_break(text[j - 1])) in _NO_END:
        return False
    k = j
    while k < len(text) and text[k] == " ":
        k += 1
    return k >= len(text) or str(line_break(text[k])) not in _NO_START


def tail_minimum(measure: float, font_size: float) -> float:
    """The shortest last line that is not a widow: a fifth of the measure, at most five characters."""
    return min(0.2 * measure, 5 * font_size)


def _width(units, start: int, end: int) -> float:
    return sum([u._width for u in units[start:end]])  # (cjkU.width is a property over _width)


def _trim(units, start: int, end: int) -> int:
    """``end`` moved back over trailing spaces (they neither print nor count at a line end)."""
    while end > start and units[end - 1] == " ":
        end -= 1
    return end


def split_units(units, allowed: list[bool], widths: list[float], forced: list[bool],
                text: str | None = None) -> list[tuple[int, int, bool]]:
    """Greedy lines ``(start, end, ends_with_br)`` breaking only where ``allowed``; a run longer than
    the measure is the only thing broken elsewhere (between characters, so nothing passes the margin)."""
    lines: list[tuple[int, int, bool]] = []
    n = len(units)
    start = 0
    while start < n:
        while start < n and units[start] == " " and lines:  # a line never starts with a space
            start += 1
        if start >= n:
            break
        measure = widths[min(len(lines), len(widths) - 1)]
        used = 0.0
        pending = 0.0  # spaces not yet followed by a character
        last_ok = None
        end = n
        br = False
        i = start
        while i < n:
            u = units[i]
            if forced[i]:
                end, br = i + 1, True
                break
            if i > start and allowed[i]:
                last_ok = i
            if u == " ":
                pending += u._width
                i += 1
                continue
            if used + pending + u._width > measure + FUZZ and i > start:
                if last_ok is not None and last_ok > start:
                    end = last_ok
                else:  # one run wider than the measure
                    end = emergency_break(text, start, i) if text is not None else i
                break
            used += pending + u._width
            pending = 0.0
            i += 1
        lines.append((start, end, br))
        start = end
    return lines


def avoid_widow(units, allowed, lines, widths, tail_min: float) -> list[tuple[int, int, bool]]:
    """Move the last break earlier so the last line is not a lone short tail, when the line before
    stays at least three fifths full."""
    if len(lines) < 2:
        return lines
    (ps, pe, pbr), (ls, le, lbr) = lines[-2], lines[-1]
    if pbr or _width(units, ls, _trim(units, ls, le)) >= tail_min:
        return lines
    measure_prev = widths[min(len(lines) - 2, len(widths) - 1)]
    measure_last = widths[min(len(lines) - 1, len(widths) - 1)]
    for q in range(pe - 1, ps, -1):
        if not allowed[q] or units[q] == " ":
            continue
        tail = _width(units, q, _trim(units, q, le))
        if tail > measure_last + FUZZ:
            break
        if _width(units, ps, _trim(units, ps, q)) < 0.6 * measure_prev:
            break
        if tail >= tail_min:
            return lines[:-2] + [(ps, q, False), (q, le, lbr)]
    return lines


PAGE_END_LINES = 5  # how many of a page's last lines of a paragraph may be set again to end at a phrase
PAGE_END_OVER = 2  # and how many more lines may go over to the next page for one to end at a phrase


def _whole_words(text: str, spans: list, s: int) -> bool:
    """True when a page break after line ``s - 1`` of ``spans`` falls after a <br/> or at a phrase
    boundary (``break_penalty`` below PENALTY_INSIDE: after ，；：, before （ or 与, at a change between
    hanzi and a Latin word or a number), not between two hanzi, which may split a word (海|外), nor
    between hanzi and the digits after them (风险|10). (A Latin word or a number never breaks at all.)"""
    return spans[s - 1][2] or break_penalty(text, spans[s][0]) < PENALTY_INSIDE


def _fill(units, allowed, start: int, end: int, k: int, m: int, widths: list[float],
          pre: list[float]) -> list | None:
    """``m`` lines (the first is line ``k``) holding ``units[start:end]``, each inside its measure and
    justified within the spacing caps (``_line_shortfall`` nil), the fullest first; or None.
    ``pre``: the units' running widths (``pre[i]`` the width of ``units[:i]``)."""
    measure = widths[min(k, len(widths) - 1)]
    if m == 1:
        return None if _line_shortfall(units, start, end, measure) else [(start, end, False)]
    # the furthest end that may fit (trailing spaces aside), then back from there
    e = min(end - 1, bisect_right(pre, pre[start] + measure + FUZZ, start) + 1)
    while e > start:
        if allowed[e] and units[e] != " " and pre[_trim(units, start, e)] - pre[start] <= measure + FUZZ:
            if _line_shortfall(units, start, e, measure):
                return None  # too loose, and shorter lines only looser
            rest = _fill(units, allowed, e, end, k + 1, m - 1, widths, pre)
            if rest is not None:
                return [(start, e, False)] + rest
        e -= 1
    return None


def _single_line(units, forced: list[bool], q: int, measure: float) -> bool:
    """True when the units from ``q`` on make a single line at ``measure``."""
    n = len(units)
    while q < n and units[q] == " ":
        q += 1
    if True in forced[q:n - 1]:
        return False
    return _width(units, q, _trim(units, q, n)) <= measure + FUZZ


def _page_breaks(units, allowed, text: str, spans: list, widths: list[float], s: int):
    """Where a page's part of a paragraph may end when it keeps ``s`` lines, best first, as (the unit
    the next page starts at, the page's lines set again, or None): the lines' own break, then the
    last phrase boundary of the last line that the last lines (up to PAGE_END_LINES) can end at,
    each justified within the caps."""
    b = spans[s][0]
    yield b, None
    if _whole_words(text, spans, s):
        return
    pre = [0.0]
    for u in units[:b]:
        pre.append(pre[-1] + u._width)
    for m in range(1, min(PAGE_END_LINES, s) + 1):
        if spans[s - m][2]:
            return  # not across a <br/>
        for q in range(b - 1, spans[s - 1][0], -1):
            if not allowed[q] or units[q] == " " or break_penalty(text, q) >= PENALTY_INSIDE:
                continue
            lines = _fill(units, allowed, spans[s - m][0], q, s - m, m, widths, pre)
            if lines is not None:
                yield q, spans[:s - m] + lines
                return


# ---------------------------------------------------------------------- display text (headlines, titles)
# Where a line of a headline or title may end, from best to worst. Chinese has no spaces, so a
# break between two hanzi may split a word (硬|件); punctuation, a change of script (AI|终端) and
# the start of a bracket or of a recommendation (…，|关注…) are phrase boundaries in any week's text.
PHRASE_END = "，、；：。！？,;:!?）)】」》”’—…"
PHRASE_START = "（(【「《“‘"
CUE_WORDS = ("关注", "建议", "看好", "推荐", "重点", "维持", "把握", "布局", "受益", "有望", "迎来", "带动", "推动")
_CUE = re.compile("|".join(map(re.escape, CUE_WORDS)))  # a cue word starting at a position
AFTER_PARTICLE = "的"  # …的|新一轮…
BEFORE_CONJUNCTION = "与和及或并"  # 端侧 AI|与硬件…
PENALTY_PHRASE = 0.0
PENALTY_CUE = 0.08
PENALTY_SCRIPT = 0.12
PENALTY_PARTICLE = 0.2
PENALTY_INSIDE = 0.45  # between two hanzi: may be inside a word
PENALTY_NUMBERED = 0.5  # between hanzi and the digits after them: inside a name (沪深|300, 中证|1000, 截至|1月)
PENALTY_AFTER_NUMBER = 0.2  # between digits and the hanzi after them: a name's end at best (沪深300|比较)
COUNTER = "年月日号季周倍点元亿万个家只张台"  # after digits: part of the number (2025|年, 1|月)


def break_penalty(text: str, i: int) -> float:
    """How bad a line break before ``text[i]`` is for display text (0: a phrase boundary)."""
    prev, ch = text[i - 1], text[i]
    if prev == " " or ch == " ":  # a word space, or only the gap between hanzi and a Latin word
        j, k = i - 1, i
        while j > 0 and text[j] == " ":
            j -= 1
        while k < len(text) - 1 and text[k] == " ":
            k += 1
        if text[j] in PHRASE_END:
            return PENALTY_PHRASE
        if _CUE.match(text, k):
            return PENALTY_CUE
        return PENALTY_SCRIPT if _is_cjk(text[j]) or _is_cjk(text[k]) else PENALTY_PHRASE
    if prev in PHRASE_END:
        return PENALTY_PHRASE
    if ch in PHRASE_START or _CUE.match(text, i):
        return PENALTY_CUE
    if prev in AFTER_PARTICLE or ch in BEFORE_CONJUNCTION:
        return PENALTY_PARTICLE
    if _is_cjk(prev) and _is_cjk(ch):
        return PENALTY_INSIDE
    if (_is_cjk(prev) and ch.isdigit()) or (prev.isdigit() and ch in COUNTER):
        return PENALTY_NUMBERED
    if prev.isdigit() and _is_cjk(ch):
        return PENALTY_AFTER_NUMBER
    return PENALTY_SCRIPT


def worst_break(text: str, spans: list[tuple[int, int, bool]]) -> float:
    """The highest ``break_penalty`` among the line breaks of ``spans`` (0 for one line)."""
    return max((break_penalty(text, s) for s, _, _ in spans[1:]), default=0.0)


def balanced_spans(units, allowed: list[bool], widths: list[float], text: str,
                   lines: int) -> list[tuple[int, int, bool]] | None:
    """``lines`` lines of similar length that end at phrase boundaries where they can, or None.

    Minimises, over the allowed breaks, the squared spare width of every line (so the lines come
    out balanced) plus a penalty per break by ``break_penalty`` (so 端侧 AI 与硬|件 loses to …，|端侧).
    """
    n = len(units)
    starts = [0] + [i for i in range(1, n) if allowed[i] and units[i] != " "]
    penalty = {e: break_penalty(text, e) for e in starts[1:]}
    pre = [0.0]
    for u in units:
        pre.append(pre[-1] + u._width)
    INF = float("inf")

    def line_cost(k: int, s: int, e: int) -> float:
        while s < e and units[s] == " ":
            s += 1
        while e > s and units[e - 1] == " ":
            e -= 1
        if e <= s:
            return INF
        measure = widths[min(k, len(widths) - 1)]
        spare = measure - (pre[e] - pre[s])
        if spare < -FUZZ:
            return INF
        return (spare / measure) ** 2

    # best[k][j]: least cost of lines 0..k-1 when line k starts at starts[j]; back[k][j]: where line k-1 starts
    best: list[dict[int, float]] = [{0: 0.0}]
    back: list[dict[int, int]] = [{}]
    for k in range(1, lines):
        row: dict[int, float] = {}
        prev_of: dict[int, int] = {}
        for j in range(1, len(starts)):
            e = starts[j]
            cand = INF
            for i, c in best[k - 1].items():
                if starts[i] >= e:
                    continue
                total = c + line_cost(k - 1, starts[i], e)
                if total < cand:
                    cand, prev_of[j] = total, i
            if cand < INF:
                row[j] = cand + penalty[e]
        if not row:
            return None
        best.append(row)
        back.append(prev_of)
    final, last = INF, None
    for j, c in best[lines - 1].items():
        total = c + line_cost(lines - 1, starts[j], n)
        if total < final:
            final, last = total, j
    if last is None:
        return None
    cuts = [last]
    for k in range(lines - 1, 0, -1):
        cuts.append(back[k][cuts[-1]])
    bounds = [starts[j] for j in reversed(cuts)] + [n]
    out = []
    for a, b in zip(bounds, bounds[1:]):
        while a < b and units[a] == " " and out:
            a += 1
        out.append((a, b, False))
    return out


# ---------------------------------------------------------------------- reportlab's line pieces, faster
# (font name, size) -> character -> advance width: a registered name always draws the same face
# (fonts.py names a face by its file's path, size and time), and a report's paragraphs share a
# few hundred characters in a few sizes
_char_widths: dict[tuple[str, float], dict[str, float]] = {}


def frag_units(text: str, frag) -> list:
    """``cjkU(ch, frag)`` for every character of ``text``, each distinct character measured once
    per font and size in the process."""
    if hasattr(frag, "cbDefn"):
        return [cjkU(ch, frag, "utf8") for ch in text]
    key = (frag.fontName, frag.fontSize)
    widths = _char_widths.get(key)
    if widths is None:
        if len(_char_widths) > 64:
            _char_widths.clear()
        widths = _char_widths[key] = {}
    out = []
    new = str.__new__
    for ch in text:
        w = widths.get(ch)
        if w is None:
            w = widths[ch] = stringWidth(ch, frag.fontName, frag.fontSize)
        u = new(cjkU, ch)
        u._frag = frag
        u._width = w
        out.append(u)
    return out


def para_line(units, max_width, width_used, extra_space, line_break, calc_bounds):
    """reportlab's ``makeCJKParaLine`` (the same FragLine), comparing each run of units from one
    fragment once instead of unit by unit."""
    words = []
    chars: list = []
    f0 = FragLine()
    max_size = max_ascent = min_descent = 0
    last = None  # the fragment of the previous unit, when it needs no new comparison
    for u in units:
        f = u._frag
        if f is last:
            chars.append(u)
            continue
        font_size = f.fontSize
        cb = getattr(f, "cbDefn", None) if calc_bounds else None
        if getattr(cb, "width", 0):
            descent, ascent = imgVRange(imgNormV(cb.height, font_size), cb.valign, font_size)
        else:
            ascent, descent = getAscentDescent(f.fontName, font_size)
        max_size = max(max_size, font_size)
        max_ascent = max(max_ascent, ascent)
        min_descent = min(min_descent, descent)
        if not sameFrag(f0, f):
            f0 = f0.clone()
            f0.text = "".join(chars)
            words.append(f0)
            chars = []
            f0 = f
        chars.append(u)
        plain = "cbDefn" not in f.__dict__ and "lineBreak" not in f.__dict__
        last = f if plain and f is f0 else None
    if chars:
        f0 = f0.clone()
        f0.text = "".join(chars)
        words.append(f0)
    return FragLine(kind=1, extraSpace=extra_space, wordCount=1, words=words[1:], fontSize=max_size,
                    ascent=max_ascent, descent=min_descent, maxWidth=max_width, currentWidth=width_used,
                    lineBreak=line_break)


def frags_between(frags, start: int, end: int | None) -> list:
    """The fragments holding units ``start``..``end`` (``end`` None: to the last) of a paragraph
    whose units are its fragments' characters, a fragment without text being one unit; a fragment
    cut there is a copy with its part of the text."""
    out = []
    at = 0
    for f in frags:
        text = f.text
        if isinstance(text, bytes):
            text = text.decode("utf8")
        size = len(text) or 1
        lo, hi = max(start, at), size + at if end is None else min(end, at + size)
        if lo < hi:
            out.append(f if (lo, hi) == (at, at + size) else f.clone(text=text[lo - at:hi - at]))
        at += size
    return out


class CJKParagraph(Paragraph):
    """A Paragraph (style ``wordWrap='CJK'``) broken and justified by the rules of this module.

    ``balanced`` (headlines, titles: short display text) sets the same number of lines as the
    greedy fill, but balanced and broken at phrase boundaries (``balanced_spans``)."""

    balanced = False
    spare_line = False  # balanced text may take one more line rather than break inside a word (a headline)

    def _setup(self, text, style, bulletText, frags, cleaner):
        # text without markup (no tag, no entity: most of a report's paragraphs, every cell and
        # label) is one fragment in the style's font: the parser's own fragment for the style,
        # with this text, instead of a pass of the HTML parser per paragraph
        if frags is None and type(text) is str and "<" not in text and "&" not in text:
            cleaned = cleaner(text)
            template = plain_fragment(style) if cleaned else None
            if template is not None:
                frag = copy(template)
                for key, value in template.__dict__.items():
                    if type(value) is list:  # (link, us_lines) each paragraph's own, as the parser's are
                        setattr(frag, key, list(value))
                frag.text = cleaned
                frags = [frag]
                textTransformFrags(frags, style)
                text = cleaned
        super()._setup(text, style, bulletText, frags, cleaner)

    def breakLinesCJK(self, maxWidths):
        if not isinstance(maxWidths, (list, tuple)):
            maxWidths = [maxWidths]
        style = self.style
        self.height = 0
        # platypus wraps a paragraph several times at the same width (a frame, a table's measuring
        # and drawing, KeepInFrame): the lines of the last width are kept and given again
        key = (tuple(maxWidths), self.bulletText, len(self.frags))
        _handleBulletWidth(self.bulletText, style, maxWidths)
        if hasattr(self, "blPara") and getattr(self, "_splitpara", 0):
            return self.blPara
        memo = self.__dict__.get("_wb_lines")
        if memo is not None and _same_measure(memo[0], key):
            return memo[1]
        result = self._break_lines_cjk(maxWidths)
        self._wb_lines = (key, result)
        return result

    def _units(self) -> tuple[list, str, list[bool]]:
        """The paragraph's units (a character each; an image, an anchor or a <br/> a unit without
        text), their text for the break analysis (such a unit as EMPTY_UNIT) and which are <br/>s."""
        units = []
        pieces = []
        forced = []  # a <br/> ends its line
        for f in self.frags:
            text = f.text
            if isinstance(text, bytes):
                text = text.decode("utf8")
            if text:
                units.extend(frag_units(text, f))
                pieces.append(text)
                forced.extend([False] * len(text))
            else:
                units.append(cjkU(text, f, "utf8"))
                pieces.append(EMPTY_UNIT)
                forced.append(hasattr(f, "lineBreak"))
        return units, "".join(pieces), forced

    def _break_lines_cjk(self, maxWidths):
        style = self.style
        units, text, forced = self._units()
        if not units:
            return ParaLines(kind=0, fontSize=style.fontSize, fontName=style.fontName, textColor=style.textColor,
                             lines=[], ascent=style.fontSize, descent=-0.2 * style.fontSize)
        allowed = break_opportunities(text)
        widths = list(maxWidths)
        spans = split_units(units, allowed, widths, forced, text)
        if self.balanced and len(spans) > 1 and not any(forced) and all(allowed[s] for s, _, _ in spans[1:]):
            best = balanced_spans(units, allowed, widths, text, len(spans)) or spans
            if self.spare_line and worst_break(text, best) >= PENALTY_INSIDE:
                # every layout in as many lines cuts a word: one more line, if that breaks only at phrases
                more = balanced_spans(units, allowed, widths, text, len(spans) + 1)
                if more is not None and worst_break(text, more) < PENALTY_INSIDE:
                    best = more
            spans = best
        else:
            spans = avoid_widow(units, allowed, spans, widths, tail_minimum(widths[-1], style.fontSize))
        return self._set_lines(units, allowed, spans, widths)

    def _set_lines(self, units, allowed, spans, widths, stretch_last: bool = False) -> ParaLines:
        """The lines ``spans`` of ``units`` as reportlab's FragLines, justified (the last one too with
        ``stretch_last``: the part of a paragraph that goes on on the next page)."""
        style = self.style
        calc_bounds = getattr(self, "autoLeading", getattr(style, "autoLeading", "")) not in ("", "off")
        lines = []
        justify = style.alignment == TA_JUSTIFY
        # the spacing cap's measure (see _capped_spacing)
        smallest = self.frags[0].fontSize if len(self.frags) == 1 else min(f.fontSize for f in self.frags)
        last = len(spans) if stretch_last else len(spans) - 1  # the last line is set left, never stretched
        eased = set()
        k = 0
        while k < len(spans):
            s, e, br = spans[k]
            measure = widths[min(k, len(widths) - 1)]
            e = _trim(units, s, e)
            used = _width(units, s, e)
            line_units, gaps = _with_tight_runs(units[s:e])
            if justify and not br and k < last and measure - used > GAP_CAP * smallest * gaps + FUZZ:
                if k > 0 and k not in eased and _shortfall(line_units, measure - used, gaps):
                    # too loose to justify: a few characters of the lines before may fill it
                    eased.add(k)
                    better = _ease(units, allowed, spans, k, widths)
                    if better is not None:
                        k = next(j for j, (a, b) in enumerate(zip(spans, better)) if a != b)
                        spans = better
                        del lines[k:]
                        continue
                if gaps > 0:  # a line of one Latin run (a piece of a URL) has none: it ends short
                    line_units = _capped_spacing(line_units, measure - used, gaps)
            line = para_line(line_units, measure, used, measure - used, br, calc_bounds)
            # justification spreads the spare width over ``gaps`` gaps between characters (see beginText)
            nbsp = line_units.count("\xa0")
            line.wordCount = max(1, gaps + 1 - nbsp)
            lines.append(line)
            k += 1
        result = ParaLines(kind=1, lines=lines)
        result.unit_starts = [s for s, _, _ in spans]  # where each line starts in the units (see split)
        result.spans, result.widths = spans, widths
        return result

    def wrap(self, availWidth, availHeight):
        width, height = super().wrap(availWidth, availHeight)
        foot = self.__dict__.get("_page_foot")  # a split's first part that leaves lines free below it
        if foot is not None and foot > height:
            self.height = height = foot
        return width, height

    def split(self, availWidth, availHeight):
        parts = super().split(availWidth, availHeight)
        if len(parts) == 2:
            parts = self._split_for_next_page(parts, availWidth, availHeight)
        if len(parts) == 2:
            starts = getattr(getattr(self, "blPara", None), "unit_starts", None)
            first = parts[0].blPara
            if starts is not None and getattr(first, "unit_starts", None) is None:
                first.unit_starts = starts[:len(first.lines)]
        return parts

    def _split_for_next_page(self, parts: list, availWidth: float, availHeight: float) -> list:
        """reportlab's split (``parts``, its widow and orphan rules judged at this page's width) judged
        again on the rest as the next page sets it, at that page's width (page 1's main column is
        narrower than the later pages' body): a rest that would make a single line there takes more
        lines over (the whole paragraph goes over when too few would stay). And the page break falls
        where it splits no word (``_whole_words``): the last lines on this page are set again to end
        at a phrase boundary, each still justified within the caps, else a line or two more go over;
        a paragraph with no such place within reach breaks where its lines do."""
        style = self.style
        blPara = self.blPara
        spans = getattr(blPara, "spans", None)
        if (spans is None or len(spans) != len(blPara.lines) or style.leading <= 0
                or getattr(self, "autoLeading", getattr(style, "autoLeading", "")) not in ("", "off")):
            return parts
        units, text, forced = self._units()
        if len(units) != spans[-1][1]:
            return parts
        no_widows = not getattr(self, "allowWidows", getattr(style, "allowWidows", 1))
        fewest = 1 if getattr(self, "allowOrphans", getattr(style, "allowOrphans", 0)) else 2
        allowed = break_opportunities(text)
        widths = blPara.widths
        rest_measure = self._next_width(availWidth) - style.leftIndent - style.rightIndent
        fallback = None
        for s in range(len(parts[0].blPara.lines), fewest - 1, -1):
            for q, head in _page_breaks(units, allowed, text, spans, widths, s):
                if no_widows and _single_line(units, forced, q, rest_measure):
                    continue
                if head is None and not _whole_words(text, spans, s):
                    fallback = fallback or (s, q, head)
                    continue
                return self._parts_at(parts, s, q, head, units, allowed, widths, availWidth, availHeight)
            if fallback is not None and s <= fallback[0] - PAGE_END_OVER:
                break  # as many lines more over found no phrase boundary either
        if fallback is not None:
            return self._parts_at(parts, *fallback, units, allowed, widths, availWidth, availHeight)
        del self.blPara  # too few lines would stay on this page: the paragraph goes over whole
        return []

    def _next_width(self, availWidth: float) -> float:
        """The width of the frame the rest of a split goes to (during a build: the next page's body,
        as the document's page templates say), else ``availWidth``."""
        doc = getattr(getattr(self, "canv", None), "_doctemplate", None)
        try:
            frame = doc._peekNextFrame()
            return frame._width - frame._leftPadding - frame._rightPadding
        except (AttributeError, IndexError, TypeError, ValueError):
            return availWidth

    def _parts_at(self, parts, s: int, q: int, head, units, allowed, widths, availWidth: float,
                  availHeight: float) -> list:
        """The two parts of a split after ``s`` lines, the next page's part starting at unit ``q``;
        ``head``: this page's lines when set again to end there. This page's part takes the height
        it was given, so the rest goes on on the next page, not below it in the lines left free."""
        if s != len(parts[0].blPara.lines):
            parts = super().split(availWidth, s * self.style.leading + FUZZ)
            if len(parts) != 2:
                return parts
        elif head is None:
            return parts
        if head is None:
            parts[0]._page_foot = availHeight
            return parts
        one, two = parts
        first = self.__class__(None, one.style, bulletText=self.bulletText, frags=frags_between(self.frags, 0, q))
        first.blPara = self._set_lines(units, allowed, head, widths, stretch_last=True)
        first._JustifyLast = True
        first._splitpara = 1
        first.height, first.width = one.height, one.width
        first._page_foot = availHeight
        rest = self.__class__(None, two.style, bulletText=None, frags=frags_between(self.frags, q, None))
        if hasattr(self, "autoLeading"):
            first.autoLeading = rest.autoLeading = self.autoLeading
        return [first, rest]

    def _get_split_blParaFunc(self):
        """The fragments of lines ``start``..``stop`` for a split: the paragraph's own fragments cut
        where those lines start, not the lines' words (reportlab's way, which ends each line with a
        space and carries the justification's spacing markers, so the part set again on the next
        page, often at another width, would keep this page's line ends as gaps and its spacing)."""
        default = super()._get_split_blParaFunc()

        def frags_of(blPara, start, stop):
            starts = getattr(blPara, "unit_starts", None)
            if starts is None or len(starts) != len(blPara.lines):
                return default(blPara, start, stop)
            return frags_between(self.frags, starts[start], starts[stop] if stop < len(starts) else None)

        return frags_of

    def beginText(self, x, y):
        tx = self.canv.beginText(x, y)
        # reportlab justifies with word spacing (Tw), which widens only ASCII spaces; character
        # spacing (Tc) widens every gap, so a justified Chinese line ends exactly at the measure
        tx.setWordSpace = tx.setCharSpace
        self.canv.setNamedCB(TIGHT_CB, _tight_run)
        self.canv.setNamedCB(SPACING_CB, _set_spacing)
        return tx


_plain_fragments: dict[int, tuple[object, object]] = {}  # id(style) -> (style, the parser's fragment or None)
_PROBE = "x"


def plain_fragment(style):
    """The fragment reportlab's parser makes of text without markup in ``style`` (its text aside),
    or None when that is not one plain fragment of the text as given."""
    known = _plain_fragments.get(id(style))
    if known is not None and known[0] is style:
        return known[1]
    parser = ParaParser()
    parser.caseSensitive = 1
    got_style, frags, bullet_frags = parser.parse(_PROBE, style)
    frag = None
    if (got_style is style and frags is not None and len(frags) == 1 and not bullet_frags
            and frags[0].text == _PROBE and not getattr(frags[0], "greek", 0)
            and not hasattr(frags[0], "cbDefn") and not hasattr(frags[0], "lineBreak")):
        frag = frags[0]
    if len(_plain_fragments) > 256:
        _plain_fragments.clear()
    _plain_fragments[id(style)] = (style, frag)
    return frag


def _same_measure(a: tuple, b: tuple) -> bool:
    """Two wrap keys equal but for float noise in the widths: a table measures a cell as its column
    width less the padding, and draws it at the difference of two column positions (27.57050823192556
    and 27.57050823192554 points), which must not break the paragraph a second time."""
    if a[1:] != b[1:] or len(a[0]) != len(b[0]):
        return False
    return all(abs(x - y) <= 1e-9 for x, y in zip(a[0], b[0]))


class DisplayParagraph(CJKParagraph):
    """Headlines and titles: balanced lines broken at phrase boundaries (see ``balanced_spans``)."""

    balanced = True


TIGHT_CB = "workbench_tight_run"


def _tight_run(canvas, kind, label) -> None:
    """Inside a Latin or digit run no extra spacing: switch it off at the run, back on for its last glyph."""
    tx = canvas._curr_tx_info["tx"]
    if label == "off":
        tx._workbench_cs = getattr(tx, "_charSpace", 0)
        tx.setCharSpace(0)
    else:
        tx.setCharSpace(getattr(tx, "_workbench_cs", 0))


def _marker(unit, label: str):
    frag = unit.frag.clone()
    frag.text = ""
    frag.cbDefn = ABag(kind="onDraw", name=TIGHT_CB, label=label, width=0)
    return cjkU("", frag, "utf8")


# a Latin or digit run's characters: printable ASCII but the space ("!" <= ch <= "~", compared in C)
_RUN_FIRST, _RUN_LAST = "!", "~"


def _with_tight_runs(line_units: list) -> tuple[list, int]:
    """The line's units with markers around each Latin/digit run (3400.14, GPU, +0.95%), so the
    justification never letter-spaces a number or a word; and the number of gaps left to stretch
    (none in a line that is one run, such as a piece of a URL cut at '/': it ends short)."""
    printed = [u for u in line_units if u]
    if len(printed) < 2:
        return line_units, max(0, len(printed) - 1)
    # a unit is one character or none (a marker, an image)
    in_run = [_RUN_FIRST <= u <= _RUN_LAST for u in line_units]
    if True not in in_run:
        return line_units, len(printed) - 1
    out: list = []
    gaps = len(printed) - 1
    i, n = 0, len(line_units)
    while i < n:
        u = line_units[i]
        if not in_run[i]:
            out.append(u)
            i += 1
            continue
        j = i
        while j + 1 < n and in_run[j + 1]:
            j += 1
        if j == i:
            out.append(u)
            i += 1
            continue
        run = line_units[i:j + 1]
        gaps -= len(run) - 1
        out += [_marker(u, "off"), *run[:-1], _marker(u, "on"), run[-1]]
        i = j + 1
    if gaps <= 0:  # nothing but one run: nothing to stretch
        return line_units, 0
    return out, gaps


# Justification and searchable text: poppler (pdftotext, Evince, Okular and the search indexers
# built on it) starts a new word, and so reads a space, wherever the gap between two glyphs is wider
# than a tenth of the font size (its TextOutputDev's minWordBreakSpace; pdf.js's threshold is about
# the same). So a justified line spreads its spare width evenly over every gap between its
# characters, each at most GAP_CAP of the font size, after a pause mark as anywhere else: 周涨跌幅,
# 点，周涨跌幅 and 互联网：国内 copy and search as typed. Latin words and numbers keep their own
# spacing (see _with_tight_runs). What is left over goes to the gaps beside a typed space
# (报收 2204.90 点), which every reader takes for the one space that is there, each up to
# SPACE_GAP_CAP (wider, poppler takes the line for two columns and reorders the text), never
# before a closing mark nor after an opening one (_open_gap); a line that still falls short takes
# characters from the lines before it (_ease), else is left that much short of the margin.
GAP_CAP = 0.09
SPACE_GAP_CAP = 0.25
SPACING_CB = "workbench_spacing"
_PAUSE = set("，。；：、！？,;:!? ")
_AFTER = _PAUSE | set("）】」》”’)")  # a gap after these may read as a space
_BEFORE = set("（【「《“‘( ")  # and one before these
_CLOSING = _AFTER - {" "}  # but never one before these: （高）|。 stays tight
_OPENING = _BEFORE - {" "}  # nor one after these: （“端侧”） stays tight


def _open_gap(a: str, b: str) -> bool:
    """True when the gap between the printed characters ``a`` and ``b`` may read as a space."""
    return (a in _AFTER or b in _BEFORE) and b not in _CLOSING and a not in _OPENING


def _wide_gap(a: str, b: str) -> bool:
    """True when the gap between the printed characters ``a`` and ``b`` may take more than GAP_CAP:
    beside a typed space, where it may open (``_open_gap``)."""
    return (a == " " or b == " ") and _open_gap(a, b)


def _set_spacing(canvas, kind, label) -> None:
    """Set the character spacing (Tc) from here on to ``label`` points."""
    canvas._curr_tx_info["tx"].setCharSpace(label)


def _spacing_marker(unit, value: float):
    frag = unit.frag.clone()
    frag.text = ""
    frag.cbDefn = ABag(kind="onDraw", name=SPACING_CB, label=value, width=0)
    return cjkU("", frag, "utf8")


def _gaps(line_units: list) -> tuple[float, list[int], list[int]]:
    """The line's cap in points (GAP_CAP of its smallest font), the indexes of the printed characters
    that stretch the gap after them (not those inside a tight run, between its "off" and "on"
    markers, nor the last) and of those among them whose gap may be wide (``_wide_gap``)."""
    printed = [u for u in line_units if u]
    cap = GAP_CAP * min(u._frag.fontSize for u in printed)
    stretch: list[int] = []
    tight = False
    last_printed = max(i for i, u in enumerate(line_units) if u)
    for i, u in enumerate(line_units):
        if not u:
            cb = getattr(u._frag, "cbDefn", None)
            if cb is not None and getattr(cb, "name", None) == TIGHT_CB:
                tight = cb.label == "off"
            continue
        if not tight and i < last_printed:
            stretch.append(i)
    nxt: dict[int, str] = {}
    following = None
    for i in range(len(line_units) - 1, -1, -1):
        if line_units[i]:
            nxt[i] = following
            following = str(line_units[i])
    return cap, stretch, [i for i in stretch if _wide_gap(str(line_units[i]), nxt[i])]


def _shortfall(line_units: list, spare: float, gaps: int) -> float:
    """How far the line stays short of its measure once every gap has taken what it may."""
    if spare < -FUZZ:
        return float("inf")
    if gaps <= 0:
        return spare
    cap, stretch, wide_at = _gaps(line_units)
    if spare <= cap * gaps + FUZZ:
        return 0.0
    short = spare - cap * len(stretch) - (SPACE_GAP_CAP / GAP_CAP - 1) * cap * len(wide_at)
    return short if short > FUZZ else 0.0


def _line_shortfall(units, start: int, end: int, measure: float) -> float:
    """``_shortfall`` of the line ``units[start:end]``, counted without building its markers."""
    end = _trim(units, start, end)
    spare = measure - _width(units, start, end)
    if spare < -FUZZ:
        return float("inf")
    printed = [u for u in units[start:end] if u]
    if len(printed) < 2:
        return spare if spare > FUZZ else 0.0
    cap = GAP_CAP * min(u._frag.fontSize for u in printed)
    # a gap stretches unless it lies inside a Latin/digit run (see _with_tight_runs); a line that is
    # one run stretches none
    in_run = [_RUN_FIRST <= u <= _RUN_LAST for u in printed]
    stretch = [i for i in range(len(printed) - 1) if not (in_run[i] and in_run[i + 1])]
    if spare <= cap * len(stretch) + FUZZ:
        return 0.0
    n_wide = sum(1 for i in stretch if _wide_gap(printed[i], printed[i + 1]))
    short = spare - cap * len(stretch) - (SPACE_GAP_CAP / GAP_CAP - 1) * cap * n_wide
    return short if short > FUZZ else 0.0


def _ease(units, allowed, spans: list, k: int, widths: list[float], depth: int = 2) -> list | None:
    """``spans`` with line ``k`` (too loose to justify within the caps) filled by the last characters
    of the line before, which may in turn take some from the one before it (``depth`` more lines);
    None when that leaves a line too loose or too wide. Every line it changes justifies fully."""
    ps, _, pbr = spans[k - 1]
    s, e, br = spans[k]
    if pbr:
        return None
    measure = widths[min(k, len(widths) - 1)]
    for q in range(s - 1, ps, -1):
        if not allowed[q] or units[q] == " ":
            continue
        if _width(units, q, _trim(units, q, e)) > measure + FUZZ:
            return None  # the moved characters no longer fit
        if _line_shortfall(units, q, e, measure):
            continue  # not filled yet: move one more piece down
        trial = spans[:k - 1] + [(ps, q, False), (q, e, br)] + spans[k + 1:]
        if not _line_shortfall(units, ps, q, widths[min(k - 1, len(widths) - 1)]):
            return trial
        return _ease(units, allowed, trial, k - 1, widths, depth - 1) if depth and k > 1 else None
    return None


def _capped_spacing(line_units: list, spare: float, gaps: int) -> list:
    """The line's units with spacing markers when spreading ``spare`` evenly over its ``gaps`` gaps
    would pass GAP_CAP: every gap then takes GAP_CAP, the gaps beside a typed space (``_wide_gap``)
    the rest."""
    cap, stretch, wide_at = _gaps(line_units)
    if spare <= cap * gaps + FUZZ:
        return line_units  # reportlab's even spacing (spare / gaps) stays below the cap
    wide = cap
    if wide_at:
        wide = cap + min((spare - cap * len(stretch)) / len(wide_at), SPACE_GAP_CAP * cap / GAP_CAP - cap)
    markers: dict[tuple[int, float], object] = {}  # one marker a fragment and value (each draws as its own word)

    def marker(u, value: float):
        key = (id(u._frag), value)
        if key not in markers:
            markers[key] = _spacing_marker(u, value)
        return markers[key]

    out = [marker(next(u for u in line_units if u), cap)]
    opened = set(wide_at)
    for i, u in enumerate(line_units):
        if i in opened:
            out += [marker(u, wide), u, marker(u, cap)]
        else:
            out.append(u)
    return out


@lru_cache(maxsize=64)
def glyph_extent(font_name: str, ch: str) -> tuple[float, float]:
    """Where the ink of ``ch`` starts and ends in its advance, in em (from the TrueType glyph box);
    (0, 1) when the font cannot tell. Full-width punctuation is centred in some faces, not in others."""
    import struct

    from reportlab.pdfbase import pdfmetrics

    try:
        face = pdfmetrics.getFont(font_name).face
        glyph = face.charToGlyph[ord(ch)]
        at = face.table["glyf"]["offset"] + face.glyphPos[glyph]
        _, x_min, _, x_max, _ = struct.unpack(">hhhhh", face._ttf_data[at:at + 10])
        em = float(face.unitsPerEm)
        return x_min / em, x_max / em
    except (AttributeError, KeyError, IndexError, struct.error, TypeError):
        return 0.0, 1.0


class NumberedParagraph(CJKParagraph):
    """A numbered item (``1）text``) with a hanging indent: the number sits in the indent, the text
    of every line starts at the same place, and the full-width ``）`` hugs the number."""

    label: str = ""
    paren_shift: float = 0.0  # em: how far the ``）`` is pulled left onto its number

    @classmethod
    def numbered(cls, number: int, text: str, style) -> "NumberedParagraph":
        from reportlab.lib.styles import ParagraphStyle
        from reportlab.pdfbase.pdfmetrics import stringWidth

        label = f"{number}）"
        left, right = glyph_extent(style.fontName, "）")
        shift = max(0.0, left - 0.05)  # keep the usual sliver of side bearing after the digit
        hang = stringWidth(str(number), style.fontName, style.fontSize) + (right - shift + 0.2) * style.fontSize
        st = ParagraphStyle(f"{style.name}-n{len(str(number))}", parent=style, leftIndent=style.leftIndent + hang,
                            firstLineIndent=0)
        p = cls(text, st)
        p.label = label
        p.label_x = style.leftIndent
        p.paren_shift = shift
        return p

    def split(self, availWidth, availHeight):
        parts = super().split(availWidth, availHeight)
        for k, part in enumerate(parts):
            part.label = self.label if k == 0 else ""
            part.label_x = getattr(self, "label_x", 0)
            part.paren_shift = self.paren_shift
        return parts

    def draw(self):
        self._draw_label()  # first, so copy-paste and screen readers get the number before the text
        super().draw()

    def _draw_label(self) -> None:
        if not self.label or not getattr(self, "blPara", None) or not self.blPara.lines:
            return
        from reportlab.pdfbase.pdfmetrics import stringWidth

        st = self.style
        first = self.blPara.lines[0]
        # the first baseline exactly where Paragraph.drawPara puts it
        y = self.height - (first.fontSize if rl_config.paraFontSizeHeightOffset else getattr(first, "ascent", first.fontSize))
        digits = self.label[:-1]
        c = self.canv
        c.saveState()
        c.setFillColor(st.textColor)
        t = c.beginText(self.label_x, y)
        t.setFont(st.fontName, st.fontSize)
        t.textOut(digits)
        t.moveCursor(stringWidth(digits, st.fontName, st.fontSize) - self.paren_shift * st.fontSize, 0)
        t.textOut(self.label[-1])
        c.drawText(t)
        c.restoreState()
