"""UI language: Chinese by default, English when the settings say so (Qt .qm translations)."""

from __future__ import annotations

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
