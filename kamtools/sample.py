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

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .schema import CREDIT_FACTORS, RELATIONSHIP_LEVELS, RELATIONSHIP_STATES, conform
from .store import KamData

__all__ = ["sample_data", "APPROVERS", "ACCOUNT_MANAGERS", "REGIONS"]

#: Sales regions of the sample book.
REGIONS: tuple[str, ...] = ("East", "North", "South", "West", "Central")
_REGION_P = np.array([0.30, 0.20, 0.25, 0.10, 0.15])

#: Account managers; manager ``k`` works in region ``REGIONS[k % 5]``.
ACCOUNT_MANAGERS: tuple[str, ...] = (
    "王伟", "李娜", "张敏", "刘洋", "陈静",
    "David Chen", "Anna Schmidt", "杨帆", "赵磊", "Michael Wong",
    "黄丽", "周杰", "Sarah Li", "吴芳", "徐强",
    "孙涛", "Peter Müller", "胡明", "朱艳", "Linda Zhao",
)

#: Approval levels of credit limits, lowest first, with the largest change each may approve.
APPROVERS: tuple[str, ...] = ("account manager", "direct-sales manager", "regional manager", "credit committee")
_APPROVAL_CEILINGS = np.array([50_000.0, 200_000.0, 1_000_000.0])

_INDUSTRIES = np.array([
    "Machinery", "Electronics", "Automotive parts", "Construction", "Chemicals",
    "Food processing", "Textiles", "Wholesale distribution", "Energy", "Medical devices",
], dtype=object)
_INDUSTRY_P = np.array([0.18, 0.14, 0.13, 0.10, 0.08, 0.08, 0.06, 0.12, 0.06, 0.05])

_PRODUCTS = ("Bearings", "Hydraulics", "Fasteners", "Motors", "Sensors", "Tooling", "Lubricants", "Spare parts")
_PRODUCT_W = np.array([0.40, 0.20, 0.12, 0.09, 0.07, 0.05, 0.04, 0.03])

# Purchases by month of the year: Chinese New Year dip in January/February, year-end peak.
_SEASON = np.array([0.80, 0.62, 0.98, 1.02, 1.00, 1.04, 0.95, 0.93, 1.05, 1.00, 1.12, 1.38])

_ACTIVITY_TYPES = ("visit", "call", "event", "greeting", "training", "complaint")
_ACTIVITY_P = np.array([0.28, 0.38, 0.06, 0.12, 0.06, 0.10])
_ACTIVITY_HOURS = np.array([2.0, 0.5, 4.0, 0.5, 3.0, 1.5])  # median hours by type

_ROLES = ("purchasing manager", "general manager", "finance manager", "technical manager",
          "warehouse manager", "owner", "engineer")
_PROMISE_NOTES = ("phone call with finance", "电话催收，答应按期付款", "email reminder answered", "上门拜访，财务确认",
                  "payment awaiting approval by the owner", "资金紧张，先付部分", "promised at the quarterly review",
                  "对账后付款")

_EN_PREFIX = ("Apex", "Summit", "Pioneer", "Northstar", "Bluewater", "Redwood", "Silverline", "Goldfield",
              "Evergreen", "Pacific", "Atlas", "Orion", "Keystone", "Harbor", "Crown", "Falcon", "Liberty",
              "Meridian", "Sterling", "Vertex", "Union", "Westbrook", "Eastgate", "Highland", "Riverside",
              "Lakeside", "Prime", "Allied", "Delta", "Titan")
_EN_CORE = ("Precision", "Machinery", "Tools", "Electric", "Automation", "Hydraulics", "Plastics", "Metals",
            "Components", "Engineering", "Packaging", "Logistics", "Systems", "Instruments", "Materials",
            "Motors", "Fasteners", "Industrial Supply", "Controls", "Fabrication")
_EN_SUFFIX = ("Ltd", "Co., Ltd.", "Inc.", "GmbH", "Industries", "Group", "Trading Co.", "LLC", "Corp.", "& Sons")
_ZH_CITY = {  # by region, in the order of REGIONS
    "East": ("华东", "上海", "苏州", "无锡", "宁波", "杭州", "南京", "常州"),
    "North": ("华北", "北京", "天津", "青岛", "济南", "石家庄", "大连"),
    "South": ("华南", "深圳", "广州", "东莞", "佛山", "厦门", "珠海"),
    "West": ("西南", "成都", "重庆", "西安", "昆明", "兰州"),
    "Central": ("华中", "武汉", "长沙", "郑州", "合肥", "南昌"),
}
_ZH_CITY_FLAT = tuple(city for region in REGIONS for city in _ZH_CITY[region])
_ZH_CITY_SIZES = np.array([len(_ZH_CITY[region]) for region in REGIONS])
_ZH_CITY_START = np.cumsum(_ZH_CITY_SIZES) - _ZH_CITY_SIZES
_ZH_BRAND = ("", "", "", "宏达", "鑫源", "恒通", "华美", "永盛", "金泰", "瑞丰", "博远", "天成", "利达", "新华",
             "中联", "正泰", "安捷", "汇丰", "盛世", "凯瑞", "德胜", "远航", "精工", "同创", "万通", "佳禾", "嘉诚",
             "兴业", "弘毅", "卓越", "明阳", "信达", "立新")
_ZH_CORE = ("精密机械", "电子科技", "五金制品", "自动化设备", "液压机械", "电气", "模具", "化工", "包装材料",
            "汽车零部件", "塑胶制品", "金属材料", "工业设备", "仪器仪表", "机电", "建材", "纺织机械", "食品机械",
            "轴承", "环保设备")
_ZH_SUFFIX = ("有限公司", "有限公司", "股份有限公司", "制造有限公司", "实业有限公司", "贸易有限公司", "工业有限公司")
_ZH_SURNAME = ("王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何",
               "郭", "马", "罗")
_ZH_GIVEN = ("伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超",
             "秀英", "华", "平", "建国", "志强", "晓东", "海燕")
_EN_FIRST = ("James", "Mary", "John", "Linda", "Michael", "Sarah", "David", "Emma", "Robert", "Anna", "Thomas",
             "Laura", "Peter", "Julia", "Mark", "Sophie", "Daniel", "Olivia", "Paul", "Grace")
