"""The account plan takes one credit route and agrees with the credit page's hold list, on the
committed sample at the report month 2026-10 (the two plans a reader scored: C000017, a customer
growing +99 % that is over its limit only by growth, and C000282, our largest customer, held for
arrears).

Numbers worked out by hand from the sample's rows:

* C000017: limit 154,000, receivables = exposure 213,603.86 (no open orders), one invoice of
  15,284.83 17 days late (7 % of receivables: under the overdue rule's 25 %). Held by the over-limit
  and utilization rules only: the hold lifts at 213,603.86 - 154,000 = 59,603.86. The credit page
  recommends 135,000 (the terms need at the last 12 months' pace); the +10 % objective of
  761,155 needs 761,155 / 12 x 70 / 30 = 148,002, but today's exposure is already 213,603.86 and the
  busiest month (77,581.78) needs 77,581.78 x 70 / 30 = 181,024: the limit is sized on 213,604, rounded
  up to 214,000; keeping 154,000 leaves it over the limit until it pays 59,604.
* C000282: limit 2,919,000, exposure 4,926,264.47 with open orders of 1,332,722.20, overdue
  1,955,926.72 of receivables 3,593,542.27 (54 %): held for arrears too. Paying 2,007,264.47
  (= 4,926,264.47 - 2,919,000) releases every money rule (it covers the 1,905,926.72 the overdue
  rule needs and the 674,542.27 above the limit); revenue at risk 16,165,639 / 12 = 1,347,137 a month.
"""

from __future__ import annotations

import pandas as pd
import pytest
from plan_pages import page_texts

import kamtools as kt
from kamtools.account_plan import account_profile, book_tables
from kamtools.output import labels
from kamtools.policy import load_policy
from kamtools.report.plan_decisions import credit_ask, plan_credit_decisions
from kamtools.report.plan_route_text import options as _options
from kamtools.report.result import NotebookRun

AS_OF, PERIOD = "2026-10-31", "2026-10"
POL = load_policy()


@pytest.fixture(scope="module")
def plans():
    data = kt.load()
    book = book_tables(data, AS_OF, POL)
    accounts = {cid: account_profile(data, cid, AS_OF, POL, book=book) for cid in ("C000017", "C000282")}
    texts = page_texts(accounts, PERIOD, POL, ("zh", "en"))
    return book, accounts, texts


def test_a_customer_over_its_limit_by_growth_files_the_credit_pages_limit_at_its_shorter_terms(plans):
    book, accounts, texts = plans
    a = accounts["C000017"]
    assert book.holds.loc["C000017", "rules"] == "over_limit, utilization"
    assert book.holds.loc["C000017", "release_amount"] == pytest.approx(59_603.86)
    # the credit page cuts 154,000 to 145,000 (its solvency cap) and shortens the terms from 60 to 45 days; the plan
    # is sized at those terms: 761,155 / 12 = 63,430 a month x (45 + 10) / 30 = 116,288, and the busiest month
    # 77,581.78 x 55 / 30 = 142,233: within 145,000, so the plan files the credit page's limit and terms (no
    # collateral, no joint decision); today's exposure above it (213,604) is collected as it falls due
    assert bool(a.credit["capped_by_capacity"])
    k = a.credit_check
    assert (k["credit_days"], k["review_terms_days"], k["terms_in_force_days"]) == (55.0, 45.0, 60)
    assert k["peak_need"] == pytest.approx(77_581.78 * 55 / 30, abs=0.01) and bool(k["carries"])
    assert (k["route_route"], k["route_amount"]) == ("recommended", 145_000.0)
    assert k["need_in_force"] == 214_000.0  # at 60 days today's exposure of 213,604 needs to be carried: rounded up
    todo = a.actions.set_index("action")
    assert todo.index[0] == "release_hold" and "collateral" not in todo.index and "stop_credit" not in todo.index
    assert todo.at["release_hold", "stake"] == pytest.approx(59_603.86) and todo.at["joint_review", "stake"] == 0.0
    assert not credit_ask(a)  # the credit page's own limit: nothing for a joint decision, nothing for the index
    zh, en = texts["C000017", "zh"], texts["C000017", "en"]
    assert "首要任务（涉及金额最大）：解除信用冻结，涉及 59,604 元（客户经理 Anna Schmidt，2026-11-14）" in zh
    assert (
        "收入目标约需 116,288 元的信用额度（每月 63,430 元，按信用评审建议的 45 天账期（原 60 天）加宽限期共 55 天）；"
        "但近12个月采购最多的一个月（77,582 元）需要 142,233 元，因此额度按 142,233 元测算；建议信用额度 145,000 元足以支持。"
        "目前风险敞口 213,604 元高于该额度：超出部分随到期收回，不由额度承接。如保留现有 60 天的付款期限，则约需 214,000 元的额度。"
        in zh
    )
    assert "将额度由 154,000 元调整为 145,000 元，付款期限由 60 天缩短为 45 天，报直销部经理审批" in zh
    assert "降额至 145,000 元获批后，须收回 68,604 元才能解除冻结" in zh
    assert "55 days of the credit page's 45 days' terms (was 60) and grace" in en and "取得担保" not in zh
    # why these accounts have plans: key accounts in the pyramid's order (C000017 is no. 18 by composite score,
    # no. 70 by revenue with 0.3 %), up to report.account_plan_cap (50)
    assert (
        "为什么有这份计划：重点客户，在客户金字塔中按综合评分排第18位（综合价值、潜力和关系，不只看收入；收入排第70位，"
        "占0.3 %）。报告按这一顺序为重点客户编写计划，最多50份" in zh
    )
    assert "Why this plan: a key account, no. 18 of the pyramid by composite score" in en
    assert "暂停赊销" not in zh


