"""Old import path of ``ui.services.session`` (the open store's session)."""

from ui.services.session import EditCommand, StoreSession, explain  # noqa: F401
