"""The products of the sample book: a catalogue of an industrial supplier (eight product families of three
products each, in English and Chinese), what each customer buys (the families its industry uses, not all of
them), and the account managers' estimates of the larger customers' purchases per family (their wallet per
family). Drawn from generators of their own, so no other table's draws change; the catalogue is the same for
every seed."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from ._common import _round_to

#: The families: code as the products table names it, Chinese name, and the three products of each
#: (product code, English name, Chinese name).
CATALOGUE: tuple[tuple[str, str, tuple[tuple[str, str, str], ...]], ...] = (
    ("Bearings", "轴承", (("BRG-6205", "Deep groove ball bearing 6205", "深沟球轴承 6205"),
                          ("BRG-22310", "Spherical roller bearing 22310", "调心滚子轴承 22310"),
                          ("BRG-UCP208", "Pillow block bearing UCP208", "带座轴承 UCP208"))),
    ("Hydraulics", "液压件", (("HYD-PV20", "Axial piston pump PV20", "轴向柱塞泵 PV20"),
                             ("HYD-4WE6", "Directional valve 4WE6", "电磁换向阀 4WE6"),
                             ("HYD-CYL63", "Hydraulic cylinder 63 mm", "液压缸 63毫米"))),
    ("Fasteners", "紧固件", (("FST-M12", "Hex bolt M12, box of 100", "六角螺栓 M12（100只装）"),
                            ("FST-ANC", "Chemical anchor kit", "化学锚栓套装"),
                            ("FST-NUT", "Lock nut assortment", "防松螺母组合"))),
    ("Motors", "电机", (("MOT-Y2-7.5", "Three-phase motor 7.5 kW", "三相异步电机 7.5千瓦"),
                        ("MOT-SRV1", "Servo motor 1 kW", "伺服电机 1千瓦"),
                        ("MOT-GR", "Gear motor", "减速电机"))),
    ("Sensors", "传感器", (("SEN-PRX", "Inductive proximity sensor", "电感式接近开关"),
                          ("SEN-PT", "Pressure transmitter", "压力变送器"),
                          ("SEN-ENC", "Rotary encoder", "旋转编码器"))),
    ("Tooling", "刀具", (("TL-DRL", "Carbide drill set", "硬质合金钻头套装"),
                         ("TL-EM", "End mill", "立铣刀"),
                         ("TL-INS", "Turning inserts, box of 10", "车削刀片（10片装）"))),
    ("Lubricants", "润滑油脂", (("LUB-H46", "Hydraulic oil 46, 200 L", "46号液压油（200升）"),
                              ("LUB-EP2", "Lithium grease EP2", "锂基润滑脂 EP2"),
                              ("LUB-G220", "Gear oil 220", "齿轮油 220"))),
    ("Spare parts", "备品备件", (("SP-SEAL", "Seal kit", "密封件套装"),
                               ("SP-BELT", "V-belt set", "V带套装"),
                               ("SP-FLT", "Filter element", "滤芯"))),
)  # fmt: skip
_PER_FAMILY = 3

#: How likely a customer of each industry buys each family (rows: industries, columns: the catalogue's families).
_AFFINITY = {
    "Machinery": (0.95, 0.75, 0.70, 0.60, 0.40, 0.55, 0.50, 0.60),
    "Electronics": (0.30, 0.10, 0.60, 0.45, 0.85, 0.35, 0.15, 0.40),
    "Automotive parts": (0.90, 0.45, 0.80, 0.40, 0.55, 0.75, 0.45, 0.50),
    "Construction": (0.35, 0.80, 0.90, 0.35, 0.15, 0.25, 0.60, 0.55),
    "Chemicals": (0.55, 0.35, 0.40, 0.70, 0.75, 0.10, 0.60, 0.70),
    "Food processing": (0.70, 0.20, 0.35, 0.65, 0.55, 0.10, 0.75, 0.60),
    "Textiles": (0.75, 0.15, 0.30, 0.70, 0.30, 0.20, 0.55, 0.65),
    "Wholesale distribution": (0.80, 0.55, 0.85, 0.50, 0.40, 0.45, 0.70, 0.45),
    "Energy": (0.65, 0.70, 0.50, 0.60, 0.70, 0.15, 0.65, 0.75),
    "Medical devices": (0.35, 0.10, 0.45, 0.45, 0.85, 0.40, 0.10, 0.30),
}
_DEFAULT_AFFINITY = (0.6, 0.4, 0.5, 0.5, 0.5, 0.35, 0.45, 0.5)
#: Share of the customers (the largest by size first) whose account manager estimated the wallet per family.
_ESTIMATED = 0.30


def products_table() -> pd.DataFrame:
    """The catalogue as the ``products`` table (the same for every seed)."""
    rows = [(code, fam, fam_zh, en, zh) for fam, fam_zh, items in CATALOGUE for code, en, zh in items]
    return pd.DataFrame(rows, columns=["product", "family", "family_zh", "product_name", "product_name_zh"])


def _bought_families(seed: int, industry: pd.Series, main: np.ndarray) -> np.ndarray:
    """Which families each customer buys (customers × families, bool): drawn by its industry's affinity,
    the customer's main family always among them."""
    rng = np.random.default_rng([seed, 61])
    n, k = len(industry), len(CATALOGUE)
    p = np.array([_AFFINITY.get(str(i), _DEFAULT_AFFINITY) for i in industry], dtype=float).reshape(n, k)
    bought = rng.random((n, k)) < p
    bought[np.arange(n), np.asarray(main) % k] = True
    return bought


