"""Product mix and cross-sell (产品组合与交叉销售; 001: product management): revenue and margin per product
family of each account and of each tier of the pyramid, our share of the customer's wallet per family where
the account manager estimated it, and the cross-sell list of the key accounts.

A product's family comes from the ``products`` table; without it every product of the invoices is a family of
its own. Invoices that name no product (or a product the table does not list) count under no family: they are
in the account's revenue and apart in the mix. The wallet per family is the ``wallet_estimates`` table: what
the customer buys a year of the family from all its suppliers, as the account manager estimates it; the
customers table's ``wallet_estimate`` is the whole category and is not split by this module.

The cross-sell list names, for each key account, the families it did not buy in the last 12 months (no net
revenue above zero) that its similar accounts buy: the other customers of the same industry and the same tier
of the pyramid. A family is listed when at least ``segments.cross_sell.min_peers`` of them and a share of at
least ``min_share`` buy it, ranked by that share, then by the median revenue of the peers that buy it (their
typical revenue in the family), then by the family's name. Row-level work runs as SQL
(``sql/segments_product_mix.sql``, ``sql/segments_cross_sell.sql``).

Examples
--------
>>> import pandas as pd
>>> from kamtools import facts
>>> cust = pd.DataFrame({"customer_id": ["A", "B", "C"], "name": ["甲", "乙", "丙"],
...     "industry": ["Machinery"] * 3})
>>> inv = pd.DataFrame({"invoice_id": ["1", "2", "3", "4"], "customer_id": ["A", "B", "C", "C"],
...     "invoice_date": ["2026-05-01"] * 4, "due_date": ["2026-06-01"] * 4,
...     "amount": [100.0, 300.0, 200.0, 50.0], "cost": [60.0, 200.0, 150.0, 40.0],
...     "product": ["P1", "P2", "P2", "P1"]})
>>> data = facts.source(customers=cust, invoices=inv)
>>> tiers = pd.Series(["key", "key", "key"], index=["A", "B", "C"])
>>> cross_sell(data, "2026-10-31", tiers=tiers)[["customer_id", "family", "peers_buying", "peer_share"]]
  customer_id family  peers_buying  peer_share
0           A     P2             2         1.0
1           B     P1             2         1.0
"""

from __future__ import annotations

import pandas as pd

from .. import facts
from ..periods import as_timestamp, months_before
from ..policy import load_policy
from ..store import KamData
from ._common import AsOf, PolicyLike, _ratio, _source
from .tiers import TIER_ORDER, pyramid

__all__ = ["cross_sell", "family_wallet_share", "product_families", "product_mix", "tier_mix"]

_MIX_COLUMNS = ["customer_id", "name", "family", "revenue_12m", "margin_12m", "margin_rate", "invoices_12m",
                "family_revenue_share", "family_wallet", "family_wallet_share", "family_headroom"]  # fmt: skip
_CROSS_COLUMNS = ["customer_id", "name", "industry", "tier", "account_manager", "cross_sell_rank", "family", "peers",
                  "peers_buying", "peer_share", "peer_typical_revenue"]  # fmt: skip


def _with_families(data: KamData, name: str) -> str:
    """Query ``name`` after the families of the products (the products table's, else each product its own)."""
    families = "segments_product_families" if data.has("products") else "segments_product_families_plain"
    return f"with product_families as (\n{facts.sql_text(families)}\n)\n{facts.sql_text(name)}"


def product_families(data: KamData) -> pd.DataFrame:
    """The product families, indexed by ``family``: ``family_zh`` (the Chinese name; the family's own name
    where none is given) and ``products`` (how many products belong to it). Without a products table, each
    product the invoices name is a family of its own.

    >>> import pandas as pd
    >>> from kamtools import facts
    >>> prod = pd.DataFrame({"product": ["B1", "B2", "M1"], "family": ["Bearings", "Bearings", "Motors"],
    ...     "family_zh": ["轴承", "轴承", None]})
    >>> product_families(facts.source(products=prod)).to_dict("index")
    {'Bearings': {'family_zh': '轴承', 'products': 2}, 'Motors': {'family_zh': 'Motors', 'products': 1}}
    """
    data = _source(data)
    if data.has("products"):
        p = data.table("products")
        p = p[p["family"].notna()]
        zh = p.dropna(subset=["family_zh"]).groupby("family")["family_zh"].first()
        out = p.groupby("family").size().rename("products").to_frame()
    else:
        out = facts.query(data, "segments_product_families_plain").groupby("family").size().rename("products")
        out, zh = out.to_frame(), pd.Series(dtype="str")
    out.insert(0, "family_zh", zh.reindex(out.index).fillna(pd.Series(out.index, index=out.index)))
    out.index = out.index.astype("str").rename("family")
    return out.astype({"family_zh": "str", "products": "int64"}).sort_index()


