"""A colleague who settles a conflict by keeping their value replaces the value this store wrote:
the sync that pulls it says so in its notes (the company, metric, period, both values, who); a
colleague's ordinary later edit, or a settlement over a value this store did not write, says nothing
of the kind. Against a real PostgreSQL desk."""

from __future__ import annotations

from desk_testing import dbname  # noqa: F401  (the helpers' module: the desk's test tools)

from workbench.desk.sync import resolve, sync
from workbench.domain.metrics import METRICS
from workbench.store import sync_state

T = "688608.SH"  # 恒玄科技 in the demo store
KEY = (T, "revenue", "2023A")


def _user(config) -> str:
    return config.url.split("//", 1)[1].split("@", 1)[0].split(":", 1)[0]


def _replaced_notes(result):
    return [n for n in result.notes if "取代" in n]


def test_a_colleagues_keep_mine_over_my_value_is_told_at_my_next_sync(pair):
    desk, (zhang, cz), (wang, cw) = pair
    name = zhang.company(T)["name"]
    zhang.set_fact(*KEY, 21.9e8, source="zhang.csv")  # zhang, online
    sync(zhang, cz)
    wang.set_fact(*KEY, 22.0e8, source="wang.csv")  # wang, offline meanwhile
    assert sync(wang, cw).conflicts == 1
    [c] = sync_state.conflicts(wang)
    resolve(wang, c["id"], "mine")
    sync(wang, cw)
    result = sync(zhang, cz)
    assert zhang.fact(*KEY) == 22.0e8  # the truth: zhang's store now holds wang's value
    notes = _replaced_notes(result)
    assert len(notes) == 1, result.notes
    note = notes[0]
    assert name in note and METRICS["revenue"].zh in note and "2023" in note
    assert "21.9" in note and "22.0" in note and _user(cw) in note
    assert "settled a conflict" in note
    # told once: the next sync pulls nothing and says nothing of it
    assert _replaced_notes(sync(zhang, cz)) == []


def test_an_ordinary_later_edit_over_my_value_is_not_called_a_settlement(pair):
    desk, (zhang, cz), (wang, cw) = pair
    zhang.set_fact(*KEY, 21.9e8, source="zhang.csv")
    sync(zhang, cz)
    sync(wang, cw)
    wang.set_fact(*KEY, 22.0e8, source="wang.csv")  # seen, then edited: no conflict
    assert sync(wang, cw).conflicts == 0
    result = sync(zhang, cz)
    assert zhang.fact(*KEY) == 22.0e8 and _replaced_notes(result) == []
