"""Write-offs and who answers for them, the recovery equation at a customer's own margin, collection
targets and incentives, and DSO / best-possible DSO / ADD per account manager and region: every
expected number computed by hand in the comments."""

from __future__ import annotations

import pandas as pd
import pytest

import kamtools as kt
from kamtools import credit, receivables
from kamtools.schema import conform


def _frame(table: str, rows: list[dict]) -> pd.DataFrame:
    return conform(pd.DataFrame(rows), table)


def _customers(*rows: tuple[str, str, str]) -> pd.DataFrame:
    return _frame(
        "customers",
        [
            {"customer_id": cid, "name": f"Customer {cid}", "industry": "Machinery", "region": region,
             "account_manager": manager}
            for cid, manager, region in rows
        ],
    )  # fmt: skip


def _invoice(iid, cid, day, due, amount, cost):
    return {"invoice_id": iid, "customer_id": cid, "invoice_date": day, "due_date": due, "amount": amount, "cost": cost}


# --------------------------------------------------------------------------- write-offs
@pytest.fixture
def write_off_book() -> kt.KamData:
    """C1 (Li): limit 100,000 approved by Wang; 60,000 written off, within the limit.
    C2 (Li, handled by Chen): limit 50,000 approved by Zhao; 80,000 written off, 30,000 above the limit.
    Margins of the 12 months before 2026-06-30: C1 10,000 at cost 9,200 (8 %), C3 10,000 at cost 7,000 (30 %);
    C2 bought only in 2024, so it takes the book's margin: (800 + 3,000) / 20,000 = 19 %."""
    return kt.KamData(
        {
            "customers": _customers(("C1", "Li", "East"), ("C2", "Li", "East"), ("C3", "Wang", "West")),
            "invoices": _frame(
                "invoices",
                [
                    _invoice("I1", "C1", "2026-03-01", "2026-03-31", 10_000.0, 9_200.0),
                    _invoice("I2", "C2", "2024-03-01", "2024-03-31", 5_000.0, 2_000.0),
                    _invoice("I3", "C3", "2026-03-01", "2026-03-31", 10_000.0, 7_000.0),
                ],
            ),
            "payments": _frame("payments", [
                {"payment_id": "P1", "customer_id": "C3", "payment_date": "2026-03-20", "amount": 10_000.0}]),
            "credit_limits": _frame(
                "credit_limits",
                [
                    {"customer_id": "C1", "credit_limit": 100_000.0, "approved_by": "Wang", "approved_on": "2026-01-10"},
                    {"customer_id": "C2", "credit_limit": 50_000.0, "approved_by": "Zhao", "approved_on": "2025-05-01"},
                ],
            ),
            "write_offs": _frame(
                "write_offs",
                [
                    {"customer_id": "C1", "written_off_on": "2026-06-30", "amount": 60_000.0,
                     "approved_by": "credit committee", "handled_by": None, "reason": "bankrupt"},
                    {"customer_id": "C2", "written_off_on": "2026-06-30", "amount": 80_000.0,
                     "approved_by": "credit committee", "handled_by": "Chen", "reason": "gone"},
                ],
            ),
        }
    )  # fmt: skip


def test_a_write_off_within_the_limit_is_split_by_the_policys_shares(write_off_book):
    reg = credit.write_off_register(write_off_book, "2026-10-31")
    c1 = reg.loc["C1"]
    # 60,000 within the 100,000 limit: the handler (the account manager Li: no handled_by) 30 %, the approver 70 %
    assert (c1["handled_by"], c1["limit_approved_by"], c1["approved_limit"]) == ("Li", "Wang", 100_000.0)
    assert (c1["within_limit"], c1["above_limit"]) == (60_000.0, 0.0)
    assert (c1["handler_amount"], c1["approver_amount"]) == (18_000.0, 42_000.0)


def test_exposure_above_the_limit_is_the_handlers_alone(write_off_book):
    c2 = credit.write_off_register(write_off_book, "2026-10-31").loc["C2"]
    # 80,000 against a 50,000 limit: 30,000 above it, Chen's alone; of the 50,000 within, 30 % / 70 %
    assert (c2["handled_by"], c2["limit_approved_by"]) == ("Chen", "Zhao")
    assert (c2["within_limit"], c2["above_limit"]) == (50_000.0, 30_000.0)
    assert (c2["handler_amount"], c2["approver_amount"]) == (30_000.0 + 15_000.0, 35_000.0)


