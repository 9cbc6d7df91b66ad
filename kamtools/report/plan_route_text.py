"""The credit route of an account plan in words, in English and Chinese: the route the plan takes (who approves it
and by when) and the other ways an approver may take should it decline (:func:`options`)."""

from __future__ import annotations

import pandas as pd

from ..account_plan import AccountProfile
from ..account_plan_route import solvency_capped
from ..output.currency import MoneyUnit
from ..text import is_missing
from .plan_words import Pair, known, label_pair, share, whole

__all__ = ["options", "route_text", "statement_first"]

#: Shorter payment terms are an option from this many days shorter; a smaller objective from this share
#: smaller (a day or a thousandth less is no decision for an approver).
MIN_DAYS, MIN_SHARE = 5, 0.02


def options(k: pd.Series, u: MoneyUnit) -> list[Pair]:
    """The other ways to carry the objective than the plan's route: collateral, shorter terms, a
    limit of the need, a smaller objective."""
    approver = label_pair("approval_level", k["approver"])
    options: list[Pair] = []
    if not is_missing(k["collateral"]) and k.get("route_route") != "collateral":
        options.append(
            (
                f"collateral of {u.text(k['collateral'])} (counted at {share(k['counted_at'])})",
                f"客户提供担保 {u.text(k['collateral'])}（按 {share(k['counted_at'])} 计入）",
            )
        )
    pace = known(k["need"]) > known(k["recommended_limit"])  # the objective's own pace needs more than the limit
    if pace and not is_missing(k["terms_days"]) and known(k["terms_days"]) <= known(k["payment_terms_days"]) - MIN_DAYS:
        options.append(
            (
                f"payment terms of {whole(k['terms_days'])} days instead of {whole(k['payment_terms_days'])}",
                f"付款期限由 {whole(k['payment_terms_days'])} 天缩短到 {whole(k['terms_days'])} 天",
            )
        )
    if k.get("route_route") not in ("new_limit", "keep_limit", "smaller_cut"):  # not the route itself
        newer = (
            (" on newer financial statements that raise the solvency cap", "（取得更新的财务报表、提高偿付能力上限）")
            if k.get("route_route") == "collateral" and not bool(k.get("no_unsecured", False))
            else ("", "")
        )
        options.append(
            (
                f"a limit of {u.text(max(known(k['need']), known(k.get('sized_need'))))}, approved by the "
                f"{approver[0].lower()} after a new credit investigation{newer[0]}",
                f"经新的信用调查{newer[1]}后由{approver[1]}批准 {u.text(max(known(k['need']), known(k.get('sized_need'))))}的额度",
            )
        )
    carried = known(k["carried_target"])
    if carried <= 0:
        options.append(
            (
                "sales against payment in advance only: the recommended limit carries no sales on credit",
                "只做款到发货：建议额度不支持赊销",
            )
        )
    elif carried < known(k["target"]) * (1 - MIN_SHARE):  # only an objective smaller by more than a trifle
        options.append(
            (
                f"a smaller objective of {u.text(carried)}, what the recommended limit carries",
                f"把收入目标降到 {u.text(carried)}（建议额度能支持的收入）",
            )
        )
    return options


def route_text(a: AccountProfile, u: MoneyUnit) -> Pair:
    """The plan's one credit route, who approves it and by when (the due date of its action)."""
    k = a.credit_check
    route, level = str(k.get("route_route", "")), label_pair("approval_level", k.get("route_approver"))
    action = {
        "keep_limit": "keep_limit",
        "smaller_cut": "file_limit",
        "new_limit": "file_limit",
        "collateral": "collateral",
    }.get(route)
    rows = a.actions[a.actions["action"] == action] if action else a.actions.iloc[0:0]
    if rows.empty:
        return "", ""
    due, amount = str(rows["due"].iloc[0]), u.text(k["route_amount"])
    if route == "keep_limit":
        first = statement_first(a)  # a cut only for the missing statement: the statement comes first
        return (
            f"The plan's route: {first[0]}keep the limit in force of {amount}, which carries it, instead of the "
            f"recommended cut; the {level[0].lower()} decides by {due}.",
            f"本计划的做法：{first[1]}保留现有额度 {amount}（足以支持目标），不按建议降额；由{level[1]}在 {due} 前决定。",
        )
    if route == "smaller_cut":
        first, rec = statement_first(a), u.text(k["recommended_limit"])
        return (
            f"The plan's route: {first[0]}cut the limit to {amount}, what the objective needs, rather than to the "
            f"recommended {rec}; the {level[0].lower()} decides by {due}.",
            f"本计划的做法：{first[1]}把额度降到 {amount}（目标所需），而不是建议的 {rec}；由{level[1]}在 {due} 前决定。",
        )
    approved, exposure = known(a.credit.get("approved_limit")), known(k.get("exposure"))
    if route == "new_limit":
        keep = (
            (f" Keeping {u.text(approved)} instead keeps the customer over its limit until it pays "
             f"{u.text(exposure - approved)}.",
             f"如保留 {u.text(approved)}，客户在付清 {u.text(exposure - approved)}之前一直超额。")
            if exposure > approved > 0 else ("", "")
        )  # fmt: skip
        return (
            f"The plan's route: apply for a limit of {amount} after a new credit investigation; the "
            f"{level[0].lower()} approves it by {due}.{keep[0]}",
            f"本计划的做法：经新的信用调查后申请 {amount}的额度，由{level[1]}在 {due} 前审批。{keep[1]}",
        )
    why = (
        (f" The recommended {u.text(k['recommended_limit'])} is the customer's solvency cap: unsecured credit stops there, "
         "so what the objective needs above it is secured.",
         f"建议额度 {u.text(k['recommended_limit'])}已是客户偿付能力的上限：无担保授信到此为止，目标所需超出部分须由担保覆盖。")
        if solvency_capped(a.credit) else ("", "")
    )  # fmt: skip
    sized, counted = max(known(k["need"]), known(k.get("sized_need"))), known(k.get("counted_at"))
    short, rec = u.text(known(k.get("shortfall"))), u.text(k["recommended_limit"])
    kept = (
        (f", at the credit page's terms of {whole(k['review_terms_days'])} days (was {whole(k['terms_in_force_days'])})",
         f"，按信用评审建议的 {whole(k['review_terms_days'])} 天账期（原 {whole(k['terms_in_force_days'])} 天）")
        if not is_missing(k.get("review_terms_days")) else ("", "")
    )  # fmt: skip
    return (
        f"The plan's route: collateral of {amount} from the customer (counted at {share(counted)}: {short}); the "
        f"{level[0].lower()} approves a limit of {u.text(sized)} with it by {due} ({rec} of it unsecured){kept[0]}."
        f"{why[0]}",
        f"本计划的做法：客户提供担保 {amount}（按 {share(counted)} 计入 {short}），由{level[1]}在 {due} 前连同担保审批 "
        f"{u.text(sized)}的额度（其中无担保 {rec}）{kept[1]}。{why[1]}",
    )


def statement_first(a: AccountProfile) -> Pair:
    """``with the financial statement the credit department obtains by <day>, `` (and its Chinese) where the
    account's cut is only for a missing statement (``credit.limit.statement_first``); empty otherwise."""
    c = a.credit
    if not bool(c.get("statement_first", False)) or is_missing(c.get("statement_due")):
        return "", ""
    day = f"{pd.Timestamp(c['statement_due']):%Y-%m-%d}"
    return (
        f"first the financial statement, which the credit department obtains by {day}; with it, ",
        f"先取得财务报表（信用部在 {day} 前取得），凭报表",
    )
