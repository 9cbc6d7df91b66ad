"""The contact calendar (kamtools.calendar_plan, kam calendar) on a hand-made book: exactly the
visits, birthdays, holidays, founding days, renewals and collection visits worked out by hand; the
.ics files read back with icalendar, the workbook with openpyxl; the key-account practices."""

from __future__ import annotations

import datetime as dt
import random

import icalendar
import openpyxl
import pandas as pd
import pytest
from bs4 import BeautifulSoup

import kamtools as kt
from kamtools import cli
from kamtools.account_plan import account_profile
from kamtools.output import labels
from kamtools.output.calendar_files import (
    _summary,
    _uid,
    calendar_details,
    calendar_file_names,
    ics_calendar,
    write_calendar,
)
from kamtools.policy import PolicyError, load_policy
from kamtools.report.plans import page

AS_OF = "2026-09-30"  # the calendar covers October 2026 (National Day on the 1st)

CUSTOMERS = pd.DataFrame(
    {
        "customer_id": ["K1", "O1", "O2", "O3", "U1", "P1"],
        "name": ["华东机电有限公司", "Northwind Trading", "深圳恒通电子", "Acme Plastics", "Dull Co", "New Prospect"],
        "industry": ["machinery"] * 6,
        "region": ["East"] * 6,
        "account_manager": ["Wang Li", "Wang Li", "Zhang Wei", "Zhang Wei", "Zhang Wei", "Wang Li"],
        "founded_on": pd.to_datetime(["2001-10-20", "1999-03-01", None, None, None, None]),
    }
)
TIERS = pd.Series({"K1": "key", "O1": "ordinary", "O2": "ordinary", "O3": "ordinary", "U1": "unattractive",
                   "P1": "prospect"})  # fmt: skip
STAGES = pd.Series({"K1": "harvest", "O1": "harvest", "O2": "defense", "O3": "harvest", "U1": "defense",
                    "P1": "breakthrough"})  # fmt: skip


def _activities() -> pd.DataFrame:
    rows = [
        ("a1", "K1", "2026-09-12", "visit"),  # key: monthly -> due 2026-10-12
        ("a2", "K1", "2026-05-20", "senior_visit"),  # senior quarterly -> due 2026-08-20: 42 days overdue on Oct 1
        ("a3", "O1", "2026-06-15", "visit"),  # ordinary: quarterly -> due 2026-09-15: 16 days overdue
        ("a4", "O2", "2026-09-30", "service"),  # defense: monthly -> due 2026-10-30 (a service visit counts)
        ("a5", "O2", "2026-09-25", "call"),  # not a visit
        ("a6", "O3", "2026-08-05", "visit"),  # quarterly -> due 2026-11-05: not in October
        ("a7", "O3", "2026-10-03", "visit"),  # after the data's date: not seen
        ("a8", "U1", "2026-01-10", "visit"),  # unattractive: no planned visits, whatever its stage
    ]
    return pd.DataFrame(
        [
            {"activity_id": i, "customer_id": c, "date": d, "type": t, "account_manager": "x", "hours": 1.0}
            for i, c, d, t in rows
        ]
    )


CONTACTS = pd.DataFrame(
    {
        "customer_id": ["K1", "O1", "P1", "O2"],
        "name": ["Li Ming", "Ann Lee", "Bo Chen", "Zhao Qing"],
        "role": ["purchasing manager", "owner", "owner", "general manager"],
        "birthday": pd.to_datetime(["1980-10-08", "1975-11-02", None, "1990-09-30"]),
    }
)
CONTRACTS = pd.DataFrame(
    {
        "contract_id": ["HT-1", "HT-2", "HT-3", "HT-4"],
        "customer_id": ["K1", "O1", "O2", "O2"],
        "start_date": pd.to_datetime(["2025-11-01", "2026-01-01", "2025-10-16", "2026-10-16"]),
        "end_date": pd.to_datetime(["2026-10-31", "2026-12-31", "2026-10-15", "2027-10-15"]),
        # HT-1: talks from Oct 1; HT-2: the policy's 60 days -> Nov 1, not in October; HT-3: renewed by HT-4
        "renewal_notice_days": pd.array([30, None, 90, 90], dtype="Int64"),
        "contract_value": [1_200_000.0, 300_000.0, 500_000.0, 520_000.0],
    }
)
INVOICES = pd.DataFrame(
    {
        "invoice_id": ["I1", "I2"],
        "customer_id": ["O1", "K1"],
        "invoice_date": ["2026-07-01", "2026-08-21"],
        "due_date": ["2026-08-01", "2026-09-20"],  # O1: 60 days past due (formal letter); K1: 10 (reminder)
        "amount": [10_000.0, 5_000.0],
        "cost": [8_000.0, 4_000.0],
    }
)


