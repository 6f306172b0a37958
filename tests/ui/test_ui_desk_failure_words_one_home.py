"""Why the desk could not be reached is judged in one place, the core's ``workbench.desk.errors``: the
final's offline warning (``workbench.desk.ahead``) and the app's join dialog and status bar
(``ui.desk.words``) both read the driver's text through it, so they never disagree on what a
failure means. A real connection refused (nothing listens on the port) is read by both as such."""

from __future__ import annotations

import socket

import psycopg
import pytest

from workbench.desk import errors


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def refused_text() -> str:
    """The driver's own text for a desk nobody answers at."""
    with pytest.raises(psycopg.OperationalError) as caught:
        psycopg.connect(f"postgresql://ed@127.0.0.1:{_closed_port()}/desk", connect_timeout=3)
    return str(caught.value).strip().splitlines()[0]


def test_a_refused_connection_is_read_alike_by_the_final_and_the_app(qapp, refused_text):
    from ui.desk import words
    from workbench.desk.ahead import DeskFreshness

    assert errors.failure_kind(refused_text) == "refused"
    zh, en = errors.failure_words(refused_text)
    found = DeskFreshness(joined=True, last_sync=None, reason=errors.failure_words(refused_text))
    assert zh in found.warning("zh") and en in found.warning("en")
    assert words.reason(refused_text) == words.reason_words("refused") != ""


@pytest.mark.parametrize("kind", ["refused", "host", "database", "timeout", "tls", "hba"])
def test_the_app_follows_the_cores_reading_of_a_driver_text(qapp, monkeypatch, kind):
    from ui.desk import words

    monkeypatch.setattr(errors, "failure_kind", lambda detail: kind)
    shown = {k: words.reason_words(k) for k in ("refused", "host", "database", "timeout", "tls", "hba")}
    assert len(set(shown.values())) == len(shown)  # each reason its own words
    assert words.reason("whatever the driver said") == shown[kind]


def test_what_the_app_words_nothing_for_stays_unsaid(qapp, monkeypatch):
    from ui.desk import words

    for kind in (None, "login", "no_password", "permission"):
        monkeypatch.setattr(errors, "failure_kind", lambda detail, kind=kind: kind)
        assert words.reason("FATAL:  password authentication failed for user \"ed\"") == ""


def test_the_final_reads_the_driver_text_through_the_core(monkeypatch):
    from workbench.desk import ahead

    monkeypatch.setattr(errors, "failure_kind", lambda detail: "timeout")
    assert ahead._reason_of("anything") == errors.FAILURE_WORDS["timeout"]
