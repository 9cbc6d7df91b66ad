"""The credit re-review list as a plan of work: who comes first, who is routine, by when, and the
index's decision for the first group."""

from __future__ import annotations

import pandas as pd
import pytest

import kamtools as kt
from kamtools import credit
from kamtools.report.summary import decisions

AS_OF = pd.Timestamp("2026-10-31")


def test_held_for_an_expired_assessment_or_the_grade_legal_cases_the_largest_and_key_accounts_come_first():
    # A: held for an expired assessment; B: held over its limit only; C: a key account, not held; D: neither;
    # E: held for its grade (a new assessment with a better grade releases it); F: a legal case (an invoice past
    # the legal days); G: the largest customer by revenue (the top 1 of report.joint_signoff_top: 1)
    held = pd.DataFrame(
        {"hold_stale_assessment": [True, False, False, False], "hold_over_limit": [False, True, False, True],
         "hold_grade": [False, False, True, False]},
        index=["A", "B", "E", "F"],
    )  # fmt: skip
    pyramid = pd.DataFrame(
        {"tier": ["ordinary", "ordinary", "key", "ordinary", "ordinary", "ordinary", "ordinary"],
         "revenue_12m": [10.0, 20.0, 30.0, 40.0, 5.0, 1.0, 100.0]},
        index=[*"ABCDEFG"],
    )  # fmt: skip
    lim = pd.DataFrame({"legal": [False, False, False, False, False, True, False]}, index=[*"ABCDEFG"])
    pol = kt.policy.load_policy({"report": {"joint_signoff_top": 1}})
    first = credit.review_first(held, pyramid, lim, pol)
    assert first.tolist() == ["A", "C", "E", "F", "G"]
    # the top 2: D (40) joins G (100)
    assert "D" in credit.review_first(held, pyramid, lim, {"report": {"joint_signoff_top": 2}})
    review = pd.DataFrame({"exposure": [10.0, 400.0, 30.0, 200.0, 50.0, 70.0, 5.0]}, index=[*"ABCDEFG"])
    plan = credit.review_plan(review, first, "2026-10-31", 14, 90)
    # the first group in the list's own order, then the routine rest in theirs
    assert plan.index.tolist() == ["A", "C", "E", "F", "G", "B", "D"]
    assert plan["urgency"].tolist() == ["first"] * 5 + ["routine"] * 2
    assert [f"{d:%Y-%m-%d}" for d in plan["due"]] == ["2026-11-14"] * 5 + ["2027-01-29"] * 2


@pytest.fixture(scope="module")
def book():
    return kt.sample_data(customers=120, years=2, seed=11, end="2026-10-31")


def test_the_index_names_the_first_re_reviews_with_the_credit_department_and_the_policys_days(book):
    pol = kt.policy.load_policy({"report": {"decisions": {"re_review_first": {"days": 10}}}})
    lim = credit.limits(book, AS_OF, pol)
    held = credit.holds(book, AS_OF, pol, lim=lim)
    review = credit.review_list(lim)
    first = review.index.isin(credit.review_first(held, kt.segments.pyramid(book, AS_OF, pol), lim, pol))
    assert 0 < first.sum() < len(review), "the book should have re-reviews of both kinds"
    (shown,) = [d for d in decisions(book, AS_OF, pol, lim) if d.kind == "re_review_first"]
    assert shown.text.startswith(f"{int(first.sum()):,} credit re-reviews come first")
    assert f"the other {int((~first).sum()):,} are routine" in shown.text
    assert shown.text_zh.startswith(f"{int(first.sum()):,}家客户须优先做信用复审")
    assert shown.owner == ("credit department", "信用部") and shown.due == "2026-11-10"
    assert shown.amount == pytest.approx(float(review.loc[first, "exposure"].sum()))


def test_a_grade_change_read_beside_the_arrears_grade_says_both(book):
    """The re-review list shows the grade the limit uses (the arrears grade while arrears are open); a
    reason naming the scored change says that grade too, in English and Chinese, so the two agree."""
    lim = credit.limits(book, AS_OF)
    capped = lim[lim["grade_capped"] & lim["review_grade_change"] & (lim["grade"] != lim["scored_grade"])]
    assert len(capped), "the book should have a scored grade change under the arrears grade"
    for cid, r in capped.iterrows():
        said = f"(scored, {r['grade']} while arrears are open)"
        assert said in r["review_reasons"], cid
        zh = kt.output.labels.names("review_reasons", r["review_reasons"])[1]
        assert f"（欠款未清期间按{r['grade']}级处理）" in zh and "评分等级由" in zh, zh
    plain = lim[lim["review_grade_change"] & ~lim.index.isin(capped.index)]
    assert not plain["review_reasons"].str.contains("while arrears are open").any()
