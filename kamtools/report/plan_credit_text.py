"""The credit sentences of an account plan that size the limit on more than the objective: today's
exposure and the busiest month of the 12 (:func:`sized_need`), and on hold, who asks for the limit the
objective needs beyond the recommended one and when (:func:`after_hold`)."""

from __future__ import annotations

import pandas as pd

from ..account_plan_route import limit_need, rounded_up
from ..account_plan_rules import arrears_grade
from ..output.currency import MoneyUnit
from ..text import is_missing
from .plan_words import Pair, known, label_pair, owed


def review_terms(k: pd.Series) -> Pair:
    """The shorter payment terms the credit page files with its recommended limit (a clause), or nothing."""
    days = k.get("review_terms_days")
    if is_missing(days):
        return "", ""
    was = int(known(k.get("terms_in_force_days")))
    return f" at {int(days)} days' terms (was {was})", f"（付款期限由 {was} 天缩短为 {int(days)} 天）"


def sized_need(k: pd.Series, u: MoneyUnit, need: Pair) -> Pair:
    """The objective's need, and, when today's exposure or the busiest month needs more, those too:
    the limit is sized on the largest (:func:`kamtools.account_plan_text.credit_check`)."""
    exposure, peak_need, sized = known(k.get("exposure")), known(k.get("peak_need")), known(k.get("sized_need"))
    if sized <= known(k["need"]):
        return need
    peak = known(k.get("peak_monthly"))
    busy = (
        (f" and the busiest month of the 12 ({u.text(peak)}) needs {u.text(peak_need)}",
         f"，近12个月采购最多的一个月（{u.text(peak)}）需要 {u.text(peak_need)}")
        if peak > 0 else ("", "")
    )  # fmt: skip
    # held for arrears, or sized at the credit page's shorter terms: what is above the limit is collected, not financed
    if k["hold"] or not is_missing(k.get("review_terms_days")) or exposure < sized:
        return (
            f"{need[0]}; but{busy[0].removeprefix(' and')}, so the limit is sized on {u.text(sized)}",
            f"{need[1]}；但{busy[1].removeprefix('，')}，因此额度按 {u.text(sized)}测算",
        )
    return (
        f"{need[0]}; but today's exposure is already {u.text(exposure)}{busy[0]}, so the limit is sized on "
        f"{u.text(sized)}",
        f"{need[1]}；但目前风险敞口已达 {u.text(exposure)}{busy[1]}，因此额度按 {u.text(sized)}测算",
    )


def reassess_after(k: pd.Series) -> Pair:
    """On hold with nothing to collect (an expired assessment, a grade: a new assessment releases it): the
    objective waits for the re-assessment, by the re-review list's day; otherwise for the hold's release."""
    if not bool(k.get("reassess_only", False)):
        return " waits until the hold is released", "，目标待冻结解除后执行"
    day = "" if is_missing(k.get("review_due")) else f"{pd.Timestamp(k['review_due']):%Y-%m-%d}"
    by = (f" by {day}", f"在{day}前") if day else ("", "")
    return (
        f" waits for the credit department's new assessment{by[0]}, which releases the hold; nothing is to be "
        "collected for it",
        f"：信用部{by[1]}重新评估后即解除冻结，无需收款，之后再执行目标",
    )


def immaterial_text(k: pd.Series, u: MoneyUnit, need: Pair) -> Pair:
    """The objective needs a little more than the recommended limit, less than the policy's materiality
    (``report.decisions.plan_credit``): the recommended limit is filed, no decision of its own."""
    sized, limit = max(known(k["need"]), known(k.get("sized_need"))), known(k["recommended_limit"])
    return (
        f"{need[0]}; {u.text(sized - limit)} more than the recommended limit of {u.text(limit)}, below the policy's "
        "materiality for a decision: the plan files the recommended limit.",
        f"{need[1]}；比建议信用额度 {u.text(limit)}多 {u.text(sized - limit)}，低于政策规定须单独决定的金额："
        "按建议额度报批。",
    )


def asked_after_hold(k: pd.Series) -> float:
    """The limit a held plan asks once the hold is released: what the objective needs (its busiest month and
    today's exposure too), rounded up to the policy's rounding."""
    return rounded_up(limit_need(k), known(k.get("rounding")))