def _window(as_of: AsOf) -> dict:
    ts = as_timestamp(as_of)
    return {"as_of": ts.date(), "start": months_before(ts, 12).date()}


def product_mix(data: KamData, as_of: AsOf) -> pd.DataFrame:
    """Revenue and margin of the last 12 months per customer and product family, one row each, with the
    family's share of the customer's revenue and, where the account manager estimated the customer's
    purchases of the family (``wallet_estimates``), the estimate (``family_wallet``), our share of it
    (``family_wallet_share``: revenue / estimate) and what is not yet ours (``family_headroom``). A family
    estimated but not bought has a row with no revenue. Sorted by customer, then revenue, largest first.

    SQL ``segments_product_mix``.
    """
    data = _source(data)
    mix = facts.query_text(data, _with_families(data, "segments_product_mix"), "segments_product_mix",
                           **_window(as_of))  # fmt: skip
    mix = mix.astype({"customer_id": "str", "family": "str", "revenue_12m": "float64", "margin_12m": "float64",
                      "invoices_12m": "int64"})  # fmt: skip
    wallets = data.table("wallet_estimates")[["customer_id", "family", "wallet_estimate"]]
    wallets = wallets.rename(columns={"wallet_estimate": "family_wallet"}).astype({"customer_id": "str"})
    out = mix.merge(wallets.astype({"family": "str"}), on=["customer_id", "family"], how="outer")
    out[["revenue_12m", "margin_12m"]] = out[["revenue_12m", "margin_12m"]].fillna(0.0)
    out["invoices_12m"] = out["invoices_12m"].fillna(0).astype("int64")
    total = out.groupby("customer_id")["revenue_12m"].transform("sum")
    out["family_revenue_share"] = _ratio(out["revenue_12m"], total)
    out["margin_rate"] = _ratio(out["margin_12m"], out["revenue_12m"])
    out["family_wallet"] = out["family_wallet"].astype("float64")
    out["family_wallet_share"] = _ratio(out["revenue_12m"].clip(lower=0), out["family_wallet"])
    out["family_headroom"] = (out["family_wallet"] - out["revenue_12m"].clip(lower=0)).clip(lower=0).round(2)
    names = data.table("customers").set_index(data.table("customers")["customer_id"].astype("str"))["name"]
    out["name"] = out["customer_id"].map(names).astype("str")
    out = out.sort_values(["customer_id", "revenue_12m", "family"], ascending=[True, False, True], kind="stable")
    return out[_MIX_COLUMNS].reset_index(drop=True)


def tier_mix(mix: pd.DataFrame, tiers: pd.Series) -> pd.DataFrame:
    """The mix per tier of the pyramid and product family (indexed by ``tier`` and ``family``): how many
    customers bought the family (``buyers``: net revenue above zero), their revenue and margin, the margin
    rate and the family's share of the tier's revenue. ``mix``: :func:`product_mix`; ``tiers``: each
    customer's tier (:func:`kamtools.segments.pyramid` ``tier``, by customer id).

    >>> mix = pd.DataFrame({"customer_id": ["A", "A", "B"], "family": ["F", "G", "F"],
    ...     "revenue_12m": [300.0, 100.0, 600.0], "margin_12m": [90.0, 10.0, 120.0]})
    >>> tier_mix(mix, pd.Series({"A": "key", "B": "key"}))[["buyers", "family_revenue_share"]].to_dict("index")
    {('key', 'F'): {'buyers': 2, 'family_revenue_share': 0.9}, ('key', 'G'): {'buyers': 1, 'family_revenue_share': 0.1}}
    """
    m = mix.assign(tier=mix["customer_id"].map(tiers).fillna("unknown").astype("str"))
    m = m.assign(bought=m["revenue_12m"] > 0)
    out = m.groupby(["tier", "family"], dropna=False).agg(
        buyers=("bought", "sum"), revenue_12m=("revenue_12m", "sum"), margin_12m=("margin_12m", "sum")
    )
    out["buyers"] = out["buyers"].astype("int64")
    out["margin_rate"] = _ratio(out["margin_12m"], out["revenue_12m"])
    out["family_revenue_share"] = _ratio(out["revenue_12m"], out.groupby(level="tier")["revenue_12m"].transform("sum"))
    order = {t: i for i, t in enumerate(TIER_ORDER)}
    out = out.reset_index()
    out["o"] = out["tier"].map(order).fillna(len(order))
    out = out.sort_values(["o", "revenue_12m"], ascending=[True, False], kind="stable")
    return out.drop(columns="o").set_index(["tier", "family"])


