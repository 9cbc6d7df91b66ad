"""Tests of the sample generator (kamtools.sample): model fidelity and realism of the book."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pandas.testing as pdt
import pytest

from kamtools import paths
from kamtools.sample import APPROVERS, sample_data
from kamtools.schema import TABLES, conform

END = pd.Timestamp("2026-10-31")
HALF_YEAR = pd.Timedelta(days=183)


@pytest.fixture(scope="module")
def book():
    return sample_data(customers=300, years=3, seed=7)


@pytest.fixture(scope="module")
def frames(book):
    return book.frames()


def _revenue(inv: pd.DataFrame) -> pd.Series:
    return inv.groupby("customer_id")["amount"].sum()


def _open_balance(frames) -> pd.Series:
    billed = frames["invoices"].groupby("customer_id")["amount"].sum()
    paid = frames["payments"].groupby("customer_id")["amount"].sum()
    return billed.sub(paid, fill_value=0.0)


def _schema_problems(name: str, df: pd.DataFrame, frames) -> list[str]:
    """Every breach of the schema's constraints in ``df`` (empty list when clean)."""
    t = TABLES[name]
    out = []
    for c in t.columns:
        s = df[c.name]
        if not c.nullable and s.isna().any():
            out.append(f"{name}.{c.name}: {int(s.isna().sum())} empty")
        v = s.dropna()
        if c.min is not None and (v < c.min).any():
            out.append(f"{name}.{c.name}: below {c.min}")
        if c.max is not None and (v > c.max).any():
            out.append(f"{name}.{c.name}: above {c.max}")
        if c.allowed is not None and not v.isin(c.allowed).all():
            out.append(f"{name}.{c.name}: not in {c.allowed}: {sorted(set(v) - set(c.allowed))}")
    for r in t.rules:
        if r.op == "one of":  # exactly one of the two cells filled
            if (df[r.left].notna() == df[r.right].notna()).any():
                out.append(f"{name}: {r.message}")
            continue
        both = df[r.left].notna() & df[r.right].notna()
        ok = {
            "<=": df[r.left] <= df[r.right],
            ">=": df[r.left] >= df[r.right],
            "<": df[r.left] < df[r.right],
            ">": df[r.left] > df[r.right],
        }[r.op]
        if (both & ~ok.fillna(False)).any():
            out.append(f"{name}: {r.message}")
    if t.key and df.duplicated(list(t.key)).any():
        out.append(f"{name}: duplicate key {t.key}")
    for c in t.foreign_keys:
        ref_table, ref_col = c.references.split(".")
        bad = ~df[c.name].dropna().isin(frames[ref_table][ref_col])
        if bad.any():
            out.append(f"{name}.{c.name}: {int(bad.sum())} do not resolve to {c.references}")
    return out


def _all_problems(frames) -> list[str]:
    return [p for name, df in frames.items() for p in _schema_problems(name, df, frames)]


# --------------------------------------------------------------------------- model fidelity
def test_every_table_present_with_model_columns_and_dtypes(frames):
    # the snapshots are computed from the book by kamtools.snapshots (`kam sample` adds them: tests/test_snapshots.py)
    assert set(frames) == set(TABLES) - {"snapshots"}
    for name, df in frames.items():
        t = TABLES[name]
        assert list(df.columns) == t.names, name
        for c in t.columns:
            assert str(df[c.name].dtype) == str(pd.api.types.pandas_dtype(c.dtype)), (name, c.name, df[c.name].dtype)
        assert len(df) > 0, name


def test_optional_columns_are_filled(frames):
    for name, df in frames.items():
        for c in TABLES[name].columns:
            assert df[c.name].notna().any(), f"{name}.{c.name} is always empty"


def test_schema_constraints_keys_and_foreign_keys_hold(frames):
    assert _all_problems(frames) == []


@pytest.mark.parametrize(
    "customers,years,seed,end",
    [(1, 1, 0, "2026-10-31"), (7, 1, 3, "2025-03-15"), (60, 2, 4, "2026-12-31"), (150, 5, 9, "2024-06-30")],
)
def test_constraints_hold_for_other_sizes_and_dates(customers, years, seed, end):
    data = sample_data(customers=customers, years=years, seed=seed, end=end)
    frames = data.frames()
    assert _all_problems(frames) == []
    assert len(frames["customers"]) == customers
    last = pd.Timestamp(end)
    first = last - pd.DateOffset(years=years) + pd.Timedelta(days=1)
    for name, col in [("invoices", "invoice_date"), ("payments", "payment_date"), ("activities", "date")]:
        dates = frames[name][col]
        assert (dates <= last).all() and (dates >= first).all(), name
    assert (frames["credit_limits"]["approved_on"] <= last).all()
    assert (frames["credit_factors"]["assessed_on"] <= last).all()
    assert (frames["open_orders"]["order_date"] <= last).all()
    fy = frames["financials"]["period_end"]
    assert (fy < last).all() and fy.dt.year.nunique() == max(3, years)


