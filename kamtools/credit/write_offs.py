"""The write-off register (坏账核销登记) and who answers for each bad debt (坏账责任).

Each write-off of the ``write_offs`` table is split by :func:`kamtools.credit.accountability`
between its handler (``handled_by``: the account manager who handled the customer when the
debt arose; empty, the customer's account manager) and the approver of the customer's credit
limit in force on the day of the write-off (:func:`kamtools.credit.limit_in_force.limit_in_force`):
within that limit by the policy's shares (``credit.accountability``: the company's choice), above
it the handler alone. Who approved the write-off itself is recorded beside it. Each write-off
also states its recovery equation: the sales that earn it back at the customer's own gross margin
(:func:`kamtools.receivables.recovery`).

The split is an internal measure of performance: in many jurisdictions an employee's personal
liability for a bad debt is limited by law.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from ..periods import as_date
from ..policy import load_policy
from ..receivables.buckets import aging
from ..receivables.recovery import recovery
from ..schema import empty_frame
from ..store import KamData
from .bad_debt import accountability
from .limit_in_force import limit_in_force

#: Columns of :func:`write_off_register`, after ``customer_id``.
REGISTER_COLUMNS = (
    "name",
    "written_off_on",
    "year",
    "amount",
    "why_written_off",
    "write_off_approved_by",
    "handled_by",
    "limit_approved_by",
    "approved_limit",
    "within_limit",
    "above_limit",
    "handler_amount",
    "approver_amount",
    "margin_rate",
    "margin_basis",
    "sales_to_recover",
)
#: Columns of :func:`accountability_by_person`.
PERSON_COLUMNS = ("write_offs_handled", "as_handler", "write_offs_approved", "as_approver", "borne")


def _source(data: KamData | Mapping[str, pd.DataFrame]) -> KamData:
    return data if isinstance(data, KamData) else KamData(dict(data))


def write_offs_table(data: KamData, as_of: Any = None) -> pd.DataFrame:
    """The ``write_offs`` table (empty when the data has none) up to ``as_of``, oldest first, with
    ``handled_by`` filled with the customer's account manager where empty."""
    wo = data.table("write_offs").copy() if data.has("write_offs") else empty_frame("write_offs")
    for col in ("handled_by", "reason"):
        if col not in wo.columns:
            wo[col] = pd.Series(pd.NA, index=wo.index, dtype="str")
    wo["customer_id"] = wo["customer_id"].astype("str")
    wo["written_off_on"] = pd.to_datetime(wo["written_off_on"]).astype("datetime64[us]")
    if as_of is not None:
        wo = wo[wo["written_off_on"] <= pd.Timestamp(as_date(as_of))]
    managers = data.customers.set_index("customer_id")["account_manager"].astype("str")
    handler = wo["handled_by"].astype("str").str.strip().replace("", pd.NA)
    wo["handled_by"] = handler.fillna(wo["customer_id"].map(managers)).fillna("(none)").astype("str")
    return wo.sort_values(["written_off_on", "customer_id"], kind="mergesort").reset_index(drop=True)


def _limits_on_the_day(data: KamData, wo: pd.DataFrame, pol: Mapping) -> pd.DataFrame:
    """The limit in force of each write-off's customer on the day of its write-off (one lookup per day)."""
    parts = []
    for day, rows in wo.groupby("written_off_on", sort=True):
        ids = pd.Index(sorted(rows["customer_id"].unique()), name="customer_id", dtype="str")
        lim = limit_in_force(data, day.date(), pol, ids)
        parts.append(lim[["approved_limit", "approved_by"]].assign(written_off_on=day).reset_index())
    if not parts:
        return pd.DataFrame(
            {
                "customer_id": pd.Series(dtype="str"),
                "approved_limit": pd.Series(dtype="float64"),
                "approved_by": pd.Series(dtype="str"),
                "written_off_on": pd.Series(dtype="datetime64[us]"),
            }
        )
    return pd.concat(parts, ignore_index=True)


