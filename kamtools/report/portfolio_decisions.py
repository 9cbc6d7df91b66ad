"""The portfolio page's own decisions (not among the index's ten): the largest customers that lose margin, whose
prices the sales director reviews, with its owner and day from the policy (``report.decisions``), for the page's
decision box (:mod:`.page_decisions`). The holds of the largest customers are the index's joint sign-offs, not the
page's own."""

from __future__ import annotations

import pandas as pd

from ..output.currency import short_amount
from ..policy import Policy
from .decision import Decision, owner_and_due

__all__ = ["PAGE", "SECTION", "portfolio_decisions"]

PAGE = "01_portfolio"
#: The page's section of the largest customers (its English heading).
SECTION = "Concentration: top 10, top 20 % and the Pareto curve"


def _names(frame: pd.DataFrame) -> tuple[str, str]:
    return ", ".join(frame["name"].astype(str)), "、".join(frame["name"].astype(str))


def portfolio_decisions(top: pd.DataFrame, as_of, pol: Policy) -> list[Decision]:
    """The decisions of the ``top`` customers by revenue (the concentration's top: ``name``, ``margin_12m``): a price
    review of those with a negative margin, legal cases aside (``action`` ``legal``: the debt is pursued instead).

    >>> from kamtools.policy import load_policy
    >>> top = pd.DataFrame({"name": ["A", "B"], "margin_12m": [-1_000.0, 5.0], "hold": [False, True],
    ...     "approved_limit": [10.0, 10.0], "recommended_limit": [10.0, 5.0]})
    >>> [(d.kind, d.due) for d in portfolio_decisions(top, "2026-10-31", load_policy())]
    [('price_review', '2026-11-30')]
    >>> portfolio_decisions(top.assign(action=["legal", "hold"]), "2026-10-31", load_policy())
    []
    """
    as_of, out = pd.Timestamp(as_of), []
    # a legal case (supply stopped, the debt with collections or legal action) has no price to review: the page's
    # loss section says so, and the finance manager pursues the debt
    legal = top["action"].astype("str").eq("legal") if "action" in top else pd.Series(False, index=top.index)
    losing = top[(top["margin_12m"] < 0) & ~legal]
    if len(losing):
        owner, due = owner_and_due("price_review", as_of, pol)
        loss = float(losing["margin_12m"].sum())
        names = _names(losing)
        out.append(
            Decision(
                f"Review prices and discounts of the {len(losing)} of the top {len(top)} with a negative margin over "
                f"the last 12 months ({names[0]}; {short_amount(loss, 'en', pol)} together)",
                abs(loss),
                PAGE,
                SECTION,
                text_zh=f"复核前{len(top)}大客户中近12个月毛利为负的{len(losing)}家的价格和折扣（{names[1]}；合计"
                f"{short_amount(loss, 'zh', pol)}）",
                kind="price_review",
                owner=owner,
                side="sales",
                due=due,
            )
        )
    return out
