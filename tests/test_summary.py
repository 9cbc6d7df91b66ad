"""This month's decisions on the index: what each says, counted from the credit pages' own tables."""

from __future__ import annotations

import datetime as dt
import html
import re

import pandas as pd
import pytest

import kamtools as kt
from kamtools import credit
from kamtools.report.summary import Maker, _approvals, _legal_handover, _over_limit, decisions, money
from kamtools.report.tiles import headline_tiles, tiles

AS_OF = pd.Timestamp("2026-10-31")


@pytest.fixture(scope="module")
def book():
    return kt.sample_data(customers=120, years=2, seed=11, end="2026-10-31")


@pytest.fixture(scope="module")
def pol():
    return kt.policy.load_policy()


# The book's limits, hold list and decisions under the shipped policy, worked out once for the tests
# that read them (each test gets its own copy of the limits).
@pytest.fixture(scope="module")
def _lim(book, pol):
    return credit.limits(book, AS_OF, pol)


@pytest.fixture
def lim(_lim):
    return _lim.copy()


@pytest.fixture(scope="module")
def held(book, pol, _lim):
    return credit.holds(book, AS_OF, pol, lim=_lim.copy())


@pytest.fixture(scope="module")
def shown(book, pol, _lim):
    return decisions(book, AS_OF, pol, _lim.copy())


@pytest.fixture(scope="module")
def head(book, pol, _lim):
    """The headline numbers of the book (:func:`kamtools.kpis`), as the index's tiles show them."""
    return kt.kpis(book, AS_OF, pol, limits=_lim.copy())


def test_holds_are_broken_down_by_rule_and_cuts_wait_for_their_level(pol, lim, held, shown):
    hold = next(d for d in shown if d.kind == "credit_hold")
    # every rule that holds someone is named with its count, in both languages
    counted = 0
    for rule, (en, zh) in credit.HOLD_RULES.items():
        n = int(held[f"hold_{rule}"].sum())
        counted += n > 0
        if n:
            assert f"{en.lower()} {n:,}" in hold.detail and f"{zh}{n:,}家" in hold.detail_zh  # the background line
    assert counted >= 2, "the book should hold customers by more than one rule"
    # one decision for the cuts waiting: every level with cuts, the most senior first, each with the
    # credit page's count and total for that level, and the totals over the levels
    changes = credit.limit_changes(lim, pol).drop(index="none")
    names = credit.level_names(pol)
    (cut,) = [d for d in shown if d.kind == "limit_cut"]
    waiting = changes[changes["decreases"] > 0].iloc[::-1]  # limit_changes: the lowest authority first
    assert len(waiting) >= 2, "the book should have cuts at more than one level"
    n, total = int(waiting["decreases"].sum()), float(waiting["total_decrease"].sum())
    by = ", ".join(
        f"{names[lv][0]} {int(r['decreases']):,} ({money(r['total_decrease'])})" for lv, r in waiting.iterrows()
    )
    assert cut.text.startswith(
        f"{n:,} limit cuts wait for approval, {money(total)} less credit in all, by level (most senior first): {by};"
    )
    assert cut.amount == pytest.approx(total)
    by_zh = "、".join(
        f"{names[lv][1]}{int(r['decreases']):,}项（{money(r['total_decrease'], 'zh')}）" for lv, r in waiting.iterrows()
    )
    assert f"按审批层级（最高的在前）：{by_zh}；" in cut.text_zh


def test_a_tile_names_the_previous_window_once_in_every_language(book, pol, lim, head):
    assert headline_tiles(book, AS_OF, pol, lim, "both") == tiles(head, pol, "both")  # the book's headline numbers
    for language, word in (("en", "against "), ("zh", "对比 "), ("both", "对比 / against ")):
        tile = next(t for t in tiles(head, pol, language) if t["key"] == "revenue_month")
        window = head.loc["revenue_month", "previous_window"]
        assert tile["change"].endswith(f"{word}{window}") and tile["change"].count(window) == 1, tile["change"]


