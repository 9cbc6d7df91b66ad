"""The key-account practices of an account plan: the practices the policy lists for the account's
tier (supply priority, senior visits, the annual customer meeting, dedicated service ...) and
whether each happened in the last 12 months, from the account's activities
(:func:`kamtools.practices.practice_check`), each cell a text pair as the page shows it."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from ..account_plan import AccountProfile
from ..practices import practice_check
from .plan_words import cell_pair, label_pair, whole

__all__ = ["practices"]

_STATUS_CLASS = {"done": "ok", "partly": "short", "missing": "hold"}


def _types(types: str) -> tuple[str, str]:
    """The activity types that evidence a practice, in both languages (``、`` between them in Chinese)."""
    pairs = [cell_pair("type", t.strip()) for t in types.split(",") if t.strip()]  # labels standing alone in a cell
    return ", ".join(p[0] for p in pairs), "、".join(p[1] for p in pairs)


def practices(a: AccountProfile, pol: Mapping) -> dict:
    """The practices of the account's tier: ``header``, ``rows`` (name, evidence, needed, recorded,
    last, status and its css class) and ``note`` (English, Chinese)."""
    tier = str(a.profile["tier"])
    check = practice_check(a.activities, tier, pol)
    rows = [
        {
            "name": (r["name"], r["name_zh"]),
            "evidence": _types(r["activity_types"]),
            "cells": [
                whole(r["min_count"]),
                whole(r["recorded"]),
                "–" if pd.isna(r["last_date"]) else f"{r['last_date']:%Y-%m-%d}",
            ],  # fmt: skip
            "status": cell_pair("practice_status", r["practice_status"]),
            "css": _STATUS_CLASS[r["practice_status"]],
        }
        for _, r in check.iterrows()
    ]
    tier_words = label_pair("tier", tier)
    done = int((check["practice_status"] == "done").sum())
    if rows:
        note = (
            f"The practices the company sets for a {tier_words[0]} (its choice, not the method's): {done} of "
            f"{len(rows)} happened in the last 12 months, as the activities recorded for the customer show.",
            f"公司为{tier_words[1]}规定的服务措施（由公司自定，非方法规定）：共{len(rows)}项，近12个月落实{done}项，"
            "以该客户登记的活动为依据。",
        )
    else:
        note = (
            f"The policy lists no key-account practice for a {tier_words[0]}.",
            f"政策未对{tier_words[1]}规定大客户服务措施。",
        )
    header = [("Practice", "服务措施"), ("Evidenced by", "佐证活动"), ("Needed in 12 months", "12个月应有次数"),
              ("Recorded", "实际次数"), ("Last", "最近一次"), ("Happened", "落实情况")]  # fmt: skip
    return {"header": header, "rows": rows, "note": note}
