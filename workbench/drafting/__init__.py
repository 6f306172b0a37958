"""Drafting weekly issues: the auto-drafted market review, copy-forward and the lifecycle."""
