"""The decisions of the segmentation page (its box "Decisions on this page", :mod:`.page_decisions`):
besides the index's lines that point at the page (the key accounts declining most), what the page
itself asks of a manager, each with one owner and a date from the policy's ``report.decisions``:
the key accounts' share of selling time against its target (``selling_time``), the largest losses
after cost to serve (a price review, ``price_review``: the owner and day of the portfolio page's
review), the RFM customers at risk (``rfm_at_risk``), the ordinary customers to promote
(``promote``), the key accounts that moved down a tier (``key_account_demoted``), the other declining
key accounts (``key_account_decline``, as the index's) and the customers of the highest lifetime
value whose credit stands against it (``plan_credit``).

One decision per account across the report: an account the index already decides (a joint sign-off
naming it, a stop of supply) or a legal case (its limit withdrawn, handed to collections or legal
action by the index's hand-over line) is left out of the page's own lines, and the page says so.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .. import credit
from .. import segments as seg
from ..output.currency import short_amount
from ..output.formats import number_text
from ..output.tables import note
from ..policy import Policy
from ..store import KamData
from .decision import Decision, owner_and_due

__all__ = [
    "PAGE",
    "RFM_AT_RISK",
    "SegmentBook",
    "decided_on_index",
    "lifetime_conflicts",
    "lifetime_decided_text",
    "promote_candidates",
    "prospect_revenue_note",
    "segment_book",
    "segment_decisions",
    "unknown_potential_note",
]

#: The segmentation page (its notebook's name).
PAGE = "02_segmentation"
#: The RFM segments of customers who bought often and much but not lately.
RFM_AT_RISK = ("at risk", "cannot lose them")
#: How many of the largest losses after cost to serve the price review takes.
PRICE_REVIEW_TOP = 10
#: How many candidates to promote the page lists (the sales director chooses among them).
PROMOTE_LISTED = 15


@dataclass(frozen=True)
class SegmentBook:
    """What the segmentation page's decisions read, computed once: the pyramid and its summary, the
    profitability after cost to serve, RFM, the lifetime value, the migration since last month and
    each customer's credit view (:func:`kamtools.credit.credit_view`)."""

    pyramid: pd.DataFrame
    summary: pd.DataFrame
    profit: pd.DataFrame
    rfm: pd.DataFrame
    lifetime: pd.DataFrame
    migration: seg.Migration
    credit_view: pd.DataFrame


def segment_book(data: KamData, as_of, pol: Policy, lim: pd.DataFrame) -> SegmentBook:
    """The :class:`SegmentBook` of ``data`` on ``as_of`` (``lim``: the credit page's limits)."""
    pyr = seg.pyramid(data, as_of, pol)
    view = lim[["grade", "approved_limit", "recommended_limit", "action", "credit_holds"]].assign(
        credit_view=credit.credit_view(lim, pol["credit"]["limit"]["legal_days_past_due"])
    )
    return SegmentBook(
        pyr,
        seg.pyramid_summary(pyr, data, as_of, pol),
        seg.profitability(data, as_of, pol),
        seg.rfm(data, as_of, pol),
        seg.clv(data, as_of, policy=pol),
        seg.tier_migration(data, as_of, months=1, policy=pol),
        view,
    )


def decided_on_index(found: list[Decision]) -> dict[str, int]:
    """The accounts the index's decisions name one by one (a joint sign-off, a stop of supply, a
    key account's visit ...), each with the number the index gives its line (from 1).

    >>> decided_on_index([Decision("a", 1.0, "p", "s", customer_id="C1"), Decision("b", 1.0, "p", "s")])
    {'C1': 1}
    """
    out: dict[str, int] = {}
    for number, d in enumerate(found, start=1):
        if d.customer_id and d.customer_id not in out:
            out[d.customer_id] = number
    return out


