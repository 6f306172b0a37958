"""Undo steps over rows a settled desk conflict rewrote: kept on the stack, refused when undone or redone.

Settling a conflict (Keep mine / Keep theirs) keeps the analyst's undo history, as a pull does. A step
whose figure, company field or quote the settlement wrote would put back a value from before the
settlement (Keep mine can write back the very row the step left, so the step's own "changed since"
check would let it through): such a step refuses both ways, naming the row and the conflict, and the
stack drops it; every other step undoes as before.
"""

from __future__ import annotations

from workbench.edits import Batch, ChangedSince, SetCompanyField, SetFact, SetQuote

_FIELD_WORDS = {"name": ("简称", "short name"), "full_name": ("全称", "full name"),
                "segment": ("细分板块", "segment"), "industry": ("行业", "industry")}
_STEPS = {"undo": ("未撤销", "undone"), "redo": ("未重做", "redone")}


class SettledRows:
    """The rows one settlement wrote, as the change log names them (read with ``changes_since``)."""

    def __init__(self, conflict_id: int, entries: list[dict]):
        self.conflict_id = conflict_id
        self.facts: set[tuple[str, str, str]] = set()
        self.company_fields: set[tuple[str, str]] = set()
        self.quotes: set[tuple[str, str]] = set()  # (index code or name as logged, date)
        for e in entries:
            if e.get("op") == "update" and e.get("old") == e.get("new"):
                continue  # logged again unchanged (sent back to the desk as it is): nothing written here
            entity = e.get("entity")
            if entity == "fact":
                self.facts.add((e["key1"], e["key2"], e["key3"]))
            elif entity == "company":
                self.company_fields.add((e["key1"], e["key2"]))
            elif entity == "quote":
                self.quotes.add((e["key1"], e["key2"]))

    def __bool__(self) -> bool:
        return bool(self.facts or self.company_fields or self.quotes)

    def touched_by(self, store, edit) -> list:
        """The plain edits of ``edit`` (a step, or a paste's batch) over a row the settlement wrote."""
        if isinstance(edit, Batch):
            return [leaf for e in edit.edits for leaf in self.touched_by(store, e)]
        if isinstance(edit, SetFact):
            return [edit] if edit.key in self.facts else []
        if isinstance(edit, SetCompanyField):
            ticker = edit.ticker
            return [edit] if any(t == ticker and f in (edit.field_name, None, "")
                                 for t, f in self.company_fields) else []
        if isinstance(edit, SetQuote):
            logged = _index_logged_as(store, edit.index_id)
            return [edit] if (logged, edit.date) in self.quotes else []
        return []


def _index_logged_as(store, index_id: int) -> str:
    """How the change log names an index's quotes: its code, else its name, else #id."""
    for index in store.indices():
        if index["id"] == index_id:
            return index.get("code") or index.get("name") or f"#{index_id}"
    return f"#{index_id}"


class SettledStep(Batch):
    """An undo step whose row a settled conflict rewrote: it refuses, naming the row, both ways.

    A ``Batch`` of the step it stands for, so the session still sees what kind of edit it is."""

    def __init__(self, step, leaf, conflict_id: int):
        super().__init__([step], getattr(step, "label", ""))
        self.step = step
        self.leaf = leaf
        self.conflict_id = conflict_id

    def apply(self, store):
        raise ChangedSince(self.refusal(store, "redo"))

    def revert(self, store):
        raise ChangedSince(self.refusal(store, "undo"))

    def refusal(self, store, step: str) -> str:
        """"未撤销：乐鑫科技（688018.SH）营业收入 2023 已在解决团队冲突 #3 时改定，现为 12.3 亿元，予以保留 (…)"."""
        zh_step, en_step = _STEPS[step]
        what, what_en, now = _row_words(store, self.leaf)
        n = self.conflict_id
        return (f"{zh_step}：{what}已在解决团队冲突 #{n} 时改定，现为 {now}，予以保留 "
                f"(nothing was {en_step}: {what_en} was settled in desk conflict #{n}, now {now}; that value is kept)")


def _company(store, ticker: str) -> str:
    try:
        name = store.company(ticker).get("name")
    except Exception:  # a company this store no longer has
        name = None
    return f"{name}（{ticker}）" if name else f"{ticker} "


def _row_words(store, leaf) -> tuple[str, str, str]:
    """The row a step touches in Chinese and English, and its value now as the grid prints it."""
    from workbench.domain.metrics import METRICS, NumberStyle, format_value
    from workbench.domain.periods import period_label

    try:
        style = NumberStyle.lenient((store.house() or {}).get("number_style"))
    except Exception:  # a store without house settings prints in the reference's style
        style = None
    if isinstance(leaf, SetFact):
        m = METRICS.get(leaf.metric)
        row = store.fact_row(*leaf.key)
        value = None if row is None else row.get("value")
        kind = m.kind if m else "price"
        now = "--" if value is None else format_value(kind, value, style=style)
        if m is not None and value is not None and kind in ("amount", "price", "per_share"):
            now += f" {m.display_unit()}"
        period = period_label(leaf.period)
        return (f"{_company(store, leaf.ticker)}{m.zh if m else leaf.metric} {period} ",
                f"{leaf.ticker} {m.en if m else leaf.metric} {period}", now)
    if isinstance(leaf, SetCompanyField):
        zh, en = _FIELD_WORDS.get(leaf.field_name, (leaf.field_name, leaf.field_name))
        try:
            value = store.company(leaf.ticker).get(leaf.field_name)
        except Exception:
            value = None
        return f"{_company(store, leaf.ticker)}的{zh}", f"the {en} of {leaf.ticker}", f"“{value or ''}”"
    index = next((i for i in store.indices() if i["id"] == leaf.index_id), None)
    name = index["name"] if index else f"#{leaf.index_id}"
    row = store.quote_row(leaf.index_id, leaf.date)
    close = "--" if row is None or row.get("close") is None else format_value("price", row["close"], style=style)
    return f"{name} {leaf.date} 的行情", f"the quote of {name} on {leaf.date}", close


def guard_settled_steps(store, stack, settled: SettledRows) -> int:
    """Make every step of ``stack`` (done or undone) over a row ``settled`` wrote refuse; the number marked."""
    if not settled:
        return 0
    marked = 0
    for i in range(stack.count()):
        command = stack.command(i)
        edit = getattr(command, "_edit", None)
        if edit is None or isinstance(edit, SettledStep):
            continue
        touched = settled.touched_by(store, edit)
        if touched:
            command._edit = SettledStep(edit, touched[0], settled.conflict_id)
            marked += 1
    return marked
