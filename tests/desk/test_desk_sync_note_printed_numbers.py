"""The note after a sync names every printed number of an issue published since the previous sync that the
pull changed, not only the comparison table's: a close (and so the weekly change) the market review
printed, a value of a chart drawn from a dataset, an analyst's SAC number on the signing page. Each
names the issue, what it printed and the desk's value, and says whether the desk changed it before or
after the publication. Against a real PostgreSQL desk; what was printed read back from the published
PDF with pypdf, the desk's values read with psycopg."""

from __future__ import annotations

import io
import json
import re
from decimal import Decimal

import psycopg
import pytest
from pypdf import PdfReader

from desk_testing import Desk

from workbench.analysis.review import index_week
from workbench.cli import main
from workbench.desk.sync import sync
from workbench.store import Store

pytestmark = pytest.mark.usefixtures("private_password_file")

INDEX = "沪深300"
DATASET, SERIES, CATEGORY = "cloud_vendors_cy2024q3", "营业收入", "微软"
ANALYST = "林思远"


@pytest.fixture
def published(pg_cluster, desk_db, demo_path, tmp_path, monkeypatch):
    """An editor's store publishes the demo issue (knowingly over the desk's newer data) after an
    administrator corrected, on the desk, a close its review prints, a dataset value a chart draws
    and the SAC number of an analyst who signs it."""
    desk = Desk(pg_cluster, desk_db)
    admin, editor = desk.user("admin"), desk.user("editor")
    ad = desk.join(demo_path, admin)
    path = tmp_path / "editor.sqlite"
    desk.join(path, editor).close()
    monkeypatch.setenv("WORKBENCH_DESK_PASSWORD", editor.password)
    with Store(path) as s:
        issue = s.issue("latest")
    assert main(["status", str(issue.id), "review", "--db", str(path), "--by", "ed"]) == 0
    week = index_week(ad, INDEX, issue.period_start, issue.period_end)
    assert week.close is not None
    idx = ad.index(INDEX)
    ad.set_quote(idx["id"], week.date, week.close + 12.345, None)
    ds = ad.dataset(DATASET)
    series = {k: list(v) for k, v in ds["series"].items()}
    series[SERIES][ds["categories"].index(CATEGORY)] += 44.4
    ad.put_dataset(DATASET, ds["title"], ds["unit"], ds["source"], list(ds["categories"]), series)
    [analyst] = [a for a in ad.analysts() if a["name"] == ANALYST]
    ad.update_analyst(analyst["id"], sac_no=analyst["sac_no"][:-1] + ("9" if analyst["sac_no"][-1] != "9" else "8"))
    sync(ad, admin)
    ad.close()
    assert main(["status", str(issue.id), "final", "--db", str(path), "--by", "ed", "--accept-changes"]) == 0
    return desk, path, issue.id, idx["uid"], week.date, analyst["uid"]


def _pdf_text(path, issue_id) -> str:
    with Store(path) as s:
        pdf = s.version_pdf(issue_id, 1)
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).replace("\n", "")


def _desk_row(desk, tbl: str, key: str) -> dict:
    with psycopg.connect(desk.super_url) as conn:
        data = conn.execute("SELECT data FROM desk.changes WHERE tbl = %s AND key = %s ORDER BY id DESC LIMIT 1",
                            [tbl, key]).fetchone()[0]
    return data if isinstance(data, dict) else json.loads(data)


def _written(value: float) -> str:
    """A close as written: the decimal of the float's shortest repr, no trailing zeros."""
    return format(Decimal(repr(value)).normalize(), "f")


def _sync_notes(path, capsys, issue_id) -> list[str]:
    capsys.readouterr()
    assert main(["sync", "--db", str(path)]) == 0
    return [line for line in capsys.readouterr().out.splitlines() if f"第 {issue_id} 期 v1" in line]


def test_the_sync_names_a_close_the_review_printed(published, capsys):
    desk, path, issue_id, uid, day, _ = published
    printed = re.search(re.escape(INDEX) + r"报收\s*([\d,.]+)\s*点", _pdf_text(path, issue_id)).group(1)
    desk_close = _written(float(_desk_row(desk, "quotes", f"{uid}|{day}")["close"]))  # every digit
    assert printed != desk_close
    notes = _sync_notes(path, capsys, issue_id)
    [note] = [n for n in notes if INDEX in n and printed in n]
    assert desk_close in note and note.index(printed) < note.index(desk_close)
    assert "发布前" in note  # the desk had it before the issue went out
    # a second sync has nothing new to say
    assert _sync_notes(path, capsys, issue_id) == []


def test_the_sync_names_a_dataset_value_a_chart_printed(published, capsys):
    desk, path, issue_id, *_ = published
    with Store(path) as s:  # what the published version's chart drew (its frozen snapshot)
        snap = json.loads(s.versions(issue_id)[0]["snapshot_json"])
    [fig] = [f for f in snap["figures"] if SERIES in f["title"]]
    at = fig["chart"]["x"].index(CATEGORY)
    printed = fig["chart"]["series"][0]["values"][at]
    row = _desk_row(desk, "datasets", DATASET)
    categories = row["categories"] if isinstance(row["categories"], list) else json.loads(row["categories"])
    series = row["series"] if isinstance(row["series"], dict) else json.loads(row["series"])
    desk_value = series[SERIES][categories.index(CATEGORY)]
    assert f"{printed:g}" in _pdf_text(path, issue_id)  # the chart's value label, as printed
    notes = _sync_notes(path, capsys, issue_id)
    [note] = [n for n in notes if fig["title"] in n]
    assert CATEGORY in note
    assert note.index(f"{printed:g}") < note.index(f"{desk_value:g}")


def test_the_sync_names_an_analysts_sac_number_the_issue_printed(published, capsys):
    desk, path, issue_id, _, _, analyst_uid = published
    desk_sac = _desk_row(desk, "analysts", analyst_uid)["sac_no"]
    text = _pdf_text(path, issue_id)
    [printed] = {s for s in re.findall(r"S\d{13}", text) if s[:-1] == desk_sac[:-1]}
    assert printed != desk_sac
    notes = _sync_notes(path, capsys, issue_id)
    [note] = [n for n in notes if ANALYST in n]
    assert note.index(printed) < note.index(desk_sac)

