"""The scorecard's keys of the ``credit`` policy: items scored once, not rated, anchors,
analyst overrides and the check of the scorecard against outcomes.

The rules (checked at load, named by key): each pair of ``scored_once`` joins a ratio
that has a benchmark to a qualitative factor, each factor at most once;
``not_rated.min_known_items`` does not exceed the number of items the scorecard scores
(its weights less one per pair scored once); every qualitative factor (a weighted item
without a benchmark) has its anchors; the PSI of a watched shift does not exceed that of
an alert.

>>> from kamtools.policy import load_policy
>>> load_policy({"credit": {"not_rated": {"min_known_items": 18}}})
Traceback (most recent call last):
...
kamtools.policy.PolicyError: policy key 'credit.not_rated.min_known_items' = 18 is more than the 17 items the scorecard scores (19 weights, 2 pairs scored once)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from ._base import Number, Rule, Section, Whole

Text = Annotated[str, StringConstraints(strict=True, min_length=1, max_length=300)]
Share = Annotated[Number, Field(ge=0, le=1)]


class NotRated(Section):
    """When a customer is not rated (NR), and what its limit then is."""

    min_known_items: Annotated[Whole, Field(ge=0, le=100)]
    limit_rule: Literal["investigate", "initial", "zero"]
    initial_limit: Annotated[Number, Field(ge=0)]


class AnchorText(Section):
    """What one score of a factor means, in English and Chinese."""

    en: Text
    zh: Text


class Anchor(Section):
    """What the scores 1, 3 and 5 of a qualitative factor mean (2 and 4 lie between)."""

    score_1: AnchorText
    score_3: AnchorText
    score_5: AnchorText


class Overrides(Section):
    """Analyst overrides of the grade or the limit (the optional ``credit_overrides`` table)."""

    valid_months: Annotated[Whole, Field(ge=1, le=120)]


class Validation(Section):
    """The check of the scorecard against outcomes (:func:`kamtools.credit.validate_scorecard`)."""

    months: Annotated[Whole, Field(ge=2, le=120)]
    outcome_months: Annotated[Whole, Field(ge=1, le=60)]
    bad_days_past_due: Annotated[Whole, Field(ge=1, le=3650)]
    bad_min_amount: Annotated[Number, Field(ge=0)]
    min_bad_customers: Annotated[Whole, Field(ge=1, le=1_000_000)]
    psi_watch: Annotated[Number, Field(ge=0, le=10)]
    psi_alert: Annotated[Number, Field(ge=0, le=10)]

    @model_validator(mode="after")
    def _psi_in_order(self) -> Validation:
        if self.months + self.outcome_months > 99:
            raise Rule(
                f"policy keys '{{key}}.months' ({self.months}) and 'outcome_months' ({self.outcome_months}) "
                "add up to more than 99 months of history"
            )
        if self.psi_alert < self.psi_watch:
            raise Rule(
                f"policy key '{{key}}' ({self.psi_alert!r}) must not be below psi_watch ({self.psi_watch!r})",
                "psi_alert",
            )
        return self


def scorecard_rules(
    weights: Mapping[str, float],
    benchmarks: Mapping[str, object],
    scored_once: Mapping[str, str],
    not_rated: NotRated,
    anchors: Mapping[str, Anchor],
) -> None:
    """The scorecard's rules across keys (see the module's docstring)."""
    factors = [k for k in weights if k not in benchmarks]
    seen: dict[str, str] = {}
    for ratio, factor in scored_once.items():
        if ratio not in benchmarks:
            raise Rule(
                f"policy key '{{key}}' must name a ratio with a benchmark ({', '.join(benchmarks)})",
                "scored_once",
                ratio,
            )
        if factor not in factors:
            raise Rule(
                f"policy key '{{key}}' = {factor!r} must name a qualitative factor ({', '.join(factors)})",
                "scored_once",
                ratio,
            )
        if factor in seen:
            raise Rule(
                f"policy key '{{key}}' = {factor!r}: the factor is already scored once with {seen[factor]!r}",
                "scored_once",
                ratio,
            )
        seen[factor] = ratio
    scored = len(weights) - len(scored_once)
    if not_rated.min_known_items > scored:
        raise Rule(
            f"policy key '{{key}}' = {not_rated.min_known_items!r} is more than the {scored} items the scorecard "
            f"scores ({len(weights)} weights, {len(scored_once)} pairs scored once)",
            "not_rated",
            "min_known_items",
        )
    extra = [k for k in anchors if k not in factors]
    if extra:
        raise Rule(f"policy key '{{key}}' is not a qualitative factor ({', '.join(factors)})", "anchors", extra[0])
    lacking = [f for f in factors if f not in anchors]
    if lacking:
        raise Rule(f"policy key '{{key}}' lacks the anchors of {', '.join(lacking)}", "anchors")
