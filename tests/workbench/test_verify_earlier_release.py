"""`verify` of a final an earlier release published (its PDF has no /SnapshotSHA256): the PDF this
release renders from the snapshot is typeset otherwise (the declaration names the signing analysts,
figures round half away from zero on the decimal written), which is no sign of a rewritten snapshot.
Its numbers are: every comparison-table figure and every close and weekly change of the market
review must be what the frozen PDF prints, to the digits printed. Every other difference of the two
texts must be one that release's typesetting explains (the signing analysts' line, a name cut with
"…", a caption without its （截至…）, the other rounding at an exact half of a value the snapshot holds,
digits grouped otherwise, text on the other side of a page break): then it is a note, verify passes
and a backup holding such a final is restored. A rewritten figure or close is named with both
numbers, and any other rewrite (the rating, a name, the table's unit, a column's year, a chart's
value, a number in the text, a row, a risk, a view, the date, a SAC number) with the words of both."""

from __future__ import annotations

import io
import json
import re

import pypdf
import pytest

from forgery_testing import rewritten_record

from workbench.cli import main
from workbench.store import Store

HALF = 2165000000.0  # 21.65 亿元: 21.7 rounded half away from zero, 21.6 as the float 21.65 formats
HALF_TICKER = "300493.SZ"  # its 2023 营业收入 (column 0) is set to HALF
FORGED_TICKER = "688018.SH"  # its 2023 营业收入 is rewritten in the forged snapshot


def _publish(path) -> None:
    """Publish the demo issue with the command line, as a desk does."""
    for status in ("review", "final"):
        assert main(["status", "--db", str(path), "latest", status, "--by", "王编辑"]) == 0


def _earlier_release_pdf(snapshot_json: str, monkeypatch) -> bytes:
    """The PDF an earlier release rendered from ``snapshot_json``: no /SnapshotSHA256, a declaration
    without the signing analysts' line, amounts rounded as the binary float formats them."""
    import workbench.report.render as render
    import workbench.report.table as table
    from workbench.report import render_pdf
    from workbench.report.spec import ReportSpec

    real = table.format_value

    def earlier_rounding(kind, value, *, signed=False, style=None):
        if kind == "amount" and value is not None:
            return f"{value / 1e8:.{style.decimals('amount')}f}"
        return real(kind, value, signed=signed, style=style)

    with monkeypatch.context() as m:
        m.setattr(render.Report, "_declaration", lambda self: self._paras(self.spec.house.declaration))
        m.setattr(table, "format_value", earlier_rounding)
        return render_pdf(ReportSpec.from_json(snapshot_json), snapshot_key=False)


def _store_version(path, snapshot_json: str, pdf: bytes | None = None) -> None:
    """Put ``snapshot_json`` (and ``pdf``) in as version 1, the chain recomputed and the triggers put
    back as they were: an earlier release's record, or an attacker's rewrite of it."""
    import hashlib

    with rewritten_record(path) as conn:
        conn.execute("UPDATE issue_versions SET snapshot_json = ? WHERE version = 1", [snapshot_json])
        if pdf is not None:
            conn.execute("UPDATE issue_versions SET pdf = ?, pdf_sha256 = ? WHERE version = 1",
                         [pdf, hashlib.sha256(pdf).hexdigest()])


def _snapshot(path) -> dict:
    with Store(path) as store:
        return json.loads(store.versions(store.issue("latest").id)[0]["snapshot_json"])


def _dump(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _row(data: dict, ticker: str) -> dict:
    return next(r for r in data["table"]["rows"] if r["ticker"] == ticker)


def _printed_row(pdf: bytes, ticker: str) -> list[str]:
    """The figures of ``ticker``'s table row as pypdf reads the PDF: the line that starts with it."""
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    line = next(ln for ln in text.splitlines() if ln.split()[:1] == [ticker] or f" {ticker} " in f" {ln} ")
    words = line.split()
    return words[words.index(ticker) + 2:]


def _plain(pdf: bytes) -> str:
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages))


