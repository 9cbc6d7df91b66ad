"""How one column is shown (:class:`Format`), and the labels of aging buckets, which follow
from their names (declarative; :mod:`kamtools.output.formats` holds the registry)."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Format:
    """How one column is shown.

    ``kind`` is one of :data:`kamtools.output.formats.KINDS`; ``en`` and ``zh`` are its
    labels; ``decimals`` and ``excel`` override the kind's decimals in report tables and its
    Excel number format.
    """

    kind: str
    en: str
    zh: str = ""
    decimals: int | None = None
    excel: str | None = None


_BUCKET = re.compile(r"d(\d+)_(\d+|plus)")
_AGE = re.compile(r"age(\d+)_(\d+|plus)")


def bucket_label(name: str) -> tuple[str, str] | None:
    """The English and Chinese label of an aging bucket named by
    :func:`kamtools.receivables.bucket_names` or :func:`kamtools.receivables.age_bucket_names` (any edges
    of the policy), or None.

    >>> bucket_label("current"), bucket_label("d1_15"), bucket_label("d365_plus"), bucket_label("dso")
    (('not yet due', '未到期'), ('1–15 days past due', '逾期1–15天'), ('over 365 days past due', '逾期365天以上'), None)
    >>> bucket_label("age0_30"), bucket_label("age365_plus")
    (('invoiced 0–30 days ago', '账龄0–30天'), ('invoiced over 365 days ago', '账龄365天以上'))
    """
    if name == "current":
        return ("not yet due", "未到期")
    age = _AGE.fullmatch(name)  # a bucket of the aging by invoice date (账龄)
    if age is not None:
        lo, hi = age.groups()
        if hi == "plus":
            return (f"invoiced over {lo} days ago", f"账龄{lo}天以上")
        return (f"invoiced {lo}–{hi} days ago", f"账龄{lo}–{hi}天")
    m = _BUCKET.fullmatch(name)
    if m is None:
        return None
    lo, hi = m.groups()
    if hi == "plus":
        return (f"over {lo} days past due", f"逾期{lo}天以上")
    return (f"{lo}–{hi} days past due", f"逾期{lo}–{hi}天")


__all__ = ["Format", "bucket_label"]
