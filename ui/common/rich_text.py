"""Text editors limited to what the PDF prints: paragraphs or bullets, and bold (``**bold**`` markup)."""

from __future__ import annotations

import re

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QFont, QKeySequence, QTextCharFormat, QTextCursor, QTextListFormat
from PySide6.QtWidgets import QTextEdit

_BOLD = re.compile(r"\*\*(.+?)\*\*", re.S)
LINE_SEPARATOR = "\u2028"  # Shift+Enter: a line break inside one bullet
PARAGRAPH_SEPARATOR = "\u2029"
OBJECT_REPLACEMENT = "\ufffc"  # images and other objects: the PDF has no place for them


def parse_markup(text: str) -> list[tuple[str, bool]]:
    """``a **b** c`` as runs [("a ", False), ("b", True), (" c", False)]; empty runs dropped."""
    runs: list[tuple[str, bool]] = []
    pos = 0
    for m in _BOLD.finditer(text or ""):
        if m.start() > pos:
            runs.append((text[pos:m.start()], False))
        runs.append((m.group(1), True))
        pos = m.end()
    if pos < len(text or ""):
        runs.append((text[pos:], False))
    return [r for r in runs if r[0]]


def runs_to_markup(runs: list[tuple[str, bool]]) -> str:
    """Runs back to markup; neighbouring runs of the same weight are merged first."""
    merged: list[list] = []
    for text, bold in runs:
        if not text:
            continue
        if merged and merged[-1][1] == bold:
            merged[-1][0] += text
        else:
            merged.append([text, bold])
    out = []
    for text, bold in merged:
        if bold and text.strip():
            # keep the spaces outside the markers so "**x**" never becomes "** x**"
            lead = text[:len(text) - len(text.lstrip())]
            trail = text[len(text.rstrip()):]
            out.append(f"{lead}**{text.strip()}**{trail}")
        else:
            out.append(text)
    return "".join(out)


def _char_format(bold: bool) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setFontWeight(QFont.Weight.Bold if bold else QFont.Weight.Normal)
    return fmt


