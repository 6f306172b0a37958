"""An administrator merges the benchmark index into another in the app (allowed: the benchmark moves
with the merge); the desk then makes them an analyst (learned at a sync). Undo of that merge would give
the benchmark back to the removed index, a change of the house's benchmark the desk refuses to an
analyst: it is refused at once, in the words ``workbench index unmerge`` uses, and the store keeps the
merge (the benchmark where the merge put it, every quote where it is), instead of an undo that only
the next sync refuses."""

from __future__ import annotations

from ui.common.i18n import strip_glosses


def _joined(store, role):
    from workbench.desk.roles import SETTING_ROLE
    from workbench.store import sync_state

    sync_state.set_settings(store, {sync_state.SETTING_URL: "postgresql://desk.example/desk", SETTING_ROLE: role})


def _state(store):
    counts = {}
    for q in store.all_quotes():
        counts[q["index_id"]] = counts.get(q["index_id"], 0) + 1
    return {i["name"]: (bool(i["is_benchmark"]), counts.get(i["id"], 0)) for i in store.indices()}


def _merge_benchmark(window, monkeypatch):
    store = window.session.store
    _joined(store, "admin")
    bench = store.benchmark()
    store.upsert_index("电子行业指数", "801080.XX")
    other = store.index("801080.XX")
    monkeypatch.setattr(window, "confirm", lambda *a, **k: True)
    assert window.merge_index(bench["id"], other["id"])
    assert store.benchmark()["name"] == other["name"]  # the flag went with the merge
    return bench, other


def test_undo_of_a_benchmark_merge_after_the_role_changed_is_refused_in_words(window, qtbot, monkeypatch):
    store = window.session.store
    bench, other = _merge_benchmark(window, monkeypatch)
    merged = _state(store)
    _joined(store, "analyst")  # the next sync learned the desk made this user an analyst
    from PySide6.QtWidgets import QMessageBox

    boxes = []  # the window says a refused undo in a box
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a, **k: boxes.append(text))
    window.session.undo_stack.undo()
    assert boxes, "the undo was not refused"
    zh = strip_glosses(boxes[-1])
    assert "撤销合并会把基准指数还给" in zh and bench["name"] in zh and "角色是分析师" in zh, zh
    assert _state(store) == merged  # nothing undone
    assert store.benchmark()["name"] == other["name"]


def test_undo_of_a_benchmark_merge_by_an_administrator_still_undoes(window, qtbot, monkeypatch):
    store = window.session.store
    bench, other = _merge_benchmark(window, monkeypatch)
    window.session.undo_stack.undo()
    assert store.benchmark()["name"] == bench["name"]
    assert bench["name"] in _state(store) and _state(store)[bench["name"]][0]
