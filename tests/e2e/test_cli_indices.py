"""The command line for index identity: near matches refused with a hint, index list/code/merge."""


from workbench.store import Store

QUOTES = "代码,名称,日期,收盘价,涨跌幅\n"


def _store_with_codeless_csi300(cli, tmp_path):
    db = tmp_path / "s.sqlite"
    old = tmp_path / "old.csv"
    old.write_text(QUOTES + ",沪深300,2024-12-20,3927.61,-0.10%\n", encoding="utf-8")
    assert cli("import", old, "--db", db, "--new-store").returncode == 0
    return db


def test_a_near_match_is_refused_with_a_hint_and_confirmed_with_new_index(cli, tmp_path):
    db = _store_with_codeless_csi300(cli, tmp_path)
    new = tmp_path / "new.csv"
    new.write_text(QUOTES + ",沪深300指数,2024-12-27,3981.03,1.36%\n", encoding="utf-8")
    out = cli("import", new, "--db", db)
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert "new.csv" in out.stderr and "沪深300指数" in out.stderr and "“沪深300”" in out.stderr
    assert "--new-index 沪深300指数" in out.stderr and "--same-index 沪深300指数=沪深300" in out.stderr
    with Store(db) as s:
        assert len(s.indices()) == 1 and len(s.all_quotes()) == 1
    ok = cli("import", new, "--db", db, "--new-index", "沪深300指数")
    assert ok.returncode == 0, ok.stderr
    with Store(db) as s:
        assert sorted(i["name"] for i in s.indices()) == ["沪深300", "沪深300指数"]


def test_same_index_lands_the_quotes_on_the_stored_index(cli, tmp_path):
    db = _store_with_codeless_csi300(cli, tmp_path)
    new = tmp_path / "new.csv"
    new.write_text(QUOTES + ",CSI300,2024-12-27,3981.03,1.36%\n", encoding="utf-8")
    out = cli("import", new, "--db", db, "--same-index", "CSI300=沪深300")
    assert out.returncode == 0, out.stderr
    with Store(db) as s:
        assert [i["name"] for i in s.indices()] == ["沪深300"] and len(s.all_quotes()) == 2
    bad = cli("import", new, "--db", db, "--same-index", "CSI300")
    assert bad.returncode == 1 and "NAME=INDEX" in bad.stderr
    missing = cli("import", new, "--db", db, "--same-index", "CSI300=中证800")
    assert missing.returncode == 1 and "no index" in missing.stderr and "Traceback" not in missing.stderr


def test_index_list_code_and_merge(cli, tmp_path):
    db = _store_with_codeless_csi300(cli, tmp_path)
    other = tmp_path / "other.csv"
    other.write_text(QUOTES + "000300.SH,沪深300指数,2024-12-27,3981.03,1.36%\n", encoding="utf-8")
    assert cli("import", other, "--db", db, "--new-index", "沪深300指数").returncode == 0
    listed = cli("index", "list", "--db", db)
    assert listed.returncode == 0
    assert listed.stdout.splitlines() == ["#1\t--\t沪深300\t1", "#2\t000300.SH\t沪深300指数\t1 基准 benchmark"]
    taken = cli("index", "code", "沪深300", "000300.SH", "--db", db)
    assert taken.returncode == 1 and "already belongs" in taken.stderr
    bad = cli("index", "code", "沪深300", "沪深", "--db", db)
    assert bad.returncode == 1 and "invalid index code" in bad.stderr
    merged = cli("index", "merge", "沪深300", "#2", "--db", db)
    assert merged.returncode == 0, merged.stderr
    assert "quotes moved 1" in merged.stdout
    assert cli("index", "list", "--db", db).stdout.splitlines() == ["#1\t000300.SH\t沪深300\t2 基准 benchmark"]
    coded = cli("index", "code", "#1", "", "--db", db)
    assert coded.returncode == 0 and "无 none" in coded.stdout


def test_merge_refuses_conflicting_closes_and_changes_nothing(cli, tmp_path):
    db = _store_with_codeless_csi300(cli, tmp_path)
    other = tmp_path / "other.csv"
    other.write_text(QUOTES + ",沪深300指数,2024-12-20,3900.00,\n", encoding="utf-8")
    assert cli("import", other, "--db", db, "--new-index", "沪深300指数").returncode == 0
    out = cli("index", "merge", "沪深300", "沪深300指数", "--db", db)
    assert out.returncode == 1 and "2024-12-20: 3927.61 / 3900" in out.stderr and "Traceback" not in out.stderr
    with Store(db) as s:
        assert len(s.indices()) == 2 and len(s.all_quotes()) == 2
    unknown = cli("index", "merge", "沪深300", "中证800", "--db", db)
    assert unknown.returncode == 1 and "no index" in unknown.stderr


def test_index_unmerge_brings_the_merged_index_back(cli, tmp_path):
    assert cli("index", "unmerge", "--help").returncode == 0
    db = _store_with_codeless_csi300(cli, tmp_path)
    other = tmp_path / "other.csv"
    other.write_text(QUOTES + "000300.SH,沪深300指数,2024-12-27,3981.03,1.36%\n", encoding="utf-8")
    assert cli("import", other, "--db", db, "--new-index", "沪深300指数").returncode == 0
    before = cli("index", "list", "--db", db).stdout
    none = cli("index", "unmerge", "--list", "--db", db)
    assert none.returncode == 0 and none.stdout.strip() == "没有合并记录 (no merges)"
    assert cli("index", "merge", "沪深300", "沪深300指数", "--db", db).returncode == 0
    assert cli("index", "list", "--db", db).stdout != before
    listed = cli("index", "unmerge", "--list", "--db", db).stdout.splitlines()
    assert len(listed) == 2 and "保留 kept" in listed[0]
    assert listed[1].split("\t")[-2:] == ["沪深300指数", "沪深300"]  # removed, then kept
    out = cli("index", "unmerge", "沪深300指数", "--db", db)
    assert out.returncode == 0, out.stderr
    assert cli("index", "list", "--db", db).stdout == before
    again = cli("index", "unmerge", "沪深300指数", "--db", db)
    assert again.returncode == 1 and "already restored" in again.stderr and "Traceback" not in again.stderr
