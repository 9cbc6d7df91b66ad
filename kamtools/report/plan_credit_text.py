"""The credit sentences of an account plan that size the limit on more than the objective: today's
exposure and the busiest month of the 12 (:func:`sized_need`), and on hold, who asks for the limit the
objective needs beyond the recommended one and when (:func:`after_hold`)."""

from __future__ import annotations

import pandas as pd

from ..output.currency import MoneyUnit
from ..text import is_missing

Pair = tuple[str, str]


def known(v: object) -> float:
    """A number, missing counted as 0."""
    return 0.0 if is_missing(v) else float(v)


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
    if k["hold"] or exposure < sized:  # held for arrears: what is above the limit is collected, not financed
        return (
            f"{need[0]}; but{busy[0].removeprefix(' and')}, so the limit is sized on {u.text(sized)}",
            f"{need[1]}；但{busy[1].removeprefix('，')}，因此额度按 {u.text(sized)}测算",
        )
    return (
        f"{need[0]}; but today's exposure is already {u.text(exposure)}{busy[0]}, so the limit is sized on "
        f"{u.text(sized)}",
        f"{need[1]}；但目前风险敞口已达 {u.text(exposure)}{busy[1]}，因此额度按 {u.text(sized)}测算",
    )


def after_hold(k: pd.Series, u: MoneyUnit, text: Pair) -> Pair:
    """On hold: when the objective needs more than the recommended limit, who asks for the rest and when."""
    sized, limit = max(known(k["need"]), known(k.get("sized_need"))), known(k["recommended_limit"])
    if sized <= limit:
        return text
    gap, carried = u.text(sized - limit), u.text(known(k.get("carried_target")))
    return (
        f"{text[0]} Even then it needs {u.text(sized)} against the recommended {u.text(limit)}: the account manager "
        f"asks for the {gap} more, with a new credit investigation, in the same month the hold is released; until "
        f"that limit is approved the objective waits at what the recommended limit carries ({carried} a year).",
        f"{text[1]}即使冻结解除，目标仍需 {u.text(sized)}的额度，而建议额度为 {u.text(limit)}：由客户经理在冻结解除的当月"
        f"经新的信用调查申请增加 {gap}；新额度批准之前，目标按建议额度所能支持的水平执行（每年 {carried}）。",
    )
