"""A long text in a conflict listing shows each side around where the two first differ, the
differing words marked, so that two different texts never read alike: not when they differ only
deep inside, nor only in spaces or line breaks."""

from __future__ import annotations

import random

from workbench.store.sync_state import MARK_CLOSE, MARK_OPEN, differing_window


def test_two_different_texts_never_read_alike():
    rng = random.Random(7)
    alphabet = "ab 。\n涨跌1."
    tried = 0
    while tried < 3000:
        a = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 200)))
        b = list(a)
        for _ in range(rng.randint(1, 3)):
            at = rng.randint(0, len(b))
            roll = rng.random()
            if roll < 0.4:
                b.insert(at, rng.choice(alphabet))
            elif b:
                b[min(at, len(b) - 1)] = rng.choice(alphabet) if roll < 0.7 else ""
        b = "".join(b)
        if a == b:
            continue
        tried += 1
        assert differing_window(a, b) != differing_window(b, a), (a, b)
        assert "\n" not in differing_window(a, b)  # one line


def test_the_window_starts_just_before_the_first_difference_and_marks_it():
    head = "本周上证指数报收 3400.14 点，周涨跌幅为+0.95%；" * 4
    mine, theirs = head + "电子指数下跌 1.1%。", head + "电子指数上涨 3.2%。"
    shown = differing_window(mine, theirs)
    assert shown.startswith("…") and head[:20] not in shown  # the common opening is left out
    assert f"{MARK_OPEN}下跌 1.1{MARK_CLOSE}" in shown and "电子指数" in shown
    assert f"{MARK_OPEN}上涨 3.2{MARK_CLOSE}" in differing_window(theirs, mine)


def test_a_difference_in_spaces_or_line_breaks_is_visible():
    assert differing_window("风险提示 A", "风险提示  A") != differing_window("风险提示  A", "风险提示 A")
    shown = differing_window("第一段\n第二段", "第一段第二段")
    assert "\n" not in shown and "⏎" in shown and MARK_OPEN in shown