def test_what_each_person_bears_per_year(write_off_book):
    per = credit.accountability_by_person(credit.write_off_register(write_off_book, "2026-10-31"))
    got = per.loc["2026"]["borne"].to_dict()
    assert got == {"Chen": 45_000.0, "Wang": 42_000.0, "Zhao": 35_000.0, "Li": 18_000.0}
    assert list(per.loc["2026"].index) == ["Chen", "Wang", "Zhao", "Li"]  # most borne first
    assert (
        per.loc[("2026", "Wang"), "write_offs_approved"] == 1 and per.loc[("2026", "Wang"), "write_offs_handled"] == 0
    )


def test_the_register_stops_at_the_date(write_off_book):
    assert credit.write_off_register(write_off_book, "2026-06-29").empty
    assert credit.accountability_by_person(credit.write_off_register(write_off_book, "2026-06-29")).empty


def test_the_recovery_equation_at_the_customers_own_margin(write_off_book):
    reg = credit.write_off_register(write_off_book, "2026-10-31")
    # C1's own margin: (10,000 - 9,200) / 10,000 = 8 %: 60,000 / 0.08 = 750,000 of sales
    assert reg.loc["C1", "margin_basis"] == "own" and reg.loc["C1", "margin_rate"] == pytest.approx(0.08)
    assert reg.loc["C1", "sales_to_recover"] == 750_000.0
    # C2 bought nothing in the 12 months: the book's 19 %, 80,000 / 0.19 = 421,052.63
    assert reg.loc["C2", "margin_basis"] == "book" and reg.loc["C2", "margin_rate"] == pytest.approx(0.19)
    assert reg.loc["C2", "sales_to_recover"] == 421_052.63


def test_the_margin_is_the_customers_not_a_constant(write_off_book):
    m = receivables.customer_margin(write_off_book, "2026-06-30")
    assert m["margin_rate"].round(6).to_dict() == {"C1": 0.08, "C2": 0.19, "C3": 0.3}
    assert m["margin_basis"].to_dict() == {"C1": "own", "C2": "book", "C3": "own"}
    assert receivables.sales_to_recover(1_000.0, 0.0) != receivables.sales_to_recover(1_000.0, 0.0)  # NaN: no margin


def test_write_offs_are_refused_negative():
    wo = pd.DataFrame({"customer_id": ["C1"], "amount": [-5.0], "handler": ["Li"]})
    with pytest.raises(ValueError, match="positive"):
        credit.accountability(wo, pd.DataFrame({"approved_limit": [1.0]}, index=pd.Index(["C1"], name="customer_id")))


# --------------------------------------------------------------------------- DSO, best-possible DSO, ADD
@pytest.fixture
def dso_book() -> kt.KamData:
    """Li's C1: 300 overdue (due 09-14), 600 not yet due (due 11-09). Wang's C2: 1,000 due 10-01, 400 paid on 10-15:
    600 overdue. Both East. Credit sales of the 90 days to 10-31: C1 900, C2 1,000."""
    return kt.KamData(
        {
            "customers": _customers(("C1", "Li", "East"), ("C2", "Wang", "East")),
            "invoices": _frame(
                "invoices",
                [
                    _invoice("I1", "C1", "2026-08-15", "2026-09-14", 300.0, 0.0),
                    _invoice("I2", "C1", "2026-10-10", "2026-11-09", 600.0, 0.0),
                    _invoice("I3", "C2", "2026-09-01", "2026-10-01", 1_000.0, 0.0),
                ],
            ),
            "payments": _frame("payments", [
                {"payment_id": "P1", "customer_id": "C2", "payment_date": "2026-10-15", "amount": 400.0,
                 "invoice_id": "I3"}]),
        }
    )  # fmt: skip


def test_add_and_best_possible_dso_per_account_manager(dso_book):
    k = receivables.collection_kpis(dso_book, "2026-10-31", by="account_manager")
    # Li: DSO 900 / 900 x 90 = 90; best possible 600 / 900 x 90 = 60; ADD 30
    assert k.loc["Li", ["dso", "best_possible_dso", "add"]].tolist() == pytest.approx([90.0, 60.0, 30.0])
    # Wang: DSO 600 / 1,000 x 90 = 54; nothing current: best possible 0; ADD 54
    assert k.loc["Wang", ["dso", "best_possible_dso", "add"]].tolist() == pytest.approx([54.0, 0.0, 54.0])
    # CEI of October: Li (300 + 600 - 900) / (300 + 600 - 600) = 0; Wang (1,000 - 600) / (1,000 - 0) = 40
    assert k.loc["Li", "cei"] == pytest.approx(0.0) and k.loc["Wang", "cei"] == pytest.approx(40.0)


