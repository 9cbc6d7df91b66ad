"""The words of a recommended limit: ``limit_reason`` says the rule that set it first, then what
else bears on it, in amounts a committee reads (``1.35 M``, ``785 k``; in Chinese ``135万``,
``78.5万``); ``limit_reason_zh`` says the same in Chinese, from the same templates
(:func:`kamtools.credit._common.words`); vectorised over customers.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from ._common import words


def _half_up(x: np.ndarray, decimals: int) -> np.ndarray:  # 1.25 k reads 1.3 k, as money rounds
    return np.sign(x) * np.floor(np.abs(x) * 10**decimals + 0.5 + 1e-9) / 10**decimals


def short_amount(values: pd.Series, lang: str = "en") -> pd.Series:
    """Amounts as short text, vectorised, halves rounded up: ``1.35 M``, ``785 k``, ``31.5 k``, ``670``;
    in Chinese (``lang="zh"``) in 万 and 亿: ``1.35亿``, ``135万``, ``78.5万``, ``3.2万``, ``6,700``.

    >>> v = pd.Series([135_000_000.0, 1_350_000.0, 785_000.0, 31_500.0, 6_700.0, -670.0])
    >>> short_amount(v).tolist()
    ['135.00 M', '1.35 M', '785 k', '31.5 k', '6.7 k', '-670']
    >>> short_amount(v, "zh").tolist()
    ['1.35亿', '135万', '78.5万', '3.2万', '6,700', '-670']
    """
    if values.empty:  # numpy's text functions cannot size an empty result
        return pd.Series([], index=values.index, dtype="str")
    v = values.astype(float).fillna(0.0).to_numpy()
    a = np.abs(v)
    if lang == "zh":
        small = pd.Series(np.char.mod("%.0f", _half_up(v, 0)), index=values.index, dtype="str")
        small = small.str.replace(r"^(-?\d)(\d{3})$", r"\1,\2", regex=True).to_numpy(dtype=str)  # below 1万
        text = np.select(
            [a >= 99_995_000, a >= 999_500, a >= 9_995],
            [
                np.char.mod("%.2f亿", _half_up(v / 1e8, 2)),
                np.char.mod("%.0f万", _half_up(v / 1e4, 0)),
                np.char.replace(np.char.mod("%.1f万", _half_up(v / 1e4, 1)), ".0万", "万"),
            ],
            small,
        )
        return pd.Series(text, index=values.index, dtype="str")
    text = np.select(
        [a >= 999_500, a >= 99_950, a >= 1_000],
        [
            np.char.mod("%.2f M", _half_up(v / 1e6, 2)),
            np.char.mod("%.0f k", _half_up(v / 1e3, 0)),
            np.char.replace(np.char.mod("%.1f k", _half_up(v / 1e3, 1)), ".0 k", " k"),
        ],
        np.char.mod("%.0f", _half_up(v, 0)),
    )
    return pd.Series(text, index=values.index, dtype="str")


def _whole(values: pd.Series) -> pd.Series:
    return pd.Series(np.char.mod("%d", values.astype(float).fillna(0).to_numpy()), index=values.index, dtype="str")


def _pct(values: pd.Series) -> pd.Series:
    return pd.Series(
        np.char.mod("%g %%", np.round(values.astype(float).fillna(0).to_numpy() * 100, 1)), index=values.index
    )


def _join(*parts: pd.Series, lang: str = "en") -> pd.Series:
    """Non-empty parts joined by ``"; "`` (Chinese: ``"；"``) row by row (vectorised)."""
    sep = "；" if lang == "zh" else "; "
    out = parts[0].astype("str")
    for p in parts[1:]:
        p = p.astype("str")
        out = out.where((p == "") | (out == ""), out + sep) + p
    return out


def _either(cond: Any, yes: pd.Series, no: pd.Series | str) -> pd.Series:
    """``yes`` where ``cond``, else ``no``, row by row (vectorised)."""
    return pd.Series(np.where(cond, yes, no), index=yes.index, dtype="str")


def _by_grade(grade: pd.Series, table: Mapping[str, float]) -> pd.Series:
    return grade.map({g: float(v) for g, v in table.items()}).astype(float)


def _hold_text(f: pd.DataFrame, out: pd.DataFrame, lim: Mapping, lang: str = "en") -> pd.Series:
    idx, legal = f.index, int(lim["legal_days_past_due"])
    head = words(
        lang,
        idx,
        "hold: invoice {days} days past due ({arrears} over {hold} days, provision {provision}): collect, no increase",
        "冻结：发票逾期{days}天（逾期{hold}天以上欠款{arrears}，坏账准备{provision}）：先收款，不增额",
        days=_whole(out["max_days_past_due"]),
        arrears=short_amount(f["arrears"], lang),
        hold=int(lim["hold_days_past_due"]),
        provision=short_amount(f["provision"], lang),
    )
    capped = words(
        lang,
        idx,
        "; the limit takes grade {grade} while the arrears are open",
        "；欠款未清期间额度按{grade}级核定",
        grade=out["grade"].astype("str"),
    )
    legal_text = words(
        lang,
        idx,
        "; over {days} days: hand to collections or legal action, provide for it",
        "；逾期超过{days}天：移交催收或诉讼，并计提坏账准备",
        days=legal,
    )
    return head + _either(out["grade_capped"], capped, "") + _either(out["max_days_past_due"] > legal, legal_text, "")


def _need_text(f: pd.DataFrame, out: pd.DataFrame, lang: str = "en") -> pd.Series:
    orders = f["open_orders"].astype(float).fillna(0.0)
    plus = words(
        lang, f.index, " + open orders {orders}", "，另加未发货订单{orders}", orders=short_amount(orders, lang)
    )
    return words(
        lang,
        f.index,
        "terms need {need} ({monthly} a month × {terms}+{grace} days{orders})",
        "账期需求{need}（每月{monthly} × {terms}+{grace}天{orders}）",
        need=short_amount(out["terms_need"], lang),
        monthly=short_amount(out["need_purchases"], lang),
        terms=_whole(out["payment_terms_days"]),
        grace=_whole(out["grace_days"]),
        orders=_either(orders > 0, plus, ""),
    )


#: What a capacity cap is a share of, in Chinese (``capacity_basis``).
_BASIS_ZH = {"equity": "净资产", "working capital": "营运资金"}


def _graded_text(out: pd.DataFrame, need: pd.Series, lang: str) -> pd.Series:
    """The terms need as the grade's multiplier takes it."""
    grade = out["grade"].astype("str")
    cash = words(
        lang,
        need.index,
        "grade {grade}: cash in advance or collateral only (multiplier 0)",
        "{grade}级：只接受预付款或担保（系数0）",
        grade=grade,
    )
    share = words(
        lang,
        need.index,
        "grade {grade}: {pct} of {need}",
        "{grade}级：{need}的{pct}",
        grade=grade,
        pct=_pct(out["multiplier"]),
        need=need,
    )
    return pd.Series(
        np.select([out["multiplier"] == 0.0, out["multiplier"] != 1.0], [cash, share], need),
        index=need.index,
        dtype="str",
    )


