"""The sentences of disputes and specific provisions, and how they read in Chinese (declarative;
:mod:`kamtools.output.codes` joins them): a dunning level's reason with what is under dispute,
and the reasons of a customer's specific provision (个别计提, :func:`kamtools.receivables.provisions`);
the codes of collections (why a customer disputes, who resolves it, why a debt was written off, a
manager's standing against the collection target) in English and Chinese.

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
    _p(rf"disputes {_N} at (\d+) %", "争议金额{0}元按{1}%计提"),
    _p(rf"silent debtor: at least (\d+) % of {_N}", "长期无往来欠款客户：至少按余额{1}元的{0}%计提"),
    _p(rf"legal case: at least (\d+) % of {_N}", "法律诉讼案件：至少按余额{1}元的{0}%计提"),
)

#: Codes of collections: the usual reasons of a dispute and of a write-off (the disputes and write-offs
#: tables; free text not listed here is shown as recorded), who resolves a dispute besides the account
#: managers, and a manager's standing against the collection target (kamtools.receivables.STANDINGS).
COLLECTION_CODES: dict[str, dict[str, tuple[str, str]]] = {
    "dispute_reason": {
        "price": ("price differs from the contract", "价格与合同不符"),
        "quantity": ("quantity short on delivery", "到货数量短少"),
        "quality": ("quality complaint, goods returned in part", "质量问题，部分退货"),
        "late_delivery": ("delivered late, penalty claimed", "延迟交货，要求扣款"),
        "no_order": ("no purchase order on the customer's side", "客户无采购订单"),
        "billed_twice": ("invoice billed twice", "重复开票"),
    },
    "dispute_owner": {
        "collections": ("collections clerk", "催收专员"),
        "催收专员": ("collections clerk", "催收专员"),
        "credit department": ("credit department", "信用部"),
        "finance manager": ("finance manager", "财务经理"),
    },
    "write_off_reason": {
        "bankrupt": ("customer bankrupt: liquidation closed, no dividend", "破产清算终结，无财产可分配"),
        "judgment_unenforceable": ("court judgment could not be enforced", "法院判决无法执行"),
        "ceased_trading": ("customer ceased trading and cannot be traced", "客户停业，下落不明"),
        "time_barred": ("limitation period expired after failed collection", "催收无果，已过诉讼时效"),
    },
    "standing": {
        "reached": ("target reached", "完成目标"),
        "bonus_only": ("below target, bonus paid", "未完成目标，达到奖励门槛"),
        "short": ("below the bonus minimum", "低于奖励门槛"),
        "no_target": ("no target", "无回款目标"),
    },
}
#: The columns that hold those codes (other than a column named after its domain).
COLLECTION_DOMAINS: dict[str, str] = {
    "dispute_reason": "dispute_reason",
    "owner": "dispute_owner",
    "why_written_off": "write_off_reason",
}
