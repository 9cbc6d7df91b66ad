"""The scoring sheet (信用等级评分项目表): each item of the scorecard with its value, weight,
points and what its scores mean, then the score, the grade and any analyst override."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
from openpyxl.worksheet.worksheet import Worksheet

from ... import credit
from .layout import DATE, _bench_text, _coded, _item_format, _num, _Sheet


def anchor_text(name: str, policy: Mapping) -> str:
    """What the scores of item ``name`` mean: a factor's anchors for 1, 3 and 5 (English and
    Chinese, from ``credit.anchors``), a ratio's benchmark for ok and watch.

    >>> from kamtools.policy import load_policy
    >>> anchor_text("employee_complaints", load_policy()).splitlines()[2]
    '5 = No complaints 无投诉'
    >>> anchor_text("quick_ratio", load_policy())
    'ok ≥ 1, watch ≥ 0.7 (target 1)'
    """
    c = policy["credit"]
    if name in credit.RATIOS:
        bench = dict(c["benchmarks"][name])
        ok, watch = _bench_text(bench, name), _bench_text({**bench, "ok": bench["watch"]}, name)
        target = _bench_text({**bench, "ok": bench["target"]}, name).split(" ", 1)[1]
        return f"ok {ok}, watch {watch} (target {target})"
    anchors = c["anchors"][name]
    return "\n".join(f"{k} = {anchors[f'score_{k}']['en']} {anchors[f'score_{k}']['zh']}" for k in (1, 3, 5))


def _pair_note(name: str, sc: pd.Series, policy: Mapping) -> str | None:
    """For an item of a pair scored once that carries no weight for this customer: why."""
    pairs = dict(policy["credit"]["scored_once"])
    if float(sc[f"wt_{name}"]) > 0:
        return None
    if name in pairs:
        return f"not computable 无法计算: scored by {pairs[name]} 由定性因素评分"
    ratio = next((r for r, f in pairs.items() if f == name), None)
    return None if ratio is None else f"scored by the ratio {ratio} 由财务比率评分"


def _items(s: _Sheet, ctx: dict) -> None:
    """One row per item: value, status, the weight it carries, points, points lost, anchors."""
    sc, rat, pol = ctx["score"], ctx["ratios"], ctx["policy"]
    missing = set(str(sc["missing_items"]).split(", ")) if isinstance(sc["missing_items"], str) else set()
    total_w = total_p = 0.0
    for i, (name, (en, zh)) in enumerate(credit.ITEMS.items(), start=1):
        w = float(sc[f"wt_{name}"])
        p = float(sc[f"pts_{name}"])
        total_w += w
        total_p += p
        if name in credit.RATIOS:
            value = _num(rat.get(name)) if rat is not None else None
            status = sc.get(f"{name}_status")
        else:
            value, status = _num(sc.get(name)), None
        if name in missing:
            status = f"missing 缺失 ({pol['credit']['missing']})"
        status = _pair_note(name, sc, pol) or status
        s.values(
            [i, f"{en} {zh}", value, status, w, round(p, 2), round(w - p, 2), anchor_text(name, pol)],
            [None, None, _item_format(name), None, "0.##", "0.00", "0.00", None],
        )
    s.values(
        [None, "Total 合计", None, None, total_w, round(total_p, 2), round(total_w - total_p, 2), None],
        [None, None, None, None, "0.##", "0.00", "0.00", None],
    )


def _override_text(sc: pd.Series) -> str | None:
    grade, limit = sc.get("override_grade"), _num(sc.get("override_limit"))
    if pd.isna(grade) and limit is None:
        return None
    parts = [] if pd.isna(grade) else [f"grade 等级 {grade}"]
    parts += [] if limit is None else [f"limit 额度 {limit:,.2f}"]
    return ", ".join(parts)


def override_line(sc: pd.Series) -> str:
    """The analyst override in force, in one line (for the forms beside the grade).

    >>> import pandas as pd
    >>> override_line(pd.Series({"grade_model": "BB", "override_grade": "BBB", "override_limit": None,
    ...     "override_reason": "parent guarantee", "override_by": "Qian", "override_on": pd.Timestamp("2026-07-15")}))
    'grade 等级 BBB (model 模型 BB): parent guarantee; approved by 审批人 Qian on 2026-07-15'
    >>> override_line(pd.Series({"grade_model": "BB", "override_grade": None, "override_limit": None}))
    'none 无'
    """
    what = _override_text(sc)
    if what is None:
        return "none 无"
    if not pd.isna(sc.get("override_grade")):
        what = what.replace(
            f"grade 等级 {sc['override_grade']}", f"grade 等级 {sc['override_grade']} (model 模型 {sc['grade_model']})"
        )
    on = sc.get("override_on")
    dated = "" if on is None or pd.isna(on) else f" on {pd.Timestamp(on):%Y-%m-%d}"
    return f"{what}: {sc.get('override_reason')}; approved by 审批人 {sc.get('override_by')}{dated}"


def not_rated_text(sc: pd.Series, policy: Mapping) -> str | None:
    """Why the customer is not rated (grade NR), with the items known; None for a rated customer.

    NR comes from the scorecard (fewer known items than ``credit.not_rated.min_known_items``)
    or from an analyst's override of the grade.

    >>> from kamtools.policy import load_policy
    >>> not_rated_text(pd.Series({"grade": "NR", "is_nr": True, "known_items": 7}), load_policy())
    'not rated 未评级: 7 of 17 items known, at least 9 needed'
    >>> not_rated_text(pd.Series({"grade": "NR", "is_nr": False, "known_items": 15}), load_policy())
    'not rated 未评级 by the analyst override 人工调整: 15 of 17 items known'
    >>> not_rated_text(pd.Series({"grade": "A", "is_nr": False, "known_items": 15}), load_policy()) is None
    True
    """
    c = policy["credit"]
    n_items = len(credit.ITEMS) - len(c["scored_once"])
    known = f"{int(sc['known_items'])} of {n_items} items known"
    if bool(sc["is_nr"]):
        return f"not rated 未评级: {known}, at least {int(c['not_rated']['min_known_items'])} needed"
    if sc["grade"] == credit.NOT_RATED:
        return f"not rated 未评级 by the analyst override 人工调整: {known}"
    return None


def _result(s: _Sheet, ctx: dict) -> None:
    """The score, the scorecard's grade, NR, the override and the grade that stands."""
    sc, c = ctx["score"], ctx["policy"]["credit"]
    n_items = len(credit.ITEMS) - len(c["scored_once"])
    least = int(c["not_rated"]["min_known_items"])
    nr = not_rated_text(sc, ctx["policy"])
    rows = [
        ("Score (0–100) 信用得分", _num(sc["score"]), "0.00"),
        ("Items known 已知项目数", f"{int(sc['known_items'])} of {n_items}", None),
        ("Scorecard grade 模型等级", sc["grade_model"], None),
        ("Not rated 未评级", nr, None),
        ("Override 人工调整", _override_text(sc) or "none 无", None),
        ("Override reason 调整理由", sc.get("override_reason"), None),
        ("Override approved by 调整审批人", sc.get("override_by"), None),
        ("Override decided on 调整日期", sc.get("override_on"), DATE),
        ("Grade 信用等级", sc["grade"], None),
        ("Previous grade 上次等级", sc["previous_grade"], None),
        ("Previous grade basis 上次等级依据", sc["previous_basis"], None),
        ("Items missing 缺失项目数", int(sc["missing_factors"]), "0"),
        ("Missing items 缺失项目", _coded(s, "missing_items", sc["missing_items"] or None), None),
        ("Largest losses 主要失分项", _coded(s, "top_losses", sc["top_losses"] or None), None),
        ("Statements of 财务报表期末", sc["fiscal_year_end"], DATE),
        ("Assessed on 评估日期", sc["assessed_on"], DATE),
    ]
    for label, value, fmt in rows:
        s.cell(2, label, bold=True)
        s.cell(3, value, fmt)
        s.row += 1
    s.skip()
    s.cell(2, "Grade scale 等级标准", bold=True, box=False)
    s.row += 1
    for g, cut in c["grades"].items():
        s.cell(2, g)
        s.cell(3, f"≥ {cut:g}")
        s.row += 1
    s.cell(2, credit.NOT_RATED)
    s.cell(3, f"fewer than {least} of {n_items} items known 已知项目少于{least}项")
    s.row += 1


def scoring_sheet(ws: Worksheet, ctx: dict) -> None:
    """Write the scoring sheet of one customer (``ctx``: policy, customer, score, ratios, as_of)."""
    s = _Sheet(ws, (6, 44, 16, 22, 10, 10, 12, 60), ctx.get("looks"), ctx.get("language", "both"))
    cust = ctx["customer"]
    s.title(
        "信用等级评分项目表  Credit grade scoring sheet",
        f"{cust['customer_id']}  {cust['name']}  ·  "
        + s.pick(f"as of {ctx['as_of']:%Y-%m-%d}", f"截至 {ctx['as_of']:%Y-%m-%d}"),
        8,
    )
    s.header(
        [
            "No. 序号",
            "Item 评分项目",
            "Value / score 数值/评分",
            "Status 评价",
            "Weight 权重",
            "Points 得分",
            "Points lost 失分",
            "What the scores mean 评分标准",
        ]
    )
    _items(s, ctx)
    s.skip()
    s.section("Result 评定结果", 8)
    _result(s, ctx)
