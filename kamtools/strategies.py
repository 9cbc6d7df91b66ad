"""What to do with each segment: the strategy the KAM method prescribes, in plain words.

One dictionary per concept maps a segment code (as it appears in the output of
:mod:`kamtools.segments`) to a :class:`Strategy`: the English term with the Chinese
term of the training material beside it, and what to do, in English and in Chinese.
``str(strategy)`` gives the text shown in the ``strategy`` (or ``action``) column of every
segment table; a report in Chinese shows :attr:`Strategy.chinese` instead
(:mod:`kamtools.output.labels`).

>>> print(TIERS["key"].label)
key account (关键客户)
>>> str(TIERS["prospect"]).startswith("prospect (潜在客户): win a first order")
True
>>> strategy_text(TIERS, ["ordinary"])[0][:31]
'ordinary customer (普通客户): widen'
>>> TIERS["key"].chinese[:13]
'关键客户——与客户整个高层'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Strategy:
    """A segment's name in English and Chinese, and what to do with it, in English (``text``)
    and in Chinese (``text_zh``)."""

    term: str
    zh: str
    text: str
    text_zh: str = ""

    @property
    def label(self) -> str:
        """The English term with the Chinese term beside it, e.g. ``key account (关键客户)``."""
        return f"{self.term} ({self.zh})"

    @property
    def chinese(self) -> str:
        """The strategy in Chinese, as :func:`str` gives it in English: ``关键客户——与客户整个高层团队……``
        (the Chinese term alone when there is no Chinese text)."""
        return f"{self.zh}——{self.text_zh}" if self.text_zh else self.zh

    def __str__(self) -> str:
        return f"{self.label}: {self.text}"


# ----------------------------------------------------------------------------- pyramid
#: Tiers of the key-account pyramid (大客户金字塔).
TIERS: dict[str, Strategy] = {
    "key": Strategy(
        "key account",
        "关键客户",
        "build relationships across the customer's whole senior team, not one buyer; aim for a "
        "partnership or a strategic alliance; plan the account with the customer, give it about "
        "60 % of selling time and a named team.",
        "与客户整个高层团队建立关系，而不只是一个采购员；以合作伙伴或战略联盟为目标；与客户共同制定客户计划，投入约 60 % 的销售时间，并指定专门团队。",
    ),
    "ordinary": Strategy(
        "ordinary customer",
        "普通客户",
        "widen our difference from competitors, reach the key people who decide, add value beyond "
        "price; pick those with potential and move them up to key account; about 30 % of selling time.",
        "扩大与竞争对手的差异，接触有决定权的关键人物，提供价格之外的价值；从中挑选有潜力的客户，培养为关键客户；投入约 30 % 的销售时间。",
    ),
    "prospect": Strategy(
        "prospect",
        "潜在客户",
        "win a first order (qualify with MAN first), then develop the buyer into an ordinary "
        "customer; about 10 % of selling time, spent on the best-qualified prospects.",
        "先用 MAN 法则判断，争取首单，再把买家发展为普通客户；投入约 10 % 的销售时间，用在条件最好的潜在客户上。",
    ),
    "unattractive": Strategy(
        "unattractive account",
        "无吸引力客户",
        "serve at the lowest cost to serve (standard terms, phone, online ordering); pursue only "
        "when the potential is large, otherwise spend no selling time; drop leads without money, "
        "authority or need (m+a+n) from the pipeline.",
        "以最低的服务成本服务（标准条件、电话、网上订货）；潜力很大时才去争取，否则不投入销售时间；没有购买力、决策权和需求（m+a+n）的线索移出跟进名单。",
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
        "少数带来大部分价值的客户：优先保护，安排高层联系、定期回顾和最好的服务。",
    ),
    "B": Strategy(
        "class B",
        "B类客户",
        "solid middle accounts: serve them well at reasonable cost and look for the ones that can grow into class A.",
        "中间层的稳定客户：以合理成本做好服务，从中找出能成长为 A 类的客户。",
    ),
    "C": Strategy(
        "class C",
        "C类客户",
        "the many small accounts: serve them efficiently (standard offers, inside sales, online); "
        "do not let them absorb the time class A needs.",
        "数量多、规模小的客户：高效服务（标准方案、电话销售、网上订货），不要占用 A 类客户所需的时间。",
    ),
}

# ----------------------------------------------------------------------------- MAN
#: The eight Money / Authority / Need combinations of lead qualification (MAN 法则);
#: a capital letter means the condition is present. In order of priority (1 = pursue first).
MAN: dict[str, Strategy] = {
    "M+A+N": Strategy(
        "qualified prospect",
        "有望客户",
        "the ideal prospect: has money, authority and need; pursue now with a proposal and a closing plan.",
        "理想的潜在客户：有购买力、决策权和需求；立即跟进，提交方案并制定成交计划。",
    ),
    "M+a+N": Strategy(
        "find the decision maker",
        "可以接触，设法找到有决定权的人",
        "worth pursuing: money and need are there; find and reach the person with the authority to decide.",
        "值得跟进：有购买力和需求；找到并接触有决定权的人。",
    ),
    "M+A+n": Strategy(
        "create the need",
        "可以接触，配合熟练的销售技术",
        "worth approaching: money and a decision maker; with skilled selling, show the need our "
        "offer meets and there is a good chance of success.",
        "值得接触：有购买力，也能接触到决策者；配合熟练的销售技术，让客户看到我们能满足的需求，成功机会较大。",
    ),
    "m+A+N": Strategy(
        "check credit, offer financing",
        "可以接触，调查业务与信用后给予融资",
        "worth approaching: need and a decision maker but money is short; investigate the "
        "business and credit standing, then consider credit terms or financing.",
        "值得接触：有需求和决策者，但资金不足；调查其业务和信用状况后，再考虑给予信用期或融资。",
    ),
    "M+a+n": Strategy(
        "cultivate (money only)",
        "长期观察、培养",
        "keep in contact and cultivate over the long term until a need and the person who decides appear.",
        "保持联系，长期培养，直到出现需求和有决定权的人。",
    ),
    "m+a+N": Strategy(
        "cultivate (need only)",
        "长期观察、培养",
        "keep in contact and cultivate over the long term; watch for funding and reach the "
        "decision maker when it comes.",
        "保持联系，长期培养；关注其资金情况，资金到位时接触决策者。",
    ),
    "m+A+n": Strategy(
        "light contact (authority only)",
        "保持低成本联系",
        "not in the material's list: the contact could decide but there is neither money nor "
        "need; keep a light, low-cost contact with the decision maker (occasional call, "
        "newsletter) and requalify when a need or funding appears; spend no selling time now.",
        "培训材料未列出这一类：对方能做决定，但既无资金也无需求；与决策者保持低成本的联系（偶尔电话、寄送资料），出现需求或资金时重新判断；目前不投入销售时间。",
    ),
    "m+a+n": Strategy(
        "not a customer",
        "非客户",
        "no money, no authority, no need: stop contact and remove from the pipeline.",
        "没有购买力、决策权和需求：停止联系，移出跟进名单。",
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
        "近期首次采购：把头几单交付好，介绍我们的团队，把试购变成稳定采购。",
    ),
    "active": Strategy(
        "active customer",
        "活跃客户",
        "buying regularly: keep service reliable, grow our share of the customer's purchases and "
        "deepen the relationship.",
        "正常采购：保持可靠的服务，提高我们在客户采购中的份额，深化关系。",
    ),
    "lost": Strategy(
        "lost customer",
        "流失客户",
        "bought before but not for a long time: find out why (price, service, a competitor, a "
        "change at the customer) and make a win-back offer where the account is worth it.",
        "以前买过但很久没有采购：查明原因（价格、服务、竞争对手、客户自身变化），对值得挽回的客户提出挽回方案。",
    ),
    "prospect": Strategy(
        "prospect",
        "潜在客户",
        "not buying yet: qualify with MAN and pursue the qualified ones for a first order.",
        "尚未采购：用 MAN 法则判断，对符合条件的客户争取首单。",
    ),
    "non-customer": Strategy(
        "non-customer",
        "非客户",
        "no money, no authority and no need: stop spending selling time.",
        "没有购买力、决策权和需求：不再投入销售时间。",
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
        "打开局面：争取并交付好首批订单，与使用部门和采购建立信任，找到决策者。",
    ),
    "growth": Strategy(
        "growth",
        "成长期",
        "purchases are rising: widen the range we supply, add contacts at more levels and "
        "invest selling time while the door is open.",
        "采购在增加：扩大供货品种，在更多层级建立联系，趁此机会投入销售时间。",
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
        "采购在下降：立即查明原因（竞争对手、质量、人员变动），请高层参与，用挽回计划守住份额。",
    ),
    "hibernation": Strategy(
        "hibernation",
        "休眠期",
        "no purchases in the last twelve months: keep a low-cost contact, learn why, and "
        "reactivate when a need returns.",
        "近十二个月没有采购：保持低成本联系，了解原因，需求恢复时重新激活。",
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
        "最近买过、买得多、金额大：给予回馈，请其推荐和作为参考客户，新产品优先提供。",
    ),
    "loyal": Strategy(
        "loyal",
        "忠诚客户",
        "buy often and for large amounts: keep them close, offer agreements and up-selling, "
        "make them key-account candidates.",
        "采购频繁、金额大：保持密切联系，提供长期协议和追加销售，列为关键客户候选。",
    ),
    "potential loyalist": Strategy(
        "potential loyalist",
        "潜在忠诚客户",
        "recent buyers with average volume: offer a regular-supply agreement and widen the range to build loyalty.",
        "近期采购、量一般：提供定期供货协议，扩大品种，培养忠诚度。",
    ),
    "new": Strategy(
        "new",
        "新客户",
        "first bought very recently: make the first deliveries perfect and follow up soon for a second order.",
        "刚刚首次采购：把头几次交付做好，尽快跟进第二单。",
    ),
    "promising": Strategy(
        "promising",
        "有希望客户",
        "recent but small buyers: build awareness of the range and give a reason to buy again.",
        "近期采购但量小：让客户了解我们的产品范围，给客户再次采购的理由。",
    ),
    "need attention": Strategy(
        "need attention",
        "需要关注客户",
        "average on all three: a call or visit to learn their plans before they drift away.",
        "三项都一般：打电话或拜访，了解其计划，防止流失。",
    ),
    "about to sleep": Strategy(
        "about to sleep",
        "即将沉睡客户",
        "buying less recently and little: reactivate with a relevant offer before they lapse.",
        "最近采购少、量也小：在客户流失前用合适的报价重新激活。",
    ),
    "at risk": Strategy(
        "at risk",
        "有流失风险客户",
        "used to buy often and much but not lately: contact them personally, find the problem and win them back.",
        "过去采购频繁、量大，最近没有采购：亲自联系，找到问题，把客户争取回来。",
    ),
    "cannot lose them": Strategy(
        "cannot lose them",
        "不能失去的客户",
        "our former best buyers have gone quiet: involve senior management now and make a win-back plan.",
        "过去最好的客户沉寂了：立即请高层参与，制定挽回计划。",
    ),
    "hibernating": Strategy(
        "hibernating",
        "沉睡客户",
        "small, infrequent and not recent: low-cost reactivation only (mailing, standard offer).",
        "量小、不频繁、很久没买：只做低成本激活（邮寄资料、标准报价）。",
    ),
    "lost": Strategy(
        "lost",
        "已流失客户",
        "lowest on recency, frequency and value: do not spend selling time; one win-back campaign at most.",
        "近度、频度和金额都最低：不投入销售时间，至多做一次挽回活动。",
    ),
    "no purchases": Strategy(
        "no purchases",
        "无购买",
        "set up but never bought: treat as a prospect and qualify with MAN.",
        "已建档但从未采购：按潜在客户对待，用 MAN 法则判断。",
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
        "少数贡献大部分利润的客户：重点保护，控制服务成本，绝不让竞争对手进入。",
    ),
    "profitable": Strategy(
        "profitable",
        "盈利客户",
        "earn a positive contribution: grow the volume while keeping discounts and selling time in proportion.",
        "贡献为正：扩大销量，同时让折扣和销售时间与之相称。",
    ),
    "unprofitable": Strategy(
        "unprofitable",
        "亏损客户",
        "cost more to serve than they earn: cut discounts, move to cheaper service channels, "
        "raise minimum order sizes or prices; let them go if that fails.",
        "服务成本高于其贡献：减少折扣，改用成本更低的服务渠道，提高起订量或价格；仍不奏效就放弃。",
    ),
    "no business": Strategy(
        "no business",
        "无业务",
        "neither revenue nor selling time in the last twelve months: nothing to judge yet.",
        "近十二个月既无收入也无销售时间：暂无可评判。",
    ),
}

# ----------------------------------------------------------------------------- value matrix
#: Quadrants of the customer value matrix (客户价值矩阵): current value x potential value.
VALUE_MATRIX: dict[str, Strategy] = {
    "strategic": Strategy(
        "strategic (high current, high potential)",
        "战略客户",
        "invest: the most important accounts now and later; senior relationships, joint plans and the best resources.",
        "重点投入：现在和将来都最重要的客户；建立高层关系，共同制定计划，配置最好的资源。",
    ),
    "maintain": Strategy(
        "maintain (high current, low potential)",
        "维持型客户",
        "keep and harvest: little room to grow, so protect the current business efficiently and guard the margin.",
        "维持并收获：增长空间小，高效守住现有业务，保护毛利。",
    ),
    "develop": Strategy(
        "develop (low current, high potential)",
        "发展型客户",
        "grow our share of the customer's purchases: find the unmet needs, reach the decision "
        "makers, invest selling time.",
        "提高我们在客户采购中的份额：发现未满足的需求，接触决策者，投入销售时间。",
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
        "看重关系胜过价格，贡献高：投入关系建设、共同计划和增值服务。",
    ),
    "transactional": Strategy(
        "transactional customer",
        "交易型客户",
        "buys mainly on price (discounts) or contributes little: serve efficiently at standard "
        "terms, guard the margin, do not buy the business with discounts.",
        "主要看价格（折扣）或贡献小：按标准条件高效服务，守住毛利，不用折扣换生意。",
    ),
    "no purchases": Strategy(
        "no purchases",
        "无购买",
        "no purchases in the last twelve months: nothing to classify.",
        "近十二个月没有采购：无法分类。",
    ),
}

# ----------------------------------------------------------------------------- migration
#: Direction of a move between two periods (客户迁移).
MIGRATION: dict[str, Strategy] = {
    "up": Strategy(
        "moved up",
        "升级",
        "confirm the new tier: give the account the selling time and contacts of its new tier.",
        "确认新层级：按新层级给予相应的销售时间和联系人。",
    ),
    "down": Strategy(
        "moved down",
        "降级",
        "find out why and decide: recover the account with a plan, or serve it at its new tier.",
        "查明原因并做决定：用计划挽回客户，或按新层级服务。",
    ),
    "entered": Strategy(
        "entered",
        "新进入",
        "new in the book: qualify it and set its tier's strategy.",
        "新进入客户库：先做判断，确定其层级的策略。",
    ),
    "left": Strategy(
        "left",
        "已退出",
        "no longer in the book (for example a lead converted or removed): check the record.",
        "已不在客户库中（例如线索已转化或已删除）：核对记录。",
    ),
    "same": Strategy(
        "unchanged",
        "不变",
        "no move: keep following the strategy of the account's tier.",
        "没有变化：继续执行所在层级的策略。",
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
    "migration": MIGRATION,
}


def strategy_text(strategies: Mapping[str, Strategy], codes: Iterable) -> pd.Series:
    """The strategy text (``label: what to do``) for each code; missing codes give NaN.

    >>> strategy_text(ABC, ["A", None]).isna().tolist()
    [False, True]
    """
    codes = codes if isinstance(codes, pd.Series) else pd.Series(list(codes), dtype="object")
    table = {code: str(s) for code, s in strategies.items()}
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
