"""What to do with each segment: the strategy the KAM method prescribes, in plain words.

One dictionary per concept maps a segment code (as it appears in the output of
:mod:`kamtools.segments`) to a :class:`Strategy`: the English term with the Chinese
term of the training material beside it, and what to do, in English and in Chinese.
``str(strategy)`` gives the text of the ``strategy`` (or ``action``) column of every
segment table; :meth:`Strategy.in_language` the same in Chinese (the report shows it in
its language: :func:`kamtools.output.labels.value`, :func:`kamtools.output.labels.strategy`).

>>> print(TIERS["key"].label)
key account (重点客户)
>>> str(TIERS["prospect"]).startswith("prospect (潜在客户): win a first order")
True
>>> strategy_text(TIERS, ["ordinary"])[0][:31]
'ordinary customer (普通客户): widen'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

#: The languages a strategy can be written in (as the report's: English, Chinese, both).
LANGUAGES = ("en", "zh", "both")


@dataclass(frozen=True)
class Strategy:
    """A segment's name in English and Chinese, and what to do with it (``text``; ``text_zh``
    the same advice in Chinese)."""

    term: str
    zh: str
    text: str
    text_zh: str = ""

    @property
    def label(self) -> str:
        """The English term with the Chinese term beside it, e.g. ``key account (重点客户)``."""
        return f"{self.term} ({self.zh})"

    def __str__(self) -> str:
        return f"{self.label}: {self.text}"

    def in_language(self, language: str = "en") -> str:
        """The strategy (``label: what to do``) in ``language``: ``en`` as ``str()``, ``zh`` in
        Chinese (重点客户：……), ``both`` the Chinese, then the English.

        >>> TIERS["key"].in_language("zh")[:14]
        '重点客户：与客户整个高层团队'
        """
        if language not in LANGUAGES:
            raise ValueError(f"language must be one of {', '.join(LANGUAGES)}; got {language!r}")
        zh = f"{self.zh}：{self.text_zh}"
        return {"en": str(self), "zh": zh, "both": f"{zh} {self}"}[language]


# ----------------------------------------------------------------------------- pyramid
#: Tiers of the key-account pyramid (大客户金字塔).
TIERS: dict[str, Strategy] = {
    "key": Strategy(
        "key account",
        "重点客户",
        "build relationships across the customer's whole senior team, not one buyer; aim for a "
        "partnership or a strategic alliance; plan the account with the customer, give it about "
        "60 % of selling time and a named team.",
        "与客户整个高层团队建立关系，而不只是一个采购人员；以合作伙伴或战略联盟为目标；与客户共同制定客户计划，投入约60%的销售时间，并指定专门团队。",
    ),
    "ordinary": Strategy(
        "ordinary customer",
        "普通客户",
        "widen our difference from competitors, reach the key people who decide, add value beyond "
        "price; pick those with potential and move them up to key account; about 30 % of selling time.",
        "扩大与竞争对手的差异，接触有决定权的关键人物，在价格之外为客户创造价值；挑选有潜力的客户，提升为重点客户；投入约30%的销售时间。",
    ),
    "prospect": Strategy(
        "prospect",
        "潜在客户",
        "win a first order (qualify with MAN first), then develop the buyer into an ordinary "
        "customer; about 10 % of selling time, spent on the best-qualified prospects.",
        "先用MAN法则判定，争取第一笔订单，再把采购方发展为普通客户；投入约10%的销售时间，集中在条件最好的潜在客户上。",
    ),
    "unattractive": Strategy(
        "unattractive account",
        "无吸引力客户",
        "serve at the lowest cost to serve (standard terms, phone, online ordering); pursue only "
        "when the potential is large, otherwise spend no selling time; drop leads without money, "
        "authority or need (m+a+n) from the pipeline.",
        "以最低的服务成本服务（标准条件、电话、网上订货）；只有潜力很大时才跟进，否则不投入销售时间；把缺少购买力、决策权或需求（m+a+n）的线索移出线索清单。",
    ),
}

# ----------------------------------------------------------------------------- ABC / Pareto
#: ABC classes of the 80-20 rule (ABC 分类).
ABC: dict[str, Strategy] = {
    "A": Strategy(
        "class A",
        "A类客户",
        "the few accounts that bring most of the value: protect them first, with senior contacts, "
        "regular reviews and the best service.",
        "少数客户贡献了大部分价值：优先保护，安排高层联系、定期回顾和最好的服务。",
    ),
    "B": Strategy(
        "class B",
        "B类客户",
        "solid middle accounts: serve them well at reasonable cost and look for the ones that can grow into class A.",
        "稳定的中间客户：以合理的成本做好服务，找出能成长为A类的客户。",
    ),
    "C": Strategy(
        "class C",
        "C类客户",
        "the many small accounts: serve them efficiently (standard offers, inside sales, online); "
        "do not let them absorb the time class A needs.",
        "数量众多的小客户：高效服务（标准方案、电话销售、网上订货）；不要让他们占用A类客户所需的时间。",
    ),
}

# ----------------------------------------------------------------------------- MAN
#: The eight Money / Authority / Need combinations of lead qualification (MAN 法则);
#: a capital letter means the condition is present. In order of priority (1 = pursue first).
MAN: dict[str, Strategy] = {
    "M+A+N": Strategy(
        "qualified prospect",
        "有望客户",
        "the ideal prospect, with money, authority and need; pursue now with a proposal and a closing plan.",
        "理想的潜在客户，有购买力、有决策权、有需求；立即跟进，提交方案并制定成交计划。",
    ),
    "M+A+n": Strategy(
        "track, follow up when a need appears",
        "可以接触，持续跟踪，需求出现时跟进",
        "money and a decision maker, but no need yet; keep track of the customer "
        "(its plans, projects, changes of supplier) and follow up as soon as a need appears; skilled "
        "selling can show a need the customer has not seen.",
        "有购买力和决策人，但暂无需求；持续跟踪客户（计划、项目、供应商变化），需求一出现就及时跟进；"
        "配合熟练的销售技术，也可以帮助客户发现尚未意识到的需求。",
    ),
    "M+a+N": Strategy(
        "find the decision maker",
        "可以接触，设法找到有决定权的人",
        "money and need are there; find and reach the person with the authority to decide.",
        "购买力和需求都有；设法找到并接触有决定权的人。",
    ),
    "m+A+N": Strategy(
        "check credit, offer financing",
        "可以接触，调查业务与信用后给予融资",
        "need and a decision maker but money is short; investigate the "
        "business and credit standing, then consider credit terms or financing.",
        "有需求和决策人，但购买力不足；先调查其业务与信用状况，再考虑给予信用条件或融资。",
    ),
    "m+a+N": Strategy(
        "cultivate (need only)",
        "长期培养（有需求，待资金和决策人）",
        "keep in contact and cultivate over the long term; watch for funding and reach the "
        "decision maker when it comes.",
        "保持联系，长期观察、培养；关注资金情况，资金到位时接触决策人。",
    ),
    "m+A+n": Strategy(
        "light contact (authority only)",
        "保持低成本联系",
        "the contact could decide but there is neither money nor "
        "need; keep a light, low-cost contact with the decision maker (occasional call, "
        "newsletter) and requalify when a need or funding appears; spend no selling time now.",
        "联系人有决定权，但既无购买力也无需求；与决策人保持低成本的联系（偶尔致电、寄送资讯），出现需求或资金时重新判定；目前不投入销售时间。",
    ),
    "M+a+n": Strategy(
        "cultivate (money only)",
        "长期培养（有购买力，待需求和决策人）",
        "keep in contact and cultivate over the long term until a need and the person who decides appear.",
        "保持联系，长期观察、培养，直到出现需求和有决定权的人。",
    ),
    "m+a+n": Strategy(
        "not a customer",
        "非客户",
        "no money, no authority, no need; stop contact and remove from the pipeline.",
        "无购买力、无决策权、无需求；停止联系，移出线索清单。",
    ),
}

# ----------------------------------------------------------------------------- status
#: Customer status (客户状态).
STATUS: dict[str, Strategy] = {
    "new": Strategy(
        "new customer",
        "新客户",
        "first purchase recently: deliver flawlessly on the first orders, introduce the team, "
        "and turn the trial into regular buying.",
        "刚刚首次采购：前几笔订单务必交付无误，介绍服务团队，把试购变为经常采购。",
    ),
    "active": Strategy(
        "active customer",
        "活跃客户",
        "buying regularly: keep service reliable, grow our share of the customer's purchases and "
        "deepen the relationship.",
        "经常采购：保持可靠的服务，提高我们在客户采购中的份额，加深关系。",
    ),
    "lost": Strategy(
        "lost customer",
        "流失客户",
        "bought before but not for a long time: find out why (price, service, a competitor, a "
        "change at the customer) and make a win-back offer where the account is worth it.",
        "曾经采购但已长时间未采购：查明原因（价格、服务、竞争对手、客户内部变化），对值得争取的客户提出挽回方案。",
    ),
    "prospect": Strategy(
        "prospect",
        "潜在客户",
        "not buying yet: qualify with MAN and pursue the qualified ones for a first order.",
        "尚未采购：用MAN法则判定，对合格的潜在客户争取第一笔订单。",
    ),
    "non-customer": Strategy(
        "non-customer",
        "非客户",
        "no money, no authority and no need: stop spending selling time.",
        "无购买力、无决策权、无需求：不再投入销售时间。",
    ),
}

# ----------------------------------------------------------------------------- lifecycle
#: Stages of the relationship lifecycle (客户关系生命周期).
LIFECYCLE: dict[str, Strategy] = {
    "breakthrough": Strategy(
        "breakthrough",
        "突破期",
        "getting into the account: win and deliver the first orders, build trust with the users "
        "and the buyer, find the decision makers.",
        "进入客户阶段：争取并交付好首批订单，与使用部门和采购人员建立信任，找到决策人。",
    ),
    "growth": Strategy(
        "growth",
        "成长期",
        "purchases are rising: widen the range we supply, add contacts at more levels and "
        "invest selling time while the door is open.",
        "采购量上升：扩大供货范围，在更多层级增加联系人，趁机投入销售时间。",
    ),
    "harvest": Strategy(
        "harvest",
        "收获期",
        "stable, mature purchases: earn the margin, keep service excellent, defend price and renew agreements early.",
        "采购稳定成熟：赚取利润，保持优质服务，守住价格，提前续签协议。",
    ),
    "defense": Strategy(
        "defense",
        "防御期",
        "purchases are falling: find the cause at once (competitor, quality, a change of "
        "people), involve senior management and defend the share with a recovery plan.",
        "采购量下降：立即查明原因（竞争对手、质量、人员变动），请高层管理者参与，用挽回计划守住份额。",
    ),
    "hibernation": Strategy(
        "hibernation",
        "冬眠期",
        "no purchases in the last twelve months: keep a low-cost contact, learn why, and "
        "reactivate when a need returns.",
        "近十二个月没有采购：保持低成本的联系，了解原因，需求恢复时重新激活。",
    ),
}

# ----------------------------------------------------------------------------- RFM
#: RFM segments (RFM 客户分群), from the recency score and the frequency-monetary score.
RFM: dict[str, Strategy] = {
    "champions": Strategy(
        "champions",
        "冠军客户",
        "bought recently, often and for large amounts: reward them, ask for referrals and "
        "references, offer new products first.",
        "最近买过、经常买、买得多：给予回馈，请其推荐和作为参考客户，优先提供新产品。",
    ),
    "loyal": Strategy(
        "loyal",
        "忠诚客户",
        "buy often and for large amounts: keep them close, offer agreements and up-selling, "
        "make them key-account candidates.",
        "经常采购且金额大：保持密切联系，签订协议、追加销售，列为重点客户候选。",
    ),
    "potential loyalist": Strategy(
        "potential loyalist",
        "潜在忠诚客户",
        "recent buyers with average volume: offer a regular-supply agreement and widen the range to build loyalty.",
        "最近采购、采购量一般：提出定期供货协议，扩大供货范围，培养忠诚度。",
    ),
    "new": Strategy(
        "new",
        "新客户",
        "first bought very recently: make the first deliveries perfect and follow up soon for a second order.",
        "刚刚首次采购：确保首批交付完美，尽快跟进争取第二笔订单。",
    ),
    "promising": Strategy(
        "promising",
        "有希望客户",
        "recent but small buyers: build awareness of the range and give a reason to buy again.",
        "最近采购但金额小：让客户了解我们的产品范围，给出再次采购的理由。",
    ),
    "need attention": Strategy(
        "need attention",
        "需要关注客户",
        "average on all three: a call or visit to learn their plans before they drift away.",
        "三项指标都一般：打电话或拜访，了解其计划，以免客户流失。",
    ),
    "about to sleep": Strategy(
        "about to sleep",
        "即将沉睡客户",
        "buying less recently and little: reactivate with a relevant offer before they lapse.",
        "近期采购减少且金额小：在客户流失前用有针对性的方案重新激活。",
    ),
    "at risk": Strategy(
        "at risk",
        "有流失风险客户",
        "used to buy often and much but not lately: contact them personally, find the problem and win them back.",
        "过去经常大量采购，近来没有采购：亲自联系，找出问题，把客户挽回。",
    ),
    "cannot lose them": Strategy(
        "cannot lose them",
        "不能失去的客户",
        "our former best buyers have gone quiet: involve senior management now and make a win-back plan.",
        "过去最好的客户沉寂了：立即请高层管理者参与，制定挽回计划。",
    ),
    "hibernating": Strategy(
        "hibernating",
        "沉睡客户",
        "small, infrequent and not recent: low-cost reactivation only (mailing, standard offer).",
        "金额小、频次低、很久未采购：只做低成本的激活（邮寄资料、标准方案）。",
    ),
    "lost": Strategy(
        "lost",
        "已流失客户",
        "lowest on recency, frequency and value: do not spend selling time; one win-back campaign at most.",
        "最近采购、频次和金额都最低：不投入销售时间，最多做一次挽回活动。",
    ),
    "no purchases": Strategy(
        "no purchases",
        "无购买",
        "set up but never bought: treat as a prospect and qualify with MAN.",
        "已开户但从未采购：按潜在客户对待，用MAN法则判定。",
    ),
}

# ----------------------------------------------------------------------------- profitability
#: Profitability classes of the whale curve (客户盈利性).
PROFIT: dict[str, Strategy] = {
    "most profitable": Strategy(
        "most profitable",
        "最盈利客户",
        "the few accounts that earn most of the profit: protect them, keep cost to serve in "
        "check and never let a competitor in.",
        "少数客户贡献了大部分利润：重点保护，控制服务成本，绝不让竞争对手进入。",
    ),
    "profitable": Strategy(
        "profitable",
        "盈利客户",
        "earn a positive contribution: grow the volume while keeping discounts and selling time in proportion.",
        "贡献为正：扩大销量，同时让折扣和销售时间与贡献相称。",
    ),
    "unprofitable": Strategy(
        "unprofitable",
        "亏损客户",
        "cost more to serve than they earn: cut discounts, move to cheaper service channels, "
        "raise minimum order sizes or prices; let them go if that fails.",
        "服务成本高于所得：减少折扣，改用成本更低的服务渠道，提高最低订货量或价格；仍无改善的可以放弃。",
    ),
    "no business": Strategy(
        "no business",
        "无业务",
        "neither revenue nor selling time in the last twelve months: nothing to judge yet.",
        "近十二个月既无收入也无销售时间：暂无可评价的内容。",
    ),
}

# ----------------------------------------------------------------------------- value matrix
#: Quadrants of the customer value matrix (客户价值矩阵): current value x potential value.
VALUE_MATRIX: dict[str, Strategy] = {
    "strategic": Strategy(
        "strategic (high current, high potential)",
        "战略客户",
        "invest: the most important accounts now and later; senior relationships, joint plans and the best resources.",
        "重点投入：现在和将来最重要的客户；建立高层关系，共同制定计划，配置最好的资源。",
    ),
    "maintain": Strategy(
        "maintain (high current, low potential)",
        "维持型客户",
        "keep and harvest: little room to grow, so protect the current business efficiently and guard the margin.",
        "维持并收获：增长空间小，高效保护现有业务，守住毛利。",
    ),
    "develop": Strategy(
        "develop (low current, high potential)",
        "发展型客户",
        "grow our share of the customer's purchases: find the unmet needs, reach the decision "
        "makers, invest selling time.",
        "提高我们在客户采购中的份额：找出未满足的需求，接触决策人，投入销售时间。",
    ),
    "minimal": Strategy(
        "minimal (low current, low potential)",
        "低价值客户",
        "serve at minimal cost through standard channels; do not invest selling time.",
        "通过标准渠道以最低成本服务；不投入销售时间。",
    ),
}

# ----------------------------------------------------------------------------- relational
#: Transactional versus relational customers (交易型 / 关系型客户).
RELATIONAL: dict[str, Strategy] = {
    "relational": Strategy(
        "relational customer",
        "关系型客户",
        "values the relationship more than price and earns a high contribution: invest in "
        "the relationship, joint planning and value-added services.",
        "重视关系胜过价格，贡献高：在关系、共同计划和增值服务上投入。",
    ),
    "transactional": Strategy(
        "transactional customer",
        "交易型客户",
        "buys mainly on price (discounts) or contributes little: serve efficiently at standard "
        "terms, guard the margin, do not buy the business with discounts.",
        "主要看价格采购（折扣）或贡献小：以标准条件高效服务，守住毛利，不要用折扣换业务。",
    ),
    "no purchases": Strategy(
        "no purchases",
        "无购买",
        "no purchases in the last twelve months: nothing to classify.",
        "近十二个月没有采购：无法归类。",
    ),
}

# ----------------------------------------------------------------------------- relationship ladder
#: The relationship levels of the material (004: 买主 → 优先采购者 → 合作伙伴 → 战略联盟; 001: 外人 /
#: 商务 / 朋友 / 战略伙伴), by the codes of ``customers.relationship_state``, lowest first.
LADDER: dict[str, Strategy] = {
    "none": Strategy(
        "outsider",
        "外人",
        "no relationship yet: we are an outsider to the customer; qualify it (MAN), meet the people who "
        "buy and use our products, and win a first order.",
        "尚未建立关系，我们对客户还是外人：先用MAN法则判定，结识采购和使用我们产品的人，争取第一笔订单。",
    ),
    "strained": Strategy(
        "strained",
        "关系紧张",
        "the relationship is in conflict: find the cause (complaint, dispute, late delivery, collection), "
        "settle it with a senior visit and restore trust before selling more.",
        "关系处于冲突中：查明原因（投诉、争议、交货延误、催款），由高层拜访解决问题，先恢复信任再谈销售。",
    ),
    "transactional": Strategy(
        "buyer",
        "买主",
        "the customer buys from us as one supplier among several, mostly on price (in the method's terms, a business "
        "relationship): deliver exactly as promised, learn its needs beyond price and reach the users "
        "and decision makers, to become its priority supplier.",
        "客户把我们当作众多供应商之一，主要看价格采购（即“商务关系”）：严格履行承诺，了解价格之外的需求，"
        "接触使用者和决策者，争取成为其优先采购的供应商。",
    ),
    "cooperative": Strategy(
        "priority purchaser",
        "优先采购者",
        "the customer buys from us first (in the method's terms, friends): keep the service faultless, widen the "
        "contacts to more functions and levels, understand its business and offer solutions that add "
        "value, to become its partner.",
        "客户优先向我们采购（即“朋友关系”）：保持无差错的服务，把联系扩展到更多部门和层级，理解客户的业务，"
        "提出增值的解决方案，争取成为合作伙伴。",
    ),
    "partnership": Strategy(
        "partner",
        "合作伙伴",
        "we work with the customer on its goals: plan the account together, hold regular business reviews, "
        "name a team and a senior sponsor, share information and solve problems jointly; aim for win-win.",
        "与客户围绕其目标共同工作：共同制定客户计划，定期进行业务回顾，指定专门团队和高层负责人，"
        "共享信息、共同解决问题；以共赢为目标。",
    ),
    "strategic_alliance": Strategy(
        "strategic alliance",
        "战略联盟",
        "our strategies are linked (in the method's terms, strategic partners): plan strategy jointly at top "
        "management, invest and develop together, agree for the long term, give supply priority and "
        "dedicated service, and guard the alliance.",
        "双方战略相互关联（即“战略伙伴”）：高层共同规划战略，共同投入和开发，签订长期协议，"
        "给予供货优先和专门服务，维护好联盟关系。",
    ),
}

#: The type (quality) of a relationship in the material (001: 松散 / 冲突 / 共赢).
QUALITY: dict[str, Strategy] = {
    "loose": Strategy(
        "loose",
        "松散",
        "contacts are few and casual: a competitor can take the account; add contacts and regular visits.",
        "联系少而随意，竞争对手容易抢走客户：增加联系人和定期拜访。",
    ),
    "conflict": Strategy(
        "conflict",
        "冲突",
        "interests clash (price, terms, complaints): settle the issue openly before pursuing more business.",
        "利益冲突（价格、条件、投诉）：先公开解决问题，再争取更多业务。",
    ),
    "win_win": Strategy(
        "win-win",
        "共赢",
        "both sides gain: the aim of every key relationship; keep it by delivering value each year.",
        "双方都获益：每个重点客户关系的目标；每年持续创造价值来维护。",
    ),
}

# ----------------------------------------------------------------------------- migration
#: Direction of a move between two periods (客户迁移).
MIGRATION: dict[str, Strategy] = {
    "up": Strategy(
        "moved up",
        "升级",
        "confirm the new tier: give the account the selling time and contacts of its new tier.",
        "确认新的层级：按新层级给客户配置销售时间和联系人。",
    ),
    "down": Strategy(
        "moved down",
        "降级",
        "find out why and decide: recover the account with a plan, or serve it at its new tier.",
        "查明原因并作出决定：用计划挽回客户，或按新的层级服务。",
    ),
    "entered": Strategy(
        "entered",
        "新进入",
        "new in the book: qualify it and set its tier's strategy.",
        "新进入客户名单：先判定，再按其层级制定策略。",
    ),
    "left": Strategy(
        "left",
        "已退出",
        "no longer in the book (for example a lead converted or removed): check the record.",
        "已不在客户名单中（例如线索已转化或被删除）：核对记录。",
    ),
    "same": Strategy(
        "unchanged",
        "不变",
        "no move: keep following the strategy of the account's tier.",
        "没有变动：继续执行客户所在层级的策略。",
    ),
}

#: Every concept's dictionary by name (for :func:`describe`).
CONCEPTS: dict[str, dict[str, Strategy]] = {
    "tier": TIERS,
    "abc": ABC,
    "man": MAN,
    "status": STATUS,
    "lifecycle": LIFECYCLE,
    "rfm": RFM,
    "profit": PROFIT,
    "value_matrix": VALUE_MATRIX,
    "relational": RELATIONAL,
    "ladder": LADDER,
    "quality": QUALITY,
    "migration": MIGRATION,
}


def strategy_text(strategies: Mapping[str, Strategy], codes: Iterable, language: str = "en") -> pd.Series:
    """The strategy text (``label: what to do``) for each code in ``language`` (``en``, ``zh``,
    ``both``: :meth:`Strategy.in_language`); missing codes give NaN.

    >>> strategy_text(ABC, ["A", None]).isna().tolist()
    [False, True]
    >>> strategy_text(ABC, ["C"], "zh")[0][:6]
    'C类客户：数'
    """
    codes = codes if isinstance(codes, pd.Series) else pd.Series(list(codes), dtype="object")
    table = {code: s.in_language(language) for code, s in strategies.items()}
    return codes.map(table).astype("str")


def describe(concept: str) -> pd.DataFrame:
    """All segments of one concept with their labels and strategies, as a table.

    >>> describe("lifecycle").index.tolist()
    ['breakthrough', 'growth', 'harvest', 'defense', 'hibernation']
    """
    if concept not in CONCEPTS:
        raise KeyError(f"unknown concept {concept!r}; one of {', '.join(CONCEPTS)}")
    rows = {code: {"term": s.term, "chinese": s.zh, "strategy": s.text} for code, s in CONCEPTS[concept].items()}
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = concept
    return out
