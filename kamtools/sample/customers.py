"""The customers of the sample book, and what the other tables need to know of each of them."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from ..schema import RELATIONSHIP_LEVELS, RELATIONSHIP_STATES
from ._common import _choice, _draw, _ids, _norm_ppf, _null_where, _rank01, _round_to, _str, _Window
from .vocabulary import (
    _DEBTOR,
    _DECLINING,
    _GROWING,
    _INDUSTRIES,
    _INDUSTRY_P,
    _LOST,
    _NEVER,
    _NEW,
    _PRODUCTS,
    _REGION_P,
    _SILENT,
    _SIZE_MEDIAN,
    _SIZE_SIGMA,
    _STABLE,
    _TRAJECTORY_P,
    ACCOUNT_MANAGERS,
    REGIONS,
    _company_names,
    _managers_for,
)


@dataclass(frozen=True)
class _Customers:
    """Each customer's traits the other tables are drawn from (arrays by customer position)."""

    ids: pa.Array  # customer_id
    n: int
    n_managers: int
    traj: np.ndarray  # trajectory (_NEVER ... _STABLE)
    size: np.ndarray  # yearly purchases mid-window
    median_size: float  # median of size before the debtors were made big
    size_q: np.ndarray  # quantile rank of size
    zsize: np.ndarray  # log size in standard deviations from the median
    health: np.ndarray  # financial health, standard normal
    manager: np.ndarray  # index into ACCOUNT_MANAGERS
    chinese: np.ndarray  # a Chinese company (names of the firm and its contacts)
    start: np.ndarray  # first possible day of business
    stop: np.ndarray  # last possible day of business
    is_new: np.ndarray
    never: np.ndarray  # never bought
    stopped: np.ndarray  # lost, silent or silent debtor
    growth: np.ndarray  # yearly growth of purchases
    margin: np.ndarray
    demanding: np.ndarray  # thin margins and much selling time
    terms: np.ndarray  # payment terms in days
    payer: np.ndarray  # 0 fast, 1 normal, 2 slow
    pay_base: np.ndarray  # usual days paid after the due date
    lump_customer: np.ndarray  # sometimes pays lump sums without invoice_id
    discount_p: np.ndarray  # share of invoices with a discount
    main_product: np.ndarray  # index into _PRODUCTS
    firm_revenue: np.ndarray  # the firm's own yearly revenue
    trouble_day: np.ndarray  # day its payments deteriorate (beyond the end: never)


