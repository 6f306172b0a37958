"""UI language: Chinese by default, English when the settings say so (Qt .qm translations)."""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from workbench.paths import resource

CHINESE = "zh_CN"
ENGLISH = "en"
SYSTEM = "system"
LANGUAGES = (CHINESE, ENGLISH, SYSTEM)
SETTING_KEY = "ui/language"

_current = CHINESE


def current_language() -> str:
    """The language the running app speaks (zh_CN or en)."""
    return _current


def is_chinese() -> bool:
    return _current == CHINESE


def resolve_language(setting: str | None) -> str:
    """The language to use for a stored setting; unknown or missing means Chinese.

    ``system`` follows the system locale: Chinese when it is Chinese or unknown (C/POSIX),
    English otherwise.
    """
    if setting == ENGLISH:
        return ENGLISH
    if setting == SYSTEM:
        lang = QLocale.system().language()
        if lang in (QLocale.Language.Chinese, QLocale.Language.C, QLocale.Language.AnyLanguage):
            return CHINESE
        return ENGLISH
    return CHINESE


def translation_file(language: str = CHINESE):
    return resource("translations", f"workbench_{language}.qm")


def install_translations(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Install the workbench's and Qt's own translators for ``language``; returns them.

    The translators are also kept on the application object so they outlive this call.
    """
    global _current
    for old in getattr(app, "_workbench_translators", []):
        app.removeTranslator(old)
    _current = language
    installed: list[QTranslator] = []
    if language == CHINESE:
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        ours = QTranslator(app)
        if ours.load(str(translation_file(CHINESE))):
            app.installTranslator(ours)
            installed.append(ours)
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        qt_base = QTranslator(app)
        if qt_base.load("qtbase_zh_CN", qt_dir):
            app.installTranslator(qt_base)
            installed.append(qt_base)
    else:
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    app._workbench_translators = installed
    return installed


# A core message reads "中文 (english)" for the command line. In the Chinese UI the parenthesised
# English gloss after Chinese text is dropped: an ASCII "(...)" group holding lower-case English words
# (which may name Chinese things: "(the change of 上证指数 is ...)") or one capitalised word
# ("营业收入 (Revenue)"), right after a CJK character, CJK punctuation, a closing quote, or a number or
# percentage that itself follows Chinese ("至 1,000% (value outside ...)"). Numbers, tickers
# ("(600519.SH)", "(AAPL)", "(PE)"), file names ("(a.csv)"), "#" ids, full-width "（…）" and anything
# inside “…” (the user's own text, as the core quotes it) are left alone.
_FILE_NAME = re.compile(r"^[\w*./\\-]+\.\w{1,8}$")
_ENGLISH_START = re.compile(r"[a-z][a-z'-]*(?: [a-z][a-z'-]*)+(?=[ ,:;]|$)")


# "(沪深300: the weekly change …)": an English gloss may open with the Chinese name it is about and a
# colon; what follows the colon decides, so "(注: 单位为亿元)" or "(上证指数: 3400.14 点)" stay.
_NAME_COLON = re.compile(r"[^\s:：()]+(?: [^\s:：()]+){0,3}: (?=[a-z])")
_ENGLISH_WORD_FIRST = re.compile(r"[a-z]{2,}\b")
_ENGLISH_WORD = re.compile(r"(?<![A-Za-z0-9_])[a-z]{2,}(?![A-Za-z0-9_])")


def _is_gloss(inner: str) -> bool:
    """English words ("sample data", "merged", "Revenue"), not a ticker, a number, a file name or a pattern."""
    words = inner.strip()
    if not words.isascii():  # English naming Chinese things: it starts with English words
        named = _NAME_COLON.match(words)
        rest = words[named.end():] if named else words
        if _ENGLISH_START.match(rest):
            return True
        # after a name and a colon, an English sentence whose words are broken by numbers and the
        # units they print in ("(乐鑫科技 Revenue 2023: your 15.1 亿元 was replaced by ...)"); Chinese
        # words after the colon ("(上证指数: 3400.14 点)") hold no such run of English
        return bool(named) and bool(_ENGLISH_WORD_FIRST.match(rest)) and len(_ENGLISH_WORD.findall(rest)) >= 4
    if re.fullmatch(r"[a-z][a-z'-]+|[A-Z][a-z]{2,}", words):
        return True
    return " " in words and bool(re.search(r"[a-z]{2,}", words)) and not _FILE_NAME.match(words.split()[0])


# "请使用 .xlsx 或 .csv (use .xlsx or .csv)": file extensions standing alone (after a space) between the
# Chinese words and their gloss do not hide it; "report.csv (copy)" is a file name and keeps its words.
_CJK_END = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef\u201d\u2019]$")
_EXTENSIONS_END = re.compile(r"(?:[ \t]+\.[A-Za-z0-9]{1,8})+$")
_NUMBER_END = re.compile(r"[ \t]*[-+]?\d[\d,.]*%?$")
_QUOTED = re.compile(r"“[^”]*”")


def _after_chinese(before: str) -> bool:
    if _CJK_END.search(before) or _CJK_END.search(_EXTENSIONS_END.sub("", before)):
        return True
    number = _NUMBER_END.search(before)  # "至 1,000% (value outside ...)"
    return bool(number) and bool(_CJK_END.search(before[:number.start()]))


# A gloss that is an English sentence ("(no header row with a ticker column such as ...)") glosses the
# whole Chinese clause before it, even when that clause ends in ASCII: a date ("截至 2024-12-30"), a file
# name, a ticker, "证券代码/代码/ticker/code". A one-word group stays with the ASCII before it
# ("12 (est)", "report.csv (copy)").
_SENTENCE = re.compile(r"[a-z][a-z'-]*(?: [a-z][a-z'-]*)+(?=[ ,:;]|$)")
# the characters of that ASCII end: printable ASCII but for parentheses, and spaces and tabs
_ASCII_RUN = frozenset(" \t" + "".join(chr(c) for c in range(0x21, 0x7f) if chr(c) not in "()"))


def _ascii_end(before: str) -> int | None:
    """Where the run of ASCII (no parentheses) that ends ``before`` starts, None when that run is only
    blanks. A scan back from the end: a message of any length is read once (a pattern with nested
    repeats took exponential time on a long English run before a gloss, and froze the window)."""
    i = len(before)
    while i and before[i - 1] in _ASCII_RUN:
        i -= 1
    return i if before[i:].strip(" \t") else None


def _glosses_clause(inner: str, before: str) -> bool:
    if not _SENTENCE.match(inner.strip()):
        return False
    start = _ascii_end(before)
    return start is not None and bool(_CJK_END.search(before[:start]))


def _groups(text: str, quoted: list[tuple[int, int]]):
    """Each top-level ASCII "(...)" group of ``text`` with its nested groups, outside the ``quoted``
    spans: (start with the spaces before it, end, inner text). An unbalanced "(" is no group."""
    depth, open_at = 0, None
    for i, ch in enumerate(text):
        if ch in "()" and any(a < i < b for a, b in quoted):
            continue  # the user's own words, quoted
        if ch == "\n":
            depth, open_at = 0, None
        elif ch == "(":
            if depth == 0:
                open_at = i
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
            if depth == 0 and open_at is not None:
                start = open_at
                while start > 0 and text[start - 1] in " \t":
                    start -= 1
                yield start, i + 1, text[open_at + 1:i]
                open_at = None


_NAME_GOES_ON = re.compile(r"[A-Za-z0-9_]|\.[A-Za-z0-9]")
# "“中证人工智能”（无代码 no code）": an English label after the Chinese one inside full-width parentheses
_LABEL_GLOSS = re.compile(r"(?<=[\u4e00-\u9fff]) [a-z]+(?: [a-z]+)*(?=）)")


def strip_glosses(text: str) -> str:
    """``text`` without the parenthesised English glosses that follow Chinese words."""
    if not text:
        return text
    out, last = [], 0
    for start, end, inner in _groups(text, [m.span() for m in _QUOTED.finditer(text)]):
        if _NAME_GOES_ON.match(text, end):
            continue  # part of a name: "report (final).csv"
        before = text[:start]
        if _is_gloss(inner) and (_after_chinese(before) or _glosses_clause(inner, before)):
            out.append(text[last:start])
            last = end
    text = "".join(out) + text[last:]
    return _LABEL_GLOSS.sub(lambda m: m.group(0) if _is_quoted_in(text, m.start()) else "", text)


def _is_quoted_in(text: str, at: int) -> bool:
    return any(m.start() < at < m.end() for m in _QUOTED.finditer(text))


def for_ui(text: str) -> str:
    """A bilingual core message as the app shows it: Chinese only in the Chinese UI, unchanged
    in the English one (the command line keeps both languages)."""
    if text is None:
        return text
    text = str(text)
    return strip_glosses(text) if is_chinese() else text


# A label the core writes as "中文 english" for the command line ("标题 headline", "评级变动 rating action",
# "主题标的 picks · 主题名"): in the Chinese UI the lower-case English words after the Chinese one go.
# Only for the core's own labels; what follows " · " is the user's (a theme's name) and stays whole.
_WORD_GLOSS = re.compile(r"(?<=[\u4e00-\u9fff]) [a-z]+(?: [a-z]+)*(?=$|:|：|）)")


def label_for_ui(text: str) -> str:
    """A core label ("标题 headline") as the app shows it: "标题" in the Chinese UI, unchanged in English."""
    if not text or not is_chinese():
        return text
    head, sep, tail = str(text).partition(" · ")
    return _WORD_GLOSS.sub("", head) + sep + tail


# The notes the core writes into an issue's status log (workbench.drafting.lifecycle): a correction's
# reason after CORRECTION_LOG_PREFIX (workbench.report.spec), and copy-forward's note. Stored bilingual:
# the log is part of the publication record the command line prints, and old entries cannot change.
CORRECTION_LOG_PREFIX = "更正 correction: "
_COPIED_NOTE = re.compile(r"由第 \d+ 期复制 \(copied forward from issue #\d+\)")


def log_note_for_ui(note: str | None) -> str | None:
    """A status-log note as the app shows it: the core's words in the UI's language, a reason the user
    typed (after the correction prefix, or a status change's own) exactly as typed."""
    if not note or not is_chinese():
        return note
    if note.startswith(CORRECTION_LOG_PREFIX):
        return "更正：" + note[len(CORRECTION_LOG_PREFIX):].strip()
    if _COPIED_NOTE.fullmatch(note):
        return strip_glosses(note)
    return note
