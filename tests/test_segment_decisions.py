"""The segmentation page's decision box (kamtools/report/segment_decisions.py): the page's own decisions,
each with one owner and a day from the policy's report.decisions; one decision per account across the
report (an account the index decides already is left out, and said); the same owner and day where the
page and the index speak of the same kind of thing."""

from __future__ import annotations

import pandas as pd
import pytest

from kamtools.policy import load_policy
from kamtools.report import summary
from kamtools.report.decision import Decision, owner_and_due
from kamtools.report.page_decisions import page_decisions
from kamtools.report.segment_decisions import (
    PAGE,
    SegmentBook,
    _Make,
    _selling_time,
    lifetime_conflicts,
    lifetime_decided_text,
    prospect_revenue_note,
    segment_book,
    segment_decisions,
    unknown_potential_note,
)

AS_OF = "2026-10-31"
POL = load_policy()


def _book(**parts) -> SegmentBook:
    fields = dict.fromkeys(["pyramid", "summary", "profit", "rfm", "lifetime", "migration", "credit_view"])
    return SegmentBook(**{**fields, **parts})


def test_the_policy_names_an_owner_and_days_for_each_decision_of_the_page():
    rules = POL["report"]["decisions"]
    for kind in ("selling_time", "rfm_at_risk", "promote", "key_account_demoted"):
        assert rules[kind]["owner"] and rules[kind]["days"] > 0, kind
    # 2026-10-31 + 30 days: the sales director, by 2026-11-30; account managers call within 14 days
    assert owner_and_due("selling_time", AS_OF, POL) == (("sales director", "销售总监"), "2026-11-30")
    assert owner_and_due("rfm_at_risk", AS_OF, POL) == (("account manager", "客户经理"), "2026-11-14")


def test_selling_time_against_the_target_is_a_decision_with_the_hours_to_move():
    # key accounts 200 of 1,000 hours (20 %) against 60 %: 400 hours to move, from the ordinary customers (above target)
    s = pd.DataFrame(
        {"hours": [200.0, 700.0, 100.0], "time_share": [0.2, 0.7, 0.1], "time_target": [0.6, 0.3, 0.1]},
        index=["key", "ordinary", "prospect"],
    ).assign(time_gap=lambda f: f["time_share"] - f["time_target"])
    (d,) = _selling_time(_book(summary=s), _Make(AS_OF, POL))
    assert "20.0 % of the selling time against a target of 60 %" in d.text and "about 400 hours" in d.text
    assert "from ordinary customers" in d.text and "普通客户" in d.text_zh
    assert (d.owner, d.due, d.page, d.section) == (
        ("sales director", "销售总监"),
        "2026-11-30",
        PAGE,
        "The key-account pyramid",
    )
    on_target = s.assign(time_share=[0.6, 0.3, 0.1])
    assert _selling_time(_book(summary=on_target), _Make(AS_OF, POL)) == []


def test_the_lifetime_conflict_leaves_out_accounts_the_index_decides():
    lifetime = pd.DataFrame(
        {"name": ["Held", "Signed", "Legal", "Stale", "Fine"], "clv": [5.0, 4.0, 3.0, 2.0, 1.0]},
        index=pd.Index(["C1", "C2", "C3", "C4", "C5"], name="customer_id"),
    )
    view = pd.DataFrame(
        {
            "grade": ["B", "BB", "C", "A", "A"],
            "credit_view": ["hold", "hold", "legal", "hold", ""],
            "credit_holds": ["overdue", "overdue", "past_due", "stale_assessment", ""],
        },
        index=lifetime.index,
    )
    found = [
        Decision(
            "Sign C2's hold together", 9.0, "03_credit_review", "Credit holds", customer_id="C2", kind="joint_signoff"
        ),
        Decision("Re-assess", 5.0, "03_credit_review", "Credit holds", kind="reassess_expired"),
        Decision("Hand over", 4.0, "04_receivables", "Legal hand-over", kind="legal_handover"),
    ]
    weak, done = lifetime_conflicts(_book(lifetime=lifetime, credit_view=view), found)
    assert weak.index.tolist() == ["C1"]  # the only one left to decide on this page
    assert done["why"].to_dict() == {"C2": "named", "C3": "legal", "C4": "reassess"}
    assert done["index_number"].to_dict() == {"C2": 1, "C3": 3, "C4": 2}
    text = lifetime_decided_text(done, "en")
    assert (
        "Signed (C2) (No. 1 on the index)" in text
        and "Legal (C3): legal cases, supply stops (No. 3 on the index)" in text
    )
    assert "（首页第2项）" in lifetime_decided_text(done, "zh")
    # without the index's re-assessment line, an expired assessment stays a conflict of this page
    weak, _ = lifetime_conflicts(_book(lifetime=lifetime, credit_view=view), found[:1])
    assert weak.index.tolist() == ["C1", "C4"]


