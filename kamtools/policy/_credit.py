"""The ``credit`` section of the policy: its keys, their ranges and the rules across keys.

The rules (checked at load, named by key): the scorecard weights add up to 100;
grade cut-offs strictly descend, best grade first, and the lowest starts at 0;
each benchmark (and each industry override on top of it) lies in the ratio's
meaningful range with ``watch`` on the worse side of ``ok``; status points do not
rise from ok to weak; approval levels rise and only the last may have no ceiling;
the accountability shares add up to 1.

>>> from kamtools.policy import load_policy
>>> load_policy({"credit": {"grades": {"C": 5}}})
Traceback (most recent call last):
...
kamtools.policy.PolicyError: policy key 'credit.grades': the lowest grade must start at 0, got 5
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Literal

from pydantic import ConfigDict, Field, model_validator
from typing_extensions import TypedDict

from ._base import Number, Rule, Section, Whole, frozen_map
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


class Limit(Section):
    """The recommended limit: months of purchases by grade, capped by a share of equity."""

    months_of_purchases: frozen_map(Annotated[Number, Field(ge=0, le=24)])
    equity_cap_share: Share
    rounding: Annotated[Number, Field(ge=0.01)]
    purchase_months: Annotated[Whole, Field(ge=1, le=60)]


class Review(Section):
    """Re-review triggers."""

    utilization_above: Annotated[Number, Field(ge=0, le=10)]
    days_past_due_above: Annotated[Whole, Field(ge=0, le=3650)]
    assessment_older_than_months: Months


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
    approval_levels: frozen_map(Annotated[Number, Field(ge=0)] | None)
    review: Review
    accountability: Accountability

    @model_validator(mode="after")
    def _rules(self) -> CreditPolicy:
        _weights_rule(self.weights)
        _grades_rule(self.grades)
        scorecard_rules(self.weights, self.benchmarks, self.scored_once, self.not_rated, self.anchors)
        for name, bench in self.benchmarks.items():
            _range_rule(name, bench, ("benchmarks", name))
        _industry_rule(self.benchmarks, self.benchmarks_by_industry)
        _approval_rule(self.approval_levels)
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


def _approval_rule(levels: Mapping[str, float | None]) -> None:
    """Amounts rise from level to level; only the last level may be null (no ceiling)."""
    items = list(levels.items())
    amounts = [v for _, v in items]
    for name, v in items[:-1]:
        if v is None:
            raise Rule(
                "policy key '{key}' must be an amount, got null (only the last level has no ceiling)",
                "approval_levels",
                name,
            )
    if any(b <= a for a, b in zip(amounts[:-2], amounts[1:-1])):
        raise Rule(f"policy key '{{key}}' must rise from level to level, got {dict(levels)}", "approval_levels")
    last_name, last = items[-1]
    if last is not None and len(items) > 1 and last <= amounts[-2]:
        raise Rule(
            f"policy key '{{key}}' ({last:g}) must exceed the previous level's amount "
            f"({amounts[-2]:g}), or be null (no ceiling)",
            "approval_levels",
            last_name,
        )
