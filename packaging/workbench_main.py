"""Entry point of the frozen Analyst Workbench: the same ``workbench`` command as the console script.

``workbench`` with no sub-command opens the app; every sub-command of the command line works too.
"""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()
    from workbench.cli import main

    sys.exit(main())
