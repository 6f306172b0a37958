"""The Text tab: market review, industry views, investment advice and risks, with bold as the only markup."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import (QApplication, QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, QSplitter,
                               QToolButton, QVBoxLayout, QWidget)

from ui.common.i18n import for_ui
from ui.common.rich_text import MarkupTextEdit
from ui.issue_editor.fields import AMBER, HOUSE_RED, focus_widget, set_fields_read_only


class SectionBox(QFrame):
    """A text section: the section title (as the PDF prints it), a hint, buttons and the editor."""

    def __init__(self, title: str, hint: str, editor: QWidget, parent=None):
        super().__init__(parent)
        self.editor = editor
        self.title = QLabel(title, self)
        self.title.setStyleSheet(f"color: {HOUSE_RED}; font-weight: bold;")
        self.hint = QLabel(hint, self)
        self.hint.setStyleSheet("color: #888;")
        self.buttons = QHBoxLayout()
        self.buttons.setSpacing(4)
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(self.title)
        head.addWidget(self.hint)
        head.addStretch(1)
        head.addLayout(self.buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(3)
        layout.addLayout(head)
        layout.addWidget(editor, 1)

    def add_button(self, button: QWidget) -> None:
        self.buttons.addWidget(button)


NOTE_LINES = 6  # the drafted review's note grows to this many lines, then scrolls
REVIEW_LINES = 4  # beside a note, the review itself keeps at least this many lines in view


class NoteArea(QScrollArea):
    """A word-wrapped note as tall as its text needs, up to NOTE_LINES lines; a longer one scrolls."""

    def __init__(self, label: QLabel, parent=None):
        super().__init__(parent)
        self.setObjectName("reviewNote")  # the amber frame is the area's: the note scrolls inside it
        self.setStyleSheet("#reviewNote { background: #fff4dc; border: 1px solid #f0c36d; border-radius: 3px; }")
        label.setStyleSheet(f"background: #fff4dc; color: {AMBER}; padding: 3px 8px;")
        self.setWidget(label)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.fit()

    def fit(self) -> None:
        label = self.widget()
        frame = 2 * self.frameWidth()
        cap = NOTE_LINES * label.fontMetrics().lineSpacing() + 6 + frame  # 6: the note's padding
        need = label.heightForWidth(max(self.viewport().width(), 50)) + frame if label.text() else 0
        self.setFixedHeight(min(need, cap))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.fit()  # a new width wraps the note anew


class TextPage(QWidget):
    """The four text sections as the PDF prints them, the bold button and the drafted review's note."""

    changed = Signal()
    draft_requested = Signal()  # 起草市场回顾
    HEADS = ("market_review", "views", "advice", "risks")

    def __init__(self, parent=None):
        super().__init__(parent)
        self._focus_text_edit: MarkupTextEdit | None = None
        self._room_for_note = False  # a note was shown while the page was hidden: make room when shown
        self.market_review_edit = MarkupTextEdit(self, placeholder=QCoreApplication.translate(
            "IssueEditor", "Write the review, or press Draft market review"))
        self.views_edit = MarkupTextEdit(self, bullets=True, placeholder=QCoreApplication.translate(
            "IssueEditor", "One bullet per paragraph"))
        self.advice_edit = MarkupTextEdit(self, placeholder=QCoreApplication.translate(
            "IssueEditor", "The thesis sentence before the themes"))
        self.risks_edit = MarkupTextEdit(self, bullets=True, placeholder=QCoreApplication.translate(
            "IssueEditor", "One risk per line"))
        self.section_edits = {"market_review": self.market_review_edit, "views": self.views_edit,
                              "advice": self.advice_edit, "risks": self.risks_edit}
        self.draft_review_button = QPushButton(QCoreApplication.translate("IssueEditor", "Draft market review"), self)
        self.draft_review_button.setToolTip(QCoreApplication.translate(
            "IssueEditor", "Write the review from the week's index quotes"))
        self.draft_review_button.clicked.connect(self.draft_requested)
        self.bold_button = QToolButton(self)
        self.bold_button.setText("B")
        bold_font = self.bold_button.font()
        bold_font.setBold(True)
        self.bold_button.setFont(bold_font)
        self.bold_button.setCheckable(True)
        self.bold_button.setToolTip(QCoreApplication.translate("IssueEditor", "Bold (Ctrl+B)"))
        self.bold_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.bold_button.clicked.connect(self._on_bold_button_clicked)
        hint = QLabel(QCoreApplication.translate(
            "IssueEditor", "The PDF prints paragraphs, bullets and bold only. Ctrl+B bold (text typed as **text** "
                           "prints bold too) · Shift+Enter a line break inside a bullet · pasted text loses its "
                           "formatting."), self)
        hint.setStyleSheet("color: #888;")
        hint.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.bold_button)
        top.addWidget(hint, 1)
        boxes = [
            SectionBox(QCoreApplication.translate("IssueEditor", "Market review"),
                       QCoreApplication.translate("IssueEditor", "the week's index closes and changes"),
                       self.market_review_edit, self),
            SectionBox(QCoreApplication.translate("IssueEditor", "Industry views"),
                       QCoreApplication.translate("IssueEditor", "one bullet per paragraph"), self.views_edit, self),
            SectionBox(QCoreApplication.translate("IssueEditor", "Investment advice"),
                       QCoreApplication.translate("IssueEditor", "the thesis; the numbered themes follow (see Themes)"),
                       self.advice_edit, self),
            SectionBox(QCoreApplication.translate("IssueEditor", "Risks"),
                       QCoreApplication.translate("IssueEditor", "one risk per line"), self.risks_edit, self),
        ]
        boxes[0].add_button(self.draft_review_button)
        self.review_note = QLabel(boxes[0])
        self.review_note.setWordWrap(True)
        self.review_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.review_note_area = NoteArea(self.review_note, boxes[0])
        self.review_note_area.hide()
        boxes[0].layout().insertWidget(1, self.review_note_area)
        self.text_splitter = QSplitter(Qt.Orientation.Vertical, self)
        for box in boxes:
            self.text_splitter.addWidget(box)
        self.text_splitter.setSizes([120, 330, 100, 120])
        self.text_splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.text_splitter, 1)
        for edit in self.section_edits.values():
            edit.cursorPositionChanged.connect(self._update_bold_button)
            edit.textChanged.connect(self.changed)
        QApplication.instance().focusChanged.connect(self._on_app_focus_changed)

    # ------------------------------------------------------------------ the issue
    def load(self, issue) -> None:
        self.market_review_edit.set_markup(issue.market_review)
        self.views_edit.set_items(issue.views)
        self.advice_edit.set_markup(issue.advice)
        self.risks_edit.set_items(issue.risks)

    def apply(self, issue) -> None:
        issue.market_review = self.market_review_edit.markup()
        issue.views = self.views_edit.items()
        issue.advice = self.advice_edit.markup()
        issue.risks = self.risks_edit.items()

    def set_read_only(self, read_only: bool) -> None:
        set_fields_read_only(self, read_only)

    def focus_field(self, head: str, index: int | None, rest: str | None) -> bool:
        edit = self.section_edits[head]
        focus_widget(edit)
        if index is not None:
            edit.select_block(index)
        return True

    def draft_review(self, store, issue) -> None:
        """Write the market review from the week's quotes (the core's wording) as one undoable step;
        raises the core's refusal."""
        from workbench.drafting.review import draft_market_review_result

        draft = draft_market_review_result(store, issue)
        self.market_review_edit.replace_markup(draft.text)
        self.show_review_note(draft)

    def insert_note(self, issue, text: str, section: str) -> MarkupTextEdit:
        """Add a note's text to ``section`` of ``issue`` the way the core does, and show that section as one
        undoable step; returns the section's edit (raises the core's ValidationError)."""
        from workbench.drafting.notes import insert_note

        insert_note(issue, text, section)
        edit = self.section_edits[section]
        if edit.bullets:
            edit.replace_items(getattr(issue, section))
        else:
            edit.replace_markup(getattr(issue, section))
        return edit

    def show_review_note(self, draft) -> None:
        """Beside the review: which indices the draft left out (本周无行情) and why, or nothing; each of
        the core's notes on a line of its own, in the interface's language, all of it readable."""
        lines = [for_ui(note) for note in draft.notes]  # the core's notes name each index left out and why
        if draft.missing and not lines:
            lines.append(QCoreApplication.translate("IssueEditor", "Left out (no quote dated in the week): %1")
                         .replace("%1", "、".join(draft.missing)))
        self.review_note.setText("\n".join(lines))
        self.review_note.setVisible(bool(lines))
        self.review_note_area.setVisible(bool(lines))
        if lines:
            self.review_note_area.fit()
            self._room_for_note = True
            if self.isVisible():
                QTimer.singleShot(0, self._make_room_for_note)  # once the page is laid out

    def _make_room_for_note(self) -> None:
        """Grow the review's section so the note and REVIEW_LINES lines of the review fit, taking the
        room from the tallest other section."""
        if not (self._room_for_note and self.isVisible()):
            return
        self._room_for_note = False
        sizes = self.text_splitter.sizes()
        box = self.text_splitter.widget(0)
        edit = self.market_review_edit
        want = box.sizeHint().height() - edit.sizeHint().height() + REVIEW_LINES * edit.fontMetrics().lineSpacing() \
            + 2 * edit.frameWidth() + 8
        short = want - sizes[0]
        if short <= 0 or len(sizes) < 2:
            return
        donor = max(range(1, len(sizes)), key=lambda i: sizes[i])
        give = min(short, max(0, sizes[donor] - self.text_splitter.widget(donor).minimumSizeHint().height()))
        sizes[0] += give
        sizes[donor] -= give
        self.text_splitter.setSizes(sizes)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._room_for_note:
            QTimer.singleShot(0, self._make_room_for_note)

    # ------------------------------------------------------------------ bold
    def stop_following_focus(self) -> None:
        """Stop listening to the application's focus (the editor is closing)."""
        try:
            QApplication.instance().focusChanged.disconnect(self._on_app_focus_changed)
        except (RuntimeError, TypeError):
            pass

    def _on_app_focus_changed(self, old, new) -> None:
        if isinstance(new, MarkupTextEdit) and new in self.section_edits.values():
            self._focus_text_edit = new
            self._update_bold_button()

    def _on_bold_button_clicked(self) -> None:
        edit = self._focus_text_edit or self.views_edit
        edit.toggle_bold()
        edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self._update_bold_button()

    def _update_bold_button(self) -> None:
        edit = self._focus_text_edit
        self.bold_button.setChecked(bool(edit and edit.is_bold()))