def _customers(rng: np.random.Generator, seed: int, n: int, years: int, w: _Window) -> tuple[pd.DataFrame, _Customers]:
    """The customers table and the traits of each customer, drawn in this order from ``rng``."""
    cust_ids = _ids("C", np.arange(1, n + 1), 6)
    traj, size, health, median_size = _sizes(rng, n)
    size_q = _rank01(size)
    zsize = (np.log(size) - np.log(_SIZE_MEDIAN)) / _SIZE_SIGMA

    region = _draw(rng, _REGION_P, n)
    n_managers = int(np.clip(n // 40, 6, 20))
    manager = _managers_for(rng, region, n_managers)
    chinese = rng.random(n) < 0.42
    name = _company_names(rng, region, chinese)
    industry = _INDUSTRIES[_draw(rng, _INDUSTRY_P, n)]

    start, stop, is_new, never = _lifetimes(rng, traj, w)
    growth = np.select(
        [traj == _GROWING, traj == _DECLINING, traj == _NEW, (traj == _LOST) | (traj == _SILENT) | (traj == _DEBTOR)],
        [rng.uniform(0.15, 0.5, n), rng.uniform(-0.5, -0.15, n), rng.normal(0.3, 0.15, n), rng.uniform(-0.4, 0.0, n)],
        rng.normal(0.0, 0.05, n),
    )
    margin, demanding = _margins(rng, seed, zsize)
    terms, payer, pay_base, lump_customer, discount_p, main_product = _payment_habits(rng, health, never)
    wallet, firm_revenue, employees_s = _firm_size(rng, size, growth, years)
    attractiveness = _attractiveness(rng, zsize, margin, health)

    stopped = (traj == _LOST) | (traj == _SILENT) | (traj == _DEBTOR)
    rel_state, rel_level, ownership = _relationships(rng, never, stopped, size_q, chinese)
    parent_ids = _parents(rng, cust_ids, size_q, never)
    trouble_day = _trouble(seed, health, traj, w)

    customers_df = pd.DataFrame(
        {
            "customer_id": _str(cust_ids),
            "name": _str(name),
            "industry": industry,
            "region": np.array(REGIONS, dtype=object)[region],
            "account_manager": np.array(ACCOUNT_MANAGERS, dtype=object)[manager],
            "parent_id": _str(parent_ids),
            "attractiveness": attractiveness,
            "relationship_state": rel_state,
            "relationship_level": rel_level,
            "wallet_estimate": wallet,
            "ownership": ownership,
            "employees": employees_s,
            "payment_terms_days": terms,
            **_addresses(seed, chinese),
        }
    )
    return customers_df, _Customers(
        cust_ids,
        n,
        n_managers,
        traj,
        size,
        median_size,
        size_q,
        zsize,
        health,
        manager,
        chinese,
        start,
        stop,
        is_new,
        never,
        stopped,
        growth,
        margin,
        demanding,
        terms,
        payer,
        pay_base,
        lump_customer,
        discount_p,
        main_product,
        firm_revenue,
        trouble_day,
    )


def _sizes(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """Trajectory, yearly purchases and financial health of each customer."""
    counts = np.floor(_TRAJECTORY_P * n).astype(np.int64)
    counts[_STABLE] += n - counts.sum()
    if n >= 20:
        counts[_DEBTOR] = max(counts[_DEBTOR], 2)
        counts[_STABLE] = n - counts[np.arange(8) != _STABLE].sum()
    traj = rng.permutation(np.repeat(np.arange(8), counts))

    # Yearly purchases (mid-window): lognormal, drawn stratified so that even a small book has the
    # intended concentration rather than whatever a few extreme draws give.
    size = _SIZE_MEDIAN * np.exp(_SIZE_SIGMA * _norm_ppf((rng.permutation(n) + rng.uniform(0.2, 0.8, n)) / n))
    health = rng.normal(0.0, 1.0, n)
    health += np.select(
        [traj == _GROWING, traj == _DECLINING, traj == _SILENT, traj == _LOST, traj == _DEBTOR],
        [0.25, -0.3, -0.5, -0.4, -1.6],
        0.0,
    )
    median_size = np.median(size)
    size = np.where(traj == _DEBTOR, np.maximum(size, median_size * rng.uniform(1.0, 3.0, n)), size)
    return traj, size, health, median_size


_STREETS_ZH = np.array(["建设", "人民", "解放", "长江", "黄河", "中山", "和平", "东风", "科技", "创业"], dtype=object)
_STREETS_EN = np.array(["Jianshe", "Renmin", "Jiefang", "Changjiang", "Zhongshan", "Heping", "Keji"], dtype=object)
_PARKS_ZH = np.array(["高新区", "经济开发区", "工业园区", "保税区"], dtype=object)
_PARKS_EN = np.array(["High-tech Zone", "Economic Development Zone", "Industrial Park"], dtype=object)


def _addresses(seed: int, chinese: np.ndarray) -> dict[str, pd.Series]:
    """The postal address of each customer and the language of its letters (Chinese customers: the
    policy's default, some both; others English, some both). A generator of their own, so the rest
    of the book is drawn as before."""
    ra = np.random.default_rng([seed, 15])
    n = len(chinese)
    number = ra.integers(1, 999, n).astype(str).astype(object)
    zh = (
        _PARKS_ZH[ra.integers(0, len(_PARKS_ZH), n)]
        + _STREETS_ZH[ra.integers(0, len(_STREETS_ZH), n)]
        + "路"
        + number
        + "号"
    )
    en = "No. " + number + " " + _STREETS_EN[ra.integers(0, len(_STREETS_EN), n)] + " Road, "
    en = en + _PARKS_EN[ra.integers(0, len(_PARKS_EN), n)]
    both = ra.random(n) < np.where(chinese, 0.05, 0.2)
    language = np.where(both, "both", np.where(chinese, None, "en")).astype(object)
    address = np.where(chinese, zh, en).astype(object)
    address[ra.random(n) < 0.1] = None
    return {
        "address": _str(pa.array(address, type=pa.string())),
        "language": _str(pa.array(language, type=pa.string())),
    }


def _trouble(seed: int, health: np.ndarray, traj: np.ndarray, w: _Window) -> np.ndarray:
    """The day each customer's payments deteriorate (invoices left unpaid 90 days and more), or
    a day beyond the end of the window for the customers whose payments never do.

    About 2-3 % of the customers a year, far more often the financially weak (the chance falls
    with health: 3 % x e^(-1.2 health), so about 1 in 3 of the weakest and 1 in 300 of the
    strongest over the window), on a day spread over the window; silent debtors and customers
    who never bought have troubles of their own. From a generator of its own, so that the
    other tables are drawn as before.
    """
    rt = np.random.default_rng([seed, 53])
    n = len(health)
    years = (w.E - w.S + 1) / 365.25
    chance = np.clip(0.01 * years * np.exp(-1.2 * health), 0.0, 0.6)
    hit = (rt.random(n) < chance) & (traj != _NEVER) & (traj != _DEBTOR)
    day = w.S + 30 + np.floor(rt.random(n) * max(w.E - w.S - 30, 1)).astype(np.int64)
    return np.where(hit, day, w.E + 3650)


def _lifetimes(
    rng: np.random.Generator, traj: np.ndarray, w: _Window
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Start and stop (first and last possible day of business) by trajectory."""
    n, E, S = len(traj), w.E, w.S
    start = np.full(n, S - 3650, dtype=np.int64)
    stop = np.full(n, E + 3650, dtype=np.int64)
    is_new = traj == _NEW
    start = np.where(is_new, E - rng.integers(0, 340, n), start)
    late_room = (E - S) - 400
    late = ((traj == _GROWING) | (traj == _STABLE)) & (rng.random(n) < 0.10) & (late_room > 0)
    start = np.where(late, S + (rng.random(n) * max(late_room, 1)).astype(np.int64), start)
    first_possible = np.maximum(start, S)
    stop = np.where(traj == _LOST, np.maximum(E - rng.integers(380, 900, n), first_possible + 60), stop)
    stop = np.where(traj == _SILENT, np.maximum(E - rng.integers(190, 360, n), first_possible + 30), stop)
    stop = np.where(traj == _DEBTOR, np.maximum(E - rng.integers(200, 420, n), first_possible + 60), stop)
    never = traj == _NEVER
    start = np.where(never, E + 1, start)
    return start, stop, is_new, never


def _margins(rng: np.random.Generator, seed: int, zsize: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Gross margin of each customer, and whether it is a demanding one."""
    n = len(zsize)
    margin = np.clip(0.05 + 0.35 * rng.beta(2.0, 3.5, n) - 0.02 * zsize, 0.05, 0.40)
    # Demanding customers, more often the large ones (buying power): price pressure leaves
    # a thin or negative margin, and they take much more selling and service time. After
    # cost to serve they lose money, which bends the whale curve above 100 %.
    rd = np.random.default_rng([seed, 23])
    demanding = rd.random(n) < 0.05 + 0.3 * _rank01(zsize) ** 2
    margin = np.where(demanding, rd.uniform(-0.08, 0.02, n), margin)
    return margin, demanding


def _payment_habits(rng: np.random.Generator, health: np.ndarray, never: np.ndarray) -> tuple[np.ndarray, ...]:
    """Terms, payer kind, usual delay, lump sums, discounts and main product of each customer."""
    n = len(health)
    terms = np.array([30, 45, 60, 90])[_draw(rng, [0.35, 0.30, 0.20, 0.15], n)]
    payer_score = _rank01(-health + rng.normal(0, 0.8, n))
    payer = np.where(payer_score >= 0.80, 2, np.where(payer_score >= 0.50, 1, 0))  # 0 fast, 1 normal, 2 slow
    # Slow payers pay one to two months late by habit, not three: arrears beyond 90 days are the
    # mark of a customer in trouble (see _trouble), not of a slow habit.
    pay_base = np.select(
        [payer == 0, payer == 1], [rng.uniform(-15, -2, n), rng.uniform(2, 25, n)], rng.uniform(30, 60, n)
    )
    lump_customer = (rng.random(n) < np.where(payer == 0, 0.05, 0.12)) & ~never
    discount_p = np.clip(rng.beta(1.2, 4.0, n) * 0.8, 0.0, 0.6)
    main_product = rng.integers(0, len(_PRODUCTS), n)
    return terms, payer, pay_base, lump_customer, discount_p, main_product


def _firm_size(
    rng: np.random.Generator, size: np.ndarray, growth: np.ndarray, years: int
) -> tuple[np.ndarray, np.ndarray, pd.api.extensions.ExtensionArray]:
    """Optional customer columns: wallet estimate and employees, and the firm's own revenue."""
    n = len(size)
    share = np.where(rng.random(n) < 0.06, rng.uniform(1.05, 1.4, n), 0.08 + 0.9 * rng.beta(2.0, 2.5, n))
    wallet = np.maximum(_round_to(size * np.exp(np.maximum(growth, 0) * years / 2) / share, 1000), 1000)
    wallet = np.where(rng.random(n) < 0.04, np.nan, wallet)
    firm_revenue = size / np.clip(share, 0.08, 1.0) / np.exp(rng.uniform(np.log(0.01), np.log(0.12), n))
    employees = np.maximum(np.round(firm_revenue / np.exp(rng.normal(np.log(6e5), 0.5, n))), 5)
    employees_s = pd.array(np.where(rng.random(n) < 0.05, np.nan, employees), dtype="Float64").astype("Int64")
    return wallet, firm_revenue, employees_s


def _attractiveness(rng: np.random.Generator, zsize: np.ndarray, margin: np.ndarray, health: np.ndarray) -> np.ndarray:
    n = len(zsize)
    attract_z = 0.6 * zsize + 0.4 * (margin - 0.2) / 0.08 + 0.3 * health + rng.normal(0, 0.6, n)
    attract_q = _rank01(attract_z)
    attractiveness = np.where(attract_q >= 0.75, "high", np.where(attract_q >= 0.30, "medium", "low")).astype(object)
    attractiveness[rng.random(n) < 0.04] = None
    return attractiveness


def _relationships(
    rng: np.random.Generator, never: np.ndarray, stopped: np.ndarray, size_q: np.ndarray, chinese: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Relationship state and level, and ownership, of each customer."""
    n = len(never)
    # relationship_state: partnership, strategic_alliance, cooperative, transactional, strained, none
    state_p = np.select(
        [never[:, None], stopped[:, None], (size_q >= 0.9)[:, None], (size_q >= 0.6)[:, None]],
        [
            np.array([[0, 0, 0.05, 0.25, 0, 0.70]]),
            np.array([[0, 0, 0.05, 0.35, 0.40, 0.20]]),
            np.array([[0.45, 0.30, 0.20, 0.05, 0, 0]]),
            np.array([[0.10, 0.05, 0.60, 0.20, 0.05, 0]]),
        ],
        np.array([[0.02, 0, 0.30, 0.58, 0.10, 0]]),
    )
    rel_state = np.array(RELATIONSHIP_STATES, dtype=object)[_choice(rng, state_p)]
    rel_state[rng.random(n) < 0.03] = None
    # relationship_level: senior_team, decision_maker, purchasing, operational, none
    level_p = np.select(
        [never[:, None], (size_q >= 0.9)[:, None], (size_q >= 0.6)[:, None]],
        [
            np.array([[0, 0.05, 0.25, 0.20, 0.50]]),
            np.array([[0.50, 0.35, 0.15, 0, 0]]),
            np.array([[0.10, 0.40, 0.40, 0.10, 0]]),
        ],
        np.array([[0.02, 0.15, 0.55, 0.25, 0.03]]),
    )
    rel_level = np.array(RELATIONSHIP_LEVELS, dtype=object)[_choice(rng, level_p)]
    rel_level[rng.random(n) < 0.03] = None
    ownership_p = np.where(
        chinese[:, None],
        np.array([[0.55, 0.20, 0.02, 0.10, 0.05, 0.08]]),
        np.array([[0.20, 0.02, 0.50, 0.18, 0.00, 0.10]]),
    )
    ownership = np.array(["private", "state-owned", "foreign", "joint venture", "collective", "listed"], dtype=object)[
        _choice(rng, ownership_p)
    ]
    ownership[rng.random(n) < 0.05] = None
    return rel_state, rel_level, ownership


def _parents(rng: np.random.Generator, cust_ids: pa.Array, size_q: np.ndarray, never: np.ndarray) -> pa.Array:
    """Group links: a few subsidiaries point at a bigger customer (parents have no parent)."""
    n = len(size_q)
    parent = np.full(n, -1, dtype=np.int64)
    n_groups = int(round(0.015 * n))
    if n >= 10 and n_groups >= 1:
        big = np.flatnonzero((size_q >= 0.8) & ~never)
        parents = rng.permutation(big)[:n_groups]
        others = np.setdiff1d(np.arange(n), parents)
        children = rng.permutation(others)[: min(int(round(0.03 * n)), len(others))]
        parent[children] = parents[rng.integers(0, len(parents), len(children))]
    return _null_where(cust_ids.take(pa.array(np.maximum(parent, 0))), parent < 0)


def _monthly_at(c: _Customers, w: _Window, day) -> np.ndarray:
    """Each customer's monthly purchases around ``day`` (following its trend)."""
    size, growth, S, E = c.size, c.growth, w.S, w.E
    return size / 12.0 * np.exp(np.clip(growth * (day - (S + E) / 2) / 365.25, -1.5, 1.5))
