"""The executive summary of a period (the front of ``index.html``): this month's decisions, the
things a manager must act on, each linked to the page section (and to the account plan, where one
was written) that shows the detail. Each says who decides and by when (``report.decisions`` of the
policy: the approval level of a limit change, or a role, and the days after the data's date), in
two lists, what sales must decide and what finance must; the largest of each kind comes first, so
that no kind drops out when another has many lines, then the largest money at stake.

The decisions read the same analytics the pages print (credit limits, holds, breaches, approvals,
silent debtors, key accounts to watch), for the same date and policy, so the summary and the
pages cannot disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import pandas as pd

from .. import credit, receivables, segments
from ..account_plan_rules import LIMIT_RULES
from ..output.currency import short_amount
from ..output.labels import value as code_label
from ..policy import Policy
from ..store import KamData
from .book_decisions import breaches, provision_booking, terms_only, with_provision, write_off_check
from .decision import SIDES, Decision, each_kind_first, owner_and_due
from .statement_first import statement_side, statements_due

__all__ = ["DECISIONS_SHOWN", "Decision", "Maker", "decisions", "money", "named"]

#: How many decisions the summary shows (besides the joint sign-offs, which always show).
DECISIONS_SHOWN = 10
#: How many of the largest customers on hold the joint sign-off names one by one (the rest: in one line).
JOINT_SHOWN = 3


class Maker:
    """Makes the decisions of one book: the owner, side and deadline of each kind from the policy."""

    def __init__(self, as_of: pd.Timestamp, pol: Policy) -> None:
        self.as_of, self.pol, self.levels = pd.Timestamp(as_of), pol, credit.level_names(pol)

    def money(self, value: float, lang: str) -> str:
        return short_amount(float(value), lang, self.pol)

    def __call__(self, kind: str, en: str, zh: str, amount: float, page: str, section: str, **more) -> Decision:
        level = more.pop("level", None)
        owner, due = owner_and_due(kind, self.as_of, self.pol, self.levels.get(level, (str(level), "")))
        side = self.pol["report"]["decisions"][kind]["side"]
        return Decision(
            en, float(amount), page, section, text_zh=zh, kind=kind, owner=owner, side=side, due=due, **more
        )


def money(value: float, lang: str = "en", policy=None) -> str:
    """An amount as a sentence of the summary writes it (:func:`kamtools.output.currency.short_amount`).

    >>> money(2_345_678), money(785_400, "zh"), money(640.4, "zh")
    ('CNY 2.35 M', '78.5万元', '640元')
    """
    return short_amount(float(value), lang, policy)


def named(customer_id: str, names: Mapping[str, str]) -> str:
    """A customer by name and id (its id alone where the name is missing or is the id)."""
    name = names.get(customer_id)
    return f"{name} ({customer_id})" if name and name != customer_id else customer_id


#: What the line of limit cuts says on the pages, written before the account plans: a cut a plan contests is decided
#: by sales and finance together first (the index, written after the plans, says how many in its place).
CONTESTED_CLAUSE = (
    "; a cut an account plan contests is decided first by the sales director and the finance manager together "
    "(the index lists them)",
    "；客户计划不同意的降额，先由销售总监与财务经理共同决定（见首页）",
)


def _approvals(lim: pd.DataFrame, make: Maker) -> list[Decision]:
    """The recommended limit changes waiting for approval: one decision for the increases and one for
    the cuts, each naming every approval level with its count and amount, the most senior first (its
    owner: the most senior level with changes), so that no level drops out of the ten."""
    changes = credit.limit_changes(lim, make.pol).drop(index="none", errors="ignore").iloc[::-1]
    where = ("03_credit_review", "Recommended limit changes by approval level")
    kinds = (
        ("limit_increase", "increases", "total_increase", "increases", "more", "增额", "增加",
         "approve or refuse", "批准或否决"),
        ("limit_cut", "decreases", "total_decrease", "cuts", "less", "降额", "减少",
         "sales is told which accounts are cut before the customers are" + CONTESTED_CLAUSE[0],
         "通知客户之前先告知销售哪些客户被降额" + CONTESTED_CLAUSE[1]),
    )  # fmt: skip
    out = []
    for kind, count, total, noun, sign, noun_zh, sign_zh, ask, ask_zh in kinds:
        rows = changes[changes[count] > 0]
        if rows.empty:
            continue
        n, amount = int(rows[count].sum()), float(rows[total].sum())
        names = {level: make.levels.get(level, (str(level), "")) for level in rows.index}
        by_en = ", ".join(
            f"{names[lv][0]} {int(r[count]):,} ({make.money(float(r[total]), 'en')})" for lv, r in rows.iterrows()
        )
        by_zh = "、".join(
            f"{names[lv][1] or names[lv][0]}{int(r[count]):,}项（{make.money(float(r[total]), 'zh')}）"
            for lv, r in rows.iterrows()
        )
        out.append(
            make(
                kind,
                f"{n:,} limit {noun} wait for approval, {make.money(amount, 'en')} {sign} credit in all, by level "
                f"(most senior first): {by_en}; {ask}",
                f"{n:,}项{noun_zh}待审批，共{sign_zh}授信{make.money(amount, 'zh')}，按审批层级（最高的在前）：{by_zh}；{ask_zh}",
                amount,
                *where,
                level=rows.index[0],
            )
        )
        if len(rows) > 1:  # each level decides its own lines: no one approver owns them all
            out[-1] = replace(out[-1], owner=("each level's approver for its own lines", "各层级审批人各批本层级"))
    return terms_only(changes, make, out)


def _by_rule(held: pd.DataFrame) -> tuple[str, str]:
    """How many customers each hold rule holds, in English and Chinese (a customer may be held by several)."""
    parts = [
        (int(held[f"hold_{rule}"].sum()), en, zh)
        for rule, (en, zh) in credit.HOLD_RULES.items()
        if f"hold_{rule}" in held and int(held[f"hold_{rule}"].sum())
    ]
    return "; ".join(f"{en.lower()} {n:,}" for n, en, _ in parts), "；".join(f"{zh}{n:,}家" for n, _, zh in parts)


def _holds(
    data: KamData, lim: pd.DataFrame, make: Maker, held: pd.DataFrame | None = None, owing: pd.Index | None = None
) -> list[Decision]:
    """The credit holds, by rule, with what releases them: the money the hold list's
    ``release_amount`` names (解除冻结需收款, summed over the customers a money rule holds), and a
    new assessment or collateral for those held by the grade or an expired assessment alone. ``owing``: the customers
    with overdue receivables (the collection worklists'): the others are held for what is not yet due."""
    held = credit.holds(data, make.as_of, make.pol, lim=lim) if held is None else held
    if not len(held):
        return []
    exposure = float(held["exposure"].sum())
    money = held["release_amount"].dropna()
    listed = int(money.index.isin(owing).sum()) if owing is not None else len(money)
    rest_en, rest_zh = (
        (f" ({listed:,} of them overdue, on the collection worklists; the other {len(money) - listed:,}, with nothing "
         "overdue, agree with their account manager to pay what falls due on time or take their orders in parts)",
         f"（其中{listed:,}家有逾期、在催收清单上；另{len(money) - listed:,}家没有逾期：由客户经理与客户约定到期按时付款或分批发货）")
        if listed < len(money) else ("", "")
    )  # fmt: skip
    release, others = float(money.sum()), len(held) - len(money)
    # what is owed of it; the rest is paid in advance on open orders (the exposure counts them) or taken off them
    owed = money.clip(upper=held["receivables"].reindex(money.index).fillna(0.0).clip(lower=0.0))
    prepay = release - float(owed.sum())
    pre_en, pre_zh = (
        (f", {make.money(float(owed.sum()), 'en')} of it receivables and {make.money(prepay, 'en')} paid in advance "
         "on open orders or taken off them",
         f"，其中应收账款{make.money(float(owed.sum()), 'zh')}，未开票订单须预付或减少{make.money(prepay, 'zh')}")
        if prepay >= 0.5 else ("", "")
    )  # fmt: skip
    rules_en, rules_zh = _by_rule(held)
    return [
        make(
            "credit_hold",
            f"Send the {len(money):,} customers whose credit hold is released by payment their collection notice "
            f"({make.money(release, 'en')} in all{pre_en}) and follow them up weekly{rest_en}; the other {others:,} "
            "need a new assessment or collateral",
            f"向须收款才能解除冻结的{len(money):,}家客户发出收款通知（共{make.money(release, 'zh')}{pre_zh}），逐周跟进{rest_zh}；"
            f"其余{others:,}家须重新评估信用或提供担保",
            release,
            "03_credit_review",
            "Credit holds",
            detail=f"{len(held):,} customers are on credit hold ({make.money(exposure, 'en')} of exposure). By rule (a "
            f"customer may be held by several): {rules_en}; the amount to collect is the credit-holds list's total.",
            detail_zh=f"{len(held):,}家客户处于信用冻结（风险敞口{make.money(exposure, 'zh')}）。按规则（一家客户可能触发多项）："
            f"{rules_zh}；收款金额为信用冻结清单“解除冻结需收款”的合计。",
        )
    ]


def _over_limit(lim: pd.DataFrame, make: Maker, names, decided: frozenset[str] = frozenset()) -> list[Decision]:
    """The three largest uncovered over-limit customers but those ``decided`` already (the joint
    decisions name them with their hold) and the legal cases (``legal``: an invoice past
    ``credit.limit.legal_days_past_due``; the hand-over line counts them all, :func:`_legal_handover`)."""
    over = credit.over_limit(lim)
    legal = lim["legal"].reindex(over.index).fillna(False).astype(bool) if "legal" in lim else False
    over = over[~over.index.astype(str).isin(decided) & ~legal]
    over = over.sort_values("overlimit_uncovered", ascending=False).head(3)
    out = []
    for cid, row in over[over["overlimit_uncovered"] > 0].iterrows():
        who, by = named(str(cid), names), float(row["overlimit_uncovered"])
        out.append(
            make(
                "over_limit",
                f"{who} is {make.money(by, 'en')} over its limit without collateral: collect or secure "
                "before the next order",
                f"{who}超出额度{make.money(by, 'zh')}且无担保：下一笔订单前先收款或提供担保",
                by,
                "03_credit_review",
                "Customers over their limit",
                customer_id=str(cid),
            )
        )
    return out


def _legal_handover(cases: pd.DataFrame, make: Maker, names, decided: frozenset[str] = frozenset()) -> list[Decision]:
    """Every legal case (:func:`kamtools.credit.legal_cases`: an invoice past
    ``credit.limit.legal_days_past_due``) on one line for the hand-over to collections or legal action:
    how many, what they owe past the legal days and the provision held against it, the largest three
    named (those of ``decided``, the joint lines above, said as such), the list on the receivables page
    and in the aging workbook."""
    if cases.empty:
        return []
    legal = int(make.pol["credit"]["limit"]["legal_days_past_due"])
    past, provision = float(cases["past_legal_days"].sum()), float(cases["past_legal_provision"].sum())
    above = [named(str(c), names) for c in cases.index if str(c) in decided]
    first = [named(str(c), names) for c in cases.index if str(c) not in decided][:3]
    full = round(provision, 2) >= round(past, 2)
    prov_en = "provided for in full" if full else f"{make.money(provision, 'en')} provided for"
    prov_zh = "已全额计提坏账准备" if full else f"已计提坏账准备{make.money(provision, 'zh')}"
    named_en = (f"besides {', '.join(above)}, in a joint decision, " if above else "") + (
        f"the largest: {', '.join(first)}" if first else ""
    )
    named_zh = (f"除已列入共同决定的{'、'.join(above)}外，" if above else "") + (
        f"最大的：{'、'.join(first)}" if first else ""
    )
    return [
        make(
            "legal_handover",
            f"{len(cases):,} {'customer has' if len(cases) == 1 else 'customers have'} invoices more than {legal} "
            f"days past due ({make.money(past, 'en')} owed past those days, {prov_en}): their limits are withdrawn "
            "and supply stops; hand each to collections or legal action",
            f"{len(cases):,}家客户有发票逾期超过{legal}天（逾期超过{legal}天的欠款{make.money(past, 'zh')}，{prov_zh}）："
            "撤销额度、停止供货，逐户移交催收/法务",
            past,
            "04_receivables",
            "Legal hand-over",
            detail=f"{named_en.rstrip(', ')[:1].upper()}{named_en.rstrip(', ')[1:]}. The list: the receivables page "
            "and the sheet “Legal cases” of the aging workbook.",
            detail_zh=f"{named_zh.rstrip('，')}。清单见应收账款页及账龄工作簿的“移交法务”表。",
        )
    ]


def _statements(lim: pd.DataFrame, make: Maker, names) -> list[Decision]:
    """The limits cut only for a missing statement: the statements first (``report.decisions.statement_first``)."""
    said = statements_due(lim, make.money, names)
    return [] if said is None else [make("statement_first", *said, "03_credit_review", "Recommended limits and why")]


def _rules_text(rules: str) -> tuple[str, str]:
    """The hold rules of the hold list's ``rules`` (``", "``-joined codes), in English and Chinese."""
    codes = [r.strip() for r in str(rules).split(",") if r.strip()]
    return (
        ", ".join(credit.HOLD_RULES.get(r, (r, r))[0].lower() for r in codes),
        "、".join(credit.HOLD_RULES.get(r, (r, r))[1] for r in codes),
    )


def _credit_side(cid: str, lim: pd.DataFrame, held: pd.DataFrame, make: Maker) -> tuple[str, str]:
    """What credit decided for a customer sales is to visit, in English and Chinese (empty when
    nothing): a cut (or cash in advance) waiting for its approver, why, and a credit hold; the
    decision's background line."""
    if cid not in lim.index:
        return "", ""
    row = lim.loc[cid]
    approved, rec = float(row["approved_limit"] or 0.0), float(row["recommended_limit"] or 0.0)
    cut, cash = rec < approved, bool(row.get("cash_in_advance", False))
    en, zh = [], []
    level = make.levels.get(row["approval_level"], (str(row["approval_level"]), ""))
    if bool(row.get("statement_first", False)):  # the statement first: no cut to the starter limit yet
        en, zh = ([part] for part in statement_side(row, make.money, level))
    elif cut or cash or row["action"] == "collect":
        rule = str(row["limit_rule"])
        what_en = f"its limit is to go from {make.money(approved, 'en')} to {make.money(rec, 'en')}" if cut else ""
        what_zh = f"建议额度由{make.money(approved, 'zh')}降至{make.money(rec, 'zh')}" if cut else ""
        if cash:
            what_en += (", " if what_en else "its ") + "payment terms to cash in advance"
            what_zh += ("，" if what_zh else "") + "付款期限改为预付现金"
        if what_en:  # the approver and the day of the limit change, as the credit page and the plan give them
            _, due = owner_and_due("limit_cut", make.as_of, make.pol, level)
            why = code_label("limit_rule", rule, "en"), code_label("limit_rule", rule, "zh")
            if bool(credit.also_on_statement(lim.loc[[cid]]).iloc[0]):  # the missing statement caps it too
                by = f"{credit.statement_due(pd.Timestamp(make.as_of), make.pol):%Y-%m-%d}"
                why = (
                    f"{why[0]}; no usable financial statement, which the credit department obtains by {by} first",
                    f"{why[1]}；无可用财务报表，由信用部在{by}前先取得",
                )
            en.append(
                f"{what_en} ({why[0]}), for the {level[0].lower()} to approve by {due}: it takes effect on approval"
            )
            zh.append(f"{what_zh}（{why[1]}），由{level[1] or level[0]}在{due}前审批，批准后生效")
    if cid in held.index:
        rules = _rules_text(held.at[cid, "rules"])
        en.append(f"it is on credit hold ({rules[0]})")
        zh.append(f"目前处于信用冻结（{rules[1]}）")
    if not en:
        return "", ""
    return "Credit: " + "; ".join(en) + ".", "信用方面：" + "；".join(zh) + "。"


def _accounts(
    data: KamData, make: Maker, names, lim: pd.DataFrame, held: pd.DataFrame, pyr: pd.DataFrame
) -> list[Decision]:
    out = []
    silent = receivables.silent_debtors(data, make.as_of, make.pol)
    if len(silent):
        owed, months = float(silent["total"].sum()), silent["months_silent"].min()
        out.append(
            make(
                "silent_debtors",
                f"{len(silent):,} silent debtors owe {make.money(owed, 'en')} with no order, payment or "
                f"contact for {months:.0f}+ months: visit, or hand to collections",
                f"{len(silent):,}个沉默欠款客户欠款{make.money(owed, 'zh')}，{months:.0f}个月以上没有订单、"
                "付款或联系：上门拜访，或移交催收",
                owed,
                "04_receivables",
                "Silent debtors",
            )
        )
    watch = segments.to_watch(pyr, 3, make.pol)
    lost = watch["revenue_lost"]
    for cid in watch.index[lost.to_numpy() > 0]:
        who = named(str(cid), names)
        side_en, side_zh = _credit_side(str(cid), lim, held, make)
        agree = (  # the limit has its own approver and day (the background line); the visit is this decision's
            ("; the visit follows the credit decision below", "；拜访在下方的额度决定之后，按其向客户说明")
            if side_en
            else ("", "")
        )
        out.append(
            make(
                "key_account_decline",
                f"Key account {who} bought {make.money(lost[cid], 'en')} less than a year before: a senior "
                f"visit to learn why{agree[0]}",
                f"重点客户{who}的采购比上一年少{make.money(lost[cid], 'zh')}：安排高层拜访了解原因{agree[1]}",
                float(lost[cid]),
                "02_segmentation",
                "Key accounts to watch",
                customer_id=str(cid),
                detail=side_en,
                detail_zh=side_zh,
            )
        )
    return out


_SIDE_ORDER = {side: i for i, side in enumerate(SIDES)}


def _top(pyr: pd.DataFrame, pol: Policy) -> pd.Series:
    """The rank by revenue of the last 12 months (1: the largest, as the account plan counts it) of the
    customers within ``report.joint_signoff_top``."""
    rank = pyr["revenue_12m"].astype(float).rank(ascending=False, method="min")
    rank.index = rank.index.astype("str")
    return rank[rank <= int(pol["report"]["joint_signoff_top"])].astype("int64").sort_values(kind="stable")


def _joint_ask(
    cid: str, who: str, row: pd.Series, lim: pd.DataFrame, make: Maker, legal: int, gone: pd.DataFrame
) -> tuple[tuple, tuple]:
    """What a held top customer's joint sign-off asks, as a decision that names ``who``, and what is at
    stake (its background line), in English and Chinese: ``((ask, stake), (ask_zh, stake_zh))``; a customer written
    off as gone (``gone``: :func:`kamtools.credit.closed_but_trading`) says so, with the write-off check's line."""
    orders, release = (
        float(row["open_orders"] or 0.0),
        float(row["release_amount"] if row["release_amount"] == row["release_amount"] else 0.0),
    )
    late = float(lim.at[cid, "max_days_past_due"]) if cid in lim.index else 0.0
    stake_en = f"open orders of {make.money(orders, 'en')} wait to ship" if orders > 0 else "no open orders wait"
    stake_zh = f"{make.money(orders, 'zh')}的未开票订单等待发货" if orders > 0 else "暂无待发订单"
    if release > 0 and late <= legal:  # past the legal threshold, collecting does not restore supply
        stake_en += f"; collecting {make.money(release, 'en')} releases it"
        stake_zh += f"；收回{make.money(release, 'zh')}后解除冻结"
    if late > legal:  # the finance side of the case (its provision) said here, not in a second line
        provision = float(lim.at[cid, "provision"]) if "provision" in lim else 0.0
        held = float(lim.at[cid, "collateral"]) if "collateral" in lim and lim.at[cid, "collateral"] > 0 else 0.0
        ask_en = f"Confirm together the stop of supply to {who}" + (
            f", and the finance manager has its collateral of {make.money(held, 'en')} enforced" if held else ""
        )
        ask_zh = f"共同确认对{who}停止供货" + (f"，并由财务经理执行其担保{make.money(held, 'zh')}" if held else "")
        stake_en = (
            f"an invoice is {late:.0f} days past due (collections/legal); {stake_en}; its bad-debt provision "
            f"stands at {make.money(provision, 'en')} (within the month's provisions on the receivables page)"
        )
        stake_zh = (
            f"有发票逾期{late:.0f}天（移交催收/法务）；{stake_zh}；"
            f"该客户坏账准备累计{make.money(provision, 'zh')}（已含在应收账款页本月坏账准备中）"
        )
    else:
        ask_en = f"Sign the credit hold of {who} together, or agree an exception and what the customer pays first"
        ask_zh = f"共同签批{who}的信用冻结，或共同决定例外放行及客户须先付的金额"
    if cid in gone.index:  # on record as gone: the write-off's reason is checked first (the finance manager's line)
        day = f"{pd.Timestamp(gone.at[cid, 'written_off_on']):%Y-%m-%d}"
        why = (
            code_label("why_written_off", gone.at[cid, "why_written_off"], "en"),
            code_label("why_written_off", gone.at[cid, "why_written_off"], "zh"),
        )
        stake_en += f"; written off on {day} ({why[0].lower()}): the finance manager checks that write-off (below)"
        stake_zh += f"；已于{day}核销（{why[1]}）：由财务经理核实该核销（见下）"
    return (ask_en, stake_en), (ask_zh, stake_zh)


def _joint(
    lim: pd.DataFrame, held: pd.DataFrame, pyr: pd.DataFrame, make: Maker, names, gone: pd.DataFrame
) -> list[Decision]:
    """The joint sign-offs: each of the largest customers (``report.joint_signoff_top``) on credit
    hold for its arrears or credit file (what the account plan asks the sales director and the finance
    manager to sign together), the first :data:`JOINT_SHOWN` by revenue one by one, and one line with
    how many of the largest customers and key accounts are held in all. Those held only for an expired
    assessment are the credit department's re-assessment, not a sign-off."""
    top = _top(pyr, make.pol)
    on_hold = held.reindex(top.index).dropna(subset=["rules"])
    if not len(on_hold):
        return []
    arrears = on_hold["rules"].map(lambda r: any(x.strip() not in LIMIT_RULES for x in str(r).split(",")))
    stale_only = on_hold["rules"].eq("stale_assessment")
    sign = on_hold[arrears & ~stale_only]
    n_top = int(make.pol["report"]["joint_signoff_top"])
    legal = int(make.pol["credit"]["limit"]["legal_days_past_due"])
    out = []
    for cid, row in sign.head(JOINT_SHOWN).iterrows():
        who, rank, rules = named(str(cid), names), int(top[cid]), _rules_text(row["rules"])
        (ask_en, stake_en), (ask_zh, stake_zh) = _joint_ask(cid, who, row, lim, make, legal, gone)
        out.append(
            make(
                "joint_signoff",
                ask_en,
                ask_zh,
                float(row["exposure"]),
                "03_credit_review",
                "Credit holds",
                customer_id=str(cid),
                detail=f"No. {rank} by revenue (top {n_top}), on credit hold. Held for: {rules[0]}; {stake_en}.",
                detail_zh=f"按收入排第{rank}位（前{n_top}大客户），处于信用冻结。冻结原因：{rules[1]}；{stake_zh}。",
            )
        )
    key_held = int(pyr["tier"].reindex(held.index).eq("key").sum())
    rest = on_hold.drop(index=sign.head(JOINT_SHOWN).index)
    listed = [named(str(c), names) for c in rest.index]
    stale = int(stale_only.sum())
    besides_en = f"Besides those above: {', '.join(listed)}." if listed else ""
    besides_zh = f"除上述外：{'、'.join(listed)}。" if listed else ""
    if stale:
        besides_en += f" {stale:,} of the top {n_top} are held only for an expired assessment: the credit department re-assesses them (below)."
        besides_zh += f"其中{stale:,}家仅因信用评估过期被冻结：由信用部重新评估（见下）。"
    out.append(
        make(
            "joint_signoff",
            f"{len(on_hold):,} of the top {n_top} customers by revenue and {key_held:,} key accounts in all are on "
            "credit hold: work through the list on the credit page, those with orders waiting and key accounts first",
            f"前{n_top}大客户中有{len(on_hold):,}家、重点客户共{key_held:,}家处于信用冻结："
            "按信用评审页的清单逐户处理（有待发订单和重点客户在前）",
            float(on_hold["exposure"].sum()),
            "03_credit_review",
            "Credit holds",
            detail=besides_en.strip(),
            detail_zh=besides_zh,
        )
    )
    return out


def _reassess(held: pd.DataFrame, pyr: pd.DataFrame, make: Maker, names) -> list[Decision]:
    """The customers held only because their credit assessment expired: a new assessment releases
    them (the credit department), the largest customers among them named."""
    only = held[held["rules"].eq("stale_assessment")]
    if not len(only):
        return []
    exposure, n_top = float(only["exposure"].sum()), int(make.pol["report"]["joint_signoff_top"])
    top = [named(str(c), names) for c in _top(pyr, make.pol).index if c in only.index]
    return [
        make(
            "reassess_expired",
            f"{len(only):,} customers are held only because their credit assessment expired "
            f"({make.money(exposure, 'en')} of exposure; {int(held['hold_stale_assessment'].sum()):,} are held by "
            f"that rule in all, the other {int(held['hold_stale_assessment'].sum()) - len(only):,} with other rules too"
            + (f"; among them the top-{n_top} customers {', '.join(top)}" if top else "")
            + "): re-assess them; each is released once re-assessed",
            f"{len(only):,}家客户仅因信用评估过期被冻结（风险敞口{make.money(exposure, 'zh')}；"
            f"触发该规则的共{int(held['hold_stale_assessment'].sum()):,}家，"
            f"其余{int(held['hold_stale_assessment'].sum()) - len(only):,}家同时触发其他规则"
            + (f"；其中前{n_top}大客户：{'、'.join(top)}" if top else "")
            + "）：重新做信用评估，评估后即解除冻结",
            exposure,
            "03_credit_review",
            "Credit holds",
        )
    ]


def _re_review(lim: pd.DataFrame, held: pd.DataFrame, pyr: pd.DataFrame, make: Maker) -> list[Decision]:
    """The credit re-reviews that come first (customers held for an expired assessment or their grade,
    whose hold waits for the review, the legal cases, the largest customers and the key accounts;
    :func:`kamtools.credit.review_first`): the credit department."""
    review = credit.review_list(lim)
    first = review.index.isin(credit.review_first(held, pyr, lim, make.pol))
    n, rest, exposure = int(first.sum()), int((~first).sum()), float(review.loc[first, "exposure"].sum())
    if not n:
        return []
    return [
        make(
            "re_review_first",
            f"{n:,} credit re-reviews come first: customers held for an expired assessment or their grade (their "
            f"hold waits for it), legal cases, the top {int(make.pol['report']['joint_signoff_top'])} customers by revenue and key accounts, "
            f"{make.money(exposure, 'en')} of exposure; the other {rest:,} are routine, later",
            f"{n:,}家客户须优先做信用复审（因评估过期或信用等级被冻结、冻结待复审的客户，移交法务的客户，"
            f"前{int(make.pol['report']['joint_signoff_top'])}大客户，以及重点客户；"
            f"风险敞口{make.money(exposure, 'zh')}）；"
            f"其余{rest:,}家为常规复审，随后完成",
            exposure,
            "03_credit_review",
            "Re-review list",
        )
    ]


def _one_of_each_kind_first(found: list[Decision], shown: int) -> list[Decision]:
    """The ``shown`` decisions to show: the largest of each kind first (so that no kind drops out
    when another has many lines), then the rest by money at stake; sales first, then finance, each
    by money at stake.

    >>> ds = [Decision(str(i), a, "p", "s", kind=k, side=s) for i, (a, k, s) in
    ...       enumerate([(9, "cut", "sales"), (8, "cut", "sales"), (7, "cut", "sales"), (1, "up", "sales"),
    ...                  (5, "hold", "finance")])]
    >>> [d.text for d in _one_of_each_kind_first(ds, 3)]
    ['0', '3', '4']
    """
    chosen = each_kind_first(sorted(found, key=lambda d: -d.amount))[:shown]
    return sorted(chosen, key=lambda d: (_SIDE_ORDER.get(d.side, len(_SIDE_ORDER)), -d.amount))


def decisions(
    data: KamData,
    as_of: pd.Timestamp,
    pol: Policy,
    lim: pd.DataFrame | None = None,
    shown: int | None = DECISIONS_SHOWN,
) -> list[Decision]:
    """This month's decisions (the joint ones, then at most ``shown``; None: all), each with its owner
    and deadline: the largest of each kind, then the largest money at stake; sales first, then finance."""
    lim = credit.limits(data, as_of, pol) if lim is None else lim
    names = dict(zip(data.customers["customer_id"].astype("str"), data.customers["name"].astype("str")))
    make = Maker(as_of, pol)
    held = credit.holds(data, make.as_of, pol, lim=lim)
    pyr = segments.pyramid(data, make.as_of, pol)
    aged = receivables.aging(data, make.as_of, pol["receivables"]["buckets"])
    gone = credit.closed_but_trading(data, make.as_of, aged)  # written off as gone, yet owing or invoiced after
    joint = _joint(lim, held, pyr, make, names, gone)
    decided = frozenset(d.customer_id for d in joint if d.customer_id)
    each = receivables.provisions(data, pol, as_of=make.as_of)  # the provisions of the day, read by two lines
    checked = write_off_check(data, make, gone, each)  # with the month's provision booking as its background
    found = (
        _approvals(lim, make)
        + _holds(data, lim, make, held, aged.index[aged["overdue"] > 0].astype("str"))
        + _reassess(held, pyr, make, names)
        + _re_review(lim, held, pyr, make)
        + _over_limit(lim, make, names, decided)
        + _legal_handover(credit.legal_cases(data, make.as_of, pol, lim=lim), make, names, decided)
        + with_provision(checked, provision_booking(data, make, each))
        + breaches(data, lim, make)
        + _statements(lim, make, names)
        + _accounts(data, make, names, lim, held, pyr)
    )
    return joint + _one_of_each_kind_first(found, len(found) if shown is None else shown)
