"""A held key account whose limit the plan cuts: what releases the hold is said against the limit in force (the
credit-holds list's amount) and against the limit the plan files; a cut that leaves the account on cash in advance
says that every order is paid first, hold or not; the cut weighs the exposure it takes off credit; and a grade in
force that is only the arrears grade says that paying the long past-due invoices gives the scored grade back.

From the committed sample at 2026-10, read off its rows:

* C000154: limit 3,230,000, exposure 332,890.38, held by the overdue rule (the list's release: 54,632.09); the
  credit page cuts to 50,000 with cash in advance (the limit carries no terms). At 50,000 the exposure rule (100 %
  of the limit) asks the exposure above it: 332,890.38 - 50,000 = 282,890.38.
* C000328: grade C (scored C), limit 643,000 cut to 0: every receivable is left without a limit.
* C000176: grade in force C, scored BBB: an invoice 209 days past due (over the 90 hold days) caps the limit at
  the arrears grade; the hold list's release is 4,745.65 (the invoices past 90 days).
"""

from __future__ import annotations

import pandas as pd
import pytest
from plan_pages import page_texts

import kamtools as kt
from kamtools import credit
from kamtools.account_plan import account_profile, book_tables
from kamtools.policy import load_policy
from kamtools.report.plan_decisions import credit_ask
from kamtools.report.plan_positions import position
from kamtools.report.summary import decisions

AS_OF, PERIOD = "2026-10-31", "2026-10"
POL = load_policy()
IDS = ("C000154", "C000328", "C000176")


@pytest.fixture(scope="module")
def plans():
    data = kt.load()
    book = book_tables(data, AS_OF, POL)
    accounts = {cid: account_profile(data, cid, AS_OF, POL, book=book) for cid in IDS}
    return data, book, accounts, page_texts(accounts, PERIOD, POL, ("zh", "en"))


def test_the_release_at_a_lower_limit_runs_the_same_rules(plans):
    data, book, _, _ = plans
    lim, held = book.limits, book.holds
    same = credit.release_at(lim, lim["approved_limit"], AS_OF, POL, held=held)
    pd.testing.assert_series_equal(
        same.reindex(held.index), held["release_amount"], check_names=False, check_index_type=False
    )
    # no limit at all: the exposure rule asks the whole exposure of every held customer with exposure (a legal case,
    # more than 365 days past due: paying the receivables in full, the one release)
    none = credit.release_at(lim, pd.Series(0.0, index=lim.index), AS_OF, POL, held=held)
    exposed = held.index[held["exposure"] > 0]
    legal = lim.loc[exposed, "max_days_past_due"] > POL["credit"]["limit"]["legal_days_past_due"]
    asked = held.loc[exposed, "exposure"].where(~legal, held.loc[exposed, "receivables"])
    assert (none.reindex(exposed) - asked).abs().max() < 0.005
    assert (none.reindex(exposed) >= held.loc[exposed, "release_amount"].fillna(0.0) - 0.005).all()


def test_a_cut_to_cash_in_advance_says_every_order_is_paid_first(plans):
    _, _, accounts, texts = plans
    c = accounts["C000154"].credit
    assert c["filed_limit"] == 50_000.0 and c["release_amount"] == pytest.approx(54_632.09)
    assert c["release_filed"] == pytest.approx(332_890.38 - 50_000.0)
    zh, en = texts["C000154", "zh"], texts["C000154", "en"]
    assert "收回 54,632 元后解除冻结（与信用冻结清单的金额一致，按现有额度 3,230,000 元计算）" in zh
    assert (
        "降额至 50,000 元获批后付款条件为预付现金：无论是否冻结，订单都须先付款后发货，应收账款 332,890 元按期收回"
        in zh
    )
    assert (
        "against the limit in force of CNY 3,230,000" in en and "every order is paid before it ships, hold or not" in en
    )
    # no credit need is claimed for a plan whose every order is paid in advance
    assert "如按赊销，收入目标约需" in zh and "On credit, the revenue objective would use" in en
    assert "冻结解除后再执行目标" not in zh


