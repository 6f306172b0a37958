"""reportlab's number formatting (``fp_str``) and TrueType string widths, the same answers, faster.

Every coordinate, colour, line width and font size reportlab writes into a page goes through
``reportlab.lib.rl_accel.fp_str``, which in pure Python costs a logarithm and a few string
operations per number: about 5,600 calls and a tenth of a demo export's drawing. Two thirds of
them repeat (the table's row positions, colours, widths), so the answers are kept in a dict keyed
on the arguments, and a call not seen before formats each of its numbers from a second dict keyed
on the number (the same row positions and sizes come back in new combinations). The answer
depends only on the numbers' values (1, 1.0 and True all print as ``1``), so equal keys always
share an answer, and the PDF's bytes do not change. Arguments that cannot be a key (a list) are
formatted as before.

reportlab measures TrueType text (line widths, every table figure, each text operator's cursor)
by a generator over the characters; ``string_width_ttf`` adds up the same widths in the same
order through ``map``, so every width is the same float, in a fraction of the time.

``install()`` puts both where reportlab's modules look them up (each imported by name); modules
imported later pick ``fp_str`` up from ``rl_accel``. With ReportLab's C accelerator the C
functions stay.
"""

from __future__ import annotations

import sys
from itertools import repeat

from reportlab.lib import rl_accel

MAX_ENTRIES = 65536  # a few MB at most; a long-running app starts the dicts again when full

_original = getattr(rl_accel.fp_str, "__wrapped__", rl_accel.fp_str)
_memo: dict[tuple, str] = {}
_numbers: dict[float, str] = {}
_NUMBER = (int, float)


def fp_str(*a) -> str:
    """``rl_accel.fp_str(*a)``, remembered."""
    try:
        return _memo[a]
    except KeyError:
        pass
    except TypeError:  # unhashable arguments (a list of numbers)
        return _original(*a)
    parts = []
    for x in a:
        if type(x) not in _NUMBER:  # one sequence of numbers (a tuple), or anything else
            text = _original(*a)
            break
        part = _numbers.get(x)
        if part is None:
            if len(_numbers) >= MAX_ENTRIES:
                _numbers.clear()
            part = _numbers[x] = _original(x)
        parts.append(part)
    else:
        text = " ".join(parts)  # as _original joins its numbers
    if len(_memo) >= MAX_ENTRIES:
        _memo.clear()
    _memo[a] = text
    return text


fp_str.__wrapped__ = _original

_original_width = getattr(rl_accel, "_py_instanceStringWidthTTF", None)


def string_width_ttf(self, text, size, encoding="utf8"):
    """reportlab's pure-Python ``instanceStringWidthTTF``: the same sum in the same order."""
    if not isinstance(text, str):
        text = text.decode(encoding or "utf8")
    face = self.face
    return 0.001 * size * sum(map(face.charWidths.get, map(ord, text), repeat(face.defaultWidth)))


string_width_ttf.__wrapped__ = _original_width


def install() -> None:
    """Use the remembering ``fp_str`` and the faster width in every loaded reportlab module (once
    per process)."""
    for name, module in list(sys.modules.items()):
        if (name == "reportlab" or name.startswith("reportlab.")) and module is not None:
            if getattr(module, "fp_str", None) is _original:
                module.fp_str = fp_str
            if _original_width is not None and getattr(module, "instanceStringWidthTTF", None) is _original_width:
                module.instanceStringWidthTTF = string_width_ttf
