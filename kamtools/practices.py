"""Key-account practices (大客户服务措施) of a tier, and whether they happened for one account.

The policy's ``practices`` list per tier what the company does for its accounts (supply
priority, senior visits, the annual customer meeting, dedicated service ...), each evidenced by
activities of some types. A practice happened when at least ``min_count`` such activities were
recorded in the last 12 months, in part when fewer were.

>>> import pandas as pd
>>> act = pd.DataFrame({"activities": [2, 1], "hours": [4.0, 8.0],
...     "last_date": pd.to_datetime(["2026-09-01", "2026-06-15"])},
...     index=pd.Index(["senior_visit", "customer_meeting"], name="type"))
>>> practice_check(act, "key")[["practice", "recorded", "practice_status"]].to_dict("list")  # doctest: +NORMALIZE_WHITESPACE
{'practice': ['supply_priority', 'senior_visits', 'annual_meeting', 'dedicated_service'],
 'recorded': [0, 2, 1, 0], 'practice_status': ['missing', 'partly', 'done', 'missing']}
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .policy import load_policy
from .segments._common import PolicyLike

__all__ = ["PRACTICE_COLUMNS", "PRACTICE_STATUS", "practice_check"]

#: Whether a practice happened: enough activities, some, none.
PRACTICE_STATUS: tuple[str, ...] = ("done", "partly", "missing")
#: Columns of :func:`practice_check`, in order.
PRACTICE_COLUMNS: tuple[str, ...] = (
    "practice",
    "name",
    "name_zh",
    "activity_types",
    "min_count",
    "recorded",
    "last_date",
    "practice_status",
)


def practice_check(activities: pd.DataFrame, tier: str, policy: PolicyLike = None) -> pd.DataFrame:
    """The practices of ``tier`` (policy ``practices``) and whether each happened for one account.

    Parameters
    ----------
    activities
        The account's activities of the last 12 months by type: indexed by ``type``, with
        ``activities`` (how many) and ``last_date`` (as
        :attr:`kamtools.account_plan.AccountProfile.activities`).
    tier
        The account's tier of the pyramid (key, ordinary, prospect, unattractive).

    Returns
    -------
    DataFrame of :data:`PRACTICE_COLUMNS`, one row per practice of the tier in the policy's order:
    ``activity_types`` that evidence it (comma-separated), ``min_count`` needed, ``recorded``
    (how many of those activities), ``last_date`` (the latest) and ``practice_status`` (done: at least
    ``min_count``; partly: fewer; missing: none).
    """
    pol = load_policy(policy)
    listed = pol["practices"][tier] if tier in pol["practices"] else []
    counts = activities["activities"] if "activities" in activities else pd.Series(dtype="int64")
    last = pd.to_datetime(activities["last_date"]) if "last_date" in activities else pd.Series(dtype="datetime64[us]")
    rows = []
    for p in listed:
        types = [str(t) for t in p["activity_types"]]
        mine = counts.index.astype("str").isin(types)
        rows.append(
            {
                "practice": str(p["key"]),
                "name": str(p["name"]),
                "name_zh": str(p["name_zh"]),
                "activity_types": ", ".join(types),
                "min_count": int(p["min_count"]),
                "recorded": int(counts[mine].sum()),
                "last_date": last[mine].max() if mine.any() else pd.NaT,
            }
        )
    out = pd.DataFrame(rows, columns=list(PRACTICE_COLUMNS[:-1]))
    out["recorded"] = out["recorded"].astype("int64")
    out["min_count"] = out["min_count"].astype("int64")
    out["last_date"] = pd.to_datetime(out["last_date"]).astype("datetime64[us]")
    status = np.select([out["recorded"] >= out["min_count"], out["recorded"] > 0], ["done", "partly"], "missing")
    out["practice_status"] = pd.Series(status, index=out.index, dtype="str")
    return out
