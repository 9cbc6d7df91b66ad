"""The recommended credit limit: need, risk, capacity, new accounts, collateral, rounding, evidence,
hold, steps and breaches, each worked out by hand; and the committed sample, read as a committee would.

Unless a test says otherwise the default policy holds: terms default 30 days + 10 grace days,
multipliers AAA 1.5, AA 1.3, A 1.2, BBB 1.1, BB 1.0, B 0.75, C 0; capacity the greater of
equity x (AAA .20 ... BBB .10, BB .08, B .05) and working capital x (... BBB .25, BB .20, B .15);
initial limit BBB 100000; collateral haircut 30 %; rounding to the nearest 1000, minimum 1000;
a cut of more than 30 % needs a plan; hold after 90 days past due; assessment at most 12 months old.
"""

from __future__ import annotations

import pandas as pd
import pytest
from limit_rows import limit_row as _row
from limit_rows import recommend

import kamtools as kt
from kamtools import credit
from kamtools.policy import PolicyError
from kamtools.schema import CREDIT_FACTORS, conform
from kamtools.store import KamData

AS_OF = "2026-09-30"
#: The capacity of the default row: the greater of 10 % of equity 1 M and 25 % of working capital 400000.
CAP_1M = (
    "within capacity 100 k (the greater of 10 % of equity 1.00 M = 100 k and 25 % of working capital 400 k = 100 k)"
)
#: No materiality band: where a test is about another rule, a small change still shows.
NO_BAND = {"credit": {"limit": {"materiality_share": 0, "materiality_amount": 0}}}


def _rec(rows: dict[str, dict], policy=None) -> pd.DataFrame:
    return recommend(rows, AS_OF, policy)


# --------------------------------------------------------------------------- need and risk
def test_terms_need_and_grade_multiplier():
    r = _rec(
        {
            # 30000 x (30 + 10) / 30 = 40000; BBB x 1.1 = 44000
            "T30": _row(),
            # terms missing: the policy's 30 days
            "TNA": _row(payment_terms_days=float("nan")),
            # 90-day terms and 5000 open orders: 30000 x 100 / 30 + 5000 = 105000; x 1.1 = 115500 -> 116000
            # (equity 2 M: 10 % = 200000 does not cap it)
            "T90": _row(payment_terms_days=90.0, open_orders=5000.0, equity=2e6),
            # grade B: 40000 x 0.75 = 30000, below the need by the grade's rule
            "B": _row(grade="B", previous_grade="B"),
            # grade BB: exactly the need
            "BB": _row(grade="BB", previous_grade="BB"),
        }
    )
    assert r["terms_need"].tolist() == [40000.0, 40000.0, 105000.0, 40000.0, 40000.0]
    assert r.loc["TNA", "payment_terms_days"] == 30 and r.loc["T90", "credit_days"] == 100
    assert r["recommended_limit"].tolist() == [44000.0, 44000.0, 116000.0, 30000.0, 40000.0]
    # the capacity says how it is made: the greater of 10 % of equity 1 M and 25 % of working capital 400000
    # (BB: 8 % of 1 M = 80000 and 20 % of 400000 = 80000)
    assert r.loc["T30", "limit_reason"] == (
        "grade BBB: 110 % of terms need 40 k (30 k a month × 30+10 days); within capacity 100 k (the greater of "
        "10 % of equity 1.00 M = 100 k and 25 % of working capital 400 k = 100 k)"
    )
    assert r.loc["T90", "limit_reason"].startswith(
        "grade BBB: 110 % of terms need 105 k (30 k a month × 90+10 days + open orders 5 k); within capacity 200 k"
    )
    assert r.loc["BB", "limit_reason"] == (
        "terms need 40 k (30 k a month × 30+10 days); within capacity 80 k (the greater of 8 % of equity "
        "1.00 M = 80 k and 20 % of working capital 400 k = 80 k)"
    )
    assert r.loc["BB", "limit_rule"] == "need" and r.loc["T30", "limit_rule"] == "grade"
    assert r.loc["B", "below_need"] and r.loc["B", "below_need_rule"] == "grade"
    assert not r.loc["BB", "below_need"] and r.loc["BB", "below_need_rule"] == ""
    assert (r["action"] == "increase").all()


def test_seasonal_peak_basis():
    # peak: the highest 3-month average 45000: 45000 x 40 / 30 = 60000; x 1.1 = 66000
    rows = {"P": _row(peak_monthly_purchases=45000.0)}
    assert _rec(rows).loc["P", "recommended_limit"] == 44000
    r = _rec(rows, {"credit": {"limit": {"need_basis": "peak"}}})
    assert r.loc["P", "terms_need"] == 60000 and r.loc["P", "recommended_limit"] == 66000


def _book() -> KamData:
    """Two customers on 2026-09-30.

    N1: 60-day terms; invoices 2025-09-30 (outside the window), 2026-01-15 10000, 2026-02-10 20000,
        2026-03-05 30000, a credit note 2026-03-20 -6000, 2026-09-30 4000 (all paid but the last);
        open orders 2000 (2026-09-20) and 7000 (2026-10-05, after the date); statements 2024 and
        2025 (the latest: current assets 500000, current liabilities 300000, total assets 1000000,
        total liabilities 400000); assessed 2026-06-30; limit 30000.
    N2: no terms; an unpaid invoice of 5000 due 2026-05-31 (122 days past due); assessed
        2025-08-31 (stale); no statement; limit 10000.
    """
    customers = pd.DataFrame(
        {
            "customer_id": ["N1", "N2"],
            "name": ["North", "South"],
            "industry": "Distribution",
            "region": "East",
            "account_manager": "Li",
            "payment_terms_days": [60, None],
        }
    )
    inv = pd.DataFrame(
        {
            "invoice_id": ["I0", "I1", "I2", "I3", "I4", "I5", "I6"],
            "customer_id": ["N1"] * 6 + ["N2"],
            "invoice_date": [
                "2025-09-30",
                "2026-01-15",
                "2026-02-10",
                "2026-03-05",
                "2026-03-20",
                "2026-09-30",
                "2026-05-01",
            ],
            "due_date": [
                "2025-11-29",
                "2026-03-16",
                "2026-04-11",
                "2026-05-04",
                "2026-03-20",
                "2026-11-29",
                "2026-05-31",
            ],
            "amount": [99999.0, 10000.0, 20000.0, 30000.0, -6000.0, 4000.0, 5000.0],
            "cost": 0.0,
        }
    )
    pay = pd.DataFrame(
        {
            "payment_id": ["P0", "P1", "P2", "P3"],
            "customer_id": "N1",
            "payment_date": ["2025-11-20", "2026-03-10", "2026-04-10", "2026-05-01"],
            "amount": [99999.0, 10000.0, 20000.0, 24000.0],
            "invoice_id": ["I0", "I1", "I2", None],
        }
    )

    def stmt(end, ca, cl, ta, tl):
        return {
            "customer_id": "N1",
            "period_end": end,
            "current_assets": ca,
            "inventory": 0.0,
            "current_liabilities": cl,
            "total_assets": ta,
            "total_liabilities": tl,
            "revenue": 1e6,
            "net_profit": 1e5,
        }

    fin = pd.DataFrame([stmt("2024-12-31", 900e3, 100e3, 2e6, 1e5), stmt("2025-12-31", 500e3, 300e3, 1e6, 4e5)])
    fac = pd.DataFrame(
        [["N1", "2026-06-30", *[4] * 12], ["N2", "2025-08-31", *[4] * 12]],
        columns=["customer_id", "assessed_on", *CREDIT_FACTORS],
    )
    cl = pd.DataFrame(
        {
            "customer_id": ["N1", "N2"],
            "credit_limit": [30000.0, 10000.0],
            "approved_by": "Wang",
            "approved_on": "2026-01-01",
        }
    )
    oo = pd.DataFrame(
        {
            "customer_id": ["N1", "N1"],
            "amount": [2000.0, 7000.0],
            "order_id": ["O1", "O2"],
            "order_date": ["2026-09-20", "2026-10-05"],
        }
    )
    tables = {
        "customers": customers,
        "financials": fin,
        "credit_factors": fac,
        "invoices": inv,
        "payments": pay,
        "credit_limits": cl,
        "open_orders": oo,
    }
    return KamData({k: conform(v, k) for k, v in tables.items()})