def test_the_cut_weighs_the_exposure_it_takes_off_credit(plans):
    _, _, accounts, texts = plans
    cut = accounts["C000154"].actions.query("action == 'file_limit'")
    assert cut["stake"].tolist() == [pytest.approx(282_890.38)]
    assert "目前风险敞口 332,890 元超出新额度 282,890 元（涉及金额）" in texts["C000154", "zh"]
    # the statements the cut rests on come first, with the money of the decision they come before
    assert "首要任务（涉及金额最大）：取得财务报表，涉及 282,890 元" in texts["C000154", "zh"]
    withdrawn = accounts["C000328"].actions.query("action == 'file_limit'")
    assert withdrawn["amount"].tolist() == [0.0]
    assert withdrawn["stake"].tolist() == [pytest.approx(accounts["C000328"].credit["exposure"])]
    assert "将全部没有额度（涉及金额）" in texts["C000328", "zh"]
    assert "is left without a limit: the money at stake" in texts["C000328", "en"]


def test_the_arrears_grade_is_said_and_gives_the_scored_grade_back(plans):
    _, _, accounts, texts = plans
    a = accounts["C000176"]
    assert (a.credit["grade"], a.credit["scored_grade"]) == ("C", "BBB")
    assert not bool(a.credit_check["no_unsecured"])  # paying the arrears gives credit back: no grade freeze
    ask = credit_ask(a)  # the credit department sizes the limit again: no limit of the plan's own, no joint decision
    assert (ask["route"], ask["joint"], ask["amount"], ask["by"]) == ("arrears_first", False, 0.0, "2026-11-07")
    assert position(ask, "2026-11-07")[1] == "仅当2026-11-07仍未付清逾期超过90天的发票时按建议额度报批"
    # collecting the 4,745.65 past 90 days comes first: it spares the limit of 304,000 the cut to 0
    first = a.actions.iloc[0]
    assert (first["action"], first["owner"], str(first["due"]), first["stake"]) == (
        "collect_arrears",
        "account_manager",
        "2026-11-07",
        304_000.0,
    )
    assert first["amount"] == pytest.approx(4_745.65)
    zh176 = texts["C000176", "zh"]
    assert (
        "在 2026-11-07 前收回逾期超过 90 天的发票（4,746 元，最长逾期 209 天）：收回后逾期等级 C 结束、冻结解除，现有额度 "
        "304,000 元不必降到 0 元（涉及金额）" in zh176
    )
    assert (
        "首要任务（涉及金额最大）：收回长期逾期发票，涉及 4,746 元（使额度免降 304,000 元）（客户经理 Michael Wong，2026-11-07）"
        in zh176
    )
    assert "仅当 2026-11-07 仍未付清逾期超过 90 天的发票时提交" in texts["C000176", "zh"]
    assert "is spared the cut to CNY 0 (the money at stake)" in texts["C000176", "en"]
    assert "无论是否冻结" not in texts["C000176", "zh"]  # no cash in advance for certain: paying in time spares it
    zh, en = texts["C000176", "zh"], texts["C000176", "en"]
    assert "信用等级 C（上次 A；逾期超过 90 天的发票付清之前按逾期等级计算，评分等级为 BBB）" in zh
    assert "付清逾期超过 90 天的发票后，额度不再按逾期等级 C 计算：信用部按评分等级 BBB 重新核定额度" in zh
    assert "the arrears grade while invoices more than 90 days past due are open, scored BBB" in en
    assert "该等级也不给予无担保赊销" not in zh and "冻结解除后申请的额度" not in zh
    # a grade C of the scorecard stays a grade without unsecured credit
    assert bool(accounts["C000328"].credit_check["no_unsecured"])


def test_a_deadline_the_page_is_written_after_is_marked_as_the_index_does(plans):
    _, _, accounts, texts = plans
    # the cut is due 2026-11-07, a week after the data's date; the page is written later than that
    assert str(accounts["C000154"].actions.query("action == 'file_limit'")["due"].iloc[0]) == "2026-11-07"
    assert "2026-11-07 已过期限" in texts["C000154", "zh"] and "2026-11-07 deadline passed" in texts["C000154", "en"]
    # "at once" is no deadline to pass
    assert "立即 已过期限" not in texts["C000154", "zh"]


