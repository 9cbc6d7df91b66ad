"""What to do with each segment: the strategy the KAM method prescribes, in plain words.

One dictionary per concept maps a segment code (as it appears in the output of
:mod:`kamtools.segments`) to a :class:`Strategy`: the English term with the Chinese
term of the training material beside it, and what to do. ``str(strategy)`` gives
the text shown in the ``strategy`` (or ``action``) column of every segment table.

>>> print(TIERS["key"].label)
key account (关键客户)
>>> str(TIERS["prospect"]).startswith("prospect (潜在客户): win a first order")
True
>>> strategy_text(TIERS, ["ordinary"])[0][:31]
'ordinary customer (普通客户): widen'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Strategy:
    """A segment's name in English and Chinese, and what to do with it."""

    term: str
    zh: str
    text: str

    @property
    def label(self) -> str:
        """The English term with the Chinese term beside it, e.g. ``key account (关键客户)``."""
        return f"{self.term} ({self.zh})"

    def __str__(self) -> str:
        return f"{self.label}: {self.text}"


# ----------------------------------------------------------------------------- pyramid
#: Tiers of the key-account pyramid (大客户金字塔).
TIERS: dict[str, Strategy] = {
    "key": Strategy(
        "key account",
        "关键客户",
        "build relationships across the customer's whole senior team, not one buyer; aim for a "
        "partnership or a strategic alliance; plan the account with the customer, give it about "
        "60 % of selling time and a named team.",
    ),
    "ordinary": Strategy(
        "ordinary customer",
        "普通客户",
        "widen our difference from competitors, reach the key people who decide, add value beyond "
        "price; pick those with potential and move them up to key account; about 30 % of selling time.",
    ),
    "prospect": Strategy(
        "prospect",
        "潜在客户",
        "win a first order (qualify with MAN first), then develop the buyer into an ordinary "
        "customer; about 10 % of selling time, spent on the best-qualified prospects.",
    ),
    "unattractive": Strategy(
        "unattractive account",
        "无吸引力客户",
        "serve at the lowest cost to serve (standard terms, phone, online ordering); pursue only "
        "when the potential is large, otherwise spend no selling time; drop leads without money, "
        "authority or need (m+a+n) from the pipeline.",
    ),
}

# ----------------------------------------------------------------------------- ABC / Pareto
#: ABC classes of the 80-20 rule (ABC 分类).
ABC: dict[str, Strategy] = {
    "A": Strategy(
        "class A",
        "A类客户",
        "the few accounts that bring most of the value: protect them first, with senior contacts, "
        "regular reviews and the best service.",
    ),
    "B": Strategy(
        "class B",
        "B类客户",
        "solid middle accounts: serve them well at reasonable cost and look for the ones that can grow into class A.",
    ),
    "C": Strategy(
        "class C",
        "C类客户",
        "the many small accounts: serve them efficiently (standard offers, inside sales, online); "
        "do not let them absorb the time class A needs.",
    ),
}

# ----------------------------------------------------------------------------- MAN
#: The eight Money / Authority / Need combinations of lead qualification (MAN 法则);
#: a capital letter means the condition is present. In order of priority (1 = pursue first).
MAN: dict[str, Strategy] = {
    "M+A+N": Strategy(
        "qualified prospect",
        "有望客户",
        "the ideal prospect: has money, authority and need; pursue now with a proposal and a closing plan.",
    ),
    "M+a+N": Strategy(
        "find the decision maker",
        "可以接触，设法找到有决定权的人",
        "worth pursuing: money and need are there; find and reach the person with the authority to decide.",
    ),
    "M+A+n": Strategy(
        "create the need",
        "可以接触，配合熟练的销售技术",
        "worth approaching: money and a decision maker; with skilled selling, show the need our "
        "offer meets and there is a good chance of success.",
    ),
    "m+A+N": Strategy(
        "check credit, offer financing",
        "可以接触，调查业务与信用后给予融资",
        "worth approaching: need and a decision maker but money is short; investigate the "
        "business and credit standing, then consider credit terms or financing.",
    ),
    "M+a+n": Strategy(
        "cultivate (money only)",
        "长期观察、培养",
        "keep in contact and cultivate over the long term until a need and the person who decides appear.",
    ),
    "m+a+N": Strategy(
        "cultivate (need only)",
        "长期观察、培养",
        "keep in contact and cultivate over the long term; watch for funding and reach the "
        "decision maker when it comes.",
    ),
    "m+A+n": Strategy(
        "light contact (authority only)",
        "保持低成本联系",
        "not in the material's list: the contact could decide but there is neither money nor "
        "need; keep a light, low-cost contact with the decision maker (occasional call, "
        "newsletter) and requalify when a need or funding appears; spend no selling time now.",
    ),
    "m+a+n": Strategy(
        "not a customer", "非客户", "no money, no authority, no need: stop contact and remove from the pipeline."
    ),
}

