"""Rules of research publishing: SAC numbers, ratings and their actions, issue statuses."""

from __future__ import annotations

import re

from workbench.errors import ValidationError

SAC_RE = re.compile(r"^[SA]\d{13}$")

STOCK_RATINGS = ["买入", "增持", "中性", "减持", "无评级"]
INDUSTRY_RATINGS = ["增持", "中性", "减持"]
RATING_ACTIONS = ["维持", "上调", "下调", "首次"]
STATUSES = ["draft", "review", "final"]
STATUS_ZH = {"draft": "草稿", "review": "审核中", "final": "已定稿"}
REQUIRED_WORDS = "证券研究报告"


def validate_sac(number: str) -> str:
    """Return the SAC registration number cleaned, or raise: ``S`` or ``A`` plus 13 digits."""
    text = (number or "").strip().upper()
    if not SAC_RE.match(text):
        raise ValidationError(
            f"执业证书编号格式不正确 (SAC number must be S or A followed by 13 digits): {number!r}")
    return text


def validate_rating(rating: str, action: str) -> None:
    if rating not in INDUSTRY_RATINGS + STOCK_RATINGS:
        raise ValidationError(f"未知评级 (unknown rating): {rating}")
    if action not in RATING_ACTIONS:
        raise ValidationError(f"未知评级变动 (unknown rating action): {action}")
