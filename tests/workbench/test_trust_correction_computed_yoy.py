"""A correction reprints its table as of its 截至 date: a restated actual is taken, a newer PE is not.

A YoY the table computes from two stored levels has no date of its own: it is as new as the later
of its two levels. When the base level (an actual of 2022) is restated after publication, the
correction takes the YoY it now computes, whatever the date, and final lists it among the figures
that differ from the published version; a PE dated after 截至 is kept as published and only counted
in the preflight's one line. Through the command line (``check``, ``status ... final``);
the truth is the store read with plain sqlite3 and decimal arithmetic on the levels.
"""

from __future__ import annotations

import re
import sqlite3
from decimal import ROUND_HALF_UP, Decimal

from workbench.cli import main

NEWCO = "688999.SH"


def write(tmp_path, name, header, *rows):
    path = tmp_path / name
    path.write_text("\n".join(",".join(r) for r in [header, *rows]) + "\n", encoding="utf-8")
    return str(path)


def run(capsys, *args) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def percent(value: Decimal) -> str:
    return str((value * 100).quantize(Decimal("0.01"), ROUND_HALF_UP)) + "%"


def after_line(text: str) -> str:
    found = [line for line in text.splitlines() if "WARN" in line and "较新的数据晚于本期截至日" in line]
    assert len(found) == 1, text
    return found[0]


def test_a_computed_yoy_whose_base_came_after_publication_is_counted(demo_path, tmp_path, capsys):
    db = str(demo_path)
    newco = write(tmp_path, "newco.csv", ["证券代码", "证券简称", "细分板块", "营业收入(亿元)2023年报", "营业收入(亿元)2022年报"],
                  [NEWCO, "测试科技", "PCB", "10.0165", "10"])
    after = write(tmp_path, "after.csv", ["证券代码", "证券简称", "营业收入(亿元)2022年报", "PE 2024E"],
                  [NEWCO, "测试科技", "8", ""], ["002475.SZ", "立讯精密", "", "30.0"])
    assert run(capsys, "import", newco, "--db", db, "--as-of", "2024-12-29")[0] == 0
    assert run(capsys, "status", "1", "review", "--db", db, "--by", "A")[0] == 0
    assert run(capsys, "status", "1", "final", "--db", db, "--by", "B")[0] == 0
    assert run(capsys, "import", after, "--db", db, "--as-of", "2025-01-06")[0] == 0
    assert run(capsys, "correct", "1", "--reason", "更正", "--db", db, "--by", "A")[0] == 0

    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    dated = dict(((m, p), (v, d)) for m, p, v, d in conn.execute(
        "SELECT metric, period, value, as_of FROM facts WHERE ticker = ?", [NEWCO]))
    pe = conn.execute("SELECT as_of FROM facts WHERE ticker = '002475.SZ' AND metric = 'pe' AND period = '2024E'").fetchone()
    conn.close()
    # the truth: no YoY is stored, the table computes it, and its base is dated after publication
    assert ("revenue_yoy", "2023A") not in dated
    assert dated[("revenue", "2022A")][1] == "2025-01-06" == pe[0] and dated[("revenue", "2023A")][1] == "2024-12-29"
    before = percent(Decimal("10.0165") / Decimal("10") - 1)
    now = percent(Decimal(repr(dated[("revenue", "2023A")][0])) / Decimal(repr(dated[("revenue", "2022A")][0])) - 1)
    assert (before, now) == ("0.17%", "25.21%")

    line = after_line(run(capsys, "check", "1", "--db", db)[1])
    assert "1 项" in line and "1 newer figure(s)" in line and "2025-01-06" in line, line

    # final lists the restated YoY only: the PE dated after 截至 stays as published
    assert run(capsys, "status", "1", "review", "--db", db, "--by", "A")[0] == 0
    code, out, err = run(capsys, "status", "1", "final", "--db", db, "--by", "B")
    assert code != 0
    listed = [x for x in (out + err).splitlines() if re.match(r"\s+- ", x)]
    assert len(listed) == 1, out + err
    assert NEWCO in listed[0] and before in listed[0] and now in listed[0], listed


def test_a_computed_yoy_whose_levels_predate_publication_is_not_counted(demo_path, tmp_path, capsys):
    db = str(demo_path)
    newco = write(tmp_path, "newco.csv", ["证券代码", "证券简称", "细分板块", "营业收入(亿元)2023年报", "营业收入(亿元)2022年报"],
                  [NEWCO, "测试科技", "PCB", "10.0165", "10"])
    after = write(tmp_path, "after.csv", ["证券代码", "证券简称", "PE 2024E"], ["002475.SZ", "立讯精密", "30.0"])
    assert run(capsys, "import", newco, "--db", db, "--as-of", "2024-12-29")[0] == 0
    assert run(capsys, "status", "1", "review", "--db", db, "--by", "A")[0] == 0
    assert run(capsys, "status", "1", "final", "--db", db, "--by", "B")[0] == 0
    assert run(capsys, "import", after, "--db", db, "--as-of", "2025-01-06")[0] == 0
    assert run(capsys, "correct", "1", "--reason", "更正", "--db", db, "--by", "A")[0] == 0
    line = after_line(run(capsys, "check", "1", "--db", db)[1])
    assert "1 项" in line and "1 newer figure(s)" in line and "2025-01-06" in line, line
