"""The account plan's line on the relationship ladder of the material: the level's history in one
line (买主 → 优先采购者 → 合作伙伴 → 战略联盟, each with the date it was recorded) and what the level
asks for (:data:`kamtools.strategies.LADDER`), in both languages."""

from __future__ import annotations

from typing import Any

from .. import strategies as st
from ..output import labels
from ..text import is_missing

__all__ = ["ladder_line"]


def ladder_line(relationship: Any, paused: tuple[str, str] | None = None) -> tuple[str, str]:
    """The history of the level and its strategy, English (starting with a space) and Chinese
    (empty when the level is unknown). ``relationship``: the profile's part (``relationship_state``,
    ``relationship_quality``, ``ladder_history``: ``(date, level)`` pairs, oldest first). ``paused``: the
    sentence said instead of the level's strategy where credit comes first.

    >>> en, zh = ladder_line({"relationship_state": "cooperative", "relationship_quality": "loose",
    ...     "ladder_history": [("2025-03-10", "transactional"), ("2025-11-20", "cooperative")]})
    >>> print(en.split(" What")[0])
     Level over time: buyer (2025-03-10) → priority purchaser (2025-11-20), a loose relationship.
    >>> print(zh.split("该等级")[0])
    关系等级变化：买主（2025-03-10）→优先采购者（2025-11-20），关系类型：松散。
    """
    state = relationship.get("relationship_state")
    if is_missing(state) or state not in st.LADDER:
        return "", ""
    history = list(relationship.get("ladder_history") or [])
    history = [h for i, h in enumerate(history) if i == 0 or h[1] != history[i - 1][1]]  # a level recorded again
    steps = [(str(day), labels.value("relationship_state", code, "en"), labels.value("relationship_state", code, "zh"))
             for day, code in history]  # fmt: skip
    quality = relationship.get("relationship_quality")
    q_en, q_zh = ("", "")
    if not is_missing(quality) and quality in st.QUALITY:
        q_en, q_zh = f", a {st.QUALITY[quality].term} relationship", f"，关系类型：{st.QUALITY[quality].zh}"
    if steps:
        en = " Level over time: " + " → ".join(f"{e} ({d})" for d, e, _ in steps) + f"{q_en}."
        zh = "关系等级变化：" + "→".join(f"{z}（{d}）" for d, _, z in steps) + f"{q_zh}。"
    else:
        en, zh = f" No dated record of the level yet{q_en}.", f"关系等级尚无带日期的记录{q_zh}。"
    if paused:  # credit comes first (a legal case, a grade without unsecured credit): no step up the ladder now
        return f"{en} {paused[0]}", f"{zh}{paused[1]}"
    s = st.LADDER[state]
    return f"{en} What the level asks: {s.text}", f"{zh}该等级的策略：{s.text_zh}"