def promote_candidates(book: SegmentBook, pol: Policy) -> tuple[pd.DataFrame, pd.Series]:
    """The ordinary customers (highest composite, then potential, first) beside their credit view, and
    which of them fit: not on credit hold, not to collect first, cut or in legal action on the credit
    page, graded with unsecured credit, not moved down this month and not losing money after the cost to serve
    (their prices are reviewed first: more of their purchases would only lose more)."""
    unsecured = {g for g, m in pol["credit"]["limit"]["multiplier"].items() if m > 0}
    moved = book.migration.movers
    moved_down = set(moved.index[moved["direction"] == "down"])
    candidates = (
        seg.to_promote(book.pyramid, n=len(book.pyramid))
        .drop(columns=["strategy", "tier", "rank"])
        .rename(columns={"headroom": "wallet_headroom"})
        .join(book.credit_view)
    )
    limited = candidates["credit_view"].isin(["legal", "hold", "collect", "cut"])
    fit = (
        (candidates["credit_holds"].fillna("") == "")
        & ~limited
        & candidates["grade"].isin(unsecured)
        & ~candidates.index.isin(moved_down)
        & ~candidates.index.isin(book.profit.index[book.profit["profit_class"] == "unprofitable"])
    )
    return candidates, fit


def lifetime_conflicts(book: SegmentBook, found: list[Decision], n: int = 10) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Of the ``n`` customers of the highest lifetime value, those on credit hold, in legal action or
    graded C (their value assumes a retention credit does not support): the ones still to decide, and the
    ones the index decides already, with the number of its line (``index_number``, 0: none) and ``why``:
    ``named`` (a line names the customer: a joint sign-off, a stop of supply), ``legal`` (the legal
    hand-over: supply stops) or ``reassess`` (held only for an expired assessment: the credit department's
    re-assessment releases it)."""
    best = book.lifetime.nlargest(n, "clv")[["name", "clv"]].join(
        book.credit_view[["grade", "credit_view", "credit_holds"]]
    )
    weak = best[(best["credit_view"].isin(["hold", "legal"])) | (best["grade"] == "C")]
    on_index = decided_on_index(found)
    kinds = {d.kind: number for number, d in reversed(list(enumerate(found, start=1)))}
    why = pd.Series("", index=weak.index, dtype="object")
    why[weak["credit_view"] == "legal"] = "legal"
    if "reassess_expired" in kinds:
        why[weak["credit_holds"].fillna("").eq("stale_assessment") & (weak["grade"] != "C")] = "reassess"
    why[weak.index.isin(list(on_index))] = "named"
    number = {"legal": kinds.get("legal_handover", 0), "reassess": kinds.get("reassess_expired", 0)}
    done = weak[why != ""].assign(why=why[why != ""])
    done["index_number"] = [on_index[str(c)] if w == "named" else number[w] for c, w in done["why"].items()]
    return weak[why == ""], done


def lifetime_decided_text(done: pd.DataFrame, lang: str) -> str:
    """One sentence on the customers of the highest lifetime value whose credit the index decides already
    (``done`` of :func:`lifetime_conflicts`): one decision per account, the index's.

    >>> done = pd.DataFrame({"name": ["Acme", "Beta"], "why": ["named", "reassess"], "index_number": [2, 12]},
    ...                     index=["C1", "C2"])
    >>> lifetime_decided_text(done, "en")
    'The index decides their credit already (one decision per customer): Acme (C1) (No. 2 on the index); Beta (C2): held only for an expired assessment, released once the credit department re-assesses them (No. 12 on the index).'
    """
    if done.empty:
        return ""
    zh = lang == "zh"

    def who(frame: pd.DataFrame) -> str:
        names = [f"{r['name']}（{c}）" if zh else f"{r['name']} ({c})" for c, r in frame.iterrows()]
        return "、".join(names) if zh else ", ".join(names)

    def no(n: int) -> str:
        return (f"（首页第{n}项）" if zh else f" (No. {n} on the index)") if n else ""

    parts = [f"{who(done.loc[[c]])}{no(int(r['index_number']))}" for c, r in done[done["why"] == "named"].iterrows()]
    legal, reassess = done[done["why"] == "legal"], done[done["why"] == "reassess"]
    if len(legal):
        n = int(legal["index_number"].iloc[0])
        parts.append(
            f"{who(legal)}：移交法务，停止供货{no(n)}" if zh else f"{who(legal)}: legal cases, supply stops{no(n)}"
        )
    if len(reassess):
        n = int(reassess["index_number"].iloc[0])
        parts.append(
            f"{who(reassess)}：仅因信用评估过期被冻结，信用部重新评估后即解除{no(n)}"
            if zh
            else f"{who(reassess)}: held only for an expired assessment, released once the credit department "
            f"re-assesses them{no(n)}"
        )
    if zh:
        return "其信用已由首页决定（每个客户只有一项决定）：" + "；".join(parts) + "。"
    return "The index decides their credit already (one decision per customer): " + "; ".join(parts) + "."


def _named(frame: pd.DataFrame, lang: str, limit: int = 5) -> str:
    """The first ``limit`` customers of ``frame`` by name and id, then how many more."""
    sep, more = ("、", "等{n}家") if lang == "zh" else (", ", " and {n} more")
    listed = [
        f"{r['name']} ({cid})" if lang == "en" else f"{r['name']}（{cid}）" for cid, r in frame.head(limit).iterrows()
    ]
    rest = len(frame) - limit
    return sep.join(listed) + (more.format(n=len(frame) if lang == "zh" else rest) if rest > 0 else "")


class _Make:
    """Decisions of the page, each of a kind of ``report.decisions`` (its owner and day)."""

    def __init__(self, as_of, pol: Policy) -> None:
        self.as_of, self.pol = pd.Timestamp(as_of), pol

    def money(self, value: float, lang: str) -> str:
        return short_amount(float(value), lang, self.pol)

    def __call__(self, kind: str, en: str, zh: str, amount: float, section: str, **more) -> Decision:
        owner, due = owner_and_due(kind, self.as_of, self.pol)
        side = self.pol["report"]["decisions"][kind]["side"]
        return Decision(
            en, float(amount), PAGE, section, text_zh=zh, kind=kind, owner=owner, side=side, due=due, **more
        )


def _selling_time(book: SegmentBook, make: _Make) -> list[Decision]:
    key = book.summary.loc["key"] if "key" in book.summary.index else None
    if key is None or pd.isna(key["time_share"]) or key["time_share"] >= key["time_target"]:
        return []
    hours = float((key["time_target"] - key["time_share"]) * book.summary["hours"].sum())
    over = book.summary[book.summary["time_gap"] > 0]
    tiers = [seg_label(t, "en") for t in over.index]
    from_en = (", ".join(tiers[:-1]) + " and " + tiers[-1] if len(tiers) > 1 else "".join(tiers)) or "the other tiers"
    from_zh = "、".join(seg_label(t, "zh") for t in over.index) or "其他层级"
    share, target = f"{key['time_share']:.1%}".replace("%", " %"), f"{key['time_target']:.0%}".replace("%", " %")
    return [
        make(
            "selling_time",
            f"Key accounts get {share} of the selling time against a target of {target}: move about {hours:,.0f} "
            f"hours a year to them from {from_en} (the account managers' visit plans and the contact calendar)",
            f"重点客户只得到{share}的销售时间，目标为{target}：把每年约{hours:,.0f}小时从{from_zh}调到重点客户"
            "（调整客户经理的拜访计划和客户联络日历）",
            hours,
            "The key-account pyramid",
        )
    ]


def seg_label(tier: str, lang: str) -> str:
    """A tier's name in a sentence (``ordinary customers``, ``普通客户``)."""
    names = {
        "key": ("key accounts", "重点客户"),
        "ordinary": ("ordinary customers", "普通客户"),
        "prospect": ("prospects", "潜在客户"),
        "unattractive": ("unattractive accounts", "无吸引力客户"),
    }
    en, zh = names.get(tier, (tier, tier))
    return zh if lang == "zh" else en


