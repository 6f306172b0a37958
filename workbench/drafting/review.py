"""The market review's drafting and checking, kept importable here for callers of the old path.

Their home is ``workbench.analysis.review``: the preflight (in ``workbench.report``) checks a
review with the same figures the editor drafts it from, and the report sits below drafting.
"""

from workbench.analysis.review import (  # noqa: F401
    BASE_DAYS,
    NO_VERDICT,
    VERDICTS,
    IndexWeek,
    ReviewDraft,
    ReviewProblem,
    draft_market_review,
    draft_market_review_result,
    index_week,
    review_numbers,
    review_problems,
    stale_review_numbers,
)