def _proposal_text(f: pd.DataFrame, out: pd.DataFrame, lim: Mapping, need: pd.Series, lang: str) -> pd.Series:
    """What the rules propose, in words: the rule that set the proposal and its amounts."""
    idx, months = f.index, int(lim["purchase_months"])
    grade = out["grade"].astype("str")
    initial = _initial_text(f, out, lim, need, grade, lang)
    share = np.where(
        out["capacity_basis"] == "equity",
        _by_grade(out["grade"], lim["capacity"]["equity_share"]),
        _by_grade(out["grade"], lim["capacity"]["working_capital_share"]),
    )
    basis = out["capacity_basis"].astype("str")
    capacity = words(
        lang,
        idx,
        "capped by capacity ({pct} of {basis} = {cap})",
        "受偿付能力限制（{basis}的{pct} = {cap}）",
        pct=_pct(pd.Series(share, index=idx)),
        basis=basis.map(_BASIS_ZH).fillna(basis) if lang == "zh" else basis,
        cap=short_amount(out["capacity_cap"], lang),
    )
    graded = _graded_text(out, need, lang)
    sep = "；" if lang == "zh" else "; "
    proposal = pd.Series(
        np.select([out["new_account"], out["capped_by_capacity"]], [initial, capacity + sep + graded], graded),
        index=idx,
        dtype="str",
    )
    dormant = words(
        lang,
        idx,
        "no purchases in the last {months} months: limit withdrawn until the next order",
        "近{months}个月无采购：撤销额度，待下次订货再定",
        months=months,
    )
    short = words(
        lang,
        idx,
        "short history (bought in {bought} of the last {months} months): keeps {keeps}, the lesser of the approved "
        "limit and the starter limit of grade {grade}",
        "交易历史短（近{months}个月中{bought}个月有采购）：保留{keeps}，取现有额度与{grade}级起始额度中的较小者",
        bought=_whole(f["months_bought"].fillna(0)),
        months=months,
        keeps=short_amount(out["unsecured_limit"], lang),
        grade=grade,
    )
    unrated = out["not_rated_text_zh" if lang == "zh" else "not_rated_text"]
    return pd.Series(
        np.select(
            [out["overridden"], out["not_rated"], out["dormant"], out["short_history"]],
            [_override_text(f, out, lang), unrated, dormant, short],
            proposal,
        ),
        index=idx,
        dtype="str",
    )


