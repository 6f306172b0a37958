"""End-to-end helpers: run the real command line in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def cli(tmp_path):
    """Run ``workbench ARGS...``; returns the CompletedProcess (text mode)."""

    def run(*args, input=None, env=None):
        full_env = {**os.environ, "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8", **(env or {})}
        full_env.pop("WORKBENCH_DB", None)
        return subprocess.run([sys.executable, "-m", "workbench", *map(str, args)], capture_output=True,
                              text=True, cwd=tmp_path, env=full_env, input=input, timeout=120)

    return run