def test_above_the_solvency_cap_at_the_shorter_terms_the_plan_asks_collateral():
    # a growth rate of 60 % (segments.lifecycle.growth_above) takes C000017's objective to its whole wallet, 1,058,000:
    # at the credit page's 45 days (+10 of grace) that needs 1,058,000 / 12 x 55 / 30 = 161,638.89 against the
    # recommended 145,000, the customer's solvency cap: the 16,638.89 above it is secured, 16,638.89 / 0.7 (counted at
    # 70 %) = 23,769.84 of collateral, approved with the limit; an increase over a customer's limit goes a level above
    # the ladder's (the direct-sales manager's) as on the credit page: the regional company manager; no joint decision
    pol = load_policy({"segments": {"lifecycle": {"growth_above": 0.6}}})
    data = kt.load()
    a = account_profile(data, "C000017", AS_OF, pol, book=book_tables(data, AS_OF, pol))
    k = a.credit_check
    assert k["target"] == 1_058_000.0 and k["need"] == pytest.approx(1_058_000 / 12 * 55 / 30, abs=0.01)
    assert (k["route_route"], k["route_approver"]) == ("collateral", "regional_company_manager")
    assert k["route_amount"] == pytest.approx((1_058_000 / 12 * 55 / 30 - 145_000) / 0.7, abs=0.01)
    ask = credit_ask(a)
    assert (ask["route"], ask["joint"]) == ("collateral", False)
    zh, en = (page_texts({"C000017": a}, PERIOD, pol, ("zh", "en"))["C000017", x] for x in ("zh", "en"))
    assert (
        "本计划的做法：客户提供担保 23,770 元（按 70.0 % 计入 16,639 元），由地区公司经理在 2026-11-07 前连同担保审批 "
        "161,639 元的额度（其中无担保 145,000 元），按信用评审建议的 45 天账期（原 60 天）。" in zh
    )
    assert "建议额度 145,000 元已是客户偿付能力的上限：无担保授信到此为止" in zh
    assert "the customer's solvency cap: unsecured credit stops there" in en
    assert "经新的信用调查（取得更新的财务报表、提高偿付能力上限）后由地区公司经理批准 161,639 元的额度" in zh
    assert "付款期限由 45 天缩短到 39 天" in zh  # an other way, shorter than the credit page's terms, never longer


def test_stopping_credit_for_the_largest_customer_says_what_is_at_stake_and_needs_a_joint_sign_off(plans):
    book, accounts, texts = plans
    a = accounts["C000282"]
    assert a.profile["revenue_rank"] == 1
    assert book.holds.loc["C000282", "release_amount"] == pytest.approx(2_007_264.47)
    # its overdue less the 228,825.91 of it under open disputes (not chased, so not asked for to release the hold)
    assert book.holds.loc["C000282", "overdue_release"] == pytest.approx(1_905_926.72 - 228_825.91)
    first = a.actions.iloc[0]
    assert (first["action"], first["owner"], str(first["due"])) == ("stop_credit", "director_and_finance", AS_OF)
    assert first["amount"] == pytest.approx(2_007_264.47)
    zh, en = texts["C000282", "zh"], texts["C000282", "en"]
    assert "收回 2,007,264 元后解除冻结（与信用冻结清单的金额一致）" in zh
    assert "每月采购约 1,347,137 元（近12个月平均），另有 1,332,722 元的未开票订单等待发货" in zh
    # by the index's date of the joint sign-offs (report.decisions.joint_signoff: two days after the data's date)
    assert "须由销售总监和财务经理在2026-11-02前共同签批冻结" in zh
    assert "the sales director and the finance manager confirm the hold together by 2026-11-02 (both sign)" in en
    # the grade rose from C to BB beside 54 % overdue: the risks say so
    assert "upgrade_on_hold" in set(a.risks["risk"])
    assert "信用等级由 C 升为 BB，但客户仍因拖欠处于信用冻结：任何增额之前，信用部先复核这次评估。" in zh
    # one release amount on the page: the overdue rule's own amount is not offered as a second one
    assert "1,905,927" not in zh and "674,542" not in zh
    # the objective needs more than the recommended 2,919,000 even after the hold: the busiest month 1,487,374
    # x 40 / 30 + open orders 1,332,722 = 3,315,888; rounded up to 3,316,000: who asks for the 397,000 more, and when
    assert (
        "即使冻结解除，目标仍需 3,315,888 元的额度，而建议额度为 2,919,000 元：由客户经理在冻结解除的当月经新的信用调查"
        "申请增加 397,000 元" in zh
    )
    assert "the account manager asks for the CNY 397,000 more, with a new credit investigation" in en
    # the finance contact has no phone on file (the sample's contacts): the action says who gets it
    assert "Linda Wright没有登记电话：客户经理先通过客户的采购联系人取得电话，并登记到联系人资料中。" in zh
    assert "Linda Wright has no phone number on file: the account manager gets it" in en