_EN_LAST = ("Smith", "Miller", "Brown", "Wilson", "Taylor", "Clark", "Walker", "Young", "King", "Wright", "Green",
            "Baker", "Hill", "Adams", "Nelson", "Carter", "Schmidt", "Müller", "Rossi", "Martin")

# Customer trajectories and their shares of the book.
_NEVER, _LOST, _SILENT, _DEBTOR, _NEW, _GROWING, _DECLINING, _STABLE = range(8)
_TRAJECTORY_P = np.array([0.04, 0.08, 0.06, 0.02, 0.10, 0.20, 0.15, 0.35])

_SIZE_MEDIAN = 150_000.0  # median yearly purchases of a customer
_SIZE_SIGMA = 1.5  # lognormal spread of customer size (gives ~75 % revenue from the top 20 %)
_STR = pd.StringDtype("pyarrow", na_value=np.nan)  # the dtype pandas calls "str"


# --------------------------------------------------------------------------- helpers
def _day(value) -> int:
    """Days since 1970-01-01 of a date."""
    return int(np.datetime64(pd.Timestamp(value).date(), "D").astype(np.int64))


def _dates(days: np.ndarray) -> np.ndarray:
    """Days since 1970-01-01 as ``datetime64[us]``."""
    return (np.asarray(days, dtype=np.int64) * 86_400_000_000).view("datetime64[us]")


def _order_by_day(days: np.ndarray) -> np.ndarray:
    """Stable order of ``days`` (a radix sort when the days span less than 179 years)."""
    if len(days) and int(days.max()) - int(days.min()) < 65_536:
        return np.argsort((days - days.min()).astype(np.uint16), kind="stable")
    return np.argsort(days, kind="stable")


_DIGITS4 = np.frombuffer("".join(f"{i:04d}" for i in range(10_000)).encode(), dtype=np.uint32)  # "0000".."9999"


def _ids(prefix: str, numbers: np.ndarray, width: int, valid: np.ndarray | None = None) -> pa.Array:
    """``prefix`` + zero-padded ``numbers`` as an Arrow string array, built straight from bytes.

    Rows where ``valid`` is false are null. Much faster than string formatting for millions of ids.
    """
    numbers = np.asarray(numbers)
    n = len(numbers)
    if n and int(numbers.max()) >= 10**width:
        width = len(str(int(numbers.max())))
    groups = -(-width // 4)
    rest = numbers.astype(np.uint32 if width <= 9 else np.uint64)
    digits = np.empty((n, groups), dtype=np.uint32)
    for j in range(groups - 1, -1, -1):  # one pass per group of four digits
        digits[:, j] = _DIGITS4[rest % 10_000]
        rest //= 10_000
    head = np.frombuffer(prefix.encode(), dtype=np.uint8)
    size = len(head) + width
    buf = np.empty((n, size), dtype=np.uint8)
    buf[:, : len(head)] = head
    buf[:, len(head):] = digits.view(np.uint8)[:, 4 * groups - width:]
    del digits
    bitmap = None
    if valid is not None:
        bitmap = pa.py_buffer(np.packbits(np.asarray(valid, dtype=bool), bitorder="little"))
    if n * size >= 2**31:
        offsets = np.arange(n + 1, dtype=np.int64) * size
        arr = pa.LargeStringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(buf), bitmap)
        return arr.cast(pa.string())
    offsets = np.arange(n + 1, dtype=np.int32) * size
    return pa.StringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(buf), bitmap)


def _take(values, idx: np.ndarray) -> pa.Array:
    """``values[idx]`` as an Arrow string array."""
    return pa.array(list(values), type=pa.string()).take(pa.array(np.asarray(idx, dtype=np.int64)))


def _null_where(arr: pa.Array, mask: np.ndarray) -> pa.Array:
    """``arr`` with nulls where ``mask`` is true."""
    return pc.if_else(pa.array(np.asarray(mask, dtype=bool)), pa.scalar(None, pa.string()), arr)


def _str(arr: pa.Array) -> pd.Series:
    """An Arrow string array as a pandas ``str`` Series (no copy)."""
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    return pd.Series(pd.array(arr, dtype=_STR))


def _norm_ppf(p: np.ndarray) -> np.ndarray:
    """Inverse of the standard normal distribution function (Acklam's approximation, error < 1.2e-9)."""
    a = (-3.969683028665376e01, 2.209460984245205e02, -2.759285104469687e02, 1.383577518672690e02,
         -3.066479806614716e01, 2.506628277459239e00)
    b = (-5.447609879822406e01, 1.615858368580409e02, -1.556989798598866e02, 6.680131188771972e01,
         -1.328068155288572e01)
    c = (-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e00, -2.549732539343734e00,
         4.374664141464968e00, 2.938163982698783e00)
    d = (7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e00, 3.754408661907416e00)
    p = np.clip(np.asarray(p, dtype=float), 1e-12, 1 - 1e-12)
    q = np.minimum(p, 1 - p)
    tail = q < 0.02425
    r = np.sqrt(-2 * np.log(np.where(tail, q, 0.5)))
    x_tail = (((((c[0] * r + c[1]) * r + c[2]) * r + c[3]) * r + c[4]) * r + c[5]) / \
        ((((d[0] * r + d[1]) * r + d[2]) * r + d[3]) * r + 1)
    x_tail = np.where(p < 0.5, x_tail, -x_tail)
    u = p - 0.5
    t = u * u
    x_mid = (((((a[0] * t + a[1]) * t + a[2]) * t + a[3]) * t + a[4]) * t + a[5]) * u / \
        (((((b[0] * t + b[1]) * t + b[2]) * t + b[3]) * t + b[4]) * t + 1)
    return np.where(tail, x_tail, x_mid)


def _draw(rng: np.random.Generator, p, size: int) -> np.ndarray:
    """``size`` draws of an index with probabilities ``p`` (faster than ``rng.choice`` with ``p``)."""
    cum = np.cumsum(p)
    return np.minimum(np.searchsorted(cum / cum[-1], rng.random(size), side="right"), len(cum) - 1)


def _choice(rng: np.random.Generator, probs: np.ndarray) -> np.ndarray:
    """One draw per row of the probability matrix ``probs`` (rows sum to 1)."""
    cum = np.cumsum(probs, axis=1)
    u = rng.random(len(probs))[:, None]
    return np.minimum((u >= cum).sum(axis=1), probs.shape[1] - 1)