def test_limits_read_the_need_from_the_book():
    # every multiplier 1 and the capacity shares 1, the lesser: the grade does not matter
    ones = {g: 1.0 for g in credit.grade_order(not_rated=False)}
    pol = {"credit": {"limit": {"multiplier": ones, "capacity": {"combine": "lesser"}}}}
    lim = credit.limits(_book(), AS_OF, pol)
    n1 = lim.loc["N1"]
    # window (2025-09-30, 2026-09-30]: January 10000, February 20000, March 30000 - 6000, September 4000:
    # 58000 over 4 months bought = 14500 a month; the highest 3 months (January-March) 54000 / 3 = 18000
    assert n1["purchases"] == 58000 and n1["months_bought"] == 4
    assert n1["avg_monthly_purchases"] == 14500 and n1["peak_monthly_purchases"] == 18000
    # 14500 x (60 + 10) / 30 = 33833.33 + open orders 2000 (the one after the date left out)
    assert n1["payment_terms_days"] == 60 and n1["open_orders"] == 2000
    assert n1["terms_need"] == pytest.approx(35833.33)
    # the latest statement: equity 600000, working capital 200000
    assert n1["equity"] == 600000 and n1["working_capital"] == 200000
    assert n1["financials_on"] == pd.Timestamp("2025-12-31")
    # 35833.33 x 1 = 36000 by the rules, but 4 months bought is a short history: the lesser of the approved
    # 30000 and the starter limit of its grade stays (no increase until six months show the business)
    assert n1["rules_limit"] == 36000 and n1["short_history"] and n1["limit_rule"] == "short_history"
    assert n1["recommended_limit"] == 30000 and n1["limit_change"] == 0 and n1["action"] == "keep"
    assert n1["limit_reason"].startswith(
        "short history (bought in 4 of the last 12 months): 30 k, the lesser of the approved limit 30 k and the "
        "starter limit 200 k of grade A; by the grade's rules 36 k: terms need 35.8 k (14.5 k a month over the 4 "
        "months bought × 60+10 days + open orders 2 k); within capacity 60 k (the lesser of 12 % of equity 600 k = "
        "72 k and 30 % of working capital 200 k = 60 k)"
    )
    assert not n1["hold"] and not n1["investigate"]

    n2 = lim.loc["N2"]
    # 5000 due 2026-05-31: 122 days past due, all of it over 90 days, provision 25 % (91-180 days)
    assert n2["max_days_past_due"] == 122 and n2["arrears"] == 5000 and n2["provision"] == 1250
    assert n2["payment_terms_days"] == 30 and n2["hold"] and n2["investigate"]
    # the record of the last 12 month ends: overdue at the ends of June to September (due 31 May is
    # not past due on 31 May); N1 always paid (or was covered by its credit) in time
    assert n2["overdue_month_ends_12m"] == 4 and n2["max_overdue_12m"] == 5000
    assert n1["overdue_month_ends_12m"] == 0 and n1["max_overdue_12m"] == 0
    # stale assessment: no increase, and the last grade's lower limit applies at once; on hold the limit
    # takes grade C (multiplier 1 here): 5000 a month x (30 + 10) / 30 = 6666.67, but without a usable
    # statement the unsecured limit is at most the starter limit of grade C, 0
    assert n2["grade"] == "C" and n2["capped_by_starter"] and n2["rules_limit"] == 0
    assert n2["recommended_limit"] == 0 and n2["limit_change"] == -10000 and n2["action"] == "collect"
    assert n2["limit_reason"] == (
        "investigate first: assessment of 2025-08-31 is over 12 months old; no usable financial statement; "
        "meanwhile the last grade's limit: no usable financial statement: the unsecured limit at most the starter "
        "limit 0 of grade C until statements are received; terms need 6.7 k (5 k a month over the 1 month bought "
        "× 30+10 days); hold: invoice 122 days past due (5 k over 90 days): collect, no increase; "
        "the limit takes grade C (scored BBB) while the arrears are open; provision 1.3 k: 25 % of 91–180 days past "
        "due 5 k "
        "(at the receivables page's provision rates); "
        # all 5000 of the receivables overdue (100 % > 25 %): the overdue hold too, collect the 5000 first
        "overdue 5 k is 100 % of receivables 5 k (up to 122 days past due, orders held above 25 % of the "
        "receivables or 50 k): collect it; new limit effective on approval (the limit in force applies until then); no shipments on credit until exposure is "
        "within it: collect 5 k (the overdue 5 k, which brings the exposure within the limit); "
        "payment terms: cash in advance (0 days) in place of 30 days"
    )
    assert n2["overdue_hold"] and n2["collect_first"] == 5000 and not n1["overdue_hold"]


# --------------------------------------------------------------------------- capacity
def test_capacity_caps_by_grade():
    small = {"equity": 200000.0, "working_capital": 100000.0}
    r = _rec({"G": _row(**small), "NEG": _row(equity=-5e4, working_capital=-1e4)})
    # equity 10 % x 200000 = 20000, working capital 25 % x 100000 = 25000: the greater caps 44000 at 25000
    assert r.loc["G", "equity_cap"] == 20000 and r.loc["G", "working_capital_cap"] == 25000
    assert r.loc["G", "capacity_cap"] == 25000 and r.loc["G", "recommended_limit"] == 25000
    assert r.loc["G", "capped_by_capacity"] and not r.loc["G", "capped_by_equity"]
    # the capacity leaves it under the need: the longest terms 25000 carries, 25000 x 30 / 30000 - 10 = 15 days
    # (a standard term; the need at them 30000 x 25 / 30 = 25000)
    assert r.loc["G", "limit_reason"] == (
        "capped by capacity 25 k (the greater of 10 % of equity 200 k = 20 k and 25 % of working capital 100 k = "
        "25 k); grade BBB: 110 % of terms need 40 k (30 k a month × 30+10 days); shorten payment terms from 30 to "
        "15 days (the longest standard terms the limit 25 k carries): the need at them is 25 k (30 k a month × "
        "15+10 days)"
    )
    assert r.loc["G", "below_need_rule"] == "capacity" and r.loc["G", "proposed_terms_days"] == 15
    # nothing to bear: capacity 0, limit 0
    assert r.loc["NEG", "capacity_cap"] == 0 and r.loc["NEG", "recommended_limit"] == 0
    # the lesser of the two: 20000, by equity
    r = _rec({"G": _row(**small)}, {"credit": {"limit": {"capacity": {"combine": "lesser"}}}})
    assert r.loc["G", "recommended_limit"] == 20000 and r.loc["G", "capped_by_equity"]
    # 20000 x 30 / 30000 - 10 = 10 days: below the shortest standard terms (15), the whole days it carries
    assert r.loc["G", "proposed_terms_days"] == 10 and r.loc["G", "terms_shortened"]
    assert r.loc["G", "limit_reason"].startswith(
        "capped by capacity 20 k (the lesser of 10 % of equity 200 k = 20 k and 25 % of working capital 100 k = 25 k)"
    )