def test_each_decision_has_its_owner_side_and_deadline_from_the_policy(book, pol, lim, shown):
    # report.decisions (shipped): increases and cuts by the approval level that approves them, sales,
    # 7 days; holds by the finance manager, finance, 3 days; key accounts by the sales director, 30 days
    names = credit.level_names(pol)
    # the cuts of several levels: each level's approver decides its own (the line names them, the most senior first)
    cut = next(d for d in shown if d.kind == "limit_cut")
    assert (cut.owner, cut.side, cut.due) == (
        ("each level's approver for its own lines", "各层级审批人各批本层级"),
        "sales",
        "2026-11-07",
    )
    # changes waiting at one level only: that level decides them
    one = lim[lim["approval_level"] == "direct_sales_manager"]
    assert {d.owner for d in _approvals(one, Maker(AS_OF, pol))} == {names["direct_sales_manager"]}
    hold = next(d for d in shown if d.kind == "credit_hold")
    assert (hold.owner, hold.side, hold.due) == (("finance manager", "财务经理"), "finance", "2026-11-03")
    assert hold.who("zh") == "（负责：财务经理，2026-11-03前）"
    key = next(d for d in shown if d.kind == "key_account_decline")
    assert (key.owner[1], key.side, key.due) == ("销售总监", "sales", "2026-11-30")
    # sales first, then finance, each by the money at stake
    sides = [d.side for d in shown]
    assert sides == sorted(sides, key=["joint", "sales", "finance"].index)
    for side in ("sales", "finance"):
        amounts = [d.amount for d in shown if d.side == side]
        assert amounts == sorted(amounts, reverse=True)
    # a company that gives holds to its credit department within a week
    other = kt.policy.load_policy({"report": {"decisions": {"credit_hold": {"owner": "credit_department", "days": 7}}}})
    hold = next(d for d in decisions(book, AS_OF, other, lim) if d.kind == "credit_hold")
    assert (hold.owner, hold.due) == (("credit department", "信用部"), "2026-11-07")


def test_increases_waiting_stay_among_the_ten_however_many_cuts_there_are(shown):
    # the book has more than ten decisions, cuts at several levels, increases of 187,000 (182,000 at the
    # direct-sales manager, 5,000 at the account manager): less than the cuts and than the tenth decision by money
    shown = [d for d in shown if d.side != "joint"]  # the joint sign-offs always show
    assert len(shown) == 10
    up = [d for d in shown if d.kind == "limit_increase"]
    assert [(d.text, d.amount) for d in up] == [
        (
            "7 limit increases wait for approval, CNY 187 k more credit in all, by level (most senior first): "
            "Direct-sales manager 6 (CNY 182 k), Account manager 1 (CNY 5 k); approve or refuse",
            187_000.0,
        )
    ]
    assert up[0].text_zh == (
        "7项增额待审批，共增加授信18.7万元，按审批层级（最高的在前）：直销部经理6项（18.2万元）、客户经理1项（5,000元）；批准或否决"
    )
    kinds = {d.kind for d in shown}
    assert kinds == {
        "limit_cut",
        "limit_increase",
        "key_account_decline",
        "silent_debtors",
        "credit_hold",
        "authority",
        "over_limit",
        "no_limit",
        "reassess_expired",
        "re_review_first",
    }


def test_a_customer_past_the_legal_days_is_handed_to_collections_not_asked_to_pay_first(book):
    # C000081 is the largest uncovered over-limit customer (288,081.85 over), an invoice 57 days past
    # due. With legal action from 50 days past due it is a case for collections, provided for at least at half its
    # undisputed balance: (956,081.85 - 33,455.45 disputed) x 50 % = 461,313.20, plus the disputed 33,455.45 at 50 %
    # = 16,727.73: 478,040.93 (its bands alone: 12,597.70)
    pol = kt.policy.load_policy({"credit": {"limit": {"legal_days_past_due": 50}}})
    lim = credit.limits(book, AS_OF, pol)
    shown = decisions(book, AS_OF, pol, lim)
    # a top-10 customer on hold: named once, in the joint sign-off, with its stop of supply and provision
    (joint,) = [d for d in shown if d.customer_id == "C000081"]
    assert joint.side == "joint" and "collect or secure before the next order" not in joint.text
    # the decision first, naming the customer; why (its rank, the invoice past due) on the line under it
    assert joint.text.startswith("Confirm together the stop of supply to ") and "(C000081)" in joint.text
    assert joint.text_zh.startswith("共同确认对") and joint.text_zh.endswith("(C000081)停止供货")
    assert joint.detail.startswith("No. ") and "an invoice is 57 days past due (collections/legal)" in joint.detail
    assert joint.detail_zh.startswith("按收入排第") and "有发票逾期57天（移交催收/法务）" in joint.detail_zh
    # its provision, what it stands at within the month's provisions, is the background line under it
    assert joint.detail.endswith(
        "; its bad-debt provision stands at CNY 478 k (within the month's provisions on the receivables page)."
    )
    assert joint.detail_zh.endswith("；该客户坏账准备累计47.8万元（已含在应收账款页本月坏账准备中）。")
    # not on an over-limit line of its own: the one hand-over line counts every legal case, naming it as above
    assert not [d for d in _over_limit(lim, Maker(AS_OF, pol), {}) if lim.at[d.customer_id, "legal"]]
    assert not [d for d in shown if d.kind == "over_limit" and d.customer_id == "C000081"]
    (hand,) = [d for d in decisions(book, AS_OF, pol, lim, shown=None) if d.kind == "legal_handover"]
    n = int(lim["legal"].sum())
    assert hand.text.startswith(f"{n:,} customers have invoices more than 50 days past due (")
    assert re.search(r"^Besides [^;:]*\(C000081\)[^;:]*, in a joint decision, the largest: ", hand.detail)
    assert hand.text_zh.startswith(f"{n:,}家客户有发票逾期超过50天（")
    assert re.search(r"^除已列入共同决定的[^；：]*\(C000081\)[^；：]*外，最大的：", hand.detail_zh)


