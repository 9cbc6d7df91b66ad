"""The account plan says what credit says about the account (review f of the monthly report).

Hand-made cases, then the committed sample at the report month 2026-10, numbers worked out from its rows:

* C000404 and C000065 (top 10 by revenue) are held only for an expired assessment (2024-01-26 and
  2023-12-16): nothing to collect (the hold list has no release amount); the credit department
  re-assesses them by 2026-11-14, the re-review list's date for its first group (14 days after 2026-10-31).
* C000154: limit 3,230,000 cut to 50,000 with cash in advance (60 days before), held for its overdue
  (release 54,632.09). Its win-back objective of 4,604,154.93 needs 895,252; the recommended 50,000 carries
  50,000 x 12 x 30 / 70 = 257,142.86 a year. Profit after the cost to serve is -84,343: a price review first.
* C000413: the objective needs 140,977 against a recommended 140,000: 977 below the materiality
  max(10,000, 5 % x 140,000 = 7,000) = 10,000, so the plan files 140,000 and asks nothing.
* C000019 is in the harvest stage and C000326 in the breakthrough stage: the +10 % is the policy's one rate.
"""

from __future__ import annotations

import pandas as pd
import pytest
from plan_pages import page_texts
from report_runs import sample_book_tables

import kamtools as kt
from kamtools import credit
from kamtools.account_plan import account_profile
from kamtools.account_plan_route import credit_route
from kamtools.account_plan_rules import plan_materiality, reassess_release
from kamtools.account_plan_terms import interim
from kamtools.policy import load_policy
from kamtools.report.plan_decisions import credit_ask
from kamtools.report.plan_text import _points_pair

AS_OF, PERIOD = "2026-10-31", "2026-10"
POL = load_policy()
IDS = ("C000154", "C000404", "C000065", "C000413", "C000019", "C000326")


# ---------------------------------------------------------------------------- hand-made cases
def test_the_materiality_is_the_larger_of_the_amount_and_the_share_by_hand():
    assert plan_materiality(140_000.0, POL) == 10_000.0  # 5 % would be 7,000
    assert plan_materiality(1_000_000.0, POL) == 50_000.0
    other = load_policy({"report": {"decisions": {"plan_credit": {"materiality_amount": 0, "materiality_share": 0}}}})
    assert plan_materiality(1_000_000.0, other) == 0.0


def _route(need: float, rec: float, approved: float, pol=POL) -> pd.Series:
    cr = pd.Series({"hold": False, "hold_rules": "", "approved_limit": approved, "recommended_limit": rec,
                    "approval_level": "direct_sales_manager", "multiplier": 1.0, "approved_by": "direct-sales manager"})  # fmt: skip
    k = pd.Series({"need": need, "sized_need": need, "carries": need <= rec, "collateral": 1_000.0,
                   "approver": "direct_sales_manager"})  # fmt: skip
    return credit_route(k, cr, pol)


def test_an_immaterial_difference_files_the_recommended_limit_by_hand():
    # 140,977 needed, 140,000 recommended, 216,000 in force: 977 more is below 10,000
    r = _route(140_977.0, 140_000.0, 216_000.0)
    assert r["route"] == "recommended" and r["amount"] == 140_000.0
    # 151,000 needed: 11,000 more is a decision (a smaller cut to 151,000)
    r = _route(151_000.0, 140_000.0, 216_000.0)
    assert r["route"] == "smaller_cut" and r["amount"] == 151_000.0
    # without materiality the 977 is a decision again
    none = load_policy({"report": {"decisions": {"plan_credit": {"materiality_amount": 0, "materiality_share": 0}}}})
    assert _route(140_977.0, 140_000.0, 216_000.0, none)["route"] == "smaller_cut"


def test_a_hold_for_an_expired_assessment_is_released_by_a_new_assessment_by_hand():
    assert reassess_release(pd.Series({"hold": False, "hold_rules": "stale_assessment"}))
    assert reassess_release(pd.Series({"hold": False, "hold_rules": "grade, stale_assessment"}))
    assert not reassess_release(pd.Series({"hold": False, "hold_rules": "overdue, stale_assessment"}))
    assert not reassess_release(pd.Series({"hold": False, "hold_rules": "over_limit"}))  # growth, not the file