def _rank01(values: np.ndarray) -> np.ndarray:
    """Quantile rank in [0, 1) of each value."""
    n = len(values)
    out = np.empty(n)
    out[np.argsort(values, kind="stable")] = np.arange(n) / max(n, 1)
    return out


def _company_names(rng: np.random.Generator, region: np.ndarray, chinese: np.ndarray) -> pa.Array:
    """English-style and Chinese company names (华东精密机械有限公司), vectorized."""
    n = len(region)
    en = pc.binary_join_element_wise(
        _take(_EN_PREFIX, rng.integers(0, len(_EN_PREFIX), n)),
        _take(_EN_CORE, rng.integers(0, len(_EN_CORE), n)),
        _take(_EN_SUFFIX, rng.integers(0, len(_EN_SUFFIX), n)),
        " ",
    )
    sizes = _ZH_CITY_SIZES[region]
    city = _take(_ZH_CITY_FLAT, _ZH_CITY_START[region] + np.minimum((rng.random(n) * sizes).astype(np.int64), sizes - 1))
    zh = pc.binary_join_element_wise(
        city,
        _take(_ZH_BRAND, rng.integers(0, len(_ZH_BRAND), n)),
        _take(_ZH_CORE, rng.integers(0, len(_ZH_CORE), n)),
        _take(_ZH_SUFFIX, rng.integers(0, len(_ZH_SUFFIX), n)),
        "",
    )
    return pc.if_else(pa.array(chinese), zh, en)


def _person_names(rng: np.random.Generator, chinese: np.ndarray) -> pa.Array:
    n = len(chinese)
    zh = pc.binary_join_element_wise(
        _take(_ZH_SURNAME, rng.integers(0, len(_ZH_SURNAME), n)),
        _take(_ZH_GIVEN, rng.integers(0, len(_ZH_GIVEN), n)),
        "",
    )
    en = pc.binary_join_element_wise(
        _take(_EN_FIRST, rng.integers(0, len(_EN_FIRST), n)),
        _take(_EN_LAST, rng.integers(0, len(_EN_LAST), n)),
        " ",
    )
    return pc.if_else(pa.array(chinese), zh, en)


def _managers_for(rng: np.random.Generator, region: np.ndarray, n_managers: int) -> np.ndarray:
    """Index of an account manager working in each row's region."""
    per_region = (n_managers - np.arange(len(REGIONS)) + len(REGIONS) - 1) // len(REGIONS)
    slot = np.floor(rng.random(len(region)) * per_region[region]).astype(np.int64)
    return region + len(REGIONS) * slot


def _approver(change: np.ndarray) -> np.ndarray:
    """Approval level (index into APPROVERS) for a change of limit of this size."""
    return np.searchsorted(_APPROVAL_CEILINGS, np.abs(change), side="left")


def _round_to(x: np.ndarray, step: float) -> np.ndarray:
    return np.round(np.asarray(x, dtype=float) / step) * step


