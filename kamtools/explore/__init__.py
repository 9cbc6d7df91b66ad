"""Interactive explorers for JupyterLab: the portfolio, one account, and credit what-ifs.

Three explorers, each a thin layer of ipywidgets over plain functions:

* :class:`PortfolioExplorer` -- filter the accounts by period, region, account
  manager, tier, grade and lifecycle stage; a table, linked charts and an Excel
  export of the current selection (:func:`account_table`, :func:`filter_accounts`).
* :class:`AccountCard` -- pick a customer by id or name (Chinese names too) and see
  its profile, trend, credit, receivables, activities and strategy
  (:func:`search_customers`).
* :class:`CreditWhatIf` -- change the scorecard weights, the grade cut-offs and the
  limit rules and see the grade distribution, the total recommended limit and the
  approvals needed update live; save the edited policy as a YAML file for
  ``kam report --policy`` (:func:`what_if`).

Every explorer keeps its widgets as attributes (``explorer.tier``, ``card.search``,
``what_if.cutoffs["AAA"]`` ...) and its current results as attributes
(``explorer.selection``, ``card.credit``, ``what_if.result`` ...), so it can be
driven from code as well as by hand: setting ``widget.value`` updates the results
at once. Charts are drawn with :mod:`kamtools.output.plots` on a figure of the explorer
(``.figure``, ``.axes``) and shown as an image. Display an explorer by making it
the last expression of a cell.

The models are plain functions and data, testable without widgets:
:mod:`~kamtools.explore.accounts` (the book at a date, filters, customer search),
:mod:`~kamtools.explore.customer` (one customer's trend, ledger and card data) and
:mod:`~kamtools.explore.whatif` (credit what-ifs). The ipywidgets part is one module per
explorer: :mod:`~kamtools.explore.portfolio_explorer`, :mod:`~kamtools.explore.account_card`,
:mod:`~kamtools.explore.credit_what_if`.

>>> import kamtools as kt
>>> data = kt.sample_data(customers=30, years=2, seed=1)
>>> table = account_table(data, "2026-10-31")
>>> key = filter_accounts(table, tier="key")
>>> bool((key["tier"] == "key").all()) and len(key) > 0
True
"""

from __future__ import annotations

from ._common import available_periods
from .account_card import AccountCard
from .accounts import ALL, FILTERS, TABLE_COLUMNS, Snapshot, account_table, filter_accounts, search_customers, snapshot
from .credit_what_if import CreditWhatIf
from .customer import (
    card_aging,
    card_credit,
    card_profile,
    card_strategy,
    customer_activities,
    customer_ledger,
    customer_monthly,
)
from .portfolio_explorer import PortfolioExplorer
from .whatif import CreditBase, WhatIfResult, credit_base, scale_weights, what_if

__all__ = [
    "ALL",
    "FILTERS",
    "AccountCard",
    "CreditBase",
    "CreditWhatIf",
    "PortfolioExplorer",
    "Snapshot",
    "TABLE_COLUMNS",
    "WhatIfResult",
    "account_table",
    "available_periods",
    "card_aging",
    "card_credit",
    "card_profile",
    "card_strategy",
    "credit_base",
    "customer_activities",
    "customer_ledger",
    "customer_monthly",
    "filter_accounts",
    "scale_weights",
    "search_customers",
    "snapshot",
    "what_if",
]