def _price_review(book: SegmentBook, make: _Make) -> list[Decision]:
    losing = book.profit[book.profit["profit_class"] == "unprofitable"].join(book.credit_view["credit_view"])
    if losing.empty:
        return []
    legal = losing["credit_view"] == "legal"
    review = losing[~legal].sort_values("profit", kind="stable").head(PRICE_REVIEW_TOP)
    loss = float(-losing["profit"].sum())
    legal_en = f" ({int(legal.sum()):,} legal cases left out: supply stops)" if legal.any() else ""
    legal_zh = f"（{int(legal.sum()):,}家移交法务的客户除外：停止供货）" if legal.any() else ""
    return [
        make(
            "price_review",
            f"{len(losing):,} customers lose {make.money(loss, 'en')} after cost to serve: review the prices, "
            f"discounts and selling time of the {len(review):,} largest losses{legal_en}, listed on the page",
            f"{len(losing):,}家客户扣除服务成本后共亏损{make.money(loss, 'zh')}：复核亏损最大的{len(review):,}家的价格、"
            f"折扣和销售工时{legal_zh}，名单见本页",
            float(-review["profit"].sum()),
            "Profitability after cost to serve: the whale curve",
        )
    ]


#: A customer of the RFM segments at risk is overdue to buy when its last purchase is longer ago than this many of its
#: usual intervals between purchases (the RFM months' days over its purchase days): the account manager calls those.
OVERDUE_INTERVALS = 2.0


