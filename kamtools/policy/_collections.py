"""The collections keys of the ``receivables`` section: dunning levels (催款等级) and letters.

Each dunning level applies from a number of days past due; the levels rise strictly in days
(1 to 20 of them, the first from at least 1 day), their keys are unique lowercase names, and
each names an action, who acts and the tone from fixed lists (:data:`ACTIONS`,
:data:`ACTORS`, :data:`TONES`); ``letter`` is the name of a letter template or null. The
letters name the company that sends them (its bank details), the language they are written in
and how many days the customer is given to pay.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import Field, StrictStr, model_validator

from ._base import Number, Rule, Section, Whole, frozen_list

#: What a dunning level does.
ACTIONS = ("reminder", "call", "formal_letter", "credit_hold", "final_notice", "legal")
#: Who acts at a dunning level.
ACTORS = ("account_manager", "collections", "manager", "legal")
#: The tone of a level's contact with the customer.
TONES = ("friendly", "firm", "formal", "final")
#: Most dunning levels.
MAX_DUNNING_LEVELS = 20
#: A level's key and a letter template's name: lowercase letters, digits and underscores.
NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")


class DunningLevel(Section):
    """One dunning level: from how many days past due it applies and what is done."""

    key: StrictStr
    name: StrictStr
    name_zh: StrictStr
    from_days: Annotated[Whole, Field(ge=1, le=3650)]
    action: Literal[ACTIONS]
    actor: Literal[ACTORS]
    tone: Literal[TONES]
    letter: StrictStr | None

    @model_validator(mode="after")
    def _names(self) -> DunningLevel:
        if not NAME.fullmatch(self.key) or self.key == "none":
            raise Rule(
                f"policy key '{{key}}' = {self.key!r} must be a name of lowercase letters, digits and underscores "
                "(not 'none'), e.g. formal_letter",
                "key",
            )
        if self.letter is not None and not NAME.fullmatch(self.letter):
            raise Rule(
                f"policy key '{{key}}' = {self.letter!r} must be the name of a letter template (lowercase letters, "
                "digits and underscores, e.g. formal) or null",
                "letter",
            )
        return self


class Dunning(Section):
    """``receivables.dunning``: the levels, lowest first, and the smallest overdue amount that escalates."""

    min_amount: Annotated[Number, Field(ge=0, le=1e12)]
    levels: frozen_list(DunningLevel)

    @model_validator(mode="after")
    def _levels_rise(self) -> Dunning:
        levels = list(self.levels)
        if not levels:
            raise Rule("policy key '{key}' must list at least one dunning level", "levels")
        if len(levels) > MAX_DUNNING_LEVELS:
            raise Rule(
                f"policy key '{{key}}' lists {len(levels)} levels; at most {MAX_DUNNING_LEVELS} are allowed", "levels"
            )
        seen: set[str] = set()
        for i, level in enumerate(levels):
            if level.key in seen:
                raise Rule(f"policy key '{{key}}' = {level.key!r} names two levels: keys must be unique", "levels", i)
            seen.add(level.key)
            if i and level.from_days <= levels[i - 1].from_days:
                raise Rule(
                    f"policy key '{{key}}' = {level.from_days!r} is not above the level before it "
                    f"({levels[i - 1].key}: {levels[i - 1].from_days!r}): the levels must rise strictly in days",
                    "levels",
                    i,
                    "from_days",
                )
        return self


class LetterCompany(Section):
    """The company that sends the letters and statements, and where the customer pays."""

    name: StrictStr
    name_zh: StrictStr
    address: StrictStr
    phone: StrictStr
    bank: StrictStr
    account_name: StrictStr
    account: StrictStr
    signatory: StrictStr


class Letters(Section):
    """``receivables.letters``: templates, language, deadline and the sender."""

    template_dir: StrictStr | None
    language: Literal["zh", "en", "both"]
    deadline_days: Annotated[Whole, Field(ge=1, le=365)]
    company: LetterCompany