def test_the_re_assessment_is_due_on_the_re_review_lists_day_by_hand():
    held = pd.DataFrame({"hold_stale_assessment": [True, False, False]}, index=["A", "B", "K"])
    pyr = pd.DataFrame({"tier": ["ordinary", "ordinary", "key"], "revenue_12m": [1.0, 2.0, 0.5]}, index=["A", "B", "K"])
    lim = pd.DataFrame({"legal": [False, False, False]}, index=["A", "B", "K"])
    pol = load_policy({"report": {"joint_signoff_top": 0}})
    due = {c: str(credit.review_due(c, held, pyr, lim, AS_OF, pol)) for c in "ABK"}
    # held for the assessment and a key account: first, 14 days; the rest routine, 90 days
    assert due == {"A": "2026-11-14", "B": "2027-01-29", "K": "2026-11-14"}
    plan = credit.review_plan(lim, credit.review_first(held, pyr, lim, pol), AS_OF, 14, 90)
    assert {c: f"{d:%Y-%m-%d}" for c, d in plan["due"].items()} == due  # the list's own dates


def test_the_objective_is_split_while_credit_holds_the_account_back_by_hand():
    o = pd.Series({"revenue_target": 1_200_000.0, "revenue_why": "grow", "revenue": 700_000.0})
    k = pd.Series({"hold": False, "need": 200_000.0, "sized_need": 200_000.0, "recommended_limit": 50_000.0,
                   "carried_target": 300_000.0, "cash_in_advance": False})  # fmt: skip
    # a cut 100,000 -> 50,000 < 200,000 without a hold: the plan asks its limit now, nothing to split
    cut = interim(o, k, 10_000.0)
    assert cut["interim_why"] == "" and pd.isna(cut["revenue_interim"])
    held = interim(o, pd.concat([k.drop("hold"), pd.Series({"hold": True})]), 10_000.0)
    assert (held["interim_why"], held["revenue_interim"], held["interim_basis"]) == ("hold", 700_000.0, "cash_sales")
    rise = interim(o, k, 10_000.0)  # no cut, no hold: not split
    assert rise["interim_why"] == "" and pd.isna(rise["revenue_interim"])
    cash = interim(o, k.replace({False: True}), 10_000.0)
    assert cash["interim_why"] == "cash"
    close = interim(o, k.replace({200_000.0: 55_000.0}), 10_000.0)
    assert close["interim_why"] == ""  # 5,000 short: below the materiality
    # held, but buying 1,190,000 of the 1,200,000 already (less than 2 % short): no second phase for a trifle
    almost = interim(o.replace({700_000.0: 1_190_000.0}), pd.concat([k.drop("hold"), pd.Series({"hold": True})]),
                     10_000.0)  # fmt: skip
    assert almost["interim_why"] == "" and pd.isna(almost["revenue_interim"])


def test_a_margin_rate_that_rounds_to_no_change_is_about_flat_by_hand():
    m = pd.Series({"margin_rate_12m": 0.00247, "margin_rate_prev_12m": 0.00291})  # -0.04 pt
    assert _points_pair(m) == ("about flat", "基本持平")
    m = pd.Series({"margin_rate_12m": 0.1, "margin_rate_prev_12m": 0.102})
    assert _points_pair(m) == ("-0.2 pt", "-0.2 个百分点")


# ---------------------------------------------------------------------------- the sample
@pytest.fixture(scope="module")
def plans():
    data = kt.load()
    book = sample_book_tables(AS_OF)
    accounts = {cid: account_profile(data, cid, AS_OF, POL, book=book) for cid in IDS}
    texts = page_texts(accounts, PERIOD, POL, ("zh", "en", "both"))
    return book, accounts, texts


