"""Entry point of the frozen Analyst Workbench: the same target as the ``workbench`` console script
in pyproject.toml (tests/e2e/test_packaging.py keeps the two in step).

``workbench`` with no sub-command opens the app; every sub-command of the command line works too.
"""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()
    from ui.launcher import main

    sys.exit(main())