# ----------------------------------------------------------------------------- status
#: Customer status (客户状态).
STATUS: dict[str, Strategy] = {
    "new": Strategy(
        "new customer",
        "新客户",
        "first purchase recently: deliver flawlessly on the first orders, introduce the team, "
        "and turn the trial into regular buying.",
    ),
    "active": Strategy(
        "active customer",
        "活跃客户",
        "buying regularly: keep service reliable, grow our share of the customer's purchases and "
        "deepen the relationship.",
    ),
    "lost": Strategy(
        "lost customer",
        "流失客户",
        "bought before but not for a long time: find out why (price, service, a competitor, a "
        "change at the customer) and make a win-back offer where the account is worth it.",
    ),
    "prospect": Strategy(
        "prospect", "潜在客户", "not buying yet: qualify with MAN and pursue the qualified ones for a first order."
    ),
    "non-customer": Strategy(
        "non-customer", "非客户", "no money, no authority and no need: stop spending selling time."
    ),
}

# ----------------------------------------------------------------------------- lifecycle
#: Stages of the relationship lifecycle (客户关系生命周期).
LIFECYCLE: dict[str, Strategy] = {
    "breakthrough": Strategy(
        "breakthrough",
        "突破期",
        "getting into the account: win and deliver the first orders, build trust with the users "
        "and the buyer, find the decision makers.",
    ),
    "growth": Strategy(
        "growth",
        "成长期",
        "purchases are rising: widen the range we supply, add contacts at more levels and "
        "invest selling time while the door is open.",
    ),
    "harvest": Strategy(
        "harvest",
        "收获期",
        "stable, mature purchases: earn the margin, keep service excellent, defend price and renew agreements early.",
    ),
    "defense": Strategy(
        "defense",
        "防御期",
        "purchases are falling: find the cause at once (competitor, quality, a change of "
        "people), involve senior management and defend the share with a recovery plan.",
    ),
    "hibernation": Strategy(
        "hibernation",
        "休眠期",
        "no purchases in the last twelve months: keep a low-cost contact, learn why, and "
        "reactivate when a need returns.",
    ),
}

# ----------------------------------------------------------------------------- RFM
#: RFM segments (RFM 客户分群), from the recency score and the frequency-monetary score.
RFM: dict[str, Strategy] = {
    "champions": Strategy(
        "champions",
        "冠军客户",
        "bought recently, often and for large amounts: reward them, ask for referrals and "
        "references, offer new products first.",
    ),
    "loyal": Strategy(
        "loyal",
        "忠诚客户",
        "buy often and for large amounts: keep them close, offer agreements and up-selling, "
        "make them key-account candidates.",
    ),
    "potential loyalist": Strategy(
        "potential loyalist",
        "潜在忠诚客户",
        "recent buyers with average volume: offer a regular-supply agreement and widen the range to build loyalty.",
    ),
    "new": Strategy(
        "new",
        "新客户",
        "first bought very recently: make the first deliveries perfect and follow up soon for a second order.",
    ),
    "promising": Strategy(
        "promising",
        "有希望客户",
        "recent but small buyers: build awareness of the range and give a reason to buy again.",
    ),
    "need attention": Strategy(
        "need attention",
        "需要关注客户",
        "average on all three: a call or visit to learn their plans before they drift away.",
    ),
    "about to sleep": Strategy(
        "about to sleep",
        "即将沉睡客户",
        "buying less recently and little: reactivate with a relevant offer before they lapse.",
    ),
    "at risk": Strategy(
        "at risk",
        "有流失风险客户",
        "used to buy often and much but not lately: contact them personally, find the problem and win them back.",
    ),
    "cannot lose them": Strategy(
        "cannot lose them",
        "不能失去的客户",
        "our former best buyers have gone quiet: involve senior management now and make a win-back plan.",
    ),
    "hibernating": Strategy(
        "hibernating",
        "沉睡客户",
        "small, infrequent and not recent: low-cost reactivation only (mailing, standard offer).",
    ),
    "lost": Strategy(
        "lost",
        "已流失客户",
        "lowest on recency, frequency and value: do not spend selling time; one win-back campaign at most.",
    ),
    "no purchases": Strategy(
        "no purchases", "无购买", "set up but never bought: treat as a prospect and qualify with MAN."
    ),
}

