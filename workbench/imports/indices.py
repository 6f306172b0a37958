"""Which stored index each imported quote belongs to; near matches stop the import and ask.

An index is identified by its code. A quote without a code goes to the index of the same name.
An import that would create an index whose name is a near match of another one (沪深300 beside
沪深300指数, CSI300 beside 沪深 300) with no code to tell them apart stops with an
``IndexNearMatch`` problem naming both: the user either says it is the same index
(``map_indices``: file name -> stored index id) or confirms it is a different one
(``confirm_new_indices``), or gives the stored index its code.

A bare six-digit code (000905, as many data terminals export it) is the stored index whose code is
that number with an exchange suffix (000905.SH) when exactly one stored index has that number and
the file's name, if it gives one, is that index's name or a known spelling of it; two stored
indices with that number stop the import naming both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Mapping

from workbench.domain.indices import name_key
from workbench.errors import ImportFailed, Problem
from workbench.imports.headers import text_key


@dataclass(frozen=True)
class IndexNearMatch(Problem):
    """A new index whose name is a near match of an existing (or another new) index.

    ``existing_id`` is None when the other index is itself new in the same import.
    """

    incoming: str = ""
    incoming_code: str | None = None
    existing: str = ""
    existing_code: str | None = None
    existing_id: int | None = None


@dataclass(frozen=True)
class IndexNamedAsAnother(Problem):
    """A stored index's code on a row whose name is another stored index's, not its own."""

    code: str = ""
    name: str = ""          # the name the row gives
    stored_name: str = ""   # the code's own stored name
    other_code: str | None = None
    other_name: str = ""
    stored_id: int | None = None   # the code's own stored index: the answer "the quotes are the code's" maps to it


def named_as_another_message(code: str, name: str, stored_name: str, other_code: str | None,
                             other_name: str, stored_code: str | None = None) -> str:
    """``stored_code``: the stored code a bare ``code`` stands for (000905.SH for 000905), named beside it."""
    other = f"“{other_name}”（{other_code}）" if other_code else f"“{other_name}”（无代码 no code）"
    held, held_en = (f"（{stored_code}）", f" ({stored_code})") if stored_code and stored_code != code else ("", "")
    return (f"代码 {code} 在库中为“{stored_name}”{held}，而文件中的名称“{name}”是另一个指数 {other} 的名称，未导入："
            f"是代码输错了，还是确为 {code} 的行情？若是输错，请改正文件中的代码；若确为 {code}，加 "
            f"--same-index {name}={code} (the code {code} is stored as “{stored_name}”{held_en}, but the row names another "
            f"index, {other_name}; nothing was imported: correct the code in the file, or confirm the quotes are "
            f"{code}'s with --same-index {name}={code})")


_BARE_CODE = re.compile(r"\d{6}")


def same_number(code: str | None, indices: Iterable[dict]) -> list[dict]:
    """The stored indices whose code is the bare six-digit ``code`` with an exchange suffix
    (000905 -> 000905.SH); none for a code that is not bare, in store order."""
    if not code or not _BARE_CODE.fullmatch(code):
        return []
    return [i for i in indices if i["code"] and "." in i["code"] and i["code"].split(".", 1)[0] == code]


def ambiguous_code_message(code: str, candidates: list[dict], name: str | None) -> str:
    listed = "、".join(f"“{i['name']}”（{i['code']}）" for i in candidates)
    listed_en = ", ".join(f"{i['name']} ({i['code']})" for i in candidates)
    named = f"（文件中的名称“{name}”）" if name else " "
    return (f"代码 {code}{named}在库中对应多个指数：{listed}，未导入：请在文件中写出带交易所后缀的代码（如 "
            f"{candidates[0]['code']}）(the code {code} is the number of several stored indices, {listed_en}; "
            f"nothing was imported: write the code with its exchange suffix in the file, e.g. {candidates[0]['code']})")


def bare_code_named_otherwise_message(code: str, name: str, stored: dict) -> str:
    return (f"代码 {code} 在库中为“{stored['name']}”（{stored['code']}），而文件中的名称为“{name}”，未导入：若是同一指数，加 "
            f"--same-index {name}={stored['code']}；若确为另一指数，加 --new-index {name}，或在文件中写出带交易所后缀的代码 "
            f"(the code {code} is stored as {stored['name']} ({stored['code']}), but the file names it {name}; "
            f"nothing was imported: if it is the same index, use --same-index {name}={stored['code']}; if it is "
            f"another index, use --new-index {name} or write its code with the exchange suffix)")


def name_of_another_code_message(name: str, stored_code: str, code: str) -> str:
    """A stored index's name on a row with a code no stored index has: the ways on (``--same-index``
    cannot map a row to an index whose code differs, and there is no second index to merge)."""
    return (f"指数名称“{name}”已属于代码 {stored_code}，文件中为 {code}，未导入：若文件中的代码输错了，请改正文件中的代码；"
            f"若该指数的代码已改为 {code}，先改库中的代码再导入：workbench index code {name} {code}；若 {code} 是另一个"
            f"指数，请在文件中写出它自己的名称 (the name {name} belongs to the index {stored_code}, the file gives "
            f"{code}; nothing was imported: correct the code in the file if it is mistyped; if the index's code is "
            f"now {code}, give it that code first, workbench index code {name} {code}, and import again; if {code} "
            f"is another index, write its own name in the file)")


class IndicesToConfirm(ImportFailed):
    """An import stopped only by near-matching index names: ask the user, then import again with
    ``confirm_new_indices`` or ``map_indices``."""

    @property
    def near_matches(self) -> list[IndexNearMatch]:
        return [p for p in self.problems if isinstance(p, IndexNearMatch)]


def near_match_message(incoming: str, incoming_code: str | None, existing: str, existing_code: str | None,
                       existing_is_new: bool) -> str:
    """What the user reads: both names, and how to go on."""
    def label(name, code):
        return f"“{name}”（{code}）" if code else f"“{name}”（无代码 no code）"
    other = "本次导入的另一个新指数 (another new index of this import)" if existing_is_new else \
        "已有指数 (the existing index)"
    how = []
    if incoming_code and not existing_code and not existing_is_new:
        how.append(f"若是同一指数，先给已有指数加上代码 (if it is the same index, give the existing one its code): "
                   f"workbench index code {existing} {incoming_code}")
    if not existing_is_new:
        how.append(f"若是同一指数 (same index): --same-index {incoming}={existing}")
    how.append(f"若确为不同指数 (a different index): --new-index {incoming}")
    return (f"新指数 {label(incoming, incoming_code)} 与{other} {label(existing, existing_code)} 名称相近，"
            f"未导入 (a new index is a near match of {existing}; nothing was imported). " + "; ".join(how))


def plan_indices(indices: list[dict], parsed: list, *, confirm_new: Iterable[str] = (),
                 map_to: Mapping[str, int] | None = None) -> None:
    """Point every quote of ``parsed`` at its stored index, or flag it.

    ``indices`` are the store's indices; each quote dict (code, name, row) is rewritten so that the
    store's upsert by code, then by name, lands on the right index: a stored index keeps its name
    and code. Problems (near matches, a name that belongs to another code, a mapping to an index
    that does not exist) go to the file's problem list.
    """
    confirm = {c.strip() for c in confirm_new if c and c.strip()}
    mapping = {k.strip(): v for k, v in (map_to or {}).items() if k and k.strip()}
    by_id = {i["id"]: i for i in indices}
    by_code = {i["code"]: i for i in indices if i["code"]}
    by_name = {i["name"]: i for i in indices}
    by_text: dict[str, dict] = {}  # a name spelt another way (full or half width, 【】 or []) is the same name
    for i in indices:
        by_text.setdefault(text_key(i["name"]), i)
    created: list[dict] = []          # indices this import will create: name, code
    decided: dict[tuple, tuple | None] = {}
    for pf in parsed:
        column = next((c.label for c in pf.columns if c.role == "index_name"), None)
        for q in pf.quotes:
            ident = (q["code"], q["name"])
            if ident not in decided:
                decided[ident] = _decide(q, pf, column, by_id, by_code, by_name, by_text, created, confirm,
                                         mapping)
            target = decided[ident]
            if target is not None:
                q["code"], q["name"] = target


def same_index_note(name: str, target: str, target_code: str | None) -> str:
    code = f"（{target_code}）" if target_code else "（无代码 no code）"
    return (f"指数“{name}”按 --same-index 记入已有指数“{target}”{code}，请核对 (the file's index “{name}” is "
            f"imported as the stored index “{target}”, as --same-index says: check it)")


def _same_name(a: str, b: str) -> bool:
    """Two spellings of one index name (full or half width, spaces, a trailing 指数, English names)."""
    return text_key(a) == text_key(b) or name_key(a) == name_key(b)


def _decide(q: dict, pf, column, by_id, by_code, by_name, by_text, created, confirm, mapping) -> tuple | None:
    code, name, row = q["code"], q["name"], q["row"]
    target_id = mapping.get(name) if name else None
    if target_id is None and code:
        target_id = mapping.get(code)
    if target_id is not None:
        idx = by_id.get(target_id)
        if idx is None:
            pf.problems.add(f"指定的指数不存在 (no stored index #{target_id} for {name or code})", row=row,
                            column=column, value=name or code)
            return None
        holder = by_code.get(code) if code else None
        if code and holder is None and idx["code"] and idx in same_number(code, [idx]):
            code = idx["code"]  # 000905 is the mapped index's 000905.SH: the stored code stays
        if code and ((idx["code"] and idx["code"] != code) or (holder is not None and holder["id"] != idx["id"])):
            pf.problems.add(f"文件中的代码 {code} 与指定的指数“{idx['name']}”（{idx['code'] or '无代码'}）不符 "
                            f"(the file's code {code} does not belong to the index it is mapped to)", row=row,
                            column=column, value=code)
            return None
        # the user's explicit answer names the index they mean, however unlike the file's name:
        # taken, and said in the summary with both names, so that a mistyped answer shows
        if name and not _same_name(name, idx["name"]):
            pf.warnings.append(same_index_note(name, idx["name"], idx["code"]))
        return (code or idx["code"], idx["name"])
    if code and code not in by_code:
        candidates = same_number(code, by_id.values())
        if len(candidates) > 1:
            pf.problems.add(ambiguous_code_message(code, candidates, name), row=row, column=column, value=code)
            return None
        if candidates and (not name or _same_name(name, candidates[0]["name"])):
            return (candidates[0]["code"], candidates[0]["name"])
        if candidates and name not in confirm and code not in confirm:
            own = candidates[0]
            other = next((i for i in by_id.values() if i["id"] != own["id"] and _same_name(name, i["name"])), None)
            if other is not None:  # a code typed from the row above: the quotes would land on the wrong index
                pf.problems.add_problem(IndexNamedAsAnother(
                    named_as_another_message(code, name, own["name"], other["code"], other["name"], own["code"]),
                    file=pf.name, row=row, column=column, value=name, code=code, name=name, stored_name=own["name"],
                    other_code=other["code"], other_name=other["name"], stored_id=own["id"]))
            else:
                pf.problems.add(bare_code_named_otherwise_message(code, name, own), row=row, column=column,
                                value=name)
            return None
    if code and code in by_code:
        own = by_code[code]
        if name and not _same_name(name, own["name"]):
            other = next((i for i in by_id.values() if i["id"] != own["id"] and _same_name(name, i["name"])), None)
            if other is not None:  # a code typed from the row above: the quotes would land on the wrong index
                pf.problems.add_problem(IndexNamedAsAnother(
                    named_as_another_message(code, name, own["name"], other["code"], other["name"]), file=pf.name,
                    row=row, column=column, value=name, code=code, name=name, stored_name=own["name"],
                    other_code=other["code"], other_name=other["name"], stored_id=own["id"]))
                return None
        return (code, own["name"])  # the stored name stays; the code identifies the index
    if not name:
        return None  # a new index without a name is reported by the importer
    if name not in by_name and text_key(name) in by_text:
        name = by_text[text_key(name)]["name"]
    if name in by_name:
        idx = by_name[name]
        if code and idx["code"] and idx["code"] != code:
            pf.problems.add(name_of_another_code_message(name, idx["code"], code), row=row, column=column, value=code)
            return None
        return (code or idx["code"], name)
    for other in created:
        if text_key(other["name"]) == text_key(name):
            name = other["name"]
            if code and other["code"] and other["code"] != code:
                pf.problems.add(f"同名指数“{name}”有两个代码 {other['code']} 和 {code} (one index name with two "
                                f"codes)", row=row, column=column, value=code)
                return None
            return (code or other["code"], name)
    if name not in confirm and not (code and code in confirm):
        key = name_key(name)
        for idx in list(by_name.values()) + created:
            if name_key(idx["name"]) == key and (not idx["code"] or not code):
                existing_is_new = "id" not in idx
                pf.problems.add_problem(IndexNearMatch(
                    near_match_message(name, code, idx["name"], idx["code"], existing_is_new), file=pf.name,
                    row=row, column=column, value=name, incoming=name, incoming_code=code,
                    existing=idx["name"], existing_code=idx["code"],
                    existing_id=None if existing_is_new else idx["id"]))
                return None
    created.append({"name": name, "code": code})
    return (code, name)
