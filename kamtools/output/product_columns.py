"""How the columns of the product mix, the share of wallet per product family and the cross-sell list
are shown (declarative; :mod:`kamtools.output.computed_columns` joins them).

>>> PRODUCT_MIX["peer_share"].zh, PRODUCT_MIX["family_wallet"].en
('同类客户采购比例', 'Wallet in the family (estimate)')
"""

from __future__ import annotations

from .column_format import Format

_M, _S, _C = "money", "share", "count"

#: The columns of :mod:`kamtools.segments.product_mix` that the data model does not name.
PRODUCT_MIX: dict[str, Format] = {
    "product_family": Format("text", "Product family", "产品系列"),
    "invoices_12m": Format(_C, "Invoices, 12 months", "近12个月发票数"),
    "family_revenue_share": Format(_S, "Share of the revenue", "占收入比例"),
    "family_wallet": Format(_M, "Wallet in the family (estimate)", "该系列采购潜力（估计）"),
    "family_wallet_share": Format(_S, "Share of wallet in the family", "该系列钱包份额"),
    "family_headroom": Format(_M, "Wallet not yet ours", "尚未获得的采购额"),
    "buyers": Format(_C, "Customers buying", "采购客户数"),
    "estimated_accounts": Format(_C, "Customers with an estimate", "有估计的客户数"),
    "peers": Format(_C, "Similar accounts", "同类客户数"),
    "peers_buying": Format(_C, "Similar accounts buying it", "采购该系列的同类客户数"),
    "peer_share": Format(_S, "Share of similar accounts buying", "同类客户采购比例"),
    "peer_typical_revenue": Format(_M, "Their typical revenue, 12 months", "同类客户近12个月典型采购额"),
    "cross_sell_rank": Format(_C, "Rank", "排序"),
    "families_bought": Format(_C, "Families bought", "已采购系列数"),
}
