"""The market review's drafting and checking, kept importable here for callers of the old path.

Their home is ``workbench.analysis.review``: the preflight (in ``workbench.report``) checks a
review with the same figures the editor drafts it from, and the report sits below drafting.
"""

from workbench.analysis.review import (
    BASE_DAYS,
    LAST_WEEK_DAYS,
    NO_VERDICT,
    VERDICTS,
    IndexWeek,
    ReviewDraft,
    ReviewProblem,
    ReviewWarning,
    draft_market_review,
    draft_market_review_result,
    index_week,
    review_numbers,
    review_problems,
    review_warnings,
    stale_review_numbers,
    week_warnings,
)

__all__ = [
    "BASE_DAYS", "LAST_WEEK_DAYS", "NO_VERDICT", "VERDICTS", "IndexWeek", "ReviewDraft", "ReviewProblem",
    "ReviewWarning", "draft_market_review", "draft_market_review_result", "index_week", "review_numbers",
    "review_problems", "review_warnings", "stale_review_numbers", "week_warnings",
]