def test_a_hold_for_growth_says_what_releases_it_at_the_limit_the_plan_files():
    # C000017: held for growth above its limit of 154,000 (exposure 213,603.86); its plan files the credit page's
    # 145,000 (at its 45 days' terms): the hold is released by 59,604 against the limit in force, 68,604 once the cut
    # is approved
    data = kt.load()
    a = account_profile(data, "C000017", AS_OF, POL, book=book_tables(data, AS_OF, POL))
    assert a.credit["filed_limit"] == 145_000.0
    assert a.credit["release_filed"] == pytest.approx(213_603.86 - 145_000.0)
    zh = page_texts({"C000017": a}, PERIOD, POL, ("zh",))["C000017", "zh"]
    assert "收回 59,604 元后解除冻结（与信用冻结清单的金额一致，按现有额度 154,000 元计算）" in zh
    assert "降额至 145,000 元获批后，须收回 68,604 元才能解除冻结" in zh


def test_the_plan_is_sized_at_the_shorter_terms_the_credit_page_files():
    # C000112: the credit page cuts 468,000 to 205,000 with terms of 15 days instead of 30; the plan is sized at those
    # terms (like with like): its busiest month (291,367) at 15 + 10 days needs 291,367 x 25 / 30 = 242,806 -> one
    # cut to 243,000; keeping 30 days would need 389,000, said beside it
    data = kt.load()
    a = account_profile(data, "C000112", AS_OF, POL, book=book_tables(data, AS_OF, POL))
    assert (a.credit["payment_terms_days"], a.credit["proposed_terms_days"]) == (30, 15)
    k = a.credit_check
    assert (k["route_route"], k["route_amount"], k["need_in_force"]) == ("smaller_cut", 243_000.0, 389_000.0)
    zh = page_texts({"C000112": a}, PERIOD, POL, ("zh",))["C000112", "zh"]
    assert "处理建议：先收款；付款条件：15天（原30天）" in zh
    assert (
        "冻结解除后目标仍需 242,806 元的额度，而建议额度为 205,000 元（付款期限由 30 天缩短为 15 天）：本计划现在一次报批，"
        "额度一次调整为 243,000 元（目标所需）" in zh
    )
    assert "如保留现有 30 天的付款期限，则约需 389,000 元的额度。" in zh
    assert "按现有付款期限 30 天" not in zh


def test_a_key_account_in_decline_finds_its_cause_even_when_growth_waits(plans):
    # C000154 lost 1,945,533 of purchases (4,604,155 -> 2,658,622) and loses money after the cost to serve: no
    # win-back before the price review, but the sales director's senior visit to find out why, as the index asks
    _, _, accounts, texts = plans
    a = accounts["C000154"]
    assert a.objectives["revenue_why"] == "price_first" and "win_back" not in set(a.actions["action"])
    cause = a.actions[a.actions["action"] == "find_cause"].iloc[0]
    assert (cause["owner"], cause["amount"]) == ("sales_director", pytest.approx(4_604_155.0 - 2_658_622.0, abs=1))
    assert "采购额减少了 1,945,533 元：由销售总监与客户经理拜访客户高层，查明原因" in texts["C000154", "zh"]
    assert "no win-back is promised before the price review" in texts["C000154", "en"]


def test_a_cut_resting_on_missing_statements_obtains_them_before_it_is_approved(plans):
    # C000154 has no usable financial statement: its unsecured limit is capped at grade BB's starting limit of 50,000
    # (the cut and the cash in advance rest on it, beside the overdue hold): the credit department obtains the
    # statements by the cut's day, and the basis of the recommendation says so
    _, _, accounts, texts = plans
    a = accounts["C000154"]
    todo = a.actions.set_index("action")
    # by the credit page's day for a missing statement (the data overview's too), before the cut's approval
    assert (str(todo.at["get_statements", "due"]), str(todo.at["file_limit", "due"])) == ("2026-11-05", "2026-11-07")
    assert todo.at["get_statements", "stake"] == todo.at["file_limit", "stake"]  # the decision it comes before
    assert list(todo.index).index("get_statements") < list(todo.index).index("file_limit")
    zh = texts["C000154", "zh"]
    assert "依据：逾期超过冻结比例或金额；无可用财务报表：无担保额度最多为 BB 级的起始额度 50,000 元" in zh
    assert "在 2026-11-05 前、降额审批之前取得客户最新的财务报表" in zh
    assert "仅当 2026-11-05 前仍未取得财务报表时提交（取得后由信用部按报表核定额度）：填写信用额度调整表" in zh
    # the register says the same, and so does the data overview, with the credit layer's one definition
    ask = credit_ask(a)
    assert (ask["route"], ask["joint"], ask["by"]) == ("statements_first", False, "2026-11-05")
    assert (
        position(ask, "2026-11-07")[1] == "先由信用部在2026-11-05前取得财务报表、按报表核定额度；未取得的按建议额度报批"
    )
    data, book, _, _ = plans
    assert bool(credit.also_on_statement(book.limits).loc["C000154"])
    gap = pd.DataFrame({"customer_id": ["C000154"], "name": ["Keystone Logistics Ltd"]})
    note = credit.statement_note(gap, book.limits, POL, AS_OF)[1]
    assert (
        "另有1家的降额除其他原因外也以缺少财务报表为依据（Keystone Logistics Ltd（C000154））：同样由信用部在2026-11-05前"
        in note
    )


