"""The policy: every threshold of the method, in one YAML file.

The defaults ship with the package (``kamtools/policy.yaml``, each key
documented there). A user file overrides any subset; unknown keys, values of
the wrong type and values out of range are rejected with a message naming the
key.

>>> p = load_policy({"credit": {"review": {"utilization_above": 0.8}}})
>>> p["credit"]["review"]["utilization_above"]
0.8
>>> load_policy({"credit": {"reveiw": {}}})
Traceback (most recent call last):
...
kamtools.policy.PolicyError: unknown policy key 'credit.reveiw'
"""
from __future__ import annotations

import copy
import fnmatch
import os
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

DEFAULT_POLICY_FILE = Path(__file__).with_name("policy.yaml")

#: Keys whose value is a free mapping (any key allowed, e.g. per industry), given as dotted paths.
OPEN_MAPS: set[str] = {"credit.benchmarks_by_industry"}

#: Keys with a number as default that may also be null (a cap that can be lifted), as dotted paths.
NULLABLE: set[str] = {"credit.forms_cap"}

#: Allowed ranges, by dotted key pattern (fnmatch); the first matching pattern applies.
RANGES: dict[str, tuple[float | None, float | None]] = {
    # credit
    "credit.weights.*": (0, 100),
    "credit.grades.*": (0, 100),
    "credit.limit.months_of_purchases.*": (0, 24),
    "credit.limit.equity_cap_share": (0, 1),
    "credit.approval_levels.*": (0, None),
    "credit.review.utilization_above": (0, 10),
    "credit.review.days_past_due_above": (0, 3650),
    "credit.review.assessment_older_than_months": (1, 120),
    "credit.accountability.*": (0, 1),
    "credit.status_points.*": (0, 1),
    "credit.previous_grade_months": (1, 120),
    "credit.forms_cap": (1, None),
    "credit.limit.rounding": (0.01, None),
    "credit.limit.purchase_months": (1, 60),
    # receivables
    "receivables.buckets": (0, 3650),
    "receivables.provision_rates.*": (0, 1),
    "receivables.*_months": (1, 120),
    "receivables.dso_days": (1, 3650),
    "receivables.worklist_weights.*": (0, 1000),
    # segments
    "segments.*share*": (0, 1),
    "segments.time_targets.*": (0, 1),
    "segments.*_months": (1, 120),
    "segments.cost_per_hour": (0, None),
    "segments.*weights.*": (0, 100),
    "segments.*_scores.*": (0, 1),
    "segments.missing_score": (0, 1),
    "segments.unattractive_potential_below": (0, 1),
    "segments.lifecycle.growth_above": (0, 10),
    "segments.lifecycle.decline_below": (-1, 0),
    "segments.abc.*": (0, 1),
    "segments.pareto_top": (0, 1),
    "segments.rfm.months": (1, 120),
    "segments.rfm.scores": (2, 10),
    "segments.value_matrix_quantile": (0, 1),
    "segments.clv.horizon_years": (1, 100),
    "segments.clv.discount_rate": (0, 1),
    "segments.clv.min_group": (1, None),
    "segments.relational.contribution_quantile": (0, 1),
    # report
    "report.account_plan_cap": (0, 10_000),
    # generic
    "*rate*": (0, 1),
    "*share*": (0, 1),
}


class PolicyError(ValueError):
    """A policy file or override that does not fit the policy's keys, types or ranges."""