def test_no_usable_statement_no_capacity_cap_and_at_most_the_starter_limit():
    no_fin = {"financials_on": pd.NaT, "equity": float("nan"), "working_capital": float("nan")}
    # the starter limit at once (credit.limit.statement_first off: the statement is not waited for)
    at_once = {"credit": {"limit": {"statement_first": False}}}
    r = _rec(
        {
            # an account with a limit and no statement: no capacity cap, said so; 44000 within the BBB starter
            "OLD": _row(approved_limit=30000.0, **no_fin),
            # a statement older than 24 months counts as none
            "STALE": _row(
                financials_on=pd.Timestamp("2024-09-29"), equity=1.0, working_capital=1.0, approved_limit=30000.0
            ),
            # 150000 a month: 200000 x 1.1 = 220000, unsecured at most the BBB starter 100000 until statements
            # come in: a cut of the approved 180000 that the materiality band does not stop
            "BIG": _row(avg_monthly_purchases=150000.0, approved_limit=180000.0, **no_fin),
            # collateral adds: 100000 unsecured + 40000 less 30 % = 28000 (the need not covered otherwise is
            # 220000 - 100000 = 120000): 128000
            "SEC": _row(avg_monthly_purchases=150000.0, approved_limit=180000.0, collateral=40000.0, **no_fin),
        },
        at_once,
    )
    assert r["recommended_limit"].tolist() == [44000.0, 44000.0, 100000.0, 128000.0]
    assert r["capacity_cap"].isna().all() and not r["new_account"].any()
    assert r["capped_by_starter"].tolist() == [False, False, True, True]
    assert r.loc["OLD", "limit_reason"] == (
        "grade BBB: 110 % of terms need 40 k (30 k a month × 30+10 days); no usable financial statement: the "
        "unsecured limit at most the starter limit 100 k of grade BBB until statements are received (no capacity cap)"
    )
    assert r.loc["BIG", "limit_rule"] == "starter" and r.loc["BIG", "action"] == "decrease"
    # the starter limit leaves BIG under its need: 100000 x 30 / 150000 - 10 = 10 days, below the shortest
    # standard terms (15): the whole days; SEC's 128000 carries 128000 x 30 / 150000 - 10 = 15.6: 15 days
    # (need 150000 x 25 / 30 = 125000)
    assert r["proposed_terms_days"].tolist() == [30, 30, 10, 15]
    assert r.loc["BIG", "limit_reason"] == (
        "no usable financial statement: the unsecured limit at most the starter limit 100 k of grade BBB until "
        "statements are received; grade BBB: 110 % of terms need 200 k (150 k a month × 30+10 days); "
        "new limit effective on approval (the limit in force applies until then); shorten payment terms from 30 to 10 days (the longest terms the limit 100 k "
        "carries): the need at them is 100 k (150 k a month × 10+10 days)"
    )
    assert r.loc["SEC", "limit_reason"].endswith(
        "; + secured 28 k (collateral 40 k less 30 %); new limit effective on approval (the limit in force applies until then); shorten payment terms from 30 "
        "to 15 days (the longest standard terms the limit 128 k carries): the need at them is 125 k (150 k a month "
        "× 15+10 days)"
    )
    # the policy's starter limit of BBB at 20000: OLD too is cut to it
    low = _rec(
        {"OLD": _row(approved_limit=30000.0, **no_fin)},
        {"credit": {"limit": {"initial_limit": {"BBB": 20000}, "statement_first": False}}},
    )
    assert low.loc["OLD", "recommended_limit"] == 20000 and low.loc["OLD", "limit_rule"] == "starter"


# --------------------------------------------------------------------------- new accounts
def test_initial_limit_for_a_new_account():
    none = {"avg_monthly_purchases": 0.0, "peak_monthly_purchases": 0.0, "months_bought": 0}
    r = _rec(
        {
            # no purchases, no orders: the starter limit of grade BBB
            "S": _row(**none),
            # first orders 50000: need 50000 x 1.1 = 55000, within the starter
            "O": _row(open_orders=50000.0, **none),
            # orders 150000: 165000, at most 100000
            "BIG": _row(open_orders=150000.0, **none),
            # buying, no statement and no limit yet: not a new account (it buys), 44000 within the starter
            "NF": _row(financials_on=pd.NaT, equity=float("nan"), working_capital=float("nan")),
            # grade C: no starter
            "C": _row(grade="C", previous_grade="C", **none),
        }
    )
    assert r["new_account"].tolist() == [True, True, True, False, True]
    assert r["recommended_limit"].tolist() == [100000.0, 55000.0, 100000.0, 44000.0, 0.0]
    assert r.loc["S", "limit_reason"] == (
        "initial limit for a new account (no purchases in the last 12 months): starter limit 100 k for grade BBB"
    )
    assert r.loc["BIG", "limit_reason"] == (
        "initial limit for a new account (no purchases in the last 12 months): 110 % of terms need 150 k "
        "(0 a month × 30+10 days + open orders 150 k), at most 100 k for grade BBB"
    )
    assert r.loc["BIG", "below_need_rule"] == "initial"
    assert r.loc["NF", "limit_reason"] == (
        "grade BBB: 110 % of terms need 40 k (30 k a month × 30+10 days); no usable financial statement: the "
        "unsecured limit at most the starter limit 100 k of grade BBB until statements are received (no capacity cap)"
    )


# --------------------------------------------------------------------------- rounding
def test_rounding_to_nearest_with_a_minimum():
    r = _rec(
        {
            # 300 a month: need 400, x 1.1 = 440 -> nearest 1000 is 0 -> the minimum 1000
            "SMALL": _row(avg_monthly_purchases=300.0),
            # 30375: need 40500 x 1.1 = 44550 -> 45000; 30300: 40400 x 1.1 = 44440 -> 44000
            "UP": _row(avg_monthly_purchases=30375.0),
            "DOWN": _row(avg_monthly_purchases=30300.0),
            # nothing bought, nothing ordered, grade C: 0 stays 0
            "ZERO": _row(grade="C", previous_grade="C", months_bought=0, avg_monthly_purchases=0.0),
        },
        NO_BAND,
    )
    assert r["recommended_limit"].tolist() == [1000.0, 45000.0, 44000.0, 0.0]
    assert r["raised_to_minimum"].tolist() == [True, False, False, False]
    assert r.loc["SMALL", "limit_reason"].endswith("; raised to the minimum 1,000")


# --------------------------------------------------------------------------- steps
def test_a_decrease_below_exposure_or_too_large_needs_a_plan():
    flat = {"credit": {"limit": {"multiplier": {"BBB": 1.0}}}}
    r = _rec(
        {
            # recommended 42000 (31500 x 40 / 30, x 1.0) below exposure 60000: collect 18000 first
            "EXP": _row(avg_monthly_purchases=31500.0, approved_limit=100000.0, exposure=60000.0),
            # exposure 40000 fills the new 42000 to 95 %: a cut of exactly 30 % (60000 -> 42000) is a
            # plain decrease; a cent more goes in steps
            "AT": _row(avg_monthly_purchases=31500.0, approved_limit=60000.0, exposure=40000.0),
            "OVER": _row(avg_monthly_purchases=31500.0, approved_limit=60000.01, exposure=40000.0),
            # a small cut above the exposure (50000 -> 42000: 8000, above the materiality band of 5000)
            "SMALL": _row(avg_monthly_purchases=31500.0, approved_limit=50000.0, exposure=10000.0),
        },
        flat,
    )
    assert (r["recommended_limit"] == 42000).all()
    assert r["needs_plan"].tolist() == [True, False, True, False]
    assert r["collect_first"].tolist() == [18000.0, 0.0, 0.0, 0.0]
    assert r["action"].tolist() == ["collect", "decrease", "reduce_with_plan", "decrease"]
    # the cut applies at once, and nothing ships on credit until the exposure is within the new limit
    assert r.loc["EXP", "limit_reason"] == (
        "terms need 42 k (31.5 k a month × 30+10 days); within capacity 100 k (the greater of 10 % of equity "
        "1.00 M = 100 k and 25 % of working capital 400 k = 100 k); new limit effective on approval (the limit in force applies until then); no shipments on "
        "credit until exposure is within it: collect 18 k (not yet due 18 k at its due dates, to bring the exposure "
        "within the limit)"
    )
    assert r.loc["SMALL", "limit_reason"].endswith(
        "; new limit effective on approval (the limit in force applies until then)"
    )
    assert r.loc["OVER", "limit_reason"].endswith("needs a plan: a cut of 30 % (more than 30 %) goes in steps")