def _index(tmp_path, language, decided, ok=True, today=dt.date(2026, 11, 5)):
    from kamtools.output.forms import form_file_name, register_file_name
    from kamtools.report import ReportResult
    from kamtools.report.index import Summary, write_index
    from kamtools.report.result import NotebookRun

    (tmp_path / "credit_forms").mkdir(exist_ok=True)
    for name in (register_file_name("2026-10"), form_file_name("C1", "2026-10")):
        (tmp_path / "credit_forms" / name).write_bytes(b"x")
    (tmp_path / "03_credit_review.html").write_text("<p>page</p>", encoding="utf-8")
    run = NotebookRun("03_credit_review.ipynb", None, {}, "ok" if ok else "failed", 2.5, html="03_credit_review.html")
    result = ReportResult("2026-10", tmp_path, [run], language=language)
    write_index(tmp_path, result, Summary(as_of="2026-10-31", decisions=decided, names={"C1": "Acme"}), today)
    return (tmp_path / "index.html").read_text(encoding="utf-8"), (tmp_path / "appendix.html").read_text(
        encoding="utf-8"
    )


def test_the_index_numbers_the_decisions_by_side_and_leaves_the_forms_and_run_status_to_the_appendix(tmp_path):
    from kamtools.report.summary import Decision

    made = {"page": "03_credit_review", "section": "Credit holds"}
    decided = [
        Decision(
            "cut",
            9.0,
            **made,
            text_zh="降额",
            kind="limit_cut",
            owner=("Regional manager", "地区公司经理"),
            side="sales",
            due="2026-11-07",
        ),
        Decision(
            "up",
            1.0,
            **made,
            text_zh="增额",
            kind="limit_increase",
            owner=("Direct-sales manager", "直销部经理"),
            side="sales",
            due="2026-11-07",
        ),
        Decision(
            "hold",
            5.0,
            **made,
            text_zh="冻结",
            kind="credit_hold",
            owner=("finance manager", "财务经理"),
            side="finance",
            due="2026-11-03",
        ),
    ]
    index, appendix = _index(tmp_path, "zh", decided)
    # two numbered lists, the numbers running on: 1-2 sales, 3 finance, each with its owner and deadline
    assert '<h3 class="side sales">销售须决定</h3>\n<ol class="decisions" start="1">' in index
    assert '<h3 class="side finance">财务须决定</h3>\n<ol class="decisions" start="3">' in index
    assert '<li>增额 <span class="who">（负责：直销部经理，2026-11-07前）</span>' in index
    # written on 2026-11-05: the finance deadline of 11-03 has passed, the sales ones of 11-07 have not
    assert (
        '<li>冻结 <span class="who">（负责：财务经理，2026-11-03前）</span> <span class="passed">已过期限</span>'
        in index
    )
    assert index.count('class="passed"') == 1
    assert "本报告生成于2026-11-05，已晚于其中1项的期限（标为“已过期限”）" in index
    # 5 days after the data's date: the deadlines counted from today instead are 5 days later, the first 11-03 -> 11-08
    assert "如不能等待，各期限从今天起重新计算，即顺延 5 天（最早的 2026-11-03 改为 2026-11-08）。" in index
    assert "数据截至 2026-10-31；报告生成于2026-11-05。" in index and "2026-10-31." not in index
    # the register stays on the index; the forms, the run status and the manifest go to the appendix
    assert 'href="credit_forms/credit_forms_register_2026-10.xlsx"' in index
    for gone in ("credit_forms_C1_", "<h2>运行状态</h2>", "manifest.json", "所有页面均已生成", "Acme"):
        assert gone not in index, gone
        assert gone in appendix, gone
    assert '<a href="appendix.html">附录</a>' in index and '<a href="index.html">返回首页</a>' in appendix
    # a failed run shows on the index, pointing to the appendix
    index, appendix = _index(tmp_path, "en", decided, ok=False)
    assert "SOME PAGES FAILED: see the run status in the appendix." in index
    assert "Data as of 2026-10-31; report written on 2026-11-05." in index and "Sales must decide" in index
    # written before every deadline: nothing is marked, and no note
    index, _ = _index(tmp_path, "en", decided, today=dt.date(2026, 11, 1))
    assert 'class="passed"' not in index and "after the deadline of" not in index


