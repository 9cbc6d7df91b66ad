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