# ----------------------------------------------------------------------------- profitability
#: Profitability classes of the whale curve (客户盈利性).
PROFIT: dict[str, Strategy] = {
    "most profitable": Strategy(
        "most profitable",
        "最盈利客户",
        "the few accounts that earn most of the profit: protect them, keep cost to serve in "
        "check and never let a competitor in.",
    ),
    "profitable": Strategy(
        "profitable",
        "盈利客户",
        "earn a positive contribution: grow the volume while keeping discounts and selling time in proportion.",
    ),
    "unprofitable": Strategy(
        "unprofitable",
        "亏损客户",
        "cost more to serve than they earn: cut discounts, move to cheaper service channels, "
        "raise minimum order sizes or prices; let them go if that fails.",
    ),
    "no business": Strategy(
        "no business", "无业务", "neither revenue nor selling time in the last twelve months: nothing to judge yet."
    ),
}

# ----------------------------------------------------------------------------- value matrix
#: Quadrants of the customer value matrix (客户价值矩阵): current value x potential value.
VALUE_MATRIX: dict[str, Strategy] = {
    "strategic": Strategy(
        "strategic (high current, high potential)",
        "战略客户",
        "invest: the most important accounts now and later; senior relationships, joint plans and the best resources.",
    ),
    "maintain": Strategy(
        "maintain (high current, low potential)",
        "维持型客户",
        "keep and harvest: little room to grow, so protect the current business efficiently and guard the margin.",
    ),
    "develop": Strategy(
        "develop (low current, high potential)",
        "发展型客户",
        "grow our share of the customer's purchases: find the unmet needs, reach the decision "
        "makers, invest selling time.",
    ),
    "minimal": Strategy(
        "minimal (low current, low potential)",
        "低价值客户",
        "serve at minimal cost through standard channels; do not invest selling time.",
    ),
}

# ----------------------------------------------------------------------------- relational
#: Transactional versus relational customers (交易型 / 关系型客户).
RELATIONAL: dict[str, Strategy] = {
    "relational": Strategy(
        "relational customer",
        "关系型客户",
        "values the relationship more than price and earns a high contribution: invest in "
        "the relationship, joint planning and value-added services.",
    ),
    "transactional": Strategy(
        "transactional customer",
        "交易型客户",
        "buys mainly on price (discounts) or contributes little: serve efficiently at standard "
        "terms, guard the margin, do not buy the business with discounts.",
    ),
    "no purchases": Strategy("no purchases", "无购买", "no purchases in the last twelve months: nothing to classify."),
}

# ----------------------------------------------------------------------------- migration
#: Direction of a move between two periods (客户迁移).
MIGRATION: dict[str, Strategy] = {
    "up": Strategy(
        "moved up", "升级", "confirm the new tier: give the account the selling time and contacts of its new tier."
    ),
    "down": Strategy(
        "moved down", "降级", "find out why and decide: recover the account with a plan, or serve it at its new tier."
    ),
    "entered": Strategy("entered", "新进入", "new in the book: qualify it and set its tier's strategy."),
    "left": Strategy(
        "left", "已退出", "no longer in the book (for example a lead converted or removed): check the record."
    ),
    "same": Strategy("unchanged", "不变", "no move: keep following the strategy of the account's tier."),
}

#: Every concept's dictionary by name (for :func:`describe`).
CONCEPTS: dict[str, dict[str, Strategy]] = {
    "tier": TIERS,
    "abc": ABC,
    "man": MAN,
    "status": STATUS,
    "lifecycle": LIFECYCLE,
    "rfm": RFM,
    "profit": PROFIT,
    "value_matrix": VALUE_MATRIX,
    "relational": RELATIONAL,
    "migration": MIGRATION,
}


def strategy_text(strategies: Mapping[str, Strategy], codes: Iterable) -> pd.Series:
    """The strategy text (``label: what to do``) for each code; missing codes give NaN.

    >>> strategy_text(ABC, ["A", None]).isna().tolist()
    [False, True]
    """
    codes = codes if isinstance(codes, pd.Series) else pd.Series(list(codes), dtype="object")
    table = {code: str(s) for code, s in strategies.items()}
    return codes.map(table).astype("str")


def describe(concept: str) -> pd.DataFrame:
    """All segments of one concept with their labels and strategies, as a table.

    >>> describe("lifecycle").index.tolist()
    ['breakthrough', 'growth', 'harvest', 'defense', 'hibernation']
    """
    if concept not in CONCEPTS:
        raise KeyError(f"unknown concept {concept!r}; one of {', '.join(CONCEPTS)}")
    rows = {code: {"term": s.term, "chinese": s.zh, "strategy": s.text} for code, s in CONCEPTS[concept].items()}
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = concept
    return out