def write_off_register(
    data: KamData | Mapping[str, pd.DataFrame], as_of: Any = None, policy: Any = None
) -> pd.DataFrame:
    """The write-offs up to ``as_of`` (all when None), oldest first, with who answers for each and the
    sales that earn each back.

    Returns
    -------
    DataFrame
        Indexed by ``customer_id`` (one row per write-off): :data:`REGISTER_COLUMNS` — the write-off
        (``written_off_on``, ``year``, ``amount``, ``why_written_off``, ``write_off_approved_by``), its
        handler (``handled_by``), the limit in force that day and its approver (``approved_limit``,
        ``limit_approved_by``), the split (``within_limit``, ``above_limit``, ``handler_amount``,
        ``approver_amount``) and the recovery equation (``margin_rate``, ``margin_basis``,
        ``sales_to_recover``, at the customer's margin of the months before the write-off).

    Examples
    --------
    >>> import kamtools as kt
    >>> reg = write_off_register(kt.sample_data(customers=300, years=3, seed=7), "2026-10-31")
    >>> bool(((reg["handler_amount"] + reg["approver_amount"] - reg["amount"]).abs() < 0.011).all())
    True
    """
    src = _source(data)
    pol = load_policy(policy)
    wo = write_offs_table(src, as_of)
    lim = _limits_on_the_day(src, wo, pol)
    keyed = wo.merge(lim, on=["customer_id", "written_off_on"], how="left")
    split = accountability(
        pd.DataFrame(
            {
                "customer_id": keyed["customer_id"],
                "amount": keyed["amount"].astype("float64"),
                "handler": keyed["handled_by"],
                "approver": keyed["approved_by_y"].where(keyed["approved_by_y"].notna(), None),
                "written_off_on": keyed["written_off_on"],
            }
        ),
        _limit_frame(keyed),
        pol,
    )
    names = src.customers.set_index("customer_id")["name"].astype("str")
    out = pd.DataFrame(index=pd.Index(keyed["customer_id"].to_numpy(), name="customer_id", dtype="str"))
    out["name"] = keyed["customer_id"].map(names).to_numpy()
    out["written_off_on"] = keyed["written_off_on"].to_numpy()
    out["year"] = keyed["written_off_on"].dt.year.astype("str").to_numpy()  # a label, not a number
    out["amount"] = keyed["amount"].astype("float64").to_numpy()
    out["why_written_off"] = keyed["reason"].astype("str").to_numpy()
    out["write_off_approved_by"] = keyed["approved_by_x"].astype("str").to_numpy()
    out["handled_by"] = keyed["handled_by"].to_numpy()
    out["limit_approved_by"] = keyed["approved_by_y"].astype("str").to_numpy()
    for col in ("approved_limit", "within_limit", "above_limit", "handler_amount", "approver_amount"):
        out[col] = split[col].to_numpy()
    out = out.join(_recovery_per_write_off(src, keyed, pol).set_axis(out.index))
    return out


def _limit_frame(keyed: pd.DataFrame) -> pd.DataFrame:
    """``accountability``'s limits: one approved limit per customer, the one in force on the day of its first
    write-off (its later write-offs use up what their earlier ones left of it)."""
    first = keyed.drop_duplicates("customer_id", keep="first").set_index("customer_id")
    return pd.DataFrame(
        {"approved_limit": first["approved_limit"].astype("float64").fillna(0.0), "approved_by": first["approved_by_y"]}
    )


def _recovery_per_write_off(src: KamData, keyed: pd.DataFrame, pol: Mapping) -> pd.DataFrame:
    """The recovery equation of each write-off at the customer's margin up to the day of the write-off."""
    parts = []
    for day, rows in keyed.groupby("written_off_on", sort=True):
        loss = pd.Series(rows["amount"].astype("float64").to_numpy(), index=rows["customer_id"].to_numpy())
        r = recovery(src, day.date(), loss, pol).set_axis(rows.index)
        parts.append(r[["margin_rate", "margin_basis", "sales_to_recover"]])
    if not parts:
        return pd.DataFrame(
            {
                "margin_rate": pd.Series(dtype="float64"),
                "margin_basis": pd.Series(dtype="str"),
                "sales_to_recover": pd.Series(dtype="float64"),
            }
        )
    return pd.concat(parts).reindex(keyed.index)


def accountability_by_person(register: pd.DataFrame) -> pd.DataFrame:
    """What each person bears of the write-offs of each year, as handler and as approver of the limit.

    Returns
    -------
    DataFrame
        Indexed by ``year`` and ``person`` (largest borne first within a year):
        ``write_offs_handled``, ``as_handler``, ``write_offs_approved``, ``as_approver`` and ``borne``
        (the two added up).

    Examples
    --------
    >>> reg = pd.DataFrame({"year": ["2026", "2026"], "handled_by": ["Li", "Li"], "limit_approved_by": ["Wang", "Li"],
    ...     "handler_amount": [80.0, 30.0], "approver_amount": [70.0, 70.0]})
    >>> accountability_by_person(reg)["borne"].tolist()
    [180.0, 70.0]
    """
    h = pd.DataFrame(
        {
            "year": register["year"],
            "person": register["handled_by"],
            "handled": 1,
            "as_handler": register["handler_amount"],
        }
    )
    a = register[register["approver_amount"] > 0]
    a = pd.DataFrame(
        {"year": a["year"], "person": a["limit_approved_by"], "approved": 1, "as_approver": a["approver_amount"]}
    )
    both = pd.concat([h, a], ignore_index=True).fillna(0)
    if both.empty:
        return pd.DataFrame(
            columns=list(PERSON_COLUMNS), index=pd.MultiIndex.from_arrays([[], []], names=["year", "person"])
        )
    g = both.groupby(["year", "person"]).agg(
        write_offs_handled=("handled", "sum"),
        as_handler=("as_handler", "sum"),
        write_offs_approved=("approved", "sum"),
        as_approver=("as_approver", "sum"),
    )
    g["as_handler"] = np.rint(g["as_handler"] * 100) / 100
    g["as_approver"] = np.rint(g["as_approver"] * 100) / 100
    g["borne"] = np.rint((g["as_handler"] + g["as_approver"]) * 100) / 100
    g[["write_offs_handled", "write_offs_approved"]] = g[["write_offs_handled", "write_offs_approved"]].astype("int64")
    order = g.reset_index().sort_values(["year", "borne", "person"], ascending=[False, False, True], kind="mergesort")
    return order.set_index(["year", "person"])


