"""The ``credit`` section of the policy: its keys, their ranges and the rules across keys.

The rules (checked at load, named by key): the scorecard weights add up to 100;
grade cut-offs strictly descend, best grade first, and the lowest starts at 0;
each benchmark (and each industry override on top of it) lies in the ratio's
meaningful range with ``watch`` on the worse side of ``ok``; status points do not
rise from ok to weak; the accountability shares add up to 1; each limit table by grade
(multiplier, initial limit, capacity shares) names every grade and no other. The rules of the
approval ladder and the credit holds are in :mod:`kamtools.policy._authority`.

>>> from kamtools.policy import load_policy
>>> load_policy({"credit": {"grades": {"C": 5}}})
Traceback (most recent call last):
...
kamtools.policy.PolicyError: policy key 'credit.grades': the lowest grade must start at 0, got 5
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Literal

from pydantic import ConfigDict, Field, StrictStr, field_validator, model_validator
from typing_extensions import TypedDict

from ._authority import ApprovalLevel, Holds, authority_rule, holds_rule, level_list
from ._base import Number, Rule, Section, Whole, frozen_list, frozen_map
from ._scorecard import Anchor, NotRated, Overrides, Validation, scorecard_rules

#: Meaningful range of each ratio's benchmark values (target, ok, watch); None: no bound.
BENCHMARK_RANGES: dict[str, tuple[float | None, float | None]] = {
    "quick_ratio": (0.0, None),
    "current_ratio": (0.0, None),
    "debt_ratio": (0.0, 1.0),
    "asset_turnover": (0.0, None),
    "net_margin": (-1.0, 1.0),
    "equity_growth_3y": (-1.0, None),
    "profitable_years_3y": (0.0, 3.0),
}

Better = Literal["higher", "lower"]
Share = Annotated[Number, Field(ge=0, le=1)]
Points = Annotated[Number, Field(ge=0, le=100)]
Months = Annotated[Whole, Field(ge=1, le=120)]


def _bounds_text(lo: float | None, hi: float | None) -> str:
    return f"from {lo if lo is not None else '-inf'} to {hi if hi is not None else 'inf'}"


def _order_rule(ok: float, watch: float, better: str) -> None:
    """``watch`` must lie beyond ``ok`` on the worse side."""
    if (better == "higher" and watch > ok) or (better == "lower" and watch < ok):
        raise Rule(
            f"policy key '{{key}}': 'watch' ({watch}) must lie beyond 'ok' ({ok}) "
            f"on the worse side ({'lower' if better == 'higher' else 'higher'} values)"
        )


class Benchmark(Section):
    """The benchmark of one ratio: ``ok`` and ``watch`` thresholds, the material's ``target``."""

    target: Number
    ok: Number
    watch: Number
    better: Better

    @model_validator(mode="after")
    def _watch_beyond_ok(self) -> Benchmark:
        _order_rule(self.ok, self.watch, self.better)
        return self


class BenchmarkOverride(TypedDict, total=False):
    """An industry's override of a benchmark: any of its keys."""

    __pydantic_config__ = ConfigDict(extra="forbid", strict=True)  # type: ignore[misc]
    target: Number
    ok: Number
    watch: Number
    better: Better


class StatusPoints(Section):
    """Share of a ratio's weight earned by its status: ok >= watch >= weak."""

    ok: Share
    watch: Share
    weak: Share

    @model_validator(mode="after")
    def _not_rising(self) -> StatusPoints:
        if not float(self.ok) >= float(self.watch) >= float(self.weak):
            raise Rule(
                "policy key '{key}' must give ok at least the points of watch and "
                f"watch at least those of weak, got {dict(self)}"
            )
        return self


GradeShares = frozen_map(Share)


class Capacity(Section):
    """The capacity cap by grade: shares of equity and of working capital (D&B-style)."""

    equity_share: GradeShares
    working_capital_share: GradeShares
    combine: Literal["lesser", "greater"]
    financials_max_months: Months


