"""Building blocks of the policy model: numbers, read-only containers and the section base.

A loaded policy is frozen: its sections are pydantic models that also read like
read-only mappings (``pol["credit"]["weights"]``, ``dict(pol)``, ``pol.get(...)``),
its free-key sections (grades, approval levels, rates per bucket, ...) are
:class:`FrozenDict` and its lists :class:`FrozenList`. A copy is for editing:
``copy.deepcopy`` of a section or container (or ``to_dict()``) gives plain nested
dicts and lists, which :func:`kamtools.policy.load_policy` takes back.

>>> FrozenDict(a=1)["a"]
1
>>> FrozenDict(a=1)["a"] = 2
Traceback (most recent call last):
...
TypeError: a loaded policy is read-only: edit a copy (policy.to_dict() or copy.deepcopy(policy)) and load that
"""

from __future__ import annotations

import copy
import math
from collections.abc import Iterator, Mapping
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, PlainValidator
from pydantic_core import PydanticCustomError

_READ_ONLY = "a loaded policy is read-only: edit a copy (policy.to_dict() or copy.deepcopy(policy)) and load that"


class PolicyError(ValueError):
    """A policy file or override that does not fit the policy's keys, types or ranges."""

    __module__ = "kamtools.policy"  # where users import it from (and where tracebacks name it)


class Rule(ValueError):
    """A cross-key rule broken, raised inside a model validator.

    ``message`` holds ``{key}`` where the dotted key goes: the location of the model
    that raised it, followed by ``path`` (e.g. the name of one approval level).
    """

    def __init__(self, message: str, *path: Any) -> None:
        super().__init__(message)
        self.message = message
        self.path = path


def _readonly(self: Any, *args: Any, **kwargs: Any) -> None:
    raise TypeError(_READ_ONLY)


class FrozenDict(dict):
    """A read-only dict (a free-key section of a loaded policy); copies are plain dicts."""

    __slots__ = ()
    __setitem__ = __delitem__ = __ior__ = _readonly
    clear = pop = popitem = setdefault = update = _readonly

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(tuple(self.items()))

    def __copy__(self) -> dict:
        return dict(self)

    def __deepcopy__(self, memo: dict | None = None) -> dict:
        return {k: copy.deepcopy(v, memo) for k, v in self.items()}

    def __reduce__(self) -> tuple:
        return (type(self), (dict(self),))


class FrozenList(list):
    """A read-only list (e.g. the aging bucket edges of a loaded policy); copies are plain lists."""

    __slots__ = ()
    __setitem__ = __delitem__ = __iadd__ = __imul__ = _readonly
    append = extend = insert = pop = remove = clear = sort = reverse = _readonly

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(tuple(self))

    def __copy__(self) -> list:
        return list(self)

    def __deepcopy__(self, memo: dict | None = None) -> list:
        return [copy.deepcopy(v, memo) for v in self]

    def __reduce__(self) -> tuple:
        return (type(self), (list(self),))


def _number(value: Any) -> int | float:
    """An int or a finite float, as given (an int stays an int); never a bool, NaN or inf."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise PydanticCustomError("number_type", "must be a number")
    if not math.isfinite(value):
        raise PydanticCustomError("finite_number", "must be a finite number")
    return value


#: A number of the policy: int or float as written (3 stays 3, so a saved policy reads as it
#: was written), never a bool, NaN or ±inf. Ranges go on top with ``Field(ge=..., le=...)``.
Number = Annotated[int | float, PlainValidator(_number)]


def _whole(value: Any) -> int:
    """A whole number written as one (``12``, not ``12.0`` or ``12.5``); never a bool, NaN or inf."""
    if isinstance(value, float) and not math.isfinite(value):
        raise PydanticCustomError("finite_number", "must be a finite number")
    if isinstance(value, bool) or not isinstance(value, int):
        raise PydanticCustomError("whole_number", "must be a whole number")
    return value


#: A count of days, months, years, levels or accounts: a whole number as written (``12``; ``12.5``
#: and ``12.0`` are refused, so a fraction never reaches a count). Ranges go on top with ``Field``.
Whole = Annotated[int, PlainValidator(_whole)]


def frozen_map(value_type: Any) -> Any:
    """The annotation of a free-key section: name -> ``value_type``, read-only once loaded."""
    return Annotated[dict[str, value_type], AfterValidator(FrozenDict)]


def frozen_list(value_type: Any) -> Any:
    """The annotation of a list of ``value_type``, read-only once loaded."""
    return Annotated[list[value_type], AfterValidator(FrozenList)]


class Section(BaseModel, Mapping):
    """A frozen part of the policy that also reads like a read-only mapping of its keys.

    >>> class Demo(Section):
    ...     a: Number
    >>> d = Demo(a=1)
    >>> d["a"], dict(d), "a" in d, d.get("b"), d == {"a": 1}
    (1, {'a': 1}, True, None, True)
    """

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, allow_inf_nan=False)

    def __getitem__(self, key: str) -> Any:
        if isinstance(key, str) and key in type(self).model_fields:
            return getattr(self, key)
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:  # type: ignore[override]  # keys, as a mapping
        return iter(type(self).model_fields)

    def __len__(self) -> int:
        return len(type(self).model_fields)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key in type(self).model_fields

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return dict(self.items()) == dict(other.items())
        return NotImplemented

    def __deepcopy__(self, memo: dict | None = None) -> dict:  # type: ignore[override]
        """A deep copy is for editing: plain nested dicts and lists (:meth:`to_dict`)."""
        return self.to_dict()

    def to_dict(self) -> dict:
        """Plain nested dicts and lists, in the order of the policy file (to edit or save)."""
        return self.model_dump()
