"""The sample book built table by table, in the order the random draws are made."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..schema import conform
from ..store import KamData
from ._common import _Window, _window
from .calls import _collection_calls
from .collections import _collection_targets, _write_offs
from .contracts import _contracts, _founding_dates, _practice_activities
from .customers import _customers
from .finance import _credit_factors, _credit_limits, _credit_overrides, _financials
from .groups import _group_limits
from .ledger import _invoices, _ledger_tables, _payments, _purchases
from .products import products_table, wallet_estimates, with_products
from .relationships import _lead_activities, _relationships
from .sales import _activities, _contacts, _leads, _open_orders


def sample_data(
    customers: int = 500,
    years: int = 3,
    seed: int = 7,
    *,
    end: str = "2026-10-31",
    invoices_per_customer_year: float = 33.0,
) -> KamData:
    """Generate a realistic, deterministic B2B customer book.

    Parameters
    ----------
    customers
        Number of customers (accounts set up to buy; a few never do).
    years
        Years of invoices, payments and activities, ending on ``end``. Financial
        statements cover ``max(3, years)`` fiscal years ending on Dec 31 before ``end``.
    seed
        Seed of ``numpy.random.default_rng``; the same arguments give identical tables.
    end
        Last day covered by the data (ISO date). Nothing is dated after it.
    invoices_per_customer_year
        Average number of invoices per customer and year (the total is about
        ``customers * years * invoices_per_customer_year``; big customers get more).

    Returns
    -------
    KamData
        Every table of the data model (customers, financials, credit_factors,
        invoices, payments, credit_limits, activities, leads, open_orders,
        contacts, relationships, promises, group_limits, credit_overrides, disputes, write_offs,
        collection_targets, contracts, products, wallet_estimates) in the
        model's dtypes, with all
        optional columns filled in part.

    Notes
    -----
    Customers follow trajectories (stable, growing, declining, new, silent, lost,
    never bought); revenue is concentrated (about 75 % from the top 20 % of buying
    customers) and seasonal. Payments mix fast and slow payers, partial payments,
    lump sums without ``invoice_id`` and overpayments; about 1.5 % of invoices get
    a credit note (three in four name the invoice they correct); a few per cent of the
    invoices are disputed (most of the disputes settled, some still open); a few debtors go silent leaving invoices unpaid. Late invoices
    are chased: customers promise to pay by a date and keep or break the promise
    (a pending promise's ``pay_by`` may lie after ``end``). A few customers a year, far more
    often the financially weak, get into trouble: their invoices are paid months late or never
    (the bad outcomes :func:`kamtools.credit.validate_scorecard` checks the scorecard against);
    slow payers otherwise pay one to two months late. Analysts override the grade or the limit
    of about one assessed customer in 40 (``credit_overrides``). Credit limits
    are approved by ``"account manager"``, ``"direct-sales manager"``,
    ``"regional manager"`` or ``"credit committee"`` by the size of the change. Most
    groups of companies (``parent_id``) have a group limit tighter than the sum of their
    companies' limits. A few old debts are written off each year (approved by the regional
    manager or the credit committee), and each account manager has monthly collection targets. About two
    customers in three have a known founding date; the larger buyers have supply contracts (some ending
    within the next months), and the account teams of the largest record senior visits, service visits,
    the annual customer meeting and supply planning (the key-account practices).

    Examples
    --------
    >>> from kamtools.sample import sample_data
    >>> data = sample_data(customers=40, years=2, seed=1)
    >>> len(data.customers), data.customers["customer_id"].iloc[0]
    (40, 'C000001')
    >>> bool((data.payments["payment_date"] <= "2026-10-31").all())
    True
    >>> data.invoices.equals(sample_data(customers=40, years=2, seed=1).invoices)
    True
    """
    _check_arguments(customers, years, invoices_per_customer_year)
    rng = np.random.default_rng(seed)
    frames = _draw_tables(rng, seed, int(customers), years, _window(end, years), invoices_per_customer_year)
    return KamData({name: conform(df, name) for name, df in frames.items()})


def _draw_tables(
    rng: np.random.Generator, seed: int, n: int, years: int, w: _Window, invoices_per_customer_year: float
) -> dict[str, pd.DataFrame]:
    """The tables of the book for ``n`` customers over the window ``w``, as drawn (before conforming)."""
    # The tables are drawn one after the other from ``rng`` (and a few generators derived from
    # the seed): the order of the calls below is the order of the draws, which fixes the data.
    customers_df, c = _customers(rng, seed, n, years, w)
    inv = _invoices(rng, c, w, years, invoices_per_customer_year)
    inv = with_products(seed, inv, customers_df["industry"], c.main_product)  # the families its industry buys
    pays = _payments(rng, seed, c, inv, w.E)
    invoices_df, payments_df, promises_df, disputes_df = _ledger_tables(c, inv, pays)
    del pays
    bought, first_inv = _purchases(inv, n, w.E)
    del inv
    financials_df, equity_growth, profitable = _financials(rng, c, w, years)
    credit_factors_df = _credit_factors(rng, seed, c, w, equity_growth, profitable)
    credit_limits_df = _credit_limits(rng, c, w, bought, first_inv)
    credit_overrides_df = _credit_overrides(seed, c, w, credit_factors_df)
    activities_df = _activities(rng, c, w)
    activities_df = _practice_activities(seed, activities_df, invoices_df, w.end_ts)
    activities_df, promises_df = _collection_calls(seed, promises_df, customers_df, activities_df)
    leads_df = _leads(rng, c)
    activities_df = _lead_activities(seed, leads_df, activities_df, w)
    open_orders_df = _open_orders(rng, c, w, bought)
    contacts_df = _contacts(rng, c)
    group_limits_df = _group_limits(seed, customers_df, credit_limits_df, w.E)

    return {
        "customers": _founding_dates(seed, customers_df, w.end_ts),
        "financials": financials_df,
        "credit_factors": credit_factors_df,
        "invoices": invoices_df,
        "payments": payments_df,
        "credit_limits": credit_limits_df,
        "activities": activities_df,
        "leads": leads_df,
        "open_orders": open_orders_df,
        "contacts": contacts_df,
        "relationships": _relationships(seed, customers_df, c, w),
        "promises": promises_df,
        "group_limits": group_limits_df,
        "credit_overrides": credit_overrides_df,
        "disputes": disputes_df,
        "write_offs": _write_offs(seed, customers_df, invoices_df, payments_df),
        "collection_targets": _collection_targets(seed, customers_df, payments_df),
        "contracts": _contracts(seed, invoices_df, w.end_ts),
        "products": products_table(),
        "wallet_estimates": wallet_estimates(seed, customers_df, c.size, invoices_df, w.end_ts),
    }


def _check_arguments(customers: int, years: int, invoices_per_customer_year: float) -> None:
    if customers < 1:
        raise ValueError("customers must be at least 1")
    if years < 1:
        raise ValueError("years must be at least 1")
    if invoices_per_customer_year <= 0:
        raise ValueError("invoices_per_customer_year must be positive")