class Limit(Section):
    """The recommended limit: terms need x grade multiplier, capped by capacity, with the step rules."""

    purchase_months: Annotated[Whole, Field(ge=1, le=60)]
    need_basis: Literal["average", "peak"]
    peak_months: Annotated[Whole, Field(ge=1, le=12)]
    payment_terms_days: Annotated[Whole, Field(ge=0, le=365)]
    grace_days: Annotated[Whole, Field(ge=0, le=365)]
    multiplier: frozen_map(Annotated[Number, Field(ge=0, le=10)])
    capacity: Capacity
    initial_limit: frozen_map(Annotated[Number, Field(ge=0)])
    collateral_haircut: Share
    rounding: Annotated[Number, Field(ge=0.01)]
    minimum: Annotated[Number, Field(ge=0)]
    plan_decrease_share: Share
    materiality_share: Share
    materiality_amount: Annotated[Number, Field(ge=0)]
    hold_days_past_due: Annotated[Whole, Field(ge=0, le=3650)]
    arrears_grade: StrictStr
    legal_days_past_due: Annotated[Whole, Field(ge=0, le=3650)]
    withdraw_dormant: bool
    short_history_months: Annotated[Whole, Field(ge=0, le=60)]
    statement_first: bool
    busy_utilization: Annotated[Number, Field(ge=0, le=10)]
    standard_terms_days: frozen_list(Annotated[Whole, Field(ge=0, le=365)])


#: Keys of earlier policies and what took their place (named when a user file still has them).
REPLACED_KEYS: dict[str, str] = {
    "credit.limit.months_of_purchases": (
        "the limit now starts from the terms need: use credit.limit.multiplier (by grade, on the need)"
    ),
    "credit.limit.equity_cap_share": (
        "use credit.limit.capacity.equity_share and credit.limit.capacity.working_capital_share (by grade)"
    ),
    "report.decisions.legal_action": (
        "every customer past credit.limit.legal_days_past_due is now on one line: set report.decisions.legal_handover"
    ),
}


class Review(Section):
    """Re-review triggers."""

    utilization_above: Annotated[Number, Field(ge=0, le=10)]
    days_past_due_above: Annotated[Whole, Field(ge=0, le=3650)]
    assessment_older_than_months: Months
    lapse_warning_days: Annotated[Whole, Field(ge=0, le=365)]


class Accountability(Section):
    """Bad-debt accountability within an approved limit: the two shares add up to 1."""

    handler_share_within_limit: Share
    approver_share_within_limit: Share

    @model_validator(mode="after")
    def _add_up_to_one(self) -> Accountability:
        if abs(self.handler_share_within_limit + self.approver_share_within_limit - 1.0) > 1e-9:
            raise Rule(
                "policy keys '{key}.handler_share_within_limit' and 'approver_share_within_limit' must add up to 1"
            )
        return self


class CreditPolicy(Section):
    """The ``credit`` section (each key documented in ``policy.yaml``)."""

    benchmarks: frozen_map(Benchmark)
    benchmarks_by_industry: frozen_map(frozen_map(BenchmarkOverride))
    weights: frozen_map(Points)
    status_points: StatusPoints
    missing: Literal["neutral", "worst"]
    grades: frozen_map(Points)
    previous_grade_months: Months
    # the scorecard's own keys (kamtools.policy._scorecard)
    scored_once: frozen_map(Annotated[str, Field(strict=True)])
    not_rated: NotRated
    anchors: frozen_map(Anchor)
    overrides: Overrides
    validation: Validation
    forms_cap: Annotated[Whole, Field(ge=1)] | None
    limit: Limit
    # approval by authority and credit holds (kamtools.policy._authority)
    approval_levels: frozen_list(ApprovalLevel)
    decrease_approver: StrictStr
    exception_decrease_approver: Literal["one_level_up", "current"]
    holds: Holds
    # --
    review: Review
    accountability: Accountability

    @field_validator("approval_levels", mode="before")
    @classmethod
    def _levels_are_a_list(cls, value: object) -> object:
        return level_list(value)

    @model_validator(mode="after")
    def _rules(self) -> CreditPolicy:
        _weights_rule(self.weights)
        _grades_rule(self.grades)
        scorecard_rules(self.weights, self.benchmarks, self.scored_once, self.not_rated, self.anchors)
        for name, bench in self.benchmarks.items():
            _range_rule(name, bench, ("benchmarks", name))
        _industry_rule(self.benchmarks, self.benchmarks_by_industry)
        _grade_maps_rule(self.grades, self.limit)
        authority_rule(self.approval_levels, self.decrease_approver)
        holds_rule(self.holds, self.grades)
        return self


