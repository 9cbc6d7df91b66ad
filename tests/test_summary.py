"""This month's decisions on the index: what each says, counted from the credit pages' own tables."""

from __future__ import annotations

import re

import pandas as pd
import pytest

import kamtools as kt
from kamtools import credit
from kamtools.report.summary import decisions, headline_tiles, money

AS_OF = pd.Timestamp("2026-10-31")


@pytest.fixture(scope="module")
def book():
    return kt.sample_data(customers=120, years=2, seed=11, end="2026-10-31")


def test_holds_are_broken_down_by_rule_and_cuts_wait_for_their_level(book):
    pol = kt.policy.load_policy()
    lim = credit.limits(book, AS_OF, pol)
    held = credit.holds(book, AS_OF, pol, lim=lim)
    shown = decisions(book, AS_OF, pol, lim)
    hold = next(d for d in shown if "on credit hold" in d.text)
    # every rule that holds someone is named with its count, in both languages
    counted = 0
    for rule, (en, zh) in credit.HOLD_RULES.items():
        n = int(held[f"hold_{rule}"].sum())
        counted += n > 0
        if n:
            assert f"{en.lower()} {n:,}" in hold.text and f"{zh}{n:,}家" in hold.text_zh
    assert counted >= 2, "the book should hold customers by more than one rule"
    # each cut waiting is the credit page's count and total for that level
    changes = credit.limit_changes(lim, pol)
    names = credit.level_names(pol)
    cuts = [d for d in shown if " limit cuts wait for the " in d.text]
    assert cuts, "the book should have cuts among its ten largest decisions"
    for d in cuts:
        n, who = re.match(r"([\d,]+) limit cuts wait for the (.+?):", d.text).groups()
        level = next(k for k, (en, _zh) in names.items() if en == who)
        assert int(n.replace(",", "")) == int(changes.loc[level, "decreases"])
        assert f"{money(changes.loc[level, 'total_decrease'])} less credit" in d.text
        assert d.amount == pytest.approx(float(changes.loc[level, "total_decrease"]))


def test_a_tile_names_the_previous_window_once_in_every_language(book):
    pol = kt.policy.load_policy()
    lim = credit.limits(book, AS_OF, pol)
    head = kt.kpis(book, AS_OF, pol, limits=lim)
    for language, word in (("en", "against "), ("zh", "对比 "), ("both", "对比 / against ")):
        tile = next(t for t in headline_tiles(book, AS_OF, pol, lim, language) if t["key"] == "revenue_month")
        window = head.loc["revenue_month", "previous_window"]
        assert tile["change"].endswith(f"{word}{window}") and tile["change"].count(window) == 1, tile["change"]
