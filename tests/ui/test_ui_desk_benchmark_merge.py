"""On a store joined to a desk as an analyst, 合并到另一指数… of the benchmark index is refused at once,
naming the role in words (分析师, not the role's code) and nothing changes: the merge would carry the
house's benchmark onto the kept index (the desk refuses it too: tests/desk/test_desk_benchmark_every_way.py).
The refusal of 设为基准指数 names the role the same way."""

from __future__ import annotations

from ui.common.i18n import strip_glosses


def _as_analyst(store):
    from workbench.desk.roles import SETTING_ROLE
    from workbench.store import sync_state

    sync_state.set_settings(store, {sync_state.SETTING_URL: "postgresql://desk.example/desk", SETTING_ROLE: "analyst"})


def _state(store):
    counts = {}
    for q in store.all_quotes():
        counts[q["index_id"]] = counts.get(q["index_id"], 0) + 1
    return {i["name"]: (bool(i["is_benchmark"]), counts.get(i["id"], 0)) for i in store.indices()}


def test_an_analysts_merge_of_the_benchmark_is_refused_naming_the_role(window, monkeypatch):
    store = window.session.store
    _as_analyst(store)
    bench = store.benchmark()
    store.upsert_index("电子行业指数", "801080.XX")  # a new index, no quotes yet
    other = store.index("801080.XX")
    before = _state(store)
    shown, asked = [], []
    monkeypatch.setattr(window, "message_box", lambda icon, title, text, *a, **k: shown.append(text))
    monkeypatch.setattr(window, "confirm", lambda *a, **k: asked.append(a) or True)
    assert not window.merge_index(bench["id"], other["id"])
    assert shown and not asked
    zh = strip_glosses(shown[-1])
    assert "角色是分析师" in zh and "管理员" in zh and "角色是 analyst" not in zh, zh
    assert zh.endswith("。") and bench["name"] in zh
    assert _state(store) == before
    # merging another index into the benchmark keeps it: offered as ever
    assert window.merge_index(other["id"], bench["id"])
    assert store.benchmark()["id"] == bench["id"]
    assert other["name"] not in _state(store)


def test_the_benchmark_refusal_names_the_role_in_words(window, monkeypatch):
    store = window.session.store
    _as_analyst(store)
    shown = []
    monkeypatch.setattr(window, "message_box", lambda icon, title, text, *a, **k: shown.append(text))
    few = store.index("000001.SH")
    assert not window.set_benchmark(few["id"])
    zh = strip_glosses(shown[-1])
    assert "角色是分析师（只有管理员可以更换）。" in zh, zh
