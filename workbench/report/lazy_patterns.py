"""reportlab's paragraph modules loaded without compiling, at import, two patterns the report never uses.

``reportlab.platypus.paragraph`` compiles a case-insensitive URI pattern over ``\\xa1-\\uffff``
when it is imported (about 20 ms, a tenth of a whole export process), used only to split long
URIs when a style turns on ``uriWasteReduce``; ``reportlab.lib.textsplit`` compiles a CJK pattern
(2 ms) used only by its ``cjkwrap``. While those two modules load, ``re.compile`` hands back a
stand-in for exactly these patterns that compiles the real one on first use, so nothing
changes for code that does use them. Every other pattern is compiled as usual.
"""

from __future__ import annotations

import re
import sys
import threading

_URI_PREFIX = "(^(?:[a-z0-9\\.\\-\\+]*)://)"  # reportlab.platypus.paragraph.uri_pat
_CJK_SPLIT = "([\u2e80-\uffff])"  # reportlab.lib.textsplit.rx
_MODULES = ("reportlab.lib.textsplit", "reportlab.platypus.paragraph")
_lock = threading.Lock()


class LazyPattern:
    """A compiled pattern made on first use; reads like the ``re.Pattern`` it stands for."""

    def __init__(self, pattern: str, flags: int, compile_=re.compile):
        self._args = (pattern, flags)
        self._compile = compile_
        self._compiled: re.Pattern | None = None

    @property
    def compiled(self) -> re.Pattern:
        if self._compiled is None:
            self._compiled = self._compile(*self._args)
        return self._compiled

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.compiled, name)

    def __repr__(self) -> str:
        return f"LazyPattern({self._args[0][:40]!r}…)"


def deferred(pattern, flags: int = 0) -> bool:
    """True for the patterns compiled on first use (see module docstring)."""
    return isinstance(pattern, str) and (pattern.startswith(_URI_PREFIX) or pattern == _CJK_SPLIT)


def load_paragraph_modules() -> None:
    """Import reportlab's paragraph modules (once per process) with the two patterns deferred."""
    if all(m in sys.modules for m in _MODULES):
        return
    with _lock:
        real = re.compile

        def compile_(pattern, flags=0):
            if deferred(pattern, flags):
                return LazyPattern(pattern, flags, real)
            return real(pattern, flags)

        re.compile = compile_
        try:
            import reportlab.lib.textsplit  # noqa: F401
            import reportlab.platypus.paragraph  # noqa: F401
        finally:
            re.compile = real
