"""Old import path of ``ui.views.issues`` (the Issues tab)."""

from ui.views.issues import IssuesPage, rich  # noqa: F401