def test_the_top_customers_joint_sign_off_gets_a_starting_point_and_its_disputes_an_owner():
    # C000282, our largest customer, held: overdue 1,727,101 undisputed (228,826 more under 8 open disputes), open
    # orders of 1,332,722, exposure 4,926,264 against a limit of 2,919,000: paid, the exposure would still be
    # 4,926,264 - 1,727,101 - 2,919,000 = 280,164 above the limit
    data = kt.load()
    a = account_profile(data, "C000282", AS_OF, POL, book=book_tables(data, AS_OF, POL))
    zh = page_texts({"C000282": a}, PERIOD, POL, ("zh",))["C000282", "zh"]
    overdue, disputed = a.aging["overdue"], a.aging["disputed"]
    above = a.credit["exposure"] - overdue - a.credit["approved_limit"]
    assert round(above) == 280_164 and round(disputed) == 228_826
    assert (
        "建议的出发点：客户先付清无争议的逾期款 1,727,101 元（争议中的 228,826 元另按争议处理），再放行等待发货的订单"
        "（1,332,722 元）；付款后风险敞口仍超出额度 280,164 元：即两人共同签批的例外部分。" in zh
    )
    settle = a.actions[a.actions["action"] == "disputes"].iloc[0]
    assert (settle["owner"], round(settle["stake"])) == ("account_manager", 228_826)
    assert f"与客户逐项处理 {len(a.disputes)} 项未解决争议（涉及 228,826 元" in zh


def test_a_limit_kept_meanwhile_for_its_statement_is_said_to_have_no_register_row(plans):
    # C000052 and C000063 wait for their statements alone; C000052's exposure is above its limit, so the cap at the
    # exposure keeps the limit in force and the register has no row for it: the data overview says so; C000063's
    # limit is capped at its exposure now (a row)
    data, book, _, _ = plans
    lim = book.limits.loc[["C000052", "C000063"]]
    assert lim["statement_first"].all()
    assert lim.at["C000052", "recommended_limit"] == lim.at["C000052", "approved_limit"] < lim.at["C000052", "exposure"]
    assert lim.at["C000063", "recommended_limit"] < lim.at["C000063", "approved_limit"]
    gap = pd.DataFrame({"customer_id": ["C000052", "C000063"], "name": ["Sterling", "Apex"]})
    en, zh = credit.statement_note(gap, book.limits, POL, AS_OF)
    assert "（Sterling（C000052）的风险敞口已超过额度，额度暂不变，因此登记表中暂无该行）" in zh
    assert "(Sterling (C000052): its exposure is above the limit" in en and "Apex (C000063):" not in en


