"""The contact calendar as files: one Excel workbook (a row per event, the account manager in a
column) and one .ics file per account manager that any calendar application opens (Outlook,
Google, Apple, DingTalk, WeCom).

Each event is a whole day: its title names what it is and the customer, its description says
why (due since when, the last visit, the contact, the contract, the dunning level). The file of
an account manager is named from the manager's name by :func:`kamtools.paths.safe_name`; the
text of the data goes into the calendar's properties escaped as RFC 5545 says (as the ``icalendar``
library escapes it).
``kam calendar`` (:func:`calendar_main`) writes them into ``<out>/<period>/calendar/``, built
aside and moved into place; the monthly report writes them into its period folder.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..calendar_plan import calendar_month, contact_calendar
from ..paths import folder_mode, move_into_place, safe_name
from ..periods import as_date
from ..text import number
from . import labels
from .excel import write_workbook

__all__ = ["CalendarFiles", "calendar_details", "calendar_file_names", "write_calendar", "write_calendar_files"]

#: The columns of the workbook's sheet, in order.
SHEET_COLUMNS: tuple[str, ...] = (
    "account_manager",
    "date",
    "event",
    "customer_id",
    "name",
    "detail",
    "tier",
    "stage",
    "last_visit",
    "due_on",
    "days_overdue",
    "contact",
    "role",
    "contract_id",
    "end_date",
    "contract_value",
    "dunning_level",
    "overdue",
)


@dataclass
class CalendarFiles:
    """What :func:`write_calendar` wrote: the folder, the workbook and the .ics file of each manager."""

    folder: Path
    workbook: Path
    ics: dict[str, Path]
    events: int


def _day(s: pd.Series) -> pd.Series:
    return s.dt.strftime("%Y-%m-%d").fillna("")


def _details(cal: pd.DataFrame, lang: str) -> pd.Series:
    """Why each event is in the calendar, in one language (``en`` or ``zh``), built column-wise."""
    zh = lang == "zh"
    last, due = _day(cal["last_visit"]), _day(cal["due_on"])
    months = cal["visit_months"].astype("string").fillna("")
    days = cal["days_overdue"].astype("string").fillna("")
    seen = np.where(last != "", ("上次拜访 " if zh else "last visit ") + last, "从未拜访" if zh else "never visited")
    monthly = months == "1"
    if zh:
        every = pd.Series(np.where(monthly, "每月一次", "每" + months + "个月一次"), index=cal.index)
    else:
        every = pd.Series(np.where(monthly, "every month", "every " + months + " months"), index=cal.index)
    sep = "；" if zh else "; "
    late = np.where(
        due != "", (due + "起逾期" + days + "天") if zh else ("due since " + due + ", " + days + " days"), ""
    )
    on_time = ("应于 " + due) if zh else ("due on " + due)
    role = cal["role"].map(lambda r: labels.value("contact_role", r, lang) if r else "")
    level = cal["dunning_level"].map(lambda v: labels.value("dunning_level", v, lang) if v else "")
    overdue = cal["overdue"].map(lambda v: number(v, ",.2f"))
    years = cal["years"].astype("string").fillna("")
    end = _day(cal["end_date"])
    choices = {
        "visit_overdue": pd.Series(late, index=cal.index) + sep + every + sep + seen,
        "visit_due": on_time + sep + every + sep + seen,
        "holiday": cal["holiday_zh"] if zh else cal["holiday"],
        "birthday": cal["contact"] + np.where(role != "", " (" + role + ")", ""),
        "founding_day": ("成立" + years + "周年") if zh else ("founded " + years + " years ago"),
        "contract_renewal": ("合同 " + cal["contract_id"] + " 于 " + end + " 到期：洽谈续约")
        if zh
        else ("contract " + cal["contract_id"] + " ends on " + end + ": negotiate its renewal"),
        "collection_visit": ("催款等级：" + level + "；逾期 " + overdue)
        if zh
        else ("dunning level: " + level + "; overdue " + overdue),
    }
    choices["senior_visit_overdue"] = choices["visit_overdue"]
    choices["senior_visit_due"] = choices["visit_due"]
    out = pd.Series("", index=cal.index, dtype="object")
    for event, text in choices.items():
        hit = cal["event"] == event
        out[hit] = pd.Series(text, index=cal.index)[hit]
    return out.str.replace(r"^[;； ]+", "", regex=True).astype("str")


def calendar_details(cal: pd.DataFrame, lang: str | None = None) -> pd.Series:
    """Why each event of :func:`kamtools.calendar_plan.contact_calendar` is there, in the
    report's language (``both``: the Chinese, then the English).

    >>> cal = pd.DataFrame({"event": ["founding_day"], "years": pd.array([20], dtype="Int64")})
    >>> calendar_details(cal, "both").tolist()
    ['成立20周年 / founded 20 years ago']
    """
    cal = _complete(cal)
    lang = lang or labels.language()
    if lang in ("en", "zh"):
        return _details(cal, lang)
    zh, en = _details(cal, "zh"), _details(cal, "en")
    return (zh + " / " + en).where(zh != en, zh).astype("str")


def _complete(cal: pd.DataFrame) -> pd.DataFrame:
    """``cal`` with every column of the calendar (those missing empty)."""
    out = cal.copy()
    for col in ("last_visit", "due_on", "end_date"):
        out[col] = pd.to_datetime(out[col]) if col in out else pd.Series(pd.NaT, index=out.index)
    for col in ("visit_months", "days_overdue", "years"):
        out[col] = out[col].astype("Int64") if col in out else pd.Series(pd.NA, index=out.index, dtype="Int64")
    for col in ("overdue", "contract_value"):
        out[col] = out[col] if col in out else np.nan
    for col in ("role", "dunning_level", "holiday", "holiday_zh", "contact", "contract_id", "name", "customer_id"):
        out[col] = out[col].fillna("").astype("str") if col in out else ""
    return out


def calendar_file_names(month: str, managers: Any) -> dict[str, str]:
    """The file of each account manager's calendar: ``calendar_<month>_<safe name>.ics``.

    >>> calendar_file_names("2026-11", ["Wang Li"])
    {'Wang Li': 'calendar_2026-11_Wang_Li_b0b19f5c.ics'}
    """
    return {str(m): f"calendar_{month}_{safe_name(str(m))}.ics" for m in managers}


def _summary(row: Mapping[str, Any], lang: str) -> str:
    what = str(labels.value("event", row["event"], lang))
    colon, left, right = ("：", "（", "）") if lang == "zh" else (": ", " (", ")")
    if row["event"] == "holiday":
        return f"{what}{colon}{labels.pick(row['holiday'], row['holiday_zh'], lang)}"
    return f"{what}{colon}{row['name']}{left}{row['customer_id']}{right}"


def _uid(manager: str, row: Mapping[str, Any]) -> str:
    """The same event keeps its id from one run to the next (a calendar application updates it)."""
    key = (
        "|".join(str(row[c]) for c in ("event", "customer_id", "contact", "contract_id", "holiday"))
        + f"|{manager}|{row['date']:%Y-%m-%d}"
    )
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32] + "@kamtools"


def _escaped(text: str) -> str:
    """``text`` as an iCalendar TEXT value (RFC 5545 3.3.11; the escaping of the ``icalendar`` library)."""
    return (
        text.replace(r"\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", r"\;")
        .replace(",", r"\,")
        .replace("\r\n", r"\n")
        .replace("\n", r"\n")
        .replace("\r", r"\n")
    )


def _folded(line: str, limit: int = 75) -> str:
    """A content line folded before it reaches ``limit`` octets (RFC 5545 3.1), never inside a
    character nor right after a backslash or caret (the folding of the ``icalendar`` library):
    each part the most whole characters of fewer than ``limit`` octets."""
    if len(line) < limit and line.isascii():
        return line
    raw, most = line.encode("utf-8"), limit - 1
    parts, start = [], 0
    while len(raw) - start > most:
        end = start + most
        while raw[end] & 0xC0 == 0x80:  # not inside a character
            end -= 1
        if end - start > 1 and raw[end - 1] in b"\\^":  # an escape's backslash starts the next part
            end -= 1
        parts.append(raw[start:end])
        start = end
    parts.append(raw[start:])
    return b"\r\n ".join(parts).decode("utf-8")


def ics_calendar(cal: pd.DataFrame, manager: str, month: str, lang: str | None = None) -> bytes:
    """One account manager's events as an iCalendar file (all-day events), in ``lang``.

    Written line by line, as the ``icalendar`` library writes the same calendar (properties in its
    order, text escaped and lines folded as it does) without building an object per property.
    """
    lang = lang or labels.language()
    rows = cal[cal["account_manager"] == manager]
    details = calendar_details(rows, lang).tolist()
    name = f"{labels.pick('Contact calendar', '客户联络日历', lang)} {month}: {manager}"
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//kamtools//contact calendar//EN"]
    if "\n" in name:
        raise ValueError(f"a calendar's name holds a line break: {name!r}")
    lines.append(_folded(f"X-WR-CALNAME:{name}"))  # as written (the library writes this property unescaped)
    stamp = f"DTSTAMP:{dt.date.fromisoformat(f'{month}-01'):%Y%m%d}T000000Z"
    what = {e: str(labels.value("event", e, lang)) for e in rows["event"].unique()}
    for row, detail in zip(rows.to_dict("records"), details):
        day = pd.Timestamp(row["date"]).date()
        lines += [
            "BEGIN:VEVENT",
            _folded(f"SUMMARY:{_escaped(_summary(row, lang))}"),
            f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{day + dt.timedelta(days=1):%Y%m%d}",
            stamp,
            _folded(f"UID:{_escaped(_uid(manager, row))}"),
            _folded(f"CATEGORIES:{_escaped(what[row['event']])}"),
            _folded(f"DESCRIPTION:{_escaped(detail)}"),
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def calendar_sheet(cal: pd.DataFrame, lang: str | None = None) -> pd.DataFrame:
    """The workbook's sheet: the calendar's columns a reader needs, with the ``detail`` of each event."""
    out = _complete(cal)
    out["detail"] = calendar_details(out, lang)
    return out.reindex(columns=list(SHEET_COLUMNS))


def write_calendar(cal: pd.DataFrame, folder: str | os.PathLike, month: str, lang: str | None = None) -> CalendarFiles:
    """Write ``cal`` (:func:`kamtools.calendar_plan.contact_calendar`) into ``folder``: the workbook
    ``calendar_<month>.xlsx`` (headers and codes in the report's language) and one .ics file per
    account manager (:func:`calendar_file_names`)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    managers = sorted(cal["account_manager"].unique())
    workbook = write_workbook(
        folder / f"calendar_{month}.xlsx",
        {labels.pick("Calendar", "联络日历", lang): calendar_sheet(cal, lang)},
        index=False,
        labels=True,
        money_columns=("contract_value", "overdue"),
    )
    ics = {}
    for manager, name in calendar_file_names(month, managers).items():
        (folder / name).write_bytes(ics_calendar(cal, manager, month, lang))
        ics[manager] = folder / name
    return CalendarFiles(folder, workbook, ics, len(cal))


def write_calendar_files(
    data: Any, as_of: Any, out: str | os.PathLike, policy: Any = None, lang: str | None = None, **known: Any
) -> CalendarFiles:
    """The contact calendar of the month after ``as_of`` into the folder ``out`` (``calendar/`` of a
    period), built aside and moved into place whole; ``known`` passes the tiers, stages or dunning
    levels the caller has (:func:`kamtools.calendar_plan.contact_calendar`)."""
    start, _ = calendar_month(as_of)
    month = f"{start:%Y-%m}"
    cal = contact_calendar(data, as_date(as_of), policy, **known)
    final = Path(out)
    final.parent.mkdir(parents=True, exist_ok=True)
    build = Path(tempfile.mkdtemp(prefix=".calendar.building-", dir=final.parent))
    try:
        files = write_calendar(cal, build, month, lang)
        os.chmod(build, folder_mode())
        move_into_place(build, final)
    except BaseException:
        shutil.rmtree(build, ignore_errors=True)
        raise
    return CalendarFiles(
        final, final / files.workbook.name, {m: final / p.name for m, p in files.ics.items()}, files.events
    )
