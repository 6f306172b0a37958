"""The leaf of the UI: helpers every screen shares (settings, prompts, icons, companies, language,
window geometry, the editor's bold-only text field). Imports only Qt and the core.

Importing the package loads nothing; each module is imported on its own.
"""