@lru_cache(maxsize=1)
def _defaults() -> dict:
    with open(DEFAULT_POLICY_FILE, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def default_policy() -> dict:
    """A fresh copy of the shipped default policy."""
    return copy.deepcopy(_defaults())


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _check_range(key: str, value: Any) -> None:
    values = value if isinstance(value, list) else [value]
    for pattern, (lo, hi) in RANGES.items():
        if fnmatch.fnmatch(key, pattern):
            for v in values:
                if _is_number(v) and ((lo is not None and v < lo) or (hi is not None and v > hi)):
                    bounds = f"from {lo if lo is not None else '-inf'} to {hi if hi is not None else 'inf'}"
                    raise PolicyError(f"policy key '{key}' = {v!r} is out of range (allowed {bounds})")
            return


def _merge(base: Any, override: Any, key: str) -> Any:
    if key in OPEN_MAPS:
        if not isinstance(override, Mapping):
            raise PolicyError(f"policy key '{key}' must be a mapping")
        merged = copy.deepcopy(base) if isinstance(base, dict) else {}
        merged.update(copy.deepcopy(dict(override)))
        return merged
    if isinstance(base, dict):
        if not isinstance(override, Mapping):
            raise PolicyError(f"policy key '{key}' must be a mapping of keys, got {override!r}")
        merged = copy.deepcopy(base)
        for k, v in override.items():
            sub = f"{key}.{k}" if key else str(k)
            if k not in base:
                raise PolicyError(f"unknown policy key '{sub}'")
            merged[k] = _merge(base[k], v, sub)
        return merged
    if override is None:
        if base is not None and key not in NULLABLE:
            kind = ("a number" if _is_number(base) else "true or false" if isinstance(base, bool)
                    else "text" if isinstance(base, str) else "a list" if isinstance(base, list) else "given")
            raise PolicyError(f"policy key '{key}' must be {kind}, got null (only keys whose default is "
                              "null may be null)")
        return None
    if base is None:
        # Every key whose default is null (no ceiling, no cap, the book's own value) takes a number.
        if not _is_number(override):
            raise PolicyError(f"policy key '{key}' must be a number or null, got {override!r}")
        _check_range(key, override)
        return override
    if _is_number(base):
        if not _is_number(override):
            raise PolicyError(f"policy key '{key}' must be a number, got {override!r}")
    elif isinstance(base, bool):
        if not isinstance(override, bool):
            raise PolicyError(f"policy key '{key}' must be true or false, got {override!r}")
    elif isinstance(base, str):
        if not isinstance(override, str):
            raise PolicyError(f"policy key '{key}' must be text, got {override!r}")
    elif isinstance(base, list):
        if not isinstance(override, list):
            raise PolicyError(f"policy key '{key}' must be a list, got {override!r}")
        if base and _is_number(base[0]) and not all(_is_number(v) for v in override):
            raise PolicyError(f"policy key '{key}' must be a list of numbers, got {override!r}")
    _check_range(key, override)
    return copy.deepcopy(override)


def load_policy(policy: str | os.PathLike | Mapping | None = None) -> dict:
    """The defaults, overridden by ``policy`` (a YAML file path or a mapping).

    Empty string or None gives the defaults.
    """
    if policy is None or (isinstance(policy, str) and policy == ""):
        return default_policy()
    if isinstance(policy, Mapping):
        override = policy
        source = "policy"
    else:
        path = Path(policy)
        if not path.is_file():
            raise PolicyError(f"policy file {path} does not exist")
        try:
            override = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise PolicyError(f"policy file {path} is not valid YAML: {exc}") from None
        source = str(path)
        if not isinstance(override, Mapping):
            raise PolicyError(f"policy file {path} must hold a mapping of keys")
    try:
        merged = _merge(_defaults(), override, "")
        _check_sections(merged)
        return merged
    except PolicyError as exc:
        if source != "policy":
            raise PolicyError(f"{source}: {exc}") from None
        raise


def _check_sections(pol: dict) -> None:
    """Rules across keys (weights adding up to 100, cut-offs in order, ...), checked at load."""
    from .credit import _check_credit_policy  # the credit section's rules live with the scorecard

    _check_credit_policy(pol["credit"])


def save_policy(policy: Mapping, path: str | os.PathLike) -> Path:
    """Write a policy as YAML (checked first, cross-key rules included), e.g. after editing it in
    the credit what-if explorer; the file loads back with :func:`load_policy` and ``kam report --policy``."""
    checked = load_policy(policy)
    out = Path(path)
    out.write_text(yaml.safe_dump(checked, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return out