def test_a_top_customer_held_for_an_expired_assessment_is_re_assessed_not_collected(plans):
    book, accounts, texts = plans
    for cid in ("C000404", "C000065"):
        assert book.holds.at[cid, "rules"] == "stale_assessment" and pd.isna(book.holds.at[cid, "release_amount"])
        a = accounts[cid]
        stop = a.actions[a.actions["action"] == "stop_credit"].iloc[0]
        assert (stop["action"], stop["level"], stop["amount"], stop["owner"]) == (
            "stop_credit",
            "reassess",
            0,
            "finance",
        )
        assert a.actions.loc[a.actions["action"] == "reassess", "due"].astype(str).tolist() == ["2026-11-14"]
        zh, en = texts[cid, "zh"], texts[cid, "en"]
        assert "冻结原因：信用评估过期；信用部在2026-11-14前重新评估后即解除，无需收款" in zh
        assert "the credit department re-assesses the customer by 2026-11-14, which releases the hold" in en
        for text in (zh, texts[cid, "both"]):
            assert "后解除冻结（与信用冻结清单的金额一致）" not in text and "收回 0 元" not in text
            assert "逾期共 0 元" not in text and "2026-11-30" not in text.split("更新信用评估")[1][:80]
        assert "CNY 0 is collected" not in en and "CNY 0 overdue" not in en
        # no hold line among the risks ("0 overdue, 0 days", or an overdue that did not cause it): the stale
        # assessment is the risk
        assert "hold" not in a.risks["risk"].tolist() and "stale_assessment" in a.risks["risk"].tolist(), cid
        assert "立即共同签批" not in zh  # the credit department's re-assessment, as the index says
    # C000065 owes 10,624 overdue (16 days, below the hold's share); held for its assessment, its orders ship
    # against payment until the re-assessment: the first phase is the last 12 months' sales, as on cash in advance
    o = accounts["C000065"].objectives
    assert (o["interim_why"], o["interim_basis"]) == ("hold", "cash_sales")
    assert o["revenue_interim"] == pytest.approx(min(accounts["C000065"].margin["revenue_12m"], o["revenue_target"]))
    # the credit page's cut (1,816,000 -> 1,666,000) rests only on the expired assessment, and the objective's
    # busiest month needs 1,783,170: no cut now and an increase a month later, but one decision with the new
    # assessment; 1,790,000 (rounded up) is within the plan's materiality of the limit in force: it stays
    a = accounts["C000065"]
    assert (a.credit_check["route_route"], a.credit_check["route_amount"]) == ("after_reassess", 1_816_000.0)
    assert "file_limit" not in a.actions["action"].tolist()
    zh = texts["C000065", "zh"]
    assert "重新评估时按 1,783,170 元核定额度：现有额度 1,816,000 元足以支持，不提交额度调整" in zh
    assert "信用评审按过期评估建议的 1,666,000 元不单独报批" in zh and "申请增加 117,170 元" not in zh
    assert credit_ask(a)["route"] == "after_reassess" and credit_ask(a)["kept"]


def test_a_loss_making_cash_in_advance_account_holds_its_revenue_and_reviews_prices_first(plans):
    _, accounts, texts = plans
    a, zh, en = accounts["C000154"], texts["C000154", "zh"], texts["C000154", "en"]
    # it loses 84,343 after the cost to serve at a margin rate of 0.2 %: no growth before the price review, the
    # objective is the last 12 months' revenue (2,658,622), which the customer buys paying first: nothing to split
    assert a.objectives["revenue_why"] == "price_first" and round(a.margin["revenue_12m"]) == 2_658_622
    assert a.objectives["revenue_target"] == a.margin["revenue_12m"] and pd.isna(a.objectives["revenue_interim"])
    assert "收入 2,658,622 元：价格复核之前不设增长目标" in zh and "no growth until the price review" in en
    assert "每月采购约 221,552 元（近12个月平均）" in zh and "夺回上一个12个月" not in zh  # no win-back objective
    assert "win_back" not in a.actions["action"].tolist()
    assert not credit_ask(a)["joint"]  # no limit of its own to decide jointly: the statements first, then the cut
    # the sales to earn a bad debt back, read against its purchases: years of them
    years = a.recovery["sales_to_recover"] / a.margin["revenue_12m"]
    assert 50 < years < 51 and "这相当于该客户按近12个月的采购水平约 51 年的采购" in zh and "about 51 years" in en
    # no loss-making margin kept as an objective: a price review, the sales director's by the loss-makers' day
    assert (
        "保持近12个月的水平" not in zh
        and "毛利：先做价格复核。近12个月毛利率 0.2 %，扣除服务成本后亏损 84,343 元" in zh
    )
    review = a.actions[a.actions["action"] == "price_review"].iloc[0]
    assert (review["owner"], str(review["due"]), round(review["stake"])) == ("sales_director", "2026-11-30", 84_343)
    # the credit page's cut and cash-in-advance terms are filed as they are (a cut of an unused limit: routine)
    assert "将额度由 3,230,000 元调整为 50,000 元，付款期限由 60 天改为预付现金，报地区公司经理审批" in zh
    assert "0.0 个百分点" not in zh and "基本持平" in zh and "0.0 pt" not in en and "about flat" in en