def after_hold(k: pd.Series, u: MoneyUnit, text: Pair) -> Pair:
    """On hold: when the objective needs more than the recommended limit (by the check's ``materiality`` or
    more, the policy's ``report.decisions.plan_credit``), who asks for the rest and when."""
    sized, limit = max(known(k["need"]), known(k.get("sized_need"))), known(k["recommended_limit"])
    if sized - limit < max(known(k.get("materiality")), 0.005):
        return text
    if bool(k.get("price_first", False)):  # a loss-maker: the prices first, no larger limit asked
        return (
            f"{text[0]} Until the price review no larger limit is asked: the account loses money after the cost to "
            f"serve; the plan files the recommended {u.text(limit)}.",
            f"{text[1]}价格复核之前不申请更多额度：该客户扣除服务成本后亏损，按建议额度 {u.text(limit)}报批。",
        )
    if bool(k.get("arrears_grade", False)):  # paying the long past-due invoices gives the scored grade back
        return arrears_release(k, u, text, sized)
    if k.get("route_route") in ("smaller_cut", "keep_limit"):  # one change now, the hold in place
        return held_cut(k, u, text, sized, limit)
    if bool(k.get("no_unsecured", False)):  # a grade without unsecured credit: collateral, not a larger limit
        backed = u.text(known(k.get("collateral")))
        return (
            f"{text[0]} Even then the grade gives no unsecured credit: orders ship against payment in advance, "
            f"unless the customer gives collateral of {backed} (counted at {round(known(k.get('counted_at')) * 100)} %)"
            f" for the {u.text(sized - limit)} the objective needs on credit.",
            f"{text[1]}即使冻结解除，该等级也不给予无担保赊销：订单款到发货；如需赊销目标所需的 {u.text(sized - limit)}，"
            f"须由客户提供担保 {backed}（按 {round(known(k.get('counted_at')) * 100)} % 计入）。",
        )
    gap = u.text(asked_after_hold(k) - limit)
    if known(k.get("carried_target")) >= known(k["target"]):  # only the busiest months need more than the limit
        return (
            f"{text[0]} Even then its busiest months need {u.text(sized)} against the recommended {u.text(limit)}: "
            f"the account manager asks for the {gap} more, with a new credit investigation, in the same month the "
            "hold is released; until that limit is approved, what a busy month orders above the limit ships against "
            "payment.",
            f"{text[1]}即使冻结解除，采购最多的月份仍需 {u.text(sized)}的额度，而建议额度为 {u.text(limit)}：由客户经理在冻结"
            f"解除的当月经新的信用调查申请增加 {gap}；新额度批准之前，忙月超出额度的订单凭付款发货。",
        )
    waits = (
        ("sales go on against payment in advance, as the revenue objective estimates them",
         "继续款到发货（按上方收入目标的估计）")
        if bool(k.get("cash_in_advance", False))
        else ("sales go on at the last 12 months' pace, what the limit does not carry against payment, as the "
              "revenue objective estimates them",
              "按近12个月的水平继续销售，超出额度的部分款到发货（按上方收入目标的估计）")
    )  # fmt: skip
    return (
        f"{text[0]} Even then it needs {u.text(sized)} against the recommended {u.text(limit)}: the account manager "
        f"asks for the {gap} more, with a new credit investigation, in the same month the hold is released; until "
        f"that limit is approved {waits[0]}.",
        f"{text[1]}即使冻结解除，目标仍需 {u.text(sized)}的额度，而建议额度为 {u.text(limit)}：由客户经理在冻结解除的当月"
        f"经新的信用调查申请增加 {gap}；新额度批准之前，{waits[1]}。",
    )