def with_products(seed: int, inv, industry: pd.Series, main: np.ndarray):
    """The generated invoices (:class:`kamtools.sample.ledger._Invoices`) with ``product`` an index into the
    catalogue's products: an invoice keeps the family it was drawn with when its customer buys that family,
    else it takes the customer's main family; the product within the family is drawn."""
    rng = np.random.default_rng([seed, 62])
    k = len(CATALOGUE)
    bought = _bought_families(seed, industry, main)
    drawn = np.asarray(inv.product) % k
    main_family = np.asarray(main)[inv.cust] % k
    family = np.where(bought[inv.cust, drawn], drawn, main_family)
    item = rng.integers(0, _PER_FAMILY, len(family))
    return dataclasses.replace(inv, product=(family * _PER_FAMILY + item).astype(np.int32))


#: The product codes in catalogue order (an invoice's ``product`` index points into it).
PRODUCT_CODES: tuple[str, ...] = tuple(code for _, _, items in CATALOGUE for code, _, _ in items)


def wallet_estimates(
    seed: int, customers: pd.DataFrame, size: np.ndarray, invoices: pd.DataFrame, end: pd.Timestamp
) -> pd.DataFrame:
    """The wallet per family of the largest customers with a wallet estimate: the customer's wallet spread
    over the families its industry uses (by affinity, the weakest left out), never below a quarter more than
    what it bought of the family from us in the last 12 months; estimated in the last year."""
    rng = np.random.default_rng([seed, 63])
    wallet = customers["wallet_estimate"].to_numpy(dtype=float)
    order = np.argsort(-np.asarray(size, dtype=float), kind="stable")[: int(np.ceil(len(customers) * _ESTIMATED))]
    chosen = order[np.isfinite(wallet[order])]
    ids = customers["customer_id"].astype("str").to_numpy()[chosen]
    families = np.array([f for f, _, _ in CATALOGUE], dtype=object)
    ours = _family_revenue(invoices, end).unstack().reindex(index=ids, columns=families).fillna(0.0).to_numpy()
    industry = customers["industry"].to_numpy()[chosen]
    aff = np.array([_AFFINITY.get(str(i), _DEFAULT_AFFINITY) for i in industry], dtype=float).reshape(-1, len(families))
    weight = np.where((aff >= 0.4) | (ours > 0), aff * rng.uniform(0.6, 1.4, aff.shape), 0.0)
    share = weight / np.maximum(weight.sum(axis=1, keepdims=True), 1e-12)
    days = rng.integers(10, 330, len(chosen))
    row, col = np.nonzero(share > 0)
    value = np.maximum(_round_to(wallet[chosen][row] * share[row, col], 1000), 1000.0)
    value = np.maximum(value, _round_to(ours[row, col] * 1.25, 1000))  # never below what it buys from us
    return pd.DataFrame(
        {
            "customer_id": ids[row],
            "family": families[col],
            "wallet_estimate": value,
            "estimated_on": (pd.Timestamp(end) - pd.to_timedelta(days[row], unit="D")).to_numpy(),
        }
    )


def _family_revenue(invoices: pd.DataFrame, end: pd.Timestamp) -> pd.Series:
    """Net revenue of the last 12 months per customer and family (of the catalogue's products)."""
    family_of = {code: fam for fam, _, items in CATALOGUE for code, _, _ in items}
    recent = invoices[pd.to_datetime(invoices["invoice_date"]) > pd.Timestamp(end) - pd.DateOffset(years=1)]
    keys = [recent["customer_id"].astype("str"), recent["product"].map(family_of)]
    return recent.groupby(keys)["amount"].sum()
