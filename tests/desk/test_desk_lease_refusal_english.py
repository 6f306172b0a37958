"""A lease refused because someone else holds it says who and since when until when in both
languages, each in its own: the English in parentheses is English only (since … until …), never a
repeat of the Chinese (自 since …, 至 until …), so that the app's Chinese can drop it whole.
Against a real PostgreSQL desk."""

from __future__ import annotations

import re

import psycopg
import pytest

from workbench.desk.errors import DeskError
from workbench.desk.leases import take_lease
from workbench.domain.times import local_time

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def _held(desk):
    with psycopg.connect(desk.super_url) as conn:
        return conn.execute("SELECT holder, at, expires FROM desk.leases").fetchone()


def _english_gloss(message: str) -> str:
    """The parenthesised English that follows the Chinese of the refusal: "(issue 1 is …)"."""
    start = message.index("(issue ")
    depth = 0
    for n, ch in enumerate(message[start:], start):
        depth += ch == "("
        depth -= ch == ")"
        if depth == 0:
            return message[start + 1:n]
    raise AssertionError(message)


def test_the_refusals_english_gloss_is_english_only(pair):
    desk, (a, ca), (b, cb) = pair
    take_lease(a, 1, ca)
    with pytest.raises(DeskError) as refused:
        take_lease(b, 1, cb)
    message = str(refused.value)
    holder, at, expires = _held(desk)
    english = _english_gloss(message)
    assert not CJK.search(english), english
    assert english == f"issue 1 is being edited by {holder} since {local_time(at.isoformat())} " \
                      f"until {local_time(expires.isoformat())}"
    # the Chinese still says who, since when and until when
    chinese = message[:message.index("(issue ")]
    assert holder in chinese and local_time(at.isoformat()) in chinese and local_time(expires.isoformat()) in chinese
    from ui.common.i18n import strip_glosses

    assert "is being edited" not in strip_glosses(message) and "read-only" not in strip_glosses(message)
