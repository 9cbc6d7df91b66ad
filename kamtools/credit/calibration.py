"""What the scorecard's check against outcomes and the ratio benchmarks ask of the credit department:
the grades whose bad rate is not in order (a better grade going bad more often than the next worse),
and the benchmarks that call most customers weak. Each reading names its owner, the credit department,
who reviews the calibration (the grade bands, the item weights, the benchmarks) in the policy."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from ._common import NOT_RATED


def bad_rate_inversions(by_grade: pd.DataFrame, grades: Sequence[str]) -> list[tuple[str, str, float, float]]:
    """The neighbouring grades (best first, as ``grades`` orders them; NR and grades without
    observations left out) where the better grade's ``bad_rate`` is higher than the worse one's:
    (better, worse, its rate, the worse grade's rate).

    >>> g = pd.DataFrame({"observations": [10, 10, 10, 10], "bad_rate": [0.016, 0.005, 0.036, 0.029]},
    ...     index=["AA", "A", "BBB", "BB"])
    >>> bad_rate_inversions(g, ["AAA", "AA", "A", "BBB", "BB"])
    [('AA', 'A', 0.016, 0.005), ('BBB', 'BB', 0.036, 0.029)]
    """
    seen = [g for g in grades if g != NOT_RATED and g in by_grade.index and by_grade.at[g, "observations"] > 0]
    rate = by_grade["bad_rate"].astype(float)
    return [(a, b, float(rate[a]), float(rate[b])) for a, b in zip(seen, seen[1:]) if rate[a] > rate[b]]


def calibration_readings(
    by_grade: pd.DataFrame,
    summary: pd.DataFrame,
    grades: Sequence[str],
    weak_share: float = 0.5,
    *,
    owner: tuple[str, str] = ("credit department", "信用部"),
    due: str = "",
) -> tuple[str, str]:
    """The readings of the scorecard check and of the benchmarks, in English and Chinese, each with
    what the credit department does: bad rates out of order (:func:`bad_rate_inversions`) and the
    ratios whose benchmark calls more than ``weak_share`` of the customers weak (``summary``:
    :func:`kamtools.credit.ratio_summary`, its ``label`` and ``weak``). Empty when both are in order.
    ``owner`` (English, Chinese) reviews the calibration, by ``due`` (YYYY-MM-DD) when given.

    >>> g = pd.DataFrame({"observations": [10, 10], "bad_rate": [0.016, 0.005]}, index=["AA", "A"])
    >>> s = pd.DataFrame({"label": ["Total asset turnover 总资产周转率"], "weak": [0.696]}, index=["asset_turnover"])
    >>> en, zh = calibration_readings(g, s, ["AA", "A"])
    >>> print(en)
    Bad rates are not in grade order: AA 1.6 % above A 0.5 %. The benchmarks call most customers weak on total asset turnover (69.6 %). The credit department reviews the calibration (the grade bands and item weights; whether these benchmarks fit this book) before the next assessments rest on them.
    >>> print(zh)
    违约率未按等级逐级上升：AA级1.6 %高于A级0.5 %。标准值把多数客户判为偏弱：总资产周转率（69.6 %）。由信用部复核评分卡的校准（等级分界和各项权重；这些标准值是否适合本公司的客户），再据此做下一轮信用评估。
    >>> calibration_readings(g, s, ["AA", "A"], due="2026-12-30")[1].split("。")[2]
    '由信用部在2026-12-30前复核评分卡的校准（等级分界和各项权重；这些标准值是否适合本公司的客户），再据此做下一轮信用评估'
    """
    inv = bad_rate_inversions(by_grade, grades)
    weak = summary[summary["weak"].astype(float) > weak_share]
    parts_en, parts_zh = [], []
    if inv:
        parts_en.append(
            "Bad rates are not in grade order: "
            + "; ".join(f"{a} {ra * 100:.1f} % above {b} {rb * 100:.1f} %" for a, b, ra, rb in inv)
            + "."
        )
        parts_zh.append(
            "违约率未按等级逐级上升："
            + "；".join(f"{a}级{ra * 100:.1f} %高于{b}级{rb * 100:.1f} %" for a, b, ra, rb in inv)
            + "。"
        )
    if len(weak):

        def name(label: str, lang: str) -> str:  # "Total asset turnover 总资产周转率": English words, then Chinese
            en, _, zh = str(label).rpartition(" ")
            return (en or label).lower() if lang == "en" else (zh or label)

        parts_en.append(
            "The benchmarks call most customers weak on "
            + ", ".join(f"{name(r.label, 'en')} ({r.weak * 100:.1f} %)" for r in weak.itertuples())
            + "."
        )
        parts_zh.append(
            "标准值把多数客户判为偏弱："
            + "、".join(f"{name(r.label, 'zh')}（{r.weak * 100:.1f} %）" for r in weak.itertuples())
            + "。"
        )
    if not parts_en:
        return "", ""
    parts_en.append(
        f"The {owner[0]} reviews the calibration{f' by {due}' if due else ''} (the grade bands and item weights"
        + ("; whether these benchmarks fit this book" if len(weak) else "")
        + ") before the next assessments rest on them."
    )
    parts_zh.append(
        f"由{owner[1] or owner[0]}{f'在{due}前' if due else ''}复核评分卡的校准（等级分界和各项权重"
        + ("；这些标准值是否适合本公司的客户" if len(weak) else "")
        + "），再据此做下一轮信用评估。"
    )
    return " ".join(parts_en), "".join(parts_zh)