def test_deterministic_for_same_arguments_and_different_for_another_seed():
    a = sample_data(customers=120, years=2, seed=5).frames()
    b = sample_data(customers=120, years=2, seed=5).frames()
    for name in a:
        pdt.assert_frame_equal(a[name], b[name], check_exact=True)
    c = sample_data(customers=120, years=2, seed=6).frames()
    assert not a["invoices"].equals(c["invoices"])
    assert not a["customers"].equals(c["customers"])


def test_invoice_volume_follows_the_parameter():
    data = sample_data(customers=200, years=2, seed=1, invoices_per_customer_year=10)
    assert 3_400 <= len(data.invoices) <= 4_600


# --------------------------------------------------------------------------- customers
def test_customers(frames):
    c = frames["customers"]
    assert c["customer_id"].str.fullmatch(r"C\d{6}").all()
    chinese = c["name"].str.contains(r"[\u4e00-\u9fff]")
    assert chinese.mean() >= 0.2 and (~chinese).mean() >= 0.2
    assert c.loc[chinese, "name"].str.endswith("公司").all()
    assert 6 <= c["account_manager"].nunique() <= 20
    assert c["region"].nunique() <= 8
    linked = c.dropna(subset=["parent_id"])
    assert len(linked) >= 3
    assert (linked["parent_id"] != linked["customer_id"]).all()
    assert linked["parent_id"].isin(c["customer_id"]).all()
    parents = c.set_index("customer_id").loc[linked["parent_id"].unique()]
    assert parents["parent_id"].isna().all()  # no chains or cycles
    # Wallet estimate (yearly capacity) at least the yearly revenue for most customers.
    yearly = _revenue(frames["invoices"]) / 3
    w = c.set_index("customer_id")["wallet_estimate"].reindex(yearly.index)
    assert ((w >= yearly) | w.isna()).mean() >= 0.8
    assert (c["employees"].dropna() > 0).all()


def test_revenue_concentration_top_20_percent(frames):
    rev = _revenue(frames["invoices"])
    rev = rev[rev > 0].sort_values(ascending=False)
    top = int(np.ceil(0.2 * len(rev)))
    share = rev.iloc[:top].sum() / rev.sum()
    assert 0.70 <= share <= 0.85, share


def test_seasonality_chinese_new_year_dip_and_year_end_peak(frames):
    inv = frames["invoices"]
    by_month = inv.groupby(inv["invoice_date"].dt.month)["amount"].sum()
    assert by_month[2] < by_month[[3, 4, 5, 6, 9, 10]].mean() * 0.85
    assert by_month[12] == by_month.max()


def test_customer_trajectories(frames):
    c, inv = frames["customers"], frames["invoices"]
    sales = inv[inv["amount"] > 0]
    first = sales.groupby("customer_id")["invoice_date"].min()
    last = sales.groupby("customer_id")["invoice_date"].max()
    year_ago = END - pd.DateOffset(years=1)
    assert (first > year_ago).sum() >= 10, "new customers"
    assert ((last < END - HALF_YEAR) & (last >= year_ago)).sum() >= 5, "silent customers"
    assert (last < year_ago).sum() >= 10, "lost customers"
    assert (~c["customer_id"].isin(sales["customer_id"])).sum() >= 3, "customers who never bought"
    # Growing and declining customers: compare the last year with the first.
    yr = sales.assign(
        y=np.where(
            sales["invoice_date"] > year_ago,
            "last",
            np.where(sales["invoice_date"] <= END - pd.DateOffset(years=2), "first", "mid"),
        )
    )
    t = yr.pivot_table(index="customer_id", columns="y", values="amount", aggfunc="sum").dropna()
    ratio = t["last"] / t["first"]
    assert (ratio > 1.5).sum() >= 10 and (ratio < 0.6).sum() >= 10