def overdue_to_buy(rfm: pd.DataFrame, months: int) -> pd.Series:
    """Whether each customer's last purchase (``recency_days``) is more than :data:`OVERDUE_INTERVALS` of its usual
    intervals between purchases ago (``months`` x 30.4 days over its ``frequency``, the purchase days in them).

    >>> overdue_to_buy(pd.DataFrame({"recency_days": [27, 27, 90], "frequency": [40, 12, 0]}), 12).tolist()
    [True, False, False]
    """
    interval = months * 365.25 / 12 / rfm["frequency"].astype(float).where(rfm["frequency"] > 0)
    return (rfm["recency_days"].astype(float) > OVERDUE_INTERVALS * interval).fillna(False).astype(bool)


def _rfm(book: SegmentBook, make: _Make) -> list[Decision]:
    risk = book.rfm[book.rfm["segment"].isin(RFM_AT_RISK)].join(book.credit_view["credit_view"])
    legal = risk["credit_view"] == "legal"
    months = int(make.pol["segments"]["rfm"]["months"])
    late = overdue_to_buy(risk, months) & ~legal
    call = risk[late]
    if call.empty:
        return []
    rest = int((~late & ~legal).sum())
    legal_en = f"; the {int(legal.sum()):,} legal cases among them are left out" if legal.any() else ""
    legal_zh = f"；其中{int(legal.sum()):,}家移交法务的客户除外" if legal.any() else ""
    days = int(call["recency_days"].astype(float).median())
    held = int(call["credit_view"].isin(["hold", "collect"]).sum())  # their next order waits for the credit page
    held_en, held_zh = (
        (f" ({held:,} of them on credit hold or to pay first: their next order follows what releases them, the credit "
         "page)",
         f"（其中{held:,}家处于信用冻结或须先收款：下一笔订单按信用评审页的解除条件办理）")
        if held else ("", "")
    )  # fmt: skip
    return [
        make(
            "rfm_at_risk",
            f"{len(call):,} of the {len(risk):,} customers at risk (bought often and much, lately less) have not bought "
            f"for more than twice their usual interval between purchases (median {days} days since the last; "
            f"{make.money(float(call['monetary'].sum()), 'en')} in the last 12 months): their account managers call "
            f"each to learn why and agree the next order{held_en}; the other {rest:,} are watched{legal_en}",
            f"有流失风险的{len(risk):,}家客户（过去采购频繁、金额大，最近变少）中，{len(call):,}家距上次采购已超过其平常采购间隔"
            f"的两倍（距今中位数{days}天；近12个月采购{make.money(float(call['monetary'].sum()), 'zh')}）：由各自的客户经理"
            f"逐户联系，了解原因并商定下一笔订单{held_zh}；其余{rest:,}家继续观察{legal_zh}",
            float(call["monetary"].sum()),
            "RFM: recency, frequency, monetary",
        )
    ]


