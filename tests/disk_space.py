"""A small disk for the tests that fill one: a tmpfs mounted on a fresh folder (mounting needs root:
the test is skipped, with the reason, where it cannot be done), and a filler file that takes its room."""

from __future__ import annotations

import os
import shutil
import subprocess
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest


@contextmanager
def small_disk(folder: Path, size: str = "4m") -> Iterator[Path]:
    """A tmpfs of ``size`` mounted on ``folder`` (made here), unmounted afterwards."""
    folder.mkdir()
    if not shutil.which("mount"):
        pytest.skip("no mount command here, a full disk cannot be made")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs to fill (needs root): {done.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def fill(folder: Path, leave: int = 0) -> None:
    """Take the folder's file system's room with ``folder/filler.bin`` until ``leave`` bytes are
    free (0: until the file system refuses a write, ENOSPC)."""
    fd = os.open(folder / "filler.bin", os.O_WRONLY | os.O_CREAT)
    try:
        if leave:
            remaining = shutil.disk_usage(folder).free - leave
            while remaining > 0:
                remaining -= os.write(fd, b"\0" * min(1 << 20, remaining))
        else:
            while True:
                os.write(fd, b"\0" * 4096)
    except OSError:
        pass
    finally:
        os.close(fd)
    if not leave:
        assert shutil.disk_usage(folder).free == 0