# --------------------------------------------------------------------------- invoices
def test_invoices(frames):
    inv = frames["invoices"]
    sales = inv[inv["amount"] > 0]
    notes = inv[inv["amount"] < 0]
    assert (inv["amount"] != 0).all()
    margin = 1 - sales["cost"] / sales["amount"]
    assert margin.between(-0.09, 0.6).all()
    per_customer = margin.groupby(sales["customer_id"]).mean()
    assert per_customer.quantile(0.05) < 0.12 and per_customer.quantile(0.95) > 0.28
    # Demanding customers sell at a thin or negative margin, more often the large ones.
    thin = per_customer < 0.03
    assert 0.05 < thin.mean() < 0.3
    revenue = sales.groupby("customer_id")["amount"].sum().reindex(per_customer.index)
    assert thin[revenue >= revenue.quantile(0.8)].mean() > thin[revenue < revenue.median()].mean()
    terms = (sales["due_date"] - sales["invoice_date"]).dt.days
    assert set(terms.unique()) <= {30, 45, 60, 90} and terms.nunique() == 4
    assert 0.05 < sales["discount"].notna().mean() < 0.6
    assert (sales["discount"].dropna() < sales.loc[sales["discount"].notna(), "amount"]).all()
    assert set(sales["product"]) <= set(frames["products"]["product"]) and frames["products"]["family"].nunique() == 8
    # Credit notes: 1-2 % of documents, negative amount and cost, for customers who had invoices before.
    assert 0.01 <= len(notes) / len(inv) <= 0.02
    assert (notes["cost"] <= 0).all()
    first = sales.groupby("customer_id")["invoice_date"].min()
    assert (notes["invoice_date"].to_numpy() >= first.reindex(notes["customer_id"]).to_numpy()).all()
    assert inv["invoice_date"].is_monotonic_increasing


# --------------------------------------------------------------------------- payments
def test_payments(frames):
    inv, pay = frames["invoices"], frames["payments"]
    assert (pay["payment_date"] <= END).all()
    assert (pay["amount"] > 0).all()
    linked = pay.dropna(subset=["invoice_id"])
    assert linked["invoice_id"].isin(inv["invoice_id"]).all()
    assert pay["invoice_id"].isna().sum() >= 10, "lump sums without invoice_id"
    per_invoice = linked.groupby("invoice_id")["amount"].agg(["count", "sum"])
    assert (per_invoice["count"] == 2).sum() >= 20, "partial payments"
    amounts = inv.set_index("invoice_id")["amount"]
    over = per_invoice["sum"] > amounts.reindex(per_invoice.index) + 0.005
    assert over.sum() >= 2, "overpayments"
    dates = inv.set_index("invoice_id")["invoice_date"].reindex(linked["invoice_id"]).to_numpy()
    assert (linked["payment_date"].to_numpy() >= dates).all()
    # Fast and slow payers: days after the due date, per customer.
    due = inv.set_index("invoice_id")["due_date"].reindex(linked["invoice_id"]).to_numpy()
    late = pd.Series((linked["payment_date"].to_numpy() - due) / np.timedelta64(1, "D"), index=linked.index)
    per_customer = late.groupby(linked["customer_id"]).median()
    assert (per_customer <= 0).mean() >= 0.3 and (per_customer >= 30).mean() >= 0.1
    # Recent invoices are still open at the end.
    recent = inv[(inv["amount"] > 0) & (inv["invoice_date"] > END - pd.Timedelta(days=30))]
    assert (~recent["invoice_id"].isin(linked["invoice_id"])).mean() > 0.5


def test_silent_debtors(frames):
    inv, pay, act = frames["invoices"], frames["payments"], frames["activities"]
    balance = _open_balance(frames)
    last = pd.concat(
        [
            inv.groupby("customer_id")["invoice_date"].max(),
            pay.groupby("customer_id")["payment_date"].max(),
            act.groupby("customer_id")["date"].max(),
        ],
        axis=1,
    ).max(axis=1)
    silent = last[last < END - HALF_YEAR].index
    debtors = balance.reindex(silent).dropna()
    assert (debtors > 1000).sum() >= 2
    # Their unpaid invoices have no payment at all.
    unpaid = inv[
        inv["customer_id"].isin(debtors[debtors > 1000].index)
        & (inv["amount"] > 0)
        & ~inv["invoice_id"].isin(pay["invoice_id"].dropna())
    ]
    assert len(unpaid) >= 3


