"""Customers and the people and time around them: customers, activities, leads, contacts."""

from __future__ import annotations

from ._model import CUSTOMER_FK, OPTIONAL, Column, Table, money_column

ATTRACTIVENESS = ("high", "medium", "low")
RELATIONSHIP_STATES = ("partnership", "strategic_alliance", "cooperative", "transactional", "strained", "none")
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
                "State of the relationship",
                required=False,
                nullable=True,
                allowed=RELATIONSHIP_STATES,
                chinese="关系状态",
            ),
            Column(
                "relationship_level",
                "category",
                "Highest level of the customer we reach",
                required=False,
                nullable=True,
                allowed=RELATIONSHIP_LEVELS,
                chinese="关系层级",
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
            Column("customer_id", "id", "Customer", references=CUSTOMER_FK, chinese="客户编号"),
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
)
