"""Property-based test of the importers: any bytes, any cells, any sheet layout.

Every generated import into a copy of the demo store ends one of two ways:
- a clean refusal: ImportFailed whose problems all name their file, and the store file is
  byte-for-byte unchanged;
- an accepted import: every stored fact and quote is finite and plausible
  (``metrics.check_value``), and the demo issue still renders to PDF.
Any other exception fails the test. The run is bounded (``WORKBENCH_FUZZ_EXAMPLES``, 20 by
default, about 5 s on a quiet machine); ``bench/fuzz_imports.py N`` runs N more with a fresh seed.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import tempfile
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.domain.metrics import check_value
from workbench.errors import ImportFailed
from workbench.imports import import_files

EXAMPLES = int(os.environ.get("WORKBENCH_FUZZ_EXAMPLES", "20"))

# Characters the bundled font draws (ASCII and common hanzi), so an accepted import can be printed.
SAFE = "abcXYZ0123456789 .-%,()（）：贵州茅台五粮液海康威视沪深上证指数板块电子公司科技"
HEADERS = ["证券代码", "代码", "ticker", "证券简称", "简称", "name", "细分板块", "segment",
           "营业收入\n[报告期] 2024三季\n[单位] 亿元", "营业收入(亿元)2023年报", "归母净利润同比 2023A", "PE 2024E",
           "市盈率 2025E", "年初至今涨跌幅\n[交易日期] 2024-12-27\n[单位] %", "营业收入 2023A", "period", "metric",
           "value", "报告期", "指标", "数值", "单位", "日期", "收盘价", "涨跌幅", "名称", "指数代码", ""]
TEXT_CELLS = ["600519", "600519.SH", "000858.SZ", "300750", "688981.SH", "830799", "12345678", "AAPL.O", "000300.SH",
              "399001.SZ", "沪深300", "沪深300指数", "CSI300", "上证指数", "1e300", "1e999", "-1e999", "nan", "NaN",
              "inf", "-Infinity", "--", "12.5%", "-150%", "5000%", "1,234.5", "(3.2)", "0", "-0", "1e-320", "9999",
              "10000", "10000.1", "2024-12-27", "2024-12-20", "2024三季", "2023A", "2024E", "revenue", "pe",
              "revenue_yoy", "营业收入", "亿元", "万元", "%", "=1+1", '"quoted"', "数据来源：Wind", "\n"]
ENCODINGS = ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16", "big5", "shift_jis"]

cells = st.one_of(
    st.none(), st.just(""), st.sampled_from(TEXT_CELLS),
    st.floats(allow_nan=True, allow_infinity=True), st.integers(min_value=-10**20, max_value=10**20),
    st.text(alphabet=SAFE, max_size=10), st.booleans(),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(2100, 1, 1)),
)
headers = st.lists(st.one_of(st.sampled_from(HEADERS), st.text(alphabet=SAFE, max_size=8)), min_size=1, max_size=7)


TICKERS = ["600519", "600519.SH", "000858.SZ", "300750", "688981.SH", "002415", "601138.SH", "830799"]
NUMBERS = st.one_of(st.sampled_from(["1e300", "1e999", "nan", "--", "12.5%", "-150%", "1,234.5", "(3.2)", "0",
                                     "10000", "10000.1", "-1e-320", "", "abc"]),
                    st.floats(allow_nan=True, allow_infinity=True), st.floats(min_value=-0.99, max_value=99),
                    st.floats(min_value=-0.99, max_value=99), st.floats(min_value=-0.99, max_value=99),
                    st.integers(min_value=-10**6, max_value=10**6))
LAYOUTS = {
    "wide": (["证券代码", "证券简称", "营业收入\n[报告期] 2024三季\n[单位] 亿元", "PE 2024E",
              "年初至今涨跌幅\n[交易日期] 2024-12-27\n[单位] %"], [TICKERS, ["某公司"]]),
    "long": (["ticker", "name", "period", "metric", "value"],
             [TICKERS, ["某公司"], ["2023A", "2024Q1-Q3", "2024E", "2024YTD", "x"],
              ["revenue", "pe", "revenue_yoy", "net_profit_yoy", "eps", "close", "营业收入"]]),
    "quotes": (["代码", "名称", "日期", "收盘价", "涨跌幅"],
               [["000300.SH", "000001.SH", "", "399001.SZ"], ["沪深300", "沪深300指数", "上证指数", "CSI300", "中证500"],
                ["2024-12-27", "2024-12-20", "2024-12-30", "上周五"]]),
}


@st.composite
def coherent_tables(draw) -> list[list]:
    """A table of a real layout (wide, long, quotes) whose cells are plausible or hostile."""
    header, pools = LAYOUTS[draw(st.sampled_from(sorted(LAYOUTS)))]
    rows = []
    n = draw(st.integers(min_value=1, max_value=4))
    firsts = draw(st.permutations(pools[0]))  # mostly one row per ticker or index, as exports have
    for i in range(n):
        row = [firsts[i % len(firsts)]] + [draw(st.sampled_from(pool)) for pool in pools[1:]]
        row += [draw(NUMBERS) for _ in range(len(header) - len(pools))]
        rows.append(row)
    return [list(header)] + rows


@st.composite
def tables(draw) -> list[list]:
    if draw(st.booleans()):
        return draw(coherent_tables())
    header = draw(headers)
    width = len(header)
    rows = draw(st.lists(st.lists(cells, min_size=max(width - 1, 0), max_size=width + 1), max_size=8))
    titles = draw(st.lists(st.lists(st.sampled_from(["电子行业", "数据来源：Wind", "截止日期：2024-12-27", ""]),
                                    max_size=2), max_size=2))
    return titles + [header] + rows


def _mutate(draw, data: bytes) -> bytes:
    how = draw(st.sampled_from(["none", "none", "none", "truncate", "flip", "insert"]))
    if not data or how == "none":
        return data
    at = draw(st.integers(min_value=0, max_value=1 << 20)) % len(data)  # draws never depend on the data
    if how == "truncate":
        return data[:at]
    byte = bytes([draw(st.integers(min_value=0, max_value=255))])
    if how == "flip":
        return data[:at] + byte + data[at + 1:]
    return data[:at] + byte + data[at:]


@st.composite
def csv_files(draw) -> tuple[str, bytes]:
    import csv

    buf = io.StringIO()
    delimiter = draw(st.sampled_from([",", ",", "\t", ";"]))
    writer = csv.writer(buf, delimiter=delimiter, lineterminator=draw(st.sampled_from(["\r\n", "\n"])))
    writer.writerows([["" if c is None else c for c in row] for row in draw(tables())])
    encoding = draw(st.sampled_from(ENCODINGS))
    data = buf.getvalue().encode(encoding, errors="replace")
    return draw(st.sampled_from(["data.csv", "data.txt", "data.tsv"])), _mutate(draw, data)


@st.composite
def xlsx_files(draw) -> tuple[str, bytes]:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for r, row in enumerate(draw(tables()), start=1):
        for c, value in enumerate(row, start=1):
            if value is None or (isinstance(value, float) and value != value):
                continue  # openpyxl cannot write NaN
            if isinstance(value, float) and value in (float("inf"), float("-inf")):
                value = str(value)
            if isinstance(value, int) and abs(value) > 2**53:
                value = str(value)
            cell = ws.cell(r, c, value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"
            if draw(st.booleans()) and isinstance(value, (int, float)):
                cell.number_format = "0.00%"
    extra = draw(st.sampled_from(["none", "hidden", "veryHidden", "visible"]))
    if extra != "none":
        other = wb.create_sheet("其他")
        other.append(["代码", "简称", "PE 2024E"])
        other.append(["600519", "贵州茅台", 20])
        other.sheet_state = extra
        if draw(st.booleans()):
            wb.active = 1 if extra == "visible" else 0
    return draw(st.sampled_from(["data.xlsx", "data.xlsm"])), _mutate(draw, _same_bytes(wb))


def _same_bytes(wb) -> bytes:
    """The workbook as bytes that do not depend on the clock (openpyxl stamps the time of saving)."""
    import re
    import zipfile

    saved = io.BytesIO()
    wb.save(saved)
    out = io.BytesIO()
    with zipfile.ZipFile(saved) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2024-12-27T00:00:00Z", data)
            dst.writestr(zipfile.ZipInfo(info.filename, date_time=(2024, 12, 27, 0, 0, 0)), data,
                         compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


raw_files = st.tuples(st.sampled_from(["raw.csv", "raw.xlsx", "raw.txt"]), st.binary(max_size=3000))
files = st.lists(st.one_of(csv_files(), xlsx_files(), raw_files), min_size=1, max_size=2)


def _digest(path: Path) -> dict[str, str]:
    """Hashes of the store file and its WAL: what a refused import must leave as they were."""
    out = {}
    for suffix in ("", "-wal"):
        p = Path(str(path) + suffix)
        if p.exists():
            out[suffix] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def check_import(template: Path, generated: list[tuple[str, bytes]]) -> str:
    """Import the generated files into a copy of the demo store; returns 'refused' or 'accepted'."""
    from workbench.report.export import export_spec_pdf
    from workbench.report.spec import build_report_spec
    from workbench.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        db = tmp / "demo.sqlite"
        shutil.copy(template, db)
        paths = []
        for i, (name, data) in enumerate(generated):
            path = tmp / f"{i}_{name}"
            path.write_bytes(data)
            paths.append(path)
        with Store(db) as store:
            before = _digest(db)
            try:
                import_files(store, paths)
            except ImportFailed as exc:
                assert exc.problems, exc.message
                for p in exc.problems:
                    assert p.file, str(p)
                    assert "unexpected error" not in p.message, str(p)
                assert _digest(db) == before
                return "refused"
            for f in store.facts():
                check_value(f["metric"], f["value"])
            for q in store.all_quotes():
                check_value("index_close", q["close"])
                if q["change"] is not None:
                    check_value("index_change", q["change"])
            spec = build_report_spec(store, store.rows("SELECT max(id) AS id FROM issues")[0]["id"])
            result = export_spec_pdf(spec, tmp / "issue.pdf")
            assert result.pages > 1 and (tmp / "issue.pdf").read_bytes().startswith(b"%PDF")
            return "accepted"


@pytest.fixture(scope="module")
def template(tmp_path_factory, demo_store_template):
    from workbench.store import Store

    with Store(demo_store_template) as s:
        s.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    path = tmp_path_factory.mktemp("fuzz") / "demo.sqlite"
    shutil.copy(demo_store_template, path)
    return path


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(generated=files)
def test_any_import_is_refused_cleanly_or_lands_plausible_and_printable(template, generated):
    check_import(template, generated)


def test_the_property_sees_both_outcomes(template):
    """The property is not vacuous: a good file is accepted and a bad one refused."""
    good = ("good.csv", "代码,简称,PE 2024E\r\n600519,贵州茅台,25\r\n".encode("utf-8"))
    bad = ("bad.csv", "代码,简称,PE 2024E\r\n600519,贵州茅台,1e300\r\n".encode("utf-8"))
    assert check_import(template, [good]) == "accepted"
    assert check_import(template, [bad]) == "refused"
