"""机构信息 (the house profile dialog) writes only what was changed: OK with nothing changed writes
nothing (no change log entry, nothing waiting for the desk, so an analyst on a desk gets no refused
conflict); the store's own house and analyst updates skip a write whose value is the one stored."""

from __future__ import annotations


import pytest

from desk_testing import desk_with_demo, sync_as

from workbench.store import Store, sync_state


def _log(store) -> list[tuple]:
    return [tuple(r) for r in store.db.execute("SELECT entity, op, key1 FROM change_log ORDER BY seq")]


def _open(qtbot, store):
    from ui.dialogs.house import HouseDialog

    dialog = HouseDialog(store)
    qtbot.addWidget(dialog)
    return dialog


def test_ok_with_nothing_changed_writes_nothing(qtbot, demo_path):
    store = Store(demo_path)
    house, analysts, before = store.house(), store.analysts(), _log(store)
    assert house["number_style"] == {}  # the demo's house has no explicit style: the defaults print
    dialog = _open(qtbot, store)
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert _log(store) == before
    assert store.house() == house and store.analysts() == analysts


def test_ok_writes_only_the_changed_field_and_analyst(qtbot, demo_path):
    store = Store(demo_path)
    first, second = store.analysts()[:2]
    before = len(_log(store))
    dialog = _open(qtbot, store)
    dialog.footer.setText("新页脚")
    dialog.analysts.table.item(1, 2).setText("new-contact@example.com")
    dialog.accept()
    new = _log(store)[before:]
    assert sorted(e for e, _, _ in new) == ["analysts", "house"]
    assert store.house()["footer"] == "新页脚" and store.house()["number_style"] == {}
    assert [a["contact"] for a in store.analysts()[:2]] == [first["contact"], "new-contact@example.com"]
    row = store.db.execute("SELECT old, new FROM change_log WHERE entity = 'house' ORDER BY seq DESC").fetchone()
    import json

    old, new_image = json.loads(row[0]), json.loads(row[1])
    assert {k for k in new_image if new_image[k] != old.get(k)} == {"footer"}
    assert second["id"] == store.analysts()[1]["id"]


def test_the_number_style_is_written_once_it_differs(qtbot, demo_path):
    store = Store(demo_path)
    dialog = _open(qtbot, store)
    dialog.numbers.thousands.setChecked(True)
    dialog.accept()
    assert store.house()["number_style"]["thousands"] is True
    assert [e for e, _, _ in _log(store)][-1] == "house"


def test_store_updates_skip_a_write_of_the_stored_value(demo_path):
    store = Store(demo_path)
    house, a = store.house(), store.analysts()[0]
    before = _log(store)
    store.update_house(name_zh=house["name_zh"], series=house["series"], ratings=house["ratings"])
    store.update_house(number_style={})  # the style stored ({}: the defaults) in its explicit form too
    from workbench.domain.metrics import NumberStyle

    store.update_house(number_style=NumberStyle.lenient({}).to_dict())
    store.update_analyst(a["id"], name=a["name"], sac_no=a["sac_no"], contact=a["contact"] or "")
    assert _log(store) == before
    store.update_analyst(a["id"], name=a["name"], contact="x@example.com")
    assert [(e, op) for e, op, _ in _log(store)[len(before):]] == [("analysts", "update")]


@pytest.mark.usefixtures("private_password_file")
def test_an_analyst_pressing_ok_gets_no_refused_conflict(qtbot, pg_cluster, desk_db, demo_path, tmp_path):
    desk = desk_with_demo(pg_cluster, desk_db, demo_path, tmp_path)
    analyst = desk.user("analyst")
    store = desk.join(tmp_path / "li.sqlite", analyst)
    assert sync_state.pending_count(store) == 0
    _open(qtbot, store).accept()
    assert sync_state.pending_count(store) == 0
    result = sync_as(store, analyst)
    assert result.conflicts == 0 and result.refused == 0 and not sync_state.conflicts(store)
    store.close()


def test_empty_fields_and_a_style_the_dialog_does_not_show_stay_as_stored(qtbot, demo_path):
    store = Store(demo_path)
    store.update_house(ratings={}, series=[], number_style={"price_decimals": 3})
    store.update_analyst(store.analysts()[0]["id"], contact="")  # stored as NULL
    before = _log(store)
    _open(qtbot, store).accept()
    assert _log(store) == before
    dialog = _open(qtbot, store)
    dialog.numbers.ratio.setValue(1)
    dialog.accept()
    assert store.house()["number_style"] == {"thousands": False, "amount_decimals": 1, "ratio_decimals": 1,
                                             "multiple_decimals": 1, "price_decimals": 3}
    assert store.house()["ratings"] == {} and store.house()["series"] == []
