"""Customers and the people and time around them: customers, activities, leads, contacts."""

from __future__ import annotations

from ._model import CUSTOMER_FK, OPTIONAL, Column, RowRule, Table, money_column

ATTRACTIVENESS = ("high", "medium", "low")
#: The relationship level (关系等级), the material's ladder with the codes the workbook has always
#: used: none = outsider (外人), transactional = buyer (买主; 001: business, 商务), cooperative =
#: priority purchaser (优先采购者; 001: friend, 朋友), partnership = partner (合作伙伴),
#: strategic_alliance = strategic alliance (战略联盟; 001: strategic partner, 战略伙伴); strained is
#: off the ladder (a relationship in conflict, below a buyer's).
RELATIONSHIP_STATES = ("partnership", "strategic_alliance", "cooperative", "transactional", "strained", "none")
#: The ladder's rungs, lowest first (strained sits below buyer: the policy's relationship_state_scores).
RELATIONSHIP_LADDER = ("none", "strained", "transactional", "cooperative", "partnership", "strategic_alliance")
#: The type (quality) of a relationship in the material (001): loose 松散, conflict 冲突, win-win 共赢.
RELATIONSHIP_QUALITIES = ("loose", "conflict", "win_win")
RELATIONSHIP_LEVELS = ("senior_team", "decision_maker", "purchasing", "operational", "none")
#: Outcomes of a collection call (the worklist's list; kam import-calls reads them back).
CALL_OUTCOMES = ("promised", "paid", "dispute", "refused", "no_answer", "call_back", "wrong_contact")

