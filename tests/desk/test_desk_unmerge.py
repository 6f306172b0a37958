"""An index merge undone on one workstation travels through the desk: the other workstation gets
the removed index back with exactly its quotes."""

from __future__ import annotations

import pytest

from desk_testing import Desk, local_tables, normalised  # noqa: E402

from workbench.desk.sync import sync  # noqa: E402

AI = "中证人工智能指数"  # a demo index


@pytest.fixture
def desk(pg_cluster, desk_db):
    return Desk(pg_cluster, desk_db)


def shared(store) -> tuple[dict, dict]:
    tables = normalised(local_tables(store))
    return tables["indices"], tables["quotes"]


def test_a_merge_and_its_undo_travel_to_another_workstation(desk, demo_path, tmp_path):
    admin, analyst = desk.user("admin"), desk.user("analyst")
    a = desk.join(demo_path, admin)
    b = desk.join(tmp_path / "b.sqlite", analyst)
    try:
        twin = a.upsert_index("中证人工智能", None)
        a.write_quotes([(twin, "2024-12-30", 1330.5, 0.0064, "Wind")])
        sync(a, admin)
        sync(b, analyst)
        before = shared(a)
        assert shared(b) == before and "中证人工智能" in [i["name"] for i in b.indices()]

        a.merge_indices(a.index(AI)["id"], twin)
        sync(a, admin)
        sync(b, analyst)
        assert "中证人工智能" not in [i["name"] for i in b.indices()]
        assert b.quotes(b.index(AI)["id"], "2024-12-30", "2024-12-30")[0]["close"] == 1330.5

        [merge] = a.index_merges("中证人工智能")
        a.unmerge_indices(merge["batch_id"])
        assert shared(a) == before
        result = sync(a, admin)
        assert result.conflicts == 0
        sync(b, analyst)
        assert shared(b) == before
        restored = b.index("中证人工智能")
        assert b.quotes(restored["id"]) == [{"date": "2024-12-30", "close": 1330.5, "change": 0.0064}]
        assert b.quotes(b.index(AI)["id"], "2024-12-30", "2024-12-30") == []
    finally:
        a.close()
        b.close()
