"""The ``receivables``, ``segments`` and ``report`` sections of the policy.

Every key is typed and bounded (each documented in ``policy.yaml``); counts of days,
months, years and levels are whole numbers. The rules across keys: the aging bucket
edges rise strictly (one to twelve of them); the weights of a pyramid composite must
not all be zero; the ABC cut points are in order (``0 < a <= b``); the selling-time
targets of the tiers add up to 1; the key and ordinary account shares together do not
exceed 1; the report's currency is a three-letter code and its money unit 1, 1,000 or 10,000.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import Field, StrictStr, model_validator

from ._base import Number, Rule, Section, Whole, frozen_list, frozen_map
from ._collections import Dunning, Letters
from ._company import AgingBasis, CompanyFinancials
from ._incentives import Incentives, Recovery, Targets

Share = Annotated[Number, Field(ge=0, le=1)]
Months = Annotated[Whole, Field(ge=1, le=120)]

#: Most aging bucket edges (the aging query of the store takes up to this many).
MAX_BUCKET_EDGES = 12
#: How far a sum that must be 1 may miss it (rounding of decimal fractions such as 0.1 + 0.2).
SUM_TOLERANCE = 1e-9
Weight = Annotated[Number, Field(ge=0, le=100)]


# --------------------------------------------------------------------------- receivables
#: A provision band's name: ``current``, ``d<first>_<last>`` or ``d<edge>_plus`` (days past due).
_BAND = re.compile(r"current|d(\d+)_(\d+|plus)")


class SpecificProvisions(Section):
    """Rates of the specific provisions (个别计提): on what is disputed, and at least on the balance
    of a silent debtor or a legal case (null: no such provision)."""

    disputes: Share
    silent: Share | None
    legal: Share | None


def _band_edges(names: list[str]) -> list[int] | None:
    """The upper edges of the provision bands named ``names`` (current, d1_30, ..., d365_plus), or
    None when the names are not one unbroken run of bands from current to one ``_plus``."""
    found = [_BAND.fullmatch(n) for n in names]
    if not all(found) or names[:1] != ["current"] or not names[-1].endswith("_plus"):
        return None
    edges, first = [], 1
    for m in found[1:-1]:
        lo, hi = int(m.group(1)), m.group(2)
        if lo != first or hi == "plus" or int(hi) < lo:
            return None
        edges.append(int(hi))
        first = int(hi) + 1
    last = found[-1]
    if len(names) < 2 or not edges or int(last.group(1)) != edges[-1]:
        return None
    return edges


class ReceivablesPolicy(Section):
    """The ``receivables`` section."""

    buckets: frozen_list(Annotated[Whole, Field(ge=1, le=3650)])
    provision_rates: frozen_map(Share)
    specific_provisions: SpecificProvisions
    silent_months: Months
    collection_target_share: Share
    dso_days: Annotated[Whole, Field(ge=1, le=3650)]
    recovery: Recovery
    targets: Targets
    incentives: Incentives
    worklist_weights: frozen_map(Annotated[Number, Field(ge=0, le=1000)])
    dunning: Dunning
    letters: Letters
    aging_basis: AgingBasis
    company: CompanyFinancials

    @model_validator(mode="after")
    def _provision_bands(self) -> ReceivablesPolicy:
        if _band_edges(list(self.provision_rates)) is None:
            raise Rule(
                "policy key '{key}' must name the provision bands in order, each from the day after the one "
                "before, from current to one band '<days>_plus', e.g. current, d1_30, d31_60, d60_plus; "
                f"got {', '.join(self.provision_rates) or 'none'}",
                "provision_rates",
            )
        return self

    @model_validator(mode="after")
    def _edges_rise(self) -> ReceivablesPolicy:
        edges = list(self.buckets)
        if not edges:
            raise Rule(
                "policy key '{key}' must list at least one edge (days past due), e.g. [30, 60, 90]; got []", "buckets"
            )
        if len(edges) > MAX_BUCKET_EDGES:
            raise Rule(
                f"policy key '{{key}}' lists {len(edges)} edges; at most {MAX_BUCKET_EDGES} are allowed", "buckets"
            )
        for i in range(1, len(edges)):
            if edges[i] <= edges[i - 1]:
                how = "repeats the edge before it" if edges[i] == edges[i - 1] else "is below the edge before it"
                raise Rule(
                    f"policy key '{{key}}' = {edges[i]!r} {how} ({edges[i - 1]!r}): the edges must rise strictly, "
                    f"got {edges}",
                    "buckets",
                    i,
                )
        return self


# --------------------------------------------------------------------------- segments
class _Weights(Section):
    """Weights of a composite score (normalised by their sum): not all zero."""

    @model_validator(mode="after")
    def _not_all_zero(self) -> _Weights:
        if not sum(float(v) for v in self.values()) > 0:
            raise Rule("policy key '{key}': the weights must not all be zero")
        return self


class PyramidWeights(_Weights):
    value: Weight
    potential: Weight
    relationship: Weight
    attractiveness: Weight


class ValueWeights(_Weights):
    revenue: Weight
    margin: Weight


class PotentialWeights(_Weights):
    growth: Weight
    headroom: Weight


class RelationshipWeights(_Weights):
    state: Weight
    level: Weight


class Lifecycle(Section):
    growth_above: Annotated[Number, Field(ge=0, le=10)]
    decline_below: Annotated[Number, Field(ge=-1, le=0)]


class Abc(Section):
    """ABC cut points on the cumulative share of value: ``0 < a <= b <= 1``."""

    a: Share
    b: Share

    @model_validator(mode="after")
    def _in_order(self) -> Abc:
        if not self.a > 0:
            raise Rule(f"policy key '{{key}}' = {self.a!r} must be above 0 (class A holds the largest values)", "a")
        if self.b < self.a:
            raise Rule(
                f"policy key '{{key}}' = {self.b!r} must not be below a ({self.a!r}): "
                "the cut points are cumulative shares, A first",
                "b",
            )
        return self


class Rfm(Section):
    months: Months
    scores: Annotated[Whole, Field(ge=2, le=10)]


class Clv(Section):
    horizon_years: Annotated[Whole, Field(ge=1, le=100)]
    discount_rate: Share
    retention_by: StrictStr
    min_group: Annotated[Whole, Field(ge=1)]


class Relational(Section):
    discount_share_max: Share | None
    contribution_quantile: Share


class CrossSell(Section):
    """Which product families the cross-sell list names (:func:`kamtools.segments.cross_sell`)."""

    min_peers: Annotated[Whole, Field(ge=1, le=1000)]
    min_share: Share
    top: Annotated[Whole, Field(ge=1, le=20)]
    action_days: Annotated[Whole, Field(ge=0, le=365)]


class SegmentsPolicy(Section):
    """The ``segments`` section."""

    key_share: Share
    ordinary_share: Share
    time_targets: frozen_map(Share)
    lost_after_months: Months
    new_within_months: Months
    cost_per_hour: Annotated[Number, Field(ge=0)]
    weights: PyramidWeights
    value_weights: ValueWeights
    potential_weights: PotentialWeights
    relationship_weights: RelationshipWeights
    relationship_state_scores: frozen_map(Share)
    relationship_level_scores: frozen_map(Share)
    attractiveness_scores: frozen_map(Share)
    missing_score: Share
    unattractive_potential_below: Share
    lifecycle: Lifecycle
    abc: Abc
    pareto_top: Share
    rfm: Rfm
    most_profitable_share: Share
    value_matrix_quantile: Share
    clv: Clv
    relational: Relational
    cross_sell: CrossSell

    @model_validator(mode="after")
    def _shares_fit(self) -> SegmentsPolicy:
        targets = dict(self.time_targets)
        total = float(sum(targets.values()))
        if abs(total - 1.0) > SUM_TOLERANCE:
            parts = " + ".join(f"{k} {v!r}" for k, v in targets.items())
            raise Rule(
                f"policy key '{{key}}' must add up to 1 (all of the selling time), got {total:g} ({parts})",
                "time_targets",
            )
        both = float(self.key_share) + float(self.ordinary_share)
        if both > 1.0 + SUM_TOLERANCE:
            raise Rule(
                f"policy keys '{{key}}.key_share' ({self.key_share!r}) and 'ordinary_share' "
                f"({self.ordinary_share!r}) add up to {both:g}: together they must not exceed 1"
            )
        return self


# --------------------------------------------------------------------------- report
class StatusBand(Section):
    """When a headline number of the executive summary turns amber and red."""

    measure: Literal["value", "change"]
    better: Literal["higher", "lower"]
    amber: Number
    red: Number

    @model_validator(mode="after")
    def _ordered(self) -> StatusBand:
        worse_red = self.red >= self.amber if self.better == "lower" else self.red <= self.amber
        if not worse_red:
            raise Rule(
                f"policy key '{{key}}': red ({self.red!r}) must lie beyond amber ({self.amber!r}) on the worse "
                f"side (better is {self.better})"
            )
        return self


#: Who owns a decision of the executive summary: the level of the credit policy's approval ladder that
#: approves the change, or one of the company's roles.
DecisionOwner = Literal[
    "approval_level",
    "sales_director",
    "finance_manager",
    "credit_department",
    "account_manager",
    "sales_director_and_finance_manager",
]


class DecisionRule(Section):
    """Who decides one kind of decision of the executive summary, on which side (sales or finance),
    and within how many days of the data's date."""

    owner: DecisionOwner
    side: Literal["joint", "sales", "finance"]
    days: Annotated[Whole, Field(ge=0, le=365)]


