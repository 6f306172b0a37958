"""A company deleted on one workstation while a colleague adds a newer figure for it on the desk:
restoring the company (as the refusal says) takes the desk's newer figure, or keeps a conflict,
never overwrites it silently. Against a real PostgreSQL desk."""

from __future__ import annotations

from workbench.desk.sync import sync
from workbench.store import sync_state

T = "688591.SH"


def test_restoring_a_deleted_company_takes_the_desks_newer_figure(pair):
    desk, (a, ca), (b, cb) = pair
    old = a.fact(T, "pe", "2024E")
    assert old is not None and old != 55.5
    removed = a.delete_companies([T])
    b.set_fact(T, "pe", "2024E", 55.5)  # the colleague's newer figure
    sync(b, cb)
    sync(a, ca)  # the figure is refused here: the company is deleted
    assert any(c["tbl"] == "facts" and c["key"] == f"{T}|pe|2024E" for c in sync_state.conflicts(a))
    a.restore_companies(removed)
    sync(a, ca)
    sync(b, cb)
    # the desk's newer figure stands; this store takes it, or keeps its old one as an open conflict
    assert b.fact(T, "pe", "2024E") == 55.5
    open_here = [c for c in sync_state.conflicts(a) if c["key"] == f"{T}|pe|2024E" and c["mine"]
                 and c["mine"].get("value") == old]
    assert a.fact(T, "pe", "2024E") == 55.5 or open_here
    assert not [c for c in sync_state.conflicts(b) if c["key"] == f"{T}|pe|2024E"]