def book() -> kt.KamData:
    return kt.facts.source(
        customers=CUSTOMERS,
        activities=_activities(),
        contacts=CONTACTS,
        contracts=CONTRACTS,
        invoices=INVOICES,
        payments=pd.DataFrame({"payment_id": [], "customer_id": [], "payment_date": [], "amount": []}),
    )


#: The calendar worked out by hand: (manager, date, event, customer, what identifies it).
EXPECTED = [
    ("Wang Li", "2026-10-01", "holiday", "", "National Day"),
    ("Wang Li", "2026-10-01", "visit_overdue", "O1", "due since 2026-09-15, 16 days; every 3 months"),
    ("Wang Li", "2026-10-01", "visit_overdue", "P1", "never visited"),
    ("Wang Li", "2026-10-01", "senior_visit_overdue", "K1", "due since 2026-08-20, 42 days; every 3 months"),
    ("Wang Li", "2026-10-01", "contract_renewal", "K1", "contract HT-1 ends on 2026-10-31"),
    ("Wang Li", "2026-10-05", "collection_visit", "O1", "Formal dunning letter; overdue 10,000.00"),
    ("Wang Li", "2026-10-08", "birthday", "K1", "Li Ming (purchasing manager)"),
    ("Wang Li", "2026-10-12", "visit_due", "K1", "due on 2026-10-12; every month; last visit 2026-09-12"),
    ("Wang Li", "2026-10-20", "founding_day", "K1", "founded 25 years ago"),
    ("Zhang Wei", "2026-10-01", "holiday", "", "National Day"),
    ("Zhang Wei", "2026-10-30", "visit_due", "O2", "due on 2026-10-30; every month"),
]


@pytest.fixture(scope="module")
def calendar() -> pd.DataFrame:
    return kt.contact_calendar(book(), AS_OF, tiers=TIERS, stages=STAGES)


def test_the_calendar_of_a_hand_made_book_lists_exactly_the_expected_events(calendar):
    got = [(r.account_manager, f"{r.date:%Y-%m-%d}", r.event, r.customer_id) for r in calendar.itertuples()]
    assert got == [e[:4] for e in EXPECTED]


def test_each_event_carries_what_was_worked_out_by_hand(calendar):
    row = {(r.event, r.customer_id or r.account_manager): r for r in calendar.itertuples()}
    k1_senior, o1_visit, p1_visit = (
        row["senior_visit_overdue", "K1"],
        row["visit_overdue", "O1"],
        row["visit_overdue", "P1"],
    )
    assert (k1_senior.last_visit, k1_senior.due_on, k1_senior.days_overdue, k1_senior.visit_months) == (
        pd.Timestamp("2026-05-20"), pd.Timestamp("2026-08-20"), 42, 3)  # fmt: skip
    assert (o1_visit.last_visit, o1_visit.due_on, o1_visit.days_overdue, o1_visit.visit_months) == (
        pd.Timestamp("2026-06-15"), pd.Timestamp("2026-09-15"), 16, 3)  # fmt: skip
    assert pd.isna(p1_visit.last_visit) and pd.isna(p1_visit.due_on) and pd.isna(p1_visit.days_overdue)
    assert p1_visit.visit_months == 1  # the breakthrough stage's month, shorter than the prospect tier's 6
    assert row["visit_due", "K1"].last_visit == pd.Timestamp("2026-09-12")  # the visit, not the older senior one
    assert row["visit_due", "O2"].visit_months == 1  # defense: monthly, not the ordinary tier's quarter
    assert (row["birthday", "K1"].contact, row["birthday", "K1"].role) == ("Li Ming", "purchasing manager")
    assert row["founding_day", "K1"].years == 25
    renewal = row["contract_renewal", "K1"]
    assert (renewal.contract_id, renewal.end_date, renewal.due_on, renewal.contract_value) == (
        "HT-1", pd.Timestamp("2026-10-31"), pd.Timestamp("2026-10-01"), 1_200_000.0)  # fmt: skip
    collect = row["collection_visit", "O1"]
    assert (collect.dunning_level, collect.overdue) == ("formal_letter", 10_000.0)
    holidays = calendar[calendar["event"] == "holiday"]
    assert set(holidays["holiday"]) == {"National Day"} and set(holidays["holiday_zh"]) == {"国庆节"}