# --------------------------------------------------------------------------- hold
def test_old_arrears_hold_no_increase_no_upgrade():
    # receivables 25000, of which 5000 overdue (20 %: no overdue hold), all of it more than 90 days
    owed = {
        "approved_limit": 30000.0,
        "exposure": 25000.0,
        "open_receivables": 25000.0,
        "overdue": 5000.0,
        "arrears": 5000.0,
        "provision": 1250.0,
    }
    r = _rec(
        {
            # 120 days past due, upgraded from BBB to A by the scorecard: the upgrade is withheld, and
            # while the arrears are open the limit takes grade C (multiplier 0): 0, after collecting 25000
            "H": _row(grade="A", previous_grade="BBB", max_days_past_due=120, **owed),
            # exactly 90 days: no hold, the upgrade stands: 40000 x 1.2 = 48000
            "AT": _row(grade="A", previous_grade="BBB", max_days_past_due=90, **owed),
        }
    )
    h = r.loc["H"]
    assert h["hold"] and h["upgrade_withheld"] and h["grade_capped"] and h["grade"] == "C"
    # 25000 owed above the new limit 0: the most urgent action is to collect it
    assert h["proposed_limit"] == 0 and h["recommended_limit"] == 0 and h["action"] == "collect"
    assert h["limit_rule"] == "hold" and h["needs_plan"] and h["collect_first"] == 25000
    assert h["limit_reason"] == (
        # (the facts give the provision 1250 and no basis: the reason names the rates it was made at)
        "hold: invoice 120 days past due (5 k over 90 days): collect, no increase; "
        "the limit takes grade C (scored A) while the arrears are open; provision 1.3 k (at the "
        "receivables page's provision rates); grade C: cash in advance or collateral only "
        "(multiplier 0); upgrade from BBB to A withheld; new limit effective on approval (the limit in force applies until then); no shipments on credit until "
        "exposure is within it: collect 25 k (overdue 5 k now + not yet due 20 k at its due dates, to bring the "
        "exposure within the limit); "
        "payment terms: cash in advance (0 days) in place of 30 days"
    )
    # nothing owed: on hold, the orders held
    quiet = _rec({"Q": _row(grade="BBB", max_days_past_due=120, approved_limit=30000.0, arrears=0.0)}).loc["Q"]
    assert quiet["action"] == "hold" and quiet["recommended_limit"] == 0
    a = r.loc["AT"]
    assert not a["hold"] and a["grade"] == "A" and a["recommended_limit"] == 48000 and a["action"] == "increase"


# --------------------------------------------------------------------------- collateral
def test_collateral_backs_a_secured_part_after_the_haircut():
    r = _rec(
        {
            # grade B: 30000 unsecured; collateral 20000 less 30 % = 14000, only 10000 needed up to the need
            "B20": _row(grade="B", previous_grade="B", collateral=20000.0),
            # collateral 9000 less 30 % = 6300: 36300 -> 36000
            "B9": _row(grade="B", previous_grade="B", collateral=9000.0),
            # grade C: no unsecured credit; the collateral's 6300 -> 6000, but grade C is on credit hold (the
            # grade rule of credit.holds, in block_increase): no increase from 0
            "C9": _row(grade="C", previous_grade="C", collateral=9000.0),
        }
    )
    assert r["secured_limit"].tolist() == [10000.0, 6300.0, 6300.0]
    assert r["rules_limit"].tolist() == [40000.0, 36000.0, 6000.0]
    assert r["recommended_limit"].tolist() == [40000.0, 36000.0, 0.0]
    # B20: 30000 unsecured (75 % of 40000) leaves 10000 of the need: 10000 of the 14000 the collateral backs
    assert r.loc["B20", "limit_reason"].endswith(
        "; + secured 10 k: collateral 20 k less 30 % backs 14 k, 10 k of it is used: the secured part covers at "
        "most the need not covered otherwise (40 k less the unsecured 30 k)"
    )
    assert r.loc["C9", "limit_rule"] == "credit_hold" and r.loc["C9", "proposed_terms_days"] == 0
    assert r.loc["C9", "limit_reason"] == (
        "on credit hold (grade): no increase while the hold is in force; release orders only as payments come in; "
        "the rules give 6 k: grade C: cash in advance or collateral only (multiplier 0); "
        "+ secured 6.3 k (collateral 9 k less 30 %); payment terms: cash in advance (0 days) in place of 30 days"
    )
    # a company that lets grade C buy against collateral takes the grade out of block_increase
    secured = _rec(
        {"C9": _row(grade="C", previous_grade="C", collateral=9000.0)},
        {"credit": {"holds": {"block_increase": ["over_limit", "past_due", "overdue", "utilization"]}}},
    ).loc["C9"]
    assert secured["recommended_limit"] == 6000 and secured["limit_reason"] == (
        "grade C: cash in advance or collateral only (multiplier 0); + secured 6.3 k (collateral 9 k less 30 %); "
        "payment terms: cash in advance (0 days) in place of 30 days"
    )


# --------------------------------------------------------------------------- evidence
def test_stale_or_missing_assessment_investigate_first():
    held = {"approved_limit": 25000.0, "exposure": 5000.0}
    r = _rec(
        {
            "DAY": _row(assessed_on=pd.Timestamp("2025-09-29"), **held),  # a day over 12 months
            # exactly 12 months: still valid today, but it lapses tomorrow: no increase (re-assess first)
            "EXACT": _row(assessed_on=pd.Timestamp("2025-09-30"), **held),
            "NEVER": _row(assessed_on=pd.NaT, financials_on=pd.NaT, **held),
        }
    )
    assert r["investigate"].tolist() == [True, False, True]
    assert r["recommended_limit"].tolist() == [25000.0, 25000.0, 25000.0]
    assert r["action"].tolist() == ["investigate", "keep", "investigate"]
    assert r.loc["EXACT", "limit_rule"] == "reassess" and r.loc["EXACT", "reassess_by"] == pd.Timestamp(AS_OF)
    # the rules give 44000, above the 25000: no increase until the new investigation
    assert r.loc["DAY", "limit_reason"] == (
        "investigate first: assessment of 2025-09-29 is over 12 months old; no increase until then"
    )
    assert r.loc["NEVER", "limit_reason"] == (
        "investigate first: never assessed; no usable financial statement; no increase until then"
    )
    # 25000 below the need 40000: the rule named is the evidence's
    assert r.loc["DAY", "below_need"] and r.loc["DAY", "below_need_rule"] == "investigate"


# --------------------------------------------------------------------------- breaches
def test_breaches_list_exposure_without_or_over_a_limit():
    lim = pd.DataFrame(
        {
            "approved_limit": [0.0, 100000.0, 50000.0, 50000.0, 0.0],
            "exposure": [9000.0, 112000.0, 50000.0, 50000.01, 0.0],
            "collateral": [0.0, 5000.0, 0.0, 0.0, 0.0],
        },
        index=pd.Index(["NOLIM", "OVER", "AT", "CENT", "IDLE"], name="customer_id"),
    )
    b = credit.breaches(lim)
    # largest unapproved amount first; at the limit is no breach, a cent over is
    assert b.index.tolist() == ["OVER", "NOLIM", "CENT"]
    assert b["breach"].tolist() == ["over_limit", "no_limit", "over_limit"]
    assert b["amount"].tolist() == [12000.0, 9000.0, 0.01]
    assert b.loc["OVER", "over_share"] == 0.12 and b.loc["OVER", "uncovered"] == 7000
    assert b.loc["OVER", "description"] == "exposure 112 k is 12 k (12 %) over the approved limit 100 k"
    assert b.loc["NOLIM", "description"] == "exposure 9 k without an approved limit"
    assert kt.credit.breaches is credit.breaches


# --------------------------------------------------------------------------- policy
def test_limit_policy_is_checked_at_load():
    with pytest.raises(PolicyError, match=r"credit\.limit\.months_of_purchases' \(the limit now starts"):
        credit.recommend(pd.DataFrame([_row()]), AS_OF, {"credit": {"limit": {"months_of_purchases": {}}}})
    with pytest.raises(PolicyError, match=r"credit\.limit\.capacity\.combine"):
        kt.policy.load_policy({"credit": {"limit": {"capacity": {"combine": "max"}}}})
    with pytest.raises(PolicyError, match=r"credit\.limit\.collateral_haircut"):
        kt.policy.load_policy({"credit": {"limit": {"collateral_haircut": 1.5}}})
    with pytest.raises(PolicyError, match=r"credit\.limit\.grace_days' must be a whole number"):
        kt.policy.load_policy({"credit": {"limit": {"grace_days": 10.5}}})
    with pytest.raises(PolicyError, match=r"credit\.limit\.multiplier\.AAA"):
        kt.policy.load_policy({"credit": {"limit": {"multiplier": {"AAA": float("inf")}}}})
    with pytest.raises(PolicyError, match=r"'credit\.limit\.materiality_share' = 1\.5 is out of range"):
        kt.policy.load_policy({"credit": {"limit": {"materiality_share": 1.5}}})
    with pytest.raises(PolicyError, match=r"'credit\.limit\.materiality_amount' = -1 is out of range"):
        kt.policy.load_policy({"credit": {"limit": {"materiality_amount": -1}}})
    with pytest.raises(PolicyError, match=r"'credit\.review\.lapse_warning_days' must be a whole number"):
        kt.policy.load_policy({"credit": {"review": {"lapse_warning_days": 30.5}}})
    with pytest.raises(PolicyError, match=r"'credit\.review\.lapse_warning_days' = 400 is out of range"):
        kt.policy.load_policy({"credit": {"review": {"lapse_warning_days": 400}}})


