"""A row the desk refused (an analyst's house profile) stays an open conflict while the desk does not
hold this store's value, however the local row compares with mine; it closes once the desk holds it.
Against a real PostgreSQL desk."""

from __future__ import annotations

import json

from desk_testing import Desk

from workbench.desk.sync import sync
from workbench.store import sync_state
from workbench.store.store import HOUSE_JSON_FIELDS, HOUSE_TEXT_FIELDS


def _house_conflicts(store):
    return [c for c in sync_state.conflicts(store) if c["tbl"] == "house"]


def test_a_refused_house_profile_is_not_settled_as_mine_until_the_desk_holds_it(pg_cluster, desk_db, demo_path,
                                                                                  tmp_path):
    desk = Desk(pg_cluster, desk_db)
    analyst = desk.user("analyst")
    an = desk.join(demo_path, analyst)  # the desk is empty: the analyst's house profile goes, and is refused
    try:
        [c] = _house_conflicts(an)
        assert c["kind"] == "refused"
        sync(an, analyst)
        assert _house_conflicts(an), "settled as mine, but the desk holds no house profile"
        # an administrator sends the same profile: now the desk holds this store's value
        admin = desk.user("admin")
        ad = desk.join(tmp_path / "admin.sqlite", admin)
        mine = sync_state.current_image(an, ("house", "house"))
        ad.update_house(**{k: v for k, v in mine.items() if k in HOUSE_TEXT_FIELDS},
                        **{k: json.loads(v) if isinstance(v, str) else v for k, v in mine.items()
                           if k in HOUSE_JSON_FIELDS and k != "number_style"})
        ad.db.execute("UPDATE house SET number_style = ?", [mine["number_style"]])  # as the demo has it
        sync(ad, admin)
        assert sync_state.current_image(ad, ("house", "house")) == mine
        ad.close()
        sync(an, analyst)
        assert _house_conflicts(an) == []
        [closed] = [c for c in sync_state.conflicts(an, open_only=False) if c["tbl"] == "house"]
        assert closed["resolution"] == "mine"
    finally:
        an.close()
