"""Snapshots (月度快照): each customer's classification, grade and limit as a month ended, kept so that
a later month compares with what was true then, not with last month recomputed from today's attributes."""

from __future__ import annotations

from ._accounts import RELATIONSHIP_LEVELS, RELATIONSHIP_STATES
from ._model import CUSTOMER_FK, OPTIONAL, Column, Table, money_column

#: The tiers of the key-account pyramid, highest first (the segments' ``TIER_ORDER``).
TIERS = ("key", "ordinary", "prospect", "unattractive")
#: The stages of the relationship lifecycle.
LIFECYCLE_STAGES = ("breakthrough", "growth", "harvest", "defense", "hibernation")
#: The statuses of a customer.
STATUSES = ("new", "active", "lost", "prospect", "non-customer")


def _score(name: str, description: str, chinese: str) -> Column:
    return Column(name, "number", description, min=0.0, max=1.0, chinese=chinese, **OPTIONAL)


SNAPSHOT_TABLES: tuple[Table, ...] = (
    Table(
        "snapshots",
        "Each customer's tier, class scores, credit grade and limit, lifecycle stage, status and relationship as "
        "they were at the end of a month, one row per customer and period. Written by kamtools: every `kam report` "
        "run stores its period's snapshot (unless `--no-snapshot`) and `kam snapshot --period YYYY-MM` stores one; "
        "storing a period again replaces that period's rows only. The tier migration, the moves up and down, the "
        "accounts to promote and the grade changes compare with the stored snapshot of the earlier period and say "
        "when there is none and they recompute it from today's attributes. `kam import` of a source without "
        "snapshots keeps the store's (for the customers the source still has); a source may bring them "
        "(a snapshots file, such as `kam export` writes from an earlier store), checked as every table.",
        (
            Column("customer_id", "id", "Customer", references=CUSTOMER_FK, chinese="客户编号"),
            Column("period", "text", "Month of the snapshot, written YYYY-MM (as of its last day)", chinese="期间"),
            Column("tier", "category", "Tier of the key-account pyramid", allowed=TIERS, chinese="客户层级"),
            _score("value_score", "Value score of the classification (0-1)", "价值得分"),
            _score("potential_score", "Potential score of the classification (0-1)", "潜力得分"),
            _score("relationship_score", "Relationship score of the classification (0-1)", "关系得分"),
            _score("attractiveness_score", "Attractiveness score of the classification (0-1)", "吸引力得分"),
            _score("composite", "Composite score that ranks the pyramid (0-1)", "综合得分"),
            Column(
                "grade",
                "text",
                "Credit grade in use (after an analyst's override); empty: nothing known then",
                **OPTIONAL,
                chinese="信用等级",
            ),
            Column("score", "number", "Credit score 0-100", min=0.0, max=100.0, **OPTIONAL, chinese="信用评分"),
            money_column("credit_limit", "Credit limit in force (0: none)", "信用额度", required=False, nullable=True),
            Column(
                "stage",
                "category",
                "Stage of the relationship lifecycle",
                allowed=LIFECYCLE_STAGES,
                **OPTIONAL,
                chinese="生命周期阶段",
            ),
            Column("status", "category", "Customer status", allowed=STATUSES, **OPTIONAL, chinese="客户状态"),
            Column(
                "relationship_state",
                "category",
                "State of the relationship then",
                allowed=RELATIONSHIP_STATES,
                **OPTIONAL,
                chinese="关系状态",
            ),
            Column(
                "relationship_level",
                "category",
                "Highest level of the customer we reached then",
                allowed=RELATIONSHIP_LEVELS,
                **OPTIONAL,
                chinese="关系层级",
            ),
            Column("written_on", "date", "Day the snapshot was stored", chinese="写入日期"),
        ),
        chinese="月度快照",
        key=("customer_id", "period"),
        optional=True,
    ),
)
