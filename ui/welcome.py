"""Old import path of ``ui.main_window.welcome`` (the first-start welcome panel)."""

from ui.main_window.welcome import WelcomePanel  # noqa: F401
