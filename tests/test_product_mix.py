"""Product mix and cross-sell (kamtools.segments.product_mix) on a hand-made book, every expected value
worked out by hand below; the page's workbook opened back with openpyxl; the account plan's part."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pandas as pd
import pytest
from openpyxl import load_workbook

import kamtools as kt
from kamtools import facts
from kamtools import segments as seg
from kamtools.output import labels
from kamtools.output.families import with_family_names
from kamtools.policy import load_policy
from kamtools.report.plan_cross_sell import cross_sell as plan_part
from kamtools.segments.product_mix import account_products, book_product_tables

AS_OF = "2026-10-31"  # the window: invoices dated after 2025-10-31, up to 2026-10-31

# customer, date, product, amount, cost. K1-K5 are key accounts in Machinery, E1 the one key account in
# Electronics, O1 an ordinary customer in Machinery.
_LINES = [
    ("K1", "2026-03-01", "B1", 1000, 700),
    ("K1", "2026-04-01", "H1", 500, 400),
    ("K1", "2026-05-01", "L1", 50, 30),
    ("K1", "2026-06-01", None, 200, 150),  # no product: in the revenue, under no family
    ("K2", "2026-03-01", "B2", 2000, 1500),
    ("K2", "2026-04-01", "H1", 300, 210),
    ("K2", "2026-05-01", "M1", 800, 600),
    ("K2", "2026-06-01", "M1", -800, -600),  # credited in full: K2 does not buy Motors
    ("K3", "2026-03-01", "B1", 600, 420),
    ("K3", "2026-04-01", "M1", 1200, 1000),
    ("K3", "2026-05-01", "S1", 400, 300),
    ("K3", "2026-06-01", "T1", 100, 60),
    ("K4", "2026-03-01", "B1", 1500, 1200),
    ("K4", "2026-04-01", "M1", 900, 700),
    ("K4", "2025-06-01", "H1", 700, 500),  # before the window: K4 does not buy Hydraulics now
    ("K5", "2026-03-01", "M1", 2000, 1500),
    ("K5", "2026-04-01", "S1", 1000, 800),
    ("K5", "2026-05-01", "H1", 700, 490),
    ("K5", "2026-06-01", "T1", 200, 150),
    ("E1", "2026-03-01", "S1", 5000, 4000),
    ("O1", "2026-03-01", "H1", 900, 600),
    ("O1", "2026-04-01", "S1", 300, 200),
]
TIERS = pd.Series(["key"] * 6 + ["ordinary"], index=["K1", "K2", "K3", "K4", "K5", "E1", "O1"])


def _book(products: bool = True) -> kt.KamData:
    ids = list(TIERS.index)
    customers = pd.DataFrame(
        {
            "customer_id": ids,
            "name": [f"客户{i}" for i in ids],
            "industry": ["Machinery"] * 5 + ["Electronics", "Machinery"],
            "account_manager": ["Wang Li"] * 7,
        }
    )
    inv = pd.DataFrame(_LINES, columns=["customer_id", "invoice_date", "product", "amount", "cost"])
    inv.insert(0, "invoice_id", [f"I{i:02d}" for i in range(len(inv))])
    inv["due_date"] = inv["invoice_date"]
    tables = {"customers": customers, "invoices": inv}
    if products:
        tables["products"] = pd.DataFrame(
            {
                "product": ["B1", "B2", "H1", "M1", "S1", "T1", "L1"],
                "family": ["Bearings", "Bearings", "Hydraulics", "Motors", "Sensors", "Tooling", "Lubricants"],
                "family_zh": ["轴承", "轴承", "液压件", "电机", "传感器", "刀具", None],
            }
        )
        tables["wallet_estimates"] = pd.DataFrame(
            {
                "customer_id": ["K1", "K1", "K2"],
                "family": ["Bearings", "Motors", "Hydraulics"],
                "wallet_estimate": [4000.0, 2000.0, 250.0],
            }
        )
    return facts.source(**tables)


# (customer, rank, family, peers, peers buying, share, their median revenue): the Machinery key accounts are
# K1-K5, so each has 4 peers. Bought in the window (net above zero): Bearings by K1 1000, K2 2000, K3 600,
# K4 1500 (median 1250); Hydraulics by K1 500, K2 300, K5 700 (median 500); Motors by K3 1200, K4 900,
# K5 2000 (median 1200); Sensors by K3 400, K5 1000 (median 700); Tooling by K3 100, K5 200 (median 150);
# Lubricants by K1 alone (one peer: below min_peers 2, never proposed).
EXPECTED_CROSS = [
    ("K1", 1, "Motors", 4, 3, 0.75, 1200.0),
    ("K1", 2, "Sensors", 4, 2, 0.5, 700.0),  # the same share as Tooling, a larger typical revenue
    ("K1", 3, "Tooling", 4, 2, 0.5, 150.0),
    ("K2", 1, "Motors", 4, 3, 0.75, 1200.0),  # its Motors were credited in full
    ("K2", 2, "Sensors", 4, 2, 0.5, 700.0),
    ("K2", 3, "Tooling", 4, 2, 0.5, 150.0),
    ("K3", 1, "Hydraulics", 4, 3, 0.75, 500.0),
    ("K4", 1, "Hydraulics", 4, 3, 0.75, 500.0),  # its Hydraulics were bought before the window
    ("K4", 2, "Sensors", 4, 2, 0.5, 700.0),
    ("K4", 3, "Tooling", 4, 2, 0.5, 150.0),
    ("K5", 1, "Bearings", 4, 4, 1.0, 1250.0),
]  # E1 has no peer in Electronics; O1 is not a key account


def test_cross_sell_list_matches_the_hand_count():
    out = seg.cross_sell(_book(), AS_OF, tiers=TIERS)
    got = list(
        out[["customer_id", "cross_sell_rank", "family", "peers", "peers_buying", "peer_share",
             "peer_typical_revenue"]].itertuples(index=False, name=None)
    )  # fmt: skip
    assert got == EXPECTED_CROSS
    assert set(out["name"]) == {"客户K1", "客户K2", "客户K3", "客户K4", "客户K5"}
    assert (out["industry"] == "Machinery").all() and (out["tier"] == "key").all()
    assert (out["account_manager"] == "Wang Li").all()


def test_cross_sell_thresholds_come_from_the_policy():
    out = seg.cross_sell(_book(), AS_OF, {"segments": {"cross_sell": {"min_share": 0.6}}}, tiers=TIERS)
    assert list(zip(out["customer_id"], out["family"], strict=True)) == [
        ("K1", "Motors"), ("K2", "Motors"), ("K3", "Hydraulics"), ("K4", "Hydraulics"), ("K5", "Bearings")
    ]  # fmt: skip
    ordinary = seg.cross_sell(_book(), AS_OF, tiers=TIERS, tier="ordinary")
    assert ordinary.empty  # O1 is the only ordinary customer: no peer


def test_cross_sell_of_the_pyramid_and_without_a_products_table():
    # without products, each product is a family: K1's peers buy M1 (K3, K4, K5), S1 (K3, K5) and T1 (K3, K5),
    # and Bearings split into B1 (K3, K4; K1 buys it) and B2 (K2 alone)
    plain = seg.cross_sell(_book(products=False), AS_OF, tiers=TIERS)
    k1 = plain[plain["customer_id"] == "K1"]
    assert list(zip(k1["family"], k1["peers_buying"], strict=True)) == [("M1", 3), ("S1", 2), ("T1", 2)]
    assert seg.product_families(_book(products=False)).index.tolist() == ["B1", "B2", "H1", "L1", "M1", "S1", "T1"]
    # the default tiers are the pyramid's: every listed account is one of its key accounts
    data = _book()
    pyr = seg.pyramid(data, AS_OF)
    listed = seg.cross_sell(data, AS_OF)
    assert set(listed["customer_id"]) <= set(pyr.index[pyr["tier"] == "key"])


def test_mix_per_account_with_the_wallet_per_family():
    mix = seg.product_mix(_book(), AS_OF)
    k1 = mix[mix["customer_id"] == "K1"].set_index("family", drop=False)
    # K1: 1750 in all = Bearings 1000 + Hydraulics 500 + no product 200 + Lubricants 50 (+ Motors: estimated only)
    assert k1["family"].tolist()[:2] == ["Bearings", "Hydraulics"]
    assert k1.loc["Bearings", "revenue_12m"] == 1000 and k1.loc["Bearings", "margin_12m"] == 300
    assert k1.loc["Bearings", "margin_rate"] == pytest.approx(0.3)
    assert k1.loc["Bearings", "family_revenue_share"] == pytest.approx(1000 / 1750)
    assert k1.loc["Lubricants", "margin_rate"] == pytest.approx(20 / 50)
    none = k1[k1["family"].isna()].iloc[0]
    assert none["revenue_12m"] == 200 and none["family_revenue_share"] == pytest.approx(200 / 1750)
    assert k1.loc["Bearings", "family_wallet"] == 4000 and k1.loc["Bearings", "family_wallet_share"] == 0.25
    assert k1.loc["Bearings", "family_headroom"] == 3000
    motors = k1.loc["Motors"]  # estimated, not bought: no revenue, all of the wallet still to win
    assert (
        motors["revenue_12m"],
        motors["invoices_12m"],
        motors["family_wallet_share"],
        motors["family_headroom"],
    ) == (0, 0, 0, 2000)
    k2 = mix[mix["customer_id"] == "K2"].set_index("family")
    assert k2.loc["Motors", "revenue_12m"] == 0 and k2.loc["Motors", "invoices_12m"] == 2
    assert k2.loc["Hydraulics", "family_wallet_share"] == pytest.approx(300 / 250)  # above the estimate: shown
    assert k2.loc["Hydraulics", "family_headroom"] == 0
    wallets = seg.family_wallet_share(mix)
    assert wallets.index.tolist() == ["Bearings", "Motors", "Hydraulics"]  # the most not yet ours first
    assert wallets["family_wallet"].tolist() == [4000, 2000, 250]
    assert wallets["revenue_12m"].tolist() == [1000, 0, 300]
    assert wallets["family_headroom"].tolist() == [3000, 2000, 0]


def test_mix_per_tier():
    tm = seg.tier_mix(seg.product_mix(_book(), AS_OF), TIERS)
    key = tm.loc["key"]
    # key revenue 17650 = Sensors 6400 (K3 400, K5 1000, E1 5000) + Bearings 5100 + Motors 4100 (K2 0, K3 1200,
    # K4 900, K5 2000) + Hydraulics 1500 (K1 500, K2 300, K5 700) + Tooling 300 + no product 200 + Lubricants 50
    fams = [None if pd.isna(f) else f for f in key.index]
    assert fams == ["Sensors", "Bearings", "Motors", "Hydraulics", "Tooling", None, "Lubricants"]
    assert key["revenue_12m"].tolist() == [6400, 5100, 4100, 1500, 300, 200, 50]
    assert key["margin_12m"].tolist() == [1300, 1280, 900, 400, 90, 50, 20]
    assert key["buyers"].tolist() == [3, 4, 3, 3, 2, 1, 1]
    assert key["family_revenue_share"].iloc[0] == pytest.approx(6400 / 17650)
    assert key["margin_rate"].iloc[1] == pytest.approx(1280 / 5100)
    ordinary = tm.loc["ordinary"]
    assert ordinary.index.tolist() == ["Hydraulics", "Sensors"] and ordinary["revenue_12m"].tolist() == [900, 300]
    assert tm.index.get_level_values("tier").unique().tolist() == ["key", "ordinary"]


def test_family_names_follow_the_language():
    names = seg.product_families(_book())
    assert names.loc["Lubricants", "family_zh"] == "Lubricants"  # no Chinese name given: its own
    frame = pd.DataFrame({"family": ["Motors", None]})
    assert with_family_names(frame, names, "zh")["product_family"].tolist() == ["电机", "未注明产品"]
    assert with_family_names(frame, names, "en")["product_family"].tolist() == ["Motors", "No product recorded"]
    assert with_family_names(frame, names, "both")["product_family"].tolist() == [
        "电机 Motors",
        "未注明产品 No product recorded",
    ]


def test_the_pages_workbook_opens_back(tmp_path):
    data = _book()
    names = seg.product_families(data)
    cross = seg.cross_sell(data, AS_OF, tiers=TIERS)
    mix = seg.product_mix(data, AS_OF)
    labels.use("en")
    try:
        kt.tables.top(with_family_names(cross.drop(columns="tier").set_index(["customer_id", "cross_sell_rank"]), names),
                      "peer_typical_revenue", 3, excel=tmp_path / "cross.xlsx", what="cross-sell proposals",
                      sheet=("cross-sell", "交叉销售"),
                      also={("Mix by tier", "各层级产品组合"): with_family_names(seg.tier_mix(mix, TIERS), names).reset_index()})  # fmt: skip
    finally:
        labels.use("en")
    wb = load_workbook(tmp_path / "cross.xlsx")
    assert wb.sheetnames == ["Cross-sell", "Mix by tier"]
    ws = wb["Cross-sell"]
    header = [c.value for c in ws[1]]
    assert "Product family" in header and "Share of similar accounts buying" in header
    rows = [dict(zip(header, [c.value for c in r], strict=True)) for r in ws.iter_rows(min_row=2)]
    assert len(rows) == len(EXPECTED_CROSS)
    money = next(h for h in header if h.startswith("Their typical revenue"))
    assert [r[money] for r in rows[:3]] == [1250, 1200, 1200]  # the largest typical revenue first
    assert rows[0]["Product family"] == "Bearings" and rows[0]["Customer ID"] == "K5"
    assert rows[0]["Share of similar accounts buying"] == 1
    tier_sheet = wb["Mix by tier"]
    first = dict(zip([c.value for c in tier_sheet[1]], [c.value for c in tier_sheet[2]], strict=True))
    assert first["Tier"] == "Key account" and first["Product family"] == "Sensors"
    assert first["Customers buying"] == 3 and first["Share of the revenue"] == pytest.approx(6400 / 17650)


def _account(
    cid: str, tier: str = "key", *, action: str = "keep", grade: str = "A", hold: bool = False
) -> SimpleNamespace:
    data = _book()
    parts = account_products(book_product_tables(data, AS_OF, None, TIERS), cid)
    profile = pd.Series({"industry": "Machinery", "tier": tier, "account_manager": "Wang Li"})
    credit = pd.Series({"action": action, "grade": grade})
    check = pd.Series({"no_unsecured": grade == "C", "hold": hold})
    return SimpleNamespace(
        products=parts, profile=profile, as_of=dt.date(2026, 10, 31), credit=credit, credit_check=check
    )


def test_no_cross_sell_where_credit_comes_first():
    pol = load_policy(None)
    for account, words in ((_account("K1", action="legal"), "legal action"), (_account("K1", grade="C"), "grade C")):
        part = plan_part(account, pol)
        assert part["rows"] == [] and part["action"] is None and words in part["note"][0]
        assert "暂不推进交叉销售" in part["note"][1]
    held = plan_part(_account("K1", hold=True), pol)
    assert held["rows"] and held["action"]["text"][0].startswith("Once the credit hold is released: present Motors")
    assert held["action"]["text"][1].startswith("冻结解除后：向客户")


def test_the_account_plans_part():
    pol = load_policy(None)
    part = plan_part(_account("K1"), pol)
    assert [r["family"] for r in part["rows"]] == [("Motors", "电机"), ("Sensors", "传感器"), ("Tooling", "刀具")]
    assert part["rows"][0]["cells"][:2] == ["3 / 4", "75.0 %"]
    assert part["rows"][0]["cells"][3] != "–"  # K1's Motors wallet is estimated (2,000)
    action = part["action"]
    assert action["owner"] == ("Account manager Wang Li", "客户经理 Wang Li")
    assert action["due"] == "2026-12-30"  # 60 days (segments.cross_sell.action_days) after the data's date
    assert "Motors" in action["text"][0] and "电机" in action["text"][1] and "3 of its 4" in action["text"][0]
    assert "Bearings" in part["mix"][0] and "轴承" in part["mix"][1] and "No product recorded" in part["mix"][0]
    assert plan_part(_account("E1"), pol)["action"] is None  # no peer in its industry
    assert (
        plan_part(_account("O1", "ordinary"), pol)["note"][0] == "The cross-sell list is drawn for key accounts only."
    )


def test_an_empty_list_still_writes_its_workbook(tmp_path):
    # a small book may have no key account with peers: the list is empty, the workbook has its headers
    data = _book()
    empty = seg.cross_sell(data, AS_OF, tiers=TIERS).iloc[:0]
    names = seg.product_families(data)
    labels.use("en")
    kt.tables.top(with_family_names(empty.drop(columns="tier").set_index(["customer_id", "cross_sell_rank"]), names),
                  "peer_typical_revenue", 15, excel=tmp_path / "empty.xlsx", what="cross-sell proposals",
                  sheet=("cross-sell", "交叉销售"), also={("Families", "产品系列"): names})  # fmt: skip
    wb = load_workbook(tmp_path / "empty.xlsx")
    assert wb.sheetnames == ["Cross-sell", "Families"]
    header = [c.value for c in wb["Cross-sell"][1]]
    assert header[:2] == ["Customer ID", "Rank"] and "Product family" in header
    assert wb["Cross-sell"].max_row == 1