@pytest.fixture
def earlier_final(demo_path, monkeypatch):
    """The demo store holding a final as an earlier release published it; returns (path, its PDF)."""
    _publish(demo_path)
    data = _snapshot(demo_path)
    _row(data, HALF_TICKER)["values"][0] = HALF
    snapshot = _dump(data)
    pdf = _earlier_release_pdf(snapshot, monkeypatch)
    _store_version(demo_path, snapshot, pdf)
    return demo_path, pdf


def _verify(path):
    from workbench.drafting.record import verify_store

    with Store(path) as store:
        return verify_store(store)


def _now(path) -> bytes:
    from workbench.report import render_pdf
    from workbench.report.spec import ReportSpec

    with Store(path) as store:
        return render_pdf(ReportSpec.from_json(store.versions(1)[0]["snapshot_json"]), snapshot_key=False)


def test_the_earlier_release_differs_as_described(earlier_final):
    """What the other tests rest on: the frozen PDF is typeset otherwise, in words and in a rounding."""
    path, frozen = earlier_final
    now = _now(path)
    from workbench.drafting.record import pdf_snapshot_key

    assert pdf_snapshot_key(frozen) is None
    assert "本报告署名分析师" in _plain(now) and "本报告署名分析师" not in _plain(frozen)
    assert _printed_row(frozen, HALF_TICKER)[0] == "21.6" and _printed_row(now, HALF_TICKER)[0] == "21.7"


def test_an_untouched_earlier_final_verifies_with_a_note(earlier_final, capsys):
    path, _ = earlier_final
    report = _verify(path)
    assert report.ok, report.problems
    assert report.record_problems == []
    [note] = report.notes
    assert "第 1 期 v1" in note and "早期版本" in note and "数字一致" in note
    capsys.readouterr()
    assert main(["verify", "--db", str(path)]) == 0
    out = capsys.readouterr().out
    assert "校验通过" in out and "早期版本" in out


def test_a_rewritten_figure_and_close_under_an_earlier_final_are_named(earlier_final):
    path, frozen = earlier_final
    data = _snapshot(path)
    printed = _printed_row(frozen, FORGED_TICKER)[0]  # what the published PDF prints, read back by pypdf
    _row(data, FORGED_TICKER)["values"][0] += 1e8  # one 亿元 more
    close = re.search(r"上证指数报收\s*([\d.]+)", data["market_review"]).group(1)
    assert close in _plain(frozen)
    forged_close = f"{float(close) + 10:.2f}"
    data["market_review"] = data["market_review"].replace(close, forged_close, 1)
    _store_version(path, _dump(data))

    report = _verify(path)
    assert not report.ok
    [problem] = report.problems
    assert report.record_problems == [problem]
    assert "issue #1 v1" in problem
    shown = f"{float(printed) + 1:.1f}"  # the rewritten value, printed to the PDF's digits
    assert FORGED_TICKER in problem and "营业收入" in problem and shown in problem and printed in problem
    assert "上证指数" in problem and forged_close in problem and close in problem
    assert HALF_TICKER not in problem  # its other rounding is no disagreement


def test_a_figure_printed_as_missing_is_named(earlier_final):
    path, frozen = earlier_final
    data = _snapshot(path)
    assert _printed_row(frozen, FORGED_TICKER)[1] != "--"
    _row(data, FORGED_TICKER)["values"][1] = None
    _store_version(path, _dump(data))
    [problem] = _verify(path).problems
    assert FORGED_TICKER in problem and "--" in problem


def test_a_company_removed_from_the_snapshot_is_named(earlier_final):
    path, _ = earlier_final
    data = _snapshot(path)
    data["table"]["rows"] = [r for r in data["table"]["rows"] if r["ticker"] != FORGED_TICKER]
    _store_version(path, _dump(data))
    [problem] = _verify(path).problems
    assert FORGED_TICKER in problem


def test_a_backup_holding_an_untouched_earlier_final_is_restored(earlier_final, tmp_path):
    from workbench.drafting.record import check_backup_to_restore

    path, frozen = earlier_final
    backup = tmp_path / "backup.sqlite"
    with Store(path) as store:
        store.backup(backup)
    assert check_backup_to_restore(backup) == []
    target = tmp_path / "restored.sqlite"
    with Store(target):
        pass
    assert main(["backup", "--db", str(target), "--restore", str(backup)]) == 0
    with Store(target) as store:
        assert store.version_pdf(1, 1) == frozen