def test_the_tiles_have_a_legend_and_name_dso_once(tmp_path, pol, head):
    from kamtools.report import ReportResult
    from kamtools.report.index import Summary, write_index

    both = tiles(head, pol, "both")
    dso = next(t for t in both if t["key"] == "dso")
    assert dso["name"] == "应收账款周转天数（DSO）" and "DSO：" not in dso["definition"]
    write_index(tmp_path, ReportResult("2026-10", tmp_path, [], language="zh"), Summary(tiles=tiles(head, pol, "zh")))
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    revenue = next(t for t in both if t["key"] == "revenue_month")["value"]
    assert f'<div class="value">{revenue}<span class="unit"> 元</span></div>' in index  # money with its unit
    assert (
        '<p class="legend">颜色按公司在政策中设定的标准：绿色为达标，黄色为需关注，红色为须处理；'
        "本月收入、本月毛利率按与上期相比的变化着色，其余按本期数值着色。</p>"
    ) in index
    # in both languages each sentence lists the tiles by their names in its own language
    write_index(tmp_path, ReportResult("2026-10", tmp_path, [], language="both"), Summary(tiles=both))
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "本月收入、本月毛利率按与上期相比的变化着色" in index
    assert "; Revenue, month, Margin rate, month by the change against the previous period" in index


def test_the_recommendations_by_action_add_up_to_the_approvals_by_direction_and_the_holds(pol, lim, held):
    # the credit page counts recommendations by action and approvals by direction: the table of
    # recommendations_by_action gives both, and its on-hold column adds up to the hold list
    table = credit.recommendations_by_action(lim, held.index)
    changes = credit.limit_changes(lim, pol)
    total = table.loc["total"]
    assert total["limit_raised"] == changes["increases"].sum() and total["limit_lowered"] == changes["decreases"].sum()
    assert total["recommendations"] == len(lim) and total["on_credit_hold"] == len(held)
    assert list(table.drop(index="total")["recommendations"]) == list(
        lim["action"].value_counts().reindex(table.index[:-1])
    )
    assert (table.drop(columns="on_credit_hold").iloc[:, :3].sum(axis=1) == table["recommendations"]).all()
    # an increase is never counted under the action "decrease", nor a cut under "increase"
    assert table.loc["increase", "limit_lowered"] == 0 and table.loc["decrease", "limit_raised"] == 0


def test_every_workbook_a_page_writes_is_named_on_the_index():
    # the index names each workbook of the pages in words (a file name alone tells a manager nothing):
    # every "<kind>_{period}.xlsx" the report notebooks write has its label in both languages
    from pathlib import Path

    from kamtools.report.index import WORKBOOKS

    pages = Path(__file__).parents[1] / "notebooks" / "reports"
    written = {m for p in pages.glob("*.py") for m in re.findall(r"([a-z_]+)_\{period\}\.xlsx", p.read_text("utf-8"))}
    assert written and sorted(written - set(WORKBOOKS)) == []
    assert all(en and zh for en, zh in WORKBOOKS.values())


