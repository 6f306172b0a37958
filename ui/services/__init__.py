"""What the screens share beneath them: the open store's session (undo stack, change signals) and
the workers that run the core's long functions off the UI thread."""
