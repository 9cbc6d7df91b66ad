"""How the columns of the contact calendar and of the key-account practices are shown, and the
labels of their codes (declarative; :mod:`kamtools.output.computed_columns` and
:mod:`kamtools.output.codes` join them).

>>> CALENDAR["due_on"].zh, CALENDAR_CODES["calendar_event"]["visit_overdue"]
('应拜访日', ('visit overdue', '拜访逾期'))
"""

from __future__ import annotations

from .column_format import Format

#: The columns of :func:`kamtools.calendar_plan.contact_calendar` and
#: :func:`kamtools.practices.practice_check` that the data model does not name.
CALENDAR: dict[str, Format] = {
    "event": Format("text", "What", "事项"),
    "last_visit": Format("date", "Last visit", "上次拜访"),
    "due_on": Format("date", "Due on", "应拜访日"),
    "days_overdue": Format("days", "Days overdue", "逾期天数"),
    "visit_months": Format("months", "Visit every (months)", "拜访间隔（月）"),
    "contact": Format("text", "Contact", "联系人"),
    "holiday": Format("text", "Holiday", "节日"),
    "holiday_zh": Format("text", "Holiday (Chinese)", "节日（中文）"),
    "years": Format("count", "Years", "周年"),
    "detail": Format("text", "Detail", "说明"),
    # the key-account practices of a tier (kamtools.practices)
    "practice": Format("text", "Practice", "服务措施"),
    "name_zh": Format("text", "Name (Chinese)", "名称（中文）"),
    "activity_types": Format("text", "Evidenced by", "佐证活动类型"),
    "min_count": Format("count", "Needed in 12 months", "12个月内应有次数"),
    "recorded": Format("count", "Recorded in 12 months", "12个月内记录次数"),
    "practice_status": Format("text", "Happened", "落实情况"),
}

#: Value codes of these columns: what a calendar row is, whether a practice happened.
CALENDAR_CODES: dict[str, dict[str, tuple[str, str]]] = {
    "calendar_event": {
        "holiday": ("holiday", "节日"),
        "collection_visit": ("collection visit", "催收拜访"),
        "visit_overdue": ("visit overdue", "拜访逾期"),
        "senior_visit_overdue": ("senior visit overdue", "高层拜访逾期"),
        "visit_due": ("visit due", "应拜访"),
        "senior_visit_due": ("senior visit due", "应高层拜访"),
        "contract_renewal": ("contract renewal", "合同续约"),
        "birthday": ("contact's birthday", "联系人生日"),
        "founding_day": ("customer's founding day", "客户成立纪念日"),
    },
    "practice_status": {
        "done": ("happened", "已落实"),
        "partly": ("in part", "部分落实"),
        "missing": ("not recorded", "未落实"),
    },
}
#: Columns holding those codes under another name.
CALENDAR_DOMAINS: dict[str, str] = {"event": "calendar_event"}

__all__ = ["CALENDAR", "CALENDAR_CODES", "CALENDAR_DOMAINS"]
