"""Realistic, deterministic sample data for the workbook (``kam sample``).

:func:`sample_data` generates a whole B2B customer book: customers with their
account managers, balance sheets, qualitative credit assessments, invoices and
credit notes, payments, credit limits and approvals, selling activities, leads,
open orders, contacts and payment promises. Everything is drawn from
``numpy.random.default_rng(seed)`` (and a few generators derived from the seed) with
array operations only (no per-row or per-customer Python loops), so the same
arguments always give the same tables and
100,000 customers with about ten million invoices take seconds, not minutes.

The book is built to exercise every part of the method:

* revenue concentration (the top 20 % of buying customers bring roughly 75 % of
  revenue), seasonality (Chinese New Year dip, year-end peak);
* trajectories: stable, growing, declining, new (first invoice in the last year),
  silent (nothing for 6-12 months), lost (nothing for over a year), never bought;
* fast, ordinary and slow payers, partial payments, customer-level lump sums without
  ``invoice_id``, a few overpayments, credit notes, disputed invoices never paid,
  invoices still open at ``end`` and *silent debtors* (open balances, then no
  invoice, payment or activity at all);
* financial statements whose ratios spread from healthy to distressed (a few firms
  with negative equity), correlated with the qualitative credit factors and with
  payment behaviour.
"""

from __future__ import annotations

from .book import sample_data
from .vocabulary import ACCOUNT_MANAGERS, APPROVERS, REGIONS

__all__ = ["sample_data", "APPROVERS", "ACCOUNT_MANAGERS", "REGIONS"]
