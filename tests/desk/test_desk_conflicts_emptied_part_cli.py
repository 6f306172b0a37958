"""`workbench desk conflicts`: an issue part one side emptied reads 空 (empty) after its label, as an
empty field does, never a blank between marks; a figure part is named by its title and its
dataset's title, never the figure's internal kind or dataset key.

The conflicts are recorded in a copy of the demo store as a sync records them.
"""

from __future__ import annotations

import json

from workbench.cli import main
from workbench.store import Store
from workbench.store import sync_state as state


def record(store, server_id, tbl, key, mine, theirs):
    with store.transaction():
        state.record_conflicts(store, [{
            "id": server_id, "tbl": tbl, "key": key, "kind": "conflict", "mine": mine, "theirs": theirs,
            "by": "zhang", "at": "2026-11-30 06:44:12.5+00", "theirs_by": "wang",
            "theirs_at": "2026-11-30T06:41:40+00:00", "message": None}])


def with_content(image, **changes):
    content = json.loads(image["content"])
    content.update(changes)
    return {**image, "content": json.dumps(content, ensure_ascii=False, sort_keys=True)}


def test_an_emptied_part_and_a_figure_read_in_words(demo_path, capsys):
    with Store(demo_path) as s:
        _, uid = state.issue_uid(s, "latest")
        issue = state.current_image(s, ("issues", uid))
        content = json.loads(issue["content"])
        figure = content["figures"][0]
        dataset_title = s.dataset(figure["dataset"])["title"]
        record(s, 1, "issues", uid, with_content(issue, market_review=""),
               with_content(issue, figures=[{**figure, "title": figure["title"] + "（更新）"},
                                            *content["figures"][1:]]))
    capsys.readouterr()
    assert main(["desk", "conflicts", "--db", str(demo_path)]) == 0
    out = capsys.readouterr().out
    assert "〖〗" not in out.split("市场回顾")[1].split("\n")[0], out
    assert any("市场回顾 market review: 空 (empty)" in ln for ln in out.splitlines()), out
    assert figure["kind"] not in out and figure["dataset"] not in out, out
    assert dataset_title in out, out
