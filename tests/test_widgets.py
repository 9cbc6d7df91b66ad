"""The explorers, driven from code: set widget values, check what they show."""

from __future__ import annotations

import copy
import re

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from kamtools import KamData, credit, receivables
from kamtools import segments as seg
from kamtools.explore import (
    ALL,
    AccountCard,
    CreditWhatIf,
    PortfolioExplorer,
    account_table,
    credit_base,
    filter_accounts,
    scale_weights,
    search_customers,
    what_if,
)
from kamtools.periods import period_bounds
from kamtools.policy import PolicyError, load_policy

CJK = re.compile(r"[\u4e00-\u9fff]")


# ----------------------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def book(small_data, tmp_path_factory):
    """:func:`small_data` in a store, as the explorer notebooks open theirs: a store works out the
    facts a date's tables share once (:meth:`KamData.kept`). What the explorers show is checked
    against the library run on the frames of :func:`small_data`."""
    data = KamData(db=small_data.save(tmp_path_factory.mktemp("book") / "kam.duckdb"))
    yield data
    data.close()


@pytest.fixture(scope="module")
def _portfolio(book):
    return PortfolioExplorer(book)


@pytest.fixture
def portfolio(_portfolio):
    """The session's portfolio explorer, every filter back to "(all)" on the latest month."""
    _portfolio.set_filters(
        period=_portfolio.period.options[0], region=ALL, account_manager=ALL, tier=ALL, grade=ALL, stage=ALL
    )
    return _portfolio


@pytest.fixture(scope="module")
def as_of(_portfolio):
    return _portfolio.as_of


@pytest.fixture(scope="module")
def _card(book):
    return AccountCard(book)


@pytest.fixture
def card(_card):
    _card.search.value = ""
    return _card


@pytest.fixture(scope="module")
def _what_if(book):
    return CreditWhatIf(book)


@pytest.fixture
def wi(_what_if):
    _what_if.reset()
    return _what_if


@pytest.fixture(scope="module")
def scores(_small_credit, as_of):
    assert str(as_of) == "2026-10-31"  # the date of the shared scores (tests/conftest.py)
    return _small_credit[0]


# ----------------------------------------------------------------------------- pure functions
def test_account_table_joins_the_segments_and_credit(small_data, _portfolio, as_of, scores):
    table = _portfolio.table
    pyr = seg.pyramid(small_data, as_of)
    lc = seg.lifecycle(small_data, as_of)
    ag = receivables.aging(receivables.settle(small_data, None, as_of), as_of)
    ids = sorted(small_data.customers["customer_id"])
    assert sorted(table.index) == ids
    assert (table["tier"] == pyr.loc[table.index, "tier"]).all()
    assert (table["grade"] == scores.loc[table.index, "grade"]).all()
    assert (table["stage"] == lc.loc[table.index, "stage"]).all()
    np.testing.assert_allclose(table["open_receivables"], ag["total"].reindex(table.index).fillna(0.0))
    cust = small_data.customers.set_index("customer_id")
    assert (table["region"] == cust.loc[table.index, "region"]).all()
    assert (table["account_manager"] == cust.loc[table.index, "account_manager"]).all()
    # revenue of the trailing 12 months, straight from the invoices
    inv = small_data.invoices
    d = pd.to_datetime(inv["invoice_date"])
    window = (d > pd.Timestamp(seg.months_before(as_of, 12))) & (d <= pd.Timestamp(as_of))
    rev = inv[window].groupby("customer_id")["amount"].sum().reindex(table.index).fillna(0.0)
    np.testing.assert_allclose(table["revenue_12m"], rev, rtol=1e-9, atol=0.01)
    assert table["revenue_12m"].is_monotonic_decreasing


def test_account_table_leaves_the_policy_alone(small_data, as_of):
    pol = {"credit": {"grades": {"AAA": 95}}}
    before = copy.deepcopy(pol)
    t = account_table(small_data, as_of, pol)
    assert pol == before
    assert (t["grade"] == "AAA").sum() == (t["score"] >= 95).sum()