def test_the_growth_objective_names_the_policys_one_rate_not_the_growth_stage(plans):
    _, accounts, texts = plans
    # C000326: cash in advance (30 days before), its 162,034 of open orders above the recommended 52,000
    # the customer still buys on cash in advance: the last 12 months' average (1,376,428 / 12), not "0"
    assert (
        "收入：预付现金期间（原30天账期）按近12个月平均月采购额估计每月约 114,702 元，款到发货（全年 1,376,428 元）"
        in texts["C000326", "zh"]
    )
    assert "预付现金期间 0 元" not in texts["C000326", "zh"]
    # C000019: not held, its plan asks the limit its objective needs now: one phase
    assert pd.isna(accounts["C000019"].objectives["revenue_interim"])
    assert {accounts[c].lifecycle["stage"] for c in ("C000019", "C000326")} == {"harvest", "breakthrough"}
    for cid in ("C000019", "C000326", "C000413"):
        assert "成长期的增长门槛" not in texts[cid, "zh"] and "threshold of the growth stage" not in texts[cid, "en"]
        assert "按政策统一增长率 10.0 %，各生命周期阶段相同" in texts[cid, "zh"]
        assert "the policy's one growth rate, the same for every lifecycle stage" in texts[cid, "en"]


def test_an_immaterial_ask_files_the_recommended_limit_and_raises_no_decision(plans):
    _, accounts, texts = plans
    a = accounts["C000413"]
    assert a.credit_check["route_route"] == "recommended" and credit_ask(a) is None
    filed = a.actions[a.actions["action"] == "file_limit"]
    assert filed["amount"].tolist() == [140_000.0]
    assert "比建议信用额度 140,000 元多 977 元，低于政策规定须单独决定的金额：按建议额度报批" in texts["C000413", "zh"]
    assert "141,000" not in texts["C000413", "zh"] and "CNY 141,000" not in texts["C000413", "en"]
    # a material ask stays a decision
    assert credit_ask(accounts["C000019"])["amount"] == 410_000.0


def test_a_plan_does_not_print_zero_open_orders_or_a_zero_limit_as_content(plans):
    # a held account with no open orders: the plan says what is at stake without "0 of open orders"
    book, accounts, texts = plans
    for (cid, language), text in texts.items():
        assert "另有 0 元的未开票订单" not in text and "超出现有额度 0 元" not in text, (cid, language)
        assert "open orders of CNY 0 " not in text and "above the limit of CNY 0 " not in text, (cid, language)
    held_without_orders = [c for c, a in accounts.items() if c in book.holds.index and not a.credit["open_orders"]]
    assert held_without_orders, "the sample should hold a planned account with no open orders"


def test_a_hold_for_an_expired_assessment_splits_the_objective_at_the_approval_not_at_a_release(plans):
    # C000404 is held only because its assessment expired: nothing is collected to release it, so the first
    # phase of its objective runs until the re-assessment and the new limit are approved, not "while on hold"
    book, accounts, texts = plans
    assert book.holds.at["C000404", "rules"] == "stale_assessment"
    assert "重新评估并获批新额度之前" in texts["C000404", "zh"] and "冻结期间" not in texts["C000404", "zh"]
    assert "until the new assessment and limit are approved" in texts["C000404", "en"]
    assert "while on credit hold" not in texts["C000404", "en"]
