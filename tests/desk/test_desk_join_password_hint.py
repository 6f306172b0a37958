"""A join with no password anywhere says how to give one: the password in the URL (the command just
run, with the password in it), WORKBENCH_DESK_PASSWORD or libpq's password file; each way it names
is one the join really takes. Against a real PostgreSQL desk."""

from __future__ import annotations

import pytest

from desk_testing import Desk

from workbench.cli import main


def _user_of(config) -> str:
    return config.url.split("//", 1)[1].split("@", 1)[0]


@pytest.mark.usefixtures("private_password_file")
def test_a_join_with_no_password_says_how_to_give_one(pg_cluster, desk_db, demo_path, tmp_path, capsys, monkeypatch):
    from workbench.desk.config import write_pgpass

    monkeypatch.delenv("PGPASSWORD", raising=False)
    desk = Desk(pg_cluster, desk_db)
    user = desk.user("analyst")
    name = _user_of(user)
    capsys.readouterr()
    assert main(["desk", "join", user.url, "--db", str(tmp_path / "none.sqlite")]) != 0
    said = capsys.readouterr().err
    assert "本机没有保存" in said  # (the app words this refusal itself: its opening stays)
    # each way it names: the password in the URL (the command just run, with the password in it),
    # WORKBENCH_DESK_PASSWORD, libpq's password file
    with_password = user.url.replace(f"//{name}@", f"//{name}:PASSWORD@")
    assert with_password in said, said
    assert "WORKBENCH_DESK_PASSWORD" in said and "PGPASSFILE" in said and ".pgpass" in said, said
    assert not (tmp_path / "none.sqlite").exists()
    # and each of them joins (the truth: what the join really takes)
    in_url = user.url.replace(f"//{name}@", f"//{name}:{user.password}@")
    assert main(["desk", "join", in_url, "--db", str(tmp_path / "url.sqlite")]) == 0
    (tmp_path / "pgpass").unlink()  # (the join kept it in the password file: gone again)
    monkeypatch.setenv("WORKBENCH_DESK_PASSWORD", user.password)
    assert main(["desk", "join", user.url, "--db", str(tmp_path / "env.sqlite")]) == 0
    monkeypatch.delenv("WORKBENCH_DESK_PASSWORD")
    write_pgpass(user.url, user.password)
    assert main(["desk", "join", user.url, "--db", str(tmp_path / "file.sqlite")]) == 0


def test_a_join_on_a_terminal_with_no_password_asks_for_it(pg_cluster, desk_db, tmp_path):
    """On a terminal the join asks for the password it found nowhere, and keeps it as a password in
    the URL is kept: the next sync logs in with it (both run as the user runs them)."""
    import os
    import pty
    import select
    import subprocess
    import sys
    import time

    desk = Desk(pg_cluster, desk_db)
    user = desk.user("analyst")
    db = tmp_path / "asked.sqlite"
    env = {k: v for k, v in os.environ.items() if k not in ("WORKBENCH_DESK_PASSWORD", "PGPASSWORD")}
    env.update(LANG="C.UTF-8", PGPASSFILE=str(tmp_path / "pgpass"),
               PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring")
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "workbench", "desk", "join", user.url, "--db", str(db)],
                            stdin=slave, stdout=subprocess.PIPE, stderr=slave, env=env, start_new_session=True)
    os.close(slave)
    seen, deadline = b"", time.monotonic() + 60
    while "的密码 (password of".encode() not in seen and time.monotonic() < deadline and proc.poll() is None:
        if select.select([master], [], [], 0.5)[0]:
            try:
                seen += os.read(master, 4096)
            except OSError:
                break
    assert "的密码 (password of".encode() in seen and _user_of(user).encode() in seen, seen.decode(errors="replace")
    os.write(master, user.password.encode() + b"\n")
    out, _ = proc.communicate(timeout=120)
    os.close(master)
    assert proc.returncode == 0, (out.decode(errors="replace"), seen.decode(errors="replace"))
    assert user.password.encode() not in seen  # (not echoed)
    assert (tmp_path / "pgpass").read_text().rstrip().endswith(":" + user.password)
    again = subprocess.run([sys.executable, "-m", "workbench", "sync", "--db", str(db)], env=env,
                           stdin=subprocess.DEVNULL, capture_output=True, timeout=120)
    assert again.returncode == 0, again.stderr.decode(errors="replace")
