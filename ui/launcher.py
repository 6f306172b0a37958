"""The ``workbench`` console script: the core's command line, able to open the desktop app.

Qt is imported only when the app is opened, so headless commands and ``--version`` stay light.
"""

from __future__ import annotations

from pathlib import Path


def open_app(path: Path) -> int:
    from ui.app import run

    return run(path)


def main(argv: list[str] | None = None) -> int:
    from workbench.cli import main as cli_main

    return cli_main(argv, open_app=open_app)


if __name__ == "__main__":
    raise SystemExit(main())
