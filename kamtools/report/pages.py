"""The report's pages as a reader knows them: name (English and Chinese) and what each is for,
in report order; the index and every page's navigation read them from here."""

from __future__ import annotations

from typing import NamedTuple

from ..output.labels import pick


class Page(NamedTuple):
    """A report page: its name in English and Chinese and what a manager finds on it."""

    en: str
    zh: str
    about: str
    about_zh: str = ""

    @property
    def title(self) -> str:
        return f"{self.en} {self.zh}".strip()

    def name_in(self, language: str) -> str:
        """The page's name in ``language`` (``both``: the Chinese, then the English)."""
        return pick(self.en, self.zh, language)

    def about_in(self, language: str) -> str:
        """What the page is for, in ``language``."""
        return pick(self.about, self.about_zh, language)


#: The pages by notebook name (without .ipynb), in report order.
PAGES: dict[str, Page] = {
    "00_data_overview": Page(
        "Data overview",
        "数据概览",
        "The data this report rests on, the months it covers and what is missing, and what that means for the numbers.",
        "数据库中有哪些数据、覆盖哪些月份、缺少什么，以及这对各项数字意味着什么。",
    ),
    "01_portfolio": Page(
        "Portfolio",
        "客户组合",
        "Revenue and margin of the month, customers won and lost, concentration, lifecycle and the headline risks.",
        "本月收入与毛利、新增和流失客户、收入集中度、客户生命周期以及主要风险。",
    ),
    "02_segmentation": Page(
        "Segmentation and value",
        "客户分类与价值",
        "The key-account pyramid, ABC, profitability, value matrix, CLV, RFM, MAN leads, accounts to promote "
        "and key accounts to watch.",
        "大客户金字塔、ABC分类、客户盈利性、价值矩阵、客户终身价值、RFM、MAN线索、可升级客户和需关注的重点客户。",
    ),
    "03_credit_review": Page(
        "Credit review",
        "信用评审",
        "Grades, recommended limits and why, breaches, credit holds, groups, approvals waiting by level and "
        "whether the scorecard predicts.",
        "信用等级、建议额度及理由、超限与越权、信用冻结、集团客户、各审批层级待批事项，以及评分卡是否有效。",
    ),
    "04_receivables": Page(
        "Receivables",
        "应收账款",
        "Aging, DSO and collection effectiveness, silent debtors, provisions, collection per account manager "
        "and the worklists.",
        "账龄、应收账款周转天数和回款效率指数、沉默欠款客户、坏账准备、各客户经理的回款情况和催收工作清单。",
    ),
    "05_account_plan": Page(
        "Account plans",
        "客户计划",
        "One plan per key account: where it stands, its objectives and its credit.",
        "每个重点客户一份计划：现状、目标和信用安排。",
    ),
}


#: The sections of a page that the executive summary links to: English heading -> Chinese
#: heading. A page written in Chinese (``report.language: zh``) has only the Chinese heading
#: (its Markdown cell tagged ``zh``), so a link goes to the heading of the page's language.
SECTIONS: dict[str, str] = {
    "Recommended limit changes by approval level": "按审批层级的额度调整建议",
    "Recommended limits and why": "建议额度及依据",
    "Credit holds": "信用冻结",
    "Customers over their limit": "超额客户",
    "Breaches": "超限与越权",
    "Silent debtors": "沉默欠款客户",
    "Receivables by year of origin": "按开票年度的应收账款",
    "Legal hand-over": "移交法务",
    "Write-offs and who answers for them": "坏账核销与责任",
    "Provisions": "坏账准备",
    "Key accounts to watch": "需关注的重点客户",
    "The key-account pyramid": "大客户金字塔",
    "Profitability after cost to serve: the whale curve": "扣除服务成本后的盈利性：鲸鱼曲线",
    "Customer lifetime value": "客户终身价值",
    "RFM: recency, frequency, monetary": "RFM：近度、频度、金额",
    "Migration since the previous period": "与上期相比的层级迁移",
    "Accounts to promote": "可升级为重点客户的客户",
    "Re-review list": "信用复审清单",
    "Concentration: top 10, top 20 % and the Pareto curve": "收入集中度：前10大客户、前20 %客户与帕累托曲线",
}


def section_anchor(section: str, language: str = "en") -> str:
    """The anchor of a section (by its English heading) on a page written in ``language``.

    >>> section_anchor("Credit holds"), section_anchor("Credit holds", "zh"), section_anchor("Credit holds", "both")
    ('Credit-holds', '信用冻结', 'Credit-holds')
    """
    return anchor(SECTIONS.get(section, section) if language == "zh" else section)


def page_of(stem: str) -> Page:
    """The page of a notebook (its file name without suffix); a notebook the list does not
    know is named after its file (``12_my_page`` reads "My page")."""
    if stem in PAGES:
        return PAGES[stem]
    words = stem.split("_", 1)[-1] if stem[:2].isdigit() else stem
    return Page(words.replace("_", " ").capitalize(), "", "")


def anchor(heading: str) -> str:
    """The id nbconvert gives a Markdown heading of a page (spaces become dashes).

    >>> anchor("Credit holds")
    'Credit-holds'
    """
    return heading.strip().replace(" ", "-")