# --------------------------------------------------------------------------- financials
def test_financial_statements_are_consistent(frames):
    f = frames["financials"]
    prepaid = f["prepaid_expenses"].fillna(0)
    assert (f["inventory"] + prepaid <= f["current_assets"]).all()
    assert (f["current_assets"] <= f["total_assets"]).all()
    assert (f["current_liabilities"] <= f["total_liabilities"]).all()
    assert (f["total_liabilities"] >= 0).all() and (f["revenue"] >= 0).all()
    assert (f["period_end"].dt.strftime("%m-%d") == "12-31").all()
    assert sorted(f["period_end"].dt.year.unique()) == [2023, 2024, 2025]
    equity = f["total_assets"] - f["total_liabilities"]
    negative = f.loc[equity < 0, "customer_id"].nunique() / f["customer_id"].nunique()
    assert 0 < negative <= 0.08, "a few distressed firms with negative equity"
    assert (f["net_profit"] < 0).any() and (f["net_profit"] > 0).mean() > 0.6
    quick = (f["current_assets"] - f["inventory"] - prepaid) / f["current_liabilities"]
    debt = f["total_liabilities"] / f["total_assets"]
    margin = f["net_profit"] / f["revenue"]
    assert 0.4 <= quick.quantile(0.1) <= 0.8 and 1.5 <= quick.quantile(0.9) <= 3.0
    assert 0.15 <= debt.quantile(0.05) <= 0.35 and 0.75 <= debt.quantile(0.95) <= 1.1
    assert -0.12 <= margin.quantile(0.05) <= 0.0 and 0.12 <= margin.quantile(0.95) <= 0.25
    # Gaps: some customers without statements, some without the oldest year.
    years_per = f.groupby("customer_id").size()
    assert len(years_per) < len(frames["customers"])
    assert (years_per == 2).sum() >= 5
    # Equity moves plausibly: mostly within -60 % .. +100 % over two years, growing on average.
    eq = equity.groupby([f["customer_id"], f["period_end"].dt.year]).sum().unstack().dropna()
    change = (eq[2025] - eq[2023]) / eq[2023].abs()
    assert change.between(-0.6, 1.0).mean() > 0.8 and 0 < change.median() < 0.5


def test_credit_factors(frames):
    cf, f = frames["credit_factors"], frames["financials"]
    factors = [c.name for c in TABLES["credit_factors"].columns[2:]]
    assert len(factors) == 12
    per_customer = cf.groupby("customer_id").size()
    assert per_customer.max() >= 3 and (per_customer == 1).any()
    # Re-assessed about once a year while buying; a minority of reviews have lapsed.
    gaps = cf.sort_values("assessed_on").groupby("customer_id")["assessed_on"].diff().dropna().dt.days
    assert gaps.between(310, 420).all()
    last = cf.groupby("customer_id")["assessed_on"].max()
    buying = (
        frames["invoices"]
        .loc[frames["invoices"]["invoice_date"] > END - pd.DateOffset(months=3), "customer_id"]
        .unique()
    )
    stale = (last.reindex(buying).dropna() < END - pd.DateOffset(months=13)).mean()
    assert 0.05 < stale < 0.4
    assert cf[factors].isna().any(axis=1).mean() > 0.05
    assert cf[factors].notna().all(axis=1).mean() > 0.6
    # Correlated with financial health: strong balance sheets score better.
    latest = f.sort_values("period_end").groupby("customer_id").last()
    debt = latest["total_liabilities"] / latest["total_assets"]
    score = cf.groupby("customer_id")[factors].mean().mean(axis=1).reindex(debt.index)
    assert score[debt < 0.4].mean() > score[debt > 0.75].mean() + 0.3


def test_credit_limits(frames):
    cl, inv = frames["credit_limits"], frames["invoices"]
    assert set(cl["approved_by"]) <= set(APPROVERS) and cl["approved_by"].nunique() >= 3
    buyers = inv["customer_id"].unique()
    assert pd.Series(buyers).isin(cl["customer_id"]).mean() >= 0.8
    assert cl.groupby("customer_id").size().max() == 2
    # Roughly 1-3 months of purchases (small customers get a minimum limit, so leave them out).
    latest = cl.sort_values("approved_on").groupby("customer_id")["credit_limit"].last()
    monthly = _revenue(inv[inv["invoice_date"] > END - pd.DateOffset(years=1)]) / 12
    monthly = monthly[monthly > monthly.quantile(0.25)]
    months = (latest / monthly).dropna()
    assert 1.5 <= months.median() <= 3.5
    # Some customers owe more than their limit.
    exposure = _open_balance(frames).reindex(latest.index).fillna(0)
    assert (exposure > latest).sum() >= 3


