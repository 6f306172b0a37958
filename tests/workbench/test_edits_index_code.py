"""Giving an index its code is an edit record: validated and unique by the store, reverted exactly."""

from __future__ import annotations

import pytest

from workbench.edits import SetIndexCode
from workbench.errors import NotFound, ValidationError


def ai_index(store):
    return next(i for i in store.indices() if i["name"] == "中证人工智能指数")


def test_set_code_normalises_and_reverts(demo_store):
    edit = SetIndexCode(ai_index(demo_store)["id"], " 930713.csi ")
    edit.apply(demo_store)
    assert ai_index(demo_store)["code"] == "930713.CSI"
    edit.revert(demo_store)
    assert ai_index(demo_store)["code"] is None
    edit.apply(demo_store)  # redo
    assert ai_index(demo_store)["code"] == "930713.CSI"


def test_taken_invalid_or_unknown_is_refused_and_nothing_changes(demo_store):
    before = [(i["id"], i["code"]) for i in demo_store.indices()]
    with pytest.raises(ValidationError, match="沪深300"):
        SetIndexCode(ai_index(demo_store)["id"], "000300.SH").apply(demo_store)
    with pytest.raises(ValidationError):
        SetIndexCode(ai_index(demo_store)["id"], "not a code!").apply(demo_store)
    with pytest.raises(NotFound):
        SetIndexCode(999, "930713.CSI").apply(demo_store)
    assert [(i["id"], i["code"]) for i in demo_store.indices()] == before