def test_every_grade_has_its_limit_rules():
    from kamtools.policy._credit import CreditPolicy

    c = kt.policy.default_policy()["credit"]
    del c["limit"]["initial_limit"]["B"]
    with pytest.raises(ValueError, match=r"lacks grade\(s\) B: it needs one value per grade"):
        CreditPolicy.model_validate(c)


# --------------------------------------------------------------------------- the committed sample
@pytest.fixture(scope="module")
def sample_limits() -> pd.DataFrame:
    return credit.limits(kt.load(), AS_OF)


def test_sample_no_buyer_below_its_need_without_a_named_rule(sample_limits):
    lim = sample_limits
    buyers = lim[lim["months_bought"] > 0]
    below = buyers[buyers["recommended_limit"] < buyers["terms_need"] - 500]
    assert len(below) > 0 and (below["below_need"]).all()
    # each named rule holds on the customer's own evidence, and the reason says it
    stale = below["assessed_on"].isna() | (below["assessed_on"] < pd.Timestamp("2025-09-30"))
    evidence = {
        "investigate": (stale | (below["scored_grade"] == "NR"), "investigate first"),
        "hold": (below["max_days_past_due"] > 90, "hold: invoice"),
        "legal": (below["max_days_past_due"] > 365, "limit withdrawn: invoice "),
        "initial": (below["new_account"], "initial limit for a new account"),
        "capacity": (below["capacity_cap"] < below["terms_need"] - 500, "capped by capacity"),
        "grade": (below["multiplier"] < 1, "grade "),
        "override": (below["override_limit"].notna(), "analyst override"),
        "not_rated": (below["scored_grade"] == "NR", "not rated"),
        "overdue": ((below["overdue"] > 0.25 * below["open_receivables"]) | (below["overdue"] > 50000), "overdue "),
        "reassess": (below["reassess_by"].notna(), "re-assess by "),
        "materiality": (below["within_band"], "change below the materiality band"),
        "credit_hold": (below["hold_gate"] & (below["credit_holds"] != ""), "on credit hold ("),
        "short_history": (below["short_history"] & (below["months_bought"] < 6), "short history (bought in "),
        "starter": (
            below["financials_on"].isna() | (below["financials_on"] < pd.Timestamp("2024-09-30")),
            "starter limit",
        ),
        "statement_first": (
            below["financials_on"].isna() | (below["financials_on"] < pd.Timestamp("2024-09-30")),
            "no usable financial statement: the credit department obtains it by 2026-10-05",
        ),
    }
    assert set(below["below_need_rule"]) <= set(evidence)
    for rule, (holds, text) in evidence.items():
        named = below[below["below_need_rule"] == rule]
        assert holds[named.index].all(), rule
        assert named["limit_reason"].str.contains(text, regex=False).all(), rule
    # every limit states its rule, every change too
    assert (lim["limit_reason"] != "").all()
    # no increase on a stale or missing assessment; a cut only where the last grade's limit is lower
    # (a legal case's limit is withdrawn whatever its evidence: the legal rule cuts it, not the last grade)
    stale = lim[lim["investigate"] & ~lim["legal"]]
    assert (stale["limit_change"] <= 0).all() and (stale["investigate_cut"] == (stale["limit_change"] < 0)).all()
    legal = lim[lim["legal"]]
    assert len(legal) > 0 and (legal["recommended_limit"] == 0).all() and (legal["action"] == "legal").all()
    assert (legal["max_days_past_due"] > 365).all() and not lim.loc[~lim["legal"], "action"].eq("legal").any()
    # (the last grade's limit, or a short history's cap where it is lower)
    cut = stale[stale["investigate_cut"]]
    assert cut["limit_reason"].str.contains("; meanwhile ").all()
    short_binds = cut["short_history"] & (cut["short_limit"] < cut["rules_limit"])
    assert (~cut["limit_reason"].str.contains("meanwhile the last grade's limit") == short_binds).all()
    # no increase while on hold: arrears past the hold days, or any credit hold of the hold list in force
    # (but a first limit, which releases the holds of exposure without one)
    assert (lim.loc[lim["hold"], "limit_change"] <= 0).all()
    # (an analyst's override in force is the limit in force: decided at its author's authority)
    held = lim[(lim["credit_holds"] != "") & (lim["approved_limit"] > 0)]
    in_force = held["override_limit"].fillna(0.0).clip(lower=held["approved_limit"])
    assert len(held) > 0 and (held["recommended_limit"] <= in_force).all()
    # a short history is at most the lesser of the approved limit and the grade's starter limit
    short = lim[lim["short_history"]]
    assert len(short) > 0 and (short["recommended_limit"] <= short["approved_limit"]).all()
    assert (short["recommended_limit"] <= short["starter_limit"]).all()
    # no cut below the exposure without a plan
    cut_below = (lim["limit_change"] < 0) & (lim["recommended_limit"] < lim["exposure"])
    assert lim.loc[cut_below, "needs_plan"].all()


def test_a_book_without_breaches_lists_none():
    """No exposure anywhere: no breach (the amount texts of an empty list are an empty list)."""
    lim = pd.DataFrame(
        {"exposure": [0.0, 100.0], "approved_limit": [0.0, 500.0], "collateral": [0.0, 0.0]},
        index=pd.Index(["A", "B"], name="customer_id"),
    )
    assert len(credit.breaches(lim)) == 0


# --------------------------------------------------------------------------- not rated and overrides
def _nr(rule: str) -> dict:
    return {"credit": {"not_rated": {"limit_rule": rule, "initial_limit": 25000}}}


def test_not_rated_investigate_keeps_the_current_limit():
    # NR with 6 items known (9 needed): the approved 50000 stays until rated; without one, none
    r = _rec(
        {
            "HAS": _row(grade="NR", previous_grade="NR", known_items=6, approved_limit=50000.0),
            "NONE": _row(grade="NR", previous_grade="BBB", known_items=6),
        },
        _nr("investigate"),
    )
    assert r["recommended_limit"].tolist() == [50000.0, 0.0]
    assert r["limit_rule"].tolist() == ["investigate", "investigate"]
    assert (
        r.loc["HAS", "limit_reason"] == "investigate first: not rated: 6 items known, 9 needed; no increase until then"
    )
    assert r["action"].tolist() == ["investigate", "investigate"]


def test_not_rated_initial_is_the_need_at_most_the_policy_amount():
    # need 40000 (30000 x 40 / 30), at most 25000; a small need of 12000 (9000 x 40 / 30) stays;
    # no purchases and no orders: the 25000 itself
    r = _rec(
        {
            "BIG": _row(grade="NR", known_items=4),
            "SMALL": _row(grade="NR", known_items=4, avg_monthly_purchases=9000.0, peak_monthly_purchases=9000.0),
            "NEW": _row(grade="NR", known_items=0, avg_monthly_purchases=0.0, months_bought=0),
        },
        _nr("initial"),
    )
    assert r["recommended_limit"].tolist() == [25000.0, 12000.0, 25000.0]
    assert r["limit_rule"].tolist() == ["not_rated"] * 3
    assert r.loc["BIG", "limit_reason"] == (
        "not rated: 4 items known, 9 needed: at most 25 k until rated; terms need 40 k (30 k a month × 30+10 days)"
    )
    assert r.loc["BIG", "below_need_rule"] == "not_rated"


def test_not_rated_zero_is_cash_and_a_cut_goes_with_a_plan():
    # approved 60000, exposure 45000: a cut to 0 is below the exposure: collect 45000 first
    r = _rec({"Z": _row(grade="NR", known_items=8, approved_limit=60000.0, exposure=45000.0)}, _nr("zero")).loc["Z"]
    assert (r["recommended_limit"], r["limit_rule"], r["action"]) == (0.0, "not_rated", "collect")
    assert r["collect_first"] == 45000.0
    assert r["limit_reason"] == (
        "not rated: 8 items known, 9 needed: no credit (cash) until rated; new limit effective on approval (the limit in force applies until then); no shipments "
        "on credit until exposure is within it: collect 45 k (not yet due 45 k at its due dates, to bring the "
        "exposure within the limit); "
        "payment terms: cash in advance (0 days) in place of 30 days"
    )