def test_a_name_with_a_number_in_it_is_read_as_the_name(demo_path, monkeypatch):
    """A company named with a number of its own (the table prints it between the ticker and the
    figures) is not taken for the row's first figure."""
    _publish(demo_path)
    data = _snapshot(demo_path)
    _row(data, HALF_TICKER)["name"] = "润欣 360"
    snapshot = _dump(data)
    pdf = _earlier_release_pdf(snapshot, monkeypatch)
    assert _printed_row(pdf, HALF_TICKER)[0] == "360"  # pypdf: the name's number, then the figures
    _store_version(demo_path, snapshot, pdf)
    report = _verify(demo_path)
    assert report.ok, report.problems
    assert report.notes


# ---------------------------------------------------------------- a snapshot rewritten beyond the numbers

def _first_risk(data: dict) -> str:
    risks = data["risks"]
    return risks[0] if isinstance(risks, list) else risks


def _rewrite(kind: str, data: dict, frozen_text: str) -> tuple[str, str]:
    """Rewrite ``data`` one way an attacker might; returns (words the rewritten snapshot prints, words the
    frozen PDF prints there), each read off the snapshot or the frozen PDF's text, not off verify."""
    rows = data["table"]["rows"]
    if kind == "rating":
        old = data["rating"]
        data["rating"] = new = "买入" if old != "买入" else "增持"
    elif kind == "name":
        old = _row(data, FORGED_TICKER)["name"]
        _row(data, FORGED_TICKER)["name"] = new = "假公司名"
    elif kind == "swapped names":
        a, b = rows[1], rows[2]
        a["name"], b["name"] = b["name"], a["name"]
        new, old = a["name"], b["name"]
    elif kind == "unit note":
        old = data["table"]["unit_note"]
        assert "亿元" in old
        data["table"]["unit_note"] = new = old.replace("亿元", "万元")
    elif kind == "column label":
        column = data["table"]["columns"][0]
        old = column["label"]
        column["label"] = new = str(int(old) - 1)  # one year earlier: a difference of one in the last digit
    elif kind == "chart value":
        values = data["figures"][0]["chart"]["series"][0]["values"]
        old = f"{values[0]}"
        values[0] = 999.9
        new = "999.9"
    elif kind == "number in the text":
        old = re.search(r"\d+\s*倍", data["advice"]).group(0)
        new = str(int(re.match(r"\d+", old).group(0)) * 2) + " 倍"
        data["advice"] = data["advice"].replace(old, new, 1)
    elif kind == "duplicated row":
        rows.append(dict(_row(data, FORGED_TICKER)))
        new = old = FORGED_TICKER
    elif kind == "removed risk":
        risks = data["risks"]
        assert isinstance(risks, list) and len(risks) > 1
        old = new = risks[-1][:6]
        data["risks"] = risks[:-1]
    elif kind == "rewritten view":
        view = data["views"][0]
        old = next(w for w in ("小米", "AI", "端侧") if w in view)
        new = "华为" if old != "华为" else "苹果"
        data["views"][0] = view.replace(old, new)
    elif kind == "publish date":
        y, m, d = data["publish_date"].split("-")
        data["publish_date"] = f"{y}-{m}-{int(d) + 7:02d}"
        printed = re.search(rf"{y}\D{{0,2}}{m}\D{{0,2}}{d}", frozen_text).group(0)  # as the frozen PDF prints it
        old, new = printed, printed[:-len(d)] + f"{int(d) + 7:02d}"
    elif kind == "SAC number":
        analyst = data["analysts"][0]
        old = analyst["sac_no"]
        analyst["sac_no"] = new = old[:-1] + str((int(old[-1]) + 1) % 10)  # the last digit, one more
    elif kind == "reordered rows":
        i = next(i for i, r in enumerate(rows) if r["ticker"] == FORGED_TICKER)
        assert rows[i + 1]["segment"] == rows[i]["segment"]  # a swap within one segment: every row still there
        rows[i], rows[i + 1] = rows[i + 1], rows[i]
        new, old = rows[i]["ticker"], FORGED_TICKER
    elif kind == "segment":
        row = _row(data, FORGED_TICKER)
        old = FORGED_TICKER
        row["segment"] = new = "别的板块"
    elif kind == "removed theme":
        theme = data["themes"][-1]
        old = new = theme["name"]
        data["themes"] = data["themes"][:-1]
    else:
        raise AssertionError(kind)
    return new, old