def test_the_policy_sets_the_frequencies_the_holidays_and_the_collection_day():
    pol = load_policy(
        {
            "calendar": {
                "visit_months": {"ordinary": 1},
                "collection_visit_day": 10,
                "holidays": [{"date": "2026-10-18", "name": "Company day", "name_zh": "公司日"}],
            }
        }
    )
    cal = kt.contact_calendar(book(), AS_OF, pol, tiers=TIERS, stages=STAGES)
    by = {(r.event, r.customer_id or r.account_manager): r for r in cal.itertuples()}
    assert by["visit_overdue", "O1"].due_on == pd.Timestamp("2026-07-15")  # monthly now: due a month after
    assert by["visit_overdue", "O3"].due_on == pd.Timestamp("2026-09-05")  # was November's
    assert ("visit_due", "O2") in by  # defense is monthly anyway
    assert by["collection_visit", "O1"].date == pd.Timestamp("2026-10-10")
    assert {by["holiday", m].holiday_zh for m in ("Wang Li", "Zhang Wei")} == {"公司日"}
    assert ("holiday", "National Day") not in {(e, h) for e, h in zip(cal["event"], cal["holiday"])}


def test_a_birthday_of_29_february_falls_on_the_28th_in_a_common_year():
    contacts = pd.DataFrame({"customer_id": ["K1"], "name": ["Leap"], "role": ["owner"],
                             "birthday": pd.to_datetime(["1988-02-29"])})  # fmt: skip
    data = kt.facts.source(customers=CUSTOMERS, activities=_activities(), contacts=contacts)
    cal = kt.contact_calendar(data, "2027-01-31", tiers=TIERS, stages=STAGES)
    assert cal.loc[cal["event"] == "birthday", "date"].tolist() == [pd.Timestamp("2027-02-28")]


def test_a_holiday_that_is_not_a_date_is_refused_naming_the_key():
    with pytest.raises(PolicyError, match=r"calendar\.holidays.*2026-02-30"):
        load_policy({"calendar": {"holidays": [{"date": "2026-02-30", "name": "x", "name_zh": "x"}]}})


def test_the_ics_files_open_with_icalendar(calendar, tmp_path):
    labels.use("en")
    try:
        files = write_calendar(calendar, tmp_path, "2026-10")
    finally:
        labels.use("both")
    assert set(files.ics) == {"Wang Li", "Zhang Wei"}
    assert files.ics["Wang Li"].name == calendar_file_names("2026-10", ["Wang Li"])["Wang Li"]
    cal = icalendar.Calendar.from_ical(files.ics["Wang Li"].read_bytes())
    events = cal.walk("VEVENT")
    expected = [e for e in EXPECTED if e[0] == "Wang Li"]
    assert [e.decoded("dtstart") for e in events] == [dt.date.fromisoformat(e[1]) for e in expected]
    assert all(e.decoded("dtend") - e.decoded("dtstart") == dt.timedelta(days=1) for e in events)
    summaries = [str(e["summary"]) for e in events]
    assert summaries[0] == "holiday: National Day"
    assert summaries[1] == "visit overdue: Northwind Trading (O1)"
    assert summaries[7] == "visit due: 华东机电有限公司 (K1)"
    descriptions = [str(e["description"]) for e in events]
    for (_, _, _, _, words), text in zip(expected, descriptions):
        assert words in text, (words, text)
    assert len({str(e["uid"]) for e in events}) == len(events)
    zhang = icalendar.Calendar.from_ical(files.ics["Zhang Wei"].read_bytes()).walk("VEVENT")
    assert [str(e["summary"]) for e in zhang] == ["holiday: National Day", "visit due: 深圳恒通电子 (O2)"]


