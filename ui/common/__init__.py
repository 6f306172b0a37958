"""The leaf of the UI: what every screen shares. Imports only Qt and the core.

``settings`` (QSettings), ``prompts`` (confirm, ask, message box), ``icons``, ``companies`` (picker
labels, completer, current user), ``i18n`` (UI language), ``geometry`` (window sizes for desk
laptops), ``rich_text`` (the bold-only text field), ``provenance`` (a figure's history in words),
``lazy_qt`` (the ``Qt`` namespace without building it at start-up).

Importing the package loads nothing; each module is imported on its own.
"""
