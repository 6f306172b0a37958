"""The desk check before a final asks about everything the issue prints, its charts' datasets and its
analysts included: a value of a dataset one of its charts draws, or the SAC number of an analyst who
signs it, corrected on the desk since this store's last pull stops the final (exit 3) naming the
desk's value and this store's. Against a real PostgreSQL desk; the desk's rows read with psycopg."""

from __future__ import annotations

import json

import psycopg
import pytest

from desk_testing import Desk

from workbench.cli import main
from workbench.desk.sync import sync
from workbench.store import Store

pytestmark = pytest.mark.usefixtures("private_password_file")

DATASET, SERIES, CATEGORY = "cloud_vendors_cy2024q3", "营业收入", "微软"
ANALYST = "林思远"


@pytest.fixture
def joined(pg_cluster, desk_db, demo_path, tmp_path, monkeypatch):
    desk = Desk(pg_cluster, desk_db)
    admin, editor = desk.user("admin"), desk.user("editor")
    ad = desk.join(demo_path, admin)
    path = tmp_path / "editor.sqlite"
    desk.join(path, editor).close()
    monkeypatch.setenv("WORKBENCH_DESK_PASSWORD", editor.password)
    with Store(path) as s:
        issue_id = s.issue("latest").id
    assert main(["status", str(issue_id), "review", "--db", str(path), "--by", "ed"]) == 0
    yield desk, (ad, admin), path, issue_id
    ad.close()


def _desk_data(desk, tbl: str, key: str) -> dict:
    with psycopg.connect(desk.super_url) as conn:
        data = conn.execute("SELECT data FROM desk.changes WHERE tbl = %s AND key = %s ORDER BY id DESC LIMIT 1",
                            [tbl, key]).fetchone()[0]
    return data if isinstance(data, dict) else json.loads(data)


def _final_refused(path, issue_id, capsys) -> str:
    capsys.readouterr()
    assert main(["status", str(issue_id), "final", "--db", str(path), "--by", "ed"]) == 3
    with Store(path) as s:
        assert s.issue(issue_id).status == "review" and s.versions(issue_id) == []
    return capsys.readouterr().err


def test_a_dataset_a_chart_draws_corrected_on_the_desk_stops_the_final(joined, capsys):
    desk, (ad, admin), path, issue_id = joined
    ds = ad.dataset(DATASET)
    series = {k: list(v) for k, v in ds["series"].items()}
    at = ds["categories"].index(CATEGORY)
    series[SERIES][at] += 44.4
    ad.put_dataset(DATASET, ds["title"], ds["unit"], ds["source"], list(ds["categories"]), series)
    sync(ad, admin)
    desk_series = _desk_data(desk, "datasets", DATASET)["series"]
    desk_series = desk_series if isinstance(desk_series, dict) else json.loads(desk_series)
    with Store(path) as s:
        here = s.dataset(DATASET)["series"][SERIES][at]
    err = _final_refused(path, issue_id, capsys)
    [line] = [line for line in err.splitlines() if DATASET in line or "数据集" in line]
    assert f"{desk_series[SERIES][at]:g}" in line and f"{here:g}" in line
    assert line.index(f"{desk_series[SERIES][at]:g}") < line.index(f"{here:g}")


def test_a_signing_analysts_sac_number_corrected_on_the_desk_stops_the_final(joined, capsys):
    desk, (ad, admin), path, issue_id = joined
    [analyst] = [a for a in ad.analysts() if a["name"] == ANALYST]
    ad.update_analyst(analyst["id"], sac_no=analyst["sac_no"][:-1] + ("9" if analyst["sac_no"][-1] != "9" else "8"))
    sync(ad, admin)
    desk_sac = _desk_data(desk, "analysts", analyst["uid"])["sac_no"]
    err = _final_refused(path, issue_id, capsys)
    [line] = [line for line in err.splitlines() if desk_sac in line]
    assert analyst["sac_no"] in line and line.index(desk_sac) < line.index(analyst["sac_no"])