def _reasons(f: pd.DataFrame, out: pd.DataFrame, lim: Mapping, lang: str = "en") -> pd.Series:
    """``limit_reason`` (``lang="zh"``: ``limit_reason_zh``): the rule that set the limit first,
    then what else bears on it."""
    rule = out["limit_rule"]
    idx = f.index
    proposal = _proposal_text(f, out, lim, _need_text(f, out, lang), lang)
    meanwhile = _either(
        out["investigate_cut"],
        words(lang, idx, "; meanwhile the last grade's limit: {p}", "；在此之前按上次等级的额度：{p}", p=proposal),
        words(lang, idx, "; no increase until then", "；在此之前不增额"),
    )
    missing = out["missing_evidence_zh" if lang == "zh" else "missing_evidence"]
    investigate = words(lang, idx, "investigate first: {missing}", "先调查：{missing}", missing=missing) + meanwhile
    sep = "；" if lang == "zh" else "; "
    head = pd.Series(
        np.select(
            [rule == "investigate", rule == "hold"],
            [investigate, _hold_text(f, out, lim, lang) + sep + proposal],
            proposal,
        ),
        index=idx,
        dtype="str",
    )
    return _join(head, *_notes(f, out, lim, rule, lang), lang=lang)


def _notes(f: pd.DataFrame, out: pd.DataFrame, lim: Mapping, rule: pd.Series, lang: str = "en") -> list[pd.Series]:
    """The parts of ``limit_reason`` after its head: what else bears on the limit."""
    idx = f.index

    def part(cond: Any, en: str, zh: str, **parts: Any) -> pd.Series:
        return _either(cond, words(lang, idx, en, zh, **parts), "")

    haircut = float(lim["collateral_haircut"])
    scored = f["grade"].astype("str")
    ruled = rule.isin(["investigate", "override", "not_rated"])  # the rules' proposal is not the limit
    return [
        part(
            (out["secured_limit"] > 0) & ~ruled,
            "+ secured {secured} (collateral {collateral} less {haircut:g} %)",
            "+ 有担保额度{secured}（担保物{collateral}扣减{haircut:g} %）",
            secured=short_amount(out["secured_limit"], lang),
            collateral=short_amount(f["collateral"], lang),
            haircut=haircut * 100,
        ),
        part(
            out["raised_to_minimum"] & ~ruled,
            "raised to the minimum {minimum:,.0f}",
            "提高到最低额度{minimum:,.0f}",
            minimum=float(lim["minimum"]),
        ),
        part(
            ~out["financials_usable"] & ~ruled & (rule != "initial"),
            "no capacity cap: no usable financial statement",
            "未按偿付能力封顶：没有可用的财务报表",
        ),
        _either(out["hold"] & (rule == "investigate"), _hold_text(f, out, lim, lang), ""),
        part(
            out["busy"],
            "need from the peak {months} months (utilization over {busy:g} %, nothing overdue)",
            "需求按采购高峰{months}个月计算（额度使用率超过{busy:g} %，无逾期）",
            months=int(lim["peak_months"]),
            busy=float(lim["busy_utilization"]) * 100,
        ),
        part(
            out["proposed_terms_days"].notna(),
            "shorten payment terms to {days} days: the limit then carries the business",
            "账期缩短到{days}天：该额度即可支撑业务",
            days=_whole(out["proposed_terms_days"].fillna(0)),
        ),
        part(
            out["upgrade_withheld"],
            "upgrade from {before} to {after} withheld",
            "暂缓从{before}级升到{after}级",
            before=f["previous_grade"].astype("str"),
            after=scored,
        ),
        _either(out["needs_plan"], _plan_text(f, out, lim, lang), ""),
    ]