class PlanCreditRule(DecisionRule):
    """An account plan asking another limit than the credit page recommends: a joint decision, unless the
    difference is below the larger of ``materiality_amount`` and ``materiality_share`` of the recommended
    limit (then the plan files the recommended limit and no decision is raised)."""

    materiality_amount: Annotated[Number, Field(ge=0)]
    materiality_share: Share


class DecisionRules(Section):
    """The owner, side and deadline of each kind of decision of the executive summary."""

    limit_increase: DecisionRule
    limit_cut: DecisionRule
    credit_hold: DecisionRule
    over_limit: DecisionRule
    legal_handover: DecisionRule
    no_limit: DecisionRule
    authority: DecisionRule
    silent_debtors: DecisionRule
    key_account_decline: DecisionRule
    joint_signoff: DecisionRule
    reassess_expired: DecisionRule
    re_review_first: DecisionRule
    re_review_routine: DecisionRule
    statement_first: DecisionRule
    plan_credit: PlanCreditRule
    price_review: DecisionRule
    selling_time: DecisionRule
    cost_to_serve: DecisionRule
    rfm_at_risk: DecisionRule
    promote: DecisionRule
    key_account_demoted: DecisionRule
    scorecard_calibration: DecisionRule
    write_off_check: DecisionRule
    provision_booking: DecisionRule

    @model_validator(mode="after")
    def _statement_before_approval(self) -> DecisionRules:
        if self.statement_first.days >= self.limit_cut.days:
            raise Rule(
                f"policy key '{{key}}.days' = {self.statement_first.days} must be fewer than limit_cut.days "
                f"({self.limit_cut.days}): the financial statement is obtained before the limit is approved",
                "statement_first",
            )
        return self