class MarkupTextEdit(QTextEdit):
    """A text section as the PDF can print it: plain paragraphs (or one bullet per paragraph) and bold.

    Pasted text loses every format; Ctrl+B toggles bold. ``markup()`` / ``set_markup()`` speak the
    issue's ``**bold**`` markup; in bullet mode ``items()`` / ``set_items()`` speak a list of bullets.
    """

    def __init__(self, parent=None, *, bullets: bool = False, placeholder: str = ""):
        super().__init__(parent)
        self.bullets = bullets
        self.setAcceptRichText(False)
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QTextEdit.LineWrapMode.WidgetWidth)
        self.document().setDocumentMargin(6)
        if placeholder:
            self.setPlaceholderText(placeholder)
        if bullets:
            self._ensure_list()

    # ------------------------------------------------------------------ markup in and out
    def set_markup(self, text: str) -> None:
        """Load ``text`` (paragraphs separated by newlines, ``**bold**``); the undo history starts here."""
        if self.bullets:
            self.set_items([line for line in (text or "").split("\n") if line.strip()])
            return
        self.clear()
        self._insert_paragraphs(QTextCursor(self.document()), text)
        self._loaded()

    def set_items(self, items: list[str]) -> None:
        """Load one bullet per item (a newline inside an item is a line break); the undo history starts here."""
        self.clear()
        self._insert_items(QTextCursor(self.document()), items)
        self._loaded()

    def replace_markup(self, text: str) -> None:
        """Replace the content with ``text`` as one step the user can undo."""
        if self.bullets:
            self.replace_items([line for line in (text or "").split("\n") if line.strip()])
            return
        cursor = self._select_all_for_replace()
        self._insert_paragraphs(cursor, text)
        cursor.endEditBlock()
        self.setTextCursor(cursor)

    def replace_items(self, items: list[str]) -> None:
        """Replace the bullets with ``items`` as one step the user can undo."""
        cursor = self._select_all_for_replace()
        self._insert_items(cursor, items)
        cursor.endEditBlock()
        self.setTextCursor(cursor)

    def _select_all_for_replace(self) -> QTextCursor:
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.removeSelectedText()
        return cursor

    def _insert_paragraphs(self, cursor: QTextCursor, text: str) -> None:
        for run, bold in parse_markup(text or ""):
            cursor.insertText(run, _char_format(bold))
        cursor.setCharFormat(_char_format(False))

    def _insert_items(self, cursor: QTextCursor, items: list[str]) -> None:
        for i, item in enumerate(items):
            if i:
                cursor.insertBlock()
            for run, bold in parse_markup(item.replace("\n", LINE_SEPARATOR)):
                cursor.insertText(run, _char_format(bold))
            cursor.setCharFormat(_char_format(False))
        if self.bullets:
            self._ensure_list()

    def _loaded(self) -> None:
        if self.bullets:
            self._ensure_list()
        self.setCurrentCharFormat(_char_format(False))
        self.document().clearUndoRedoStacks()
        self.moveCursor(QTextCursor.MoveOperation.Start)

    def block_markups(self) -> list[str]:
        """Each paragraph (block) of the document as markup, in order."""
        out = []
        block = self.document().begin()
        while block.isValid():
            runs = []
            it = block.begin()
            while not it.atEnd():
                fragment = it.fragment()
                if fragment.isValid():
                    text = fragment.text().replace(OBJECT_REPLACEMENT, "")
                    runs.append((text, fragment.charFormat().fontWeight() >= QFont.Weight.DemiBold))
                it += 1
            out.append(runs_to_markup(runs).replace(LINE_SEPARATOR, "\n"))
            block = block.next()
        return out

    def markup(self) -> str:
        """The content as markup: paragraphs joined by newlines (bullet mode: non-empty bullets)."""
        if self.bullets:
            return "\n".join(self.items())
        return "\n".join(self.block_markups()).rstrip("\n") if self.document().characterCount() > 1 else ""

    def items(self) -> list[str]:
        """Bullet mode: the non-empty bullets, each as markup."""
        return [b.strip() for b in self.block_markups() if b.strip()]

    # ------------------------------------------------------------------ bold
    def is_bold(self) -> bool:
        return self.currentCharFormat().fontWeight() >= QFont.Weight.DemiBold

    def toggle_bold(self) -> None:
        """Bold on or off for the selection (or for what is typed next)."""
        if self.isReadOnly():
            return
        fmt = _char_format(not self.is_bold())
        cursor = self.textCursor()
        if cursor.hasSelection():
            cursor.mergeCharFormat(fmt)
        self.mergeCurrentCharFormat(fmt)

    # ------------------------------------------------------------------ navigation
    def select_block(self, index: int) -> bool:
        """Put the cursor on paragraph (bullet) ``index`` and select its text; False when out of range."""
        if self.bullets:
            blocks = [b for b in self._blocks() if b.text().strip()]
        else:
            blocks = list(self._blocks())
        if not 0 <= index < len(blocks):
            return False
        block = blocks[index]
        cursor = QTextCursor(block)
        cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()
        return True

    def _blocks(self):
        block = self.document().begin()
        while block.isValid():
            yield block
            block = block.next()

    def _ensure_list(self) -> None:
        """Bullet mode: every paragraph is an item of one disc list."""
        cursor = QTextCursor(self.document())
        first = self.document().begin()
        text_list = first.textList()
        if text_list is None:
            fmt = QTextListFormat()
            fmt.setStyle(QTextListFormat.Style.ListDisc)
            fmt.setIndent(1)
            cursor.setPosition(0)
            text_list = cursor.createList(fmt)
        for block in self._blocks():
            if block.textList() is None:
                text_list.add(block)

    # ------------------------------------------------------------------ Qt overrides
    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        return source.hasText()

    def insertFromMimeData(self, source: QMimeData) -> None:
        """Paste as plain text: fonts, colours, tables and images of the source are dropped."""
        if not source.hasText() or self.isReadOnly():
            return
        text = source.text().replace("\r\n", "\n").replace("\r", "\n").replace(PARAGRAPH_SEPARATOR, "\n")
        text = text.replace(OBJECT_REPLACEMENT, "").replace("\t", " ")
        cursor = self.textCursor()
        cursor.beginEditBlock()
        cursor.insertText(text, _char_format(False))
        cursor.endEditBlock()
        self.setTextCursor(cursor)
        if self.bullets:
            self._ensure_list()
        self.ensureCursorVisible()

    def keyPressEvent(self, event) -> None:
        if event.matches(QKeySequence.StandardKey.Bold):
            self.toggle_bold()
            event.accept()
            return
        if self.bullets and not self.isReadOnly():
            cursor = self.textCursor()
            key = event.key()
            plain = event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain and not cursor.hasSelection():
                if not cursor.block().text().strip():
                    event.accept()  # no empty bullets (Qt would end the list here)
                    return
            if (key == Qt.Key.Key_Backspace and plain and not cursor.hasSelection() and cursor.atBlockStart()
                    and cursor.block().textList() is not None):
                # Qt would first take the paragraph out of the list; here it joins the previous bullet
                if cursor.block().previous().isValid():
                    cursor.deletePreviousChar()
                    self.setTextCursor(cursor)
                event.accept()
                return
        super().keyPressEvent(event)
        if self.bullets:
            self._ensure_list()

    def inputMethodEvent(self, event) -> None:
        """Chinese (any input method) typed into an emptied bullet list still makes a bullet."""
        super().inputMethodEvent(event)
        if self.bullets and event.commitString():
            self._ensure_list()


__all__ = ["MarkupTextEdit", "parse_markup", "runs_to_markup"]