def test_the_page_box_lists_the_index_lines_then_the_pages_own():
    index_line = Decision(
        "Visit C9",
        1.0,
        PAGE,
        "Key accounts to watch",
        customer_id="C9",
        owner=("sales director", "销售总监"),
        due="2026-11-30",
    )
    own = Decision(
        "Call them",
        1.0,
        PAGE,
        "RFM: recency, frequency, monetary",
        owner=("account manager", "客户经理"),
        due="2026-11-14",
    )
    box = page_decisions([Decision("x", 1.0, "03_credit_review", "Credit holds"), index_line], PAGE, "zh", own=[own])
    assert '<li value="2">' in box and box.index("Visit C9") < box.index("本页其他待决事项") < box.index("Call them")
    assert "（负责：客户经理，2026-11-14前）" in box and 'href="#RFM：近度、频度、金额"' in box.replace(
        "%EF%BC%9A", "："
    ).replace("%E8%BF%91%E5%BA%A6%E3%80%81%E9%A2%91%E5%BA%A6%E3%80%81%E9%87%91%E9%A2%9D", "近度、频度、金额")


def test_prospects_with_credit_notes_only_are_explained_and_unmeasured_potential_said():
    pyr = pd.DataFrame(
        {"tier": ["prospect", "prospect", "key"], "kind": ["customer", "customer", "customer"],
         "revenue_12m": [-4561.0, 0.0, 100.0], "name": ["Vertex", "Quiet", "Big"]},
        index=["C1", "C2", "C3"],
    )  # fmt: skip
    said = prospect_revenue_note(pyr, POL).data
    assert "revenue of -4,561 (CNY)" in said and "Vertex (C1)" in said and "credit notes" in said
    assert prospect_revenue_note(pyr.drop(index="C1"), POL) is None
    listed = pd.DataFrame(
        {"name": ["New", "Half", "Known"], "growth": [None, None, 0.1], "wallet_headroom": [None, 5.0, 5.0]},
        index=["C4", "C5", "C6"],
    )
    said = unknown_potential_note(listed, POL).data
    assert "New (C4)" in said and "neutral 0.50" in said and "1 more lack one of the two" in said
    assert unknown_potential_note(listed.loc[["C6"]], POL) is None


@pytest.fixture(scope="module")
def sample_decisions(small_data):
    from kamtools import credit

    lim = credit.limits(small_data, AS_OF, POL)
    found = summary.decisions(small_data, pd.Timestamp(AS_OF), POL, lim)
    return found, segment_decisions(segment_book(small_data, AS_OF, POL, lim), AS_OF, POL, found)


def test_each_decision_of_the_page_has_the_policys_owner_and_day_and_no_account_is_decided_twice(sample_decisions):
    found, own = sample_decisions
    assert own, "the small book has decisions on the segmentation page"
    for d in own:
        owner, due = owner_and_due(d.kind, AS_OF, POL)
        assert (d.owner, d.due, d.page) == (owner, due, PAGE), d.text
        assert d.text and d.text_zh and d.section
    # the same kind on the index and on the page: the same owner and day
    for d in found:
        for mine in own:
            if d.kind == mine.kind:
                assert (d.owner, d.due) == (mine.owner, mine.due)
    named = {d.customer_id for d in found if d.customer_id}
    for d in own:
        assert not any(f"({c})" in d.text for c in named), d.text


def test_the_rfm_calls_are_those_overdue_to_buy_and_loss_makers_are_not_promoted(small_data):
    # the RFM segments at risk rank customers among the buyers; the account managers call only those whose last
    # purchase is more than twice their usual interval ago (12 months' days over their purchase days), the rest are
    # watched; an ordinary customer losing money after the cost to serve is no candidate to promote
    from kamtools import credit
    from kamtools.report.segment_decisions import RFM_AT_RISK, _rfm, overdue_to_buy, promote_candidates

    lim = credit.limits(small_data, AS_OF, POL)
    book = segment_book(small_data, AS_OF, POL, lim)
    risk = book.rfm[book.rfm["segment"].isin(RFM_AT_RISK)].join(book.credit_view["credit_view"])
    legal = risk["credit_view"] == "legal"
    usual = 365.25 / risk["frequency"].astype(float)
    late = (risk["recency_days"].astype(float) > 2 * usual) & ~legal
    assert overdue_to_buy(risk, 12).equals(late | (overdue_to_buy(risk, 12) & legal))
    decided = _rfm(book, _Make(AS_OF, POL))
    assert 0 < int(late.sum()) < int((~legal).sum()), "the small book has customers at risk to call and to watch"
    (d,) = decided
    assert d.amount == pytest.approx(float(risk.loc[late, "monetary"].sum()))
    assert f"{int(late.sum()):,} of the {len(risk):,} customers at risk" in d.text
    assert f"其余{int((~late & ~legal).sum()):,}家继续观察" in d.text_zh
    held = int(risk.loc[late, "credit_view"].isin(["hold", "collect"]).sum())
    assert (f"（其中{held:,}家处于信用冻结或须先收款：下一笔订单按信用评审页的解除条件办理）" in d.text_zh) == (
        held > 0
    )
    candidates, fit = promote_candidates(book, POL)
    losing = set(book.profit.index[book.profit["profit_class"] == "unprofitable"])
    assert losing & set(candidates.index), "the small book has loss-makers among its ordinary customers"
    assert not (losing & set(candidates.index[fit]))
