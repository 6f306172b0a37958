"""WORKBENCH_RESOURCES names the resources folder outside a bundle; a bundle keeps its own."""

from __future__ import annotations

import sys

from workbench import paths


def test_the_override_names_the_folder_and_unset_falls_back(tmp_path, monkeypatch):
    monkeypatch.delenv(paths.RESOURCES_ENV, raising=False)
    default = paths.resources_dir()
    assert (default / "demo" / "companies.csv").is_file()  # the shipped resources
    (tmp_path / "demo").mkdir()
    (tmp_path / "demo" / "companies.csv").write_text("ticker\n", encoding="utf-8")
    monkeypatch.setenv(paths.RESOURCES_ENV, str(tmp_path))
    assert paths.resources_dir() == tmp_path
    assert paths.resource("demo", "companies.csv").read_text(encoding="utf-8") == "ticker\n"
    monkeypatch.setenv(paths.RESOURCES_ENV, "")  # empty: no override
    assert paths.resources_dir() == default


def test_a_bundle_keeps_its_own_resources(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "bundle"), raising=False)
    monkeypatch.setenv(paths.RESOURCES_ENV, str(tmp_path / "elsewhere"))
    assert paths.resources_dir() == tmp_path / "bundle" / "resources"