def test_filter_accounts_by_hand():
    t = pd.DataFrame(
        {
            "region": ["East", "West", "East", "North"],
            "tier": ["key", "key", "ordinary", "prospect"],
            "grade": ["A", "B", "A", "C"],
        },
        index=["C1", "C2", "C3", "C4"],
    )
    assert list(filter_accounts(t, region="East").index) == ["C1", "C3"]
    assert list(filter_accounts(t, region="East", grade="A", tier="ordinary").index) == ["C3"]
    assert list(filter_accounts(t, tier=["key", "prospect"]).index) == ["C1", "C2", "C4"]
    assert list(filter_accounts(t, region=ALL, tier=None, grade=[]).index) == ["C1", "C2", "C3", "C4"]
    assert filter_accounts(t, region="South").empty
    with pytest.raises(TypeError, match="unknown filter 'teir'"):
        filter_accounts(t, teir="key")


def test_search_customers_by_hand():
    t = pd.DataFrame(
        {"name": ["珠海宏达机电贸易有限公司", "Union Packaging Ltd", "东莞宏达塑胶", "Acme C1 Trading"]},
        index=pd.Index(["C1", "C2", "C3", "C12"], name="customer_id"),
    )
    assert list(search_customers(t, "宏达").index) == ["C1", "C3"]
    assert list(search_customers(t, "机电").index) == ["C1"]
    assert list(search_customers(t, "packaging").index) == ["C2"]
    assert list(search_customers(t, "ＵＮＩＯＮ").index) == ["C2"]  # full-width letters
    assert list(search_customers(t, "宏达 东莞").index) == ["C3"]  # every word must match
    # exact id first, then ids starting with the text, then the rest in table order
    assert list(search_customers(t, "c1").index) == ["C1", "C12"]
    assert list(search_customers(t, "c12").index) == ["C12"]
    assert search_customers(t, "nothing").empty
    assert len(search_customers(t, "  ")) == 4
    assert list(search_customers(t, "", limit=2).index) == ["C1", "C2"]


def test_scale_weights():
    w = scale_weights({"a": 10, "b": 30, "c": 10})
    assert w == {"a": 20.0, "b": 60.0, "c": 20.0}
    w = scale_weights({"a": 1, "b": 2, "c": 4})
    assert abs(sum(w.values()) - 100) < 1e-9
    assert w["c"] == pytest.approx(57.14, abs=0.011)
    with pytest.raises(ValueError):
        scale_weights({"a": 0})


def test_what_if_equals_the_credit_module(small_data, as_of):
    edited = load_policy(None).to_dict()  # a loaded policy is frozen: edit a plain copy
    c = edited["credit"]
    c["weights"]["quick_ratio"] = 12
    c["weights"]["management_quality"] = 4
    c["grades"].update({"AAA": 85, "AA": 75, "A": 66})
    c["missing"] = "worst"
    c["status_points"]["watch"] = 0.3
    c["limit"]["multiplier"]["A"] = 1.6
    c["limit"]["capacity"]["equity_share"]["A"] = 0.05
    c["limit"]["grace_days"] = 20
    c["limit"]["hold_days_past_due"] = 60
    c["not_rated"]["min_known_items"] = 12
    c["limit"]["purchase_months"] = 6
    c["limit"]["rounding"] = 5000
    c["approval_levels"][0]["up_to"] = 20000
    before = copy.deepcopy(edited)
    base = credit_base(small_data, as_of)
    r = what_if(small_data, as_of, edited, base=base)
    assert edited == before
    lim = credit.limits(small_data, as_of, edited)
    assert (r.customers["grade"] == lim["grade"]).all()
    np.testing.assert_array_equal(r.customers["score"], lim["score"])
    np.testing.assert_array_equal(r.customers["recommended_limit"], lim["recommended_limit"])
    assert (r.customers["approval_level"] == lim["approval_level"]).all()
    assert r.total_recommended == pytest.approx(lim["recommended_limit"].sum())
    assert (r.customers["scored_grade"] == lim["scored_grade"]).all()
    order = credit.grade_order(edited)
    assert r.grades.to_dict() == lim["scored_grade"].value_counts().reindex(order, fill_value=0).to_dict()
    assert r.grades["NR"] == (lim["scored_grade"] == "NR").sum() > 0
    pd.testing.assert_frame_equal(r.approvals, credit.limit_changes(lim, edited))
    with pytest.raises(PolicyError, match="add up to 100"):
        what_if(small_data, as_of, {"credit": {"weights": {"quick_ratio": 50}}}, base=base)


