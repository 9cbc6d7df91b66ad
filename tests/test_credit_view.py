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


def test_the_basis_of_a_limit_reads_in_one_short_line():
    """The credit page shows the basis of a recommended limit in one line (the whole calculation stays
    in the register): its rule, an invoice past the 365 legal days, the money to collect, the orders held,
    cash in advance or shorter terms; nothing that does not apply."""
    from kamtools.output.limit_basis import limit_basis

    # A: no statement, 283,000 to collect, 60-day terms turned to cash in advance; B: 400 days past due
    # (over the 365 legal days), 3,942,671 to collect, orders of 67,000 held; C: the grade's share, 45-day
    # terms cut to 30; D: already paying in advance (terms 0): no "cash in advance" again
    lim = pd.DataFrame(
        {
            "limit_rule": ["starter", "hold", "grade", "grade"],
            "max_days_past_due": [12.0, 400.0, 0.0, float("nan")],
            "collect_first": [283_000.0, 3_942_671.0, 0.0, 0.0],
            "orders_held": [0.0, 67_000.0, 0.0, 0.0],
            "cash_in_advance": [True, False, False, True],
            "terms_shortened": [True, False, True, False],
            "payment_terms_days": [60, 30, 45, 0],
            "proposed_terms_days": [0, 30, 30, 0],
        },
        index=pd.Index(list("ABCD"), name="customer_id"),
    )
    assert limit_basis(lim, "zh").tolist() == [
        "无财务报表：不超过起始额度；收款28.3万元；改为预付现金（原60天）",
        "逾期超过冻结天数；有发票逾期400天：移交催收/法务；收款394.3万元；暂停未开票订单6.7万元",
        "按等级折算的账期需求；账期改为30天（原45天）",
        "按等级折算的账期需求",
    ]
    assert limit_basis(lim, "en").tolist() == [  # a cell of a table: it starts with a capital
        "No statement: at most the starter limit; collect CNY 283 k; cash in advance (was 60 days)",
        "Invoice past the hold days; invoice 400 days past due: to collections/legal; collect CNY 3.94 M; "
        "open orders CNY 67 k held",
        "Grade's share of the terms need; terms 30 days (was 45)",
        "Grade's share of the terms need",
    ]
    assert labels.column("limit_basis", "zh") == "额度依据摘要（计算过程见登记表）"
