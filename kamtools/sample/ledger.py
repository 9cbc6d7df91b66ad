"""The ledger of the sample book: invoices and credit notes, payments, and payment promises."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from ..money import round_cents
from ._common import _dates, _draw, _ids, _null_where, _order_by_day, _str, _take, _Window
from .customers import _Customers
from .disputes import _dispute_table, _disputes
from .products import PRODUCT_CODES
from .vocabulary import _DEBTOR, _PRODUCT_W, _PRODUCTS, _PROMISE_NOTES, _SEASON


@dataclass(frozen=True)
class _Invoices:
    """The generated invoices (customer by customer, not yet in date order) and their credit notes."""

    cust: np.ndarray  # customer position (int32); each customer's invoices are contiguous
    day: np.ndarray  # invoice day (int32)
    amount: np.ndarray
    cost: np.ndarray
    discount: np.ndarray
    product: np.ndarray  # index into _PRODUCTS as drawn, then into products.PRODUCT_CODES
    due: np.ndarray  # due day (int32)
    cn_src: np.ndarray  # the invoice each credit note credits
    cn_day: np.ndarray
    cn_amount: np.ndarray
    cn_cost: np.ndarray


@dataclass(frozen=True)
class _Payments:
    """Payments (not yet in date order) and payment promises (in date order)."""

    cust: np.ndarray
    days: np.ndarray
    amount: np.ndarray
    inv: np.ndarray  # the generated invoice paid, -1 for a lump sum
    pr_inv: np.ndarray  # the generated invoice a promise is about
    pr_on: np.ndarray
    pr_by: np.ndarray
    pr_amt: np.ndarray
    pr_cust: np.ndarray
    pr_named: np.ndarray  # the promise names its invoice (else it is for the account as a whole)
    pr_note: np.ndarray  # index into _PROMISE_NOTES
    pr_noted: np.ndarray
    disputes: dict  # the disputes drawn (kamtools.sample.disputes)


# --------------------------------------------------------------------------- invoices
def _invoices(
    rng: np.random.Generator, c: _Customers, w: _Window, years: int, invoices_per_customer_year: float
) -> _Invoices:
    """Invoices per customer and month (by size, trend and season), their amounts, and credit notes."""
    inv_cust, inv_day, inv_per_year = _invoice_days(rng, c, w, years, invoices_per_customer_year)
    n_inv = len(inv_cust)

    mean_amount = c.size / np.maximum(inv_per_year, 1e-9)
    inv_amount = round_cents(np.maximum(mean_amount[inv_cust] * rng.lognormal(-0.18, 0.6, n_inv), 20.0))
    inv_margin = np.clip(c.margin[inv_cust] + rng.normal(0, 0.03, n_inv), -0.08, 0.50)
    inv_cost = round_cents(inv_amount * (1 - inv_margin))
    del inv_margin
    has_discount = rng.random(n_inv) < c.discount_p[inv_cust]
    inv_discount = np.where(has_discount, round_cents(inv_amount * rng.uniform(0.01, 0.12, n_inv)), np.nan)
    del has_discount
    offset = _draw(rng, _PRODUCT_W, n_inv)
    inv_product = (c.main_product[inv_cust] + offset) % len(_PRODUCTS)
    del offset
    inv_due = inv_day + c.terms.astype(np.int32)[inv_cust]

    # Credit notes: about 1.5 % of invoices are partly or fully credited a few weeks later.
    cn_src = np.flatnonzero(rng.random(n_inv) < 0.015)
    cn_cust = inv_cust[cn_src]
    cn_day = np.minimum(np.minimum(inv_day[cn_src] + rng.integers(3, 60, len(cn_src)), c.stop[cn_cust]), w.E)
    cn_day = np.maximum(cn_day, inv_day[cn_src])
    cn_frac = np.where(rng.random(len(cn_src)) < 0.25, 1.0, rng.uniform(0.03, 0.5, len(cn_src)))
    cn_amount = -round_cents(inv_amount[cn_src] * cn_frac)
    cn_cost = -round_cents(inv_cost[cn_src] * cn_frac)
    return _Invoices(
        inv_cust, inv_day, inv_amount, inv_cost, inv_discount, inv_product, inv_due, cn_src, cn_day, cn_amount, cn_cost
    )


def _invoice_days(
    rng: np.random.Generator, c: _Customers, w: _Window, years: int, invoices_per_customer_year: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Customer and day of each invoice, and each customer's invoices per year."""
    n, n_months, S = c.n, w.n_months, w.S
    lo = np.maximum(w.m_lo[None, :], np.maximum(c.start, S)[:, None])
    hi = np.minimum(w.m_hi[None, :], c.stop[:, None])
    span = np.clip(hi - lo + 1, 0, None)
    trend = np.exp(np.clip(c.growth[:, None] * w.m_t[None, :], -1.5, 1.5))
    weight = _SEASON[w.m_moy][None, :] * trend * span / w.m_full[None, :]
    del trend
    rate = c.size**0.55  # invoices per year, before scaling: big customers buy more often
    expected = rate[:, None] * weight / 12.0
    total = expected.sum()
    scale = invoices_per_customer_year * n * years / total if total > 0 else 0.0
    expected *= scale
    inv_per_year = rate * scale
    cell_counts = rng.poisson(expected).ravel()
    del expected, weight
    cell = np.repeat(np.arange(n * n_months, dtype=np.int64), cell_counts)
    del cell_counts
    inv_cust = (cell // n_months).astype(np.int32)
    inv_day = (lo.ravel()[cell] + np.floor(rng.random(len(cell)) * span.ravel()[cell])).astype(np.int32)
    return inv_cust, inv_day, inv_per_year


# --------------------------------------------------------------------------- payments
def _payments(rng: np.random.Generator, seed: int, c: _Customers, inv: _Invoices, E: int) -> _Payments:
    """Payments of the invoices (in full, in two parts, or in monthly lump sums), and promises."""
    inv_cust, n_inv = inv.cust, len(inv.cust)
    inv_payer, pay_day, unpaid, debtor_inv, stop_inv = _pay_days(rng, seed, c, inv)

    settle = inv.amount.copy()
    credited = inv.cn_day <= pay_day[inv.cn_src]
    np.add.at(settle, inv.cn_src[credited], inv.cn_amount[credited])
    unpaid |= settle < 0.02
    lump = c.lump_customer[inv_cust] & (rng.random(n_inv) < 0.6)
    part = ~lump & (settle >= 100) & (rng.random(n_inv) < np.array([0.04, 0.08, 0.15])[inv_payer])
    # the rest follows 10-60 days later, by 85 days past due at the latest (in trouble: no limit)
    pay2_day = pay_day + rng.integers(10, 61, n_inv, dtype=np.int32)
    in_trouble = inv.due.astype(np.int64) >= c.trouble_day[inv_cust] - 30
    pay2_day = np.where(in_trouble, pay2_day, np.minimum(pay2_day, np.maximum(pay_day, inv.due + 85)))
    frac = rng.uniform(0.3, 0.7, n_inv)
    over = ~lump & ~part & (rng.random(n_inv) < 0.003)
    over_amt = np.where(over, round_cents(settle * rng.uniform(1.005, 1.06, n_inv)), settle)
    paid_ok = ~unpaid & (pay_day <= E)

    single = np.flatnonzero(paid_ok & ~lump & ~part)
    p1 = np.flatnonzero(paid_ok & part)
    p2 = np.flatnonzero(paid_ok & part & (pay2_day <= E) & ~(debtor_inv & (pay2_day > stop_inv)))
    part1_amt = round_cents(settle * frac)
    lp = np.flatnonzero(paid_ok & lump)
    lump_cust, lump_amt, lump_day = _lump_sums(inv_cust[lp], pay_day[lp], settle[lp])

    pay_cust = np.concatenate([inv_cust[single], inv_cust[p1], inv_cust[p2], lump_cust])
    pay_days = np.concatenate([pay_day[single], pay_day[p1], pay2_day[p2], lump_day]).astype(np.int64)
    pay_amount = round_cents(np.concatenate([over_amt[single], part1_amt[p1], settle[p2] - part1_amt[p2], lump_amt]))
    pay_inv = np.concatenate([single, p1, p2, np.full(len(lump_cust), -1, dtype=np.int64)])
    promises = _promises(np.random.default_rng([seed, 41]), inv, E, unpaid, pay_day, inv_payer, part, part1_amt, settle)
    disputes = _disputes(seed, inv_cust, inv.day, inv.due, settle, unpaid, pay_day, c.manager, E)
    del single, p1, p2, lp, pay2_day, inv_payer, frac, over_amt, part1_amt, settle, pay_day, stop_inv, debtor_inv
    keep = pay_amount >= 0.01
    pay_cust, pay_days, pay_amount, pay_inv = pay_cust[keep], pay_days[keep], pay_amount[keep], pay_inv[keep]
    return _Payments(pay_cust, pay_days, pay_amount, pay_inv, *promises, disputes)


def _pay_days(rng: np.random.Generator, seed: int, c: _Customers, inv: _Invoices) -> tuple[np.ndarray, ...]:
    """When each invoice would be paid by its customer's habit, and which stay unpaid."""
    inv_cust, inv_day, n_inv = inv.cust, inv.day, len(inv.cust)
    inv_payer = c.payer.astype(np.int8)[inv_cust]
    delay = c.pay_base[inv_cust] + rng.normal(0, 1, n_inv) * np.array([4.0, 8.0, 15.0])[inv_payer]
    slow = inv_payer == 2
    delay = np.where(inv_payer == 0, np.minimum(delay, 0), delay)
    delay = np.where(slow, np.clip(delay, 20, 85), np.minimum(delay, 85))
    pay_day = np.maximum(inv.due + np.round(delay).astype(np.int32), inv_day)
    del delay
    unpaid = rng.random(n_inv) < np.array([0.0002, 0.0005, 0.0015])[inv_payer]  # disputed, never paid
    pay_day, unpaid = _trouble_payments(np.random.default_rng([seed, 59]), c, inv, pay_day, unpaid)
    debtor_inv = c.traj[inv_cust] == _DEBTOR
    stop_inv = c.stop.astype(np.int32)[inv_cust]
    unpaid |= debtor_inv & ((inv_day > stop_inv - 120) | (pay_day > stop_inv))
    # ... and a silent debtor's last three invoices always stay open.
    d_idx = np.flatnonzero(debtor_inv)
    if len(d_idx):
        d_order = d_idx[np.lexsort((inv_day[d_idx], inv_cust[d_idx]))]
        d_c = inv_cust[d_order]
        from_last = np.empty(len(d_order), dtype=np.int64)
        group_end = np.r_[np.flatnonzero(d_c[1:] != d_c[:-1]), len(d_c) - 1]
        ends = np.repeat(group_end, np.diff(np.r_[-1, group_end]))
        from_last[:] = ends - np.arange(len(d_order))
        unpaid[d_order[from_last < 3]] = True
    return inv_payer, pay_day, unpaid, debtor_inv, stop_inv


def _trouble_payments(
    rt: np.random.Generator, c: _Customers, inv: _Invoices, pay_day: np.ndarray, unpaid: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Customers in trouble (``c.trouble_day``): the invoices falling due from a month before it
    are paid 2-7 months late, a third of them never. From a generator of its own."""
    hit = inv.due.astype(np.int64) >= c.trouble_day[inv.cust] - 30
    extra = rt.integers(60, 210, len(pay_day))
    never = rt.random(len(pay_day)) < 0.35
    return np.where(hit, pay_day + extra, pay_day).astype(pay_day.dtype), unpaid | (hit & never)


def _lump_sums(cust: np.ndarray, day: np.ndarray, settle: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Lump sums: one payment per customer and month, not tied to an invoice."""
    pay_month = day.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
    month_key = cust.astype(np.int64) * 100_000 + pay_month
    lorder = np.argsort(month_key, kind="stable")
    lkey = month_key[lorder]
    starts_l = np.flatnonzero(np.r_[True, lkey[1:] != lkey[:-1]]) if len(lkey) else np.array([], dtype=np.int64)
    lump_cust = cust[lorder][starts_l] if len(lkey) else np.array([], dtype=np.int64)
    lump_amt = np.add.reduceat(settle[lorder], starts_l) if len(lkey) else np.array([])
    lump_day = np.maximum.reduceat(day[lorder], starts_l) if len(lkey) else np.array([], dtype=np.int64)
    return lump_cust, lump_amt, lump_day


def _promises(
    rp: np.random.Generator,
    inv: _Invoices,
    E: int,
    unpaid: np.ndarray,
    pay_day: np.ndarray,
    inv_payer: np.ndarray,
    part: np.ndarray,
    part1_amt: np.ndarray,
    settle: np.ndarray,
) -> tuple[np.ndarray, ...]:
    """Payment promises: collection calls on late invoices, from a generator of their own.

    No other table depends on them. The call comes 10-40 days after the due date, before the
    customer paid, at most once a month per customer; the customer promises to pay (the
    invoice, or its first part) within 3-21 days. Whether the promise is kept follows from
    when the payment really came; a broken promise is often followed by a second one.
    Promised dates may lie after ``end`` (pending).
    """
    inv_cust = inv.cust
    due64 = inv.due.astype(np.int64)
    paid_at = np.where(unpaid | (pay_day > E), np.iinfo(np.int64).max, pay_day).astype(np.int64)
    late = np.flatnonzero((paid_at > due64 + 10) & (due64 + 10 <= E))
    pr_on = due64[late] + rp.integers(10, 41, len(late))
    chase = (pr_on < paid_at[late]) & (pr_on <= E) & (rp.random(len(late)) < np.array([0.3, 0.4, 0.6])[inv_payer[late]])
    late, pr_on = late[chase], pr_on[chase]
    # One call per customer and month, about its first late invoice of that month.
    call_month = pr_on.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
    _, first_call = np.unique(inv_cust[late].astype(np.int64) * 100_000 + call_month, return_index=True)
    late, pr_on = late[first_call], pr_on[first_call]
    pr_by = pr_on + rp.integers(3, 22, len(late))
    on2 = pr_by + rp.integers(2, 15, len(late))
    by2 = on2 + rp.integers(3, 22, len(late))
    again = (paid_at[late] > pr_by) & (on2 <= E) & (on2 < paid_at[late]) & (rp.random(len(late)) < 0.5)
    pr_inv = np.concatenate([late, late[again]])
    pr_on = np.concatenate([pr_on, on2[again]])
    pr_by = np.concatenate([pr_by, by2[again]])
    pr_amt = round_cents(np.where(part[pr_inv], part1_amt[pr_inv], settle[pr_inv]))
    keep_pr = pr_amt >= 1.0
    pr_inv, pr_on, pr_by, pr_amt = pr_inv[keep_pr], pr_on[keep_pr], pr_by[keep_pr], pr_amt[keep_pr]
    pr_order = _order_by_day(pr_on)
    pr_inv, pr_on, pr_by, pr_amt = pr_inv[pr_order], pr_on[pr_order], pr_by[pr_order], pr_amt[pr_order]
    pr_cust = inv_cust[pr_inv]
    pr_named = rp.random(len(pr_inv)) >= 0.25  # a quarter are promises for the account as a whole
    pr_note = rp.integers(0, len(_PROMISE_NOTES), len(pr_inv))
    pr_noted = rp.random(len(pr_inv)) < 0.6
    return pr_inv, pr_on, pr_by, pr_amt, pr_cust, pr_named, pr_note, pr_noted


# --------------------------------------------------------------------------- tables
def _ledger_tables(c: _Customers, inv: _Invoices, pays: _Payments) -> tuple[pd.DataFrame, ...]:
    """The invoices, payments, promises and disputes tables, each in date order."""
    invoices_df, inv_rank, inv_width = _invoice_table(c, inv)
    cust_ids = c.ids
    p_order = _order_by_day(pays.days)
    pay_inv_sorted = pays.inv[p_order]
    pay_inv_ids = _ids("INV", inv_rank[np.maximum(pay_inv_sorted, 0)] + 1, inv_width, valid=pay_inv_sorted >= 0)
    payments_df = pd.DataFrame(
        {
            "payment_id": _str(_ids("PAY", np.arange(1, len(p_order) + 1), max(7, len(str(len(p_order)))))),
            "customer_id": _str(cust_ids.take(pa.array(pays.cust[p_order]))),
            "payment_date": _dates(pays.days[p_order]),
            "amount": pays.amount[p_order],
            "invoice_id": _str(pay_inv_ids),
        }
    )
    del pay_inv_ids, p_order
    promises_df = pd.DataFrame(
        {
            "customer_id": _str(cust_ids.take(pa.array(pays.pr_cust))),
            "promised_on": _dates(pays.pr_on),
            "pay_by": _dates(pays.pr_by),
            "amount": pays.pr_amt,
            "invoice_id": _str(_ids("INV", inv_rank[pays.pr_inv] + 1, inv_width, valid=pays.pr_named)),
            "note": _str(_null_where(_take(_PROMISE_NOTES, pays.pr_note), ~pays.pr_noted)),
        }
    )
    return invoices_df, payments_df, promises_df, _dispute_table(pays.disputes, inv_rank, inv_width)


def _invoice_table(c: _Customers, inv: _Invoices) -> tuple[pd.DataFrame, np.ndarray, int]:
    """Invoices and credit notes in date order (one stable sort), each numbered in its own series.

    Also returns the number - 1 of each generated invoice, and the width of invoice numbers.
    """
    inv_cust, inv_day, n_inv = inv.cust, inv.day, len(inv.cust)
    n_cn = len(inv.cn_src)
    all_order = _order_by_day(np.concatenate([inv_day, inv.cn_day]))
    is_cn = all_order >= n_inv
    cn_rows = np.flatnonzero(is_cn)
    cn_of_row = all_order[cn_rows] - n_inv
    inv_rows = np.flatnonzero(~is_cn)
    inv_rank = np.empty(n_inv, dtype=np.int64)  # number - 1 of each generated invoice
    inv_rank[all_order[inv_rows]] = np.arange(n_inv)
    inv_width = max(7, len(str(n_inv)))
    number = np.empty(len(all_order), dtype=np.int64)  # position in [INV ids..., CN ids...]
    number[inv_rows] = np.arange(n_inv)
    number[cn_rows] = n_inv + np.arange(n_cn)
    all_ids = pa.concat_arrays(
        [_ids("INV", np.arange(1, n_inv + 1), inv_width), _ids("CN", np.arange(1, n_cn + 1), max(6, len(str(n_cn))))]
    ).take(pa.array(number))
    del number, inv_rows
    src = all_order.copy()  # the generated invoice behind each row (for credit notes: the credited one)
    src[cn_rows] = inv.cn_src[cn_of_row]
    all_cust = inv_cust[src]
    all_day = inv_day[src]
    all_day[cn_rows] = inv.cn_day[cn_of_row]
    amount_col = inv.amount[src]
    cost_col = inv.cost[src]
    amount_col[cn_rows] = inv.cn_amount[cn_of_row]
    cost_col[cn_rows] = inv.cn_cost[cn_of_row]
    due_col = np.where(is_cn, all_day, inv.due[src])
    discount_col = np.where(is_cn, np.nan, inv.discount[src])
    product_col = _take(PRODUCT_CODES, inv.product[src])
    # three credit notes in four name the invoice they correct (settled against it first)
    names_it = is_cn & (np.cumsum(is_cn) % 4 != 1)
    corrects = _ids("INV", inv_rank[src] + 1, inv_width, valid=names_it)
    del all_order
    invoices_df = pd.DataFrame(
        {
            "invoice_id": _str(all_ids),
            "customer_id": _str(c.ids.take(pa.array(all_cust))),
            "invoice_date": _dates(all_day),
            "due_date": _dates(due_col),
            "amount": amount_col,
            "cost": cost_col,
            "discount": discount_col,
            "product": _str(product_col),
            "corrects_invoice_id": _str(corrects),
        }
    )
    return invoices_df, inv_rank, inv_width


def _purchases(inv: _Invoices, n: int, E: int) -> tuple[np.ndarray, np.ndarray]:
    """Who actually bought, and the day of each customer's first invoice (``E + 1`` if none)."""
    inv_cust, inv_day = inv.cust, inv.day
    per_customer = np.bincount(inv_cust, minlength=n)
    bought = per_customer > 0
    first_inv = np.full(n, E + 1, dtype=np.int64)
    if len(inv_cust):  # invoices are generated customer by customer, so each customer's rows are contiguous
        row_start = (np.cumsum(per_customer) - per_customer)[bought]
        first_inv[bought] = np.minimum.reduceat(inv_day, row_start)
    return bought, first_inv
