"""Sort keys for the table models: one number per row and column, kept until the column's values change.

A column's key is an array in the model's load (report) order: the value itself for numbers,
the rank of the text for text columns (in the Chinese collation for names), NaN where the cell
is empty. Sorting is then one stable argsort (missing values last, equal values in report order)
instead of a Python comparison per pair of rows.

Ranking 50,000 names with the collator's compare() alone costs close to a million calls into Qt.
``CollationOrder`` first puts the texts nearly in order with a key Python compares natively
(each character replaced by its own rank in the collation, digit runs padded so that numbers
compare by value), then sorts them with the collator itself: on nearly sorted input Python's
sort makes about one comparison per text, and the result is exactly the collator's order.
numpy is imported on the first sort, never on the way to the first screen.
"""

from __future__ import annotations

import re
from functools import cmp_to_key
from typing import Callable, Iterable

_DIGITS = re.compile(r"\d+")
_STAND_IN = 0x10000  # stand-in characters for ranks, above the BMP: never mixed with real text
_FEW = 64  # new texts inserted one by one (binary search with the collator) instead of a new sort
_MAX_TEXTS = 500_000  # start afresh past this many remembered texts


def _numpy():
    import numpy

    return numpy


class CollationOrder:
    """The collator's order of every text it was asked about, kept while the app runs.

    ``ranks(texts)`` gives each text a rank: a < b in the collation exactly when rank a < rank b
    (texts the collator finds equal get distinct adjacent ranks).
    """

    def __init__(self, compare: Callable[[str, str], int]):
        self._compare = compare
        self._sort_key = cmp_to_key(compare)
        self._sorted: list[str] = []
        self._rank: dict[str, int] = {}
        self._chars: dict[int, str] = {}  # ord(char) -> stand-in in the collation's order of chars

    def ranks(self, texts: Iterable[str]) -> dict[str, int]:
        rank = self._rank
        new = {t for t in texts if t not in rank}
        if new:
            if len(self._sorted) + len(new) > _MAX_TEXTS:
                self._sorted, self._rank = [], {}
            if self._sorted and len(new) <= _FEW:
                for text in new:
                    self._insert(text)
            else:
                self._sorted = self._sort_all([*self._sorted, *new])
            self._rank = dict(zip(self._sorted, range(len(self._sorted))))
        return self._rank

    def _insert(self, text: str) -> None:
        lo, hi = 0, len(self._sorted)
        compare = self._compare
        while lo < hi:
            mid = (lo + hi) // 2
            if compare(self._sorted[mid], text) <= 0:
                lo = mid + 1
            else:
                hi = mid
        self._sorted.insert(lo, text)

    def _sort_all(self, texts: list[str]) -> list[str]:
        chars = set().union(*texts) if texts else set()
        known = self._chars
        if any(ord(c) not in known for c in chars):
            every = sorted({chr(o) for o in known} | chars, key=self._sort_key)
            self._chars = known = {ord(c): chr(_STAND_IN + i) for i, c in enumerate(every)}

        def pad(match) -> str:
            return match.group().lstrip("0").rjust(24, "0")

        if any(c.isdigit() for c in chars):
            texts.sort(key=lambda t: _DIGITS.sub(pad, t).translate(known))
        else:
            texts.sort(key=lambda t: t.translate(known))  # nearly the collator's order, compared natively
        compare = self._compare
        if not all(compare(a, b) <= 0 for a, b in zip(texts, texts[1:])):
            texts.sort(key=self._sort_key)  # exactly the collator's order, about one compare per text
        return texts


_collation: CollationOrder | None = None


def collation_order() -> CollationOrder:
    """The app's one CollationOrder, over the Chinese collator (pinyin order for hanzi)."""
    global _collation
    if _collation is None:
        from ui.models.columns import collator

        _collation = CollationOrder(collator().compare)
    return _collation


def number_key(values: list):
    """A numeric column's key: the values, NaN where missing or not a number (text a store written
    outside the workbench holds sorts with the missing)."""
    np = _numpy()
    nan = float("nan")
    text = (str, bytes)
    return np.array([nan if v is None or isinstance(v, text) else v for v in values], dtype=float)


def text_key(values: list, *, collate: bool):
    """A text column's key: each text's rank (Chinese collation, or case-folded code points)."""
    np = _numpy()
    texts = [None if v is None or v == "" else str(v) for v in values]
    present = set(texts)
    present.discard(None)
    if collate:
        rank_of = collation_order().ranks(present)
    else:
        folded = {t: t.casefold() for t in present}
        order = {f: i for i, f in enumerate(sorted(set(folded.values())))}
        rank_of = {t: order[f] for t, f in folded.items()}
    nan = float("nan")
    return np.array([nan if t is None else rank_of[t] for t in texts], dtype=float)


def argsort(key, *, descending: bool) -> list[int]:
    """Row order by ``key`` (ascending or descending), missing (NaN) last, ties in load order."""
    np = _numpy()
    return np.argsort(-key if descending else key, kind="stable").tolist()
