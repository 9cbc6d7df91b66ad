"""The selling side of the sample book: activities, leads, open orders and contacts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from ..money import round_cents
from ._common import _dates, _day, _draw, _ids, _order_by_day, _round_to, _str, _take, _Window
from .customers import _Customers, _monthly_at
from .vocabulary import (
    _ACTIVITY_HOURS,
    _ACTIVITY_P,
    _ACTIVITY_TYPES,
    _REGION_P,
    _ROLES,
    ACCOUNT_MANAGERS,
    REGIONS,
    _company_names,
    _managers_for,
    _person_names,
)


def _activities(rng: np.random.Generator, c: _Customers, w: _Window) -> pd.DataFrame:
    """Visits, calls, events and more, by customer size (demanding customers take much more time)."""
    n, never, start, stop, size, median_size = c.n, c.never, c.start, c.stop, c.size, c.median_size
    demanding, manager, cust_ids, S, E = c.demanding, c.manager, c.ids, w.S, w.E
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
    activities_df = pd.DataFrame(
        {
            "activity_id": _str(_ids("A", np.arange(1, n_act + 1), max(7, len(str(n_act))))),
            "customer_id": _str(cust_ids.take(pa.array(act_cust))),
            "date": _dates(act_day),
            "type": _str(_take(_ACTIVITY_TYPES, act_type)),
            "account_manager": _str(_take(ACCOUNT_MANAGERS, manager[act_cust])),
            "hours": hours,
        }
    )
    return activities_df


def _leads(rng: np.random.Generator, c: _Customers) -> pd.DataFrame:
    """Leads with every Money/Authority/Need combination."""
    n, n_managers = c.n, c.n_managers
    n_leads = max(16, int(round(0.3 * n)))
    man = np.empty((n_leads, 3), dtype=bool)
    combo = np.arange(16) % 8  # every Money/Authority/Need combination at least twice
    man[:16] = (combo[:, None] >> np.array([2, 1, 0])[None, :]) & 1
    man[16:] = rng.random((n_leads - 16, 3)) < np.array([0.55, 0.5, 0.6])
    man = man[rng.permutation(n_leads)]
    lead_region = _draw(rng, _REGION_P, n_leads)
    lead_owner = _managers_for(rng, lead_region, n_managers)
    lead_value = np.exp(rng.normal(np.log(120_000), 1.2, n_leads)) * np.where(man[:, 0] & man[:, 2], 1.8, 1.0)
    leads_df = pd.DataFrame(
        {
            "lead_id": _str(_ids("L", np.arange(1, n_leads + 1), 6)),
            "company": _str(_company_names(rng, lead_region, rng.random(n_leads) < 0.42)),
            "region": np.array(REGIONS, dtype=object)[lead_region],
            "owner": np.array(ACCOUNT_MANAGERS, dtype=object)[lead_owner],
            "money": man[:, 0],
            "authority": man[:, 1],
            "need": man[:, 2],
            "estimated_annual_value": np.maximum(_round_to(lead_value, 1000), 1000),
        }
    )
    return leads_df


def _open_orders(rng: np.random.Generator, c: _Customers, w: _Window, bought: np.ndarray) -> pd.DataFrame:
    """Orders not yet invoiced, of active customers (more often the big ones)."""
    n, stopped, size_q, start, cust_ids, S, E = c.n, c.stopped, c.size_q, c.start, c.ids, w.S, w.E
    active = bought & ~stopped
    with_orders = active & (rng.random(n) < 0.12 + 0.35 * size_q)
    o_count = np.where(with_orders, 1 + rng.binomial(2, 0.3, n), 0)
    oc = np.repeat(np.arange(n), o_count)
    o_day = np.maximum(E - rng.integers(0, 46, len(oc)), np.maximum(start[oc], S))
    o_amt = np.maximum(round_cents(_monthly_at(c, w, E)[oc] * rng.uniform(0.05, 0.6, len(oc))), 100.0)
    o_order = _order_by_day(o_day)
    oc, o_day, o_amt = oc[o_order], o_day[o_order], o_amt[o_order]
    open_orders_df = pd.DataFrame(
        {
            "customer_id": _str(cust_ids.take(pa.array(oc))),
            "amount": o_amt,
            "order_id": _str(_ids("SO", np.arange(1, len(oc) + 1), 6)),
            "order_date": _dates(o_day),
        }
    )
    return open_orders_df


def _contacts(rng: np.random.Generator, c: _Customers) -> pd.DataFrame:
    """One to three contacts per customer, with role, birthday and phone."""
    n, chinese, cust_ids = c.n, c.chinese, c.ids
    c_count = 1 + rng.binomial(2, 0.45, n)
    cc = np.repeat(np.arange(n), c_count)
    k = np.arange(len(cc)) - np.repeat(np.cumsum(c_count) - c_count, c_count)  # 0, 1, 2 within a customer
    first_role = np.where(rng.random(n) < 0.7, 0, np.where(rng.random(n) < 0.5, 1, 5))
    role = (first_role[cc] + k * np.array([0, 2, 3])[np.minimum(k, 2)]) % len(_ROLES)
    birthday = _dates(_day("1960-01-01") + rng.integers(0, _day("1998-12-31") - _day("1960-01-01"), len(cc)))
    birthday[rng.random(len(cc)) >= 0.45] = np.datetime64("NaT")
    phone = _ids("1", rng.integers(3_000_000_000, 9_999_999_999, len(cc)), 10, valid=rng.random(len(cc)) < 0.75)
    contacts_df = pd.DataFrame(
        {
            "customer_id": _str(cust_ids.take(pa.array(cc))),
            "name": _str(_person_names(rng, chinese[cc])),
            "role": _str(_take(_ROLES, role)),
            "birthday": birthday,
            "phone": _str(phone),
        }
    )
    return contacts_df
