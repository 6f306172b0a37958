"""Usage errors exit 2, refusals exit 1, and each names the right reason; nothing is written.

Real processes on a copy of the demo store.
"""

from __future__ import annotations

import pytest

from workbench.store import Store


def usage_error(out, *words):
    assert out.returncode == 2, (out.returncode, out.stdout, out.stderr)
    assert "Traceback" not in out.stderr, out.stderr
    for w in words:
        assert w in out.stderr, out.stderr


def refused(out, *words):
    assert out.returncode == 1, (out.returncode, out.stdout, out.stderr)
    assert "Traceback" not in out.stderr, out.stderr
    for w in words:
        assert w in out.stderr, out.stderr


def _files(folder):
    return sorted(p.name for p in folder.iterdir())


# ---------------------------------------------------------------------- export: .pdf or .xlsx only
@pytest.mark.parametrize("name", ["out.txt", "out.csv", "out", "out.PDF.bak"])
def test_export_refuses_an_output_that_is_neither_pdf_nor_xlsx(cli, demo_path, tmp_path, name):
    before = demo_path.read_bytes()
    out = cli("export", "1", "--db", demo_path, "-o", tmp_path / name)
    usage_error(out, ".pdf", ".xlsx", name)
    assert not (tmp_path / name).exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary file left
    assert demo_path.read_bytes() == before


@pytest.mark.parametrize("name", ["weekly.pdf", "WEEKLY.PDF"])
def test_export_still_writes_a_pdf_whatever_the_case_of_its_extension(cli, demo_path, tmp_path, name):
    out = cli("export", "1", "--db", demo_path, "-o", tmp_path / name)
    assert out.returncode == 0, out.stderr
    assert (tmp_path / name).read_bytes().startswith(b"%PDF")


def test_export_with_an_empty_output_is_a_usage_error(cli, demo_path, tmp_path):
    before = demo_path.read_bytes()
    usage_error(cli("export", "1", "--db", demo_path, "-o", ""), "no output file given")
    assert demo_path.read_bytes() == before
    assert _files(tmp_path) == [demo_path.name]


def test_export_over_the_store_is_still_the_store_refusal(cli, demo_path):
    """The safety refusal (exit 1) comes before the extension check."""
    before = demo_path.read_bytes()
    refused(cli("export", "1", "--db", demo_path, "-o", demo_path), "open store")
    assert demo_path.read_bytes() == before


# ---------------------------------------------------------------------- table
def test_table_xlsx_without_an_output_is_a_usage_error(cli, demo_path, tmp_path):
    out = cli("table", "companies", "--db", demo_path, "--format", "xlsx")
    usage_error(out, "-o")
    assert out.stdout == ""
    assert _files(tmp_path) == [demo_path.name]


def test_table_with_an_unknown_format_is_a_usage_error(cli, demo_path, tmp_path):
    out = cli("table", "companies", "--db", demo_path, "-o", tmp_path / "x.txt")
    usage_error(out, "csv", "xlsx")
    assert not (tmp_path / "x.txt").exists()


# ---------------------------------------------------------------------- record: the right reason
@pytest.fixture
def published(cli, demo_path):
    for status in ("review", "final"):
        out = cli("status", "1", status, "--db", demo_path)
        assert out.returncode == 0, out.stderr
    return demo_path


def test_record_into_an_existing_file_says_it_is_not_a_folder(cli, published, tmp_path):
    target = tmp_path / "notes.txt"
    target.write_text("mine")
    out = cli("record", "1", "--db", published, "-o", target)
    refused(out, "not a folder", "notes.txt")
    assert "does not exist" not in out.stderr
    assert target.read_text() == "mine"


def test_record_into_the_store_is_the_store_refusal(cli, published):
    before = published.read_bytes()
    out = cli("record", "1", "--db", published, "-o", published)
    refused(out, "open store")
    assert "does not exist" not in out.stderr
    assert published.read_bytes() == before
    with Store(published) as s:
        assert s.issue(1).status == "final"


def test_record_into_a_missing_folder_still_says_so(cli, published, tmp_path):
    out = cli("record", "1", "--db", published, "-o", tmp_path / "nowhere")
    refused(out, "does not exist")
    assert not (tmp_path / "nowhere").exists()


def test_record_into_a_folder_still_works(cli, published, tmp_path):
    folder = tmp_path / "records"
    folder.mkdir()
    out = cli("record", "1", "--db", published, "-o", folder)
    assert out.returncode == 0, out.stderr
    (record,) = folder.iterdir()
    assert (record / "v1.pdf").read_bytes().startswith(b"%PDF")