def test_the_plan_header_and_relationship_read_in_the_report_language(plans):
    _, _, texts = plans
    assert "行业 建筑 · 地区 华东" in texts["C000282", "zh"] and "行业 能源 · 地区 华北" in texts["C000017", "zh"]
    assert "industry Construction · region East" in texts["C000282", "en"]
    zh = texts["C000282", "zh"]
    assert "客户关系等级：合作伙伴" in zh and "与关系阶段是两个不同的维度" in zh
    assert "客户关系：合作伙伴" not in zh
    # the level's history in one line (the sample's relationships table) and what the level asks, per language
    assert "关系等级变化：" in zh and "→合作伙伴（" in zh and "该等级的策略：与客户围绕其目标共同工作" in zh
    en = texts["C000282", "en"]
    assert "Level over time: " in en and "→ partner (" in en and "What the level asks: we work with the customer" in en
    # the sample's credit committee is listed under the regional company manager's level: it reads as that level,
    # as on every page (one name per level)
    assert "（2023-07-07 由地区公司经理批准）" in zh and "credit committee" not in zh
    assert "(by Regional company manager, 2023-07-07)" in texts["C000282", "en"]


def test_a_plan_asking_more_credit_than_recommended_is_a_joint_decision_on_the_index(plans):
    # a plan applies for 214,000 where the credit page recommends 145,000; C000282, held for
    # arrears, files the credit page's recommendation now and asks for the limit its objective needs once the
    # hold is released: its exposure 4,926,264.47 less the open orders' share the hold holds back, as its plan
    # says ("申请增加 397,000 元", the need rounded up to the policy's 1,000)
    _, accounts, texts = plans
    # a plan applying for a new limit of 214,000 where 145,000 is recommended (C000017's, were its recommended
    # limit not its solvency cap: above)
    ask = {"route": "new_limit", "amount": 214_000.0, "recommended": 145_000.0, "approver": "direct_sales_manager",
           "target": 761_155.0, "kept": False, "approved": 154_000.0, "due": ""}  # fmt: skip
    later = credit_ask(accounts["C000282"])
    assert (later["route"], later["recommended"]) == ("after_hold", 2_919_000.0)
    assert later["amount"] - later["recommended"] == pytest.approx(397_000, abs=0.5)
    assert "申请增加 397,000 元" in texts["C000282", "zh"]
    runs = [
        NotebookRun("plan", None, {}, status="ok", customer_id="C000017", credit_ask=ask),
        NotebookRun("plan", None, {}, status="ok", customer_id="C000282", credit_ask=credit_ask(accounts["C000282"])),
    ]
    names = {"C000017": "大连远航", "C000282": "Westbrook"}
    # the plan asking now comes first, one by one; the one asking once its hold is released is a later decision
    # (the hold comes first): it is on the line of the rest, named there, with how much more in all
    d, after = plan_credit_decisions(runs, pd.Timestamp(AS_OF), POL, names)
    assert (d.kind, d.side, d.customer_id, d.amount) == ("plan_credit", "plans", "C000017", 69_000.0)
    assert d.owner == ("sales director and finance manager, together", "销售总监与财务经理共同")
    assert d.due == "2026-11-07"  # report.decisions.plan_credit: 7 days
    assert "applies for a limit of CNY 214 k" in d.text and "where CNY 145 k is recommended" in d.text
    assert "申请21.4万元的额度" in d.text_zh and "信用评审建议14.5万元" in d.text_zh
    assert (after.customer_id, after.side, after.amount) == (None, "plans", pytest.approx(397_000, abs=0.5))
    assert after.text == (
        "1 more account plan asks for CNY 397 k more credit in all than the credit page recommends, 1 of them once "
        "their credit hold is released: each plan's credit section says how much and why"
    )
    assert (
        after.detail == "Westbrook (C000282) (+CNY 397 k)." and after.detail_zh == "Westbrook (C000282)（多39.7万元）。"
    )
    # a failed plan asks nothing; beyond PLAN_ASKS_SHOWN the rest are one line, the largest difference first
    failed = [NotebookRun("plan", None, {}, status="failed", customer_id="C000017", credit_ask=ask)]
    assert plan_credit_decisions(failed, pd.Timestamp(AS_OF), POL, names) == []
    many = [
        NotebookRun(
            "plan", None, {}, status="ok", customer_id=f"C{i}", credit_ask={**ask, "amount": ask["recommended"] + i}
        )
        for i in range(1, 16)
    ]
    ds = plan_credit_decisions(many, pd.Timestamp(AS_OF), POL, {})
    assert [x.customer_id for x in ds] == ["C15", "C14", "C13", None]
    assert ds[-1].text.startswith("12 more account plans ask for CNY 78 more credit in all") and ds[-1].amount == 78.0
    assert ds[-1].detail == ", ".join(f"C{i} (+CNY {i})" for i in range(12, 2, -1)) + " and 2 more."
    # each of them contests the credit page's cut (154 k in force, 145 k recommended): the line says they are the
    # contested cuts the cuts' line names, one decision, not a second one
    assert "; 12 of them are the contested cuts of the cuts' line above: the same decision:" in ds[-1].text
    assert "；其中12份即上方降额一行中客户计划不同意的降额，为同一决定：" in ds[-1].text_zh
    assert "contested cuts" not in after.text  # C000282 asks once its hold is released: no cut contested


