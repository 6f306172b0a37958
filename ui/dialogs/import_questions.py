"""The import dialog's questions: a value older than the stored one, a new company named like
another, a stored ticker or index code named as another company or index, a near-matching index
name; the answers the user gave, and the asking.

The core stops an import that needs an answer (``workbench.imports.ImportQuestions``); the dialog
asks in turn (window-modal boxes, or functions a test injects), keeps the answers and imports again.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox

from ui.models import metric_name
from workbench.domain.metrics import METRICS
from workbench.imports import IndexNamedAsAnother
from workbench.imports.questions import RatioUnitQuestion

translate = QCoreApplication.translate
SAME, NEW = "same", "new"
PERCENT, FRACTION = "percent", "fraction"  # the answers to the ratio question: import_files' ratio_unit


def _value_text(metric: str, value) -> str:
    from workbench.domain.metrics import _plain

    m = METRICS.get(metric)
    return "--" if value is None else _plain(m.kind if m else "", float(value))


def _cancel_text() -> str:
    """The way back every question offers, named as its button is (取消导入)."""
    return translate("ImportDialog", "Cancel import")


def _question_box(parent, icon, title: str, text: str, informative: str, yes: str,
                  yes_role=QMessageBox.ButtonRole.YesRole) -> QMessageBox:
    """A question whose one way forward is ``yes`` (its button's ``answer`` property is true) and
    whose default and Esc are 取消导入: nothing is written unless the user says so."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.setInformativeText(informative)
    box.addButton(yes, yes_role).setProperty("answer", True)
    cancel = box.addButton(_cancel_text(), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    return box


def _where(problem) -> str:
    return translate("ImportDialog", "%1, row %2").replace("%1", problem.file or "").replace("%2", str(problem.row))


OLDER_SHOWN = 5  # values named in the question; the problem list holds them all


def older_value_line(p) -> str:
    """One value older than the stored one: where, which figure, both values and their as-of dates."""
    m = METRICS.get(p.metric)
    return (translate("ImportDialog", "%1, row %2: %3 %4 %5: stored %6 (as of %7), file %8 (as of %9)")
            .replace("%1", p.file or "").replace("%2", str(p.row)).replace("%3", p.ticker)
            .replace("%4", metric_name(p.metric) if m else p.metric).replace("%5", p.period)
            .replace("%6", _value_text(p.metric, p.stored)).replace("%7", p.stored_as_of or "")
            .replace("%8", _value_text(p.metric, p.incoming)).replace("%9", p.incoming_as_of or ""))


def older_question_box(parent, problems: list, total: int | None = None) -> QMessageBox:
    """用较旧的数据覆盖 / 取消导入 for values a file would change although the store holds them with
    a later as-of date (an older export imported after a newer one). ``total``: how many there are,
    the ones not listed (past the problem cap) included."""
    total = max(total or 0, len(problems))
    text = translate("ImportDialog", "%1 values in the files are older than the values the store holds (their "
                     "as-of date is earlier), and importing would replace the newer values. Replace them with the "
                     "older values?").replace("%1", str(total))
    lines = [older_value_line(p) for p in problems[:OLDER_SHOWN]]
    if total > len(lines):
        lines.append(translate("ImportDialog", "and %1 more").replace("%1", str(total - len(lines))))
    return _question_box(parent, QMessageBox.Icon.Warning, translate("ImportDialog", "Older data"), text,
                         "\n".join(lines), translate("ImportDialog", "Replace with the older values"),
                         QMessageBox.ButtonRole.AcceptRole)


def company_question_text(problem) -> str:
    where = _where(problem)
    text = translate("ImportDialog", "The new company %1 “%2” (%3) has the name of the company %4 “%5”. Is the "
                     "ticker mistyped, or is it really another listing of the same company (e.g. A+H)?")
    return (text.replace("%1", problem.incoming).replace("%2", problem.name).replace("%3", where)
            .replace("%4", problem.existing).replace("%5", problem.existing_name))


def company_question_box(parent, problem) -> QMessageBox:
    """另一家上市主体 / 取消导入 for a new company named like another company under another ticker."""
    text = company_question_text(problem)
    return _question_box(parent, QMessageBox.Icon.Question, translate("ImportDialog", "Same company?"), text,
                         translate("ImportDialog", "If the ticker is mistyped, choose “%1” and correct it in the "
                                   "file.").replace("%1", _cancel_text()),
                         translate("ImportDialog", "Another listing: create %1").replace("%1", problem.incoming))


def renamed_question_text(problem) -> str:
    where = _where(problem)
    if not problem.other:  # a name the store does not know (UnfamiliarName)
        return (translate("ImportDialog", "%1 (%2) is stored as “%3”, but the row names “%4”, a name the store does "
                          "not know. Is the ticker mistyped, or are the figures really %3's (the company renamed)?")
                .replace("%1", where).replace("%2", problem.ticker).replace("%3", problem.stored_name)
                .replace("%4", problem.name))
    text = translate("ImportDialog", "%1 (%2) is stored as “%3”, but the row names “%4”, the name of another "
                     "company, %5. Is the ticker mistyped (copied from another row), or are the figures really "
                     "%3's?")
    return (text.replace("%1", where).replace("%2", problem.ticker).replace("%3", problem.stored_name)
            .replace("%4", problem.name).replace("%5", problem.other))


def renamed_question_box(parent, problem) -> QMessageBox:
    """确为该代码 / 取消导入 for a stored ticker on a row that names another stored company (the
    command line's --rename TICKER)."""
    text = renamed_question_text(problem)
    yes = translate("ImportDialog", "The figures are %1's: import").replace("%1", problem.ticker)
    return _question_box(
        parent, QMessageBox.Icon.Question, translate("ImportDialog", "Ticker and name disagree?"), text,
        translate("ImportDialog", "“%4” means %1 was renamed “%2”, or the figures are %1's: they are imported for %1 "
                  "(%3). If the ticker is mistyped, choose “%5” and correct it in the file.")
        .replace("%1", problem.ticker).replace("%2", problem.name).replace("%3", problem.stored_name)
        .replace("%4", yes).replace("%5", _cancel_text()), yes)


def named_index_question_text(problem) -> str:
    where = _where(problem)
    other = f"“{problem.other_name}”" + (f" ({problem.other_code})" if problem.other_code else "")
    text = translate("ImportDialog", "%1: the code %2 is stored as “%3”, but the row names “%4”, the name of "
                     "another index, %5. Is the code mistyped, or are the quotes really %2's?")
    return (text.replace("%1", where).replace("%2", problem.code).replace("%3", problem.stored_name)
            .replace("%4", problem.name).replace("%5", other))


def named_index_question_box(parent, problem) -> QMessageBox:
    """确为该代码的行情 / 取消导入 for an index code on a row that names another stored index (the
    command line's --same-index NAME=CODE)."""
    text = named_index_question_text(problem)
    yes = translate("ImportDialog", "The quotes are %1's: import").replace("%1", problem.code)
    return _question_box(
        parent, QMessageBox.Icon.Question, translate("ImportDialog", "Another index's name?"), text,
        translate("ImportDialog", "“%3” means the quotes are %1's: they are imported into “%2”. If the code is "
                  "mistyped, choose “%4” and correct it in the file.").replace("%1", problem.code)
        .replace("%2", problem.stored_name).replace("%3", yes).replace("%4", _cancel_text()), yes)


def ratio_question_text(problem) -> str:
    as_fraction = f"{(problem.example or 0) * 100:.6g}%"
    return (translate("ImportDialog", "%1, column “%2”: no unit is stated (no % and no 小数 in the header), and the "
                      "numbers look like percentages: %3, read as a fraction, would be %4. Are the ratios written as "
                      "percentages or as fractions?")
            .replace("%1", _where(problem)).replace("%2", problem.column or "").replace("%3", problem.value or "")
            .replace("%4", as_fraction))


def ratio_question_box(parent, problem, box_label: str) -> QMessageBox:
    """百分数 / 小数 / 取消导入 for ratios in a column stating no unit whose numbers look like
    percentages (the command line's --ratio-unit); the answer holds for the whole import."""
    box = QMessageBox(QMessageBox.Icon.Question, translate("ImportDialog", "Percentages or fractions?"),
                      ratio_question_text(problem), QMessageBox.StandardButton.NoButton, parent)
    informative = translate("ImportDialog", "The answer is kept in “%1” and holds for every ratio column of these "
                            "files that states no unit.").replace("%1", box_label)
    held = []  # figures the store holds that one reading matches: the other answer moves them 100x
    if getattr(problem, "held_as_fraction", 0):
        held.append(translate("ImportDialog", "The store already holds %1 of these figures as read as fractions: "
                              "answering percentages makes them 100 times smaller.")
                    .replace("%1", str(problem.held_as_fraction)))
    if getattr(problem, "held_as_percent", 0):
        held.append(translate("ImportDialog", "The store already holds %1 of these figures as read as percentages: "
                              "answering fractions makes them 100 times larger.")
                    .replace("%1", str(problem.held_as_percent)))
    box.setInformativeText("\n\n".join(held + [informative]))
    value = problem.value or ""
    box.addButton(translate("ImportDialog", "Percentages (%1 is %1%)").replace("%1", value),
                  QMessageBox.ButtonRole.YesRole).setProperty("answer", PERCENT)
    box.addButton(translate("ImportDialog", "Fractions (%1 is %2)").replace("%1", value)
                  .replace("%2", f"{(problem.example or 0) * 100:.6g}%"),
                  QMessageBox.ButtonRole.NoRole).setProperty("answer", FRACTION)
    cancel = box.addButton(_cancel_text(), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    return box


def box_answer(box: QMessageBox) -> bool:
    """Whether the button a question box was closed with says yes (its ``answer`` property)."""
    clicked = box.clickedButton()
    return bool(clicked is not None and clicked.property("answer"))


class ImportAnswers:
    """What the user answered to an import dialog's questions, and the asking.

    ``ask_index(parent, IndexNearMatch)`` -> "same" | "new" | None; ``ask_older(parent,
    [OlderValue])``, ``ask_company(parent, SameNameCompany)``, ``ask_renamed(parent,
    NameOfAnotherCompany)`` and ``ask_named_index(parent, IndexNamedAsAnother)`` -> bool;
    ``ask_ratio(parent, RatioUnitQuestion)`` -> "percent" | "fraction" | None: functions a test
    injects; without them these questions are window-modal boxes (``question`` while one is open).
    """

    def __init__(self, parent, ask_index, ask_older=None, ask_company=None, ask_renamed=None, ask_named_index=None,
                 ask_ratio=None, ratio_box_label: str = ""):
        self.parent = parent
        self.ask_index, self.ask_older, self.ask_company = ask_index, ask_older, ask_company
        self.ask_renamed, self.ask_named_index, self.ask_ratio = ask_renamed, ask_named_index, ask_ratio
        self.ratio_box_label = ratio_box_label  # where the ratio answer is kept (the dialog's 比率单位)
        self.ratio_unit: str | None = None  # percent / fraction: how ratios stating no unit are written
        self.confirm_new_indices: set[str] = set()  # names the user said are new indices
        self.map_indices: dict[str, int] = {}  # names the user said are a stored index (id)
        self.new_companies: set[str] = set()  # tickers the user said are new companies
        self.renamed_companies: set[str] = set()  # stored tickers the user said a row names rightly
        self.allow_older = False  # the user said to replace newer values with these files' older ones
        self.question: QMessageBox | None = None
        self._older_total = 0

    def options(self) -> dict:
        """The answers as import_files options."""
        return {"confirm_new_indices": set(self.confirm_new_indices), "map_indices": dict(self.map_indices),
                "new_companies": set(self.new_companies), "renamed_companies": set(self.renamed_companies),
                "allow_older": self.allow_older, "ratio_unit": self.ratio_unit}

    def settle(self, exc, again, give_up) -> bool:
        """Ask every question of a stopped import; once all are answered yes, ``again()`` (import
        again), a cancel calls ``give_up()``. False when there is nothing to ask or an index
        question was cancelled (the caller shows the problems)."""
        near = exc.near_matches
        companies = getattr(exc, "same_name_companies", [])
        renamed = getattr(exc, "names_of_other_companies", [])
        named = [p for p in exc.problems if isinstance(p, IndexNamedAsAnother)]
        older = getattr(exc, "older_values", [])
        ratios = [p for p in exc.problems if isinstance(p, RatioUnitQuestion)]
        if not (near or companies or renamed or named or older or ratios):
            return False
        if near and not self._settle_near_matches(near):
            return False
        steps: list[tuple[str, object]] = []
        for p in companies:
            if p.incoming in self.new_companies:
                return False  # asked already and still refused: show the problem rather than ask in a loop
            steps.append(("company", p))
        for p in renamed:
            if p.ticker in self.renamed_companies:
                return False
            steps.append(("renamed", p))
        for p in named:
            if p.name in self.map_indices or p.stored_id is None:
                return False
            steps.append(("named_index", p))
        if ratios:
            if self.ratio_unit is not None:
                return False  # the unit is given and still asked: show the problem rather than ask in a loop
            steps.append(("ratio", ratios[0]))  # one answer for the whole import
        if older:
            if self.allow_older:
                return False
            steps.append(("older", older))
        self._older_total = getattr(exc, "older_count", 0)
        self._ask_steps(steps, again, give_up)
        return True

    def _ask_steps(self, steps: list, again, give_up) -> None:
        """Ask the company, name and older-value questions one after another, then ``again()``."""
        if not steps:
            again()
            return
        kind, payload = steps[0]

        def answered(yes) -> None:
            if not yes:
                give_up()
                return
            if kind == "ratio":
                self.ratio_unit = yes  # percent or fraction
            elif kind == "company":
                self.new_companies.add(payload.incoming)
            elif kind == "renamed":
                self.renamed_companies.add(payload.ticker)
            elif kind == "named_index":
                self.map_indices[payload.name] = payload.stored_id  # the quotes are the code's
            else:
                self.allow_older = True
            self._ask_steps(steps[1:], again, give_up)

        injected = {"company": self.ask_company, "renamed": self.ask_renamed, "named_index": self.ask_named_index,
                    "ratio": self.ask_ratio}.get(kind, self.ask_older)
        if injected is not None:
            answer = injected(self.parent, payload)
            answered(answer if kind == "ratio" else bool(answer))
            return
        if kind == "company":
            box = company_question_box(self.parent, payload)
        elif kind == "renamed":
            box = renamed_question_box(self.parent, payload)
        elif kind == "named_index":
            box = named_index_question_box(self.parent, payload)
        elif kind == "ratio":
            box = ratio_question_box(self.parent, payload, self.ratio_box_label)
        else:
            box = older_question_box(self.parent, payload, self._older_total)
        self.question = box

        def closed(_result=0) -> None:
            self.question = None
            box.deleteLater()
            clicked = box.clickedButton()
            answered(clicked.property("answer") if kind == "ratio" and clicked is not None else box_answer(box))
        box.finished.connect(closed)
        box.open()

    def _settle_near_matches(self, problems: list) -> bool:
        """Ask about each near-matching index name; False when the user cancelled (nothing imported)."""
        for p in problems:
            if p.incoming in self.confirm_new_indices or p.incoming in self.map_indices:
                return False  # asked already and still refused: show the problem rather than ask in a loop
            answer = self.ask_index(self.parent, p)
            if answer == SAME and p.existing_id is not None:
                self.map_indices[p.incoming] = p.existing_id
            elif answer == NEW:
                self.confirm_new_indices.add(p.incoming)
            else:
                return False
        return bool(problems)