def test_activities(frames):
    act, c = frames["activities"], frames["customers"]
    collection = act["outcome"].notna()  # the collection calls (kam import-calls records them so): no selling time
    assert act.loc[~collection, "hours"].between(0.25, 8).all() and (act.loc[collection, "hours"] == 0).all()
    assert collection.any() and (act.loc[collection, "type"] == "call").all()
    # each promise names the call it was made on, on its day; calls that reached nobody came before some
    promises = frames["promises"].merge(act, on="activity_id", suffixes=("", "_call"))
    assert len(promises) == len(frames["promises"]) and (promises["promised_on"] == promises["date"]).all()
    assert set(promises["outcome"]) == {"promised"} and {"no_answer", "call_back"} <= set(act["outcome"].dropna())
    assert {"visit", "call", "event", "greeting", "training", "complaint"} <= set(act["type"])
    manager = c.set_index("customer_id")["account_manager"]
    # time on leads (prospect time) is spent by the lead's owner; every other activity by the customer's manager
    on_lead = act["lead_id"].notna()
    assert on_lead.any() and (on_lead != act["customer_id"].notna()).all()
    owner = frames["leads"].set_index("lead_id")["owner"]
    assert (
        act.loc[on_lead, "account_manager"].to_numpy() == owner.reindex(act.loc[on_lead, "lead_id"]).to_numpy()
    ).all()
    act = act[~on_lead]
    assert (act["account_manager"].to_numpy() == manager.reindex(act["customer_id"]).to_numpy()).all()
    hours = act.groupby("customer_id")["hours"].sum()
    rev = _revenue(frames["invoices"])
    top = rev.nlargest(30).index
    bottom = rev[rev > 0].nsmallest(100).index
    assert hours.reindex(top).fillna(0).mean() > 3 * hours.reindex(bottom).fillna(0).mean()


def test_leads_cover_all_man_combinations(frames):
    leads = frames["leads"]
    assert len(leads) == 90
    combos = leads.groupby(["money", "authority", "need"]).size()
    assert len(combos) == 8 and combos.min() >= 2
    assert (leads["estimated_annual_value"] > 0).all()
    assert leads["owner"].isin(frames["customers"]["account_manager"]).all()
    tiny = sample_data(customers=3, years=1, seed=2).leads
    assert len(tiny) == 16 and tiny.groupby(["money", "authority", "need"]).size().min() == 2


def test_open_orders_and_contacts(frames):
    oo, ct = frames["open_orders"], frames["contacts"]
    assert 0.1 <= oo["customer_id"].nunique() / len(frames["customers"]) <= 0.6
    assert oo["order_id"].is_unique
    per_customer = ct.groupby("customer_id").size()
    assert per_customer.index.nunique() == len(frames["customers"])
    assert per_customer.between(1, 3).all() and (per_customer == 3).any()
    assert not ct.duplicated(["customer_id", "role"]).any()
    assert {"purchasing manager", "general manager", "finance manager"} <= set(ct["role"])
    assert 0.2 <= ct["birthday"].notna().mean() <= 0.7


# --------------------------------------------------------------------------- the committed sample
def _read_committed(name: str) -> pd.DataFrame:
    t = TABLES[name]
    text = {c.name: str for c in t.columns if c.kind in ("id", "text", "category")}
    df = pd.read_csv(paths.SAMPLE_DIR / f"{name}.csv", dtype=text, encoding="utf-8")
    return conform(df, name)


def test_committed_sample_matches_the_generator():
    """data/sample is exactly `kam sample --customers 500 --years 3 --seed 7` (regenerate it if this fails)."""
    expected = sample_data(customers=500, years=3, seed=7).frames()
    for name, want in expected.items():
        path = paths.SAMPLE_DIR / f"{name}.csv"
        assert path.is_file(), f"{path} missing: run `kam sample`"
        assert path.stat().st_size < 4_000_000, f"{path} is over 4 MB"
        pdt.assert_frame_equal(_read_committed(name), want, check_exact=True, obj=name)


def test_customers_buy_the_families_of_their_industry(frames):
    # each customer buys some families, not all: the cross-sell list has something to propose
    fam = frames["products"].set_index("product")["family"]
    inv = frames["invoices"]
    bought = inv.assign(family=inv["product"].map(fam)).groupby("customer_id")["family"].nunique()
    assert bought.max() <= 8 and bought.median() < 8 and (bought < 8).mean() > 0.5
    # the wallet per family: the larger customers' estimates, never below what they bought of it in the last year
    wal = frames["wallet_estimates"]
    assert wal["family"].isin(fam).all() and (wal["wallet_estimate"] >= 1000).all()
    assert 0.05 < wal["customer_id"].nunique() / len(frames["customers"]) <= 0.30
