"""The scoring sheet (信用等级评分项目表): each item of the scorecard with its value, weight,
points and what its scores mean, then the score, the grade and any analyst override."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
from openpyxl.worksheet.worksheet import Worksheet

from ... import credit
from ..labels import names
from .fast import form_sheet
from .layout import DATE, _bench_text, _coded, _item_format, _num, _Sheet, bilingual, reason_label, say


def anchor_text(name: str, policy: Mapping, language: str = "en") -> str:
    """What the scores of item ``name`` mean in ``language``: a factor's anchors for 1, 3 and 5 (from
    ``credit.anchors``), a ratio's benchmark for ok and watch.

    >>> from kamtools.policy import load_policy
    >>> anchor_text("employee_complaints", load_policy()).splitlines()[2], anchor_text("quick_ratio", load_policy())
    ('5 = No complaints', 'ok ≥ 1, watch ≥ 0.7 (target 1)')
    >>> anchor_text("quick_ratio", load_policy(), "zh"), anchor_text("employee_complaints", load_policy(), "both")[-14:]
    ('正常 ≥ 1，关注 ≥ 0.7（目标 1）', 'complaints 无投诉')
    """
    c = policy["credit"]
    if name in credit.RATIOS:
        bench = dict(c["benchmarks"][name])
        ok, watch = _bench_text(bench, name), _bench_text({**bench, "ok": bench["watch"]}, name)
        target = _bench_text({**bench, "ok": bench["target"]}, name).split(" ", 1)[1]
        return bilingual(
            f"ok {ok}, watch {watch} (target {target})", f"正常 {ok}，关注 {watch}（目标 {target}）", language
        )
    anchors = c["anchors"][name]
    return "\n".join(
        f"{k} = {bilingual(anchors[f'score_{k}']['en'], anchors[f'score_{k}']['zh'], language)}" for k in (1, 3, 5)
    )


def _pair_note(name: str, sc: pd.Series, policy: Mapping, language: str) -> str | None:
    """For an item of a pair scored once that carries no weight for this customer: why (the item that
    scores it by its label)."""
    pairs = dict(policy["credit"]["scored_once"])
    if float(sc[f"wt_{name}"]) > 0:
        return None
    if name in pairs:
        en, zh = credit.ITEMS[pairs[name]]
        return bilingual(f"not computable: scored by the factor {en}", f"无法计算：由定性因素“{zh}”评分", language)
    ratio = next((r for r, f in pairs.items() if f == name), None)
    if ratio is None:
        return None
    en, zh = credit.ITEMS[ratio]
    return bilingual(f"scored by the ratio {en}", f"由财务比率“{zh}”评分", language)


def _missing(policy: Mapping, language: str) -> str:
    """The status of an item whose value is missing, with how the policy scores it (``credit.missing``)."""
    rule = str(policy["credit"]["missing"])
    en, zh = names("missing_rule", rule) or (rule, rule)
    return bilingual(f"missing ({en})", f"缺失（{zh}）", language)


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
            status = _coded(s, f"{name}_status", sc.get(f"{name}_status"))
        else:
            value, status = _num(sc.get(name)), None
        if name in missing:
            status = _missing(pol, s.language)
        status = _pair_note(name, sc, pol, s.language) or status
        s.values(
            [i, s.pick(en, zh), value, status, w, round(p, 2), round(w - p, 2), anchor_text(name, pol, s.language)],
            [None, None, _item_format(name), None, "0.##", "0.00", "0.00", None],
        )
    s.values(
        [None, s.text("Total 合计"), None, None, total_w, round(total_p, 2), round(total_w - total_p, 2), None],
        [None, None, None, None, "0.##", "0.00", "0.00", None],
    )


def _override_text(sc: pd.Series, language: str) -> str | None:
    """The grade and the limit of the analyst override in force, in ``language`` (both: each with its Chinese
    word); None when there is none."""
    grade, limit = sc.get("override_grade"), _num(sc.get("override_limit"))
    if pd.isna(grade) and limit is None:
        return None
    words = {"en": ("grade ", "limit ", ", "), "zh": ("等级", "额度", "，")}.get(
        language, ("grade 等级 ", "limit 额度 ", ", ")
    )
    parts = [] if pd.isna(grade) else [f"{words[0]}{grade}"]
    parts += [] if limit is None else [f"{words[1]}{limit:,.2f}" + ("元" if language == "zh" else "")]
    return words[2].join(parts)


def override_line(sc: pd.Series, language: str = "both") -> str:
    """The analyst override in force, in one line in ``language`` (for the forms beside the grade); who
    approved it by the label of the title (``approved_by``'s), the reason in the analyst's words (a recurring
    reason the label registry knows in ``language``).

    >>> import pandas as pd
    >>> row = pd.Series({"grade_model": "BB", "override_grade": "BBB", "override_limit": None,
    ...     "override_reason": "parent guarantee", "override_by": "regional manager",
    ...     "override_on": pd.Timestamp("2026-07-15")})
    >>> override_line(row, "en")
    'grade BBB (model BB): parent guarantee; approved by Regional company manager on 2026-07-15'
    >>> override_line(row, "zh")
    '等级BBB（模型BB）：parent guarantee；地区公司经理于2026-07-15批准'
    >>> override_line(row)
    'grade 等级 BBB (model 模型 BB): parent guarantee; approved by 审批人 Regional company manager 地区公司经理 on 2026-07-15'
    >>> override_line(pd.Series({"grade_model": "BB", "override_grade": None, "override_limit": None}))
    'none 无'
    """
    what = _override_text(sc, language)
    if what is None:
        return bilingual("none", "无", language)
    if not pd.isna(sc.get("override_grade")):
        g, m = sc["override_grade"], sc["grade_model"]
        model = {"en": f" (model {m})", "zh": f"（模型{m}）"}.get(language, f" (model 模型 {m})")
        what = what.replace(f"{g}", f"{g}{model}", 1)
    on = sc.get("override_on")
    day = "" if on is None or pd.isna(on) else f"{pd.Timestamp(on):%Y-%m-%d}"
    by, reason = (
        say("override_by", sc.get("override_by"), language),
        say("override_reason", sc.get("override_reason"), language),
    )
    if language == "zh":
        return f"{what}：{reason}；{by}" + (f"于{day}批准" if day else "批准")
    approved = "approved by" if language == "en" else "approved by 审批人"
    return f"{what}: {reason}; {approved} {by}" + (f" on {day}" if day else "")


def not_rated_text(sc: pd.Series, policy: Mapping, language: str = "both") -> str | None:
    """Why the customer is not rated (grade NR), with the items known, in ``language``; None for a rated
    customer.

    NR comes from the scorecard (fewer known items than ``credit.not_rated.min_known_items``)
    or from an analyst's override of the grade.

    >>> from kamtools.policy import load_policy
    >>> not_rated_text(pd.Series({"grade": "NR", "is_nr": True, "known_items": 7}), load_policy(), "en")
    'not rated: 7 of 17 items known, at least 9 needed'
    >>> not_rated_text(pd.Series({"grade": "NR", "is_nr": True, "known_items": 7}), load_policy(), "zh")
    '未评级：17项中已知7项，至少需要9项'
    >>> not_rated_text(pd.Series({"grade": "NR", "is_nr": False, "known_items": 15}), load_policy(), "zh")
    '人工调整为未评级：17项中已知15项'
    >>> not_rated_text(pd.Series({"grade": "A", "is_nr": False, "known_items": 15}), load_policy()) is None
    True
    """
    c = policy["credit"]
    n_items, known = len(credit.ITEMS) - len(c["scored_once"]), int(sc["known_items"])
    if bool(sc["is_nr"]):
        least = int(c["not_rated"]["min_known_items"])
        return bilingual(
            f"not rated: {known} of {n_items} items known, at least {least} needed",
            f"未评级：{n_items}项中已知{known}项，至少需要{least}项",
            language,
        )
    if sc["grade"] == credit.NOT_RATED:
        return bilingual(
            f"not rated by the analyst override: {known} of {n_items} items known",
            f"人工调整为未评级：{n_items}项中已知{known}项",
            language,
        )
    return None


def scored_grade_text(lim: pd.Series | None, language: str = "both") -> str | None:
    """The scorecard's grade as the second line under the grade that stands, when the two differ: the
    limit uses the arrears grade while arrears are open, or withholds an upgrade while on hold (the
    pages and the register show the grade that stands). None when they agree or the limit row is missing.

    >>> row = pd.Series({"grade": "C", "scored_grade": "BB", "grade_capped": True, "upgrade_withheld": False})
    >>> scored_grade_text(row, "en"), scored_grade_text(row, "zh")
    ('BB (C while the arrears are open)', 'BB（欠款未清期间按C级处理）')
    >>> scored_grade_text(pd.Series({"grade": "BB", "scored_grade": "BBB", "grade_capped": False,
    ...     "upgrade_withheld": True}), "zh")
    'BBB（冻结期间暂不升级，按BB级处理）'
    >>> scored_grade_text(pd.Series({"grade": "A", "scored_grade": "A"})) is None
    True
    """
    if lim is None or "scored_grade" not in lim or pd.isna(lim["scored_grade"]):
        return None
    applied, scored = str(lim["grade"]), str(lim["scored_grade"])
    if applied == scored:
        return None
    if bool(lim.get("upgrade_withheld", False)) and not bool(lim.get("grade_capped", False)):
        return bilingual(
            f"{scored} (upgrade withheld while on hold: {applied})",
            f"{scored}（冻结期间暂不升级，按{applied}级处理）",
            language,
        )
    return bilingual(
        f"{scored} ({applied} while the arrears are open)", f"{scored}（欠款未清期间按{applied}级处理）", language
    )


def grade_fields(sc: pd.Series, lim: pd.Series | None, language: str = "both") -> list[tuple[str, str | None]]:
    """The grade of a form, as pages and the register show it: the grade that stands (the one the limit
    uses: :func:`kamtools.credit.limits` ``grade``) and, when the scored grade differs, the scored grade
    as a second line (:func:`scored_grade_text`). Labels are bilingual (``English 中文``).

    >>> grade_fields(pd.Series({"grade": "BB"}), pd.Series({"grade": "C", "scored_grade": "BB", "grade_capped": True}),
    ...     "zh")
    [('Grade 信用等级', 'C'), ('Scored grade 评分等级', 'BB（欠款未清期间按C级处理）')]
    """
    applied = sc["grade"] if lim is None or pd.isna(lim.get("grade")) else lim["grade"]
    scored = scored_grade_text(lim, language)
    return [("Grade 信用等级", applied)] + ([("Scored grade 评分等级", scored)] if scored else [])


def _result(s: _Sheet, ctx: dict) -> None:
    """The score, the scorecard's grade, NR, the override and the grade that stands."""
    sc, c = ctx["score"], ctx["policy"]["credit"]
    n_items = len(credit.ITEMS) - len(c["scored_once"])
    least = int(c["not_rated"]["min_known_items"])
    nr = not_rated_text(sc, ctx["policy"], s.language)
    rows = [
        ("Score (0–100) 信用得分", _num(sc["score"]), "0.00"),
        (
            "Items known 已知项目数",
            s.pick(f"{int(sc['known_items'])} of {n_items}", f"{n_items}项中已知{int(sc['known_items'])}项"),
            None,
        ),
        ("Scorecard grade 模型等级", sc["grade_model"], None),
        ("Not rated 未评级", nr, None),
        ("Override 人工调整", _override_text(sc, s.language) or s.pick("none", "无"), None),
        (reason_label(sc.get("override_reason")), _coded(s, "override_reason", sc.get("override_reason")), None),
        ("Override approved by 调整审批人", _coded(s, "override_by", sc.get("override_by")), None),
        ("Override decided on 调整日期", sc.get("override_on"), DATE),
        *((label, value, None) for label, value in grade_fields(sc, ctx.get("limits"), s.language)),
        ("Previous grade 上次等级", sc["previous_grade"], None),
        ("Previous grade basis 上次等级依据", _coded(s, "previous_basis", sc["previous_basis"]), None),
        ("Items missing 缺失项目数", int(sc["missing_factors"]), "0"),
        ("Missing items 缺失项目", _coded(s, "missing_items", sc["missing_items"] or None), None),
        ("Largest losses 主要失分项", _coded(s, "top_losses", sc["top_losses"] or None), None),
        ("Statements of 财务报表期末", sc["fiscal_year_end"], DATE),
        ("Assessed on 评估日期", sc["assessed_on"], DATE),
    ]
    for label, value, fmt in rows:
        s.cell(2, s.text(label), bold=True)
        s.cell(3, value, fmt)
        s.row += 1
    s.skip()
    s.cell(2, s.text("Grade scale 等级标准"), bold=True, box=False)
    s.row += 1
    for g, cut in c["grades"].items():
        s.cell(2, g)
        s.cell(3, f"≥ {cut:g}")
        s.row += 1
    s.cell(2, credit.NOT_RATED)
    s.cell(3, s.pick(f"fewer than {least} of {n_items} items known", f"{n_items}项中已知项目少于{least}项"))
    s.row += 1


def scoring_sheet(ws: Worksheet, ctx: dict) -> None:
    """Write the scoring sheet of one customer (``ctx``: policy, customer, score, ratios, as_of)."""
    s = form_sheet(ws, (6, 44, 16, 22, 10, 10, 12, 60), ctx.get("looks"), ctx.get("language", "both"))
    cust = ctx["customer"]
    s.title(
        "信用等级评分项目表",
        "Credit grade scoring sheet",
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
