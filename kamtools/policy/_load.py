"""Loading and saving a policy: the shipped defaults, a user's overrides, errors that name the key.

A user file (or mapping) overrides any subset of the keys of ``policy.yaml``: its
values are laid over the defaults key by key (a key the defaults do not have is
unknown, except inside ``credit.benchmarks_by_industry``, whose keys are the
user's industries), then the whole is checked by the :class:`Policy` model.
"""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from ._base import PolicyError, Rule
from ._credit import REPLACED_KEYS
from ._model import NULLABLE, RANGES, Policy, allowed_keys
from ._yaml import NoAliasLoader, YamlFileError, load_yaml_text

DEFAULT_POLICY_FILE = Path(__file__).with_name("policy.yaml")

#: Largest policy file read (a policy is a few kilobytes; anything this large is not one).
MAX_POLICY_BYTES = 1_000_000

#: Keys whose value is a free mapping (any key allowed, e.g. per industry), given as dotted paths.
OPEN_MAPS: set[str] = {"credit.benchmarks_by_industry", "receivables.targets.monthly"}
#: Keys whose mapping, when given, replaces the default whole (its keys are names the user chooses,
#: such as the provision bands).
WHOLE_MAPS: set[str] = {"receivables.provision_rates"}


@lru_cache(maxsize=1)
def _defaults() -> dict:
    """The shipped defaults as read from ``policy.yaml`` (never changed: :func:`_overlay` copies)."""
    return yaml.load(DEFAULT_POLICY_FILE.read_text(encoding="utf-8"), Loader=NoAliasLoader)  # noqa: S506


def default_policy() -> dict:
    """A fresh, editable copy of the shipped default policy (plain dicts)."""
    return _plain(_defaults())


@lru_cache(maxsize=1)
def _default_model() -> Policy:
    return _validate(_defaults())


def _plain(value: Any) -> Any:
    """``value`` as plain dicts and lists (mappings of any kind become dicts)."""
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _overlay(base: Any, override: Any, key: str) -> Any:
    """``override`` laid over ``base``, key by key where ``base`` is a mapping of known keys."""
    if key in WHOLE_MAPS and isinstance(override, Mapping):
        return _plain(override)
    if key in OPEN_MAPS:
        if not isinstance(override, Mapping):
            raise PolicyError(f"policy key '{key}' must be a mapping, got {override!r}")
        return {**_plain(base), **_plain(override)}
    if isinstance(base, Mapping):
        if not isinstance(override, Mapping):
            raise PolicyError(f"policy key '{key}' must be a mapping of keys, got {override!r}")
        merged = _plain(base)
        for k, v in override.items():
            sub = f"{key}.{k}" if key else str(k)
            if k not in base:
                hint = REPLACED_KEYS.get(sub)
                raise PolicyError(f"unknown policy key '{sub}'" + (f" ({hint})" if hint else ""))
            merged[k] = _overlay(base[k], v, sub)
        return merged
    return _plain(override)


# --------------------------------------------------------------------------- errors
def _dotted(loc: tuple) -> str:
    """The dotted key of a location, list positions in brackets.

    >>> _dotted(("receivables", "buckets", 2))
    'receivables.buckets[2]'
    """
    out = ""
    for p in loc:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out


def _pattern_key(loc: tuple) -> str:
    """The dotted key of a location without list positions (as :data:`RANGES` names keys)."""
    return ".".join(str(p) for p in loc if not isinstance(p, int))


def _matches(key: str, patterns: Mapping | set) -> Any:
    return next((p for p in patterns if fnmatch.fnmatch(key, p)), None)


def _null_hint() -> str:
    return f"null is allowed only for {', '.join(sorted(NULLABLE))}"


def _type_message(key: str, kind: str, value: Any) -> str:
    nullable = _matches(re.sub(r"\[\d+\]", "", key), NULLABLE) is not None  # list positions left out
    if value is None:
        return f"policy key '{key}' must be {kind}, got null ({_null_hint()})"
    return f"policy key '{key}' must be {kind}{' or null' if nullable else ''}, got {value!r}"