def _promote(book: SegmentBook, make: _Make, pol: Policy) -> list[Decision]:
    candidates, fit = promote_candidates(book, pol)
    n = int(fit.sum())
    if not n:
        return []
    listed = min(n, PROMOTE_LISTED)
    return [
        make(
            "promote",
            f"Choose which of the {listed:,} candidates listed (of {n:,} that fit) to develop into key accounts, "
            "and give each an account manager's plan",
            f"从所列{listed:,}家候选客户（共{n:,}家符合条件）中选定要培养为重点客户的客户，并由客户经理为每家制定客户计划",
            float(candidates.loc[fit, "wallet_headroom"].fillna(0.0).head(listed).sum()),
            "Accounts to promote",
        )
    ]


def _demoted(book: SegmentBook, make: _Make, on_index: dict[str, int]) -> list[Decision]:
    moved = seg.ranked_movers(book.migration.movers)
    down = moved[(moved["direction"] == "down") & (moved["before"] == "key")]
    own = down[~down.index.isin(list(on_index))]
    if own.empty:
        return []
    also_en = (
        f"; {', '.join(f'{c} (No. {on_index[c]})' for c in down.index if c in on_index)} on the index"
        if len(own) < len(down)
        else ""
    )
    also_zh = (
        f"；{'、'.join(f'{c}（首页第{on_index[c]}项）' for c in down.index if c in on_index)}见首页"
        if len(own) < len(down)
        else ""
    )
    return [
        make(
            "key_account_demoted",
            f"{len(own):,} key accounts moved down a tier this month ({_named(own, 'en')}): confirm the move or keep "
            f"them as key accounts, with their visits and service{also_en}",
            f"本月有{len(own):,}家重点客户降级（{_named(own, 'zh')}）：确认降级，或保留其重点客户身份及拜访和服务{also_zh}",
            float(own["revenue_prev_12m"].sum()) if "revenue_prev_12m" in own else 0.0,
            "Migration since the previous period",
        )
    ]


def _declining(book: SegmentBook, make: _Make, on_index: dict[str, int], pol: Policy) -> list[Decision]:
    watch = seg.to_watch(book.pyramid, n=None, policy=pol)
    own = watch[~watch.index.astype(str).isin(list(on_index))]
    if own.empty:
        return []
    lost = float(own["revenue_lost"].sum())
    return [
        make(
            "key_account_decline",
            f"{'The other ' if len(own) < len(watch) else ''}{len(own):,} declining key accounts bought "
            f"{make.money(lost, 'en')} less than a year before: a senior visit to each to learn why",
            f"{'其余' if len(own) < len(watch) else ''}{len(own):,}家收入下降的重点客户比上一年少采购"
            f"{make.money(lost, 'zh')}：逐户安排高层拜访了解原因",
            lost,
            "Key accounts to watch",
        )
    ]


def _lifetime(book: SegmentBook, make: _Make, found: list[Decision]) -> list[Decision]:
    weak, _ = lifetime_conflicts(book, found)
    if weak.empty:
        return []
    return [
        make(
            "plan_credit",
            f"Restore credit to {_named(weak, 'en')}, of the highest lifetime value ({make.money(float(weak['clv'].sum()), 'en')}) "
            "but on credit hold or graded C, or count that value as at risk in their account plans",
            f"对终身价值最高、但处于信用冻结或信用等级为C的{_named(weak, 'zh')}（终身价值{make.money(float(weak['clv'].sum()), 'zh')}），"
            "共同决定恢复信用，还是在客户计划中把这部分价值视为有风险",
            float(weak["clv"].sum()),
            "Customer lifetime value",
        )
    ]