def _check(**values) -> pd.Series:
    base = {
        "collateral": float("nan"), "counted_at": 0.8, "terms_days": float("nan"), "payment_terms_days": 60.0,
        "route_route": "new_limit", "need": 100_000.0, "sized_need": 100_000.0, "approver": "account_manager",
        "carried_target": 0.0, "target": 600_000.0, "recommended_limit": 80_000.0,
    }  # fmt: skip
    return pd.Series({**base, **values}, dtype="object")


def test_the_other_ways_never_lengthen_the_terms_or_raise_the_objective():
    # the objective (600,000 a year) needs 100,000 at its pace against a recommended 80,000: terms of 48 days
    # instead of 60, or the 480,000 the limit carries, are real options
    labels.use("en", POL)
    u = kt.output.currency.money_unit(POL)
    assert [en for en, _ in _options(_check(terms_days=48.0, carried_target=480_000.0), u)] == [
        "payment terms of 48 days instead of 60",
        "a smaller objective of CNY 480,000, what the recommended limit carries",
    ]
    # the objective's pace fits the limit (need 70,000), only today's exposure needs more: neither terms of 81 days
    # "instead of 60" nor an "objective" of 690,000 above the plan's 600,000 is offered
    high = _check(need=70_000.0, sized_need=95_000.0, terms_days=81.0, carried_target=690_000.0)
    assert _options(high, u) == []
    # a day shorter, or an objective smaller by a thousandth, is no decision for an approver
    trifles = _check(terms_days=59.0, carried_target=599_500.0)
    assert _options(trifles, u) == []


def test_a_plans_increase_for_a_customer_over_its_limit_goes_a_level_higher_as_on_the_credit_page():
    # C000326 owes 223,124 against a limit of 52,000 approved by the direct-sales manager; its plan applies for 364,000:
    # the ladder's level for 364,000 is the direct-sales manager, but over its limit an increase goes one level higher
    # (credit.approval_route), so the plan, its index line and the register say the regional company manager
    data = kt.load()
    a = account_profile(data, "C000326", AS_OF, POL, book=book_tables(data, AS_OF, POL))
    assert a.credit["exposure"] > a.credit["approved_limit"] == 52_000.0
    assert kt.credit.approval_level(364_000.0, 52_000.0, POL, current_approver="direct-sales manager") == (
        "direct_sales_manager"
    )
    assert (a.credit_check["route_route"], a.credit_check["route_amount"]) == ("new_limit", 364_000.0)
    assert a.credit_check["route_approver"] == credit_ask(a)["approver"] == "regional_company_manager"
    zh = page_texts({"C000326": a}, PERIOD, POL, ("zh",))["C000326", "zh"]
    assert "由地区公司经理在 2026-11-07 前审批" in zh and "直销部经理" not in zh.split("目标所需信用")[1][:600]
    # the credit page keeps its 52,000 but with cash in advance: the plan says what such a limit is for (below the
    # exposure of 223,124: the rest is collected)
    assert (
        "付款条件：预付现金（原30天）：额度 52,000 元低于现有风险敞口 223,124 元，超出部分须收回，新订单款到发货" in zh
    )
