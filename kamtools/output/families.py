"""Product families as a reader sees them: the family's name, its Chinese name from the products table, or
both, by the report's language (:func:`kamtools.output.labels.pick`); the revenue of invoices that name no
product reads :data:`NO_FAMILY`."""

from __future__ import annotations

import pandas as pd

from .labels import pick

__all__ = ["NO_FAMILY", "family_names", "with_family_names"]

#: What a reader sees for the revenue of invoices that name no product (or a product the table does not list).
NO_FAMILY = ("No product recorded", "未注明产品")


def family_names(families: pd.Series, names: pd.DataFrame, lang: str | None = None) -> pd.Series:
    """The families of ``families`` in ``lang`` (the report's language by default); ``names``:
    :func:`kamtools.segments.product_families` (its ``family_zh``).

    >>> names = pd.DataFrame({"family_zh": ["轴承"]}, index=pd.Index(["Bearings"], name="family"))
    >>> family_names(pd.Series(["Bearings", None]), names, "both").tolist()
    ['轴承 Bearings', '未注明产品 No product recorded']
    """
    zh = names["family_zh"] if "family_zh" in names else pd.Series(dtype="str")
    text = {f: pick(str(f), str(zh.get(f, f)), lang) for f in families.dropna().unique()}  # one per family
    out = families.map(text).where(families.notna(), pick(*NO_FAMILY, lang))
    return out.astype("str")


def with_family_names(frame: pd.DataFrame, names: pd.DataFrame, lang: str | None = None) -> pd.DataFrame:
    """``frame`` with its ``family`` column (or index level) replaced by ``product_family``, the family as the
    reader sees it (:func:`family_names`); a new frame."""
    if "family" in frame.columns:
        out = frame.copy()
        out.insert(out.columns.get_loc("family"), "product_family", family_names(out["family"], names, lang))
        return out.drop(columns="family")
    out = frame.copy()
    if out.index.nlevels == 1:
        out.index = pd.Index(family_names(out.index.to_series(), names, lang).to_numpy(), name="product_family")
        return out
    idx = frame.index.to_frame(index=False)
    idx["family"] = family_names(idx["family"], names, lang).to_numpy()
    out.index = pd.MultiIndex.from_frame(idx.rename(columns={"family": "product_family"}))
    return out
