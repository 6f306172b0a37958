"""The cover chart says 示意数据 only when what it plots is illustrative: the sample history the demo
generated (quotes whose source is 示意数据), not because the index was once flagged as sample."""

from __future__ import annotations

from workbench.charts.build import relative_performance_spec

SAMPLE_SOURCE = "示意数据"  # what the demo writes as the source of its generated history (workbench/demo.py)


def _real_week(store):
    """This week's closes of both charted indices from a vendor file (not sample data)."""
    sector, bench = store.index("申万电子"), store.benchmark()
    rows = []
    for index, closes in ((sector, (4290.11, 4198.20, 4010.50, 3925.30)),
                          (bench, (3970.66, 3934.91, 3820.56, 3775.16))):
        for day, close in zip(("2024-12-30", "2024-12-31", "2025-01-02", "2025-01-03"), closes):
            rows.append((index["id"], day, close, None, "ifind_quotes_20250103.csv"))
    store.write_quotes(rows)


def _plotted_sources(store, spec_dates, names):
    ids = [store.index(n)["id"] for n in names]
    dates = set(spec_dates)
    return {q["source"] for q in store.rows("SELECT index_id, date, source FROM quotes")
            if q["index_id"] in ids and q["date"] in dates}


def test_a_chart_of_the_demo_s_generated_year_is_sample(demo_store):
    spec = relative_performance_spec(demo_store, "申万电子", "2024-12-27")
    assert SAMPLE_SOURCE in _plotted_sources(demo_store, spec.x, ["申万电子", "沪深300"])
    assert spec.sample and "示意" in spec.source


def test_a_chart_of_real_quotes_only_is_not_sample_though_the_index_was_flagged(demo_store):
    _real_week(demo_store)
    assert demo_store.index("申万电子")["sample"] == 1  # the flag the demo set stays
    spec = relative_performance_spec(demo_store, "申万电子", "2025-01-03", days=6)  # this week alone
    assert len(spec.x) == 4
    assert SAMPLE_SOURCE not in _plotted_sources(demo_store, spec.x, ["申万电子", "沪深300"])
    assert not spec.sample and "示意" not in spec.source


def test_a_year_ending_in_a_real_week_is_still_partly_sample(demo_store):
    _real_week(demo_store)
    spec = relative_performance_spec(demo_store, "申万电子", "2025-01-03")
    assert SAMPLE_SOURCE in _plotted_sources(demo_store, spec.x, ["申万电子", "沪深300"])
    assert spec.sample


def test_the_app_s_light_reader_answers_it_without_opening_the_full_store(demo_path):
    from workbench.store.reader import LazyStore

    lazy = LazyStore.open(demo_path)
    try:
        spec = relative_performance_spec(lazy, "申万电子", "2024-12-27")
        assert spec.sample and not lazy.is_open
    finally:
        lazy.close()
