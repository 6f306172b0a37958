"""Index identity: a code identifies an index; names that differ only in form are near matches.

沪深300, 沪深300指数, 沪深 300, 沪深３００ and CSI300 are the same name to a reader; an import that
would create one of them beside another (with no code telling them apart) must ask, not guess.
"""

from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"[\s\u3000]+")
_SUFFIXES = ("指数", "INDEX")

# Other spellings of the main A-share indices, after the normalisation of ``name_key``.
_ALIASES = {
    "CSI300": "沪深300", "HS300": "沪深300",
    "上证综指": "上证", "上证综合": "上证", "SSECOMPOSITE": "上证", "SHCOMP": "上证",
    "深证成份": "深证成指", "深证成分": "深证成指", "SZSECOMPONENT": "深证成指",
    "创业板": "创业板指", "CHINEXT": "创业板指",
    "CSI500": "中证500", "CSI1000": "中证1000", "SSE50": "上证50", "STAR50": "科创50",
    "CSIAI": "中证人工智能", "CSIARTIFICIALINTELLIGENCE": "中证人工智能",
}


def name_key(name: str) -> str:
    """The form of an index name that near matches share.

    Full-width letters and digits become half-width (NFKC), whitespace goes, letters are upper
    case, a trailing 指数 / Index goes, and known other spellings (CSI300, 上证综指, ...) map to
    one name.
    """
    text = _SPACE.sub("", unicodedata.normalize("NFKC", name or "")).upper()
    for suffix in _SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix):
            text = text[: -len(suffix)]
            break
    return _ALIASES.get(text, text)


def near_match(a: str, b: str) -> bool:
    """True when two different index names are the same name to a reader."""
    return a != b and name_key(a) == name_key(b)