def segment_decisions(book: SegmentBook, as_of, pol: Policy, found: list[Decision]) -> list[Decision]:
    """The page's own decisions (those the index does not list), in the order of the page's sections,
    each with its owner and day from ``report.decisions``; ``found``: the index's decisions."""
    make, on_index = _Make(as_of, pol), decided_on_index(found)
    return (
        _selling_time(book, make)
        + _price_review(book, make)
        + _lifetime(book, make, found)
        + _rfm(book, make)
        + _demoted(book, make, on_index)
        + _promote(book, make, pol)
        + _declining(book, make, on_index, pol)
    )


def prospect_revenue_note(pyr: pd.DataFrame, pol: Policy):
    """The note under the pyramid's table when its prospects show revenue below zero: customers that did not
    buy in the last 12 months but received credit notes in them for earlier purchases (their net revenue is
    negative, so they are no buyers); counted, so the tiers add up to the book's revenue. None otherwise."""
    neg = pyr[(pyr["tier"] == "prospect") & (pyr["kind"] == "customer") & (pyr["revenue_12m"] < 0)]
    if neg.empty:
        return None
    total = number_text(float(neg["revenue_12m"].sum()), "money", 0)  # as the table shows it
    return note(
        f"Prospects show a revenue of {total} ({pol['report']['currency']}): {len(neg):,} "
        f"{'customer' if len(neg) == 1 else 'customers'} ({_named(neg, 'en')}) bought nothing in the last 12 months "
        "but received credit notes in them for earlier purchases. Their net revenue is below zero, so they are no "
        "buyers (prospects to win back); it is counted so that the tiers add up to the revenue of the last 12 months.",
        zh=f"潜在客户的收入为{total}元：{len(neg):,}家客户（{_named(neg, 'zh')}）近12个月没有采购，"
        "但在此期间收到冲减以前采购的红字发票，净收入为负，因此不算采购客户（属待挽回的潜在客户）；计入此数，"
        "各层级的收入合计才等于近12个月收入。",
    )


def unknown_potential_note(listed: pd.DataFrame, pol: Policy):
    """The note over the accounts to promote when some of those ``listed`` have no measure of their
    potential (neither a previous year's revenue for growth nor an estimate of their purchases for the
    headroom): their potential is the policy's neutral score, not measured. None otherwise."""
    unknown = listed[listed["growth"].isna() & listed["wallet_headroom"].isna()]
    half = listed[listed["growth"].isna() ^ listed["wallet_headroom"].isna()]
    if unknown.empty and half.empty:
        return None
    score = f"{float(pol['segments']['missing_score']):.2f}"
    en, zh = [], []
    if len(unknown):
        en.append(
            f"{_named(unknown, 'en')} {'has' if len(unknown) == 1 else 'have'} neither revenue of the year before nor "
            f"an estimate of purchases: the potential is not measured but set to the neutral {score} of the policy"
        )
        zh.append(f"{_named(unknown, 'zh')}既没有上一年的收入，也没有采购额估计：其潜力没有测算，按政策取中性分{score}")
    if len(half):
        en.append(f"{len(half):,} more lack one of the two (half of their potential score is that neutral value)")
        zh.append(f"另有{len(half):,}家缺少其中一项（潜力得分的一半按中性分计）")
    return note(
        "Of the candidates listed, " + "; ".join(en) + ". The account manager records an estimate of their purchases "
        "before the sales director chooses them.",
        zh="所列候选客户中，" + "；".join(zh) + "。销售总监选定之前，由客户经理录入其采购额估计。",
    )