# --------------------------------------------------------------------------- the generator
def sample_data(customers: int = 500, years: int = 3, seed: int = 7, *, end: str = "2026-10-31",
                invoices_per_customer_year: float = 33.0) -> KamData:
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
        contacts, promises) in the model's dtypes, with all optional columns filled in part.

    Notes
    -----
    Customers follow trajectories (stable, growing, declining, new, silent, lost,
    never bought); revenue is concentrated (about 75 % from the top 20 % of buying
    customers) and seasonal. Payments mix fast and slow payers, partial payments,
    lump sums without ``invoice_id`` and overpayments; about 1.5 % of invoices get
    a credit note; a few debtors go silent leaving invoices unpaid. Late invoices
    are chased: customers promise to pay by a date and keep or break the promise
    (a pending promise's ``pay_by`` may lie after ``end``). Credit limits
    are approved by ``"account manager"``, ``"direct-sales manager"``,
    ``"regional manager"`` or ``"credit committee"`` by the size of the change.

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
    if customers < 1:
        raise ValueError("customers must be at least 1")
    if years < 1:
        raise ValueError("years must be at least 1")
    if invoices_per_customer_year <= 0:
        raise ValueError("invoices_per_customer_year must be positive")
    rng = np.random.default_rng(seed)
    n = int(customers)
    end_ts = pd.Timestamp(end).normalize()
    start_ts = end_ts - pd.DateOffset(years=years) + pd.Timedelta(days=1)
    E, S = _day(end_ts), _day(start_ts)

    # Month cells of the window: [lo, hi] days, month of year, position in years from the middle.
    month_starts = pd.date_range(start_ts.to_period("M").start_time, end_ts, freq="MS")
    m_lo = np.array([max(_day(m), S) for m in month_starts], dtype=np.int64)
    m_hi = np.array([min(_day(m + pd.offsets.MonthEnd(0)), E) for m in month_starts], dtype=np.int64)
    m_full = np.asarray(month_starts.days_in_month, dtype=np.int64)
    m_moy = np.asarray(month_starts.month, dtype=np.int64) - 1
    m_t = ((m_lo + m_hi) / 2 - (S + E) / 2) / 365.25
    n_months = len(month_starts)

    # ------------------------------------------------------------------ customers
    cust_ids = _ids("C", np.arange(1, n + 1), 6)
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
        [0.25, -0.3, -0.5, -0.4, -1.6], 0.0)
    median_size = np.median(size)
    size = np.where(traj == _DEBTOR, np.maximum(size, median_size * rng.uniform(1.0, 3.0, n)), size)
    size_q = _rank01(size)
    zsize = (np.log(size) - np.log(_SIZE_MEDIAN)) / _SIZE_SIGMA

    region = _draw(rng, _REGION_P, n)
    n_managers = int(np.clip(n // 40, 6, 20))
    manager = _managers_for(rng, region, n_managers)
    chinese = rng.random(n) < 0.42
    name = _company_names(rng, region, chinese)
    industry = _INDUSTRIES[_draw(rng, _INDUSTRY_P, n)]

    # Start and stop (first and last possible day of business) by trajectory.
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

    growth = np.select(
        [traj == _GROWING, traj == _DECLINING, traj == _NEW, (traj == _LOST) | (traj == _SILENT) | (traj == _DEBTOR)],
        [rng.uniform(0.15, 0.5, n), rng.uniform(-0.5, -0.15, n), rng.normal(0.3, 0.15, n), rng.uniform(-0.4, 0.0, n)],
        rng.normal(0.0, 0.05, n))

    margin = np.clip(0.05 + 0.35 * rng.beta(2.0, 3.5, n) - 0.02 * zsize, 0.05, 0.40)
    # Demanding customers, more often the large ones (buying power): price pressure leaves
    # a thin or negative margin, and they take much more selling and service time. After
    # cost to serve they lose money, which bends the whale curve above 100 %.
    rd = np.random.default_rng([seed, 23])
    demanding = rd.random(n) < 0.05 + 0.3 * _rank01(zsize) ** 2
    margin = np.where(demanding, rd.uniform(-0.08, 0.02, n), margin)
    terms = np.array([30, 45, 60, 90])[_draw(rng, [0.35, 0.30, 0.20, 0.15], n)]
    payer_score = _rank01(-health + rng.normal(0, 0.8, n))
    payer = np.where(payer_score >= 0.80, 2, np.where(payer_score >= 0.50, 1, 0))  # 0 fast, 1 normal, 2 slow
    pay_base = np.select([payer == 0, payer == 1], [rng.uniform(-15, -2, n), rng.uniform(2, 25, n)],
                         rng.uniform(40, 95, n))
    lump_customer = (rng.random(n) < np.where(payer == 0, 0.05, 0.12)) & ~never
    discount_p = np.clip(rng.beta(1.2, 4.0, n) * 0.8, 0.0, 0.6)
    main_product = rng.integers(0, len(_PRODUCTS), n)

    # Optional customer columns.
    share = np.where(rng.random(n) < 0.06, rng.uniform(1.05, 1.4, n), 0.08 + 0.9 * rng.beta(2.0, 2.5, n))
    wallet = np.maximum(_round_to(size * np.exp(np.maximum(growth, 0) * years / 2) / share, 1000), 1000)
    wallet = np.where(rng.random(n) < 0.04, np.nan, wallet)
    firm_revenue = size / np.clip(share, 0.08, 1.0) / np.exp(rng.uniform(np.log(0.01), np.log(0.12), n))
    employees = np.maximum(np.round(firm_revenue / np.exp(rng.normal(np.log(6e5), 0.5, n))), 5)
    employees_s = pd.array(np.where(rng.random(n) < 0.05, np.nan, employees), dtype="Float64").astype("Int64")

    attract_z = 0.6 * zsize + 0.4 * (margin - 0.2) / 0.08 + 0.3 * health + rng.normal(0, 0.6, n)
    attract_q = _rank01(attract_z)
    attractiveness = np.where(attract_q >= 0.75, "high", np.where(attract_q >= 0.30, "medium", "low")).astype(object)
    attractiveness[rng.random(n) < 0.04] = None

    stopped = (traj == _LOST) | (traj == _SILENT) | (traj == _DEBTOR)
    # relationship_state: partnership, strategic_alliance, cooperative, transactional, strained, none
    state_p = np.select(
        [never[:, None], stopped[:, None], (size_q >= 0.9)[:, None], (size_q >= 0.6)[:, None]],
        [np.array([[0, 0, 0.05, 0.25, 0, 0.70]]), np.array([[0, 0, 0.05, 0.35, 0.40, 0.20]]),
         np.array([[0.45, 0.30, 0.20, 0.05, 0, 0]]), np.array([[0.10, 0.05, 0.60, 0.20, 0.05, 0]])],
        np.array([[0.02, 0, 0.30, 0.58, 0.10, 0]]))
    rel_state = np.array(RELATIONSHIP_STATES, dtype=object)[_choice(rng, state_p)]
    rel_state[rng.random(n) < 0.03] = None
    # relationship_level: senior_team, decision_maker, purchasing, operational, none
    level_p = np.select(
        [never[:, None], (size_q >= 0.9)[:, None], (size_q >= 0.6)[:, None]],
        [np.array([[0, 0.05, 0.25, 0.20, 0.50]]), np.array([[0.50, 0.35, 0.15, 0, 0]]),
         np.array([[0.10, 0.40, 0.40, 0.10, 0]])],
        np.array([[0.02, 0.15, 0.55, 0.25, 0.03]]))
    rel_level = np.array(RELATIONSHIP_LEVELS, dtype=object)[_choice(rng, level_p)]
    rel_level[rng.random(n) < 0.03] = None
    ownership_p = np.where(chinese[:, None],
                           np.array([[0.55, 0.20, 0.02, 0.10, 0.05, 0.08]]),
                           np.array([[0.20, 0.02, 0.50, 0.18, 0.00, 0.10]]))
    ownership = np.array(["private", "state-owned", "foreign", "joint venture", "collective", "listed"],
                         dtype=object)[_choice(rng, ownership_p)]
    ownership[rng.random(n) < 0.05] = None

    # Group links: a few subsidiaries point at a bigger customer (parents have no parent).
    parent = np.full(n, -1, dtype=np.int64)
    n_groups = int(round(0.015 * n))
    if n >= 10 and n_groups >= 1:
        big = np.flatnonzero((size_q >= 0.8) & ~never)
        parents = rng.permutation(big)[:n_groups]
        others = np.setdiff1d(np.arange(n), parents)
        children = rng.permutation(others)[: min(int(round(0.03 * n)), len(others))]
        parent[children] = parents[rng.integers(0, len(parents), len(children))]
    parent_ids = _null_where(cust_ids.take(pa.array(np.maximum(parent, 0))), parent < 0)

    customers_df = pd.DataFrame({
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
    })

    # ------------------------------------------------------------------ invoices
    lo = np.maximum(m_lo[None, :], np.maximum(start, S)[:, None])
    hi = np.minimum(m_hi[None, :], stop[:, None])
    span = np.clip(hi - lo + 1, 0, None)
    trend = np.exp(np.clip(growth[:, None] * m_t[None, :], -1.5, 1.5))
    weight = _SEASON[m_moy][None, :] * trend * span / m_full[None, :]
    del trend
    rate = size ** 0.55  # invoices per year, before scaling: big customers buy more often
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
    del cell, lo, hi, span
    n_inv = len(inv_cust)

    mean_amount = size / np.maximum(inv_per_year, 1e-9)
    inv_amount = np.round(np.maximum(mean_amount[inv_cust] * rng.lognormal(-0.18, 0.6, n_inv), 20.0), 2)
    inv_margin = np.clip(margin[inv_cust] + rng.normal(0, 0.03, n_inv), -0.08, 0.50)
    inv_cost = np.round(inv_amount * (1 - inv_margin), 2)
    del inv_margin
    has_discount = rng.random(n_inv) < discount_p[inv_cust]
    inv_discount = np.where(has_discount, np.round(inv_amount * rng.uniform(0.01, 0.12, n_inv), 2), np.nan)
    del has_discount
    offset = _draw(rng, _PRODUCT_W, n_inv)
    inv_product = (main_product[inv_cust] + offset) % len(_PRODUCTS)
    del offset
    inv_due = inv_day + terms.astype(np.int32)[inv_cust]

    # Credit notes: about 1.5 % of invoices are partly or fully credited a few weeks later.
    cn_src = np.flatnonzero(rng.random(n_inv) < 0.015)
    cn_cust = inv_cust[cn_src]
    cn_day = np.minimum(np.minimum(inv_day[cn_src] + rng.integers(3, 60, len(cn_src)), stop[cn_cust]), E)
    cn_day = np.maximum(cn_day, inv_day[cn_src])
    cn_frac = np.where(rng.random(len(cn_src)) < 0.25, 1.0, rng.uniform(0.03, 0.5, len(cn_src)))
    cn_amount = -np.round(inv_amount[cn_src] * cn_frac, 2)
    cn_cost = -np.round(inv_cost[cn_src] * cn_frac, 2)

    # ------------------------------------------------------------------ payments
    inv_payer = payer.astype(np.int8)[inv_cust]
    delay = pay_base[inv_cust] + rng.normal(0, 1, n_inv) * np.array([4.0, 8.0, 15.0])[inv_payer]
    slow = inv_payer == 2
    delay = np.where(inv_payer == 0, np.minimum(delay, 0), delay)
    delay = np.where(slow, np.clip(delay, 30, 120), delay)
    pay_day = np.maximum(inv_due + np.round(delay).astype(np.int32), inv_day)
    del delay
    unpaid = rng.random(n_inv) < np.array([0.002, 0.004, 0.015])[inv_payer]  # disputed, never paid
    debtor_inv = traj[inv_cust] == _DEBTOR
    stop_inv = stop.astype(np.int32)[inv_cust]
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

    settle = inv_amount.copy()
    credited = cn_day <= pay_day[cn_src]
    np.add.at(settle, cn_src[credited], cn_amount[credited])
    unpaid |= settle < 0.02
    lump = lump_customer[inv_cust] & (rng.random(n_inv) < 0.6)
    part = ~lump & (settle >= 100) & (rng.random(n_inv) < np.array([0.04, 0.08, 0.15])[inv_payer])
    pay2_day = pay_day + rng.integers(10, 61, n_inv, dtype=np.int32)
    frac = rng.uniform(0.3, 0.7, n_inv)
    over = ~lump & ~part & (rng.random(n_inv) < 0.003)
    over_amt = np.where(over, np.round(settle * rng.uniform(1.005, 1.06, n_inv), 2), settle)
    paid_ok = ~unpaid & (pay_day <= E)

    single = np.flatnonzero(paid_ok & ~lump & ~part)
    p1 = np.flatnonzero(paid_ok & part)
    p2 = np.flatnonzero(paid_ok & part & (pay2_day <= E) & ~(debtor_inv & (pay2_day > stop_inv)))
    part1_amt = np.round(settle * frac, 2)
    lp = np.flatnonzero(paid_ok & lump)
    # Lump sums: one payment per customer and month, not tied to an invoice.
    pay_month = pay_day[lp].astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
    month_key = inv_cust[lp].astype(np.int64) * 100_000 + pay_month
    lorder = np.argsort(month_key, kind="stable")
    lkey = month_key[lorder]
    starts_l = np.flatnonzero(np.r_[True, lkey[1:] != lkey[:-1]]) if len(lkey) else np.array([], dtype=np.int64)
    lump_cust = inv_cust[lp][lorder][starts_l] if len(lkey) else np.array([], dtype=np.int64)
    lump_amt = np.add.reduceat(settle[lp][lorder], starts_l) if len(lkey) else np.array([])
    lump_day = np.maximum.reduceat(pay_day[lp][lorder], starts_l) if len(lkey) else np.array([], dtype=np.int64)

    pay_cust = np.concatenate([inv_cust[single], inv_cust[p1], inv_cust[p2], lump_cust])
    pay_days = np.concatenate([pay_day[single], pay_day[p1], pay2_day[p2], lump_day]).astype(np.int64)
    pay_amount = np.round(np.concatenate([over_amt[single], part1_amt[p1], settle[p2] - part1_amt[p2], lump_amt]), 2)
    pay_inv = np.concatenate([single, p1, p2, np.full(len(lump_cust), -1, dtype=np.int64)])
    # Payment promises: collection calls on late invoices, from a generator of their own so that
    # no other table depends on them. The call comes 10-40 days after the due date, before the
    # customer paid, at most once a month per customer; the customer promises to pay (the
    # invoice, or its first part) within 3-21 days. Whether the promise is kept follows from
    # when the payment really came; a broken promise is often followed by a second one.
    # Promised dates may lie after ``end`` (pending).
    rp = np.random.default_rng([seed, 41])
    due64 = inv_due.astype(np.int64)
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
    pr_amt = np.round(np.where(part[pr_inv], part1_amt[pr_inv], settle[pr_inv]), 2)
    keep_pr = pr_amt >= 1.0
    pr_inv, pr_on, pr_by, pr_amt = pr_inv[keep_pr], pr_on[keep_pr], pr_by[keep_pr], pr_amt[keep_pr]
    pr_order = _order_by_day(pr_on)
    pr_inv, pr_on, pr_by, pr_amt = pr_inv[pr_order], pr_on[pr_order], pr_by[pr_order], pr_amt[pr_order]
    pr_cust = inv_cust[pr_inv]
    pr_named = rp.random(len(pr_inv)) >= 0.25          # a quarter are promises for the account as a whole
    pr_note = rp.integers(0, len(_PROMISE_NOTES), len(pr_inv))
    pr_noted = rp.random(len(pr_inv)) < 0.6
    del due64, paid_at, late, chase, call_month, first_call, on2, by2, again, keep_pr, pr_order
    del single, p1, p2, lp, pay2_day, inv_payer, frac, over_amt, part1_amt, settle, pay_day, stop_inv, debtor_inv, slow
    keep = pay_amount >= 0.01
    pay_cust, pay_days, pay_amount, pay_inv = pay_cust[keep], pay_days[keep], pay_amount[keep], pay_inv[keep]

    # Invoices and credit notes in date order (one stable sort), each numbered in its own series.
    n_cn = len(cn_src)
    all_order = _order_by_day(np.concatenate([inv_day, cn_day]))
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
    all_ids = pa.concat_arrays([
        _ids("INV", np.arange(1, n_inv + 1), inv_width),
        _ids("CN", np.arange(1, n_cn + 1), max(6, len(str(n_cn)))),
    ]).take(pa.array(number))
    del number, inv_rows
    src = all_order.copy()  # the generated invoice behind each row (for credit notes: the credited one)
    src[cn_rows] = cn_src[cn_of_row]
    all_cust = inv_cust[src]
    all_day = inv_day[src]
    all_day[cn_rows] = cn_day[cn_of_row]
    amount_col = inv_amount[src]
    cost_col = inv_cost[src]
    amount_col[cn_rows] = cn_amount[cn_of_row]
    cost_col[cn_rows] = cn_cost[cn_of_row]
    due_col = np.where(is_cn, all_day, inv_due[src])
    discount_col = np.where(is_cn, np.nan, inv_discount[src])
    product_col = _take(_PRODUCTS, inv_product[src])
    del inv_amount, inv_cost, inv_discount, inv_due, inv_product, all_order
    invoices_df = pd.DataFrame({
        "invoice_id": _str(all_ids),
        "customer_id": _str(cust_ids.take(pa.array(all_cust))),
        "invoice_date": _dates(all_day),
        "due_date": _dates(due_col),
        "amount": amount_col,
        "cost": cost_col,
        "discount": discount_col,
        "product": _str(product_col),
    })
    del all_ids, all_cust, all_day, due_col, amount_col, cost_col, discount_col, product_col, src, is_cn

    p_order = _order_by_day(pay_days)
    pay_inv_sorted = pay_inv[p_order]
    pay_inv_ids = _ids("INV", inv_rank[np.maximum(pay_inv_sorted, 0)] + 1, inv_width, valid=pay_inv_sorted >= 0)
    payments_df = pd.DataFrame({
        "payment_id": _str(_ids("PAY", np.arange(1, len(p_order) + 1), max(7, len(str(len(p_order)))))),
        "customer_id": _str(cust_ids.take(pa.array(pay_cust[p_order]))),
        "payment_date": _dates(pay_days[p_order]),
        "amount": pay_amount[p_order],
        "invoice_id": _str(pay_inv_ids),
    })
    promises_df = pd.DataFrame({
        "customer_id": _str(cust_ids.take(pa.array(pr_cust))),
        "promised_on": _dates(pr_on),
        "pay_by": _dates(pr_by),
        "amount": pr_amt,
        "invoice_id": _str(_ids("INV", inv_rank[pr_inv] + 1, inv_width, valid=pr_named)),
        "note": _str(_null_where(_take(_PROMISE_NOTES, pr_note), ~pr_noted)),
    })
    del pr_inv, pr_on, pr_by, pr_amt, pr_cust, pr_named, pr_note, pr_noted
    del pay_inv_ids, pay_cust, pay_days, pay_amount, pay_inv, p_order, inv_rank

    # Who actually bought, and when first/last (for limits, orders and activities).
    per_customer = np.bincount(inv_cust, minlength=n)
    bought = per_customer > 0
    first_inv = np.full(n, E + 1, dtype=np.int64)
    if n_inv:  # invoices are generated customer by customer, so each customer's rows are contiguous
        row_start = (np.cumsum(per_customer) - per_customer)[bought]
        first_inv[bought] = np.minimum.reduceat(inv_day, row_start)
    del inv_cust, inv_day

    # ------------------------------------------------------------------ financials
    fy_last = end_ts.year - 1
    n_fy = max(3, years)
    fy = np.arange(fy_last - n_fy + 1, fy_last + 1)
    t = np.arange(n_fy)[None, :] - (n_fy - 1)  # 0 for the latest year, negative before
    firm_growth = 0.5 * growth + rng.normal(0.03, 0.08, n)
    fin_revenue = firm_revenue[:, None] * np.exp(firm_growth[:, None] * t) * rng.lognormal(0, 0.08, (n, n_fy))
    turnover = np.exp(rng.normal(np.log(1.8), 0.45, n))[:, None] * rng.lognormal(0, 0.08, (n, n_fy))
    net_margin = np.clip(0.065 + 0.045 * health + rng.normal(0, 0.03, n), -0.15, 0.22)[:, None] \
        + rng.normal(0, 0.025, (n, n_fy))
    net_margin = np.clip(net_margin, -0.20, 0.28)
    net_profit = fin_revenue * net_margin
    assets = fin_revenue / turnover
    distressed = (health < np.quantile(health, 0.015)) if n >= 60 else (traj == _DEBTOR)
    equity_share0 = np.where(distressed, rng.uniform(-0.15, 0.04, n),
                             np.clip(0.45 + 0.15 * health + rng.normal(0, 0.1, n), 0.12, 0.80))
    retain = rng.uniform(0.3, 0.9, n)[:, None]
    kept = np.where(net_profit > 0, retain * net_profit, net_profit)
    kept[:, 0] = 0.0
    equity = equity_share0[:, None] * assets[:, :1] + np.cumsum(kept, axis=1)
    # Profitable firms keep part of their profit as cash: assets grow with equity (some debt remains).
    assets = np.maximum(assets, equity / (1 - rng.uniform(0.15, 0.35, n))[:, None])
    liabilities = assets - equity
    ca_share = np.clip(rng.uniform(0.35, 0.85, n)[:, None] + rng.normal(0, 0.03, (n, n_fy)), 0.2, 0.95)
    current_assets = assets * ca_share
    inv_share = np.clip(rng.uniform(0.12, 0.45, n)[:, None] + rng.normal(0, 0.03, (n, n_fy)), 0.05, 0.6)
    pre_share = rng.uniform(0.005, 0.05, (n, n_fy))
    inventory = current_assets * inv_share
    prepaid = current_assets * pre_share
    quick = np.clip(np.exp(rng.normal(0.3 * health, 0.25, n))[:, None] * rng.lognormal(0, 0.08, (n, n_fy)),
                    0.25, 3.0)
    current_liabilities = np.minimum(current_assets * (1 - inv_share - pre_share) / quick, 0.97 * liabilities)
    prepaid = np.where((rng.random(n) < 0.12)[:, None], np.nan, prepaid)
    has_fin = rng.random(n) >= np.where(never, 0.5, 0.06)
    has_year = np.ones((n, n_fy), dtype=bool)
    has_year[:, 0] = rng.random(n) >= np.where(is_new, 0.4, 0.08)
    has_year &= has_fin[:, None]
    fc, fyi = np.nonzero(has_year)
    financials_df = pd.DataFrame({
        "customer_id": _str(cust_ids.take(pa.array(fc))),
        "period_end": pd.to_datetime(pd.Series(fy[fyi]).astype(str) + "-12-31").to_numpy().astype("datetime64[us]"),
        "current_assets": np.round(current_assets[fc, fyi], 2),
        "inventory": np.round(inventory[fc, fyi], 2),
        "current_liabilities": np.round(current_liabilities[fc, fyi], 2),
        "total_assets": np.round(assets[fc, fyi], 2),
        "total_liabilities": np.round(liabilities[fc, fyi], 2),
        "revenue": np.round(fin_revenue[fc, fyi], 2),
        "net_profit": np.round(net_profit[fc, fyi], 2),
        "prepaid_expenses": np.round(prepaid[fc, fyi], 2),
    })
    equity_growth = equity[:, -1] - equity[:, 0]
    profitable = (net_profit > 0).sum(axis=1)

    # ------------------------------------------------------------------ credit factors
    assessed = np.where(never, rng.random(n) < 0.3, rng.random(n) < 0.97)
    a1 = np.minimum(np.maximum(np.maximum(start, S) - 30, S) + rng.integers(0, 90, n), E)
    a1 = np.minimum(a1, np.where(stopped, np.maximum(stop, S), E))
    # Credit departments re-assess customers about once a year while they buy; some
    # reviews lapse (the re-review list catches those). The schedule has its own
    # random stream so that its size does not shift the draws of the tables after it.
    rs = np.random.default_rng([seed, 17])
    interval = rs.integers(330, 400, n)
    last_possible = np.where(stopped, np.maximum(np.minimum(stop, E), a1), E)
    k = (last_possible - a1) // interval + 1
    lapsed = rs.random(n) < 0.2
    k = np.where(lapsed, np.minimum(k, rs.integers(1, 3, n)), k)
    k = np.where(assessed, np.maximum(k, 1), 0)
    fa_cust = np.repeat(np.arange(n), k)
    fa_round = np.arange(len(fa_cust)) - np.repeat(np.cumsum(k) - k, k)
    fa_day = np.minimum(a1[fa_cust] + fa_round * interval[fa_cust] + rs.integers(-10, 11, len(fa_cust)) * (fa_round > 0), E)
    fa_second = fa_round > 0
    m = len(fa_cust)
    drift = np.where(fa_second, np.clip(growth[fa_cust], -0.5, 0.5) * 0.8, 0.0)
    h = health[fa_cust][:, None] + drift[:, None]
    loads = np.array([0.8, 0.3, 0.6, 0.6, 0.5, 0.8, 0.3, 0.7, 0.9, 0.7, 0.2, 0.8])
    latent = h * loads[None, :] + rs.normal(0, 0.7, (m, 12))
    latent[:, 1] += 0.9 * zsize[fa_cust]  # size_ownership
    latent[:, 4] += np.sign(equity_growth[fa_cust]) * 0.6  # capital_growth_3y
    latent[:, 5] += (profitable[fa_cust] - 2) * 0.6  # profit_record_3y
    scores = np.clip(np.round(3.1 + latent), 1, 5)
    missing = (rs.random(m) < 0.2)[:, None] & (rs.random((m, 12)) < 0.2)
    scores = np.where(missing, np.nan, scores)
    credit_factors_df = pd.DataFrame({
        "customer_id": _str(cust_ids.take(pa.array(fa_cust))),
        "assessed_on": _dates(fa_day),
        **{name: pd.array(scores[:, j], dtype="Float64").astype("Int64")
           for j, name in enumerate(CREDIT_FACTORS)},
    })

    # ------------------------------------------------------------------ credit limits
    has_limit = np.where(bought, rng.random(n) < 0.9, rng.random(n) < 0.3)

    def monthly_at(day):  # a customer's monthly purchases around ``day`` (following its trend)
        return size / 12.0 * np.exp(np.clip(growth * (day - (S + E) / 2) / 365.25, -1.5, 1.5))

    # Limits cover the payment terms and the usual delay with a margin (about 1-3 months of purchases);
    # some are tight, so that their customers end up over the limit.
    months = np.clip((terms + 0.5 * np.maximum(pay_base, 0) + 15) / 30 * rng.uniform(1.1, 1.5, n), 1.0, 3.5)
    months = np.where(rng.random(n) < 0.08, months * rng.uniform(0.3, 0.6, n), months)
    base = np.where(bought, np.minimum(first_inv, np.maximum(start, S)), np.maximum(np.minimum(start, E), S))
    l1_day = np.minimum(base - np.where(is_new | never, rng.integers(0, 30, n), rng.integers(0, 400, n)), E)
    l2_day = l1_day + rng.integers(180, 700, n)
    # Growing customers usually had their limit raised recently.
    growing = traj == _GROWING
    l2_day = np.where(growing, np.maximum(l1_day + 180, E - rng.integers(20, 400, n)), l2_day)
    second_l = has_limit & bought & (rng.random(n) < np.where(growing, 0.8, 0.4)) & (l2_day <= np.minimum(E, stop))
    limit1 = np.maximum(_round_to(monthly_at(l1_day) * months, 1000), 5000)
    limit2 = np.maximum(_round_to(monthly_at(l2_day) * months * rng.uniform(0.9, 1.3, n), 1000), 5000)
    lc = np.concatenate([np.flatnonzero(has_limit), np.flatnonzero(second_l)])
    l_day = np.concatenate([l1_day[has_limit], l2_day[second_l]])
    l_amt = np.concatenate([limit1[has_limit], limit2[second_l]])
    l_change = np.concatenate([limit1[has_limit], (limit2 - limit1)[second_l]])
    l_order = np.lexsort((l_day, lc))
    lc, l_day, l_amt, l_change = lc[l_order], l_day[l_order], l_amt[l_order], l_change[l_order]
    collateral = np.where(rng.random(len(lc)) < 0.15, _round_to(l_amt * rng.uniform(0.2, 1.0, len(lc)), 1000), np.nan)
    credit_limits_df = pd.DataFrame({
        "customer_id": _str(cust_ids.take(pa.array(lc))),
        "credit_limit": l_amt,
        "approved_by": np.array(APPROVERS, dtype=object)[_approver(l_change)],
        "approved_on": _dates(l_day),
        "collateral": collateral,
    })

    # ------------------------------------------------------------------ activities
    a_lo = np.where(never, S, np.maximum(S, start - 60))
    a_hi = np.where(never, E, np.minimum(E, stop))
    a_span = np.maximum(a_hi - a_lo + 1, 0)
    a_rate = np.where(never, 4.0, np.clip(6.0 * np.sqrt(size / median_size), 1.0, 80.0) * np.where(demanding, 4.0, 1.0))
    a_count = rng.poisson(a_rate * a_span / 365.25)
    act_cust = np.repeat(np.arange(n), a_count)
    n_act = len(act_cust)
    act_day = a_lo[act_cust] + np.floor(rng.random(n_act) * a_span[act_cust]).astype(np.int64)
    act_type = _draw(rng, _ACTIVITY_P, n_act)
    hours = np.clip(np.round(_ACTIVITY_HOURS[act_type] * rng.lognormal(0, 0.5, n_act) * 4) / 4, 0.25, 8.0)
    act_order = _order_by_day(act_day)
    act_cust, act_day, act_type, hours = act_cust[act_order], act_day[act_order], act_type[act_order], hours[act_order]
    activities_df = pd.DataFrame({
        "activity_id": _str(_ids("A", np.arange(1, n_act + 1), max(7, len(str(n_act))))),
        "customer_id": _str(cust_ids.take(pa.array(act_cust))),
        "date": _dates(act_day),
        "type": _str(_take(_ACTIVITY_TYPES, act_type)),
        "account_manager": _str(_take(ACCOUNT_MANAGERS, manager[act_cust])),
        "hours": hours,
    })
    del act_cust, act_day, act_type, hours

    # ------------------------------------------------------------------ leads
    n_leads = max(16, int(round(0.3 * n)))
    man = np.empty((n_leads, 3), dtype=bool)
    combo = np.arange(16) % 8  # every Money/Authority/Need combination at least twice
    man[:16] = (combo[:, None] >> np.array([2, 1, 0])[None, :]) & 1
    man[16:] = rng.random((n_leads - 16, 3)) < np.array([0.55, 0.5, 0.6])
    man = man[rng.permutation(n_leads)]
    lead_region = _draw(rng, _REGION_P, n_leads)
    lead_owner = _managers_for(rng, lead_region, n_managers)
    lead_value = np.exp(rng.normal(np.log(120_000), 1.2, n_leads)) * np.where(man[:, 0] & man[:, 2], 1.8, 1.0)
    leads_df = pd.DataFrame({
        "lead_id": _str(_ids("L", np.arange(1, n_leads + 1), 6)),
        "company": _str(_company_names(rng, lead_region, rng.random(n_leads) < 0.42)),
        "region": np.array(REGIONS, dtype=object)[lead_region],
        "owner": np.array(ACCOUNT_MANAGERS, dtype=object)[lead_owner],
        "money": man[:, 0],
        "authority": man[:, 1],
        "need": man[:, 2],
        "estimated_annual_value": np.maximum(_round_to(lead_value, 1000), 1000),
    })

    # ------------------------------------------------------------------ open orders
    active = bought & ~stopped
    with_orders = active & (rng.random(n) < 0.12 + 0.35 * size_q)
    o_count = np.where(with_orders, 1 + rng.binomial(2, 0.3, n), 0)
    oc = np.repeat(np.arange(n), o_count)
    o_day = np.maximum(E - rng.integers(0, 46, len(oc)), np.maximum(start[oc], S))
    o_amt = np.maximum(np.round(monthly_at(E)[oc] * rng.uniform(0.05, 0.6, len(oc)), 2), 100.0)
    o_order = _order_by_day(o_day)
    oc, o_day, o_amt = oc[o_order], o_day[o_order], o_amt[o_order]
    open_orders_df = pd.DataFrame({
        "customer_id": _str(cust_ids.take(pa.array(oc))),
        "amount": o_amt,
        "order_id": _str(_ids("SO", np.arange(1, len(oc) + 1), 6)),
        "order_date": _dates(o_day),
    })

    # ------------------------------------------------------------------ contacts
    c_count = 1 + rng.binomial(2, 0.45, n)
    cc = np.repeat(np.arange(n), c_count)
    k = np.arange(len(cc)) - np.repeat(np.cumsum(c_count) - c_count, c_count)  # 0, 1, 2 within a customer
    first_role = np.where(rng.random(n) < 0.7, 0, np.where(rng.random(n) < 0.5, 1, 5))
    role = (first_role[cc] + k * np.array([0, 2, 3])[np.minimum(k, 2)]) % len(_ROLES)
    birthday = _dates(_day("1960-01-01") + rng.integers(0, _day("1998-12-31") - _day("1960-01-01"), len(cc)))
    birthday[rng.random(len(cc)) >= 0.45] = np.datetime64("NaT")
    phone = _ids("1", rng.integers(3_000_000_000, 9_999_999_999, len(cc)), 10, valid=rng.random(len(cc)) < 0.75)
    contacts_df = pd.DataFrame({
        "customer_id": _str(cust_ids.take(pa.array(cc))),
        "name": _str(_person_names(rng, chinese[cc])),
        "role": _str(_take(_ROLES, role)),
        "birthday": birthday,
        "phone": _str(phone),
    })

    frames = {
        "customers": customers_df,
        "financials": financials_df,
        "credit_factors": credit_factors_df,
        "invoices": invoices_df,
        "payments": payments_df,
        "credit_limits": credit_limits_df,
        "activities": activities_df,
        "leads": leads_df,
        "open_orders": open_orders_df,
        "contacts": contacts_df,
        "promises": promises_df,
    }
    return KamData({name: conform(df, name) for name, df in frames.items()})