def test_override_limit_sets_the_recommendation_and_a_hold_still_blocks_the_increase():
    over = {
        "override_limit": 70000.0,
        "override_reason": "母公司提供担保",
        "override_by": "regional manager",
        "override_on": pd.Timestamp("2026-07-01"),
    }
    r = _rec(
        {
            # the rules give 44000; the analyst decided 70000; an old assessment asks no investigation
            "OVR": _row(approved_limit=50000.0, assessed_on=pd.Timestamp("2024-01-31"), **over),
            # NR with an override: the override sets the limit
            "NRO": _row(grade="NR", known_items=3, approved_limit=50000.0, **over),
            # on hold (120 days past due): no increase beyond the approved 50000
            "HELD": _row(approved_limit=50000.0, max_days_past_due=120, arrears=8000.0, provision=4000.0, **over),
        }
    )
    assert r["recommended_limit"].tolist() == [70000.0, 70000.0, 50000.0]
    assert r["limit_rule"].tolist() == ["override", "override", "hold"]
    # its reason names a guarantee whose value is not recorded (collateral 0): a data gap, said
    gap = (
        "; the collateral the reason names is not in the collateral table (a data gap: the credit department "
        "records it or corrects the reason)"
    )
    assert r.loc["OVR", "limit_reason"] == (
        "analyst override 70 k (approved by regional manager on 2026-07-01: 母公司提供担保)" + gap
    )
    assert r.loc["HELD", "limit_reason"].startswith("hold: invoice 120 days past due")
    # held at the approved 50 k: no increase, so nothing to record
    assert r.loc["HELD", "limit_reason"].endswith(
        "; analyst override 70 k (approved by regional manager on 2026-07-01: 母公司提供担保)" + gap
    )
    assert not r["investigate"].any()


def test_sample_override_and_not_rated_limits(sample_limits):
    lim = sample_limits
    over = lim[lim["override_limit"].notna() & ~lim["hold"]]
    assert len(over) > 0
    assert (over["recommended_limit"] == over["override_limit"]).all() and (over["limit_rule"] == "override").all()
    nr = lim[(lim["scored_grade"] == "NR") & lim["override_limit"].isna() & ~lim["hold"] & ~lim["dormant"]]
    assert len(nr) > 0  # the shipped rule: investigate first, the current limit stays
    assert (nr["recommended_limit"] == nr["approved_limit"]).all() and (nr["limit_rule"] == "investigate").all()


# --------------------------------------------------------------------------- what a committee asked for
def test_dormant_limit_is_withdrawn_and_what_is_owed_collected_first():
    idle = {"months_bought": 0, "avg_monthly_purchases": 0.0, "peak_monthly_purchases": 0.0, "approved_limit": 22000.0}
    r = _rec({"IDLE": _row(**idle), "OWES": _row(exposure=3000.0, **idle)})
    assert r["recommended_limit"].tolist() == [0.0, 0.0] and r["limit_rule"].tolist() == ["dormant", "dormant"]
    # nothing owed: withdrawn at once; 3000 still owed: collect it first
    assert r["action"].tolist() == ["withdraw", "collect"] and r.loc["OWES", "collect_first"] == 3000
    assert r.loc["IDLE", "limit_reason"] == (
        "no purchases in the last 12 months: limit withdrawn until the next order; new limit effective on approval (the limit in force applies until then); "
        "payment terms: cash in advance (0 days) in place of 30 days"
    )
    # a stale assessment asks no investigation of a limit withdrawn: it comes with the next order
    stale = _rec({"OLD": _row(assessed_on=pd.Timestamp("2023-12-28"), **idle)}).loc["OLD"]
    assert (stale["action"], stale["limit_rule"], stale["investigate"]) == ("withdraw", "dormant", False)
    assert stale["limit_reason"] == (
        "no purchases in the last 12 months: limit withdrawn until the next order; a new investigation before the "
        "next limit: assessment of 2023-12-28 is over 12 months old; new limit effective on approval (the limit in force applies until then); "
        "payment terms: cash in advance (0 days) in place of 30 days"
    )
    kept = _rec({"IDLE": _row(**idle)}, {"credit": {"limit": {"withdraw_dormant": False}}})
    assert kept.loc["IDLE", "limit_rule"] == "initial"  # without the rule: the starter limit of a new account


def test_a_short_history_keeps_its_starter_limit():
    # AA, one month bought at 9000: need 12000 x 1.3 = 15600 -> 16000; approved 808000 three weeks ago;
    # the AA starter limit 300000 is kept, no more, no less (capacity 15 % of equity 10 M = 1.5 M does not bind)
    r = _rec(
        {
            "NEW": _row(
                grade="AA",
                previous_grade="AA",
                months_bought=1,
                avg_monthly_purchases=9000.0,
                peak_monthly_purchases=9000.0,
                equity=1e7,
                approved_limit=808000.0,
            )
        }
    ).loc["NEW"]
    assert (r["recommended_limit"], r["limit_rule"], r["action"]) == (300000.0, "short_history", "decrease")
    assert r["limit_reason"] == (
        "short history (bought in 1 of the last 12 months): 300 k, the lesser of the approved limit 808 k and "
        "the starter limit 300 k of grade AA; by the grade's rules 16 k: grade AA: 130 % of terms need 12 k (9 k a "
        "month over the 1 month bought × 30+10 days); within capacity 1.50 M (the greater of 15 % of equity "
        "10.00 M = 1.50 M and 40 % of working capital 400 k = 160 k); new limit effective on approval (the limit in force applies until then)"
    )
    # six months bought: the history speaks, 16000
    six = _rec(
        {
            "SIX": _row(
                grade="AA",
                months_bought=6,
                avg_monthly_purchases=9000.0,
                peak_monthly_purchases=9000.0,
                equity=1e7,
                approved_limit=808000.0,
            )
        }
    ).loc["SIX"]
    assert six["recommended_limit"] == 16000 and six["limit_rule"] == "grade"


def test_a_busy_account_is_measured_by_its_peak():
    # 95 % used, nothing overdue: 45000 (peak) x 40 / 30 = 60000 x 1.1 = 66000 instead of 44000
    r = _rec({"BUSY": _row(approved_limit=40000.0, exposure=38000.0, peak_monthly_purchases=45000.0)}).loc["BUSY"]
    assert r["busy"] and r["terms_need"] == 60000 and r["recommended_limit"] == 66000
    # the peak named with its figure, and the need on the average beside it: 30000 x 40 / 30 = 40000
    assert r["limit_reason"] == (
        "grade BBB: 110 % of terms need 60 k (peak 3 months 45 k a month × 30+10 days); " + CAP_1M + "; "
        "need from the peak 3 months 45 k a month, the customer's limit being all but full (utilization over 90 %, "
        "nothing overdue); on the average 30 k a month the terms need is 40 k"
    )
    late = _rec(
        {"LATE": _row(approved_limit=38000.0, exposure=38000.0, peak_monthly_purchases=45000.0, max_days_past_due=5)}
    ).loc["LATE"]
    assert not late["busy"] and late["recommended_limit"] == 44000


def test_a_large_cut_goes_in_steps_only_where_business_is_live():
    # BBB: the rules give 44000 against an approved 100000 (a cut of 56 %)
    # (exposure 20000 leaves the new limit half free: at once; 42000 would fill it to 95 %: in steps)
    r = _rec(
        {
            "IDLE": _row(approved_limit=100000.0),
            "ROOM": _row(approved_limit=100000.0, exposure=20000.0),
            "LIVE": _row(approved_limit=100000.0, exposure=42000.0),
        }
    )
    assert r["recommended_limit"].tolist() == [44000.0, 44000.0, 44000.0]
    assert r["action"].tolist() == ["decrease", "decrease", "reduce_with_plan"] and r.loc["LIVE", "collect_first"] == 0
    assert r.loc["LIVE", "limit_reason"].endswith("; needs a plan: a cut of 56 % (more than 30 %) goes in steps")


