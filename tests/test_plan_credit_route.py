"""The account plan takes one credit route and agrees with the credit page's hold list, on the
committed sample at the report month 2026-10 (the two plans a reader scored: C000017, a customer
growing +99 % that is over its limit only by growth, and C000282, our largest customer, held for
arrears).

Numbers worked out by hand from the sample's rows:

* C000017: limit 154,000, receivables = exposure 213,603.86 (no open orders), one invoice of
  15,284.83 17 days late (7 % of receivables: under the overdue rule's 25 %). Held by the over-limit
  and utilization rules only: the hold lifts at 213,603.86 - 154,000 = 59,603.86. The credit page
  recommends 135,000 (the terms need at the last 12 months' pace); the +10 % objective of
  761,155 needs 761,155 / 12 x 70 / 30 = 148,002 <= 154,000: the limit in force carries it.
* C000282: limit 2,919,000, exposure 4,926,264.47 with open orders of 1,332,722.20, overdue
  1,955,926.72 of receivables 3,593,542.27 (54 %): held for arrears too. Paying 2,007,264.47
  (= 4,926,264.47 - 2,919,000) releases every money rule (it covers the 1,905,926.72 the overdue
  rule needs and the 674,542.27 above the limit); revenue at risk 16,165,639 / 12 = 1,347,137 a month.
"""

from __future__ import annotations

import html

import pytest
from bs4 import BeautifulSoup

import kamtools as kt
from kamtools.account_plan import account_profile, book_tables
from kamtools.output import labels
from kamtools.policy import load_policy
from kamtools.report.plans import page

AS_OF, PERIOD = "2026-10-31", "2026-10"
POL = load_policy()


@pytest.fixture(scope="module")
def plans():
    data = kt.load()
    book = book_tables(data, AS_OF, POL)
    accounts = {cid: account_profile(data, cid, AS_OF, POL, book=book) for cid in ("C000017", "C000282")}
    texts = {}
    for language in ("zh", "en"):
        labels.use(language, POL)
        for cid, a in accounts.items():
            soup = BeautifulSoup(page(a, PERIOD, POL), "html.parser")
            for tag in soup(["script", "style", "img"]):
                tag.decompose()
            texts[cid, language] = " ".join(html.unescape(soup.get_text(" ")).split())
    labels.use("en")
    return book, accounts, texts


def test_a_customer_over_its_limit_by_growth_is_not_stopped_but_keeps_its_limit(plans):
    book, accounts, texts = plans
    a = accounts["C000017"]
    assert book.holds.loc["C000017", "rules"] == "over_limit, utilization"
    assert book.holds.loc["C000017", "release_amount"] == pytest.approx(59_603.86)
    first = a.actions.iloc[0]
    assert (first["action"], first["owner"], str(first["due"])) == ("release_hold", "account_manager", "2026-11-14")
    assert first["amount"] == pytest.approx(59_603.86)
    assert "stop_credit" not in set(a.actions["action"])
    # one route: keep the 154,000 in force instead of the cut to 135,000, the direct-sales manager by 2026-11-30
    assert (a.credit_check["route_route"], a.credit_check["route_approver"]) == ("keep_limit", "direct_sales_manager")
    keep = a.actions[a.actions["action"] == "keep_limit"].iloc[0]
    assert (keep["amount"], str(keep["due"])) == (154_000.0, "2026-11-30")
    assert "file_limit" not in set(a.actions["action"])  # not also the cut
    zh, en = texts["C000017", "zh"], texts["C000017", "en"]
    assert "首要任务：解除信用冻结（客户经理 Anna Schmidt，2026-11-14）" in zh
    assert "收回 59,604 元后解除冻结（与信用冻结清单的金额一致）" in zh
    assert (
        "本计划的做法：保留现有额度 154,000 元（足以支持目标），不按建议降额；由直销部经理在 2026-11-30 前决定。" in zh
    )
    assert (
        "The plan's route: keep the limit in force of 154,000 元, which carries it, instead of the recommended cut; "
        "the direct-sales manager decides by 2026-11-30." in en
    )
    assert "暂停赊销" not in zh
    # the other ways, should the approver decline: not a limit of 148,002 below the one kept
    assert (
        "如审批人不同意，其他做法： 客户提供担保 18,575 元（按 70.0 % 计入） 付款期限由 60 天缩短到 53 天 把收入目标降到"
        in zh
    )


def test_stopping_credit_for_the_largest_customer_says_what_is_at_stake_and_needs_a_joint_sign_off(plans):
    book, accounts, texts = plans
    a = accounts["C000282"]
    assert a.profile["revenue_rank"] == 1
    assert book.holds.loc["C000282", "release_amount"] == pytest.approx(2_007_264.47)
    assert book.holds.loc["C000282", "overdue_release"] == pytest.approx(1_905_926.72)
    first = a.actions.iloc[0]
    assert (first["action"], first["owner"], str(first["due"])) == ("stop_credit", "director_and_finance", AS_OF)
    assert first["amount"] == pytest.approx(2_007_264.47)
    zh, en = texts["C000282", "zh"], texts["C000282", "en"]
    assert "收回 2,007,264 元后解除冻结（与信用冻结清单的金额一致）" in zh
    assert "每月采购约 1,347,137 元（近12个月平均），另有 1,332,722 元的未开票订单等待发货" in zh
    assert "须由销售总监和财务经理当日共同签批冻结" in zh
    assert "the sales director and the finance manager sign the hold off together today" in en
    # the grade rose from C to BB beside 54 % overdue: the risks say so
    assert "upgrade_on_hold" in set(a.risks["risk"])
    assert "信用等级由 C 升为 BB，但客户仍因拖欠处于信用冻结：任何增额之前，财务部先复核这次评估。" in zh
    # one release amount on the page: the overdue rule's own amount is not offered as a second one
    assert "1,905,927" not in zh and "674,542" not in zh


def test_the_plan_header_and_relationship_read_in_the_report_language(plans):
    _, _, texts = plans
    assert "行业 建筑 · 地区 华东" in texts["C000282", "zh"] and "行业 能源 · 地区 华北" in texts["C000017", "zh"]
    assert "industry Construction · region East" in texts["C000282", "en"]
    zh = texts["C000282", "zh"]
    assert "客户关系阶段：合作伙伴" in zh and "与关系阶段是两个不同的维度" in zh
    assert "客户关系：合作伙伴" not in zh
    assert "信用委员会（地区公司经理）" in zh and "credit committee" not in zh