def _by_icalendar(cal: pd.DataFrame, manager: str, month: str, lang: str) -> bytes:
    """The same calendar built property by property with the icalendar library."""
    rows = cal[cal["account_manager"] == manager]
    details = calendar_details(rows, lang)
    book = icalendar.Calendar()
    book.add("prodid", "-//kamtools//contact calendar//EN")
    book.add("version", "2.0")
    book.add("x-wr-calname", f"{labels.pick('Contact calendar', '客户联络日历', lang)} {month}: {manager}")
    stamp = dt.datetime.combine(dt.date.fromisoformat(f"{month}-01"), dt.time(), tzinfo=dt.UTC)
    for i, row in rows.iterrows():
        day = pd.Timestamp(row["date"]).date()
        event = icalendar.Event()
        event.add("uid", _uid(manager, row))
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        event.add("dtend", day + dt.timedelta(days=1))
        event.add("summary", _summary(row, lang))
        event.add("description", details[i])
        event.add("categories", [str(labels.value("event", row["event"], lang))])
        event.add("transp", "TRANSPARENT")
        book.add_component(event)
    return book.to_ical()


@pytest.mark.parametrize("lang", ["en", "zh", "both"])
def test_the_ics_files_are_the_bytes_icalendar_writes(calendar, lang):
    odd = calendar.copy()
    odd.loc[odd.index[0], "name"] = "Comma, Semicolon; Back\\slash \\N and\nnew line\r\nend"
    odd.loc[odd.index[1], "name"] = (
        "长" * 40 + "\\" + "x" * 30 + "^" + "名" * 25
    )  # folds inside escapes and wide characters
    odd.loc[odd.index[2], "name"] = "a" * 73
    odd.loc[odd.index[2], "account_manager"] = "Zhang, Wei; \\ 张伟" * 4
    rng = random.Random(7)  # names of every length around the folds, of escapes, wide characters and emoji
    alphabet = ["a", "Z", " ", ",", ";", "\\", "^", "\n", "名", "é", "😀", ":"]
    for i in range(3, len(odd)):
        odd.loc[odd.index[i], "name"] = "".join(rng.choice(alphabet) for _ in range(rng.randrange(40, 160)))
    for manager in odd["account_manager"].unique():
        assert ics_calendar(odd, manager, "2026-10", lang) == _by_icalendar(odd, manager, "2026-10", lang)


def test_the_workbook_has_every_event_with_headers_in_both_languages(calendar, tmp_path):
    labels.use("both")
    files = write_calendar(calendar, tmp_path, "2026-10")
    ws = openpyxl.load_workbook(files.workbook).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:6] == ("客户经理 Account manager", "日期 Date", "事项 What", "客户编号 Customer ID",
                           "客户名称 Name", "说明 Detail")  # fmt: skip
    assert len(rows) == 1 + len(EXPECTED)
    assert rows[1][2] == "节日 Holiday" and rows[1][5] == "国庆节 / National Day"
    assert [r[3] or "" for r in rows[1:]] == [e[3] for e in EXPECTED]
    founding = rows[9]
    assert founding[5] == "成立25周年 / founded 25 years ago"