def cross_sell(
    data: KamData, as_of: AsOf, policy: PolicyLike = None, *, tiers: pd.Series | None = None, tier: str = "key"
) -> pd.DataFrame:
    """The cross-sell list: for each account of ``tier`` (the key accounts), the product families it did not
    buy in the last 12 months that its similar accounts (the other customers of the same industry and tier)
    buy, one row per account and family, ranked within the account (``cross_sell_rank``, 1 first); with the
    number of peers, how many of them buy the family and that share, and their typical revenue in it (the
    median of those that buy it). ``tiers``: each customer's tier by id (default: the pyramid's at
    ``as_of``). Thresholds: ``segments.cross_sell`` of the policy.

    SQL ``segments_cross_sell``.
    """
    data = _source(data)
    pol = load_policy(policy)
    if tiers is None:
        pyr = pyramid(data, as_of, pol)
        tiers = pyr.loc[pyr["kind"] == "customer", "tier"]
    cfg = pol["segments"]["cross_sell"]
    out = facts.query_text(
        data,
        _with_families(data, "segments_cross_sell"),
        "segments_cross_sell",
        **_window(as_of),
        customer_ids=tuple(tiers.index[tiers.astype("str") == tier].astype("str")),
        tier=tier,
        min_peers=int(cfg["min_peers"]),
        min_share=float(cfg["min_share"]),
    )
    out = out.astype({"customer_id": "str", "family": "str", "industry": "str", "tier": "str", "peers": "int64",
                      "peers_buying": "int64", "peer_share": "float64", "peer_typical_revenue": "float64",
                      "cross_sell_rank": "int64"})  # fmt: skip
    out["peer_share"] = out["peer_share"].round(10)
    out["peer_typical_revenue"] = out["peer_typical_revenue"].round(2)
    cust = data.table("customers")
    cust = cust.set_index(cust["customer_id"].astype("str"))
    out["name"] = out["customer_id"].map(cust["name"]).astype("str")
    out["account_manager"] = out["customer_id"].map(cust["account_manager"]).astype("str")
    return out[_CROSS_COLUMNS].reset_index(drop=True)


#: The book tables of the product mix an account plan reads (:func:`kamtools.account_plan.book_tables`).
PRODUCT_TABLES = ("product_mix", "cross_sell", "product_families")


def book_product_tables(data: KamData, as_of: AsOf, policy: PolicyLike, tiers: pd.Series) -> dict[str, pd.DataFrame]:
    """The product mix of every customer, the key accounts' cross-sell list and the families, computed once
    for the account plans of a run (``tiers``: each customer's tier by id)."""
    return {
        "product_mix": product_mix(data, as_of),
        "cross_sell": cross_sell(data, as_of, policy, tiers=tiers),
        "product_families": product_families(data),
    }


def account_products(tables: dict[str, pd.DataFrame], customer_id: str) -> dict[str, pd.DataFrame]:
    """One customer's part of :func:`book_product_tables`: its ``mix`` and ``cross_sell`` rows, and the
    ``families`` (their names)."""
    cid = str(customer_id)
    mix, cross = tables["product_mix"], tables["cross_sell"]
    return {
        "mix": mix[mix["customer_id"] == cid].reset_index(drop=True),
        "cross_sell": cross[cross["customer_id"] == cid].reset_index(drop=True),
        "families": tables["product_families"],
    }


def family_wallet_share(mix: pd.DataFrame) -> pd.DataFrame:
    """Our share of wallet per product family, over the customers whose wallet in the family is estimated
    (``wallet_estimates``), indexed by ``family``: how many such customers (``estimated_accounts``), the
    estimated wallet in all, our revenue of the last 12 months from them in the family (credit notes net,
    a negative total counted as none), the share and what is not yet ours. ``mix``: :func:`product_mix`.

    >>> mix = pd.DataFrame({"customer_id": ["A", "B", "B"], "family": ["F", "F", "G"],
    ...     "revenue_12m": [300.0, 100.0, 50.0], "family_wallet": [1000.0, 1000.0, float("nan")]})
    >>> family_wallet_share(mix)[["estimated_accounts", "revenue_12m", "family_wallet_share"]].to_dict("index")
    {'F': {'estimated_accounts': 2, 'revenue_12m': 400.0, 'family_wallet_share': 0.2}}
    """
    m = mix[mix["family_wallet"].notna()].assign(ours=mix["revenue_12m"].clip(lower=0))
    out = m.groupby("family").agg(
        estimated_accounts=("customer_id", "nunique"),
        family_wallet=("family_wallet", "sum"),
        revenue_12m=("ours", "sum"),
    )
    out["family_wallet_share"] = _ratio(out["revenue_12m"], out["family_wallet"])
    out["family_headroom"] = (out["family_wallet"] - out["revenue_12m"]).clip(lower=0).round(2)
    out.index = out.index.astype("str").rename("family")
    return out.sort_values("family_headroom", ascending=False, kind="stable")
