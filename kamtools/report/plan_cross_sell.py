"""The cross-sell part of an account plan (交叉销售): what the account buys by product family (revenue, share,
margin rate, and our share of its wallet in a family where the account manager estimated it), the first
families of its cross-sell list (:func:`kamtools.segments.cross_sell`: families its similar accounts buy and it
does not) with the peers' evidence, and one action for the account manager with a date
(``segments.cross_sell.action_days`` after the data's date), in both languages."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from ..account_plan import AccountProfile
from ..output.currency import MoneyUnit, money_unit
from ..output.families import NO_FAMILY
from ..text import is_missing
from .plan_words import Pair, label_pair, share, whole

__all__ = ["cross_sell"]


def _family(name, families: pd.DataFrame) -> Pair:
    """A family's name in English and Chinese (the products table's Chinese name, else its own)."""
    if is_missing(name):
        return NO_FAMILY
    zh = families["family_zh"].get(name, name) if "family_zh" in families else name
    return str(name), str(zh)


def _mix_line(a: AccountProfile, u: MoneyUnit) -> Pair:
    """What the account bought by family in the last 12 months, the largest first, with our share of its
    wallet in a family where it is estimated."""
    mix, fams = a.products.get("mix", pd.DataFrame()), a.products.get("families", pd.DataFrame())
    bought = mix[mix["revenue_12m"] > 0] if len(mix) else mix
    if not len(bought):
        return ("No purchase by product family in the last 12 months.", "近12个月没有按产品系列的采购。")
    en, zh = [], []
    for _, r in bought.head(5).iterrows():  # the five largest families of one account
        f = _family(r["family"], fams)
        rate = "" if is_missing(r["margin_rate"]) else f", margin {share(r['margin_rate'])}"
        rate_zh = "" if is_missing(r["margin_rate"]) else f"，毛利率 {share(r['margin_rate'])}"
        wal = ("", "")
        if not is_missing(r["family_wallet"]):
            wal = (f", {share(r['family_wallet_share'])} of its estimated {u.text(r['family_wallet'])}",
                   f"，占其估计采购额 {u.text(r['family_wallet'])} 的 {share(r['family_wallet_share'])}")  # fmt: skip
        en.append(f"{f[0]} {u.text(r['revenue_12m'])} ({share(r['family_revenue_share'])}{rate}{wal[0]})")
        zh.append(f"{f[1]} {u.text(r['revenue_12m'])}（占 {share(r['family_revenue_share'])}{rate_zh}{wal[1]}）")
    more = len(bought) - len(en)
    tail = (f"; {more} more famil{'ies' if more != 1 else 'y'}", f"；另有 {more} 个系列") if more > 0 else ("", "")
    return (
        f"Bought in the last 12 months by product family: {'; '.join(en)}{tail[0]}.",
        f"近12个月按产品系列的采购：{'；'.join(zh)}{tail[1]}。",
    )


def _action(a: AccountProfile, first: pd.Series, f: Pair, u: MoneyUnit, pol: Mapping) -> dict:
    """The account manager's action on the first family of the list, with its date."""
    manager = a.profile["account_manager"]
    owner = ("Account manager", "客户经理")
    if not is_missing(manager) and str(manager) != "unknown":
        owner = (f"Account manager {manager}", f"客户经理 {manager}")
    due = (pd.Timestamp(a.as_of) + pd.Timedelta(days=int(pol["segments"]["cross_sell"]["action_days"]))).date()
    n, peers, typical = whole(first["peers_buying"]), whole(first["peers"]), u.text(first["peer_typical_revenue"])
    return {
        "owner": owner,
        "due": str(due),
        "text": (
            f"Present {f[0]} to the customer's purchasing and technical contacts: {n} of its {peers} similar "
            f"accounts buy it, typically {typical} a year. Agree a trial order or a quotation and record the visit.",
            f"向客户的采购和技术负责人推介{f[1]}：{peers}家同类客户中有{n}家采购，典型年采购额 {typical}。"
            "争取试订单或报价，并登记拜访记录。",
        ),
    }