def arrears_release(k: pd.Series, u: MoneyUnit, text: Pair, sized: float) -> Pair:
    """The grade in force is the arrears grade (invoices past the hold days open): paying them ends it, and the
    credit department sizes the limit again on the scored grade; no limit of the plan's own is asked, and the
    credit page's cut is filed only if they are still unpaid by its day (:func:`filed_only_if`)."""
    days, grade, scored = int(known(k.get("hold_days"))), k.get("grade", ""), k.get("scored_grade", "")
    approved = known(k.get("approved_limit"))
    more = (  # a larger limit than the one in force is a new application, not the re-sizing: its own decision
        (f" Should the objective then need more than the limit in force of {u.text(approved)}, the account manager "
         f"applies for it after a new credit investigation ({label_pair('approval_level', k.get('hold_ask_approver'))[0].lower()}), "
         "a decision of sales and finance together on a later index.",
         f"届时如目标所需高于现有额度 {u.text(approved)}，由客户经理经新的信用调查另行申请增额"
         f"（{label_pair('approval_level', k.get('hold_ask_approver'))[1]}审批），列入之后的首页由销售与财务共同决定。")
        if approved > 0 and sized > approved + max(known(k.get("materiality")), 0.5) else ("", "")
    )  # fmt: skip
    return (
        f"{text[0]} Paying the invoices more than {days} days past due also ends the arrears grade {grade}: the credit "
        f"department then sizes the limit again on the scored grade {scored} (the objective needs {u.text(sized)}), "
        f"and the credit page's cut is not filed; until then orders ship against payment in advance.{more[0]}",
        f"{text[1]}付清逾期超过 {days} 天的发票后，额度不再按逾期等级 {grade} 计算：信用部按评分等级 {scored} 重新核定额度"
        f"（目标约需 {u.text(sized)}），信用评审的降额不再提交；在此之前订单款到发货。{more[1]}",
    )


def filed_only_if(c: pd.Series, u: MoneyUnit, days: int, due: str) -> Pair:
    """The condition on which the plan files the credit page's cut (a clause opening the limit action), or nothing:
    where the grade in force is only the arrears grade, only if the invoices more than ``days`` past due are still
    unpaid on ``due``; where the cut rests on missing financial statements, only if they have not come by the credit
    page's statement day (``statements_by``)."""
    if known(c.get("filed_limit")) >= known(c["approved_limit"]):
        return "", ""
    if arrears_grade(c):
        return (
            f"only if the invoices more than {days} days past due are still unpaid on {due} (paid, the arrears grade "
            f"{c['grade']} ends and the credit department sizes the limit again on the scored grade "
            f"{c['scored_grade']}): ",
            f"仅当 {due} 仍未付清逾期超过 {days} 天的发票时提交（付清后不再按逾期等级 {c['grade']} 计算，由信用部按评分等级 "
            f"{c['scored_grade']} 重新核定额度）：",
        )
    if is_missing(c.get("statements_by")):
        return "", ""
    by = str(c["statements_by"])
    return (
        f"only if the financial statements have not come by {by} (with them the credit department sizes the limit on "
        "them): ",
        f"仅当 {by} 前仍未取得财务报表时提交（取得后由信用部按报表核定额度）：",
    )


def held_cut(k: pd.Series, u: MoneyUnit, text: Pair, sized: float, limit: float) -> Pair:
    """On hold for arrears while the credit page cuts below what the objective needs once the hold is released:
    the plan files one change now (the cut to the need, or the limit in force kept), never a cut now and a larger
    limit asked back after the release; the hold stays until its release."""
    amount = u.text(known(k.get("route_amount")))
    what = (
        (f"the limit in force of {amount} kept", f"保留现有额度 {amount}")
        if k.get("route_route") == "keep_limit"
        else (f"one cut, to {amount}", f"额度一次调整为 {amount}")
    )
    terms, other = review_terms(k), at_terms_in_force(k, u)
    return (
        f"{text[0]} Once released it needs {u.text(sized)} against the recommended {u.text(limit)}{terms[0]}: the "
        f"plan files {what[0]} (what the objective needs) now, instead of the cut to {u.text(limit)} and a "
        f"larger limit asked back after the release; the hold stays until it is released.{other[0]}",
        f"{text[1]}冻结解除后目标仍需 {u.text(sized)}的额度，而建议额度为 {u.text(limit)}{terms[1]}：本计划现在一次报批，"
        f"{what[1]}（目标所需），不先降到 {u.text(limit)}、冻结解除后再申请增加；冻结维持到解除条件满足为止。{other[1]}",
    )


def at_terms_in_force(k: pd.Series, u: MoneyUnit) -> Pair:
    """Where the plan is sized at the credit page's shorter terms: what keeping the terms in force would need instead
    (a sentence), when that is more than the plan's limit by the plan's materiality; nothing otherwise."""
    need, days = k.get("need_in_force"), k.get("terms_in_force_days")
    if is_missing(need) or is_missing(days) or is_missing(k.get("review_terms_days")):
        return "", ""
    if known(need) < limit_need(k) + max(known(k.get("materiality")), 0.5):
        return "", ""
    return (
        f" Keeping the terms in force of {int(days)} days would need a limit of about {u.text(need)} instead.",
        f"如保留现有 {int(days)} 天的付款期限，则约需 {u.text(need)}的额度。",
    )


