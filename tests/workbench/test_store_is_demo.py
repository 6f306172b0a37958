"""A store knows whether it is still the demo: built by ``demo`` and nothing imported since."""

from __future__ import annotations


def test_the_demo_store_is_the_demo(demo_store):
    assert demo_store.is_demo() is True


def test_an_empty_store_is_not_the_demo(tmp_path):
    from workbench.store import Store

    with Store(tmp_path / "mine.sqlite") as store:
        assert store.is_demo() is False


def test_the_demo_stops_being_the_demo_once_data_is_imported(demo_store, tmp_path):
    from workbench.imports import import_files

    path = tmp_path / "long.csv"
    path.write_text("ticker,name,period,metric,value\n300493.SZ,润欣科技,2023A,revenue,2500000000\n",
                    encoding="utf-8")
    import_files(demo_store, [path])
    assert demo_store.is_demo() is False
