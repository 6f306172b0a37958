"""Old import path of ``ui.common.i18n`` (the UI language)."""

from ui.common.i18n import (CHINESE, ENGLISH, LANGUAGES, SETTING_KEY, SYSTEM, current_language,  # noqa: F401
                            install_translations, is_chinese, resolve_language, translation_file)