def test_add_per_region(dso_book):
    k = receivables.collection_kpis(dso_book, "2026-10-31", by="region")
    # East: 1,500 owed, 600 current, 1,900 of credit sales
    assert k.loc["East", ["dso", "best_possible_dso", "add"]].tolist() == pytest.approx(
        [1_500 / 1_900 * 90, 600 / 1_900 * 90, 900 / 1_900 * 90]
    )


# --------------------------------------------------------------------------- targets and incentives
@pytest.fixture
def target_book() -> kt.KamData:
    """Li (C1): target 1,000 for October in the table; 900 collected on 10-20; 2,000 due 06-30 still open (123 days).
    Wang (C2): no row; the policy's monthly 2,000; 1,500 collected. Zhao (C3): neither; 1,000 fell due in October
    (invoiced 09-20, due 10-20), nothing paid: the target is 90 % of it."""
    return kt.KamData(
        {
            "customers": _customers(("C1", "Li", "East"), ("C2", "Wang", "West"), ("C3", "Zhao", "West")),
            "invoices": _frame(
                "invoices",
                [
                    _invoice("I1", "C1", "2026-05-31", "2026-06-30", 2_000.0, 1_600.0),
                    _invoice("I2", "C1", "2026-09-15", "2026-10-15", 900.0, 720.0),
                    _invoice("I3", "C2", "2026-09-01", "2026-10-01", 1_500.0, 1_200.0),
                    _invoice("I4", "C3", "2026-09-20", "2026-10-20", 1_000.0, 800.0),
                ],
            ),
            "payments": _frame(
                "payments",
                [
                    {"payment_id": "P1", "customer_id": "C1", "payment_date": "2026-10-20", "amount": 900.0,
                     "invoice_id": "I2"},
                    {"payment_id": "P2", "customer_id": "C2", "payment_date": "2026-10-05", "amount": 1_500.0,
                     "invoice_id": "I3"},
                ],
            ),
            "collection_targets": _frame(
                "collection_targets",
                [
                    {"account_manager": "Li", "period_start": "2026-10-01", "period_end": "2026-10-31", "target": 1_000.0},
                    {"account_manager": "Li", "period_start": "2026-09-01", "period_end": "2026-09-30", "target": 9_999.0},
                ],
            ),
        }
    )  # fmt: skip


POLICY = {"receivables": {"targets": {"monthly": {"Wang": 2_000}}}}


def test_target_achievement_and_incentive(target_book):
    t = receivables.collection_targets(target_book, "2026-10-31", POLICY)
    li, wang, zhao = t.loc["Li"], t.loc["Wang"], t.loc["Zhao"]
    # Li: 900 / 1,000 = 90 % >= 80 %: bonus 0.5 % x 900 = 4.50; 2,000 past 90 days: deduction 1 % = 20.00; net -15.50
    assert (li["target_source"], li["target"], li["collected"]) == ("table", 1_000.0, 900.0)
    assert li["achievement"] == pytest.approx(0.9)
    assert (li["bonus"], li["past_due_receivables"], li["deduction"], li["net_incentive"]) == (
        4.5,
        2_000.0,
        20.0,
        -15.5,
    )
    # Wang: 1,500 / 2,000 = 75 % < 80 %: no bonus, nothing old: no deduction
    assert (wang["target_source"], wang["target"], wang["collected"]) == ("policy", 2_000.0, 1_500.0)
    assert wang["achievement"] == pytest.approx(0.75) and (wang["bonus"], wang["net_incentive"]) == (0.0, 0.0)
    # Zhao: 90 % of the 1,000 that fell due; nothing collected
    assert (zhao["target_source"], zhao["target"], zhao["collected"], zhao["achievement"]) == ("share", 900.0, 0.0, 0.0)