def test_terms_the_limit_carries_are_proposed():
    # B on 45 days: 30000 x (45 + 10) / 30 = 55000 x 0.75 = 41250 -> 41000; 41000 x 30 / 30000 - 10 = 31 days:
    # of 15, 30, 45, 60 the longest that fits and is shorter than 45 is 30 (need at them 30000 x 40 / 30 = 40000)
    r = _rec({"B45": _row(grade="B", previous_grade="B", payment_terms_days=45.0)}).loc["B45"]
    assert r["recommended_limit"] == 41000 and r["proposed_terms_days"] == 30 and r["terms_shortened"]
    assert r["limit_reason"].endswith(
        "; shorten payment terms from 45 to 30 days (the longest standard terms the limit 41 k carries): the need "
        "at them is 40 k (30 k a month × 30+10 days)"
    )
    # the terms in force where the limit carries them (BBB on 45 days: 30000 x 55 / 30 x 1.1 = 60500 -> 61000);
    # cash in advance for grade C (multiplier 0) and for a limit of 0 (B, nothing bought, no starter limit)
    t = _rec(
        {
            "BBB": _row(payment_terms_days=45.0),
            "C": _row(grade="C", previous_grade="C"),
            "Z": _row(grade="B", previous_grade="B", payment_terms_days=60.0),
        },
        {"credit": {"limit": {"multiplier": {"B": 0.01}, "materiality_share": 0, "materiality_amount": 0}}},
    )
    # Z: 30000 x 70 / 30 = 70000 x 0.01 = 700 -> the minimum 1000; 1000 x 30 / 30000 - 10 = -9: the limit
    # carries not even the 10 grace days (their need 30000 x 10 / 30 = 10000): cash in advance
    assert t["recommended_limit"].tolist() == [61000.0, 0.0, 1000.0]
    assert t["proposed_terms_days"].tolist() == [45, 0, 0] and t["cash_in_advance"].tolist() == [False, True, True]
    assert t.loc["C", "limit_reason"].endswith("; payment terms: cash in advance (0 days) in place of 30 days")
    assert t.loc["Z", "limit_reason"].endswith(
        "; payment terms: cash in advance (0 days) in place of 60 days (the limit 1 k is below the need of the "
        "grace days alone, 10 k: 30 k a month × 0+10 days)"
    )
    assert not t["terms_shortened"].any()


def test_terms_are_shortened_whatever_the_action_when_the_grade_leaves_the_limit_under_the_need():
    # the committee's C000151: grade B (0.75), 4927 a month on 45 days, open orders 2126, assessed 2024-11-29
    # (stale: investigate first, the last grade's lower limit applies now), approved 26000, receivables 18186 of
    # which 4624 overdue (25.4 %: the overdue hold, collect). Need 4927 x 55 / 30 + 2126 = 11158.83; x 0.75 =
    # 8369.13 -> 8000. 8000 carries (8000 - 2126) x 30 / 4927 - 10 = 25.77 days: of the standard terms 15
    # (30 would need 4927 x 40 / 30 + 2126 = 8695.33 > 8000); at 15 days the need is 4927 x 25 / 30 + 2126 =
    # 6231.83. The pack proposed its 45 days.
    c151 = _row(
        grade="B",
        previous_grade="B",
        avg_monthly_purchases=4927.0,
        peak_monthly_purchases=4927.0,
        payment_terms_days=45.0,
        open_orders=2126.0,
        assessed_on=pd.Timestamp("2024-11-29"),
        approved_limit=26000.0,
        open_receivables=18186.0,
        overdue=4624.0,
        max_days_past_due=30,
        exposure=20312.0,
    )
    r = _rec({"C151": c151}).loc["C151"]
    assert (r["recommended_limit"], r["action"], r["limit_rule"]) == (8000.0, "collect", "investigate")
    assert r["proposed_terms_days"] == 15 and r["terms_shortened"]
    assert r["limit_reason"].endswith(
        "; shorten payment terms from 45 to 15 days (the longest standard terms the limit 8 k carries): the need "
        "at them is 6.2 k (4.9 k a month × 15+10 days + open orders 2.1 k)"
    )


def test_a_stale_grade_c_is_cut_now_and_very_old_debts_go_to_legal():
    stale = {"assessed_on": pd.Timestamp("2024-03-31"), "approved_limit": 50000.0}
    r = _rec(
        {
            "C": _row(grade="C", previous_grade="C", **stale),
            # collateral 7000 less 30 % = 4900: a secured limit rounds down, 4000
            "C7": _row(grade="C", previous_grade="C", collateral=7000.0),
            "OLD": _row(
                max_days_past_due=400, arrears=9000.0, provision=9000.0, approved_limit=20000.0, exposure=9000.0
            ),
        },
        NO_BAND,
    )
    c = r.loc["C"]
    assert (c["recommended_limit"], c["action"], c["investigate_cut"]) == (0.0, "investigate", True)
    assert c["limit_reason"] == (
        "investigate first: assessment of 2024-03-31 is over 12 months old; meanwhile the last grade's limit: "
        "grade C: cash in advance or collateral only (multiplier 0); new limit effective on approval (the limit in force applies until then); "
        "payment terms: cash in advance (0 days) in place of 30 days"
    )
    # a secured limit of 4000 by the rules, but grade C is on credit hold: no increase from 0
    assert r.loc["C7", "rules_limit"] == 4000 and r.loc["C7", "recommended_limit"] == 0
    assert "; over 365 days: hand to collections or legal action, provide for it;" in r.loc["OLD", "limit_reason"]


def test_a_customer_over_its_limit_gets_no_increase_and_collects_first():
    # the rules give 44000 against 30000 approved, but 60000 is owed (200 % of the limit): the utilization hold
    # is in force, no increase; nothing ships on credit until 30000 is collected
    r = _rec({"OWED": _row(approved_limit=30000.0, exposure=60000.0)}).loc["OWED"]
    assert (r["recommended_limit"], r["action"], r["collect_first"]) == (30000.0, "collect", 30000.0)
    assert (r["limit_rule"], r["credit_holds"], r["hold_gate"]) == ("credit_hold", "utilization", True)
    assert r["limit_reason"] == (
        "on credit hold (utilization): no increase while the hold is in force; release orders only as payments "
        "come in; the rules give 44 k: grade BBB: 110 % of terms need 40 k (30 k a month × 30+10 days); "
        + CAP_1M
        + "; no shipments on credit until exposure is within the limit: collect 30 k (not yet due 30 k at its due "
        "dates, to bring the exposure within the limit)"
    )
    # without the utilization rule among the holds that block an increase: 44000, collect 16000
    free = _rec(
        {"OWED": _row(approved_limit=30000.0, exposure=60000.0)},
        {"credit": {"holds": {"block_increase": ["over_limit", "past_due", "overdue", "grade", "stale_assessment"]}}},
    ).loc["OWED"]
    assert (free["recommended_limit"], free["action"], free["collect_first"]) == (44000.0, "collect", 16000.0)
    assert free["limit_reason"].endswith(
        "; no shipments on credit until exposure is within the limit: collect 16 k (not yet due 16 k at its due "
        "dates, to bring the exposure within the limit)"
    )


def test_sample_every_change_states_its_trigger(sample_limits):
    # the committee's C000040: a cut with no re-review reason; every proposed change names its trigger. The
    # committee of pack 14e (C000024, C000153): "limit in force above/below the recommended" is the reason of
    # the change, not a re-review trigger of the policy: it heads the limit reason, never the re-review list
    lim = sample_limits
    changed = lim[lim["limit_change"] != 0]
    alone = changed[~changed["review"]]
    assert len(alone) > 0 and (changed.loc[changed["review"], "review_reasons"] != "").all()
    assert not lim["review_reasons"].str.contains("limit in force").any()
    assert "review_limit_change" not in lim.columns
    side = alone["limit_change"].gt(0).map({True: " below", False: " above"})
    said = (
        "limit in force "
        + credit.limit_text.short_amount(alone["approved_limit"])
        + side
        + " the recommended "
        + credit.limit_text.short_amount(alone["recommended_limit"])
        + "; "
    )
    assert [r.startswith(s) for r, s in zip(alone["limit_reason"], said)] == [True] * len(alone)
    assert not lim.loc[lim["review"], "limit_reason"].str.startswith("limit in force").any()


