"""The limit in force (现行额度), one definition every place reads, and a limit that waits for the statement.

A tiny book made by hand, on 2026-10-31 (the expected numbers are worked out in the comments). Every
customer is assessed on 2026-06-30 with every factor 3 and has no financial statement: grade BB, starter limit
50,000 (credit.limit.initial_limit), no capacity cap. The over-limit customers owe one invoice of 2026-10-01,
due on 2026-10-31: open, nothing overdue.

Overrides (credit_overrides), the policy's ladder: account manager up to 100,000, direct-sales manager up to
500,000, regional company manager (regional manager, credit committee) without a ceiling; an override lapses 12
months after its date.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import shutil
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from kamtools import credit
from kamtools.account_plan import account_profile, book_tables
from kamtools.ingest import read_source
from kamtools.output import labels
from kamtools.output.forms import credit_forms_register
from kamtools.overview import gap_followups
from kamtools.policy import PolicyError, load_policy
from kamtools.report import summary
from kamtools.report.plans import page
from kamtools.schema import CREDIT_FACTORS, conform, empty_frame
from kamtools.store import KamData

AS_OF = "2026-10-31"
VALID = Path(__file__).parent / "data" / "bad" / "_valid"
POL = load_policy()

#: customer: (approvals [(limit, approver, day, collateral)], override (limit, approver, day, reason, collateral)
#: or None, the open invoice)
BOOK = {
    # approved 34,000 by the account manager in 2023; the regional manager's override of 69,000 (2026-01-18) is
    # later, unexpired and within his authority: the limit in force. Over it: 171,000 - 69,000 = 102,000
    "OV": ([(34000.0, "account manager", "2023-08-24", None)], (69000.0, "regional manager", "2026-01-18",
           "large project order confirmed by contract", None), 171000.0),
    # an account manager's override of 300,000: beyond his 100,000; the approval of 50,000 stays in force.
    # Over it: 80,000 - 50,000 = 30,000
    "BEY": ([(50000.0, "account manager", "2026-01-01", None)], (300000.0, "account manager", "2026-05-02",
            "strategic account", None), 80000.0),
    # an override of 2025-09-30 lapsed on 2026-09-30 (12 months): the approval of 40,000 stays. Over: 20,000
    "EXP": ([(40000.0, "account manager", "2024-06-01", None)], (90000.0, "regional manager", "2025-09-30",
            "project", None), 60000.0),
    # 120,000 approved by the account manager, beyond his 100,000 (an authority breach) until the regional
    # manager's override of 150,000 with 40,000 of collateral replaced it: over 170,000 - 150,000 = 20,000, all
    # of it covered by the collateral
    "COL": ([(120000.0, "account manager", "2025-03-01", None)], (150000.0, "regional manager", "2026-06-30",
            "collateral received: mortgage on the warehouse", 40000.0), 170000.0),
    # a guarantee without its value: the collateral is unknown (covers nothing), never 0. Over: 30,000
    "GAP": ([(100000.0, "direct-sales manager", "2025-03-01", None)], (120000.0, "regional manager", "2026-06-30",
            "parent company guarantee received", None), 150000.0),
    # an override of 2026-02-01, then an approval of 60,000 on 2026-04-01: the later approval is in force.
    # Over: 70,000 - 60,000 = 10,000
    "LATE": ([(60000.0, "direct-sales manager", "2026-04-01", None)], (80000.0, "regional manager", "2026-02-01",
             "project", None), 70000.0),
}  # fmt: skip

#: Customers buying 100,000 a month for 12 months on 30-day terms (invoiced on the 15th, paid on the due date),
#: approved 3,230,000 by the credit committee; no statement. The October invoice (due 2026-11-14) is open.
#: ST: nothing else; STO: the September invoice (due 2026-10-15) unpaid too (100,000 of 200,000 overdue).
BUYERS = {"ST": False, "STO": True}


def _invoices() -> tuple[pd.DataFrame, pd.DataFrame]:
    rows, paid = [], []
    for cid, (_, _, amount) in BOOK.items():
        rows.append((f"I{cid}", cid, "2026-10-01", "2026-10-31", amount))
    for cid, september_open in BUYERS.items():
        for k, day in enumerate(pd.date_range("2025-11-01", "2026-10-01", freq="MS") + pd.Timedelta(days=14)):
            due = day + pd.Timedelta(days=30)
            rows.append((f"I{cid}{k}", cid, day, due, 100000.0))
            if due <= pd.Timestamp(AS_OF) and not (september_open and day.month == 9):
                paid.append((f"P{cid}{k}", cid, due, 100000.0, f"I{cid}{k}"))
    invoices = pd.DataFrame(rows, columns=["invoice_id", "customer_id", "invoice_date", "due_date", "amount"])
    payments = pd.DataFrame(paid, columns=["payment_id", "customer_id", "payment_date", "amount", "invoice_id"])
    return invoices.assign(cost=0.0), payments


def _data() -> KamData:
    ids = [*BOOK, *BUYERS]
    customers = pd.DataFrame({"customer_id": ids, "name": [f"Name {i}" for i in ids], "industry": "Retail"})
    customers = customers.assign(region="East", account_manager="Li", payment_terms_days=30)
    limits = [(c, *a) for c, (approvals, _, _) in BOOK.items() for a in approvals]
    limits += [(c, 3230000.0, "credit committee", "2023-01-18", None) for c in BUYERS]
    overrides = [(c, o[2], None, o[0], o[3], o[1], o[4]) for c, (_, o, _) in BOOK.items() if o]
    factors = pd.DataFrame({"customer_id": ids, "assessed_on": "2026-06-30"})
    for f in CREDIT_FACTORS:
        factors[f] = 3
    invoices, payments = _invoices()
    tables = {
        "customers": customers,
        "invoices": invoices,
        "payments": payments,
        "credit_limits": pd.DataFrame(
            limits, columns=["customer_id", "credit_limit", "approved_by", "approved_on", "collateral"]
        ),
        "credit_overrides": pd.DataFrame(
            overrides, columns=["customer_id", "decided_on", "grade", "limit", "reason", "approved_by", "collateral"]
        ),
        "credit_factors": factors,
        "financials": empty_frame("financials"),
    }
    return KamData({k: conform(v, k) for k, v in tables.items()})


@pytest.fixture(scope="module")
def data() -> KamData:
    return _data()


@pytest.fixture(scope="module")
def lim(data) -> pd.DataFrame:
    return credit.limits(data, AS_OF, POL)


# --------------------------------------------------------------------------- the limit in force
def test_an_override_in_force_is_the_limit_in_force(lim):
    got = lim.loc[list(BOOK), ["approved_limit", "approved_by", "limit_source", "overlimit", "overlimit_uncovered"]]
    assert got.to_dict("index") == {
        "OV": {"approved_limit": 69000.0, "approved_by": "regional manager", "limit_source": "override",
               "overlimit": 102000.0, "overlimit_uncovered": 102000.0},
        "BEY": {"approved_limit": 50000.0, "approved_by": "account manager", "limit_source": "approval",
                "overlimit": 30000.0, "overlimit_uncovered": 30000.0},
        "EXP": {"approved_limit": 40000.0, "approved_by": "account manager", "limit_source": "approval",
                "overlimit": 20000.0, "overlimit_uncovered": 20000.0},
        "COL": {"approved_limit": 150000.0, "approved_by": "regional manager", "limit_source": "override",
                "overlimit": 20000.0, "overlimit_uncovered": 0.0},
        "GAP": {"approved_limit": 120000.0, "approved_by": "regional manager", "limit_source": "override",
                "overlimit": 30000.0, "overlimit_uncovered": 30000.0},
        "LATE": {"approved_limit": 60000.0, "approved_by": "direct-sales manager", "limit_source": "approval",
                 "overlimit": 10000.0, "overlimit_uncovered": 10000.0},
    }  # fmt: skip
    assert lim.loc["OV", "approved_on"] == pd.Timestamp("2026-01-18")
    # the override's collateral is the collateral in force; a guarantee without its value is unknown, not 0
    assert lim.loc["COL", "collateral"] == 40000.0 and math.isnan(lim.loc["GAP", "collateral"])
    assert lim.loc["OV", "collateral"] == 0.0


def test_the_headline_risks_read_the_same_limit(data):
    # the exposure facts (the previous month's headline risks) go through the same limit in force
    facts = credit.exposure_facts(data, pd.Timestamp(AS_OF), POL)
    assert facts.loc["OV", "overlimit"] == 102000.0 and facts.loc["OV", "approved_limit"] == 69000.0


def test_an_override_not_in_force_says_why_in_both_languages(lim):
    status = lim.loc[list(BOOK), "override_status"].to_dict()
    assert status == {
        "OV": "in force until 2027-01-18",
        "BEY": "not in force: 300 k is beyond the authority of account manager (100 k): a limit of 300 k needs "
        "Direct-sales manager",
        "EXP": "not in force: lapsed on 2026-09-30",
        "COL": "in force until 2027-06-30",
        "GAP": "in force until 2027-06-30",
        "LATE": "not in force: the approval of 2026-04-01 is later",
    }
    zh = {c: labels.value("override_status", s, "zh") for c, s in status.items()}
    assert zh["BEY"] == "未生效：30.0万元超出客户经理的审批权限（10.0万元）：该额度须由直销部经理审批"
    assert zh["EXP"] == "未生效：已于2026-09-30到期"
    assert zh["LATE"] == "未生效：2026-04-01另有更晚的审批额度"
    assert zh["OV"] == "生效至2027-01-18"
    # the override beyond authority does not set the limit: the rules do, and its reason says why not
    assert lim.loc["BEY", "limit_rule"] != "override" and lim.loc["BEY", "recommended_limit"] <= 50000.0
    assert (
        "; analyst override 300 k of 2026-05-02 not in force: 300 k is beyond the authority of account manager "
        "(100 k): a limit of 300 k needs Direct-sales manager; "
    ) in lim.loc["BEY", "limit_reason"]
    assert (
        "；2026-05-02的人工调整额度30.0万元未生效：30.0万元超出客户经理的审批权限（10.0万元）：该额度须由直销部经理审批；"
    ) in labels.value("limit_reason", lim.loc["BEY", "limit_reason"], "zh")
    assert lim.loc["OV", "limit_rule"] in ("override", "overdue", "credit_hold", "hold")
    # a guarantee whose value is not recorded: a data gap, said
    assert "the collateral the reason names is not in the collateral table" in lim.loc["GAP", "limit_reason"]
    assert "collateral the reason names" not in lim.loc["COL", "limit_reason"]


def test_the_overrides_on_record_table(data):
    table = credit.overrides_on_record(data, dt.date(2026, 10, 31), POL)  # a date, as the credit page gives it
    # latest first; the limit in force beside each override
    assert table.index.tolist() == ["COL", "GAP", "BEY", "LATE", "OV", "EXP"]
    assert table["approved_limit"].tolist() == [150000.0, 120000.0, 50000.0, 60000.0, 69000.0, 40000.0]
    assert table.loc["EXP", "override_limit"] == 90000.0  # a lapsed override is still on record


def test_holds_breaches_and_the_register_read_the_limit_in_force(data, lim):
    held = credit.holds(data, AS_OF, POL, lim=lim)
    # OV: receivables 171,000 above 110 % of 69,000 (75,900) and exposure above 100 %: collect 102,000
    assert held.loc["OV", "rules"] == "over_limit, utilization"
    assert held.loc["OV", "approved_limit"] == 69000.0 and held.loc["OV", "over_limit_amount"] == 102000.0
    assert held.loc["OV", "release_amount"] == 102000.0
    assert held.loc["OV", "release"].startswith(
        "collect 102 k to bring receivables of 171 k within the limit of 69 k, or approve a higher limit"
    )
    assert labels.value("release", held.loc["OV", "release"], "zh").startswith(
        "收回10.2万元，使应收账款17.1万元回到额度6.9万元以内，或批准更高的额度"
    )
    # COL: 170,000 above 110 % of 150,000 (165,000): 20,000
    assert held.loc["COL", "over_limit_amount"] == 20000.0
    b = credit.breaches(lim)
    row = b.loc["OV"]
    assert (row["breach"], row["approved_limit"], row["approved_by"], row["amount"], row["uncovered"]) == (
        "over_limit",
        69000.0,
        "regional manager",
        102000.0,
        102000.0,
    )
    assert row["over_share"] == 1.4783  # 102,000 / 69,000
    assert row["description"] == "exposure 171 k is 102 k (148 %) over the approved limit 69 k"
    assert (b.loc["COL", "amount"], b.loc["COL", "uncovered"]) == (20000.0, 0.0)
    assert (b.loc["GAP", "amount"], b.loc["GAP", "uncovered"]) == (30000.0, 30000.0)
    # COL's approval of 120,000 beyond the account manager's authority is no longer in force: no breach
    assert "COL" not in credit.authority_breaches(data, AS_OF, POL).index
    # the register lists OV only if its limit changes: the override in force is no new credit to approve
    reg = credit_forms_register(lim, credit.score(data, AS_OF, POL), data.customers, "2026-10", POL)
    assert "OV" not in reg.index or reg.loc["OV", "approved_limit"] == 69000.0


def test_the_index_reads_the_limit_in_force(data, lim):
    found = summary.decisions(data, pd.Timestamp(AS_OF), POL, lim=lim, shown=None)
    over = [d for d in found if d.kind == "over_limit" and d.customer_id == "OV"]
    assert [d.text for d in over] == [
        "Name OV (OV) is CNY 102 k over its limit without collateral: collect or secure before the next order"
    ]
    assert over[0].text_zh == "Name OV (OV)超出额度10.2万元且无担保：下一笔订单前先收款或提供担保"


# --------------------------------------------------------------------------- the statement first
def test_a_customer_missing_only_its_statement_gets_it_asked_for_first(lim):
    st = lim.loc["ST"]
    # terms need 100,000 x (30 + 10) / 30 = 133,333; BB x 1.0; the starter limit caps it at 50,000. Only the
    # statement is missing: meanwhile the limit in force 3,230,000 capped at the exposure 100,000 (the October
    # invoice); the payment terms stay at 30 days; without the statement by 2026-11-05, 50,000
    assert (st["recommended_limit"], st["action"], st["limit_rule"]) == (100000.0, "statement_first", "statement_first")
    assert st["statement_due"] == pd.Timestamp("2026-11-05") and st["statement_fallback"] == 50000.0
    assert (st["proposed_terms_days"], st["collect_first"], st["approval_level"]) == (
        30,
        0.0,
        "regional_company_manager",
    )
    assert st["limit_reason"].startswith(
        "limit in force 3.23 M above the recommended 100 k; no usable financial statement: the credit department obtains it by 2026-11-05, before the limit is "
        "approved; meanwhile the limit in force 3.23 M capped at the exposure 100 k; if it is not received by then, "
        "the limit without a statement 50 k (unsecured at most the starter limit 50 k of grade BB); terms need 133 k"
    )
    assert labels.value("limit_reason", st["limit_reason"], "zh").startswith(
        "现有额度323万元高于建议额度10.0万元；无可用财务报表：由信用部在2026-11-05前取得，然后再审批额度；在此期间现有额度323万元以风险敞口10.0万元为上限；"
        "届时仍未取得，则审批无报表时的额度5.0万元（无担保部分最多为BB级起始额度5.0万元）"
    )
    # STO owes 100,000 overdue (50 % of its receivables): the overdue is a second reason, the cut applies at once
    sto = lim.loc["STO"]
    assert not sto["statement_first"] and sto["recommended_limit"] == 50000.0 and sto["action"] == "collect"


def test_the_statement_first_on_the_index_the_register_and_the_data_overview(data, lim):
    found = summary.decisions(data, pd.Timestamp(AS_OF), POL, lim=lim, shown=None)
    first = [d for d in found if d.kind == "statement_first"]
    assert len(first) == 1 and (first[0].due, first[0].owner) == ("2026-11-05", ("credit department", "信用部"))
    assert first[0].text == (
        "1 limit would be cut only because the financial statement is missing (Name ST (ST)): the credit department "
        "obtains the statement by 2026-11-05, before the cut is approved; meanwhile the limit in force is capped at "
        "the exposure (CNY 3.23 M to CNY 100 k); if the statement is not received, the limit without it (unsecured "
        "at most the starter limit) is approved"
    )
    assert first[0].text_zh == (
        "1家客户仅因缺少财务报表将被降额（Name ST (ST)）：由信用部在2026-11-05前取得财务报表，然后再审批降额；"
        "在此期间现有额度以风险敞口为上限（由323.0万元降至10.0万元）；未取得报表的，按无报表时的额度（无担保部分不超过"
        "起始额度）审批"
    )
    # the cut itself waits for its approver a few days later (report.decisions.limit_cut: 7 days)
    cuts = [d for d in found if d.kind == "limit_cut"]
    assert cuts and cuts[0].due == "2026-11-07"
    reg = credit_forms_register(lim, credit.score(data, AS_OF, POL), data.customers, "2026-10", POL)
    assert (reg.loc["ST", "approved_limit"], reg.loc["ST", "recommended_limit"], reg.loc["ST", "action"]) == (
        3230000.0,
        100000.0,
        "statement_first",
    )
    assert labels.value("action", "statement_first", "zh") == "先取得财务报表"
    # the data overview gives the same date for the statement
    lacking = pd.DataFrame(
        {"data": "financials", "customer_id": ["ST", "STO"], "name": ["Name ST", "Name STO"], "tier": "",
         "revenue_12m": 0.0, "exposure": 0.0, "owner": "the credit department", "owner_zh": "信用部门"}
    )  # fmt: skip
    f = gap_followups(lacking, lim, POL, AS_OF).loc["financials"]
    assert (
        " Of these, 1 has a limit that would be cut only for the missing statement (Name ST (ST)): the credit "
        "department obtains it by 2026-11-05, before the cut is approved (by 2026-11-07); meanwhile the limit in "
        "force is capped at the exposure, and the limit without a statement is approved if it does not come." in f["en"]
    )
    # STO's cut to the starter limit rests on the missing statement too (beside its overdue): the same day
    assert f["en"].endswith(
        " 1 more has a cut resting on the missing statement beside other reasons (Name STO (STO)): the credit "
        "department obtains it by 2026-11-05 too, before the cut is approved, and the limit is sized on the statement."
    )
    assert "由信用部在2026-11-05前取得，早于降额审批期限（2026-11-07前）" in f["zh"]


def test_the_statement_is_not_waited_for_when_the_policy_says_so(data):
    at_once = load_policy({"credit": {"limit": {"statement_first": False}}})
    st = credit.limits(data, AS_OF, at_once).loc["ST"]
    # the starter limit 50,000 at once, below the exposure 100,000: collect first
    assert (st["recommended_limit"], st["action"], bool(st["statement_first"])) == (50000.0, "collect", False)


# --------------------------------------------------------------------------- the override's collateral at import
def test_the_collateral_of_an_override_is_checked_at_import_like_every_column(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(VALID, src)
    (src / "credit_overrides.csv").write_text(
        "customer_id,decided_on,grade,limit,reason,approved_by,collateral\n"
        "C001,2026-06-01,,600000,collateral received,regional manager,-5\n"
        "C002,2026-06-01,,160000,parent company guarantee received,regional manager,80000\n",
        encoding="utf-8",
    )
    tables, problems = read_source(src)
    errors = [p for p in problems if p.severity == "error"]
    assert [(p.table, p.column, p.row, p.value) for p in errors] == [("credit_overrides", "collateral", 2, "-5")]
    assert tables["credit_overrides"]["collateral"].tolist()[1] == 80000.0
    # a file of an earlier release, without the column, still reads: no collateral recorded
    (src / "credit_overrides.csv").write_text(
        "customer_id,decided_on,grade,limit,reason,approved_by\nC002,2026-06-01,,160000,project,regional manager\n",
        encoding="utf-8",
    )
    tables, problems = read_source(src)
    assert [p for p in problems if p.severity == "error"] == []
    assert tables["credit_overrides"]["collateral"].isna().all()


def test_the_statement_comes_before_the_approval_in_the_policy():
    with pytest.raises(PolicyError) as e:
        load_policy({"report": {"decisions": {"statement_first": {"owner": "credit_department", "side": "finance",
                                                                  "days": 7}}}})  # fmt: skip
    assert str(e.value).endswith(
        "policy key 'report.decisions.statement_first.days' = 7 must be fewer than limit_cut.days (7): the financial "
        "statement is obtained before the limit is approved"
    )


def test_the_account_plan_asks_for_the_statement_first(data):
    book = book_tables(data, AS_OF, POL)
    a = account_profile(data, "ST", AS_OF, POL, book=book)
    texts = {}
    for language in ("en", "zh"):
        labels.use(language, POL)
        soup = BeautifulSoup(page(a, "2026-10", POL), "html.parser")
        for tag in soup(["script", "style", "img"]):
            tag.decompose()
        texts[language] = " ".join(html.unescape(soup.get_text(" ")).split())
    labels.use("en")
    assert (
        "Obtain the financial statement Obtain the customer's financial statement before the limit is approved; if "
        "it is not received, the limit without a statement, CNY 50,000, is filed instead of the limit in force "
        "capped at the exposure. CNY 3,083,000 2026-11-05"  # at stake: the cut 3,230,000 -> 147,000 it waits on
    ) in texts["en"]
    # with the statement, a cut to what the objective needs (146,666.67, rounded up), not the whole limit in force
    assert (
        "The plan's route: first the financial statement, which the credit department obtains by 2026-11-05; with "
        "it, cut the limit to CNY 147,000, what the objective needs, rather than to the recommended CNY 100,000"
    ) in texts["en"]
    assert (
        "取得财务报表 在额度审批之前取得客户的财务报表；未取得的，改按无报表时的额度 50,000 元报批，而不是以风险敞口为上限的"
        "现有额度。 3,083,000 元 2026-11-05"
    ) in texts["zh"]
    assert (
        "本计划的做法：先取得财务报表（信用部在 2026-11-05 前取得），凭报表把额度降到 147,000 元（目标所需），而不是建议的 100,000 元"
        in texts["zh"]
    )