def test_the_hold_decision_quotes_the_hold_lists_release_total_and_names_it(book, held, shown):
    hold = next(d for d in shown if d.kind == "credit_hold")
    money_held = held["release_amount"].dropna()
    assert 0 < len(money_held) < len(held), "the book should hold customers by money rules and by others"
    # the amount is the workbook's column 解除冻结需收款 summed, not the over-limit exposure
    assert hold.amount == pytest.approx(float(money_held.sum()))
    # the decision is what can be done by its date (the notices sent, followed up weekly), not the whole sum collected
    assert hold.text.startswith(f"Send the {len(money_held):,} customers whose credit hold is released by payment")
    assert f"({money(money_held.sum())} in all) and follow them up weekly" in hold.text
    assert f"the other {len(held) - len(money_held):,} need a new assessment or collateral" in hold.text
    assert (
        f"向须收款才能解除冻结的{len(money_held):,}家客户发出收款通知（共{money(money_held.sum(), 'zh')}）"
        in hold.text_zh
    )
    assert "信用冻结清单“解除冻结需收款”的合计" in hold.detail_zh and "the credit-holds list's total" in hold.detail
    # the collection worklists list the overdue ones; the others owe nothing overdue yet: said apart, not sent to a list
    owing = kt.receivables.aging(book, AS_OF)["overdue"].gt(0)
    listed = int(money_held.index.isin(owing.index[owing]).sum())
    assert 0 < listed < len(money_held), "the book should hold customers with and without overdue for money"
    assert f"其中{listed:,}家有逾期、在催收清单上；另{len(money_held) - listed:,}家没有逾期" in hold.text_zh
    assert f"{len(held):,}家客户处于信用冻结（风险敞口" in hold.detail_zh and "订单才能放行" not in hold.text_zh
    # the Chinese rule names keep their qualifiers: they do not read like the headline numbers
    assert "应收超额" in hold.detail_zh and "逾期占比" not in hold.detail_zh


def test_the_largest_customers_on_hold_get_a_joint_sign_off_first(book, pol, held, shown):
    # report.joint_signoff_top 10: of the ten largest customers by revenue of the last 12 months, those on
    # credit hold for their arrears or credit file are signed off by the sales director and the finance
    # manager together, within two days, ahead of every other decision; one line counts them and the held key accounts
    pyr = kt.segments.pyramid(book, AS_OF, pol)
    top10 = pyr["revenue_12m"].sort_values(ascending=False, kind="stable").head(10).index
    held_top = [c for c in top10 if c in held.index]
    assert held_top, "the book should hold one of its ten largest customers"
    joint = [d for d in shown if d.side == "joint"]
    assert shown[: len(joint)] == joint  # listed first
    assert all(d.owner == ("sales director and finance manager, together", "销售总监与财务经理共同") for d in joint)
    assert all(d.due == "2026-11-02" for d in joint)  # report.decisions.joint_signoff: within two days
    line = joint[-1]
    key_held = int(pyr["tier"].reindex(held.index).eq("key").sum())
    assert line.text.startswith(
        f"{len(held_top)} of the top 10 customers by revenue and {key_held} key accounts in all are on credit hold: "
        "work through the list"
    )
    assert line.text_zh.startswith(
        f"前10大客户中有{len(held_top)}家、重点客户共{key_held}家处于信用冻结：按信用评审页的清单"
    )
    # the top-10 customers held besides those named above are named on the background line
    others = [c for c in held_top if c not in [d.customer_id for d in joint[:-1]]]
    if others:
        assert line.detail.startswith("Besides those above: ") and f"({others[0]})" in line.detail
        assert line.detail_zh.startswith("除上述外：") and f"({others[0]})" in line.detail_zh
    # each one named is among the held top 10, in the order of revenue, and says what is at stake
    named = [d.customer_id for d in joint[:-1]]
    assert named == [c for c in held_top if c in named] and len(named) <= 3
    for d in joint[:-1]:
        assert (
            d.text.startswith(("Sign ", "Confirm together the stop of supply to ")) and f"({d.customer_id})" in d.text
        )
        assert d.text_zh.startswith("共同")
        if "stop of supply" in d.text:  # handed to legal: collecting does not restore supply
            assert "releases it" not in d.detail and "解除冻结" not in d.detail_zh