def test_a_limit_beyond_its_approvers_authority_that_the_plan_keeps_is_approved_again(plans):
    # C000406's limit in force, 215,000, was approved by an account manager (authority 100,000): 115,000 beyond it, on
    # the index's line of limits beyond authority (the credit department, by its day); its plan keeps that limit with
    # the new assessment, so it has it approved again at the level it needs first. A legal case (C000202, written off)
    # is withdrawn, not approved again; a plan filing a change gets the new approval anyway
    data, book, _, _ = plans
    found = [d for d in decisions(data, AS_OF, POL, book.limits, shown=None) if d.kind == "authority"]
    assert found and "C000406" in book.authority.index
    breach = book.authority.loc["C000406"]
    assert (breach["excess_authority"], breach["required_level"]) == (115_000.0, "direct_sales_manager")
    for cid, expected in (("C000406", True), ("C000202", False), ("C000225", True)):
        a = account_profile(data, cid, AS_OF, POL, book=book)
        assert ("reapprove" in set(a.actions["action"])) is expected, cid
    a = account_profile(data, "C000406", AS_OF, POL, book=book)
    assert a.credit["filed_limit"] == a.credit["approved_limit"] == 215_000.0
    row = a.actions[a.actions["action"] == "reapprove"].iloc[0]
    assert (row["owner"], row["amount"], row["level"], str(row["due"])) == (
        "finance",
        115_000.0,
        "direct_sales_manager",
        found[0].due,
    )
    zh = page_texts({"C000406": a}, PERIOD, POL, ("zh",))["C000406", "zh"]
    assert (
        "现有额度 215,000 元（由客户经理批准）超出审批人权限 115,000 元：由信用部在 2026-11-30 前报直销部经理重新批准"
        in zh
    )


def test_a_top_customer_written_off_as_gone_says_so_on_its_joint_line(plans):
    # Silverline (C000202), no. 8 by revenue, on hold past the legal days: written off as bankrupt on 2026-09-30 yet
    # still owing; its joint line (stop of supply, collateral enforced) says the write-off is checked first, by the
    # finance manager's line of the write-off check, which names it
    data, book, _, _ = plans
    found = decisions(data, AS_OF, POL, book.limits, shown=None)
    (joint,) = [d for d in found if d.kind == "joint_signoff" and d.customer_id == "C000202"]
    assert "已于2026-09-30核销（破产清算终结，无财产可分配）：由财务经理核实该核销（见下）" in joint.detail_zh
    assert "written off on 2026-09-30 (customer bankrupt" in joint.detail
    (check,) = [d for d in found if d.kind == "write_off_check"]
    assert "C000202" in check.text and check.owner == ("finance manager", "财务经理")


def test_a_dunning_level_of_legal_action_before_the_legal_days_says_who_collects_until_then(plans):
    # C000176's oldest invoice is 209 days past due: the dunning ladder's legal level (from 181 days) but short of the
    # credit policy's legal hand-over (365 days): the plan says the account manager collects until then, as its
    # actions and the worklist do, not that the legal department acts
    data, book, accounts, texts = plans
    assert book.dunning.at["C000176", "dunning_action"] == "legal" and accounts["C000176"].credit["action"] != "legal"
    zh = texts["C000176", "zh"]
    assert "催收等级：法律诉讼，比上月升级；按信用政策，有发票逾期超过 365 天才移交法务，在此之前由客户经理催收" in zh
    assert "由法务部负责" not in zh
    owners = set(accounts["C000176"].actions.query("action == 'collect_overdue'")["owner"])
    assert owners == {"account_manager"}


def test_a_declining_account_on_cash_in_advance_keeps_its_revenue_only_as_a_ceiling(plans):
    # C000154 buys 42 % less, loses money after the cost to serve and goes to cash in advance: its objective (the last
    # 12 months' revenue) is a ceiling until the sales director's visit finds out why purchases fell
    _, _, accounts, texts = plans
    a = accounts["C000154"]
    assert bool(a.credit_check["cash_in_advance"]) and "find_cause" in set(a.actions["action"])
    assert "所有订单款到发货：此为上限而非承诺；销售总监拜访查明采购下降原因后再定实际目标" in texts["C000154", "zh"]
    assert "a ceiling, not a promise" in texts["C000154", "en"]
    b = accounts["C000176"]  # no cause to find (a harvest-stage account): no such clause
    assert "find_cause" not in set(b.actions["action"]) and "此为上限而非承诺" not in texts["C000176", "zh"]


def test_a_plan_held_only_by_the_fixed_overdue_amount_points_to_its_review(plans):
    # C000190 is held only because its overdue passes the overdue rule's fixed amount (a few days late, below the
    # rule's share): the credit page asks the credit department to review that amount; the plan's basis says so
    data, book, _, _ = plans
    assert "C000190" in credit.overdue_amount_only(book.holds, book.limits, POL).index
    a = account_profile(data, "C000190", AS_OF, POL, book=book)
    assert bool(a.credit["amount_rule_only"])
    zh = page_texts({"C000190": a}, PERIOD, POL, ("zh",))["C000190", "zh"]
    assert "仅因逾期金额超过规则的固定金额而被冻结（逾期仅数天、比例未超标），信用评审页已请信用部复核该金额" in zh
    assert not bool(account_profile(data, "C000176", AS_OF, POL, book=book).credit["amount_rule_only"])