def after_reassess(k: pd.Series, u: MoneyUnit, text: Pair, approved: float) -> Pair:
    """The limit rests only on an expired assessment (route ``after_reassess``): one limit change filed with the
    new assessment, the limit the objective needs, or none when the limit in force carries it."""
    sized, rec, amount = (
        max(known(k["need"]), known(k.get("sized_need"))),
        known(k["recommended_limit"]),
        known(k.get("route_amount")),
    )
    day = "" if is_missing(k.get("review_due")) else f"{pd.Timestamp(k['review_due']):%Y-%m-%d}"
    cut = (
        (f" The cut to {u.text(rec)} the credit page recommends on the expired assessment is not filed on its own.",
         f"信用评审按过期评估建议的 {u.text(rec)}不单独报批。")
        if rec < approved else ("", "")
    )  # fmt: skip
    if amount == approved:
        again = (
            (" It was approved on an assessment that had already expired: the new one is the basis on which it is "
             "approved again, unchanged.",
             "现有额度当初是依据已过期的评估批准的：以新评估为依据重新批准，额度不变。")
            if bool(k.get("stale_basis", False)) else ("", "")
        )  # fmt: skip
        return (
            f"{text[0]} The new assessment sizes the limit on {u.text(sized)}: the limit in force of "
            f"{u.text(approved)} carries it, so no limit change is filed.{again[0]}{cut[0]}",
            f"{text[1]}重新评估时按 {u.text(sized)}核定额度：现有额度 {u.text(approved)}足以支持，不提交额度调整。"
            f"{again[1]}{cut[1]}",
        )
    return (
        f"{text[0]} One limit change, filed with the new assessment (by {day}): from {u.text(approved)} to "
        f"{u.text(amount)}, what the objective needs.{cut[0]}",
        f"{text[1]}额度调整待{day}前重新评估后一次提交：由 {u.text(approved)}调整为 {u.text(amount)}（目标所需）。{cut[1]}",
    )


def _cut(c: pd.Series) -> bool:
    """Whether the plan files a limit below the limit in force for a customer a money rule holds."""
    return (
        not is_missing(c.get("filed_limit"))
        and known(c["filed_limit"]) < known(c["approved_limit"])
        and not (is_missing(c.get("release_amount")))
    )


def cut_to_cash(c: pd.Series) -> bool:
    """Whether the limit the plan files leaves the account on cash in advance: a limit of 0, or the credit page's
    cut with its terms of cash in advance; releasing the hold then lets no order ship on credit. Not where the grade
    in force is the arrears grade: paying the long past-due invoices spares the limit that cut
    (:func:`filed_only_if`)."""
    if not _cut(c) or arrears_grade(c):
        return False
    rec = known(c["filed_limit"]) == known(c["recommended_limit"])
    return known(c["filed_limit"]) <= 0 or (rec and bool(c.get("cash_in_advance", False)))


def in_force(c: pd.Series, u: MoneyUnit) -> Pair:
    """Where the plan cuts the limit of a held customer and the cut changes what releases the hold (:func:`after_cut`
    says how): that the hold list's release amount counts against the limit in force (a clause)."""
    if not after_cut(c, u)[0]:
        return "", ""
    limit = u.text(c["approved_limit"])
    return f", against the limit in force of {limit}", f"，按现有额度 {limit}计算"


def after_cut(c: pd.Series, u: MoneyUnit) -> Pair:
    """What the cut the plan files does to the hold (a sentence): on cash in advance, every order paid before it
    ships, hold or not, and the receivables collected as they fall due; else the amount that releases the hold
    at the new limit (:func:`kamtools.credit.release_at`)."""
    if not _cut(c) or arrears_grade(c):
        return "", ""
    new = u.text(c["filed_limit"])
    receivables = u.text(owed(c))
    if cut_to_cash(c):
        return (
            f" Once the cut to {new} is approved the terms are cash in advance: every order is paid before it ships, "
            f"hold or not, and the receivables of {receivables} are collected as they fall due.",
            f"降额至 {new}获批后付款条件为预付现金：无论是否冻结，订单都须先付款后发货，应收账款 {receivables}按期收回。",
        )
    later = known(c.get("release_filed"))
    if later <= known(c["release_amount"]) + 0.005:
        return "", ""
    return (
        f" Once the cut to {new} is approved, the hold lifts only once {u.text(later)} is collected (the receivables "
        "and open orders within the new limit).",
        f"降额至 {new}获批后，须收回 {u.text(later)}才能解除冻结（使应收账款和未开票订单回到新额度以内）。",
    )