_KINDS = {
    "number_type": "a number",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "whole_number": "a whole number",
    "string_type": "text",
    "dict_type": "a mapping of keys",
    "model_type": "a mapping of keys",
    "list_type": "a list",
    "bool_type": "true or false",
    "date_type": "a date such as 2025-12-31",
}


def _message(err: Mapping) -> str:
    """One pydantic error as a sentence that names the policy key."""
    kind, loc, value = err["type"], tuple(err["loc"]), err.get("input")
    if loc and loc[-1] == "[key]":  # the name of an entry of a free-key section, e.g. an industry
        key = ".".join(str(p) for p in loc[:-1])
        return f"policy key '{key}' must be named by text (in YAML, quote a name such as '2024'), got {value!r}"
    key = _dotted(loc)
    if kind == "value_error" and isinstance(err.get("ctx", {}).get("error"), Rule):
        rule = err["ctx"]["error"]
        return rule.message.replace("{key}", _dotted(loc + tuple(rule.path)))
    if kind == "extra_forbidden":
        allowed = allowed_keys(loc[:-1])
        return f"unknown policy key '{key}'" + (f" (allowed: {', '.join(allowed)})" if allowed else "")
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        lo, hi = RANGES.get(_matches(_pattern_key(loc), RANGES), (None, None))
        bounds = f"from {lo if lo is not None else '-inf'} to {hi if hi is not None else 'inf'}"
        return f"policy key '{key}' = {value!r} is out of range (allowed {bounds})"
    if kind == "finite_number":
        return f"policy key '{key}' must be a finite number, got {value!r}"
    if kind == "literal_error":
        return _type_message(key, err["ctx"]["expected"], value)
    if kind in _KINDS:
        return _type_message(key, _KINDS[kind], value)
    if kind == "missing":
        return f"policy key '{key}' is missing"
    return f"policy key '{key}': {err['msg']}"


def _validate(merged: Mapping) -> Policy:
    try:
        return Policy.model_validate(merged)
    except ValidationError as exc:
        raise PolicyError("; ".join(dict.fromkeys(_message(e) for e in exc.errors()))) from None


# --------------------------------------------------------------------------- load and save
def _read(path: Path) -> Any:
    if not path.is_file():
        raise PolicyError(f"policy file {path} does not exist")
    if path.stat().st_size > MAX_POLICY_BYTES:
        raise PolicyError(f"policy file {path} is larger than {MAX_POLICY_BYTES:,} bytes: not a policy")
    try:
        override = load_yaml_text(path.read_text(encoding="utf-8"), path) or {}
    except YamlFileError as exc:
        raise PolicyError(f"policy file {exc}") from None
    except UnicodeDecodeError as exc:
        raise PolicyError(f"policy file {path} is not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    if not isinstance(override, Mapping):
        raise PolicyError(f"policy file {path} must hold a mapping of keys")
    return override


def load_policy(policy: str | os.PathLike | Mapping | None = None) -> Policy:
    """The defaults, overridden by ``policy`` (a YAML file path or a mapping), checked and frozen.

    Empty string or None gives the defaults; a loaded :class:`Policy` is returned as it is.
    A problem raises :class:`PolicyError` naming the key (and the file).
    """
    if isinstance(policy, Policy):
        return policy
    if policy is None or (isinstance(policy, str) and policy == ""):
        return _default_model()
    if isinstance(policy, Mapping):
        return _validate(_overlay(_defaults(), policy, ""))
    path = Path(policy)
    override = _read(path)
    try:
        return _validate(_overlay(_defaults(), override, ""))
    except PolicyError as exc:
        raise PolicyError(f"{path}: {exc}") from None


def save_policy(policy: Mapping, path: str | os.PathLike) -> Path:
    """Write a policy as YAML (checked first, cross-key rules included), e.g. after editing it in
    the credit what-if explorer; the file loads back with :func:`load_policy` and ``kam report --policy``."""
    checked = load_policy(policy)
    out = Path(path)
    out.write_text(yaml.safe_dump(checked.to_dict(), allow_unicode=True, sort_keys=False), encoding="utf-8")
    return out