#: A currency code: three capital letters (ISO 4217: CNY, USD, EUR ...).
CURRENCY_CODE = re.compile(r"[A-Z]{3}")
#: The units money can be shown in: 元, 千元, 万元 (or 1, 1,000, 10,000 of another currency).
MONEY_UNITS = (1, 1000, 10000)


class ReportPolicy(Section):
    """The ``report`` section: the money of the data is in ``currency``, shown in units of ``money_unit``;
    pages, labels and sentences are written in ``language`` (en, zh or both)."""

    account_plan_cap: Annotated[Whole, Field(ge=0, le=10_000)]
    joint_signoff_top: Annotated[Whole, Field(ge=0, le=10_000)]
    data_gap_days: Annotated[Whole, Field(ge=0, le=365)]
    status: frozen_map(StatusBand)
    decisions: DecisionRules
    currency: StrictStr
    money_unit: Whole
    language: Literal["en", "zh", "both"]
    plans_folder: Annotated[StrictStr, Field(max_length=1000, pattern=r"^[^\x00-\x1f]*$")] = ""

    @model_validator(mode="after")
    def _money_shown(self) -> ReportPolicy:
        if not CURRENCY_CODE.fullmatch(self.currency):
            raise Rule(
                f"policy key '{{key}}' = {self.currency!r} must be a currency code of three capital letters "
                "(ISO 4217, e.g. CNY, USD, EUR)",
                "currency",
            )
        if self.money_unit not in MONEY_UNITS:
            raise Rule(
                f"policy key '{{key}}' = {self.money_unit!r} must be 1, 1000 or 10000 (元, 千元 or 万元)", "money_unit"
            )
        return self
