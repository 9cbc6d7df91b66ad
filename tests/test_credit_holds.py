"""Credit holds: each named rule firing and not firing, what releases it, the Excel list.

Expected numbers are worked out by hand in the comments from the small book below. The default
rules: receivables more than 10 % over the limit, an invoice more than 90 days past due, grade C,
an assessment older than 12 months (or none), exposure with open orders above 100 % of the limit, the
overdue above 25 % of the open receivables or above 50,000.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from kamtools import credit
from kamtools.credit.hold_rules import hold_flags, money_text
from kamtools.credit.holds import amount_text
from kamtools.output import labels
from kamtools.output.holds import write_holds
from kamtools.policy import PolicyError, load_policy
from kamtools.schema import CREDIT_FACTORS, conform, empty_frame
from kamtools.store import KamData

AS_OF = "2026-10-31"

#: customer: (approved limit or None, [(open invoice amount, due date)], open orders, assessed on or None)
BOOK = {
    # receivables exactly 110 % of the limit: not over it by MORE than 10 %; exposure 110,000 > 100 %
    "A": (100000.0, [(110000.0, AS_OF)], 0.0, "2026-06-30"),
    # one cent more: over the limit by 10,000.01
    "B": (100000.0, [(110000.01, AS_OF)], 0.0, "2026-06-30"),
    # due 2026-08-02: exactly 90 days past due on 2026-10-31, not more (but all of it overdue: the overdue rule)
    "C90": (100000.0, [(50000.0, "2026-08-02")], 0.0, "2026-06-30"),
    # due 2026-08-01: 91 days past due; a current invoice beside it (1,000 of 5,000 overdue: 20 %)
    "C91": (100000.0, [(1000.0, "2026-08-01"), (4000.0, AS_OF)], 0.0, "2026-06-30"),
    # 60,000 receivables + 40,000 open orders = exactly 100 % of the limit
    "D": (100000.0, [(60000.0, AS_OF)], 40000.0, "2026-06-30"),
    # 40,000.01 open orders: one cent above 100 %
    "E": (100000.0, [(60000.0, AS_OF)], 40000.01, "2026-06-30"),
    # receivables without any limit, never assessed
    "F": (None, [(500.0, AS_OF)], 0.0, None),
    # assessed exactly 12 months before AS_OF: not older than 12 months
    "S12": (10000.0, [], 0.0, "2025-10-31"),
    # one day older
    "S13": (10000.0, [], 0.0, "2025-10-30"),
    # neither a limit nor exposure: nothing to hold, even never assessed
    "H": (None, [], 0.0, None),
}


def _data(book: dict | None = None) -> KamData:
    book = BOOK if book is None else book
    ids = list(book)
    customers = pd.DataFrame(
        {"customer_id": ids, "name": [f"Name {i}" for i in ids], "industry": "Retail", "region": "East"}
    ).assign(account_manager="Li")
    # an item (amount, due date) is open; (amount, due date, True) was paid on its due date
    inv = [(c, a, d, bool(paid)) for c, (_, items, _, _) in book.items() for a, d, *paid in items]
    invoices = pd.DataFrame(
        {
            "invoice_id": [f"I{i}" for i in range(len(inv))],
            "customer_id": [c for c, _, _, _ in inv],
            "invoice_date": "2026-05-01",
            "due_date": [d for _, _, d, _ in inv],
            "amount": [a for _, a, _, _ in inv],
            "cost": 0.0,
        }
    )
    paid = invoices[[p for _, _, _, p in inv]] if inv else invoices
    payments = pd.DataFrame(
        {
            "payment_id": "P" + paid["invoice_id"],
            "customer_id": paid["customer_id"],
            "payment_date": paid["due_date"],
            "amount": paid["amount"],
            "invoice_id": paid["invoice_id"],
        }
    )
    limits = pd.DataFrame(
        [(c, lim, "account manager", "2026-01-01") for c, (lim, _, _, _) in book.items() if lim is not None],
        columns=["customer_id", "credit_limit", "approved_by", "approved_on"],
    )
    orders = pd.DataFrame([(c, o) for c, (_, _, o, _) in book.items() if o], columns=["customer_id", "amount"])
    assessed = [(c, day) for c, (_, _, _, day) in book.items() if day is not None]
    factors = pd.DataFrame({"customer_id": [c for c, _ in assessed], "assessed_on": [d for _, d in assessed]})
    for f in CREDIT_FACTORS:
        factors[f] = 3  # all factors 3, no statements: score 50, grade BB (no grade hold)
    tables = {
        "customers": customers,
        "invoices": invoices,
        "payments": payments if len(payments) else empty_frame("payments"),
        "credit_limits": limits,
        "open_orders": orders,
        "credit_factors": factors,
        "financials": empty_frame("financials"),
    }
    return KamData({k: conform(v, k) for k, v in tables.items()})


@pytest.fixture(scope="module")
def data() -> KamData:
    return _data()


@pytest.fixture(scope="module")
def lim(data) -> pd.DataFrame:
    return credit.limits(data, AS_OF)


def test_each_default_rule_fires_and_does_not_fire(data, lim):
    h = credit.holds(data, AS_OF, lim=lim)
    # largest exposure first: B 110,000.01, A 110,000, E 100,000.01, C90 50,000, C91 5,000, F 500, S13 0
    assert list(h.index) == ["B", "A", "E", "C90", "C91", "F", "S13"]
    assert h["rules"].to_dict() == {
        "B": "over_limit, utilization",
        "A": "utilization",
        "E": "utilization",
        "C90": "overdue",
        "C91": "past_due",
        "F": "over_limit, stale_assessment, utilization",
        "S13": "stale_assessment",
    }
    assert h["rules_fired"].tolist() == [2, 1, 1, 1, 1, 3, 1]
    assert not h["hold_grade"].any()  # every grade is BB


def test_over_limit_amounts_and_release(data, lim):
    h = credit.holds(data, AS_OF, lim=lim)
    assert h.loc["B", "over_limit_amount"] == 10000.01 and h.loc["B", "receivables"] == 110000.01
    assert np.isnan(h.loc["A", "over_limit_amount"])  # did not fire: no amount
    assert h.loc["B", "release"].startswith(
        "collect 10 k to bring receivables of 110 k within the limit of 100 k, or approve a higher limit; "
    )
    assert h.loc["F", "over_limit_amount"] == 500.0
    assert h.loc["F", "release"].startswith("approve a credit limit for receivables of 500, or collect them; ")


def test_past_due_amounts_and_release(data, lim):
    h = credit.holds(data, AS_OF, lim=lim)
    # only the 1,000 invoice of C91 is more than 90 days past due; the current 4,000 is not counted
    assert h.loc["C91", "past_due_amount"] == 1000.0 and h.loc["C91", "max_days_past_due"] == 91
    assert h.loc["C91", "release"] == "pay the invoices more than 90 days past due: 1 k (the oldest 91 days past due)"
    assert not h.loc["C90", "hold_past_due"] and np.isnan(h.loc["C90", "past_due_amount"])
    # 89 days: C90's invoice (90 days) fires now
    h89 = credit.holds(data, AS_OF, {"credit": {"holds": {"past_due": {"days": 89}}}}, lim=lim)
    assert h89.loc["C90", "past_due_amount"] == 50000.0 and h89.loc["C90", "hold_past_due"]


def test_utilization_amounts_and_release(data, lim):
    h = credit.holds(data, AS_OF, lim=lim)
    assert h.loc["A", "exposure_excess"] == 10000.0 and h.loc["E", "exposure_excess"] == 0.01
    assert h.loc["E", "open_orders"] == 40000.01 and "D" not in h.index
    assert h.loc["E", "release"] == (
        "reduce exposure (receivables and open orders) of 100 k by 0.01 to at most 100% of the limit of 100 k"
    )
    assert h.loc["F", "release"].endswith("; approve a credit limit for exposure of 500")
    # at most 80 %: D (100,000 against 80,000) fires with 20,000 to reduce
    h80 = credit.holds(data, AS_OF, {"credit": {"holds": {"utilization": {"above_share": 0.8}}}}, lim=lim)
    assert h80.loc["D", "exposure_excess"] == 20000.0


def test_stale_assessment_release(data, lim):
    h = credit.holds(data, AS_OF, lim=lim)
    assert h.loc["S13", "release"] == "a new credit assessment (the latest, of 2025-10-30, is older than 12 months)"
    assert "S12" not in h.index and "H" not in h.index  # H: nothing to hold
    assert "a new credit assessment (never assessed)" in h.loc["F", "release"]
    h6 = credit.holds(data, AS_OF, {"credit": {"holds": {"stale_assessment": {"months": 6}}}}, lim=lim)
    assert not h6.loc["A", "hold_stale_assessment"]  # 2026-06-30 is 4 months old
    assert h6.loc["S12", "hold_stale_assessment"]


def test_grade_rule_fires_for_the_policy_grades(data, lim):
    graded = lim.copy()
    graded.loc["D", "scored_grade"] = "C"
    graded.loc["S12", "scored_grade"] = "B"
    h = credit.holds(data, AS_OF, lim=graded)
    assert h.loc["D", "rules"] == "grade" and "S12" not in h.index
    assert h.loc["D", "release"] == "a new credit assessment with a better grade than C, or cash in advance"
    worst_two = credit.holds(data, AS_OF, {"credit": {"holds": {"grade": {"grades": ["B", "C"]}}}}, lim=graded)
    assert worst_two.loc["S12", "rules"] == "grade"


def test_over_limit_share_is_a_parameter(data, lim):
    h = credit.holds(data, AS_OF, {"credit": {"holds": {"over_limit": {"above_share": 0.0}}}}, lim=lim)
    assert h.loc["A", "over_limit_amount"] == 10000.0 and "over_limit" in h.loc["A", "rules"]


def test_each_rule_can_be_switched_off(data, lim):
    off = {r: {"enabled": False} for r in credit.HOLD_RULES}
    assert credit.holds(data, AS_OF, {"credit": {"holds": off}}, lim=lim).empty
    only_past_due = {**off, "past_due": {"enabled": True}}
    h = credit.holds(data, AS_OF, {"credit": {"holds": only_past_due}}, lim=lim)
    assert list(h.index) == ["C91"] and h["rules"].tolist() == ["past_due"]
    assert np.isnan(h.loc["C91", "exposure_excess"]) and np.isnan(h.loc["C91", "over_limit_amount"])
    no_util = credit.holds(data, AS_OF, {"credit": {"holds": {"utilization": {"enabled": False}}}}, lim=lim)
    assert "A" not in no_util.index and no_util.loc["B", "rules"] == "over_limit"


def test_holds_compute_the_limits_themselves(data, lim):
    pd.testing.assert_frame_equal(credit.holds(data, AS_OF), credit.holds(data, AS_OF, lim=lim))


def test_a_lim_without_the_needed_columns_is_refused(data, lim):
    with pytest.raises(KeyError, match="holds need the columns assessed_on"):
        credit.holds(data, AS_OF, lim=lim.drop(columns="assessed_on"))


#: The overdue rule (share 25 % of the open receivables or 50,000) and customers without credit who buy.
OVERDUE_BOOK = {
    # 250 of 1,000 overdue: exactly 25 %, not more
    "Q25": (1e6, [(250.0, "2026-10-01"), (750.0, AS_OF)], 0.0, "2026-06-30"),
    # 250.01 of 1,000: above the threshold of 250.00
    "Q25C": (1e6, [(250.01, "2026-10-01"), (749.99, AS_OF)], 0.0, "2026-06-30"),
    # 50,000.01 of 1,000,000: 5 %, but above the amount of 50,000
    "BIG": (1e7, [(50000.01, "2026-10-01"), (949999.99, AS_OF)], 0.0, "2026-06-30"),
    # 120,000 of 200,000: 60 %, and above 50,000
    "MANY": (1e6, [(120000.0, "2026-10-01"), (80000.0, AS_OF)], 0.0, "2026-06-30"),
    # bought in May (paid on time), no limit, no exposure, assessed 2025-01-16 (stale): its next order waits
    "BUYER": (None, [(3000.0, "2026-06-01", True)], 0.0, "2025-01-16"),
    # nothing bought, no limit, no exposure, stale: nothing to hold
    "IDLE": (None, [], 0.0, "2025-01-16"),
}


def test_the_overdue_rule_by_hand():
    data = _data(OVERDUE_BOOK)
    lim = credit.limits(data, AS_OF)
    h = credit.holds(data, AS_OF, lim=lim)
    assert list(h.index) == ["BIG", "MANY", "Q25C", "BUYER"]  # largest exposure first
    assert h["rules"].to_dict() == {"BIG": "overdue", "MANY": "overdue", "Q25C": "overdue", "BUYER": "stale_assessment"}
    assert h["overdue"].tolist()[:3] == [50000.01, 120000.0, 250.01]
    assert h.loc["MANY", "overdue_share"] == 0.6 and h.loc["BIG", "overdue_share"] == pytest.approx(0.0500000)
    # what must be paid (applied to the overdue) for the rule to lift:
    # Q25C: 0.01 leaves 250.00 of 999.99, whose 25 % is 249.9975 -> 250.00: not above it
    # BIG: 0.01 leaves 50,000.00: not above 50,000 (and 5 % is below 25 % anyway)
    # MANY: 25 % needs 120,000 - x <= 0.25 x (200,000 - x): x >= 93,333.33 (26,666.67 of 106,666.67, whose
    #   25 % is 26,666.6675 -> 26,666.67), which also brings it below 50,000 (that alone needs 70,000)
    assert h["overdue_release"].tolist()[:3] == [0.01, 93333.33, 0.01]
    assert h.loc["MANY", "release"] == (
        "collect the overdue of 120 k (60% of receivables of 200 k), the hold lifting once it is no longer "
        "above 25 % of the receivables or 50 k (after 93.3 k is paid)"
    )
    # the same rule stops the limit's increase, makes its action collect and puts it on the re-review list
    assert lim["overdue_hold"].to_dict() == {
        "BIG": True,
        "BUYER": False,
        "IDLE": False,
        "MANY": True,
        "Q25": False,
        "Q25C": True,
    }
    # (no statement in this book: MANY's limit is at most the BB starter limit 50000, its exposure of 200000
    # down to it is 150000, more than the overdue 120000)
    assert lim.loc["MANY", "recommended_limit"] == 50000 and lim.loc["MANY", "limit_rule"] == "overdue"
    assert lim.loc["MANY", "action"] == "collect" and lim.loc["MANY", "collect_first"] == 150000
    assert lim.loc["MANY", "review_reasons"].endswith("overdue 120 k is 60 % of receivables 200 k")
    # Q25's 25 % is no overdue hold and no re-review trigger: its cut to the BB starter limit (no statement)
    # says what it is at the head of its reason, and it is not on the re-review list
    assert not lim.loc["Q25", "review_overdue"] and not lim.loc["Q25", "review"]
    assert lim.loc["Q25", "review_reasons"] == ""
    assert lim.loc["Q25", "limit_reason"].startswith("limit in force 1.00 M above the recommended 50 k; ")


def test_the_overdue_rule_with_both_tests_or_one():
    data = _data(OVERDUE_BOOK)
    lim = credit.limits(data, AS_OF)
    # all: both tests must fire (the amount a floor): only MANY; it lifts once either stops, after 70,000
    both = credit.holds(data, AS_OF, {"credit": {"holds": {"overdue": {"combine": "all"}}}}, lim=lim)
    assert both.index[both["hold_overdue"]].tolist() == ["MANY"] and both.loc["MANY", "overdue_release"] == 70000
    assert both.loc["MANY", "release"].endswith("no longer above 25 % of the receivables and 50 k (after 70 k is paid)")
    # the share alone (amount null): BIG's 5 % no longer fires
    share = credit.holds(data, AS_OF, {"credit": {"holds": {"overdue": {"amount": None}}}}, lim=lim)
    assert share.index[share["hold_overdue"]].tolist() == ["MANY", "Q25C"]
    # the amount alone: BIG and MANY
    amount = credit.holds(data, AS_OF, {"credit": {"holds": {"overdue": {"share": None}}}}, lim=lim)
    assert amount.index[amount["hold_overdue"]].tolist() == ["BIG", "MANY"]


def test_a_buyer_without_a_limit_is_held_like_any_other():
    # the committee's C000270: no limit, no exposure, a stale assessment, still buying: listed with the rule
    # that holds it, as customers with a limit are; a customer who neither buys nor owes is not listed
    h = credit.holds(_data(OVERDUE_BOOK), AS_OF)
    assert h.loc["BUYER", "release"] == "a new credit assessment (the latest, of 2025-01-16, is older than 12 months)"
    assert h.loc["BUYER", "exposure"] == 0 and h.loc["BUYER", "approved_limit"] == 0
    assert "IDLE" not in h.index


@pytest.mark.parametrize(
    "holds, message",
    [
        ({"grade": {"grades": ["D"]}}, r"'credit\.holds\.grade\.grades\[0\]' = 'D' is not a grade"),
        ({"past_due": {"days": 0}}, r"'credit\.holds\.past_due\.days' = 0 is out of range"),
        ({"over_limit": {"above_share": -0.1}}, r"'credit\.holds\.over_limit\.above_share' = -0\.1 is out of range"),
        ({"utilization": {"above_share": float("nan")}}, r"'credit\.holds\.utilization\.above_share' must be a finite"),
        ({"stale_assessment": {"enabled": "yes"}}, r"'credit\.holds\.stale_assessment\.enabled' must be true or false"),
        ({"credit_check": {"enabled": True}}, r"unknown policy key 'credit\.holds\.credit_check'"),
        ({"overdue": {"share": 1}}, r"'credit\.holds\.overdue\.share' = 1 must be below 1"),
        ({"overdue": {"share": -0.1}}, r"'credit\.holds\.overdue\.share' = -0\.1 is out of range"),
        ({"overdue": {"amount": float("inf")}}, r"'credit\.holds\.overdue\.amount' must be a finite"),
        ({"overdue": {"combine": "or"}}, r"'credit\.holds\.overdue\.combine' must be 'any' or 'all'"),
        ({"overdue": {"share": None, "amount": None}}, r"'credit\.holds\.overdue\.share' and 'amount' are both null"),
    ],
)
def test_bad_hold_settings_are_refused_naming_the_key(holds, message):
    with pytest.raises(PolicyError, match=message):
        load_policy({"credit": {"holds": holds}})


def test_amount_text():
    assert amount_text(pd.Series([0.0, 999.0, 1000.0, 12345678.9, np.nan])).tolist() == [
        "0",
        "999",
        "1,000",
        "12,345,678.90",
        "0",
    ]


def test_the_excel_list(data, lim, tmp_path):
    h = credit.holds(data, AS_OF, lim=lim)
    h.loc["B", "release"] = '=HYPERLINK("x")'  # formula-like text stays text
    labels.use("zh")
    try:
        path = write_holds(h, tmp_path / "holds.xlsx")
    finally:
        labels.use("en")
    wb = load_workbook(path)
    assert wb.sheetnames == ["信用冻结", "规则"]  # in the report's language
    ws = wb["信用冻结"]
    header = [c.value for c in ws[1]]
    assert header[:4] == ["客户编号", "客户名称", "客户经理", "冻结规则"]
    col = {name: i + 1 for i, name in enumerate(header)}
    # money headed with its unit, shown whole with separators; the cell keeps the exact amount
    assert ws.cell(2, 1).value == "B" and ws.cell(2, col["超额应收（元）"]).value == 10000.01
    assert ws.cell(2, col["超额应收（元）"]).number_format == "#,##0"
    assert "_" not in ws.cell(2, col["冻结规则"]).value  # the rules that fired by their names: 超额、...
    release = ws.cell(2, col["解除条件"])
    assert release.value == '=HYPERLINK("x")' and release.data_type == "s"
    rules = [r for r in wb["规则"].iter_rows(min_row=2, values_only=True)]
    assert rules == [
        ("应收超额", 2),
        ("长期逾期", 1),
        ("逾期比例或金额超标", 1),
        ("信用等级", 0),
        ("信用评估过期", 2),
        ("含订单的额度使用率", 4),
    ]


def test_the_limits_read_the_same_holds_as_the_list(data, lim):
    # one set of hold rules (kamtools.credit.hold_rules): the list's rules are the limit row's credit_holds,
    # and a customer off the list has none
    h = credit.holds(data, AS_OF, lim=lim)
    assert lim.loc[h.index, "credit_holds"].tolist() == h["rules"].tolist()
    assert (lim.drop(index=h.index)["credit_holds"] == "").all()
    # B (receivables 110,000.01 against 100,000) and A (exposure 110,000) may not be raised; F (500 owed, no
    # limit) may get its first limit, which releases its holds of exposure without a limit (never assessed,
    # it still waits for an investigation)
    assert (
        lim.loc["B", "blocking_holds"] == "over_limit, utilization" and lim.loc["A", "blocking_holds"] == "utilization"
    )
    assert lim.loc["F", "blocking_holds"] == "stale_assessment"
    assert (lim.loc[["A", "B", "E"], "limit_change"] <= 0).all()


def test_a_share_beside_its_threshold_reads_as_it_was_compared():
    # the committee's C000151: "25 %" for 25.4 % read as the threshold, which exactly 25 % does not pass
    data = _data(
        {
            # 4,624 of 18,186 overdue (30 days): 25.43 % > 25 %: one decimal
            "C151": (26000.0, [(4624.0, "2026-10-01"), (13562.0, AS_OF)], 0.0, "2026-06-30"),
            # 250.01 of 1,000: 25.001 % (25.0 and 25.00 would read as the threshold): three decimals
            "Q25C": (1e6, [(250.01, "2026-10-01"), (749.99, AS_OF)], 0.0, "2026-06-30"),
            # 9,020 of a 10,000 limit used, nothing overdue: 90.2 % > the re-review trigger's 90 %
            "U902": (10000.0, [(9020.0, AS_OF)], 0.0, "2026-06-30"),
            # 7,490 of 10,000 overdue: 74.9 %, far from 25 %: the whole percent, 75 %
            "FAR": (1e6, [(7490.0, "2026-10-01"), (2510.0, AS_OF)], 0.0, "2026-06-30"),
        }
    )
    lim = credit.limits(data, AS_OF)
    assert lim["review_reasons"].to_dict() == {
        "C151": "overdue 4.6 k is 25.4 % of receivables 18.2 k",
        "FAR": "overdue 7.5 k is 75 % of receivables 10 k",
        "Q25C": "overdue 250 is 25.001 % of receivables 1 k",
        "U902": "utilization 90.2 % above 90 %",
    }
    assert lim.loc["C151", "limit_reason"].startswith(
        "overdue 4.6 k is 25.4 % of receivables 18.2 k (up to 30 days past due, orders held above 25 % of the "
        "receivables or 50 k): collect it"
    )
    held = credit.holds(data, AS_OF, lim=lim)
    assert held.loc["C151", "release"].startswith("collect the overdue of 4.6 k (25.4% of receivables of 18.2 k)")
    assert held.loc["Q25C", "release"].startswith("collect the overdue of 250.01 (25.001% of receivables of 1 k)")
    assert held.loc["FAR", "release"].startswith("collect the overdue of 7.5 k (75% of receivables of 10 k)")


def test_the_provision_a_reason_states_shows_its_basis():
    # the committee's C000106 / C000202 / C000196 / C000038: "provision 380 k" with no basis. On 2026-10-31 PROV
    # owes 6,000 not yet due, 10,000 16 days past due (1-30), 4,000 152 days (91-180) and 2,000 517 days (over
    # 365): at the receivables page's rates 1 % x 10,000 + 25 % x 4,000 + 100 % x 2,000 = 100 + 1,000 + 2,000 =
    # 3,100 (the current bucket's rate is 0: not listed); on hold (over 90 days) and past the legal 365 days: a
    # legal case, provided at least at 50 % of its balance 22,000 = 11,000, so 7,900 specific on top of the bands
    data = _data(
        {
            "PROV": (
                50000.0,
                [(6000.0, AS_OF), (10000.0, "2026-10-15"), (4000.0, "2026-06-01"), (2000.0, "2025-06-01")],
                0.0,
                "2026-06-30",
            )
        }
    )
    r = credit.limits(data, AS_OF).loc["PROV"]
    assert (r["provision"], r["arrears"], r["max_days_past_due"]) == (11000.0, 6000.0, 517)
    assert r["provision_basis"] == (
        "1 % of 1–30 days past due 10 k + 25 % of 91–180 days past due 4 k + 100 % of over 365 days past due 2 k"
        " + specific 7.9 k"
    )
    # past the legal days the limit is withdrawn first: the debt is the receivables, 6 + 10 + 4 + 2 = 22 k
    assert r["limit_reason"].startswith(
        "limit withdrawn: invoice 517 days past due, over the 365 legal days: the debt of 22 k goes to collections or "
        "legal action; no open credit: supply only against cash in advance until the debt is paid and a new limit "
        "approved; "
        "hold: invoice 517 days past due (6 k over 90 days): collect, no increase; the limit takes grade C (scored "
        "BB) while the arrears are open; over 365 days: hand to collections or legal action, provide for it; provision 11 k: 1 % "
        "of 1–30 days past due 10 k + 25 % of 91–180 days past due 4 k + 100 % of over 365 days past due 2 k + "
        "specific 7.9 k (at the "
        "receivables page's provision rates); "
    )
    labels.use("zh")
    try:
        zh = labels.value("provision_basis", r["provision_basis"])
    finally:
        labels.use("en")
    assert zh == "逾期1–30天的1.0万元×1% + 逾期91–180天的4,000元×25% + 逾期365天以上的2,000元×100% + 个别计提7,900元"


def test_the_arrears_grade_is_no_re_grading():
    # the committee's C000202: scored BB as before, but its arrears cap the limit at grade C: the re-review list
    # read "grade changed BB -> C" while no grade hold fired. The scorecard's grade did not change: no re-review for
    # it; the reason names both grades. ARR owes 5,000 due 2026-06-01 (152 days past due), assessed twice with all
    # factors 3 (BB both times)
    data = _data({"ARR": (1e6, [(5000.0, "2026-06-01")], 0.0, "2026-06-30")})
    tables = {name: data.table(name) for name in data.tables}
    earlier = tables["credit_factors"].assign(assessed_on=pd.Timestamp("2025-06-30"))
    tables["credit_factors"] = pd.concat([earlier, tables["credit_factors"]], ignore_index=True)
    r = credit.limits(KamData(tables), AS_OF).loc["ARR"]
    assert (r["previous_grade"], r["scored_grade"], r["grade"]) == ("BB", "BB", "C")
    assert not r["review_grade_change"] and "grade changed" not in r["review_reasons"]
    assert "; the limit takes grade C (scored BB) while the arrears are open; " in r["limit_reason"]


def test_the_hold_list_is_worked_orders_waiting_and_key_accounts_first():
    # four held customers: A the largest exposure but nothing waiting and no key account; B orders waiting;
    # K a key account, nothing waiting; L a key account with orders waiting: L, B, K, A
    held = pd.DataFrame(
        {"open_orders": [0.0, 500.0, 0.0, 100.0, 0.0], "exposure": [900.0, 10.0, 50.0, 20.0, 60.0]},
        index=pd.Index(["A", "B", "K", "L", "M"], name="customer_id"),
    )
    ranked = credit.hold_priority(held, pd.Index(["K", "L", "M"]))
    # M and K: key accounts without orders, the larger exposure first
    assert ranked.index.tolist() == ["L", "B", "M", "K", "A"]
    assert ranked["hold_priority"].tolist() == [1, 2, 3, 4, 5]
    assert ranked["key_account"].tolist() == [True, False, True, True, False]


def test_a_release_reads_its_amounts_as_the_credit_reasons_in_either_language():
    # the committee's C000202: "收回2,972,670.62，使应收账款4,216,670.62回到额度1,244,000以内". Every release
    # sentence goes through one helper: short amounts from 1,000 on (万元 in Chinese), cents below
    h = pd.DataFrame(
        {
            "grade": ["BB"],
            "approved_limit": [1244000.0],
            "open_receivables": [4216670.62],
            "exposure": [4216670.62],
            "max_days_past_due": [0],
            "months_bought": [12],
            "assessed_on": [pd.Timestamp("2026-06-30")],
        },
        index=["C000202"],
    )
    flags = hold_flags(h, load_policy(), pd.Timestamp(AS_OF))
    over = flags.loc["C000202", "release"].split("; ")[0]
    assert over == "collect 2.97 M to bring receivables of 4.22 M within the limit of 1.24 M, or approve a higher limit"
    labels.use("zh")
    try:
        zh = labels.value("release", over)
    finally:
        labels.use("en")
    assert zh == "收回297万元，使应收账款422万元回到额度124万元以内，或批准更高的额度"
    assert money_text(pd.Series([999.99, 1000.0, 0.01])).tolist() == ["999.99", "1 k", "0.01"]


def test_the_hold_list_shows_the_grade_in_force_beside_the_scored_one(tmp_path):
    # ARR (as above): scored BB, its arrears (5,000 152 days past due) cap the limit at grade C. The credit page
    # shows C; the hold list read BB under 信用等级. It shows C, and the scorecard's BB under 评分等级 (the grade
    # rule reads the scorecard's grade: BB is no grade hold, the past-due rule holds ARR)
    data = _data({"ARR": (1e6, [(5000.0, "2026-06-01")], 0.0, "2026-06-30")})
    h = credit.holds(data, AS_OF)
    assert (h.loc["ARR", "grade"], h.loc["ARR", "scored_grade"]) == ("C", "BB")
    assert not h.loc["ARR", "hold_grade"] and h.loc["ARR", "hold_past_due"]
    labels.use("zh")
    try:
        path = write_holds(h, tmp_path / "holds.xlsx")
    finally:
        labels.use("en")
    ws = load_workbook(path)["信用冻结"]
    header = [c.value for c in ws[1]]
    row = {name: ws.cell(2, i + 1).value for i, name in enumerate(header)}
    assert (row["客户编号"], row["信用等级"], row["评分等级"]) == ("ARR", "C", "BB")


def test_the_holds_only_the_overdue_amount_makes_are_found():
    # the policy's overdue rule: above 25 % of the receivables or above 50,000. A owes 60,000 overdue of 400,000
    # (15 %: only the amount test), 12 days late; B 60,000 of 100,000 (60 %: the share test too); C the amount only
    # but 45 days late; D the amount only, also over its limit (another money rule holds it)
    held = pd.DataFrame(
        {"hold_overdue": [True, True, True, True], "hold_over_limit": [False, False, False, True],
         "hold_past_due": [False] * 4, "hold_utilization": [False] * 4, "overdue_share": [0.15, 0.60, 0.15, 0.15]},
        index=pd.Index(["A", "B", "C", "D"], name="customer_id"),
    )  # fmt: skip
    lim = pd.DataFrame(
        {"max_days_past_due": [12, 12, 45, 12], "limit_change": [-100.0, 0.0, 0.0, 0.0]}, index=held.index
    )
    out = credit.overdue_amount_only(held, lim, load_policy())
    assert out.index.tolist() == ["A"] and out["limit_change"].tolist() == [-100.0]
    assert credit.overdue_amount_only(held, lim, load_policy(), days=60).index.tolist() == ["A", "C"]
    # a rule without an amount test holds nobody by its amount alone
    assert credit.overdue_amount_only(held, lim, {"credit": {"holds": {"overdue": {"amount": None}}}}).empty
