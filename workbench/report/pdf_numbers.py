"""reportlab's number formatting for PDF operators (``fp_str``), remembered per arguments.

Every coordinate, colour, line width and font size reportlab writes into a page goes through
``reportlab.lib.rl_accel.fp_str``, which in pure Python costs a logarithm and a few string
operations per number: about 5,600 calls and a tenth of a demo export's drawing. Two thirds of
them repeat (the table's row positions, colours, widths), so the answers are kept in a dict keyed
on the arguments. The answer depends only on the numbers' values (1, 1.0 and True all print as
``1``), so equal keys always share an answer, and the PDF's bytes do not change. Arguments that
cannot be a key (a list) are formatted as before.

``install()`` puts the remembering version where reportlab's modules look it up (each imported
``fp_str`` by name); modules imported later pick it up from ``rl_accel``.
"""

from __future__ import annotations

import sys

from reportlab.lib import rl_accel

MAX_ENTRIES = 65536  # a few MB at most; a long-running app starts the dict again when full

_original = getattr(rl_accel.fp_str, "__wrapped__", rl_accel.fp_str)
_memo: dict[tuple, str] = {}


def fp_str(*a) -> str:
    """``rl_accel.fp_str(*a)``, remembered."""
    try:
        return _memo[a]
    except KeyError:
        pass
    except TypeError:  # unhashable arguments (a list of numbers)
        return _original(*a)
    text = _original(*a)
    if len(_memo) >= MAX_ENTRIES:
        _memo.clear()
    _memo[a] = text
    return text


fp_str.__wrapped__ = _original


def install() -> None:
    """Use the remembering ``fp_str`` in every loaded reportlab module (once per process)."""
    for name, module in list(sys.modules.items()):
        if (name == "reportlab" or name.startswith("reportlab.")) and module is not None \
                and getattr(module, "fp_str", None) is _original:
            module.fp_str = fp_str
