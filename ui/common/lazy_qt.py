"""``PySide6.QtCore.Qt``, fetched when first used.

PySide builds its whole ``Qt`` enum namespace (about 12 ms) the first time Python touches a Qt
enum. Code on the window's start-up path uses this stand-in so the first paint does not wait for it.
"""

from __future__ import annotations


class _LazyQt:
    """Looks every attribute up on the real ``Qt`` namespace, on first use."""

    def __getattr__(self, name):
        from PySide6.QtCore import Qt as real

        return getattr(real, name)


Qt = _LazyQt()

__all__ = ["Qt"]