# ----------------------------------------------------------------------------- portfolio explorer
def test_portfolio_tier_key(portfolio, small_data, as_of):
    n_all = len(portfolio.selection)
    html_all = portfolio.table_view.value
    portfolio.tier.value = "key"
    sel = portfolio.selection
    pyr = seg.pyramid(small_data, as_of)
    assert set(sel["tier"]) == {"key"}
    assert len(sel) == int((pyr["tier"] == "key").sum()) < n_all
    assert portfolio.table_view.value != html_all
    assert f"<b>{len(sel):,}</b> of" in portfolio.summary.value
    # the linked charts draw the selection: customers per grade and per lifecycle stage
    grade_ax, stage_ax, _ = portfolio.axes
    heights = [p.get_height() for p in grade_ax.patches]
    expected = sel["grade"].value_counts().reindex(credit.grade_order(), fill_value=0).tolist()
    assert heights == expected
    stages = [p.get_height() for p in stage_ax.patches]
    assert stages == sel["stage"].value_counts().reindex(seg.LIFECYCLE_ORDER, fill_value=0).tolist()
    assert portfolio.chart.value[:4] == b"\x89PNG"


def test_portfolio_filters_combine(portfolio):
    table = portfolio.table
    region = table["region"].value_counts().index[0]
    grade = table.loc[table["region"] == region, "grade"].value_counts().index[0]
    portfolio.region.value = region
    after_region = len(portfolio.selection)
    portfolio.grade.value = grade
    expected = table[(table["region"] == region) & (table["grade"] == grade)]
    assert list(portfolio.selection.index) == list(expected.index)
    assert 0 < len(expected) < after_region <= len(table)
    manager = expected["account_manager"].iloc[0]
    portfolio.account_manager.value = manager
    assert set(portfolio.selection["account_manager"]) == {manager}
    stage = "harvest" if "harvest" not in set(portfolio.selection["stage"]) else "growth"
    portfolio.stage.value = stage
    assert (portfolio.selection["stage"] == stage).all()
    portfolio.grade.value = ALL
    assert len(portfolio.selection) == int(
        ((table["region"] == region) & (table["account_manager"] == manager) & (table["stage"] == stage)).sum()
    )


def test_portfolio_period_changes_the_date(portfolio, small_data):
    latest = portfolio.table
    earlier = portfolio.period.options[6]
    portfolio.period.value = earlier
    as_of = period_bounds(earlier)[1]
    assert portfolio.as_of == as_of
    lc = seg.lifecycle(small_data, as_of)
    t = portfolio.table
    np.testing.assert_allclose(t["revenue_12m"], lc.loc[t.index, "revenue_12m"])
    assert not np.allclose(t["revenue_12m"].sort_index(), latest["revenue_12m"].sort_index())
    assert len(portfolio.selection) == len(t)


def test_portfolio_export(portfolio, tmp_path):
    portfolio.output_dir = tmp_path
    portfolio.tier.value = "key"
    portfolio.export_button.click()
    sel = portfolio.selection
    path = tmp_path / f"portfolio_{portfolio.period.value}.xlsx"
    assert portfolio.last_export == path and path.is_file()
    assert str(len(sel)) in portfolio.status.value
    rows = list(load_workbook(path, read_only=True)["Accounts"].values)
    header, body = rows[0], rows[1:]
    assert list(header) == ["customer_id", *sel.columns]
    assert [r[0] for r in body] == list(sel.index)
    got = pd.DataFrame([r[1:] for r in body], columns=sel.columns, index=sel.index)
    for col in ("name", "region", "account_manager", "tier", "grade", "stage"):
        assert got[col].tolist() == sel[col].tolist()
    for col in ("revenue_12m", "overdue", "score", "utilization"):
        np.testing.assert_allclose(got[col].astype(float), sel[col].astype(float), equal_nan=True)
    filters = dict(list(load_workbook(path, read_only=True)["Filters"].values)[1:])
    assert filters["tier"] == "key" and filters["region"] == "(all)"