def or_new_limit(c: pd.Series, u: MoneyUnit) -> Pair:
    """Held because the business outgrew its limit while the plan files a larger one (collateral, a new limit): that
    limit's approval releases the hold too (a clause)."""
    filed = known(c.get("filed_limit"))
    if is_missing(c.get("release_amount")) or filed <= known(c["approved_limit"]) or filed < known(c.get("exposure")):
        return "", ""
    unsecured = known(c.get("release_unsecured"))
    alone = (
        (f" (should only the unsecured {u.text(c['recommended_limit'])} be approved, {u.text(unsecured)} is to be "
         "collected)",
         f"（如只批准无担保的 {u.text(c['recommended_limit'])}，须收回 {u.text(unsecured)}）")
        if unsecured > known(c["release_amount"]) + 0.005 else ("", "")
    )  # fmt: skip
    return (
        f", or once the limit of {u.text(filed)} this plan files is approved{alone[0]}",
        f"，或本计划申请的 {u.text(filed)}额度获批后即解除{alone[1]}",
    )


def get_statements(c: pd.Series, u: MoneyUnit, due: str) -> Pair:
    """The recommended limit is capped at the grade's starting limit because the customer has no usable financial
    statement (beside other reasons to cut it): the credit department obtains the statements before the cut is
    approved, on ``due``, since the cut and its terms rest on them too."""
    starter = u.text(c.get("starter_limit"))
    return (
        f"obtain the customer's latest financial statements by {due}, before the cut is approved: without them the "
        f"unsecured limit is capped at grade {c['grade']}'s starting limit of {starter}, which the recommended limit "
        "and its terms rest on; with them the credit department sizes the limit on the statements.",
        f"在 {due} 前、降额审批之前取得客户最新的财务报表：没有报表时，无担保额度最多为 {c['grade']} 级的起始额度 {starter}，"
        "建议额度及其付款条件都以此为准；取得报表后由信用部按报表核定额度。",
    )


def collected_above(k: pd.Series, u: MoneyUnit) -> Pair:
    """Where the plan is sized at the credit page's shorter terms and today's exposure is above the limit it files
    (a sentence): what is above is collected as it falls due, not carried by the limit; nothing otherwise."""
    exposure, filed = known(k.get("exposure")), max(known(k.get("route_amount")), known(k["recommended_limit"]))
    if is_missing(k.get("review_terms_days")) or k["hold"] or exposure <= filed + 0.5:
        return "", ""
    return (
        f" Today's exposure of {u.text(exposure)} is above it: the part above is collected as it falls due, not "
        "carried by the limit.",
        f"目前风险敞口 {u.text(exposure)}高于该额度：超出部分随到期收回，不由额度承接。",
    )


def reapprove(c: pd.Series, u: MoneyUnit, row: pd.Series) -> Pair:
    """The limit in force, which the plan keeps, was approved beyond its approver's authority: the credit department
    has it approved again at the level it needs by the index's day (its line of limits beyond authority)."""
    level = label_pair("approval_level", row["level"])
    by = "" if is_missing(c.get("approved_by")) else str(c["approved_by"]).strip()
    who = (f" by the {label_pair('approved_by', by)[0]}", f"由{label_pair('approved_by', by)[1]}") if by else ("", "")
    return (
        f"the limit in force of {u.text(c['approved_limit'])}, approved{who[0]}, is {u.text(row['amount'])} beyond that "
        f"approver's authority: the credit department has it approved again by the {level[0].lower()} by {row['due']} "
        "(the index's line of limits beyond their approver's authority); the plan keeps it only once approved.",
        f"现有额度 {u.text(c['approved_limit'])}（{who[1]}批准）超出审批人权限 {u.text(row['amount'])}：由信用部在 "
        f"{row['due']} 前报{level[1]}重新批准（见首页“现行额度超出审批人权限”一项）；重新批准后本计划才按该额度执行。",
    )
