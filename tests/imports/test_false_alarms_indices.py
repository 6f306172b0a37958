"""--same-index is the user's explicit answer: the index they name is the one they mean, however
unlike its name the file's is (电子(申万) for 申万电子, 中证AI for 中证人工智能指数); the summary names
both, so a typo shows. Refused still: an index the store does not hold."""

from __future__ import annotations

import pytest

from workbench.errors import ImportFailed
from workbench.imports import import_files

STORED = ("指数代码,指数名称,日期,收盘价,涨跌幅(%)", "801080.SI,申万电子,2024-12-20,3650.10,1.2",
          ",中证人工智能指数,2024-12-20,1300.00,0.5")


@pytest.fixture
def indices(store, write_text):
    import_files(store, [write_text("stored.csv", *STORED)])
    return {i["name"]: i for i in store.indices()}


@pytest.mark.parametrize("name, target, close", [("电子(申万)", "申万电子", 3709.46), ("SW电子", "申万电子", 3709.46),
                                                 ("中证AI", "中证人工智能指数", 1321.33)])
def test_an_explicit_mapping_is_taken_and_named_in_the_summary(store, indices, write_text, name, target, close):
    path = write_text("q.csv", "名称,日期,收盘价", f"{name},2024-12-27,{close}")
    result = import_files(store, [path], map_indices={name: indices[target]["id"]})
    got = {(q["index_id"], q["date"]): q["close"] for q in store.all_quotes()}
    assert got[(indices[target]["id"], "2024-12-27")] == pytest.approx(close)
    assert len(store.indices()) == 2  # no index made of the file's name
    summary = result.summary()
    assert name in summary and target in summary


def test_a_mapping_to_no_stored_index_is_still_refused(store, indices, write_text):
    with pytest.raises(ImportFailed):
        import_files(store, [write_text("q.csv", "名称,日期,收盘价", "中证AI,2024-12-27,1321.33")],
                     map_indices={"中证AI": 999})


def test_the_command_line_takes_a_code_as_the_index(store, indices, write_text, capsys, tmp_path):
    from workbench.cli import main

    db = tmp_path / "store.sqlite"  # the store fixture's file
    path = write_text("sw.csv", "名称,日期,收盘价", "电子(申万),2024-12-27,3709.46")
    assert main(["import", str(path), "--db", str(db), "--same-index", "电子(申万)=801080.SI"]) == 0
    out = capsys.readouterr().out
    assert "电子(申万)" in out and "申万电子" in out
