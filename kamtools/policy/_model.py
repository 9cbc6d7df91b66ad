"""The whole policy as one frozen model, and the tables derived from its fields.

:data:`RANGES` (allowed range of each key, by dotted key pattern) and :data:`NULLABLE`
(keys that may be null) are read off the model's field constraints, so the model
is the one place where a range is written.

>>> RANGES["credit.weights.*"], RANGES["credit.limit.purchase_months"]
((0, 100), (1, 60))
>>> sorted(NULLABLE)  # doctest: +NORMALIZE_WHITESPACE
['credit.approval_levels.up_to', 'credit.forms_cap', 'credit.holds.overdue.amount', 'credit.holds.overdue.share',
 'receivables.company.financials.revenue', 'receivables.dunning.levels.letter', 'receivables.letters.template_dir',
 'receivables.specific_provisions.legal', 'receivables.specific_provisions.silent', 'segments.relational.discount_share_max']
"""

from __future__ import annotations

import types
import typing
from typing import Annotated, Any, Union

import annotated_types as at
from pydantic.fields import FieldInfo
from typing_extensions import is_typeddict

from ._base import Section
from ._calendar import CalendarPolicy, PracticesPolicy
from ._credit import BENCHMARK_RANGES, CreditPolicy
from ._engine import EnginePolicy
from ._sections import ReceivablesPolicy, ReportPolicy, SegmentsPolicy


class Policy(Section):
    """The policy: every threshold of the method, frozen once loaded (see :func:`load_policy`).

    Reads like a read-only nested mapping (``pol["credit"]["weights"]``, ``dict(pol)``,
    ``"credit" in pol``); :meth:`to_dict` (or ``copy.deepcopy``) gives plain dicts to edit.
    """

    credit: CreditPolicy
    receivables: ReceivablesPolicy
    segments: SegmentsPolicy
    report: ReportPolicy
    calendar: CalendarPolicy
    practices: PracticesPolicy
    engine: EnginePolicy


def _unwrap(annotation: Any) -> tuple[Any, list, bool]:
    """``annotation`` without Annotated and Optional: (type, constraint metadata, nullable)."""
    meta: list = []
    nullable = False
    while True:
        origin = typing.get_origin(annotation)
        if origin is Annotated:
            annotation, *extra = typing.get_args(annotation)
            meta.extend(extra)
        elif origin in (Union, types.UnionType) and type(None) in typing.get_args(annotation):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            nullable = True
            annotation = args[0] if len(args) == 1 else Union[tuple(args)]  # noqa: UP007 (built at run time)
        else:
            return annotation, meta, nullable


def _bounds(meta: list) -> tuple[float | None, float | None]:
    lo = hi = None
    for m in meta:
        if isinstance(m, FieldInfo):
            m_lo, m_hi = _bounds(m.metadata)
            lo, hi = (m_lo if m_lo is not None else lo), (m_hi if m_hi is not None else hi)
        elif isinstance(m, at.Ge):
            lo = m.ge
        elif isinstance(m, at.Le):
            hi = m.le
    return lo, hi


def _walk(annotation: Any, key: str, ranges: dict, nullable: set) -> None:
    """Record the ranges and nullable keys under ``key`` (``*``: any key of a free-key section)."""
    kind, meta, is_nullable = _unwrap(annotation)
    if is_nullable:
        nullable.add(key)
    if isinstance(kind, type) and issubclass(kind, Section):
        for name, field in kind.model_fields.items():
            _walk(
                Annotated[(field.annotation, *field.metadata)] if field.metadata else field.annotation,
                f"{key}.{name}" if key else name,
                ranges,
                nullable,
            )
    elif typing.get_origin(kind) is dict:
        _walk(typing.get_args(kind)[1], f"{key}.*", ranges, nullable)
    elif typing.get_origin(kind) is list:
        _walk(typing.get_args(kind)[0], key, ranges, nullable)
    else:
        lo, hi = _bounds(meta)
        if lo is not None or hi is not None:
            ranges[key] = (lo, hi)


def allowed_keys(loc: tuple) -> list[str]:
    """The keys allowed at location ``loc`` of the policy (empty for a free-key section).

    >>> allowed_keys(("credit", "benchmarks_by_industry", "Retail", "quick_ratio"))
    ['better', 'ok', 'target', 'watch']
    """
    kind: Any = Policy
    for part in loc:
        kind = _unwrap(kind)[0]
        if isinstance(kind, type) and issubclass(kind, Section) and part in kind.model_fields:
            kind = kind.model_fields[part].annotation
        elif typing.get_origin(kind) in (dict, list):
            kind = typing.get_args(kind)[-1]
        else:
            return []
    kind = _unwrap(kind)[0]
    if isinstance(kind, type) and issubclass(kind, Section):
        return list(kind.model_fields)
    if is_typeddict(kind):
        return sorted(kind.__annotations__)
    return []


def _tables() -> tuple[dict[str, tuple[float | None, float | None]], set[str]]:
    ranges: dict[str, tuple[float | None, float | None]] = {}
    nullable: set[str] = set()
    _walk(Policy, "", ranges, nullable)
    for name, bounds in BENCHMARK_RANGES.items():
        for k in ("target", "ok", "watch"):
            ranges[f"credit.benchmarks.{name}.{k}"] = bounds
            ranges[f"credit.benchmarks_by_industry.*.{name}.{k}"] = bounds
    return ranges, nullable


#: Allowed range of each key, by dotted key pattern (fnmatch; ``*`` stands for any key of a
#: free-key section such as the grades), from the model's ``Field(ge=..., le=...)``.
RANGES: dict[str, tuple[float | None, float | None]]
#: Keys that may be null (a cap or ceiling that can be lifted), as dotted key patterns.
NULLABLE: set[str]
RANGES, NULLABLE = _tables()
