"""The app's dialogs: the small ones (settings, about, user guide, add company) in ``small``, the
house profile in ``house``, importing files in ``importing``, a figure's history in ``provenance``.

The package offers the small dialogs by name, as the old ``ui.dialogs`` module did; they load when
first asked for, so importing another dialog's module does not load them. The house profile, the
import dialog (which loads the import engine) and the provenance dialog come from their modules.
"""

_SMALL = ("AboutDialog", "AddCompanyDialog", "SettingsDialog", "UserGuideDialog")


def __getattr__(name: str):
    if name in _SMALL:
        from ui.dialogs import small

        return getattr(small, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = list(_SMALL)
