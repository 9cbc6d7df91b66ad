"""One decision of this month's decisions (:mod:`.summary`): what to do, the money at stake, the page
section with the detail, who decides and by when (the policy's ``report.decisions``); and how the
index and a page's own decision box (:mod:`.page_decisions`) read the same list: numbered from 1 in
its order, the first of each kind first."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..output.labels import pick
from ..policy import Policy
from .pages import section_anchor

__all__ = ["DECISIONS_ANCHOR", "ROLES", "SIDES", "Decision", "each_kind_first", "on_page", "owner_and_due"]

#: The anchor of this month's decisions on the index (a page's decision box links to it).
DECISIONS_ANCHOR = "decisions"

#: The roles that own a decision (``report.decisions`` of the policy), in English and Chinese.
ROLES: dict[str, tuple[str, str]] = {
    "sales_director": ("sales director", "销售总监"),
    "finance_manager": ("finance manager", "财务经理"),
    "credit_department": ("credit department", "信用部"),
    "account_manager": ("account manager", "客户经理"),
    "sales_director_and_finance_manager": ("sales director and finance manager, together", "销售总监与财务经理共同"),
}
#: Who must decide, in English and Chinese: the two lists of the summary.
SIDES: dict[str, tuple[str, str]] = {
    "joint": ("Sales and finance decide together", "销售与财务共同决定"),
    "sales": ("Sales must decide", "销售须决定"),
    "finance": ("Finance must decide", "财务须决定"),
    "plans": (
        "Account plans that ask for more credit than the credit page recommends: sales and finance decide together",
        "客户计划所需额度高于信用评审建议：销售与财务共同决定",
    ),
}


@dataclass(frozen=True)
class Decision:
    """One thing to act on: what, the money at stake, where the detail is, who decides and by when."""

    text: str
    amount: float
    page: str  # notebook name of the page, e.g. "03_credit_review"
    section: str  # heading of the section on that page (English; pages.SECTIONS has the Chinese)
    customer_id: str | None = None
    text_zh: str = ""  # the same decision in Chinese
    kind: str = ""  # a key of report.decisions
    owner: tuple[str, str] = ("", "")  # who decides, in English and Chinese
    side: str = "finance"  # sales or finance (SIDES)
    due: str = ""  # the deadline, YYYY-MM-DD
    detail: str = ""  # the background, on a lighter line of its own under the decision (the index)
    detail_zh: str = ""

    def anchor(self, language: str = "en") -> str:
        """The anchor of the section on its page written in ``language``."""
        return section_anchor(self.section, language)

    def says(self, language: str = "en") -> str:
        """The decision in ``language`` (``both``: the Chinese, then the English)."""
        return pick(self.text, self.text_zh, language)

    def background(self, language: str = "en") -> str:
        """The decision's background in ``language`` (empty when it has none).

        >>> Decision("Visit", 1.0, "p", "s", detail="Credit: cut", detail_zh="信用方面：降额").background("zh")
        '信用方面：降额'
        """
        return pick(self.detail, self.detail_zh, language) if self.detail else ""

    def who(self, language: str = "en") -> str:
        """Who decides and by when, in ``language``.

        >>> d = Decision("x", 1.0, "p", "s", owner=("finance manager", "财务经理"), due="2026-11-03")
        >>> d.who("en"), d.who("zh")
        ('(owner: finance manager, by 2026-11-03)', '（负责：财务经理，2026-11-03前）')
        """
        en, zh = self.owner
        return pick(f"(owner: {en}, by {self.due})", f"（负责：{zh or en}，{self.due}前）", language)

    def by_when(self, language: str = "en") -> str:
        """By when, in ``language`` (where the owner is said once for several decisions).

        >>> Decision("x", 1.0, "p", "s", due="2026-11-03").by_when("zh")
        '（2026-11-03前）'
        """
        return pick(f"(by {self.due})", f"（{self.due}前）", language)


def owner_and_due(kind: str, as_of, pol: Policy, level: tuple[str, str] = ("", "")) -> tuple[tuple[str, str], str]:
    """Who decides a decision of ``kind`` (a key of the policy's ``report.decisions``) in English and
    Chinese, and by when (YYYY-MM-DD): the policy's owner (``level``, the approval level's names, when
    the owner is the approval level) and its days after ``as_of``; also for a page's sentence that asks
    what a decision of the index would.

    >>> from kamtools.policy import load_policy
    >>> owner_and_due("over_limit", "2026-10-31", load_policy())
    (('finance manager', '财务经理'), '2026-11-03')
    """
    rule = pol["report"]["decisions"][kind]
    owner = level if rule["owner"] == "approval_level" else ROLES[rule["owner"]]
    return owner, (pd.Timestamp(as_of) + pd.Timedelta(days=int(rule["days"]))).strftime("%Y-%m-%d")


def on_page(found: list[Decision], page: str) -> list[tuple[int, Decision]]:
    """The decisions of ``found`` that point at ``page``, each with its number in ``found`` (from 1:
    the number the index gives it, :func:`decisions` being the index's list).

    >>> on_page([Decision("a", 1.0, "p", "s"), Decision("b", 1.0, "q", "s"), Decision("c", 1.0, "p", "s")], "p")[1][0]
    3
    """
    return [(number, d) for number, d in enumerate(found, start=1) if d.page == page]


def each_kind_first(ds: list[Decision]) -> list[Decision]:
    """``ds`` with the first decision of each kind first, then the others, each part in the order of ``ds``."""
    kinds: set[str] = set()
    first = [d for d in ds if not (d.kind in kinds or kinds.add(d.kind))]
    return first + [d for d in ds if all(d is not f for f in first)]
