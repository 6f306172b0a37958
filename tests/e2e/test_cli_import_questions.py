"""The command line's import questions: an older file, a company named like another, a future date."""

from __future__ import annotations

from datetime import date, timedelta

from workbench.store import Store

WIDE = '证券代码,证券简称,"营业收入\n[报告期] 2024三季\n[单位] 亿元",PE 2024E\n'
YI = 1e8


def _store(cli, tmp_path):
    db = tmp_path / "s.sqlite"
    new = tmp_path / "wind_20250103.csv"
    new.write_text(WIDE + "002045.SZ,国光电器,58.3,20.0\n", encoding="utf-8")
    out = cli("import", new, "--db", db, "--new-store", "--as-of", "2025-01-03")
    assert out.returncode == 0, out.stderr
    return db


def _facts(db):
    with Store(db) as s:
        return sorted((f["ticker"], f["metric"], f["value"], f["as_of"]) for f in s.facts())


def test_an_older_file_is_refused_then_applied_with_older(cli, tmp_path):
    db = _store(cli, tmp_path)
    before = _facts(db)
    old = tmp_path / "wind_20241227.csv"
    old.write_text(WIDE + "002045.SZ,国光电器,57.0,20.0\n", encoding="utf-8")
    out = cli("import", old, "--db", db, "--as-of", "2024-12-27")
    assert out.returncode == 1 and "Traceback" not in out.stderr
    for part in ("wind_20241227.csv", "第 2 行", "营业收入", "58.3 亿元", "57 亿元", "2025-01-03", "2024-12-27", "--older"):
        assert part in out.stderr, part
    assert _facts(db) == before
    ok = cli("import", old, "--db", db, "--as-of", "2024-12-27", "--older")
    assert ok.returncode == 0, ok.stderr
    assert ("002045.SZ", "revenue", 57.0 * YI, "2024-12-27") in _facts(db)


def test_a_confirmation_is_counted_in_the_summary(cli, tmp_path):
    db = _store(cli, tmp_path)
    again = tmp_path / "wind_20250110.csv"
    again.write_text(WIDE + "002045.SZ,国光电器,58.3,20.0\n", encoding="utf-8")
    out = cli("import", again, "--db", db, "--as-of", "2025-01-10")
    assert out.returncode == 0, out.stderr
    assert "确认 confirmed 2" in out.stdout
    assert {f[3] for f in _facts(db)} == {"2025-01-10"}


def test_a_company_named_like_another_is_asked_about_and_confirmed_with_new_company(cli, tmp_path):
    db = _store(cli, tmp_path)
    before = _facts(db)
    typo = tmp_path / "typo.csv"
    typo.write_text(WIDE + "002046.SZ,国光电器,58.3,20.0\n", encoding="utf-8")
    out = cli("import", typo, "--db", db, "--as-of", "2025-01-03")
    assert out.returncode == 1 and "Traceback" not in out.stderr
    for part in ("typo.csv", "002046.SZ", "002045.SZ", "国光电器", "--new-company 002046.SZ"):
        assert part in out.stderr, part
    assert _facts(db) == before
    ok = cli("import", typo, "--db", db, "--as-of", "2025-01-03", "--new-company", "002046.SZ")
    assert ok.returncode == 0, ok.stderr
    with Store(db) as s:
        assert sorted(c["ticker"] for c in s.companies()) == ["002045.SZ", "002046.SZ"]


def test_a_future_as_of_is_refused_today_is_not(cli, tmp_path):
    db = tmp_path / "s.sqlite"
    path = tmp_path / "w.csv"
    path.write_text(WIDE + "002045.SZ,国光电器,58.3,20.0\n", encoding="utf-8")
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    for as_of in ("2030-01-01", tomorrow):
        out = cli("import", path, "--db", db, "--new-store", "--as-of", as_of)
        assert out.returncode == 1 and as_of in out.stderr and "future" in out.stderr
        assert "Traceback" not in out.stderr
    assert not db.exists() or _facts(db) == []
    ok = cli("import", path, "--db", db, "--new-store", "--as-of", date.today().isoformat())
    assert ok.returncode == 0, ok.stderr