REWRITES = ["rating", "name", "swapped names", "unit note", "column label", "chart value", "number in the text",
            "duplicated row", "reordered rows", "segment", "removed risk", "removed theme", "rewritten view",
            "publish date", "SAC number"]


@pytest.mark.parametrize("kind", REWRITES)
def test_a_snapshot_rewritten_beyond_its_figures_is_named(earlier_final, kind, capsys):
    """A rewrite the table's and the review's figures do not show (the rating, a company's name, the
    table's unit, a column's year, a chart's value, a number in the text, a row, a risk, a view, the
    publish date, an analyst's SAC number) is named, with a few words of each text."""
    path, frozen = earlier_final
    data = _snapshot(path)
    new, old = _rewrite(kind, data, _plain(frozen))
    assert _squash(old) in _plain(frozen)  # what the published PDF prints, read back by pypdf
    _store_version(path, _dump(data))

    report = _verify(path)
    assert not report.ok
    [problem] = report.problems
    assert report.record_problems == [problem] and report.notes == []
    assert "issue #1 v1" in problem and "改写" in problem
    said = _squash(problem)
    assert _squash(new) in said and _squash(old) in said
    capsys.readouterr()
    assert main(["verify", "--db", str(path)]) == 1
    assert "校验失败" in capsys.readouterr().out


def test_a_backup_holding_a_rewritten_earlier_final_is_refused(earlier_final, tmp_path):
    from workbench.drafting.record import check_backup_to_restore
    from workbench.errors import WorkbenchError

    path, _ = earlier_final
    data = _snapshot(path)
    data["rating"] = "买入" if data["rating"] != "买入" else "增持"
    _store_version(path, _dump(data))
    backup = tmp_path / "backup.sqlite"
    with Store(path) as store:
        store.backup(backup)
    with pytest.raises(WorkbenchError, match="买入|增持"):
        check_backup_to_restore(backup, unverified=True)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


# ---------------------------------------------------------------- an earlier release's other typesettings

LONG_NAME = "乐鑫信息科技（上海）股份有限公司"  # 16 characters: printed in full now, cut by the earlier release
NEAR_ZERO = -4000000.0  # -0.04 亿元: the earlier release printed -0.0, this one 0.0 (its 2023 归母净利润, column 4)
CUTOFF = "（截至 2024 年 12 月 27 日）"  # a chart stopping before its week: this release keeps it in the caption


def _typeset_earlier(monkeypatch, how: str):
    """Make the earlier release's rendering (``_earlier_release_pdf``) typeset also ``how``."""
    import workbench.report.charts as charts
    import workbench.report.render as render
    import workbench.report.text as text

    if how == "name cut":
        monkeypatch.setitem(text.LIMITS, "table.name", 6)
    elif how == "caption without 截至":
        real = render._caption_title
        monkeypatch.setattr(render, "_caption_title", lambda title: real(render._CUTOFF_NOTE.sub("", title or "")))
    elif how == "ticks grouped":
        monkeypatch.setattr(charts, "_fmt", lambda v, decimals, sep="": f"{v:,.{decimals}f}")