def cross_sell(a: AccountProfile, pol: Mapping) -> dict:
    """The cross-sell part of the plan: ``mix`` (a sentence), ``header`` and ``rows`` (the first
    ``segments.cross_sell.top`` families: family, peers buying it, share, their typical revenue, the
    customer's estimated wallet in the family), ``note`` and ``action`` (None without a family to propose)."""
    u = money_unit(pol)
    cfg, fams = pol["segments"]["cross_sell"], a.products.get("families", pd.DataFrame())
    cross = a.products.get("cross_sell", pd.DataFrame())
    mix = a.products.get("mix", pd.DataFrame())
    wallet = mix.set_index("family")["family_wallet"] if len(mix) else pd.Series(dtype="float64")
    top = cross.head(int(cfg["top"])) if len(cross) else cross
    rows = [
        {
            "family": _family(r["family"], fams),
            "cells": [f"{whole(r['peers_buying'])} / {whole(r['peers'])}", share(r["peer_share"]),
                      u.text(r["peer_typical_revenue"]), u.text(wallet.get(r["family"], float("nan")))],
        }
        for _, r in top.iterrows()
    ]  # fmt: skip
    industry = label_pair("industry", a.profile["industry"])
    tier = label_pair("tier", a.profile["tier"])
    peers = (
        f"similar accounts (the other {tier[0]}s of the industry {industry[0]})",
        f"同类客户（同属{industry[1]}行业的其他{tier[1]}）",
    )
    legal = str(a.credit.get("action", "")) == "legal"
    if legal or bool(a.credit_check.get("no_unsecured", False)):  # the debt or the grade first: nothing to pitch
        why = (
            ("its debt is with collections or legal action", "欠款已移交催收/法务")
            if legal
            else (f"grade {a.credit['grade']} gives no unsecured credit", f"{a.credit['grade']}级不给予无担保赊销")
        )
        note = (f"No cross-sell while {why[0]}: credit comes first.", f"{why[1]}，暂不推进交叉销售：先解决信用问题。")
        return {"mix": _mix_line(a, u), "header": [], "rows": [], "note": note, "action": None}
    if rows:
        note = (
            f"Product families the customer did not buy in the last 12 months that {peers[0]} buy (at least "
            f"{whole(cfg['min_peers'])} of them, and at least {share(cfg['min_share'])} of them), the most common first, then by their "
            "typical (median) revenue in the family; the thresholds are the company's choice, not the method's.",
            f"客户近12个月未采购、而{peers[1]}采购的产品系列（至少{whole(cfg['min_peers'])}家，且不低于"
            f"{share(cfg['min_share'])}），按采购的同类客户比例排序，其次按其典型（中位数）采购额；阈值由公司自定，非方法规定。",
        )
        action = _action(a, top.iloc[0], rows[0]["family"], u, pol)
        if bool(a.credit_check.get("hold", False)):  # a trial order waits for the hold's release
            action["text"] = (
                "Once the credit hold is released: " + action["text"][0][0].lower() + action["text"][0][1:],
                "冻结解除后：" + action["text"][1],
            )
    elif a.profile["tier"] != "key":
        note = ("The cross-sell list is drawn for key accounts only.", "交叉销售清单只为重点客户编制。")
        action = None
    else:
        note = (
            f"No family to propose: the customer buys every family that enough {peers[0]} buy, or it has too few "
            "of them.",
            f"没有可推荐的产品系列：足够多的{peers[1]}采购的系列该客户都已采购，或同类客户太少。",
        )
        action = None
    header = [("Product family", "产品系列"), ("Similar accounts buying it", "采购的同类客户"),
              ("Share", "比例"), ("Their typical revenue, 12 months", "其近12个月典型采购额"),
              ("Customer's wallet in the family (estimate)", "客户该系列采购潜力（估计）")]  # fmt: skip
    return {"mix": _mix_line(a, u), "header": header, "rows": rows, "note": note, "action": action}