#: The write-off reasons that say the customer itself is gone (bankrupt, ceased trading): what it still owes is lost
#: too, and nothing more is sold to it on credit.
CLOSED_REASONS = ("bankrupt", "ceased_trading")
#: Columns of :func:`closed_but_trading`, after ``customer_id``.
CLOSED_COLUMNS = ("name", "written_off_on", "why_written_off", "open_receivables", "invoiced_after_write_off")


def closed_but_trading(data: KamData, as_of: Any, aged: pd.DataFrame | None = None) -> pd.DataFrame:
    """The customers written off as gone (:data:`CLOSED_REASONS`, their latest such write-off up to ``as_of``) that
    still owe us at ``as_of`` or were invoiced after the write-off: either the write-off's reason is wrong, or their
    balance is lost in full (an aging provision counts it by age only) and the invoices after it were sold on credit to
    a customer on record as gone. ``aged`` may pass :func:`kamtools.receivables.aging` of the same date (its
    ``total``); the invoices after the write-off are summed in the store. Largest balance first.

    >>> import kamtools as kt
    >>> d = kt.sample_data(customers=60, years=2, seed=1)
    >>> list(closed_but_trading(d, "2026-10-31").columns) == list(CLOSED_COLUMNS)
    True
    """
    src = _source(data)
    wo = write_offs_table(src, as_of)
    closed = wo[wo["reason"].astype("str").isin(CLOSED_REASONS)].groupby("customer_id").last()
    out = pd.DataFrame(index=pd.Index(closed.index.astype("str"), name="customer_id"), columns=list(CLOSED_COLUMNS))
    if closed.empty:
        return out
    if aged is None:
        aged = aging(src, as_of)
    day = pd.Timestamp(as_date(as_of))
    after = src.sql(
        "SELECT w.customer_id, coalesce(sum(i.amount), 0) AS invoiced FROM (SELECT unnest(?) AS customer_id, "
        "unnest(?) AS written_off_on) w LEFT JOIN invoices i ON i.customer_id = w.customer_id "
        "AND i.invoice_date > w.written_off_on AND i.invoice_date <= ? GROUP BY w.customer_id",
        [list(out.index), [t.date() for t in closed["written_off_on"]], day.date()],
    ).set_index("customer_id")["invoiced"]
    names = src.customers.set_index(src.customers["customer_id"].astype("str"))["name"]
    out["name"] = names.reindex(out.index)
    out["written_off_on"] = closed["written_off_on"].to_numpy()
    out["why_written_off"] = closed["reason"].astype("str").to_numpy()
    out["open_receivables"] = aged["total"].reindex(out.index).fillna(0.0).astype(float).to_numpy()
    out["invoiced_after_write_off"] = after.reindex(out.index).fillna(0.0).astype(float).to_numpy()
    out = out[(out["open_receivables"] > 0.005) | (out["invoiced_after_write_off"] > 0.005)]
    return out.sort_values("open_receivables", ascending=False, kind="mergesort")


def closed_shortfall(gone: pd.DataFrame, provision: pd.Series) -> float:
    """What more the provision needs if the write-offs of :func:`closed_but_trading` (``gone``) stand: each such
    customer's open receivables in full, less the provision already held against them (``provision``, by customer:
    :func:`kamtools.receivables.provisions`' ``provision``); never below 0 for a customer.

    >>> gone = pd.DataFrame({"open_receivables": [100.0, 50.0]}, index=["C1", "C2"])
    >>> closed_shortfall(gone, pd.Series({"C1": 30.0, "C2": 80.0, "C3": 5.0}))
    70.0
    """
    held = provision.reindex(gone.index).fillna(0.0).astype(float)
    return float((gone["open_receivables"].astype(float) - held).clip(lower=0.0).sum())
