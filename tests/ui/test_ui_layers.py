"""ui/ is layered by screen: each layer imports only the layers below it, and the screens of one
layer (the issue editor, the views, the desk) never import each other, directly or through another
module (an old import path included). Lazy imports inside functions count too."""

from __future__ import annotations

import itertools

import grimp
import pytest

LAYERS = [
    ["ui.app"],
    ["ui.main_window"],
    ["ui.issue_editor", "ui.views", "ui.desk"],
    ["ui.dialogs"],
    ["ui.widgets"],
    ["ui.models", "ui.services"],
    ["ui.common"],
]


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph("ui", cache_dir=None)


def _chain(graph, importer: str, imported: str):
    return graph.find_shortest_chains(importer=importer, imported=imported, as_packages=True)


def test_every_layer_exists(graph):
    missing = [name for layer in LAYERS for name in layer if name not in graph.modules]
    assert missing == []


@pytest.mark.parametrize("lower, higher", [(low, high) for i, layer in enumerate(LAYERS)
                                           for high in layer for lower_layer in LAYERS[i + 1:]
                                           for low in lower_layer])
def test_no_layer_imports_a_layer_above_it(graph, lower, higher):
    assert _chain(graph, lower, higher) == set()


@pytest.mark.parametrize("one, other", [pair for layer in LAYERS for pair in itertools.permutations(layer, 2)])
def test_the_screens_of_one_layer_never_import_each_other(graph, one, other):
    assert _chain(graph, one, other) == set()


def test_the_check_sees_a_lazy_import_inside_a_function(graph):
    """The main window opens the issue editor with an import inside a method: the graph has that edge."""
    assert _chain(graph, "ui.main_window", "ui.issue_editor") != set()


# The flat modules ui/ had before it was laid out by screen: kept importable for old code, never used
# by the packages themselves (a shim would hide which layer a name comes from).
OLD_PATHS = ["ui.i18n", "ui.geometry", "ui.rich_text", "ui.session", "ui.workers", "ui.house_dialog",
             "ui.import_dialog", "ui.issues_view", "ui.notes_view", "ui.diff_view", "ui.welcome", "ui.provenance",
             "ui.table_view", "ui.clipboard", "ui.charts", "ui.preview"]
PACKAGES = [name for layer in LAYERS for name in layer]


def test_the_old_paths_are_still_modules(graph):
    assert [name for name in OLD_PATHS if name not in graph.modules] == []


@pytest.mark.parametrize("package", PACKAGES)
def test_a_package_imports_no_old_path(graph, package):
    modules = {package} | (graph.find_descendants(package) if graph.find_children(package) else set())
    found = sorted((m, old) for m in modules for old in OLD_PATHS if graph.direct_import_exists(importer=m,
                                                                                                 imported=old))
    assert found == []
