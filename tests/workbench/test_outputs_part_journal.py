"""A write killed mid-copy (a backup into its hidden ``.NAME.xxxxxxxx.part``) leaves the temporary
database's ``-journal`` beside it: the clean-up removes it with its part, and only when stale and free."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import time

from workbench.outputs import STALE_PART_SECONDS, clean_stale_parts

KILLED_COPY = """
import os, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA journal_mode = DELETE")
conn.execute("CREATE TABLE t (x)")
conn.execute("BEGIN")
for _ in range(40):
    conn.execute("INSERT INTO t VALUES (randomblob(100000))")
os.kill(os.getpid(), 9)
"""


def killed_copy(folder, name: str):
    """A real leftover: a process writing the temporary database is killed -9 mid-transaction."""
    part = folder / name
    subprocess.run([sys.executable, "-c", KILLED_COPY, str(part)], capture_output=True)
    journal = folder / (name + "-journal")
    assert part.is_file() and journal.is_file()
    return part, journal


def age(*paths, seconds=STALE_PART_SECONDS + 300):
    then = time.time() - seconds
    for p in paths:
        os.utime(p, (then, then))


def test_a_stale_part_goes_with_its_journal(tmp_path):
    part, journal = killed_copy(tmp_path, ".b.sqlite.5d2027fb.part")
    other_part, other_journal = killed_copy(tmp_path, ".c.sqlite.0123abcd.part")  # another target's
    target = tmp_path / "b.sqlite"
    target.write_bytes(b"the user's own backup")
    age(part, journal, other_part, other_journal)
    removed = clean_stale_parts(tmp_path, "b.sqlite")
    assert sorted(p.name for p in removed) == sorted([part.name, journal.name])
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["b.sqlite", other_part.name, other_journal.name])


def test_a_journal_whose_part_is_already_gone_is_removed_when_stale(tmp_path):
    part, journal = killed_copy(tmp_path, ".b.sqlite.5d2027fb.part")
    part.unlink()  # an earlier clean-up took the part only
    age(journal)
    assert clean_stale_parts(tmp_path, "b.sqlite") == [journal]
    assert list(tmp_path.iterdir()) == []


def test_a_recent_or_held_part_keeps_its_journal(tmp_path):
    part, journal = killed_copy(tmp_path, ".b.sqlite.5d2027fb.part")
    assert clean_stale_parts(tmp_path, "b.sqlite") == []  # written just now
    age(part, journal)
    fd = os.open(part, os.O_RDONLY)  # a running write holds its part
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        assert clean_stale_parts(tmp_path, "b.sqlite") == []
        assert part.exists() and journal.exists()
    finally:
        os.close(fd)


def test_a_stale_journal_stays_beside_a_part_still_being_written(tmp_path):
    part, journal = killed_copy(tmp_path, ".b.sqlite.5d2027fb.part")
    age(journal)  # the part itself was written to a moment ago
    assert clean_stale_parts(tmp_path, "b.sqlite") == []
    assert part.exists() and journal.exists()