def test_a_key_account_to_visit_says_what_credit_decided_for_it(lim, shown):
    visits = [d for d in shown if d.kind == "key_account_decline"]
    assert visits
    for d in visits:
        row = lim.loc[d.customer_id]
        cut = row["recommended_limit"] < row["approved_limit"]
        if cut:  # what credit decided is the decision's background line, under it on the index
            assert d.detail.startswith(
                f"Credit: its limit is to go from {money(row['approved_limit'])} to {money(row['recommended_limit'])}"
            )
            assert d.detail_zh.startswith(
                f"信用方面：建议额度由{money(row['approved_limit'], 'zh')}降至{money(row['recommended_limit'], 'zh')}"
            )
            # the limit's own approver and day (report.decisions.limit_cut: 7 days), as the plan files it
            assert "to approve by 2026-11-07: it takes effect on approval" in d.detail
            assert "在2026-11-07前审批，批准后生效" in d.detail_zh
        if cut or row["action"] == "collect":
            assert d.text.endswith("; the visit follows the credit decision below")
            assert d.text_zh.endswith("；拜访在下方的额度决定之后，按其向客户说明")
            assert "商定额度" not in d.text_zh  # no second owner and day for the limit in the visit's line
        assert (d.detail == "") == ("credit decision" not in d.text)  # said only where credit decided
    assert any(d.detail.startswith("Credit: ") for d in visits), (
        "the book should cut a key account it asks sales to visit"
    )


def test_customers_held_only_for_an_expired_assessment_go_to_the_credit_department(held, shown):
    only = held[held["rules"] == "stale_assessment"]
    assert len(only), "the book should hold customers for an expired assessment alone"
    (item,) = [d for d in shown if d.kind == "reassess_expired"]
    assert item.owner == ("credit department", "信用部") and item.due == "2026-11-14"
    assert item.text.startswith(
        f"{len(only)} customers are held only because their credit assessment expired "
        f"({money(only['exposure'].sum())} of exposure"
    )
    assert item.text_zh.startswith(
        f"{len(only)}家客户仅因信用评估过期被冻结（风险敞口{money(only['exposure'].sum(), 'zh')}"
    )


def test_every_customer_past_the_legal_days_is_on_one_hand_over_line():
    # the legal cases of kt.credit.legal_cases: B owes 3,000 past the legal days (provided 3,000), A 1,000
    # (provided 1,000), C 500 (provided 250): 4,500 past the legal days, 4,250 provided for; C is named in a joint
    # line above, so the largest named are B and A
    cases = pd.DataFrame(
        {"past_legal_days": [3000.0, 1000.0, 500.0], "past_legal_provision": [3000.0, 1000.0, 250.0]},
        index=pd.Index(["B", "A", "C"], name="customer_id"),
    )
    pol = kt.policy.load_policy()
    (d,) = _legal_handover(cases, Maker(AS_OF, pol), {"B": "Beta", "C": "Gamma"}, frozenset({"C"}))
    assert (d.kind, d.amount, d.owner, d.side, d.due) == (
        "legal_handover", 4500.0, ("finance manager", "财务经理"), "finance", "2026-11-14"
    )  # fmt: skip
    assert d.text == (
        "3 customers have invoices more than 365 days past due (CNY 4.5 k owed past those days, CNY 4.3 k provided "
        "for): their limits are withdrawn and supply stops; hand each to collections or legal action"
    )
    assert d.detail == (
        "Besides Gamma (C), in a joint decision, the largest: Beta (B), A. The list: the receivables page and the "
        "sheet “Legal cases” of the aging workbook."
    )
    assert d.text_zh == (
        "3家客户有发票逾期超过365天（逾期超过365天的欠款4,500元，已计提坏账准备4,250元）：撤销额度、停止供货，逐户移交催收/法务"
    )
    assert (
        d.detail_zh
        == "除已列入共同决定的Gamma (C)外，最大的：Beta (B)、A。清单见应收账款页及账龄工作簿的“移交法务”表。"
    )
    assert (d.page, d.section) == ("04_receivables", "Legal hand-over")
    assert _legal_handover(cases.iloc[0:0], Maker(AS_OF, pol), {}) == []


