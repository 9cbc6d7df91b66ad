"""The policy: every threshold of the method, in one YAML file, checked by one typed model.

The defaults ship with the package (``kamtools/policy/policy.yaml``, each key
documented there). A user file overrides any subset; unknown keys, values of the
wrong type, values out of range (NaN and inf included) and keys that break a rule
across keys (weights adding up to 100, cut-offs in order, ...) are rejected with a
message naming the key (a list entry by its position, ``receivables.buckets[2]``), the
value and the file. Counts (days, months, years, levels) must be whole numbers. A policy
file is at most 1 MB and may not use YAML aliases (see :mod:`kamtools.policy._yaml`,
which also reads the import's mapping files). A loaded policy is a frozen
:class:`Policy` that reads like a read-only nested mapping; ``to_dict()`` gives plain
dicts to edit.

>>> p = load_policy({"credit": {"review": {"utilization_above": 0.8}}})
>>> p["credit"]["review"]["utilization_above"]
0.8
>>> load_policy({"credit": {"reveiw": {}}})
Traceback (most recent call last):
...
kamtools.policy.PolicyError: unknown policy key 'credit.reveiw'
>>> load_policy({"receivables": {"dso_days": float("nan")}})
Traceback (most recent call last):
...
kamtools.policy.PolicyError: policy key 'receivables.dso_days' must be a finite number, got nan
"""

from __future__ import annotations

from ._authority import approver_name
from ._base import FrozenDict, FrozenList, PolicyError, Section
from ._credit import BENCHMARK_RANGES, CreditPolicy
from ._load import DEFAULT_POLICY_FILE, MAX_POLICY_BYTES, OPEN_MAPS, default_policy, load_policy, save_policy
from ._model import NULLABLE, RANGES, Policy
from ._sections import ReceivablesPolicy, ReportPolicy, SegmentsPolicy
from ._yaml import MAX_YAML_BYTES, NoAliasLoader, YamlFileError, load_yaml_text, yaml_problem

__all__ = [
    "BENCHMARK_RANGES",
    "DEFAULT_POLICY_FILE",
    "MAX_POLICY_BYTES",
    "MAX_YAML_BYTES",
    "NULLABLE",
    "OPEN_MAPS",
    "RANGES",
    "CreditPolicy",
    "FrozenDict",
    "FrozenList",
    "NoAliasLoader",
    "Policy",
    "PolicyError",
    "ReceivablesPolicy",
    "ReportPolicy",
    "Section",
    "SegmentsPolicy",
    "YamlFileError",
    "approver_name",
    "default_policy",
    "load_policy",
    "load_yaml_text",
    "save_policy",
    "yaml_problem",
]
