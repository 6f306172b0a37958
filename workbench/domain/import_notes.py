"""How an import's change batch records the units it applied to columns whose header states none
(one line per reading, naming its columns): written by the import, read by trace and the app's
数据来源, so the trace of a figure can say how its cell became it."""

from __future__ import annotations

UNIT_NOTE_HEAD = "列标题未注明单位，导入时按 (columns stating no unit, read as): "
AMOUNT_NOTE, RATIO_NOTE = "金额单位", "比率按"


def unit_note_line(what: str, columns) -> str:
    """One line of an import batch's note: a unit applied (``金额单位 万元（--amount-unit 万元）``) and
    the columns it was applied to."""
    return f"{UNIT_NOTE_HEAD}{what}：" + "、".join(f"“{c}”" for c in columns)


def unit_applied(note: str | None, column: str | None, kind: str | None) -> str | None:
    """The unit a batch's note says its import applied to ``column`` (holding a metric of ``kind``),
    or None."""
    mark = {"amount": AMOUNT_NOTE, "ratio": RATIO_NOTE}.get(kind or "")
    if not note or not column or mark is None:
        return None
    for line in note.splitlines():
        if line.startswith(UNIT_NOTE_HEAD) and f"“{column}”" in line:
            what = line[len(UNIT_NOTE_HEAD):].split("：“", 1)[0]
            if what.startswith(mark):
                return what
    return None