@pytest.mark.parametrize("how", ["name cut", "caption without 截至", "ticks grouped", "all at once"])
def test_an_earlier_release_typesetting_otherwise_verifies_with_a_note(demo_path, monkeypatch, how, tmp_path):
    """The same snapshot typeset as an earlier release did (a name cut with "…", a caption without its
    （截至…）, chart ticks with digits grouped, on top of the declaration without the signing analysts
    and the other rounding at an exact half) passes with a note, and a backup holding it is restored."""
    from workbench.drafting.record import check_backup_to_restore

    _publish(demo_path)
    data = _snapshot(demo_path)
    _row(data, HALF_TICKER)["values"][0] = HALF
    _row(data, HALF_TICKER)["values"][4] = NEAR_ZERO
    _row(data, FORGED_TICKER)["name"] = LONG_NAME
    data["figures"][0]["title"] += CUTOFF
    data["figures"][0]["chart"]["title"] += CUTOFF
    snapshot = _dump(data)
    with monkeypatch.context() as m:
        for each in (["name cut", "caption without 截至", "ticks grouped"] if how == "all at once" else [how]):
            _typeset_earlier(m, each)
        pdf = _earlier_release_pdf(snapshot, m)
    _store_version(demo_path, snapshot, pdf)
    now = _now(demo_path)
    frozen, mine = _plain(pdf), _plain(now)
    # the typesetting is as described: read back from both PDFs
    if how in ("name cut", "all at once"):
        assert _squash(LONG_NAME) in mine and _squash(LONG_NAME) not in frozen and _squash(LONG_NAME)[:5] + "…" in frozen
    if how in ("caption without 截至", "all at once"):
        assert _squash(CUTOFF) in mine and _squash(CUTOFF) not in frozen
    if how in ("ticks grouped", "all at once"):
        assert "1,000" in frozen and "1,000" not in mine
    assert _printed_row(pdf, HALF_TICKER)[0] == "21.6" and _printed_row(now, HALF_TICKER)[0] == "21.7"
    assert _printed_row(pdf, HALF_TICKER)[4] == "-0.0" and _printed_row(now, HALF_TICKER)[4] == "0.0"
    if how == "all at once":  # the names printed in full wrap: rows land on the next page, past its header
        pages = {t: _pages(t) for t in (pdf, now)}
        assert any(pages[pdf][r["ticker"]] != pages[now][r["ticker"]] for r in data["table"]["rows"])

    report = _verify(demo_path)
    assert report.ok, report.problems
    [note] = report.notes
    assert "早期版本" in note
    backup = tmp_path / "backup.sqlite"
    with Store(demo_path) as store:
        store.backup(backup)
    assert check_backup_to_restore(backup) == []
    target = tmp_path / "restored.sqlite"
    with Store(target):
        pass
    assert main(["backup", "--db", str(target), "--restore", str(backup)]) == 0
    with Store(target) as store:
        assert store.version_pdf(1, 1) == pdf


def _pages(pdf: bytes) -> dict[str, int]:
    """The page each ticker of the PDF is first printed on, read back by pypdf."""
    found: dict[str, int] = {}
    for number, page in enumerate(pypdf.PdfReader(io.BytesIO(pdf)).pages, start=1):
        for ticker in re.findall(r"\d{6}\.S[HZ]", page.extract_text()):
            found.setdefault(ticker, number)
    return found


def test_a_name_cut_by_the_earlier_release_then_rewritten_is_named(demo_path, monkeypatch):
    """A name the earlier release cut with "…" rewritten after its cut is no typesetting: the part
    printed must be the snapshot's."""
    _publish(demo_path)
    data = _snapshot(demo_path)
    _row(data, FORGED_TICKER)["name"] = LONG_NAME
    with monkeypatch.context() as m:
        _typeset_earlier(m, "name cut")
        pdf = _earlier_release_pdf(_dump(data), m)
    _store_version(demo_path, _dump(data), pdf)
    _row(data, FORGED_TICKER)["name"] = "泰凌微电子（上海）股份有限公司"
    _store_version(demo_path, _dump(data))
    [problem] = _verify(demo_path).problems
    assert "泰凌微" in problem and LONG_NAME[:5] in problem


def test_a_cutoff_note_added_outside_a_caption_is_named(earlier_final):
    """A （截至…） only a figure's caption gains from this release: one written into a view is no
    typesetting."""
    path, frozen = earlier_final
    data = _snapshot(path)
    assert _squash(CUTOFF) not in _plain(frozen)
    data["views"][0] += CUTOFF
    _store_version(path, _dump(data))
    [problem] = _verify(path).problems
    assert _squash(CUTOFF) in _squash(problem)