def test_kam_calendar_writes_the_files_of_the_month_after_the_period(tmp_path, capsys):
    db = tmp_path / "kam.duckdb"
    data = book()
    kt.KamData({name: data.table(name) for name in data.tables}).save(db)
    assert cli.main(["calendar", "--db", str(db), "--period", "2026-09", "--out", str(tmp_path / "out")]) == 0
    folder = tmp_path / "out" / "2026-09" / "calendar"
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["calendar_2026-10.xlsx", *calendar_file_names("2026-10", ["Wang Li", "Zhang Wei"]).values()]
    )
    assert "2026-10" in capsys.readouterr().out
    assert cli.main(["calendar", "--db", str(db), "--period", "2026-13", "--out", str(tmp_path / "bad")]) == 2
    err = capsys.readouterr().err
    assert "2026-13" in err and "Traceback" not in err and not (tmp_path / "bad").exists()


def test_practices_of_the_tier_and_whether_they_happened():
    act = pd.DataFrame(
        {"activities": [4, 2, 1, 9], "hours": [8.0, 2.0, 6.0, 3.0],
         "last_date": pd.to_datetime(["2026-09-01", "2026-08-15", "2026-06-15", "2026-09-20"])},
        index=pd.Index(["senior_visit", "service", "customer_meeting", "call"], name="type"),
    )  # fmt: skip
    key = kt.practice_check(act, "key")
    assert key["practice"].tolist() == ["supply_priority", "senior_visits", "annual_meeting", "dedicated_service"]
    assert key["recorded"].tolist() == [0, 4, 1, 2]
    assert key["practice_status"].tolist() == ["missing", "done", "done", "partly"]
    assert key.loc[1, "last_date"] == pd.Timestamp("2026-09-01") and pd.isna(key.loc[0, "last_date"])
    assert kt.practice_check(act, "ordinary")["practice_status"].tolist() == ["done"]
    assert kt.practice_check(act, "prospect").empty
    own = load_policy({"practices": {"key": [{"key": "service_calls", "name": "Calls", "name_zh": "电话回访",
                                              "activity_types": ["call", "service"], "min_count": 12}]}})  # fmt: skip
    assert kt.practice_check(act, "key", own)[["recorded", "practice_status"]].values.tolist() == [[11, "partly"]]


@pytest.mark.parametrize("language", ["zh", "en", "both"])
def test_the_account_plan_shows_the_tiers_practices_and_whether_they_happened(language):
    data = kt.load()  # the committed sample
    account = account_profile(data, "C000282", "2026-10-31")
    assert account.profile["tier"] == "key"
    acts = data.table("activities")
    acts = acts[(acts["customer_id"] == "C000282") & (acts["date"] > "2025-10-31") & (acts["date"] <= "2026-10-31")]
    counted = [int(acts["type"].isin(p["activity_types"]).sum()) for p in load_policy()["practices"]["key"]]
    labels.use(language)
    try:
        html = page(account, "2026-10")
    finally:
        labels.use("both")
    soup = BeautifulSoup(html, "html.parser")
    head = next(
        h for h in soup.find_all("h2") if ("Key-account practices" if language == "en" else "大客户服务措施") in h.text
    )
    rows = head.find_next("table").find("tbody").find_all("tr")
    assert [int(r.find_all("td")[3].get_text()) for r in rows] == counted and len(rows) == 4
    words = ("Happened", "In part", "Not recorded") if language == "en" else ("已落实", "部分落实", "未落实")
    need = [p["min_count"] for p in load_policy()["practices"]["key"]]
    expected = [words[0] if c >= n else words[1] if c else words[2] for c, n in zip(counted, need)]
    shown = [r.find_all("td")[-1].get_text(" ") for r in rows]
    assert [next((w for w in words if t.startswith(w)), t) for t in shown] == expected


def test_a_line_folds_where_icalendar_folds_it():
    from icalendar.parser import Contentline

    from kamtools.output.calendar_files import _escaped, _folded

    rng = random.Random(11)
    alphabet = ["a", " ", ",", ";", "\\", "^", "\r", "名", "é", "😀", ":", "\n"]
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 240)))
        line = f"DESCRIPTION:{_escaped(text)}"
        assert _folded(line) == Contentline(line).to_ical().decode("utf-8"), text
