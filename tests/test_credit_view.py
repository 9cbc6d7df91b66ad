"""The credit page's view of a customer beside every sales list (segmentation: promote, CLV, watch)."""

import pandas as pd

from kamtools import credit
from kamtools.output import labels


def test_credit_view_worst_first_and_labelled():
    # A: held and cut -> hold wins; B: collect first and cut -> collect; C: cut 10 -> 5; D: limit kept;
    # E: no limit approved and none recommended -> nothing to object
    lim = pd.DataFrame(
        {
            "credit_holds": ["overlimit", "", "", "", ""],
            "action": ["decrease", "collect", "decrease", "keep", "keep"],
            "approved_limit": [10.0, 10.0, 10.0, 10.0, 0.0],
            "recommended_limit": [5.0, 0.0, 5.0, 10.0, 0.0],
        },
        index=pd.Index(list("ABCDE"), name="customer_id"),
    )
    view = credit.credit_view(lim)
    assert view.tolist() == ["hold", "collect", "cut", "", ""]
    assert [labels.value("credit_view", v, "zh") for v in view] == [
        "信用冻结",
        "先收款",
        "降额",
        "信用无异议",
        "信用无异议",
    ]
    assert labels.column("credit_view", "en") == "Credit view"


def test_credit_view_legal_beats_hold():
    # L: 400 days past due, over the 365 legal days: stop supply and hand over, whatever else applies;
    # H: 365 days exactly is not over the legal days: its hold shows
    lim = pd.DataFrame(
        {
            "credit_holds": ["overlimit", "overlimit"],
            "action": ["decrease", "decrease"],
            "approved_limit": [10.0, 10.0],
            "recommended_limit": [5.0, 5.0],
            "max_days_past_due": [400.0, 365.0],
        },
        index=pd.Index(["L", "H"], name="customer_id"),
    )
    assert credit.credit_view(lim, legal_days=365).tolist() == ["legal", "hold"]
    assert credit.credit_view(lim).tolist() == ["hold", "hold"]  # no legal days: no legal view
    assert labels.value("credit_view", "legal", "zh") == "停止供货，移交催收/法务"