def test_one_verdict_per_manager_reads_the_targets_table_not_the_amount_due(target_book):
    t = receivables.collection_targets(target_book, "2026-10-31", POLICY)
    perf = receivables.collection_performance(target_book, "2026-10-31", POLICY)
    # the two bases differ for Li: 90 % of the 2,900 that fell due (2,000 overdue + 900 due 10-15) is 2,610, the
    # table says 1,000: 900 collected is 34 % of the one and 90 % of the other
    assert perf.loc["Li", "target"] == 2_610.0 and perf.loc["Li", "achievement"] == pytest.approx(900 / 2_610)
    assert t.loc["Li", "target"] == 1_000.0 and t.loc["Li", "achievement"] == pytest.approx(0.9)
    # one verdict each, from the table's target: Li below it but at the bonus minimum, Wang (75 %) and Zhao (0 %) under
    assert t["standing"].to_dict() == {"Li": "bonus_only", "Wang": "short", "Zhao": "short"}
    # the amount due stays beside the target as a measure: what fell due and the share of it collected
    assert t.loc["Li", "collectible"] == 2_900.0 and t.loc["Li", "collection_rate"] == pytest.approx(900 / 2_900)
    assert t.loc["Zhao", "collectible"] == 1_000.0 and t.loc["Zhao", "target"] == 900.0  # the fallback: no target
    # the bonus list is the list of those at the minimum of the same target
    paid = set(t.index[t["bonus"] > 0])
    assert paid == set(t.index[t["standing"].isin(["reached", "bonus_only"])]) == {"Li"}
    # Wang's monthly target of 1,500 is reached by the 1,500 collected
    reached = receivables.collection_targets(
        target_book, "2026-10-31", {"receivables": {"targets": {"monthly": {"Wang": 1_500}}}}
    )
    assert reached.loc["Wang", "standing"] == "reached" and reached.loc["Wang", "bonus"] == 7.5


def test_the_deduction_leaves_out_what_is_disputed_as_the_overdue_does(target_book):
    # 500 of Li's 2,000 (123 days past due) is under an open dispute: not overdue in the aging, not penalised
    tables = {name: target_book.table(name) for name in target_book.tables}
    tables["disputes"] = _frame(
        "disputes",
        [{"invoice_id": "I1", "amount": 500.0, "reason": "price", "opened_on": "2026-07-10", "closed_on": None,
          "owner": "collections"}],
    )  # fmt: skip
    book = kt.KamData(tables)
    assert receivables.aging(book, "2026-10-31").loc["C1", "overdue"] == 1_500.0
    li = receivables.collection_targets(book, "2026-10-31", POLICY).loc["Li"]
    assert (li["past_due_receivables"], li["deduction"], li["net_incentive"]) == (1_500.0, 15.0, -10.5)


def test_the_worklist_says_what_earns_an_old_debt_back(target_book):
    w = receivables.worklist(target_book, "2026-10-31")
    # C1 is 123 days past due (over the policy's 90): its 2,000 at its margin (580 / 2,900 = 20 %) needs 10,000
    assert w.loc["C1", "recovery_margin"] == pytest.approx(0.2) and w.loc["C1", "sales_to_recover"] == 10_000.0
    # C3 is 11 days past due: no recovery column
    assert pd.isna(w.loc["C3", "sales_to_recover"])


# --------------------------------------------------------------------------- the account plan
def test_the_account_plan_shows_the_customers_write_offs_and_the_recovery_equation():
    from kamtools.account_plan import account_profile
    from kamtools.output import labels
    from kamtools.report import plans

    data = kt.sample_data(customers=40, years=2, seed=5, end="2026-10-31")
    (cid,) = data.write_offs["customer_id"]  # the book's one write-off
    a = account_profile(data, cid, "2026-10-31")
    reg = credit.write_off_register(data, "2026-10-31")
    assert len(a.write_offs) == 1 and a.write_offs.iloc[0]["amount"] == reg.loc[cid, "amount"]
    rate = receivables.customer_margin(data, "2026-10-31").loc[cid, "margin_rate"]
    assert a.recovery["sales_to_recover"] == pytest.approx(round(a.recovery["loss"] / rate, 2), abs=0.011)
    labels.use("en")
    html = plans.render(a, "2026-10")
    assert "Write-offs and what a bad debt costs" in html
    assert f"{reg.loc[cid, 'amount']:,.0f}" in html and f"{reg.loc[cid, 'sales_to_recover']:,.0f}" in html
    assert "to earn this loss back we need" in html or "Nothing is owed" in html


def test_a_customer_written_off_as_gone_that_still_owes_or_buys_is_listed(write_off_book):
    # C1 was written off as bankrupt on 2026-06-30, yet its invoice I1 of 10,000 is still open and it was invoiced
    # 4,000 on 2026-08-01 and 1,500 on 2026-11-02 (after the report's date: not counted); C2's reason ("gone") is
    # free text, not a closed customer's code; C3 was never written off
    extra = _frame(
        "invoices",
        [_invoice("I4", "C1", "2026-08-01", "2026-08-31", 4_000.0, 3_000.0),
         _invoice("I5", "C1", "2026-11-02", "2026-12-02", 1_500.0, 1_000.0)],
    )  # fmt: skip
    tables = {name: write_off_book.table(name) for name in write_off_book.tables}
    book = kt.KamData({**tables, "invoices": pd.concat([tables["invoices"], extra])})
    gone = credit.closed_but_trading(book, "2026-10-31")
    assert list(gone.index) == ["C1"] and list(gone.columns) == list(credit.CLOSED_COLUMNS)
    assert (gone.at["C1", "open_receivables"], gone.at["C1", "invoiced_after_write_off"]) == (14_000.0, 4_000.0)
    assert gone.at["C1", "why_written_off"] == "bankrupt"
    # paid up and nothing sold after: not listed
    paid = kt.KamData({**tables, "payments": _frame("payments", [
        {"payment_id": "P9", "customer_id": "C1", "payment_date": "2026-05-01", "amount": 10_000.0}])})  # fmt: skip
    assert credit.closed_but_trading(paid, "2026-10-31").empty


