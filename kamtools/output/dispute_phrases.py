"""The sentences of disputes and specific provisions, and how they read in Chinese (declarative;
:mod:`kamtools.output.codes` joins them): a dunning level's reason with what is under dispute,
and the reasons of a customer's specific provision (个别计提, :func:`kamtools.receivables.provisions`).

>>> with_disputed(_p(rf"overdue {_N}", "逾期{0}")).zh
'逾期{0}；另有争议金额{1}暂不催收'
"""

from __future__ import annotations

import re

from .phrases import _N, Phrase, _p


def with_disputed(phrase: Phrase) -> Phrase:
    """``phrase`` followed by what of the overdue is under dispute and not chased (a dunning level's reason)."""
    k = phrase.pattern.groups
    codes = tuple(phrase.codes) + (None,) * (k - len(phrase.codes)) + (None,) if phrase.codes else ()
    return Phrase(
        re.compile(phrase.pattern.pattern + rf"; {_N} under dispute not chased"),
        phrase.zh + f"；另有争议金额{{{k}}}暂不催收",
        codes,
    )


#: The parts of a specific provision's reason (joined by "; ").
SPECIFIC_PARTS: tuple[Phrase, ...] = (
    _p(rf"disputes {_N} at (\d+) %", "争议金额{0}按{1}%计提"),
    _p(rf"silent debtor: at least (\d+) % of {_N}", "长期无往来欠款客户：至少按余额{1}的{0}%计提"),
    _p(rf"legal case: at least (\d+) % of {_N}", "法律诉讼案件：至少按余额{1}的{0}%计提"),
)
