"""An analyst's SAC registration number is S or A followed by exactly 13 digits, wherever it enters."""

from __future__ import annotations

import pytest

from workbench.errors import ValidationError
from workbench.report.preflight import preflight

TWELVE = "S099052008000"      # one digit short
FOURTEEN = "S09905200800012"  # one digit too many


@pytest.mark.parametrize("number", [TWELVE, FOURTEEN, "B0990520080001", "S099052008000X"])
def test_registering_a_malformed_number_is_refused_and_nothing_changes(store, number):
    with pytest.raises(ValidationError, match="13"):
        store.add_analyst("陈晓", number)
    assert store.rows("SELECT * FROM analysts") == []


def test_thirteen_digits_register(store):
    analyst_id = store.add_analyst("陈晓", "s0990524010003")
    assert store.analyst(analyst_id)["sac_no"] == "S0990524010003"


@pytest.mark.parametrize("number", [TWELVE, FOURTEEN])
def test_preflight_blocks_a_stored_malformed_number(demo_store, number):
    """A number that reached the file some other way (an old store, a hand edit) still blocks export."""
    demo_store.db.execute("UPDATE analysts SET sac_no = ? WHERE id = 1", [number])
    issue = demo_store.issue("latest")
    assert issue.analysts[0] == 1
    fields = [f.field for f in preflight(demo_store, issue).blockers]
    assert fields == ["analysts[0].sac_no"]
