"""Customer segmentation and value, each segment with the strategy the KAM method prescribes.

The functions take a :class:`~kamtools.KamData` (or DataFrames turned into one with
:func:`kamtools.facts.source`), the report date ``as_of`` and a policy (``None`` for the
shipped defaults, a YAML path or a mapping; see the ``segments:`` section of
``kamtools/policy/policy.yaml``). They return new DataFrames, one row per customer (indexed by
``customer_id``), per lead (``lead_id``) or per account (``account_id``: customers and
leads together, with a ``kind`` column ``customer`` / ``prospect``), and never change
their inputs. Every segment column comes with a ``strategy`` (or ``action``) column: what
to do with such an account, in plain words (see :mod:`kamtools.strategies`).

Row-level work on invoices and activities runs as SQL in the store (``kamtools/sql/
segments_*.sql``); what follows works on one row per customer.

Modules: :mod:`~kamtools.segments.customers` (the facts per customer),
:mod:`~kamtools.segments.abc_pareto`, :mod:`~kamtools.segments.tiers` (the pyramid),
:mod:`~kamtools.segments.leads` (MAN), :mod:`~kamtools.segments.status_lifecycle`,
:mod:`~kamtools.segments.rfm_scores`, :mod:`~kamtools.segments.profit` (the whale curve),
:mod:`~kamtools.segments.value` (value matrix, CLV), :mod:`~kamtools.segments.relationship`
(transactional vs relational), :mod:`~kamtools.segments.product_mix` (product mix, share of wallet per
family, cross-sell), :mod:`~kamtools.segments.ladder` (the relationship ladder over time) and :mod:`~kamtools.segments.transitions` (migration); every
public name is importable from :mod:`kamtools.segments` itself.

Windows
    "Trailing 12 months" (``_12m``) means invoice dates after ``as_of`` minus 12 months and
    up to and including ``as_of``; "previous 12 months" (``_prev_12m``) the 12 months before.
    For a month-end ``as_of`` the windows are whole calendar months.
Money
    revenue = net invoiced amount (credit notes deducted); margin = amount - cost (the gross
    margin as invoiced); discount = discounts granted. A purchase is an invoice with a
    positive amount. Every policy threshold is a share, score, rank or number of months,
    so scaling all money by a constant changes no segment; the one amount of money in the
    section, ``cost_per_hour``, must be scaled with it (it only moves ``profitability``).
    The store keeps money in whole cents, so the constant must leave amounts in whole
    cents (1000, 3, or 0.001 on a book in multiples of 10). Amounts derived here (wallet
    headroom x margin rate, hours x cost per hour, profit) are never rounded to cents
    before they are ranked or compared, which would make a scaled-down book tie or cross
    a threshold where the original does not; money is kept at :data:`MONEY_DIGITS` (12)
    significant digits of the book's largest amount instead, which removes the noise of
    adding floating-point numbers in another order and keeps every real difference (the
    *Compared* case of the package's money rule, :mod:`kamtools.money`).

Examples
--------
>>> import pandas as pd
>>> from kamtools import facts
>>> inv = pd.DataFrame({"invoice_id": ["I1", "I2", "I3", "I4"], "customer_id": ["C1", "C2", "C2", "C3"],
...     "invoice_date": ["2026-03-01", "2025-06-01", "2026-09-01", "2025-10-31"],
...     "amount": [800.0, 400.0, 300.0, 500.0], "cost": [500.0, 250.0, 200.0, 300.0]})
>>> inv["due_date"] = inv["invoice_date"]
>>> data = facts.source(customers=pd.DataFrame({"customer_id": ["C1", "C2", "C3", "C4"]}), invoices=inv)
>>> status(data, "2026-10-31")["status"].tolist()
['new', 'active', 'lost', 'prospect']
"""

from __future__ import annotations

from ..money import MONEY_DIGITS
from ..periods import months_before
from ._common import AsOf as AsOf  # types of the arguments
from ._common import PolicyLike as PolicyLike
from .abc_pareto import Pareto, abc, pareto, revenue_pareto
from .customers import customer_facts
from .history import SnapshotBasis, basis_text, stored_snapshot, stored_tiers
from .ladder import (
    LADDER_ORDER,
    current_relationship,
    ladder_summary,
    relationship_distribution,
    relationship_history,
    relationship_moves,
)
from .leads import MAN_ORDER, MAN_PRIORITY, man, man_pipeline
from .product_mix import cross_sell, family_wallet_share, product_families, product_mix, tier_mix
from .profit import profitability
from .relationship import relational
from .rfm_scores import RFM_GRID, rfm
from .status_lifecycle import LIFECYCLE_ORDER, STATUS_ORDER, lifecycle, lifecycle_history, status, status_from_dates
from .tiers import TIER_ORDER, key_accounts, key_count, pyramid, pyramid_summary, to_promote, to_watch
from .transitions import NONE as NONE  # the label of an account not present
from .transitions import Migration, migration, ranked_movers, tier_migration
from .value import clv, retention_text, value_matrix

__all__ = [
    "LADDER_ORDER",
    "LIFECYCLE_ORDER",
    "MAN_ORDER",
    "MAN_PRIORITY",
    "MONEY_DIGITS",
    "RFM_GRID",
    "STATUS_ORDER",
    "TIER_ORDER",
    "Migration",
    "Pareto",
    "SnapshotBasis",
    "abc",
    "basis_text",
    "clv",
    "cross_sell",
    "current_relationship",
    "customer_facts",
    "family_wallet_share",
    "key_accounts",
    "key_count",
    "ladder_summary",
    "lifecycle",
    "lifecycle_history",
    "man",
    "man_pipeline",
    "migration",
    "months_before",
    "pareto",
    "product_families",
    "product_mix",
    "profitability",
    "pyramid",
    "pyramid_summary",
    "ranked_movers",
    "relational",
    "relationship_distribution",
    "relationship_history",
    "relationship_moves",
    "retention_text",
    "revenue_pareto",
    "rfm",
    "status",
    "status_from_dates",
    "tier_mix",
    "stored_snapshot",
    "stored_tiers",
    "tier_migration",
    "to_promote",
    "to_watch",
    "value_matrix",
]