def test_the_index_asks_the_finance_manager_to_check_a_write_off_whose_customer_still_owes(write_off_book):
    # the same C1 as above (written off as bankrupt, 14,000 open, 4,000 invoiced after): the index's line says what
    # it owes, what was invoiced after, and the provision the receivables page adds if the write-off stands; a book
    # whose closed customers are paid up gets no line
    from kamtools.report.book_decisions import write_off_check
    from kamtools.report.summary import Maker

    extra = _frame("invoices", [_invoice("I4", "C1", "2026-08-01", "2026-08-31", 4_000.0, 3_000.0)])
    tables = {name: write_off_book.table(name) for name in write_off_book.tables}
    book = kt.KamData({**tables, "invoices": pd.concat([tables["invoices"], extra])})
    pol = kt.policy.load_policy()
    make = Maker(pd.Timestamp("2026-10-31"), pol)
    [line] = write_off_check(book, make)
    provision = kt.receivables.provisions(book, pol, as_of="2026-10-31")["provision"]
    more = 14_000.0 - float(provision.get("C1", 0.0))
    assert 0 < more < 14_000.0 and line.amount == pytest.approx(more)
    assert (line.kind, line.page, line.owner, line.due) == ("write_off_check", "04_receivables", ("finance manager",
                                                            "财务经理"), "2026-11-14")  # fmt: skip
    assert f"provide about {make.money(more, 'en')} more" in line.text and "(C1)" in line.text
    assert f"still owe {make.money(14_000.0, 'en')}" in line.text.replace("owes", "owe")
    assert f"invoiced {make.money(4_000.0, 'en')} after the write-off" in line.text
    assert f"再补提坏账准备约{make.money(more, 'zh')}" in line.text_zh and "核销后仍开票" in line.text_zh
    paid = kt.KamData({**tables, "payments": _frame("payments", [
        {"payment_id": "P9", "customer_id": "C1", "payment_date": "2026-05-01", "amount": 10_000.0}])})  # fmt: skip
    assert write_off_check(paid, make) == []


def test_the_index_books_the_months_provision_change_as_page_04_states_it():
    # the month's change of the provision (receivables.provision_change: now less the month before's) is the finance
    # manager's to book by the policy's day; the index's line and page 04's sentence read the same function
    from kamtools.report.book_decisions import provision_booking
    from kamtools.report.summary import Maker

    book = kt.sample_data(customers=60, years=2, seed=3)
    pol = kt.policy.load_policy()
    make = Maker(pd.Timestamp("2026-10-31"), pol)
    now, change, before = kt.receivables.provision_change(book, "2026-10-31", pol)
    month_before = float(kt.receivables.provisions(book, pol, as_of="2026-09-30")["provision"].sum())
    assert str(before.date()) == "2026-09-30" and change == pytest.approx(now - month_before)
    each = kt.receivables.provisions(book, pol, as_of="2026-10-31")  # the frame a page has at hand: the same answer
    assert kt.receivables.provision_change(book, "2026-10-31", pol, each) == (now, change, before)
    assert abs(change) >= 0.5, "the sample's provision moves in the month"
    [line] = provision_booking(book, make)
    assert (line.kind, line.page, line.owner, line.due) == (
        "provision_booking",
        "04_receivables",
        ("finance manager", "财务经理"),
        "2026-11-05",
    )
    assert line.amount == pytest.approx(abs(change))
    assert f"坏账准备{make.money(abs(change), 'zh')}（合计{make.money(now, 'zh')}" in line.text_zh
    # said as the background of the write-off check's line where there is one (one line on the provision)
    from kamtools.report.book_decisions import with_provision
    from kamtools.report.decision import Decision

    check = Decision("check", 5.0, "04_receivables", "s", text_zh="核实", kind="write_off_check")
    (merged,) = with_provision([check], [line])
    assert merged.kind == "write_off_check" and merged.detail_zh == f"{line.text_zh}，2026-11-05前完成。"
    assert with_provision([], [line]) == [line]
