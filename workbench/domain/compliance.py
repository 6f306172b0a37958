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
#: The desk roles in words, (Chinese, English), as a message names them.
ROLE_WORDS = {"analyst": ("分析师", "analyst"), "editor": ("编辑", "editor"), "admin": ("管理员", "administrator")}
#: What a desk role may not change, as its refusal says it (Chinese, English): the house profile (机构信息)
#: and the analyst register are an administrator's; finalising and publishing an editor's.
_ROLE_MAY_NOT = {"house": ("修改机构信息和分析师名册", "change the house profile or the analyst register: only an "
                                                 "administrator may"),
                 "final": ("定稿或发布", "finalise or publish an issue: only an editor may")}


def role_refusal(role: str | None, what: str) -> str:
    """Why a desk role may not make a change (``what``: "house" or "final"), the role in words in both
    languages: 你的团队库角色是编辑，不能修改机构信息和分析师名册 (your desk role, editor, may not …)."""
    zh, en = ROLE_WORDS.get(role or "", (role or "?", role or "?"))
    may_not_zh, may_not_en = _ROLE_MAY_NOT[what]
    return f"你的团队库角色是{zh}，不能{may_not_zh} (your desk role, {en}, may not {may_not_en})"
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
