"""The ``receivables``, ``segments`` and ``report`` sections of the policy.

Every key is typed and bounded (each documented in ``policy.yaml``); the one rule
across keys: the weights of a pyramid composite must not all be zero.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StrictStr, model_validator

from ._base import Number, Rule, Section, frozen_list, frozen_map

Share = Annotated[Number, Field(ge=0, le=1)]
Months = Annotated[Number, Field(ge=1, le=120)]
Weight = Annotated[Number, Field(ge=0, le=100)]


# --------------------------------------------------------------------------- receivables
class ReceivablesPolicy(Section):
    """The ``receivables`` section."""

    buckets: frozen_list(Annotated[Number, Field(ge=0, le=3650)])
    provision_rates: frozen_map(Share)
    silent_months: Months
    collection_target_share: Share
    dso_days: Annotated[Number, Field(ge=1, le=3650)]
    worklist_weights: frozen_map(Annotated[Number, Field(ge=0, le=1000)])


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
    a: Share
    b: Share


class Rfm(Section):
    months: Months
    scores: Annotated[Number, Field(ge=2, le=10)]


class Clv(Section):
    horizon_years: Annotated[Number, Field(ge=1, le=100)]
    discount_rate: Share
    retention_by: StrictStr
    min_group: Annotated[Number, Field(ge=1)]


class Relational(Section):
    discount_share_max: Share | None
    contribution_quantile: Share


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


# --------------------------------------------------------------------------- report
class ReportPolicy(Section):
    """The ``report`` section."""

    account_plan_cap: Annotated[Number, Field(ge=0, le=10_000)]