def test_a_pages_decision_box_lists_every_index_decision_of_the_page_in_the_index_order(tmp_path, shown):
    """The box at the top of the credit page holds exactly the index's decisions that link to the
    page, with the index's numbers in the index's order, each with who decides (so the finance manager's
    lines are not left out), and links to the index for the others."""
    from kamtools.report.page_decisions import page_decisions

    index, _ = _index(tmp_path, "en", shown)
    # the index's numbered decisions: each list starts at its number, its items follow
    on_index = []
    for start, items in re.findall(r'<ol class="decisions" start="(\d+)">(.*?)</ol>', index, re.S):
        for i, item in enumerate(re.findall(r"<li>(.*?)</li>", items)):
            href = re.search(r'<a href="([^"#]*)#', item)
            on_index.append((int(start) + i, item.split(' <span class="who">')[0], href and href.group(1)))
    page = [(n, text) for n, text, href in on_index if href == "03_credit_review.html"]
    owners = {d.owner[0] for d in shown if d.page == "03_credit_review"}
    assert len(page) >= 5 and len(owners) >= 3, "the book should have credit decisions of several owners"
    box = str(page_decisions(shown, "03_credit_review", "en"))
    listed = [(int(n), text) for n, text in re.findall(r'<li value="(\d+)">(.*?) <span class="who">', box)]
    assert listed == page  # the same numbers, in the same order
    # each says who decides: the index's owner of that number
    for n, who in re.findall(r'<li value="(\d+)">.*? <span class="who">\(owner: (.*?), by ', box):
        assert shown[int(n) - 1].owner[0] == html.unescape(who)
    assert {html.unescape(w) for w in re.findall(r"\(owner: (.*?), by ", box)} == owners
    assert '<a href="index.html#decisions">' in box and 'id="decisions"' in index


def test_a_tiles_footnote_is_one_sentence_not_a_chain_of_colons(pol, head):
    # before: "2026-10：收入：本月开票净额（已扣除红字发票）。" (the date, the term and the definition in a chain)
    zh = {t["key"]: t["definition"] for t in tiles(head, pol, "zh")}
    en = {t["key"]: t["definition"] for t in tiles(head, pol, "en")}
    assert (
        zh["revenue_month"]
        == f"本月收入指本月开票净额（已扣除红字发票），统计期为{head.at['revenue_month', 'window']}。"
    )
    assert (
        en["overdue_share"]
        == f"Overdue share = overdue receivables / open receivables, on {head.at['overdue_share', 'window']}."
    )
    for text in [*zh.values(), *en.values()]:
        assert not re.match(r"\d{4}-\d{2}(-\d{2})?[：:]", text), text
        assert text.count("：") + text.count(": ") <= 1 and text.endswith(("。", ".")), text


def test_the_kept_limits_whose_terms_change_are_said_with_the_cuts_by_level(pol, lim, shown):
    # the recommendations that keep the limit but change its terms (credit.terms_only) are signed where a cut would
    # be: the cuts' line says how many, by level (most senior first), and points at the register's sheet
    terms = credit.limit_changes(lim, pol).drop(index="none")["terms_only"].iloc[::-1]
    terms = terms[terms > 0]
    assert int(terms.sum()) == int(credit.terms_only(lim).sum()) > 0, "the book should have kept limits to sign"
    names = credit.level_names(pol)
    (cut,) = [d for d in shown if d.kind == "limit_cut"]
    by = ", ".join(f"{names[lv][0]} {int(k):,}" for lv, k in terms.items())
    by_zh = "、".join(f"{names[lv][1]}{int(k):,}项" for lv, k in terms.items())
    assert f"{int(terms.sum()):,} kept limits change only their payment terms" in cut.detail
    assert f"(by level: {by};" in cut.detail and "Terms changes, limit kept" in cut.detail
    assert f"另有{int(terms.sum()):,}项额度不变" in cut.detail_zh and f"（按层级：{by_zh}；" in cut.detail_zh


def test_the_authority_line_says_the_limits_approved_on_no_valid_assessment_too(book, pol, lim, shown):
    # the limits in force approved unrated or on an expired assessment (the credit page's breaches workbook) are
    # approved again on a valid one: said on the line of the limits beyond their approver's authority
    stale = int(lim["exception_stale_basis"].astype(bool).sum())
    found = decisions(book, AS_OF, pol, lim, shown=None)
    (line,) = [d for d in found if d.kind == "authority"]
    assert stale > 0, "the book should have limits approved on no valid assessment"
    assert f"；另有{stale:,}项在未评级或评估过期时批准：依据有效评估重新报批" in line.text_zh
    assert f"; {stale:,} more were approved unrated or on an expired assessment" in line.text