def test_an_override_applies_as_decided_and_a_zero_limit_regularises_nothing():
    # the credit committee lowered 9000 to 5000 (exposure 4580, 92 % of it): no steps, the decision applies now
    over = {"override_limit": 5000.0, "override_by": "credit committee", "override_on": pd.Timestamp("2026-09-01")}
    r = _rec(
        {
            "OVR": _row(approved_limit=9000.0, exposure=4580.0, override_reason="payment record", **over),
            # grade C trading without a limit: no limit to regularise it with, collect
            "C": _row(grade="C", previous_grade="C", exposure=3900.0),
        }
    )
    assert r.loc["OVR", "action"] == "decrease" and not r.loc["OVR", "needs_plan"]
    # 30000 a month: the grace days alone need 30000 x 10 / 30 = 10000 > 5000, so the committee's limit carries
    # no terms at all: cash in advance, said with that need
    assert r.loc["OVR", "limit_reason"] == (
        "analyst override 5 k (approved by credit committee on 2026-09-01: payment record); new limit effective on "
        "approval (the limit in force applies until then); payment terms: cash in advance (0 days) in place of 30 days (the limit 5 k is below the need of the "
        "grace days alone, 10 k: 30 k a month × 0+10 days)"
    )
    assert r.loc["C", "recommended_limit"] == 0 and r.loc["C", "action"] == "collect"
    assert not r.loc["C", "limit_reason"].startswith("regularisation")


def test_an_override_below_the_need_shortens_terms_lapses_and_re_reviews():
    # the committee of pack 14f (C000085): the committee's 7000 stands against a need of 7486.44 x 40 / 30 =
    # 9981.92 at 30 days; 7000 carries 7000 x 30 / 7486.44 - 10 = 18.05 days: the longest standard terms, 15
    # (need 7486.44 x 25 / 30 = 6238.70). The override of 2025-12-18 is in force until 2026-12-18 (12 months),
    # then the rules' limit: 9981.92 x 1.1 (BBB) = 10980 -> 11000. The assessment of 2025-10-20 lapses on
    # 2026-10-20, within the 30 warning days of AS_OF (2026-09-30): a re-review (kt.credit.limits lists it by
    # reassess_by), but no gate on the override's limit
    over = {"override_limit": 7000.0, "override_by": "credit committee", "override_reason": "payment record"}
    over |= {"override_on": pd.Timestamp("2025-12-18"), "override_until": pd.Timestamp("2026-12-18")}
    row = _row(approved_limit=20000.0, avg_monthly_purchases=7486.44, peak_monthly_purchases=7486.44, **over)
    row["assessed_on"] = pd.Timestamp("2025-10-20")
    r = _rec({"OVR": row}).loc["OVR"]
    assert (r["recommended_limit"], r["proposed_terms_days"], r["action"]) == (7000.0, 15, "decrease")
    assert r["reassess_by"] == pd.Timestamp("2026-10-20") and not r["reassess_first"]
    assert r["limit_reason"] == (
        "analyst override 7 k (approved by credit committee on 2025-12-18: payment record); in force until "
        "2026-12-18, then the rules' 11 k unless renewed; re-assess by 2026-10-20 (the assessment lapses then); "
        "new limit effective on approval (the limit in force applies until then); shorten payment terms from 30 to 15 days (the longest standard terms the "
        "limit 7 k carries): the need at them is 6.2 k (7.5 k a month × 15+10 days)"
    )


def test_a_collection_says_what_is_collected_by_part_and_which_orders_are_held():
    # the committee's C000106: grade C (limit 0), receivables 651015.36 of which 608273.36 overdue, open orders
    # 25791.54: exposure 676806.90. Within the limit 0: the receivables 651015.36 are collected (the overdue
    # 608273.36 now, the 42742.00 not yet due at its due dates) and the open orders held (shipped only against
    # prepayment), not "collect 677 k"
    c106 = _row(
        grade="C",
        previous_grade="C",
        approved_limit=146000.0,
        open_orders=25791.54,
        open_receivables=651015.36,
        overdue=608273.36,
        exposure=676806.90,
        max_days_past_due=1023,
        arrears=498466.93,
    )
    # the committee's C000038: grade C, receivables 9139.09 (4818.12 overdue), open orders 375.93
    c038 = _row(
        grade="C",
        previous_grade="C",
        approved_limit=5000.0,
        open_orders=375.93,
        open_receivables=9139.09,
        overdue=4818.12,
        exposure=9515.02,
        max_days_past_due=148,
        arrears=3476.70,
    )
    # open orders alone above the new limit: grade C (limit 0), nothing owed, open orders 2000: only they are held
    orders = _row(grade="C", previous_grade="C", approved_limit=5000.0, open_orders=2000.0, exposure=2000.0)
    r = _rec({"C106": c106, "C038": c038, "ORD": orders})
    # C106, 1023 days past due, is past the legal 365 days: a legal case, its limit withdrawn, the whole debt
    # handed over (its collection is that, not a sentence about bringing the exposure within a limit)
    assert r["action"].tolist() == ["legal", "collect", "collect"]
    assert r["collect_first"].tolist() == [651015.36, 9139.09, 0.0]
    assert r["orders_held"].tolist() == [25791.54, 375.93, 2000.0]
    assert r.loc["C106", "limit_reason"].startswith(
        "limit withdrawn: invoice 1023 days past due, over the 365 legal days: the debt of 651 k goes to collections "
        "or legal action; no open credit: supply only against cash in advance until the debt is paid and a new limit "
        "approved; hold: invoice 1023 days past due"
    )
    assert "no shipments on credit until" not in r.loc["C106", "limit_reason"]
    assert (
        "; no shipments on credit until exposure is within it: collect 9.1 k (overdue 4.8 k now + not yet due "
        "4.3 k at its due dates, to bring the exposure within the limit), open orders 376 held (shipped only "
        "against prepayment); "
    ) in r.loc["C038", "limit_reason"]
    assert (
        "; no shipments on credit until exposure is within it: open orders 2 k held (shipped only against prepayment); "
    ) in r.loc["ORD", "limit_reason"]


def test_a_provision_says_the_collateral_is_not_netted():
    # the committee's C000202: a provision beside collateral must say whether the collateral was netted. 8000
    # 200 days past due at 25 % = 2000; the receivables page does not net the collateral of 10000
    row = _row(
        max_days_past_due=200,
        arrears=8000.0,
        overdue=8000.0,
        open_receivables=8000.0,
        exposure=8000.0,
        approved_limit=20000.0,
        collateral=10000.0,
        provision=2000.0,
        provision_basis="25 % of 91–180 days past due 8 k",
    )
    r = _rec({"SEC": row}).loc["SEC"]
    assert (
        "; provision 2 k: 25 % of 91–180 days past due 8 k (at the receivables page's provision rates, collateral "
        "10 k not netted); "
    ) in r["limit_reason"]


def test_an_override_says_its_grade_and_collateral_not_on_record():
    # three overrides: UP raises 9000 to 20000, graded A against a scored BBB; COL lowers to 5000 "collateral
    # received" with no collateral on record (a data gap); GRT names a guarantee with 10000 of collateral on
    # record (no gap); UP's reason names none
    over = {"override_by": "credit committee", "override_on": pd.Timestamp("2026-09-01")}
    r = _rec(
        {
            "UP": _row(
                approved_limit=9000.0, override_limit=20000.0, override_grade="A", override_reason="project", **over
            ),
            "COL": _row(approved_limit=9000.0, override_limit=5000.0, override_reason="collateral received", **over),
            "GRT": _row(
                approved_limit=9000.0,
                override_limit=5000.0,
                override_reason="parent guarantee",
                collateral=10000.0,
                **over,
            ),
        }
    )
    up = r.loc["UP", "limit_reason"]
    assert "; override grade A against the scored grade BBB" in up
    assert "collateral the reason names" not in up
    col = r.loc["COL", "limit_reason"]
    assert "override grade" not in col
    assert "; the collateral the reason names is not in the collateral table (a data gap" in col
    assert "collateral the reason names" not in r.loc["GRT", "limit_reason"]