def test_a_limit_approved_on_an_expired_assessment_is_approved_again_on_the_new_one(plans):
    # C000065's limit in force (1,816,000) was approved on an assessment already expired (an exception of its approval,
    # on the credit page's breaches workbook); its plan keeps it with the new assessment: approved again on that one
    data, book, _, _ = plans
    assert bool(book.limits.at["C000065", "exception_stale_basis"])
    a = account_profile(data, "C000065", AS_OF, POL, book=book)
    assert a.credit_check["route_route"] == "after_reassess" and a.credit["filed_limit"] == 1_816_000.0
    zh = page_texts({"C000065": a}, PERIOD, POL, ("zh",))["C000065", "zh"]
    assert (
        "现有额度 1,816,000 元足以支持，不提交额度调整。现有额度当初是依据已过期的评估批准的：以新评估为依据重新批准"
        in zh
    )
    b = account_profile(data, "C000406", AS_OF, POL, book=book)
    assert not bool(book.limits.at["C000406", "exception_stale_basis"]) and not b.credit_check["stale_basis"]


def test_an_arrears_grade_paid_says_how_a_larger_limit_would_be_asked(plans):
    # C000176: once its long past-due invoices are paid, the credit department sizes the limit again on the scored
    # grade; the objective needs about 515,132, above the 304,000 in force: a new application of the account manager's
    # (the regional company manager approves that much), decided by sales and finance on a later index
    _, _, accounts, texts = plans
    k = accounts["C000176"].credit_check
    assert k["approved_limit"] == 304_000.0 and k["hold_ask_approver"] == "regional_company_manager"
    assert (
        "届时如目标所需高于现有额度 304,000 元，由客户经理经新的信用调查另行申请增额（地区公司经理审批），列入之后的首页由销售与财务共同决定"
        in texts["C000176", "zh"]
    )


def test_a_plan_says_when_its_customer_breaks_its_payment_promises(plans):
    # C000112 broke 16 of its 37 payment promises (the worklist's counts, receivables.promise_history): a risk of its
    # plan, since a promise then secures neither a limit nor a release; C000017 keeps its promises: no such risk
    data, book, _, _ = plans
    h = kt.receivables.promise_history(data, AS_OF)
    assert (h.at["C000112", "promises"], h.at["C000112", "broken_promises"]) == (37, 16)
    a = account_profile(data, "C000112", AS_OF, POL, book=book)
    row = a.risks[a.risks["risk"] == "broken_promises"].iloc[0]
    assert (row["count"], row["value"]) == (16, 37.0)
    zh = page_texts({"C000112": a}, PERIOD, POL, ("zh",))["C000112", "zh"]
    assert "付款承诺 37 次中失约 16 次：承诺已不足以作为额度或解除冻结的依据" in zh
    b = account_profile(data, "C000017", AS_OF, POL, book=book)
    broken = h["broken_promises"].get("C000017", 0)
    assert broken < 3 or broken < 0.25 * h["promises"].get("C000017", 0)
    assert "broken_promises" not in set(b.risks["risk"])


def test_the_hold_list_shows_every_held_customers_overdue_whatever_rule_holds_it(plans):
    # C000326 is held for its limit (not by the overdue rule) yet has 2,930.28 overdue, 25 days: the hold list shows
    # them (the worklist's figures), so the customers a worklist follows can be told from those with nothing overdue
    data, book, _, _ = plans
    held = book.holds
    assert not bool(held.at["C000326", "hold_overdue"])
    assert held.at["C000326", "overdue"] == pytest.approx(2_930.28) and held.at["C000326", "max_days_past_due"] == 25
    money = held["release_amount"].dropna()
    owing = kt.receivables.aging(data, AS_OF)["overdue"].gt(0)
    assert int((held.loc[money.index, "overdue"] > 0).sum()) == int(owing.reindex(money.index).fillna(False).sum())