def _weights_rule(weights: Mapping[str, float]) -> None:
    total = float(sum(weights.values()))
    if abs(total - 100.0) > 1e-6:
        raise Rule(f"policy key '{{key}}' must add up to 100, got {total:g}", "weights")


def _grades_rule(grades: Mapping[str, float]) -> None:
    cuts = list(grades.values())
    if any(b >= a for a, b in zip(cuts, cuts[1:])):
        raise Rule(
            f"policy key '{{key}}' must list grades best first with strictly descending cut-offs, got {dict(grades)}",
            "grades",
        )
    if cuts[-1] != 0:
        raise Rule(f"policy key '{{key}}': the lowest grade must start at 0, got {cuts[-1]!r}", "grades")


def _grade_maps_rule(grades: Mapping[str, float], limit: Limit) -> None:
    """Each limit table by grade names every grade of ``credit.grades`` and no other key."""
    tables = {
        ("limit", "multiplier"): limit.multiplier,
        ("limit", "initial_limit"): limit.initial_limit,
        ("limit", "capacity", "equity_share"): limit.capacity.equity_share,
        ("limit", "capacity", "working_capital_share"): limit.capacity.working_capital_share,
    }
    for path, table in tables.items():
        missing = [g for g in grades if g not in table]
        extra = [g for g in table if g not in grades]
        if missing or extra:
            what = f"lacks grade(s) {', '.join(missing)}" if missing else f"names unknown grade(s) {', '.join(extra)}"
            raise Rule(f"policy key '{{key}}' {what}: it needs one value per grade of credit.grades", *path)
    if limit.arrears_grade not in grades:
        raise Rule(
            f"policy key '{{key}}' = {limit.arrears_grade!r} is not a grade of credit.grades ({', '.join(grades)})",
            "limit",
            "arrears_grade",
        )


def _range_rule(name: str, bench: Mapping, path: tuple[str, ...]) -> None:
    """The benchmark values of ratio ``name`` lie in its meaningful range."""
    lo, hi = BENCHMARK_RANGES.get(name, (None, None))
    for k in ("target", "ok", "watch"):
        v = bench.get(k)
        if v is not None and ((lo is not None and v < lo) or (hi is not None and v > hi)):
            raise Rule(f"policy key '{{key}}' = {v!r} is out of range (allowed {_bounds_text(lo, hi)})", *path, k)


def _industry_rule(benchmarks: Mapping[str, Benchmark], by_industry: Mapping[str, Mapping]) -> None:
    """Each industry override names a ratio, and with the benchmark under it follows the benchmark rules."""
    for industry, ratios in by_industry.items():
        for name, given in ratios.items():
            path = ("benchmarks_by_industry", industry, name)
            if name not in benchmarks:
                raise Rule(f"unknown policy key '{{key}}' (ratios: {', '.join(benchmarks)})", *path)
            bench = {**benchmarks[name], **given}
            _range_rule(name, bench, path)
            try:
                _order_rule(bench["ok"], bench["watch"], bench["better"])
            except Rule as exc:
                raise Rule(exc.message, *path) from None