# ----------------------------------------------------------------------------- account card
def test_card_search_chinese_name(card, small_data, as_of, scores):
    cust = small_data.customers
    chinese = cust[cust["name"].str.contains(CJK)]
    row = chinese.iloc[len(chinese) // 2]
    part = row["name"][2:5]  # a piece from the middle of the name
    card.search.value = part
    values = [v for _, v in card.customer.options]
    names = cust.set_index("customer_id")["name"]
    assert row["customer_id"] in values
    assert all(part in names[v] for v in values)
    assert len(values) == int(cust["name"].str.contains(part, regex=False).sum())
    card.customer.value = row["customer_id"]
    cid = row["customer_id"]
    assert card.profile["customer_id"] == cid and card.profile["name"] == row["name"]
    assert card.credit["grade"] == scores.loc[cid, "grade"]
    assert card.credit["score"] == scores.loc[cid, "score"]
    assert row["name"] in card.profile_view.value


def test_card_by_id_any_case(card, small_data, as_of):
    cid = sorted(small_data.customers["customer_id"])[11]
    card.search.value = cid.lower()
    assert card.customer.value == cid  # the exact id comes first
    assert card.profile["customer_id"] == cid
    # trend: net invoiced per month, from the invoices
    inv = small_data.invoices[small_data.invoices["customer_id"] == cid]
    month = pd.to_datetime(inv["invoice_date"]).dt.strftime("%Y-%m")
    by_month = inv.groupby(month)["amount"].sum()
    trend = card.trend
    assert len(trend) == 24 and trend.index[-1] == as_of.strftime("%Y-%m")
    np.testing.assert_allclose(trend["invoiced"], by_month.reindex(trend.index).fillna(0.0), atol=0.005)
    # receivables: its open invoices add up to its balance in the book's aging
    ag = receivables.aging(receivables.settle(small_data, None, as_of), as_of)
    total = float(ag["total"].get(cid, 0.0))
    assert card.receivables["open_amount"].sum() == pytest.approx(total, abs=0.01)
    assert card.aging["total"] == pytest.approx(total, abs=0.01)
    # activities: its own, latest first, none after the report date
    acts = small_data.activities
    own = acts[(acts["customer_id"] == cid) & (pd.to_datetime(acts["date"]) <= pd.Timestamp(as_of))]
    assert len(card.activities) == min(15, len(own))
    assert set(card.activities.index) <= set(own["activity_id"])
    assert pd.to_datetime(card.activities["date"]).is_monotonic_decreasing
    assert card.strategy.loc["pyramid tier", "segment"] == card.profile["tier"]


def test_card_switches_customer_and_handles_no_match(card):
    first = card.customer.value
    other = [v for _, v in card.customer.options if v != first][0]
    card.customer.value = other
    assert card.profile["customer_id"] == other
    card.search.value = "no such customer 无此客户"
    assert card.customer.value is None
    assert card.profile.empty and card.trend.empty
    assert "No customer matches" in card.profile_view.value


# ----------------------------------------------------------------------------- credit what-if
def test_what_if_raising_a_cutoff_lowers_the_top_grades(wi, scores):
    before = wi.result
    order = list(wi.cutoffs)
    top = next(g for g in order if before.grades[g] > 0)
    in_top = scores["score"][scores["grade"] == top]
    new_cut = float(in_top.max())  # only the best of the grade keep it
    assert new_cut > in_top.min()
    upper = wi.policy["credit"]["grades"][order[order.index(top) - 1]] if order.index(top) else 101
    wi.cutoffs[top].value = new_cut
    r = wi.result
    assert r is not before and wi.error is None
    assert wi.policy["credit"]["grades"][top] == new_cut
    assert int(r.grades[top]) == int(((scores["score"] >= new_cut) & (scores["score"] < upper)).sum())
    assert r.grades[top] < before.grades[top]
    assert r.grades.sum() == before.grades.sum()


def test_what_if_limit_rules(wi, small_limits):
    base = wi.result
    wi.multiplier["A"].value = 0.0
    r = wi.result
    # grade A set by its multiplier (no collateral, no hold, no stale assessment): cash in advance
    by_grade = r.customers[(r.customers["grade"] == "A") & (r.customers["limit_rule"] == "grade")]
    assert len(by_grade) > 0 and (by_grade["recommended_limit"] == 0).all()
    assert r.total_recommended < base.total_recommended
    wi.rounding.value = 100000.0
    # (the evidence, hold, override and gate rules keep or cap at the approved limit, which is not rounded, as
    # do a short history and a starter limit, amounts of the policy, and a cut waiting for the statement, which
    # keeps the approved limit down to the exposure)
    kept = ["investigate", "hold", "override", "overdue", "reassess", "materiality", "credit_hold", "short_history"]
    kept += ["starter", "statement_first"]
    ruled = wi.result.customers[~wi.result.customers["limit_rule"].isin(kept)]
    # to the nearest 100000, a positive limit never below the minimum 1000
    assert ruled["recommended_limit"].isin([1000.0]).any()
    bad = ruled[~((ruled["recommended_limit"] % 100000 == 0) | (ruled["recommended_limit"] == 1000))]
    assert len(bad) == 0, bad[["limit_rule", "recommended_limit"]].to_string()
    valid = wi.result
    wi.approval_levels["account_manager"].value = 1e9  # above the next level: not a valid policy
    assert "must exceed the previous level's amount" in wi.error and wi.result is valid
    wi.approval_levels["direct_sales_manager"].value = 2e9
    assert wi.error is None
    # every new limit is below 1e9: every increase is the account manager's, but for a customer already
    # over its limit (one level above the approver of that limit) or with an override (its author's level)
    cust = wi.result.customers
    facts = small_limits.reindex(cust.index)
    plain = (facts["exposure"] <= facts["approved_limit"]) & facts["override_limit"].isna()
    ups = cust["limit_change"] > 0
    assert (ups & plain).any() and (cust.loc[ups & plain, "approval_level"] == "account_manager").all()
    over = ups & (facts["exposure"] > facts["approved_limit"])
    assert over.any() and (cust.loc[over, "approval_level"] != "account_manager").all()
    wi.purchase_months.value = 3
    assert wi.policy["credit"]["limit"]["purchase_months"] == 3
    assert isinstance(wi.policy["credit"]["limit"]["purchase_months"], int)


def test_what_if_weights_must_add_up(wi, tmp_path):
    before = wi.result
    wi.weights["quick_ratio"].value = wi.weights["quick_ratio"].value + 10
    assert wi.error is not None and "add up to 100" in wi.error
    assert wi.result is before
    assert "110" in wi.weights_total.value
    with pytest.raises(PolicyError):
        wi.save(tmp_path / "bad.yaml")
    wi.save_path.value = str(tmp_path / "bad.yaml")
    wi.save_button.click()
    assert not (tmp_path / "bad.yaml").exists() and "Not saved" in wi.message.value
    wi.scale_button.click()
    assert wi.error is None
    assert sum(wi.policy["credit"]["weights"].values()) == pytest.approx(100)
    assert wi.policy["credit"]["weights"]["quick_ratio"] > 8  # its share grew
    assert wi.result is not before


def test_what_if_saved_policy_round_trips(wi, small_data, as_of, scores, tmp_path):
    wi.cutoffs["AAA"].value = 95.0
    wi.multiplier["AA"].value = 1.75
    target = tmp_path / "policy" / "strict.yaml"
    wi.save_path.value = str(target)
    wi.save_button.click()
    assert target.is_file() and wi.last_saved == target
    loaded = load_policy(target)
    assert loaded["credit"] == wi.policy["credit"]
    assert loaded["credit"]["grades"]["AAA"] == 95
    sc = credit.score(small_data, as_of, target)
    assert int((sc["grade"] == "AAA").sum()) == int((scores["score"] >= 95).sum())
    assert (
        sc["grade"].value_counts().reindex(wi.result.grades.index, fill_value=0).tolist() == wi.result.grades.tolist()
    )
    lim = credit.limits(small_data, as_of, target, scores=sc)
    assert lim["recommended_limit"].sum() == pytest.approx(wi.result.total_recommended)


def test_what_if_reset(wi):
    start = wi.baseline
    wi.cutoffs["AA"].value = 85.0
    assert wi.result.grades.tolist() != start.grades.tolist()
    wi.reset_button.click()
    assert wi.policy == wi.start_policy
    assert wi.result.grades.tolist() == start.grades.tolist()
    assert wi.cutoffs["AA"].value == 80


def test_card_show(card, small_data):
    cid = sorted(small_data.customers["customer_id"])[-1]
    card.search.value = "no such customer"
    card.show(cid)
    assert card.customer.value == cid and card.profile["customer_id"] == cid
    with pytest.raises(KeyError):
        card.show("nobody")
