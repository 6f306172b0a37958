"""Entry point of the frozen Analyst Workbench: the same target as the ``workbench`` console script
in pyproject.toml (tests/e2e/test_packaging.py keeps the two in step).

``workbench`` with no sub-command opens the app; every sub-command of the command line works too.

``WORKBENCH_SMOKE_IMPORTS="mod1 mod2 ..."`` (packaging/smoke.sh) imports those modules inside the
bundle instead, one line each (``smoke: import NAME ok FILE`` or ``... FAILED: error``), and exits 1
when any failed: what the bundle really carries (a C extension a backend loads by name, such as
keyring's Secret Service through cryptography's ``_cffi_backend``), not only which folders exist.
"""

import multiprocessing
import os
import sys


def smoke_imports(names: str) -> int:
    """Import each named module; 0 when all import, else 1."""
    import importlib

    failed = 0
    for name in names.replace(",", " ").split():
        try:
            module = importlib.import_module(name)
        except Exception as exc:  # ImportError, or a backend's own error at import
            print(f"smoke: import {name} FAILED: {type(exc).__name__}: {exc}")
            failed += 1
        else:
            print(f"smoke: import {name} ok {getattr(module, '__file__', None) or '(built in)'}")
    return 1 if failed else 0


if __name__ == "__main__":
    multiprocessing.freeze_support()
    if os.environ.get("WORKBENCH_SMOKE_IMPORTS"):
        sys.exit(smoke_imports(os.environ["WORKBENCH_SMOKE_IMPORTS"]))
    from ui.launcher import main

    sys.exit(main())
