"""The command line's progress bar over `verify`'s snapshot check: drawn over the versions whose
snapshots are rendered again (PDFs of an earlier release), nothing when every PDF carries its
snapshot's SHA-256 and nothing slow runs."""

from __future__ import annotations

import io

from workbench.drafting.lifecycle import change_status, open_correction
from workbench.drafting.record import verify_store
from workbench.progress import TextProgressBar
from workbench.store import Store


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _publish(path, versions: int) -> None:
    with Store(path) as store:
        issue_id = store.issue("latest").id
        for n in range(versions):
            if n:
                open_correction(store, issue_id, reason=f"更正 {n}", by="王编辑")
            change_status(store, issue_id, "review", by="qa")
            change_status(store, issue_id, "final", by="qa")


def _bar_of_verify(path) -> str:
    screen = Terminal()
    with Store(path) as store:
        assert verify_store(store, progress=TextProgressBar(screen)).ok
    return screen.getvalue()


def test_no_bar_when_every_pdf_carries_its_snapshot_key(demo_path):
    _publish(demo_path, 2)
    assert _bar_of_verify(demo_path) == ""


def test_a_bar_over_the_versions_rendered_again(demo_path, monkeypatch):
    import workbench.report.render as render

    plain = render.canvas_class
    with monkeypatch.context() as m:  # frozen as an earlier release did: no /SnapshotSHA256
        m.setattr(render, "canvas_class", lambda decorate, epoch=None, info=None: plain(
            decorate, epoch, {k: v for k, v in (info or {}).items() if k != render.SNAPSHOT_KEY}))
        _publish(demo_path, 2)
    shown = _bar_of_verify(demo_path)
    assert "  0%" in shown and " 50%" in shown and "100%" in shown and shown.endswith("\n")