def _plan_text(f: pd.DataFrame, out: pd.DataFrame, lim: Mapping, lang: str) -> pd.Series:
    """What the plan of a cut says: how much to collect first, or that the cut goes in steps."""
    idx = f.index
    approved = f["approved_limit"].astype(float)
    cut = ((approved - out["recommended_limit"]) / approved.where(approved > 0)).fillna(0.0)
    then = _either(
        out["recommended_limit"] < approved.fillna(0.0),
        words(lang, idx, " first, then reduce", "，再降额"),
        words(
            lang,
            idx,
            ": exposure is above the limit; no new shipments on credit until it is within it",
            "：风险敞口高于额度，回到额度以内之前不再赊销发货",
        ),
    )
    collect = words(
        lang,
        idx,
        "needs a plan: collect {amount}",
        "需要计划：先收回{amount}",
        amount=short_amount(out["collect_first"], lang),
    )
    steps = words(
        lang,
        idx,
        "needs a plan: a cut of {cut} (more than {share:g} %) goes in steps",
        "需要计划：降额{cut}（超过{share:g} %），分步执行",
        cut=_pct(cut),
        share=float(lim["plan_decrease_share"]) * 100,
    )
    return _either(out["collect_first"] > 0, collect + then, steps)


def _unrated_text(f: pd.DataFrame, pol: Mapping, lang: str = "en") -> pd.Series:
    known = f["known_items"] if "known_items" in f else pd.Series(np.nan, index=f.index)
    need = int(pol["credit"]["not_rated"]["min_known_items"])
    counted = words(
        lang,
        f.index,
        "not rated: {known} items known, {need} needed",
        "未评级：已知{known}项，至少需要{need}项",
        known=_whole(known.fillna(0)),
        need=need,
    )
    return _either(known.notna(), counted, "未评级" if lang == "zh" else "not rated")


def _override_text(f: pd.DataFrame, out: pd.DataFrame, lang: str = "en") -> pd.Series:
    def text(col: str) -> pd.Series:
        return f[col].astype("str") if col in f else pd.Series("", index=f.index, dtype="str")

    on = pd.to_datetime(f["override_on"]).dt.strftime("%Y-%m-%d") if "override_on" in f else text("override_on")
    return words(
        lang,
        f.index,
        "analyst override {limit} (approved by {by} on {on}: {reason})",
        "人工调整额度{limit}（{by}于{on}批准：{reason}）",
        limit=short_amount(out["override_limit"].fillna(0.0), lang),
        by=text("override_by"),
        on=on.fillna(""),
        reason=text("override_reason"),
    )


def _initial_text(
    f: pd.DataFrame, out: pd.DataFrame, lim: Mapping, need: pd.Series, grade: pd.Series, lang: str = "en"
) -> pd.Series:
    """Why a new account gets its initial limit, and how much."""
    idx, months = f.index, int(lim["purchase_months"])
    no_buys = f["months_bought"].fillna(0) <= 0
    why_new = _join(
        _either(no_buys, words(lang, idx, "no purchases in the last {m} months", "近{m}个月无采购", m=months), ""),
        _either(
            out["financials_usable"],
            pd.Series("", index=idx, dtype="str"),
            words(lang, idx, "no usable financial statement", "没有可用的财务报表"),
        ),
        lang=lang,
    ).str.replace("；" if lang == "zh" else "; ", "，且" if lang == "zh" else " and ", regex=False)
    init = short_amount(out["initial_limit"], lang)
    how = _either(
        out["terms_need"] > 0,
        words(
            lang,
            idx,
            "{pct} of {need}, at most {init} for grade {grade}",
            "{need}的{pct}，{grade}级最多{init}",
            pct=_pct(out["multiplier"]),
            need=need,
            init=init,
            grade=grade,
        ),
        words(lang, idx, "starter limit {init} for grade {grade}", "{grade}级起始额度{init}", init=init, grade=grade),
    )
    return words(
        lang,
        idx,
        "initial limit for a new account ({why}): {how}",
        "新客户初始额度（{why}）：{how}",
        why=why_new,
        how=how,
    )
