"""Provisions: bad-debt provision (坏账准备) by the policy's own bands of days past due, and the
specific provisions (个别计提) of disputes, silent debtors and legal cases."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..money import from_cents, half_up, to_cents
from ..periods import as_date, months_before, period_bounds, period_of
from ..policy import load_policy
from ..store import KamData
from ._common import _data, _ratio
from .buckets import _bucket_bounds, aging
from .silent import silent_debtors

#: Columns of :func:`provisions` per customer after the provision of each bucket.
PROVISION_COLUMNS: tuple[str, ...] = (
    "band_provision",
    "disputed",
    "specific_provision",
    "specific_reason",
    "provision",
    "provision_share",
    "provision_share_reason",
)


def provision_bands(policy: Any = None) -> list[int]:
    """The upper edges (days past due) of the provision bands: the names of
    ``receivables.provision_rates``, independent of the display buckets.

    >>> provision_bands()
    [30, 60, 90, 180, 365]
    """
    names = list(load_policy(policy)["receivables"]["provision_rates"])
    return [int(re.fullmatch(r"d\d+_(\d+)", n).group(1)) for n in names[1:-1]]


def _rates(names: Sequence[str], bands: Mapping[str, float]) -> np.ndarray:
    """The rate of each aging bucket of ``names``: that of the provision band holding it whole.

    A bucket that runs across two bands has no one rate: a ValueError says to age at the bands.
    """
    band_names = list(bands)
    band_first = _bucket_bounds(band_names)
    band_last = [f - 1 for f in band_first[1:]] + [np.inf]
    first = _bucket_bounds(names)
    last = [f - 1 for f in first[1:]] + [np.inf]
    out = []
    for name, lo, hi in zip(names, first, last):
        k = int(np.searchsorted(band_first, lo, side="right")) - 1
        if hi > band_last[k]:
            raise ValueError(
                f"the aging bucket {name} runs across the provision bands {band_names[k]} and {band_names[k + 1]}: "
                "give provisions the data and as_of, or an aging at the provision bands (provision_bands)"
            )
        out.append(float(bands[band_names[k]]))
    return np.array(out)


def _specific(out: pd.DataFrame, aged: pd.DataFrame, pol: Any, silent: pd.Index | None) -> tuple[np.ndarray, pd.Series]:
    """The specific provision of each customer (cents) and its reason: what is disputed at the
    disputes rate, and the undisputed balance of a silent debtor or a legal case topped up to its rate."""
    spec = pol["receivables"]["specific_provisions"]
    disputed = to_cents(out["disputed"])
    part = half_up(disputed * float(spec["disputes"]))
    reason = pd.Series("", index=out.index, dtype="str")
    rate_text = f"{float(spec['disputes']):.0%}".replace("%", " %")
    has = disputed > 0
    money = pd.Series(from_cents(disputed), index=out.index).map("{:,.0f}".format).astype("str")  # whole 元
    reason[has] = "disputes " + money[has] + f" at {rate_text}"
    base = to_cents(out["receivables"]) - disputed
    band = to_cents(out["band_provision"])
    floor = np.zeros(len(out), dtype="int64")
    cases = (
        ("silent debtor", spec["silent"], out.index.isin(silent) if silent is not None else np.zeros(len(out), bool)),
        (
            "legal case",
            spec["legal"],
            aged["max_days_past_due"].to_numpy() > int(pol["credit"]["limit"]["legal_days_past_due"]),
        ),
    )
    for name, rate, where in cases:
        if rate is None:
            continue
        need = np.where(where, half_up(base * float(rate)), 0)
        raise_ = where & (need > band)
        floor = np.maximum(floor, need)
        text = f"{name}: at least {float(rate):.0%}".replace("%", " %") + " of "
        bal = pd.Series(from_cents(base), index=out.index).map("{:,.0f}".format).astype("str")
        reason[raise_] = reason[raise_].where(reason[raise_] == "", reason[raise_] + "; ") + text + bal[raise_]
    return part + np.maximum(floor - band, 0), reason.where(reason != "", pd.NA)


def _aged(
    aging_or_data: pd.DataFrame | KamData | Mapping[str, pd.DataFrame], pol: Any, as_of: Any, edges: Sequence[int]
) -> tuple[pd.DataFrame, pd.Index | None]:
    """The aging to provide for (of data: at the provision bands and ``edges``) and the silent
    debtors (None: not known from an aging frame)."""
    if isinstance(aging_or_data, pd.DataFrame):
        return aging_or_data, None
    if as_of is None:
        raise TypeError("provisions of data need as_of")
    src = _data(aging_or_data)
    as_of = as_date(as_of)
    aged = aging(src, as_of, sorted(set(provision_bands(pol)) | {int(e) for e in edges}))
    return aged, silent_debtors(src, as_of, pol, aged=aged).index


def provisions(
    aging_or_data: pd.DataFrame | KamData | Mapping[str, pd.DataFrame],
    policy: Any = None,
    *,
    by: str = "customer",
    as_of: Any = None,
    edges: Sequence[int] = (),
) -> pd.DataFrame:
    """Bad-debt provision (坏账准备): each customer's open receivables by the policy's provision
    bands at their rates, and the specific provisions (个别计提) with their reason.

    The bands are the names of ``receivables.provision_rates`` (``current``, ``d1_30``, ...,
    ``d365_plus``), not the display buckets: editing ``receivables.buckets`` changes no
    provision. What is under an open dispute is in no band: it is provided at
    ``receivables.specific_provisions.disputes``; a silent debtor (:func:`silent_debtors`) and a
    legal case (an invoice more than ``credit.limit.legal_days_past_due`` past due) are provided
    at least at the ``silent`` and ``legal`` rates of their undisputed balance (what that adds to
    the bands is their specific provision). Amounts are rounded to the cent half up, then added.

    Parameters
    ----------
    aging_or_data
        A KamData (or a mapping of DataFrames by table name) with ``as_of``: aged here at the
        provision bands (and ``edges``); or a frame of :func:`aging` whose buckets each lie within
        one band (aged at the bands or finer), then silent debtors are not known (no such
        specific provision).
    policy
        Policy file, mapping or loaded policy (None: defaults).
    by
        ``"customer"``: one row per customer with ``receivables`` (all that is open, disputed
        included), ``provision_<bucket>`` per bucket, then :data:`PROVISION_COLUMNS`;
        ``"bucket"``: one row per bucket with ``receivables``, ``rate``, ``provision`` (the bands' only).
    as_of
        The date, when ``aging_or_data`` is data.
    edges
        More bucket edges (days past due) to age at besides the bands' (e.g. the legal days),
        so that ``provision_<bucket>`` shows the provision beyond them.

    Examples
    --------
    >>> import pandas as pd
    >>> from kamtools.receivables import aging
    >>> ag = aging(pd.DataFrame({"customer_id": ["C1", "C1"], "open_amount": [1000.0, 200.0],
    ...     "days_past_due": [0, 100]}), "2026-10-31")
    >>> provisions(ag, by="bucket").loc[["current", "d91_180"]]  # doctest: +NORMALIZE_WHITESPACE
             receivables  rate  provision
    bucket
    current       1000.0  0.00        0.0
    d91_180        200.0  0.25       50.0
    """
    pol = load_policy(policy)
    bands = pol["receivables"]["provision_rates"]
    aged, silent = _aged(aging_or_data, pol, as_of, edges)
    if "total" not in aged.columns:
        raise KeyError("provisions needs the frame of aging() (with a 'total' column)")
    names = list(aged.columns[: list(aged.columns).index("total")])
    rate = _rates(names, bands)
    amounts = np.column_stack([to_cents(aged[b]) for b in names]) if names else np.zeros((len(aged), 0))
    prov = half_up(amounts * rate[None, :])
    if by == "bucket":
        out = pd.DataFrame(
            {"receivables": from_cents(amounts.sum(axis=0)), "rate": rate, "provision": from_cents(prov.sum(axis=0))},
            index=pd.Index(names, name="bucket"),
        )
        return out
    if by != "customer":
        raise ValueError(f"by must be 'customer' or 'bucket', got {by!r}")
    out = pd.DataFrame(index=aged.index.copy())
    out["receivables"] = aged["total"].astype("float64")
    for i, b in enumerate(names):
        out[f"provision_{b}"] = from_cents(prov[:, i])
    out["band_provision"] = from_cents(prov.sum(axis=1))
    out["disputed"] = aged["disputed"].astype("float64") if "disputed" in aged else 0.0
    specific, out["specific_reason"] = _specific(out, aged, pol, silent)
    out["specific_provision"] = from_cents(specific)
    out["provision"] = from_cents(prov.sum(axis=1) + specific)
    out["provision_share"], out["provision_share_reason"] = _ratio(
        out["provision"], out["receivables"], "no receivables"
    )
    return out[["receivables", *(f"provision_{b}" for b in names), *PROVISION_COLUMNS]]


def provision_change(
    data: KamData, as_of: Any, policy: Any = None, now: pd.DataFrame | None = None
) -> tuple[float, float, pd.Timestamp]:
    """The provision at ``as_of`` (:func:`provisions`, summed; ``now``: that frame when the caller has it), the change
    since the end of the month before (what the finance manager books this month: more, or released) and that month
    end.

    >>> import kamtools as kt
    >>> now, change, before = provision_change(kt.sample_data(customers=40, years=2, seed=1), "2026-10-31")
    >>> str(before.date()), now >= 0
    ('2026-09-30', True)
    """
    pol = load_policy(policy)
    before = pd.Timestamp(period_bounds(period_of(months_before(as_date(as_of), 1)))[1])
    total = float((provisions(data, pol, as_of=as_of) if now is None else now)["provision"].sum())
    return total, total - float(provisions(data, pol, as_of=before)["provision"].sum()), before