ACCOUNT_TABLES: tuple[Table, ...] = (
    Table(
        "customers",
        "One row per customer (an account that has bought or been set up to buy).",
        (
            Column("customer_id", "id", "Unique customer number", chinese="客户编号"),
            Column("name", "text", "Customer name (Chinese names welcome)", chinese="客户名称"),
            Column("industry", "text", "Industry of the customer", chinese="行业"),
            Column("region", "text", "Sales region", chinese="区域"),
            Column("account_manager", "text", "Account manager responsible", chinese="客户经理"),
            Column(
                "parent_id",
                "id",
                "Group or parent company, for group exposure",
                required=False,
                nullable=True,
                references=CUSTOMER_FK,
                chinese="母公司编号",
            ),
            Column(
                "attractiveness",
                "category",
                "Attractiveness to us: high, medium or low",
                required=False,
                nullable=True,
                allowed=ATTRACTIVENESS,
                chinese="吸引力",
            ),
            Column(
                "relationship_state",
                "category",
                "Relationship level today (the material's ladder: none outsider, transactional buyer, cooperative "
                "priority purchaser, partnership partner, strategic_alliance strategic alliance; strained in conflict)",
                required=False,
                nullable=True,
                allowed=RELATIONSHIP_STATES,
                chinese="关系等级",
            ),
            Column(
                "relationship_level",
                "category",
                "Highest level of the customer's people we reach (contact level)",
                required=False,
                nullable=True,
                allowed=RELATIONSHIP_LEVELS,
                chinese="接触层级",
            ),
            money_column(
                "wallet_estimate",
                "Yearly purchase capacity for our category",
                "采购潜力",
                required=False,
                nullable=True,
            ),
            Column(
                "ownership",
                "text",
                "Ownership (state, private, foreign, joint venture, ...)",
                required=False,
                nullable=True,
                chinese="所有制",
            ),
            Column("employees", "int", "Number of employees", required=False, nullable=True, min=0, chinese="员工人数"),
            Column(
                "payment_terms_days",
                "int",
                "Payment terms agreed with the customer, in days (empty: the policy's default terms)",
                required=False,
                nullable=True,
                min=0,
                max=365,
                chinese="付款期限（天）",
            ),
            Column("address", "text", "Postal address (letters, statements)", **OPTIONAL, chinese="地址"),
            Column(
                "language", "category", "Letter language", **OPTIONAL, allowed=("zh", "en", "both"), chinese="函件语言"
            ),
            Column(
                "founded_on",
                "date",
                "Day the customer's company was founded (the contact calendar marks its anniversary)",
                **OPTIONAL,
                chinese="成立日期",
            ),
        ),
        chinese="客户",
        key=("customer_id",),
    ),
    Table(
        "activities",
        "Selling activities: visits, calls, events, greetings, training, complaints, ...",
        (
            Column("activity_id", "id", "Unique activity number", chinese="活动编号"),
            Column(
                "customer_id",
                "id",
                "Customer (empty when the activity is on a lead: lead_id)",
                nullable=True,
                references=CUSTOMER_FK,
                chinese="客户编号",
            ),
            Column(
                "lead_id",
                "id",
                "Lead the activity was spent on (prospect time), instead of a customer",
                **OPTIONAL,
                references="leads.lead_id",
                chinese="线索编号",
            ),
            Column("date", "date", "Date of the activity", chinese="日期"),
            Column(
                "type",
                "text",
                "Kind of activity (visit, call, event, greeting, training, complaint, ...; senior_visit, service, "
                "customer_meeting and supply_planning evidence the key-account practices of the policy)",
                chinese="类型",
            ),
            Column("account_manager", "text", "Who carried it out", chinese="客户经理"),
            Column("hours", "number", "Selling time spent, in hours", min=0, chinese="小时"),
            Column(
                "outcome",
                "category",
                "Outcome of a collection call, as the worklist records it (kam import-calls)",
                required=False,
                nullable=True,
                allowed=CALL_OUTCOMES,
                chinese="通话结果",
            ),
            Column(
                "next_step", "text", "Next step agreed on the call", required=False, nullable=True, chinese="下一步"
            ),
        ),
        chinese="销售活动",
        key=("activity_id",),
        large=True,
        rules=(
            RowRule(
                "customer_id",
                "one of",
                "lead_id",
                "an activity belongs to one customer or one lead: exactly one of customer_id and lead_id",
            ),
        ),
    ),
    Table(
        "leads",
        "Prospects not yet buying, qualified by Money, Authority and Need (MAN).",
        (
            Column("lead_id", "id", "Unique lead number", chinese="线索编号"),
            Column("company", "text", "Company name", chinese="公司名称"),
            Column("region", "text", "Sales region", chinese="区域"),
            Column("owner", "text", "Account manager who owns the lead", chinese="负责人"),
            Column("money", "bool", "Has the money to buy (M)", chinese="购买力"),
            Column("authority", "bool", "Contact has the authority to decide (A)", chinese="决策权"),
            Column("need", "bool", "Has a need for our offer (N)", chinese="需求"),
            money_column("estimated_annual_value", "Estimated yearly purchases if won", "预计年采购额"),
        ),
        chinese="销售线索",
        key=("lead_id",),
    ),
    Table(
        "contacts",
        "People at the customer.",
        (
            Column("customer_id", "id", "Customer", references=CUSTOMER_FK, chinese="客户编号"),
            Column("name", "text", "Contact name", chinese="姓名"),
            Column("role", "text", "Role or title", chinese="职务"),
            Column("birthday", "date", "Birthday", required=False, nullable=True, chinese="生日"),
            Column("phone", "text", "Phone number", required=False, nullable=True, chinese="电话"),
        ),
        chinese="联系人",
        key=(),
        optional=True,
    ),
    Table(
        "relationships",
        "The relationship level and type recorded with a date (the history of the material's ladder: "
        "buyer 买主, priority purchaser 优先采购者, partner 合作伙伴, strategic alliance 战略联盟). A "
        "customer's level on a day is its latest record on or before it, else customers.relationship_state.",
        (
            Column("customer_id", "id", "Customer", references=CUSTOMER_FK, chinese="客户编号"),
            Column("date", "date", "Date the level was assessed", chinese="日期"),
            Column(
                "relationship_state",
                "category",
                "Relationship level from that date (the codes of customers.relationship_state)",
                allowed=RELATIONSHIP_STATES,
                chinese="关系等级",
            ),
            Column(
                "relationship_quality",
                "category",
                "Type of the relationship: loose (松散), conflict (冲突) or win_win (共赢)",
                **OPTIONAL,
                allowed=RELATIONSHIP_QUALITIES,
                chinese="关系类型",
            ),
            Column("note", "text", "What the level rests on (notes on the quality)", **OPTIONAL, chinese="备注"),
            Column("recorded_by", "text", "Who recorded it", **OPTIONAL, chinese="记录人"),
        ),
        chinese="客户关系记录",
        key=("customer_id", "date"),
        optional=True,
    ),
)
