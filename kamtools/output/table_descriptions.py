"""The data model's tables described for a reader of the data overview, in English and Chinese."""

from __future__ import annotations

#: The descriptions of the data model's tables that name a column or a policy key, as a reader
#: of the data overview reads them (the schema's own wording stays for the data dictionary).
TABLE_DESCRIPTIONS_EN = {
    "snapshots": "Each customer's tier, class scores, credit grade and limit, lifecycle stage, status and relationship "
    "as they were at the end of a month, stored by each monthly report: the comparisons with an earlier month "
    "(tier migration, grade changes) read them, and say so when a month has none.",
    "contracts": "Contracts with customers (framework or supply agreements): start and end, and how many days before "
    "the end the renewal talks start; the contact calendar lists the contracts to renew.",
    "relationships": "The relationship level and type recorded with a date (the material's ladder: buyer 买主, "
    "priority purchaser 优先采购者, partner 合作伙伴, strategic alliance 战略联盟). A customer's level on a day is its "
    "latest record on or before it, else the relationship level of the customers table.",
    "payments": "Payments received; the invoice number is empty when the payment is not tied to an invoice.",
    "group_limits": "Credit limits of customer groups: the exposure of all the companies of a group "
    "(customers linked to their parent company) together against one limit; the latest approval on or before a "
    "date is the group limit in force.",
    "credit_overrides": "Analyst overrides of the credit grade or limit (授信调整): the decision that departs from "
    "the scorecard, why, and who approved it. The latest override on or before a date applies for the months the "
    "policy allows; a row gives a grade, a limit or both. Its limit is the limit in force when it is decided on or "
    "after the latest approval and within its approver's authority.",
}

#: Chinese of the descriptions of the data model's tables (the data overview shows them).
TABLE_DESCRIPTIONS_ZH = {
    "customers": "每个客户一行（已采购或已开户准备采购的客户）。",
    "financials": "客户的资产负债表和利润表，每个客户每个会计年度一行。",
    "credit_factors": "定性信用评估：每个客户每个评估日期一行，每项因素评1分（差）到5分（优）；未评估的留空。",
    "invoices": "发票和红字发票（负数金额），每张单据一行。",
    "payments": "收到的款项；未对应发票的收款，发票号为空。",
    "credit_limits": "批准的信用额度；某日或之前最近一次批准的额度即当时有效的额度，除非人工调整取代了它。",
    "activities": "销售活动：拜访、电话、活动、问候、培训、投诉处理等；用在线索上的时间记线索编号（潜在客户时间）。",
    "leads": "尚未采购的潜在客户，按购买力、决策权和需求（MAN）判定。",
    "open_orders": "已接单但尚未开票的订单（计入信用风险敞口）。",
    "contacts": "客户方的联系人。",
    "relationships": "按日期记录的客户关系等级和类型（买主、优先采购者、合作伙伴、战略联盟；松散、冲突、共赢）："
    "某日的关系等级是该日或之前最近一次记录，没有记录时取客户表的关系等级。",
    "promises": "客户在催收时（电话、信函、拜访）作出的付款承诺。",
    "group_limits": "客户集团的信用额度（集团授信）：集团内所有企业（按母公司编号关联）的风险敞口合并对照一个额度。",
    "credit_overrides": "分析人员对信用等级或额度的调整（授信调整）：偏离评分卡的决定、理由和审批人；调整额度在最近一次审批"
    "之后作出且在审批人权限之内时，即为现行额度。",
    "disputes": "客户提出争议的发票（价格、数量、质量、交货）：争议未解决期间，争议金额在账龄中单独列示，不催收、不升级。",
    "write_offs": "已核销的坏账（坏账核销）：每笔由谁审批、当时由谁经办该客户，以及核销原因。",
    "collection_targets": "各客户经理各期间的回款目标；没有记录时，按政策中该客户经理的月度目标或目标比例。",
    "snapshots": "每月末各客户的客户层级、分类评分、信用等级和额度、生命周期阶段、状态和客户关系，由每月的报告保存："
    "与以前月份的比较（层级迁移、等级变化）读取这些快照，某月没有快照时会说明。",
    "contracts": "与客户签订的合同（框架协议或供货合同）：起止日期，以及到期前多少天开始洽谈续约；联络日历列出需续约的合同。",
    "products": "产品及其所属的产品系列（产品组合和交叉销售按系列统计）；没有此表时，发票上的每个产品自成一个系列。",
    "wallet_estimates": "客户经理估计的客户每年从所有供应商采购某一产品系列的金额（分品类采购潜力）：我们在该系列的钱包份额 = "
    "近12个月在该系列的收入 ÷ 估计额。",
}
