"""Approval by authority (授信审批权限): who must approve a limit, and approvals beyond authority.

The policy's ladder (``credit.approval_levels``) lists the levels from the lowest to the
highest, each with the largest resulting limit it may approve (``up_to``; the last may have
no ceiling). The amounts are the company's: the material names three levels (客户经理,
直销部经理, 地区公司经理) and leaves the amounts blank.

* An **increase** goes to the lowest level whose authority covers the new limit: a limit
  exactly equal to a level's amount is within its authority, one cent more is not. Above a
  last level that has a ceiling no level may approve it: ``"above_ladder"``.
* A **decrease** goes to ``credit.decrease_approver``: ``current`` (the default) is the
  approver of the current limit (the material: a change needs a new investigation and the
  supervisor's approval, for decreases as for increases), or the level the current limit
  needs when that is higher; a level's key sends every decrease to that level.
* A decrease of a limit **approved as an exception** goes one level above that exception's approver
  by ``credit.exception_decrease_approver: one_level_up`` (the company's choice: whoever made the
  exception does not approve its correction), or by the decrease rule alone (``current``).
* A limit **unchanged** whose payment terms are shortened (or turned to cash in advance), or whose
  arrears go to collections or legal action, is signed where a decrease would be.
* **No change** needs no approval: ``"none"``.

Who an approver is: ``credit_limits.approved_by`` holds a name. A name equal to a level's
key, English or Chinese name, or listed in the level's ``approvers`` (people, or other
titles), is that level; names are compared ignoring case, spaces, hyphens and underscores
(:func:`kamtools.policy.approver_name`). A name on no level is *not on the ladder*: its authority cannot be checked, and
:func:`kamtools.credit.authority.authority_breaches` lists its approvals with the approvals beyond authority.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from ..money import round_cents
from ..policy import approver_name, load_policy
from .limit_text import _join, short_amount

#: ``approval_level`` of no change.
NONE = "none"
#: ``approval_level`` of a limit above the ceiling of the ladder's last level (only when it has one).
ABOVE_LADDER = "above_ladder"
#: ``breach`` of an approval larger than its approver's authority.
BEYOND_AUTHORITY = "beyond authority"
#: ``breach`` of an approval whose approver is on no level of the ladder.
NOT_ON_LADDER = "approver not on the ladder"


def _credit(policy: Any) -> Mapping:
    return load_policy(policy)["credit"]


def _keys(credit: Mapping) -> list[str]:
    return [lv["key"] for lv in credit["approval_levels"]]


def level_keys(policy: Any = None) -> list[str]:
    """Every value ``approval_level`` can take, lowest authority first: the levels' keys,
    ``"above_ladder"`` when the last level has a ceiling, and ``"none"``.

    >>> level_keys()
    ['account_manager', 'direct_sales_manager', 'regional_company_manager', 'none']
    """
    credit = _credit(policy)
    bounded = credit["approval_levels"][-1]["up_to"] is not None
    return [*_keys(credit), *([ABOVE_LADDER] if bounded else []), NONE]


def level_names(policy: Any = None) -> dict[str, tuple[str, str]]:
    """English and Chinese name of every value of ``approval_level`` (see :func:`level_keys`).

    >>> level_names()["direct_sales_manager"]
    ('Direct-sales manager', '直销部经理')
    """
    credit = _credit(policy)
    names = {lv["key"]: (lv["name"], lv["name_zh"]) for lv in credit["approval_levels"]}
    names[ABOVE_LADDER] = ("Above the ladder's authority", "超出审批权限")
    names[NONE] = ("No approval needed", "无需审批")
    return names


def _as_series(value: Any) -> tuple[pd.Series, bool]:
    if isinstance(value, pd.Series):
        return value, False
    return pd.Series([value]), True


def approver_level(approved_by: pd.Series | str, policy: Any = None) -> pd.Series | Any:
    """The level of each approver (a name of ``credit_limits.approved_by``); NA when the name is
    on no level (see the module's docstring).

    >>> approver_level("Direct-Sales  Manager"), approver_level("地区公司经理")
    ('direct_sales_manager', 'regional_company_manager')
    >>> ladder = [{"key": "am", "name": "Account manager", "name_zh": "客户经理", "up_to": 50000,
    ...            "approvers": ["Wang Qiang"]}, {"key": "boss", "name": "Boss", "name_zh": "总经理", "up_to": None}]
    >>> approver_level("wang  qiang", {"credit": {"approval_levels": ladder}})
    'am'
    >>> pd.isna(approver_level("Li Ming"))
    True
    """
    credit = _credit(policy)
    s, scalar = _as_series(approved_by)
    known: dict[str, str] = {}
    for lv in credit["approval_levels"]:
        for name in (lv["key"], lv["name"], lv["name_zh"]):
            known.setdefault(approver_name(name), lv["key"])
    for lv in credit["approval_levels"]:  # the listed approvers before the levels' names
        known.update({approver_name(name): lv["key"] for name in lv["approvers"]})
    names = s.astype("str").where(s.notna())
    levels = {n: known.get(approver_name(n)) for n in names.dropna().unique()}  # per distinct name
    out = names.map(levels).astype("str")
    return out.iloc[0] if scalar else out


def authority_level(limit: pd.Series | float, policy: Any = None) -> pd.Series | Any:
    """The lowest level whose authority covers a limit of ``limit`` (inclusive), ``"above_ladder"``
    above a bounded last level; NA for a missing limit.

    >>> [authority_level(x) for x in (0, 100000, 100000.01, 500000, 500000.01, 9e12)]
    ['account_manager', 'account_manager', 'direct_sales_manager', 'direct_sales_manager', 'regional_company_manager', 'regional_company_manager']
    """
    credit = _credit(policy)
    s, scalar = _as_series(limit)
    levels = credit["approval_levels"]
    keys = np.array([*_keys(credit), ABOVE_LADDER], dtype=object)
    bounded = np.array([float(lv["up_to"]) for lv in levels if lv["up_to"] is not None])
    x = s.astype(float).to_numpy()
    pos = np.searchsorted(bounded, np.nan_to_num(x), side="left")  # first amount >= the limit
    out = pd.Series(keys[pos], index=s.index, dtype="str").where(~np.isnan(x))
    return out.iloc[0] if scalar else out


def _rank(level: pd.Series, credit: Mapping) -> pd.Series:
    """Position of each level on the ladder (above_ladder above the last level; NA for others)."""
    ranks = {k: i for i, k in enumerate([*_keys(credit), ABOVE_LADDER])}
    return level.map(ranks).astype("Int64")


def _aligned(value: Any, index: pd.Index, dtype: str) -> pd.Series:
    """``value`` (a Series, a scalar or None) as a Series on ``index``."""
    if isinstance(value, pd.Series):
        return value.reindex(index).astype(dtype)
    return pd.Series(value, index=index, dtype=dtype)


def approval_level(
    new_limit: pd.Series | float,
    current_limit: pd.Series | float = 0.0,
    policy: Any = None,
    *,
    current_approver: pd.Series | str | None = None,
    exposure: pd.Series | float | None = None,
    override_by: pd.Series | str | None = None,
    exception: pd.Series | bool | None = None,
    other_change: pd.Series | str | None = None,
) -> pd.Series | Any:
    """Who must approve moving a limit from ``current_limit`` to ``new_limit``.

    An increase goes to the level whose authority covers the larger of the new limit and the
    ``exposure``; a decrease to ``credit.decrease_approver`` (by default the approver of the
    current limit, named by ``current_approver``, or the level the current limit needs when
    that is higher; the latter when the approver is unknown); no change to ``"none"``. After a
    breach the level rises (see :func:`approval_route`, which also says why). NA where a limit
    is missing.

    >>> approval_level(100000, 20000), approval_level(100000.01, 20000), approval_level(80000, 80000)
    ('account_manager', 'direct_sales_manager', 'none')
    >>> approval_level(30000, 80000, current_approver="地区公司经理")  # a decrease: the approver of the current limit
    'regional_company_manager'
    >>> approval_level(30000, 700000, current_approver="account manager")  # beyond that approver: what 700,000 needs
    'regional_company_manager'
    >>> approval_level(60000, 34000, current_approver="account manager", exposure=40000)  # over its limit: one up
    'direct_sales_manager'
    """
    if isinstance(current_limit, Mapping):
        raise TypeError("approval_level(new_limit, current_limit, policy): the second argument is the current limit")
    new, scalar = _as_series(new_limit)
    route = approval_route(
        new,
        current_limit,
        policy,
        current_approver=current_approver,
        exposure=exposure,
        override_by=override_by,
        exception=exception,
        other_change=other_change,
    )
    out = route["approval_level"]
    return out.iloc[0] if scalar else out


def approval_route(
    new_limit: pd.Series,
    current_limit: pd.Series | float,
    policy: Any = None,
    *,
    current_approver: pd.Series | str | None = None,
    exposure: pd.Series | float | None = None,
    override_by: pd.Series | str | None = None,
    exception: pd.Series | bool | None = None,
    other_change: pd.Series | str | None = None,
) -> pd.DataFrame:
    """``approval_level`` and ``approval_reason`` of moving each limit from ``current_limit`` to ``new_limit``.

    * An **increase** goes to the level whose authority covers the larger of the new limit and
      the current ``exposure`` (a limit raised below what is owed is approved for what is owed).
    * A **decrease** goes to ``credit.decrease_approver`` (see the module's docstring).
    * A limit **unchanged** with another change to sign (``other_change``, its words: payment terms
      shortened or to cash in advance, a hand-over to collections or legal action) goes where a
      decrease would: the approver of the current limit (the level the current limit needs).
    * **After a breach** the level rises, never back to whoever let it happen: an increase for a
      customer whose exposure is above its current limit (or who has exposure and no limit) goes
      at least one level above the approver of the current limit (above the level the current
      limit needs when its approver is not on the ladder; the top level stays the top); any
      change of a limit whose limit in force is an analyst's override (``override_by``: its
      approver, empty where no override is in force) goes at least to the override's author's level.
    * A **decrease of a limit approved as an exception** (``exception``: beyond authority, on a stale
      basis, unsecured for a grade without unsecured credit, approved while an invoice was past the
      hold days; :mod:`kamtools.credit.approval_exceptions`) goes, by
      ``credit.exception_decrease_approver: one_level_up``, at least one level above the approver of
      that exception (above the level the limit needs when its approver is not on the ladder): whoever
      made an exception does not approve its correction; ``current`` leaves it to the decrease rule.
    * A limit **unchanged** with another change to sign goes at least to the level whose authority covers the
      ``exposure`` that change concerns (cash in advance or a hand-over on a large balance is no small decision).
    * **No change** needs no approval: ``"none"``.

    ``approval_reason`` says which of these set the level, with the amounts. NA where a limit is missing.

    >>> r = approval_route(pd.Series([69000.0]), pd.Series([34000.0]), current_approver="account manager",
    ...     exposure=pd.Series([171000.0]), override_by="regional manager")
    >>> r.loc[0, "approval_level"]
    'regional_company_manager'
    >>> print(r.loc[0, "approval_reason"].replace("; ", chr(10)))
    increase to 69 k: the authority for the exposure 171 k (above the new limit): Direct-sales manager
    exposure 171 k over the limit 34 k approved by account manager: one level above that approver, Direct-sales manager
    the limit in force is an override by regional manager: its author's level, Regional company manager
    """
    pol = load_policy(policy)
    credit = pol["credit"]
    new = new_limit.astype(float)
    cur = _aligned(current_limit, new.index, "float")
    expo = _aligned(exposure, new.index, "float").fillna(0.0)
    who = _aligned(current_approver, new.index, "object")
    author = _aligned(override_by, new.index, "object")
    author = author.where(author.notna() & (author.astype("str").str.strip() != ""))
    other = _aligned(other_change, new.index, "object").fillna("").astype("str")
    excepted = _aligned(exception, new.index, "object").fillna(False).astype(bool)
    ranks = _ranks(new, cur, expo, who, author, excepted, (new == cur) & (other != ""), pol)
    rank = ranks.max(axis=1)
    ladder = np.array([*_keys(credit), ABOVE_LADDER], dtype=object)
    level = pd.Series(ladder[rank.fillna(0).astype("int64")], index=new.index, dtype="object")
    level[(new == cur) & (other == "")] = NONE
    ok = new.notna() & cur.notna()
    out = pd.DataFrame(index=new.index)
    out["approval_level"] = level.where(ok).astype("str")
    out["approval_reason"] = _route_reasons(new, cur, expo, who, author, other, ranks, pol).where(ok)
    return out


def _ranks(
    new: pd.Series,
    cur: pd.Series,
    expo: pd.Series,
    who: pd.Series,
    author: pd.Series,
    excepted: pd.Series,
    signed: pd.Series,
    pol: Any,
) -> pd.DataFrame:
    """The rank (on the ladder) each rule of :func:`approval_route` asks for: ``base`` (the change),
    ``over`` (after a breach), ``exception`` and ``override``; NaN where a rule does not apply."""
    credit = pol["credit"]
    up = new > cur
    down = (cur > new) | signed  # a decrease, or an unchanged limit with other changes to sign
    ranks = pd.DataFrame(index=new.index)
    ranks["base"] = _rank(authority_level(np.fmax(new, expo.where(up)), pol), credit).astype(float)
    if credit["decrease_approver"] != "current":
        ranks.loc[down, "base"] = _rank(pd.Series(credit["decrease_approver"], index=new.index), credit)[down]
    elif down.any():
        ranks.loc[down, "base"] = _decrease_rank(cur[down], who, pol)
    top = len(credit["approval_levels"]) - 1
    over = up & (expo > cur + 0.005)
    held = _rank(approver_level(who, pol), credit).astype(float)
    held = held.fillna(_rank(authority_level(cur, pol), credit).astype(float))
    ranks["over"] = (held + 1).clip(upper=top).where(over)
    one_up = credit["exception_decrease_approver"] == "one_level_up"
    ranks["exception"] = (held + 1).clip(upper=top).where(down & excepted & one_up)
    ranks["override"] = _rank(approver_level(author, pol), credit).astype(float).where((new != cur) | signed)
    # a kept limit whose terms change (to cash in advance, shorter) or whose arrears are handed over: the exposure it
    # concerns is at stake, so at least the level whose authority covers that exposure signs it
    ranks["concerns"] = _rank(authority_level(expo, pol), credit).astype(float).where(signed & (expo > 0.005))
    return ranks


def _route_reasons(
    new: pd.Series,
    cur: pd.Series,
    expo: pd.Series,
    who: pd.Series,
    author: pd.Series,
    other: pd.Series,
    ranks: pd.DataFrame,
    pol: Any,
) -> pd.Series:
    """``approval_reason``: what set the level of each change (see :func:`approval_route`)."""
    credit = pol["credit"]
    idx = new.index
    names = level_names(pol)
    by_rank = {i: names[k][0] for i, k in enumerate([*_keys(credit), ABOVE_LADDER])}

    def name(rank: pd.Series) -> pd.Series:
        return rank.map(by_rank).fillna("").astype("str")

    def amount(x: pd.Series) -> pd.Series:
        return short_amount(x.fillna(0.0))

    up, same = new > cur, new == cur
    signed = same & (other != "")
    lowered = (cur > new) | signed
    head = pd.Series(
        np.where(signed, "limit unchanged at " + amount(cur) + ", " + other, "decrease to " + amount(new)), index=idx
    )
    approver = who.fillna("").astype("str")
    held = _rank(approver_level(who, pol), credit).astype(float)
    needed = _rank(authority_level(cur, pol), credit).astype(float)
    named = credit["decrease_approver"] != "current"
    base = pd.Series(
        np.select(
            [
                same & ~signed,
                up & (expo > new),
                up,
                lowered & named,
                signed & (cur <= 0),
                lowered & held.notna() & (held >= needed),
                lowered & held.notna(),
            ],
            [
                "no change",
                "increase to "
                + amount(new)
                + ": the authority for the exposure "
                + amount(expo)
                + " (above the new limit)",
                "increase to " + amount(new) + ": the authority for the new limit",
                head + ": every decrease goes to this level (credit.decrease_approver)",
                head + ": no limit in force, the level the current limit " + amount(cur) + " needs",
                head + ": the approver of the current limit (" + approver + ")",
                head + ": the level the current limit " + amount(cur) + " needs (" + approver + " approved it beyond "
                "its authority)",
            ],
            head + ": the level the current limit " + amount(cur) + " needs (its approver is not on the ladder)",
        ),
        index=idx,
        dtype="str",
    )
    base = base.where(same & ~signed, base + ": " + name(ranks["base"]))
    over, exception = _raised_texts(cur, expo, approver, held, needed, ranks, credit, name)
    by_author = author.fillna("").astype("str")
    override = pd.Series(
        np.where(
            ranks["override"].notna(),
            "the limit in force is an override by " + by_author + ": its author's level, " + name(ranks["override"]),
            "the limit in force is an override by " + by_author + ", who is on no level of the ladder",
        ),
        index=idx,
    ).where(author.notna() & ~(same & ~signed), "")
    raised = ranks["concerns"].notna() & (ranks["concerns"] > ranks.drop(columns="concerns").max(axis=1).fillna(-1))
    concerns = (
        "the exposure " + amount(expo) + " it concerns: the authority for it, " + name(ranks["concerns"])
    ).where(raised, "")
    return _join(base, over, exception, override, concerns)


def _raised_texts(
    cur: pd.Series,
    expo: pd.Series,
    approver: pd.Series,
    held: pd.Series,
    needed: pd.Series,
    ranks: pd.DataFrame,
    credit: Mapping,
    name: Any,
) -> tuple[pd.Series, pd.Series]:
    """The parts of ``approval_reason`` of a level raised one above the approver of the current limit:
    after a breach (exposure over the limit, or without one) and for a decrease of an exception."""
    idx = cur.index

    def amount(x: pd.Series) -> pd.Series:
        return short_amount(x.fillna(0.0))

    top = len(credit["approval_levels"]) - 1
    above = pd.Series(
        np.where(
            held.fillna(needed) >= top,
            ": the top level (none above that approver), ",
            np.where(held.notna(), ": one level above that approver, ", ": one level above the level it needs, "),
        ),
        index=idx,
    )
    whom = pd.Series(
        np.where(cur > 0, np.where(held.notna(), " approved by " + approver, " (its approver not on the ladder)"), ""),
        index=idx,
    )
    over = (
        "exposure "
        + amount(expo)
        + pd.Series(np.where(cur > 0, " over the limit " + amount(cur), " without an approved limit"), index=idx)
        + whom
        + above
        + name(ranks["over"])
    ).where(ranks["over"].notna(), "")
    by = pd.Series(
        np.where(
            held.notna(),
            " was approved by " + approver + " as an exception",
            " was approved as an exception (its approver not on the ladder)",
        ),
        index=idx,
    )
    # said where it raises the level: whoever approved the exception does not approve its correction (the policy)
    raises = ranks["exception"] > ranks[["base", "over", "override"]].max(axis=1).fillna(-1)
    exception = (
        "the current limit "
        + amount(cur)
        + by
        + ", whose approver does not approve its correction (credit.exception_decrease_approver)"
        + above
        + name(ranks["exception"])
    ).where(ranks["exception"].notna() & raises, "")
    return over, exception


def _decrease_rank(cur: pd.Series, approver: pd.Series, pol: Any) -> np.ndarray:
    """Rank of a decrease from ``cur``: the higher of the current approver's level and the level
    ``cur`` needs (the latter alone when the approver is unknown)."""
    credit = pol["credit"]
    needed = _rank(authority_level(cur, pol), credit).to_numpy(dtype=float)
    by = _rank(approver_level(approver.reindex(cur.index), pol), credit).fillna(-1).to_numpy(dtype=float)
    return np.maximum(needed, by)


def terms_only(lim: pd.DataFrame) -> pd.Series:
    """The recommendations that keep the limit but that an approval level signs all the same (shorter payment terms,
    cash in advance, arrears handed to collections or legal action): no limit change, an approval level; a legal case
    (``action`` ``legal``) is not among them: its hand-over is the legal hand-over list's, whose owner signs it.

    >>> terms_only(pd.DataFrame({"limit_change": [0.0, 0.0, -5.0], "approval_level": ["account_manager", "none",
    ...     "account_manager"]})).tolist()
    [True, False, False]
    """
    legal = lim["action"].astype("str").eq("legal") if "action" in lim else False
    return (lim["limit_change"] == 0) & (lim["approval_level"].astype("str") != NONE) & ~legal


def limit_changes(lim: pd.DataFrame, policy: Any = None) -> pd.DataFrame:
    """Recommended limit changes grouped by approval level: customers, increases and decreases,
    one row per value of :func:`level_keys` (lowest authority first, ``none`` last). ``customers``
    counts every recommendation the level signs: the increases, the decreases and ``terms_only``,
    the limits kept unchanged whose payment terms are shortened (or turned to cash in advance) or
    whose arrears go to collections or legal action (signed where a decrease would be).

    >>> import pandas as pd
    >>> lim = pd.DataFrame({"limit_change": [10000.0, -5000.0, 0.0, 0.0],
    ...     "approval_level": ["account_manager", "direct_sales_manager", "direct_sales_manager", "none"]})
    >>> limit_changes(lim)[["customers", "increases", "decreases", "terms_only"]].loc["direct_sales_manager"].tolist()
    [2, 0, 1, 1]
    """
    levels = level_keys(policy)
    ch = lim["limit_change"]
    g = (
        pd.DataFrame(
            {
                "approval_level": lim["approval_level"],
                "increase": ch.clip(lower=0.0),
                "decrease": (-ch).clip(lower=0.0),
                "n_up": (ch > 0).astype("int64"),
                "n_down": (ch < 0).astype("int64"),
                "n_same": terms_only(lim).astype("int64"),
            }
        )
        .groupby("approval_level")
        .agg(
            customers=("increase", "size"),
            increases=("n_up", "sum"),
            decreases=("n_down", "sum"),
            total_increase=("increase", "sum"),
            total_decrease=("decrease", "sum"),
            terms_only=("n_same", "sum"),
        )
    )
    g = g.reindex(levels, fill_value=0)
    for col in ("customers", "increases", "decreases", "terms_only"):
        g[col] = g[col].astype("int64")
    for col in ("total_increase", "total_decrease"):
        g[col] = g[col].astype(float)
    g.index.name = "approval_level"
    return g


#: Columns of :func:`authority_breaches` after ``customer_id``.
BREACH_COLUMNS: tuple[str, ...] = (
    "name",
    "approved_limit",
    "approved_on",
    "approved_by",
    "approver_level",
    "approver_authority",
    "required_level",
    "excess_authority",
    "breach",
    "in_force",
)


def authority_check(limit: pd.Series, approved_by: pd.Series, policy: Any = None) -> pd.DataFrame:
    """Each approval of a ``limit`` by ``approved_by`` (a Series on the same index) against the
    approver's authority: ``approver_level`` (NA: not on the ladder), ``approver_authority`` (its ``up_to``;
    NaN: no ceiling, or not on the ladder), ``required_level``, ``excess_authority`` (limit −
    authority) and ``breach`` (``"beyond authority"``, ``"approver not on the ladder"`` or ``""``).

    >>> c = authority_check(pd.Series([100000.0, 100000.01]), pd.Series(["account manager"] * 2))
    >>> c["breach"].tolist(), c["excess_authority"].tolist()
    (['', 'beyond authority'], [0.0, 0.01])
    """
    pol = load_policy(policy)
    credit = pol["credit"]
    out = pd.DataFrame(index=limit.index)
    out["approver_level"] = approver_level(approved_by, pol)
    up_to = {lv["key"]: np.nan if lv["up_to"] is None else float(lv["up_to"]) for lv in credit["approval_levels"]}
    out["approver_authority"] = out["approver_level"].map(up_to).astype(float)
    out["required_level"] = authority_level(limit.astype(float), pol)
    out["excess_authority"] = round_cents(limit.astype(float) - out["approver_authority"])
    beyond = (out["excess_authority"] > 0).fillna(False)
    unknown = out["approver_level"].isna()
    out["breach"] = pd.Series(
        np.where(unknown, NOT_ON_LADDER, np.where(beyond, BEYOND_AUTHORITY, "")), index=limit.index, dtype="str"
    )
    return out
